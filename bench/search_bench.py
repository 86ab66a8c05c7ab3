"""Search at prefecture and national scale: bytes (gzip) fetched before the first result, and time from
keystroke to results with Chromium's CPU throttled 4×.

    make site && .venv/bin/python bench/search_bench.py

The national row swaps the built site's search index for one built from bench/synthetic.py's catalogue
(10,000 entries, 1,700 areas); the page, CSS and script are the same.
"""

from __future__ import annotations

import gzip
import shutil
import statistics
import sys
import tempfile
from datetime import date
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.static_server import serve  # noqa: E402
from bench.synthetic import write_catalogue  # noqa: E402
from generator import catalogue, search  # noqa: E402
from generator.readings import Readings  # noqa: E402

TODAY = date(2026, 11, 23)
QUERIES = ["よっかいち", "yokkaichi", "ｻｯﾎﾟﾛ", "そうだん", "いばしょ", "四日市"]


def national_index() -> str:
    with tempfile.TemporaryDirectory() as tmp:
        loaded, _ = catalogue.load(write_catalogue(Path(tmp), 10_000, 1_700, seed=1), TODAY)
        return search.index(loaded, TODAY, Readings())


def measure(site: Path) -> tuple[int, float]:
    with serve(site) as base:
        return _measure(site, base)


def _measure(site: Path, base: str) -> tuple[int, float]:
    fetched: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update"])
        page = browser.new_page(viewport={"width": 360, "height": 640})
        page.context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": 4})
        page.on("request", lambda r: fetched.append(r.url))
        page.goto(base + "search/?q=" + QUERIES[0])
        page.wait_for_selector("#search-results li")
        before_first = list(fetched)
        times = [page.evaluate("""q => {
            const input = document.getElementById("sg-q"), t0 = performance.now();
            input.value = q;
            input.dispatchEvent(new Event("input", {bubbles: true}));
            document.getElementById("search-results").offsetHeight;  // include layout
            return performance.now() - t0;
        }""", q) for q in QUERIES for _ in range(3)]
        browser.close()
    size = 0
    for url in sorted(set(before_first)):
        path = site / url[len(base):].split("?")[0]
        path = path / "index.html" if path.is_dir() else path
        if path.is_file():
            size += len(gzip.compress(path.read_bytes(), 9))
            print(f"  {url[len(base):]}: {len(gzip.compress(path.read_bytes(), 9)) / 1000:.1f} kB", file=sys.stderr)
    return size, statistics.median(times)


def main() -> None:
    site = ROOT / "site"
    if not (site / search.PATH).exists():
        sys.exit("Build the site first: make site")
    rows = [("prefecture (sample)", *measure(site))]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "site"
        shutil.copytree(site, copy)
        (copy / search.PATH).write_text(national_index(), encoding="utf-8")
        rows.append(("national (10,000 entries, 1,700 areas)", *measure(copy)))
    print("| scale | gzip bytes before first result | keystroke → results, CPU 4× (median ms) |")
    print("| --- | ---: | ---: |")
    for name, size, ms in rows:
        print(f"| {name} | {size / 1000:.1f} kB | {ms:.1f} |")


if __name__ == "__main__":
    main()
