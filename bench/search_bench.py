"""Search at prefecture and national scale: bytes (gzip) fetched before the first result and before all
results, and time from keystroke to results with Chromium's CPU throttled 4×.

    make site && .venv/bin/python bench/search_bench.py

- first visit: the search page opened from a shared link, nothing cached: page, theme, search.js and
  the first index file (areas, kinds, pages) until the first result shows;
- from another page: a resident on any page of the site (theme cached) searches: what the search
  adds until the first result shows, then until every entry is in (entries.json);
- keystroke → results: median over typed queries once everything is loaded, layout included.

The national row swaps the built site's search index for one built from bench/synthetic.py's catalogue
(10,000 entries, 1,700 areas); the page, CSS and script are the same.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import sys
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.static_server import serve  # noqa: E402
from bench.synthetic import write_catalogue  # noqa: E402
from generator import loader, search  # noqa: E402
from generator.readings import Readings  # noqa: E402

TODAY = date(2026, 11, 23)
QUERIES = ["よっかいち", "yokkaichi", "ｻｯﾎﾟﾛ", "そうだん", "いばしょ", "四日市"]


def national_index() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        loaded, _ = loader.load(write_catalogue(Path(tmp), 10_000, 1_700, seed=1), TODAY)
        return search.index(loaded, TODAY, Readings())


@dataclass
class Row:
    first_visit: int  # bytes before the first result, nothing cached
    first: int  # bytes before the first result, coming from another page
    everything: int  # bytes before all results, coming from another page
    keystroke_ms: float


def measure(site: Path) -> Row:
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"])
        fresh, _, _ = _search(browser, base, after=None)
        first, everything, keystroke = _search(browser, base, after=base)
        browser.close()
    return Row(_gzip_size(site, base, fresh), _gzip_size(site, base, first), _gzip_size(site, base, everything),
               keystroke)


# What the page had fetched over the network (not from the cache) when something happened.
_FETCHED = """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
    .filter(e => e.transferSize > 0).map(e => e.name)"""
# Noted the moment the first result is in the list: requests still under way are not counted.
_AT_FIRST_RESULT = """new MutationObserver((_, watch) => {
    if (document.querySelector("#search-results li")) { window.sgFirst = (%s)(); watch.disconnect(); }
}).observe(document, {childList: true, subtree: true});""" % _FETCHED


def _search(browser, base: str, after: str | None) -> tuple[list[str], list[str], float]:
    """Open the search page with a query (after visiting ``after``, if given): the URLs fetched for it
    before the first result and before all results, and the median keystroke time."""
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    if after:
        page.goto(after)
        page.wait_for_load_state("networkidle")  # the theme's files, served with max-age, are now cached
    page.add_init_script(_AT_FIRST_RESULT)
    page.goto(base + "search/?q=" + QUERIES[0])
    page.wait_for_selector("#search-results[aria-busy=false] li")
    first, everything = page.evaluate("window.sgFirst"), page.evaluate(_FETCHED)
    times = [page.evaluate("""q => {
        const input = document.getElementById("sg-q"), t0 = performance.now();
        input.value = q;
        input.dispatchEvent(new Event("input", {bubbles: true}));
        document.getElementById("search-results").offsetHeight;  // include layout
        return performance.now() - t0;
    }""", q) for q in QUERIES for _ in range(3)]
    page.close()
    return first, everything, statistics.median(times)


def _gzip_size(site: Path, base: str, urls: list[str]) -> int:
    size = 0
    for url in sorted(set(urls)):
        path = site / url[len(base):].split("?")[0]
        path = path / "index.html" if path.is_dir() else path
        if path.is_file():
            size += len(gzip.compress(path.read_bytes(), 9))
    return size


def main() -> None:
    site = ROOT / "site"
    if not (site / search.PATH).exists():
        sys.exit("Build the site first: make site")
    rows = [("prefecture (三重県 sample, 50 entries, 29 areas)", measure(site))]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy)
        for path, text in national_index().items():
            (copy / path).write_text(text, encoding="utf-8")
        rows.append(("national (10,000 entries, 1,700 areas)", measure(copy)))
    print("| scale | first result, first visit | first result, from another page | all results, from another page "
          "| keystroke → results (CPU 4×) |")
    print("| --- | ---: | ---: | ---: | ---: |")
    for name, row in rows:
        print(f"| {name} | {row.first_visit / 1000:.1f} kB | {row.first / 1000:.1f} kB | "
              f"{row.everything / 1000:.1f} kB | {row.keystroke_ms:.1f} ms |")


if __name__ == "__main__":
    main()
