"""A first visitor on a 360 × 740 phone: what the first screen holds, dark mode, larger text."""

from __future__ import annotations

import pytest

from .test_accessibility import AXE, TAGS
from .test_opening import MONDAY_MORNING, SATURDAY_NIGHT

VIEW = {"width": 360, "height": 740}


def _phone(browser, scheme: str = "light", large: bool = False):
    context = browser.new_context(viewport=VIEW, device_scale_factor=1, is_mobile=True, has_touch=True,
                                  locale="ja-JP", color_scheme=scheme)
    if large:
        context.add_init_script("localStorage.setItem('sg-large', 'on')")
    return context


@pytest.fixture
def open_page(browser, server):
    contexts = []

    def open_(path: str, moment, scheme: str = "light", large: bool = False):
        context = _phone(browser, scheme, large)
        contexts.append(context)
        page = context.new_page()
        page.clock.set_fixed_time(moment)
        page.goto(server + path)
        page.evaluate("window.sgOpening.ready")
        return page

    yield open_
    for context in contexts:
        context.close()


def _top_of_callbar(page) -> float:
    return page.locator(".sg-callbar").bounding_box()["y"]


def _home_hint_is_whole(page) -> bool:
    """Whether the home search box shows its hint (市町名・サービス名) whole. The hint is drawn like
    typed text (the same font and size), so the box is given it as its value: it must not scroll."""
    return page.locator("form.sg-search-launch input").evaluate("""input => {
        const hint = getComputedStyle(input, "::placeholder"), typed = getComputedStyle(input);
        if (hint.font !== typed.font) return false;
        input.value = input.placeholder;
        const whole = input.scrollWidth <= input.clientWidth;
        input.value = "";
        return whole;
    }""")


def test_first_screen_reassures_searches_and_shows_the_four_kinds(open_page):
    page = open_page("", MONDAY_MORNING)
    limit = _top_of_callbar(page)
    assert page.locator(".sg-reassure").inner_text() == "ご本人でも、ご家族だけでも相談できます。"
    for selector in (".sg-reassure", "form.sg-search-launch input", "a.sg-kind >> nth=3"):
        box = page.locator(selector).bounding_box()
        assert box["y"] + box["height"] <= limit, selector  # above the call bar, without scrolling
    assert page.locator(".sg-callbar__status").inner_text() == "受付中（16:00まで）"
    assert _home_hint_is_whole(page)


def test_the_sample_notice_can_be_closed_and_stays_closed(open_page, server):
    page = open_page("", MONDAY_MORNING)
    page.get_by_role("button", name="サンプルデータのお知らせを閉じる").click()
    assert page.locator(".sg-sample").is_hidden()
    page.goto(server + "areas/")
    assert page.locator(".sg-sample").is_hidden()


def test_home_leads_those_who_cannot_phone_to_other_ways(open_page):
    page = open_page("", MONDAY_MORNING)
    link = page.get_by_role("link", name="電話以外で相談したい（メール・SNS・オンライン）")
    assert link.get_attribute("href") == "search/?way=nophone"


def test_home_lists_the_night_lines_with_their_status(open_page):
    page = open_page("", SATURDAY_NIGHT)
    box = page.locator(".sg-night")
    lines = box.locator(".sg-night__line")
    assert lines.count() == 3
    assert "24時間受付" in lines.nth(0).inner_text()
    assert "受付時間外・次は明日 10:00から" in lines.nth(2).inner_text()  # いのちの電話, 10:00–22:00


@pytest.mark.parametrize("moment", [MONDAY_MORNING, SATURDAY_NIGHT], ids=["open", "closed"])
@pytest.mark.parametrize("path", ["", "service/mie-hikikomori-center/", "area/242021/"])
def test_larger_text_leaves_most_of_the_screen_to_content(open_page, path, moment):
    page = open_page(path, moment, large=True)
    assert page.evaluate("document.documentElement.classList.contains('sg-large')")
    header = page.locator(".md-header").bounding_box()
    chrome_top = header["y"] + header["height"]  # the banner above it and the header itself
    content = _top_of_callbar(page) - chrome_top
    assert content >= 0.6 * VIEW["height"], f"{content:.0f}px of {VIEW['height']}"
    assert page.evaluate("document.documentElement.scrollWidth") <= VIEW["width"]


def test_larger_text_never_wraps_one_character_per_line(open_page):
    page = open_page("", SATURDAY_NIGHT, large=True)
    assert _home_hint_is_whole(page)  # nor cuts the search box's hint off
    # Every text box of the call bar, the banner and the cards is wider than two characters.
    narrow = page.evaluate("""() => [...document.querySelectorAll(
        '.sg-callbar span, .sg-callbar a, .md-banner p, .sg-kind__name, .md-top')]
      .filter(e => e.getClientRects().length && e.textContent.trim().length > 2)
      .filter(e => e.getBoundingClientRect().width > 1)  // not the visually hidden words for screen readers
      .filter(e => e.getBoundingClientRect().width < 2.2 * parseFloat(getComputedStyle(e).fontSize))
      .map(e => e.textContent.trim())""")
    assert narrow == []


@pytest.mark.parametrize("path", ["", "service/mie-hikikomori-center/", "area/242021/", "search/?q=よっかいち",
                                  "consultation/"])
@pytest.mark.slow
def test_dark_mode_follows_the_phone_with_no_axe_violation(open_page, path):
    page = open_page(path, SATURDAY_NIGHT, scheme="dark")
    assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
    assert page.locator("#sg-night").is_visible()  # the call bar's night lines are checked too
    if path.startswith("search/"):
        page.wait_for_selector("#search-results[aria-busy=false] li")
    page.evaluate(AXE.read_text(encoding="utf-8"))  # as the test, not as a page script: the CSP blocks those
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    violations = [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    assert violations == []
    background = page.evaluate("getComputedStyle(document.querySelector('.md-main')).backgroundColor")
    assert background != "rgb(255, 255, 255)"


def test_search_results_start_on_the_first_screen_with_filters_folded(open_page):
    page = open_page("search/?q=よっかいち", MONDAY_MORNING)
    page.wait_for_selector("#search-results[aria-busy=false] li")
    assert page.locator("details.sg-search__filters").get_attribute("open") is None
    first = page.locator("#search-results li").first.bounding_box()
    assert first["y"] + first["height"] <= _top_of_callbar(page)


def test_no_results_offer_the_night_lines(open_page):
    page = open_page("search/?q=zzzzqqq", SATURDAY_NIGHT)
    page.wait_for_selector("#search-results[aria-busy=false]", state="attached")
    none = page.locator("#search-none")
    none.wait_for(state="visible")
    assert none.locator(".sg-night__line").count() == 3
    assert "0120-279-338" in none.inner_text()


def test_a_crisis_shows_a_national_line_on_the_first_screen(open_page):
    page = open_page("search/?q=" + "死にたい", SATURDAY_NIGHT)
    page.wait_for_selector("#search-results[aria-busy=false] li")
    first = page.locator("#search-results li").first
    assert first.locator("a.sg-result__name").get_attribute("href").endswith(("service/yorisoi-hotline/", "service/inochi-no-denwa/"))
    box = first.locator("a.sg-result__name").bounding_box()
    assert box["y"] + box["height"] <= min(740, _top_of_callbar(page)), "the line is on the first screen"
    assert "短く" not in page.locator("main").inner_text()
