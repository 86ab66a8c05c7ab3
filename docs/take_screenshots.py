"""The README's screenshots: the built site (site/, `make site`) at 360 × 740 in headless Chromium,
with the clock fixed (Saturday 23:00 in Japan, when the main line is closed). `make screenshots`."""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 0, tzinfo=timezone(timedelta(hours=9)))
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]

# (file name, path, colour scheme, switches turned on, full page)
SHOTS = [
    ("home-light", "", "light", [], False),
    ("home-dark", "", "dark", [], False),
    ("home-large", "", "light", ["large"], False),
    ("entry", "service/mie-hikikomori-center/", "light", [], False),
    ("search", "search/?q=%E3%81%99%E3%81%9A%E3%81%8B", "light", [], False),
    ("area-nearest", "area/242098/#ibasho-nearest", "light", [], False),
]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main(only: list[str]) -> None:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                            functools.partial(_Quiet, directory=str(ROOT / "site")))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=os.environ.get("CHROMIUM", "/usr/bin/chromium"), args=FLAGS)
        for name, path, scheme, switches, full in SHOTS:
            if only and name not in only:
                continue
            context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1,
                                          is_mobile=True, has_touch=True, locale="ja-JP", color_scheme=scheme)
            context.add_init_script("".join(f"localStorage.setItem('sg-{s}', 'on');" for s in switches))
            page = context.new_page()
            page.clock.set_fixed_time(SATURDAY_NIGHT)
            page.goto(base + path)
            page.evaluate("window.sgOpening.ready")
            page.wait_for_timeout(500)
            page.screenshot(path=str(OUT / f"{name}.png"), full_page=full)
            context.close()
        page = browser.new_page()
        if not only or "print" in only:
            page.goto(base + "service/nijinokai/")
            page.emulate_media(media="print")
            page.set_viewport_size({"width": 794, "height": 1123})  # A4 at 96 dpi
            page.screenshot(path=str(OUT / "print-entry.png"), full_page=True)
        browser.close()
    httpd.shutdown()


if __name__ == "__main__":
    main(sys.argv[1:])
