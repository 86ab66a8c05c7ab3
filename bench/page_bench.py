"""Pages on a phone: bytes transferred and Lighthouse scores of the built sample site.

    make bench            (all benchmarks)
    .venv/bin/python bench/page_bench.py

The sample site is built for, and served at, a local address as GitHub Pages would serve it (gzip,
ten-minute caching: bench/static_server.py), so that its absolute links stay on the same host.

- Weight: bytes over the network (gzip) for a first visit to an entry page, then for a later visit
  to another entry page in the same browser (styles and scripts cached). Goals: under 150 kB and
  under 50 kB.
- Lighthouse (npm ``lighthouse``, pinned in bench/js, run with Debian's chromium) in its default
  mobile mode on an entry, an area and a search page. Goals: 100 for accessibility, best practices
  and SEO, at least 95 for performance.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.static_server import serve  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
LIGHTHOUSE = ROOT / "bench" / "js" / "node_modules" / ".bin" / "lighthouse"
ENTRY, OTHER_ENTRY = "service/mie-hikikomori-center/", "service/nijinokai/"
PAGES = {"entry": ENTRY, "area": "area/242021/", "search": "search/?q=よっかいち"}
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]


def weights(base: str) -> tuple[int, int]:
    """Bytes transferred: first visit to an entry page, then a later visit to another one."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page(viewport={"width": 360, "height": 640})
        network = page.context.new_cdp_session(page)
        network.send("Network.enable")
        total = [0]
        network.on("Network.loadingFinished", lambda event: total.__setitem__(0, total[0] + event["encodedDataLength"]))
        page.goto(base + ENTRY, wait_until="networkidle")
        first = total[0]
        page.goto(base + OTHER_ENTRY, wait_until="networkidle")
        later = total[0] - first
        browser.close()
    return first, later


def lighthouse(url: str) -> dict[str, int]:
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        subprocess.run([str(LIGHTHOUSE), url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--only-categories={','.join(CATEGORIES)}", f"--chrome-flags={' '.join(FLAGS)}"],
                       env={**os.environ, "CHROME_PATH": CHROMIUM}, check=True, timeout=300)
        data = json.loads(report.read_text(encoding="utf-8"))
    failed = [f"{audit['id']}" for audit in data["audits"].values()
              if audit.get("score") is not None and audit["score"] < 1 and audit.get("scoreDisplayMode") == "binary"]
    if failed:
        print(f"  {url}: audits below full marks: {', '.join(sorted(failed))}", file=sys.stderr)
    return {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}


def build(site: Path, url: str) -> None:
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)], cwd=ROOT,
                   env={**os.environ, "SITE_URL": url, "NO_MKDOCS_2_WARNING": "1"}, check=True, capture_output=True)


def main() -> None:
    with tempfile.TemporaryDirectory() as site, serve(Path(site)) as base:
        build(Path(site), base)
        first, later = weights(base)
        scores = {name: lighthouse(base + path) for name, path in PAGES.items()}
    print("\n| entry page, gzip over the network | transferred | goal |")
    print("| --- | ---: | ---: |")
    print(f"| first visit | {first / 1000:.1f} kB | < 150 kB |")
    print(f"| later visit (another entry) | {later / 1000:.1f} kB | < 50 kB |")
    print("\n| Lighthouse, mobile | " + " | ".join(CATEGORIES) + " |")
    print("| --- |" + " ---: |" * len(CATEGORIES))
    for name, score in scores.items():
        print(f"| {name} (`/{PAGES[name]}`) | " + " | ".join(str(score[c]) for c in CATEGORIES) + " |")


if __name__ == "__main__":
    main()
