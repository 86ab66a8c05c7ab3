"""Search at prefecture and national scale: bytes (gzip) fetched before the first result and before all
results, and time from keystroke to results with Chromium's CPU throttled 4×.

    make site && .venv/bin/python bench/search_bench.py

- first visit: the search page opened from a shared link, nothing cached: page, theme, the site's
  scripts and the first index file (areas, kinds, pages) until the first result shows;
- from another page: a resident on any page of the site (theme cached) searches: what the search
  adds until the first result shows, then until every entry is in (entries.json);
- keystroke → results: median over typed queries once everything is loaded, layout included; and the
  query slowest to answer.

The national row swaps the built site's search index for one built from bench/synthetic.py's catalogue
(10,000 entries, 1,700 areas, with the default search words); the page, CSS and script are the same.

Then recall@5 of the three query sets of tests/ (search_queries.yml: names in kana, romaji, kanji;
search_needs.yml: plain language, slips, time words; search_real_writing.yml: real public writing), for this site's search and, on the same built
site and the same queries, Pagefind and Material's own search (bench/search_engines.py).
``--no-national`` leaves the national row out (it builds a 10,000-entry index: minutes).
"""

from __future__ import annotations

import gzip
from importlib import metadata
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
from bench.recall import SiteSearch, cases, recall  # noqa: E402
from bench.search_engines import Material, Pagefind, add_material_index, add_material_worker_name, add_pagefind  # noqa: E402
from bench.static_server import serve  # noqa: E402
from bench.synthetic import write_catalogue  # noqa: E402
from generator import loader, search  # noqa: E402
from generator.readings import Readings  # noqa: E402

TODAY = date(2026, 11, 23)
SETS = ["search_queries.yml", "search_needs.yml", "search_real_writing.yml"]
# names, readings, a sentence, a need, a slip (the slowest path: one kana off) and a time word
QUERIES = ["よっかいち", "yokkaichi", "ｻｯﾎﾟﾛ", "そうだん", "いばしょ", "四日市", "息子が部屋から出てこない",
           "仕事がしたい", "よっかいし", "今 相談"]
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update"]


def national_index() -> dict[str, str]:
    with tempfile.TemporaryDirectory() as tmp:
        data = write_catalogue(Path(tmp), 10_000, 1_700, seed=1)  # the default search words, as every site
        loaded, _ = loader.load(data, TODAY)
        return search.index(loaded, TODAY, Readings())


@dataclass
class Row:
    first_visit: int  # bytes before the first result, nothing cached
    first: int  # bytes before the first result, coming from another page
    everything: int  # bytes before all results, coming from another page
    keystroke_ms: float  # median over every typed query
    slowest: tuple[str, float]  # the query slowest to answer (its median) and that time


def measure(site: Path) -> Row:
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
        fresh, _, _ = _search(browser, base, after=None)
        first, everything, times = _search(browser, base, after=base)
        browser.close()
    slowest = max(((q, statistics.median(t)) for q, t in times.items()), key=lambda qt: qt[1])
    return Row(_gzip_size(site, base, fresh), _gzip_size(site, base, first), _gzip_size(site, base, everything),
               statistics.median(t for each in times.values() for t in each), slowest)


# What the page had fetched over the network (not from the cache) when something happened.
_FETCHED = """() => [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")]
    .filter(e => e.transferSize > 0).map(e => e.name)"""
# Noted the moment the first result is in the list: requests still under way are not counted.
_AT_FIRST_RESULT = """new MutationObserver((_, watch) => {
    if (document.querySelector("#search-results li")) { window.sgFirst = (%s)(); watch.disconnect(); }
}).observe(document, {childList: true, subtree: true});""" % _FETCHED


def _search(browser, base: str, after: str | None) -> tuple[list[str], list[str], dict[str, list[float]]]:
    """Open the search page with a query (after visiting ``after``, if given): the URLs fetched for it
    before the first result and before all results, and the keystroke times of each query."""
    page = browser.new_page(viewport={"width": 360, "height": 640})
    page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
    if after:
        page.goto(after)
        page.wait_for_load_state("networkidle")  # the theme's files, served with max-age, are now cached
    page.add_init_script(_AT_FIRST_RESULT)
    page.goto(base + "search/?q=" + QUERIES[0])
    page.wait_for_selector("#search-results[aria-busy=false] li")
    first, everything = page.evaluate("window.sgFirst"), page.evaluate(_FETCHED)
    times = {q: [page.evaluate("""q => {
        const input = document.getElementById("sg-q"), t0 = performance.now();
        input.value = q;
        input.dispatchEvent(new Event("input", {bubbles: true}));
        document.getElementById("search-results").offsetHeight;  // include layout
        return performance.now() - t0;
    }""", q) for _ in range(3)] for q in QUERIES}
    page.close()
    return first, everything, times


def _gzip_size(site: Path, base: str, urls: list[str]) -> int:
    size = 0
    for url in sorted(set(urls)):
        path = site / url[len(base):].split("?")[0]
        path = path / "index.html" if path.is_dir() else path
        if path.is_file():
            size += len(gzip.compress(path.read_bytes(), 9))
    return size


def recall_rows(site: Path) -> list[tuple[str, list]]:
    """Recall@5 of the query sets for the three engines, each on a copy of the same built site."""
    sets = [cases(name) for name in SETS]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy)
        add_pagefind(copy)
        add_material_index(copy)
        add_material_worker_name(copy)
        with serve(copy) as base, sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_FLAGS)
            rows = []
            for name, engine in [("this site's search (search-engine.js)", SiteSearch),
                                 (f"Pagefind {metadata.version('pagefind')}", Pagefind),
                                 (f"Material {metadata.version('mkdocs-material')} search (lunr)", Material)]:
                # The site's policy allows no WebAssembly (Pagefind's search needs it): the other engines run
                # as a site that adopted them would allow them to.
                context = browser.new_context(viewport={"width": 360, "height": 740}, bypass_csp=engine is not SiteSearch)
                top5 = engine(context.new_page(), base)
                rows.append((name, [recall(top5, queries) for queries in sets]))
                context.close()
            browser.close()
    return rows


def main() -> None:
    site = ROOT / "site"
    if not (site / search.PATH).exists():
        sys.exit("Build the site first: make site")
    rows = [("prefecture (三重県 sample, 53 entries, 29 areas)", measure(site))]
    if "--no-national" not in sys.argv:
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
    print()
    for name, row in rows:
        print(f"slowest query, {name.split()[0]}: \"{row.slowest[0]}\" {row.slowest[1]:.1f} ms")
    print()
    loaded = [cases(name) for name in SETS]
    # a query may want several pages
    print("| engine (same site, same queries) | " + " | ".join(
        f"{name}: {len(queries)} queries ({sum(len(c['want']) for c in queries)} wanted pages)"
        for name, queries in zip(SETS, loaded)) + " |")
    print("| --- |" + " ---: |" * len(SETS))
    for name, found in recall_rows(site):
        print(f"| {name} | " + " | ".join(f"{r.rate:.1%} ({r.found}/{r.wanted})" for r in found) + " |")


if __name__ == "__main__":
    main()
