"""The built site in headless Chromium at a phone's width (360 × 640)."""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]
PAGES = ["", "areas/", "area/242021/", "consultation/", "service/mie-hikikomori-center/",
         "service/nijinokai/", "upcoming/", "for-families/"]


@pytest.fixture(scope="module")
def server(site):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def phone():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2,
                                      is_mobile=True, has_touch=True, locale="ja-JP")
        yield context.new_page()
        browser.close()


@pytest.mark.parametrize("path", PAGES)
def test_nothing_scrolls_sideways_at_360px(server, phone, path):
    phone.goto(server + path)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{path} is {width}px wide"


@pytest.mark.parametrize("path", ["", "area/242021/", "service/mie-hikikomori-center/"])
def test_call_buttons_are_big_enough_to_tap(server, phone, path):
    phone.goto(server + path)
    buttons = phone.locator("a[href^='tel:']")
    assert buttons.count() >= 1
    for i in range(buttons.count()):
        box = buttons.nth(i).bounding_box()
        if box:  # hidden duplicates (none expected) have no box
            assert box["height"] >= 44 and box["width"] >= 44, (path, box)


def test_main_line_stays_on_screen_while_scrolling(server, phone):
    phone.goto(server + "area/242021/")
    phone.mouse.wheel(0, 3000)
    phone.wait_for_timeout(200)
    bar = phone.locator(".sg-callbar__call").bounding_box()
    assert bar and 0 <= bar["y"] and bar["y"] + bar["height"] <= 640


def test_home_search_box_finds_a_city_by_its_reading(server, phone):
    phone.goto(server)
    box = phone.locator("form.sg-search-launch input[name=q]")
    box.fill("よっかいち")
    box.press("Enter")
    phone.wait_for_selector("#search-results li", timeout=10000)
    assert "四日市" in phone.locator("#search-results li").first.inner_text()
    assert "q=" in phone.url
