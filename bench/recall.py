"""Recall@5 of a query set, run in headless Chromium: shared by tests/test_search.py and
bench/search_bench.py, so docs/search.md's numbers and the tests count the same way.

A case is ``{q, want, at?}`` (tests/search_needs.yml) or ``{q, find}`` (tests/search_queries.yml):
every wanted page must be among the first five results; a list inside ``want`` is satisfied by any one
of its pages. ``at`` fixes the clock (Japan time) for questions about opening hours.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import yaml

TESTS = Path(__file__).resolve().parent.parent / "tests"
# Without ``at``: a weekday morning, when windows with office hours are open.
DEFAULT_AT = "2026-11-24T10:00:00+09:00"


def cases(name: str) -> list[dict]:
    """A query set of tests/, each case with its wanted pages as a list of alternatives."""
    loaded = yaml.safe_load((TESTS / name).read_text(encoding="utf-8"))
    return [{"q": c["q"], "at": c.get("at", DEFAULT_AT),
             "want": [w if isinstance(w, list) else [w] for w in c.get("want", [c.get("find")])]} for c in loaded]


@dataclass
class Recall:
    wanted: int = 0
    found: int = 0
    misses: list = field(default_factory=list)

    @property
    def rate(self) -> float:
        return self.found / self.wanted if self.wanted else 0.0


def recall(top5: Callable[[str, str], list[str]], queries: list[dict]) -> Recall:
    """``top5(query, at)`` gives the addresses of the first five results."""
    result = Recall()
    for case in queries:
        got = top5(case["q"], case["at"])
        for alternatives in case["want"]:
            result.wanted += 1
            if any(h.rstrip("/").endswith(w.rstrip("/")) for w in alternatives for h in got):
                result.found += 1
            else:
                result.misses.append((case["q"], alternatives[0], got))
    return result


class SiteSearch:
    """The site's own search page, opened once; each query typed into it with the clock set."""

    def __init__(self, page, base: str) -> None:
        self.page = page
        page.clock.set_fixed_time(datetime.fromisoformat(DEFAULT_AT))
        page.goto(base + "search/")
        page.wait_for_selector("#search-results[aria-busy=false]", state="attached")

    def __call__(self, query: str, at: str) -> list[str]:
        self.page.clock.set_fixed_time(datetime.fromisoformat(at))
        # Back after the next frame is drawn, as the reader sees it: results below the screen are laid
        # out only once drawn (content-visibility), and until then have no text to read.
        return self.page.evaluate("""async q => {
            const input = document.getElementById("sg-q");
            input.value = q;
            input.dispatchEvent(new Event("input", {bubbles: true}));
            await new Promise(drawn => requestAnimationFrame(() => requestAnimationFrame(drawn)));
            return [...document.querySelectorAll("#search-results a.sg-result__name")].slice(0, 5).map(a => a.href);
        }""", query)


def main(argv: list[str]) -> int:
    """``python -m bench.recall [SET.yml …]``: recall@5 of query sets of tests/ on the built site/,
    with the misses (what was wanted, what came first)."""
    from playwright.sync_api import sync_playwright

    from bench.static_server import serve

    names = argv or ["search_queries.yml", "search_needs.yml", "search_real_writing.yml"]
    with serve(TESTS.parent / "site") as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"])
        page = browser.new_page(viewport={"width": 360, "height": 740}, locale="ja-JP")
        search = SiteSearch(page, base)
        for name in names:
            found = recall(search, cases(name))
            print(f"{name}: recall@5 {found.found}/{found.wanted} = {found.rate:.1%}")
            for q, want, got in found.misses:
                print(f"  miss {q!r}: wanted {want}; got {[g.replace(base, '') for g in got]}")
        browser.close()
    return 0


if __name__ == "__main__":
    import sys

    raise SystemExit(main(sys.argv[1:]))
