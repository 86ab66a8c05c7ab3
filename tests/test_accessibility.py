"""JIS X 8341-3 AA in the browser: axe-core on every page kind, keyboard use, privacy.

The axe results are also written to .cache/accessibility/results.json; the next build publishes
them on the 試験結果 page (generator/templates/accessibility_results.md.j2).
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from .conftest import ROOT
from .test_share import SITE_URL

AXE = ROOT / "tests" / "js" / "node_modules" / "axe-core" / "axe.min.js"
RESULTS = ROOT / ".cache" / "accessibility" / "results.json"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
PAGE_KINDS = {
    "ホーム": "",
    "市町の一覧": "areas/",
    "市町のページ": "area/242021/",
    "種類のページ": "consultation/",
    "エントリのページ": "service/mie-hikikomori-center/",
    "開催のあるエントリ": "service/nijinokai/",
    "検索（結果あり）": "search/?q=よっかいち",
    "開催予定": "upcoming/",
    "手書きのページ": "for-families/",
    "オープンデータ": "opendata/",
}
_found: dict[str, dict] = {}


@pytest.fixture(scope="module", autouse=True)
def record_results():
    yield
    if _found:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        version = json.loads((AXE.parent / "package.json").read_text())["version"]
        RESULTS.write_text(json.dumps({"checked_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                                       "tool": f"axe-core {version}", "tags": TAGS, "pages": _found},
                                      ensure_ascii=False, indent=2), encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_axe_finds_no_violations(server, phone, kind):
    path = PAGE_KINDS[kind]
    phone.goto(server + path)
    if path.startswith("search/"):
        phone.wait_for_selector("#search-results[aria-busy=false] li")
    phone.evaluate(AXE.read_text(encoding="utf-8"))  # as the test, not as a page script: the CSP blocks those
    result = phone.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", TAGS)
    violations = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]]
    _found[kind] = {"path": "/" + path, "violations": len(violations), "passes": len(result["passes"]),
                    "rules": sorted(v[0] for v in violations)}
    assert violations == [], violations
    assert phone.evaluate("document.documentElement.lang") == "ja"


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_no_request_leaves_the_site_and_no_cookies(server, phone, kind):
    # The site's own origins: where the test serves it, and its public address (site_url), which the
    # theme uses for sitemap.xml; in production they are one and the same.
    own = {"{0.scheme}://{0.netloc}".format(urlsplit(url)) for url in (server, SITE_URL)}
    requested = []
    phone.on("request", lambda request: requested.append(request.url))
    phone.goto(server + PAGE_KINDS[kind])
    phone.wait_for_load_state("networkidle")
    outside = [url for url in requested
               if "{0.scheme}://{0.netloc}".format(urlsplit(url)) not in own and not url.startswith("data:")]
    assert outside == []
    assert phone.evaluate("document.cookie") == ""
    assert phone.context.cookies() == []


def focused(phone) -> dict:
    return phone.evaluate("""() => { const e = document.activeElement; const s = getComputedStyle(e);
        return {tag: e.tagName, id: e.id, name: e.name || '', cls: e.className, text: (e.textContent || '').trim().slice(0, 40),
                href: e.getAttribute('href'), outline: s.outlineStyle, width: parseFloat(s.outlineWidth)}; }""")


def tab_until(phone, match, limit=60) -> dict:
    for _ in range(limit):
        phone.keyboard.press("Tab")
        now = focused(phone)
        if match(now):
            return now
    raise AssertionError("not reached by Tab")


def test_search_page_by_keyboard_alone(server, phone):
    phone.goto(server + "search/")
    box = tab_until(phone, lambda f: f["id"] == "sg-q")
    assert box["outline"] != "none" and box["width"] >= 2, "focus must be visible"
    phone.keyboard.type("いばしょ")
    phone.wait_for_selector("#search-results[aria-busy=false] li")
    summary = tab_until(phone, lambda f: f["tag"] == "SUMMARY")
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.querySelector('.sg-search__filters').open")
    kind = tab_until(phone, lambda f: f["tag"] == "SELECT" and f["name"] == "kind")
    phone.keyboard.press("ArrowDown")
    phone.wait_for_function("() => location.search.includes('kind=')")  # a function: the CSP forbids eval
    link = tab_until(phone, lambda f: f["tag"] == "A" and "service/" in (f["href"] or ""))
    assert link["outline"] != "none"
    phone.keyboard.press("Enter")
    phone.wait_for_url("**/service/**")
    assert summary and kind


def test_switches_work_by_keyboard_and_are_remembered_without_cookies(server, phone):
    phone.goto(server + "area/242021/")
    tab_until(phone, lambda f: "sg-toggle" in f["cls"] and "ふりがな" in f["text"])
    phone.keyboard.press("Enter")
    phone.goto(server + "service/nijinokai/")
    assert phone.locator(".sg-toggle[data-pref=furigana]").get_attribute("aria-pressed") == "true"
    # ふりがな over the kanji only: 虹[にじ]の会[かい], never over the kana.
    assert phone.locator("h1 rt").first.is_visible()
    assert phone.locator("h1 rt").all_inner_texts() == ["にじ", "かい"]
    assert phone.context.cookies() == []


def test_menu_opens_by_keyboard(server, phone):
    phone.goto(server + "service/nijinokai/")
    menu = tab_until(phone, lambda f: f["tag"] == "BUTTON" and "md-header__button" in f["cls"])
    assert menu["outline"] != "none"
    phone.keyboard.press("Enter")
    assert phone.evaluate("document.getElementById('__drawer').checked")
    link = tab_until(phone, lambda f: f["tag"] == "A" and "md-nav__link" in f["cls"])
    assert link["text"], link
    assert phone.locator(".md-sidebar--primary").is_visible()
