"""The built site in headless Chromium at a phone's width (360 × 640)."""

from __future__ import annotations

import unicodedata

import pytest
from pypdf import PdfReader

PAGES = ["", "areas/", "area/242021/", "consultation/", "service/mie-hikikomori-center/",
         "service/nijinokai/", "upcoming/", "for-families/"]


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
    phone.wait_for_selector("#search-results[aria-busy=false] li", timeout=10000)
    assert "四日市" in phone.locator("#search-results li").first.inner_text()
    assert "q=" in phone.url


def printed(server, browser, tmp_path, path: str) -> str:
    """The text of ``path`` printed on A4, which must take one sheet (PDF text uses radical forms: ⽀)."""
    page = browser.new_page()
    page.goto(server + path)
    page.pdf(path=str(tmp_path / "flyer.pdf"), format="A4")
    pdf = PdfReader(tmp_path / "flyer.pdf")
    assert len(pdf.pages) == 1
    return unicodedata.normalize("NFKC", pdf.pages[0].extract_text())


@pytest.mark.slow
def test_an_entry_prints_as_a_one_page_flyer(server, browser, tmp_path):
    text = printed(server, browser, tmp_path, "service/mie-hikikomori-center/")
    for expected in ("三重県ひきこもり地域支援センター", "059-253-7826", "9:00", "ご本人", "スマートフォンで読み取る"):
        assert expected in text, expected
    assert "LINEで送る" not in text


@pytest.mark.slow
def test_a_printed_entry_says_whose_it_is_when_checked_and_dates_with_year(server, browser, tmp_path):
    text = "".join(printed(server, browser, tmp_path, "service/nijinokai/").split())  # PDF text adds spaces
    for expected in ("三重県ひきこもり支援ガイド", "サンプルデータです", "最終確認日:2024年12月31日", "出典:三重県",
                     "2026年12月18日", "2027年1月15日", "http://127.0.0.1:8000/service/nijinokai/"):
        assert expected in text, expected
    assert "受付中" not in text and "受付時間外" not in text  # paper has no "now"
