"""Search: the Python and browser normalisers agree; the query sets find what they must (recall@5);
plain words, sentences, slips and time words; the index format declared once."""

import dataclasses
import json
import re
from datetime import datetime
from pathlib import Path

import pytest

from bench.recall import DEFAULT_AT, SiteSearch, cases, recall
from generator import search_format
from generator.loader import load
from generator.normalise import kana_to_romaji
from generator.readings import Readings
from generator.cache import Cache
from generator.words import Words

from .conftest import TODAY

HERE = Path(__file__).parent
# the cases Python's normaliser passes too (tests/test_vectors.py)
VECTORS = json.loads((HERE / "vectors" / "normalise.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.slow
def test_kana_recall_at_5_in_the_browser(server, phone):
    found = recall(SiteSearch(phone, server), cases("search_queries.yml"))
    print(f"kana recall@5 {found.rate:.3f}", "misses:", found.misses)
    assert found.rate >= 0.98, found.misses


@pytest.mark.slow
def test_plain_language_recall_at_5_in_the_browser(server, phone):
    """What people type when they do not know a name: needs, sentences, slips, time words."""
    queries = cases("search_needs.yml")
    assert len(queries) >= 150
    found = recall(SiteSearch(phone, server), queries)
    print(f"plain-language recall@5 {found.rate:.3f}", "misses:", found.misses)
    assert found.rate >= 0.90, found.misses


def _top(phone, server, query: str, at: str = DEFAULT_AT) -> list[str]:
    return [h.replace(server, "") for h in SiteSearch(phone, server)(query, at)]


def test_a_sentence_is_cut_into_words_and_filler_left_out(server, phone):
    phone.goto(server + "search/")
    got = phone.evaluate("""async () => {
        const index = await (await fetch("../search/index.json")).json();
        const vocab = new Set(), ignore = new Set(index.ignore);
        index.topics.concat(index.kinds, index.areas).forEach(x => x.keys.forEach(k => vocab.add(k)));
        const longest = s => [...s].reduce((m, w) => Math.max(m, w.length), 0);
        const cut = q => window.sgNormalise.makeTerms(index.romaji)(q).flatMap(c => window.sgSearch.segment(
            c, {words: vocab, longest: longest(vocab)}, {words: ignore, longest: longest(ignore)}));
        return ["仕事がしたい", "息子が部屋から出てこない", "すずかのかぞくかい", "ながの"].map(cut);
    }""")
    assert got == [["仕事"], ["息子", "部屋から出てこない"], ["すずか", "かぞくかい"], ["ながの"]]


def test_a_need_finds_the_services_for_it_not_only_names(server, phone):
    assert set(_top(phone, server, "仕事がしたい")) >= {"service/mychallenge-mie/", "service/saposute-tsu/"}
    assert _top(phone, server, "鈴鹿 家族")[0] == "service/kazoku-kyoshitsu-hokusei/"  # the class that serves 鈴鹿
    assert _top(phone, server, "不登校")[:2] == ["service/komorebi/", "service/manamie/"] or \
        set(_top(phone, server, "不登校")[:2]) == {"service/komorebi/", "service/manamie/"}


def test_every_site_finds_its_towns_by_reading_and_its_help_by_meaning(every_server, project, phone):
    """On any prefecture's site: a municipality typed by its official reading, in kana or romaji, comes
    first; a need said in plain words finds help, not "nothing found"."""
    catalogue, _ = load(project / "data", TODAY)
    search = SiteSearch(phone, every_server)
    for area in catalogue.areas[::6]:
        stem = area.reading[:-1] if area.name.endswith("市") else area.reading
        for query in (stem, kana_to_romaji(stem)):
            assert [h.replace(every_server, "") for h in search(query, DEFAULT_AT)][:1] == [f"area/{area.code}/"], query
    for need in ("息子が部屋から出てこない", "家族の相談"):
        found = [h.replace(every_server, "") for h in search(need, DEFAULT_AT)]
        assert found and found[0].startswith("service/"), (need, found)


def test_a_slip_still_finds_the_place_below_exact_matches(server, phone):
    assert _top(phone, server, "よっかいし")[0] == "area/242021/"
    assert _top(phone, server, "yokkaiち")[0] == "area/242021/"
    assert phone.locator("#search-note").is_hidden()  # typed right: no "near" note
    _top(phone, server, "よつかいち")
    assert "「よつかいち」に近いもの" in phone.locator("#search-note").inner_text()


# Each way of typing a little wrong that the search forgives, with the page it must still find: found
# through the lookup of words built in the browser (search-engine.js makeLookup), which scores only the items
# that share something with what was typed.
SLIPS = {
    "よっかいし": "area/242021/",  # one kana wrong at the end
    "よつかいち": "area/242021/",  # a small kana typed large
    "にぢのかい": "service/nijinokai/",  # ぢ for じ
    "ちいきしえんせんたあ": "service/mie-hikikomori-center/",  # あ for the long vowel of センター
    "yokkaiち": "area/242021/",  # romaji still mid-conversion
    "suzuかし": "area/242071/",
    "ｻﾎﾟｽﾃ": "service/saposute-tsu/",  # half-width katakana
    "そうだんまどくち": "consultation/",  # one kana off a kind's name typed as one word
    "訪問支援": "outreach/",  # one of the two names of a kind (アウトリーチ・訪問支援)
}


def test_each_kind_of_slip_still_finds_its_page(server, phone):
    search, missed = SiteSearch(phone, server), {}
    for query, want in SLIPS.items():
        top = [h.replace(server, "") for h in search(query, DEFAULT_AT)]
        if want not in top:
            missed[query] = top
    assert missed == {}  # each wanted page among the first five results


def test_an_area_lists_its_own_window_then_prefecture_wide_help_above_the_fold(server, browser):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(server + "search/?q=すずか")
    page.wait_for_selector("#search-results[aria-busy=false] li")
    hrefs = page.eval_on_selector_all("#search-results a.sg-result__name", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs[0].endswith("area/242071/") and hrefs[1].endswith("service/suzuka-city/")
    assert any(h.endswith("service/mie-hikikomori-center/") for h in hrefs[:5])  # serves the whole prefecture
    assert any(h.endswith("service/nijinokai/") for h in hrefs)  # so does every prefecture-wide entry
    first = page.locator("#search-results li").first.bounding_box()
    callbar = page.locator(".sg-callbar").bounding_box()
    assert first["y"] + first["height"] <= min(740, callbar["y"]), "the first result is on the first screen"
    page.close()


def test_nothing_found_says_so_and_offers_the_main_line_and_the_kinds(server, phone):
    phone.goto(server + "search/?q=zzqqxx")
    phone.wait_for_selector("#search-none", state="visible")
    none = phone.locator("#search-none")
    # one honest sentence, the main line with its phone and status, the ways in without a phone, the kinds
    assert "見つかりませんでした" in phone.locator("#search-note").inner_text()
    assert "短く" not in phone.locator("main").inner_text()
    only = phone.locator("#search-results li")
    assert only.count() == 1 and "059-253-7826" in only.inner_text()
    assert only.locator(".sg-result__open").inner_text()  # 受付中… or when it next opens
    links = none.locator("a").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    assert {"../consultation/", "../family/", "../ibasho/", "../outreach/", "../search/?way=nophone"} <= set(links)


# Said in despair, in kanji, kana or a sentence: the lines open at that hour come first, then the centre.
CRISIS = ["死にたい", "しにたい", "消えたい", "きえたい", "もう限界", "もうげんかいです", "生きるのがつらい",
          "いきるのがつらい", "もう死にたいと思ってしまう"]


@pytest.mark.parametrize("query", CRISIS)
def test_a_crisis_is_answered_first_by_the_lines_open_at_that_hour(server, phone, query):
    top = _top(phone, server, query, "2026-11-29T21:00:00+09:00")  # Sunday night: the centre is closed
    assert top[0] in {"service/yorisoi-hotline/", "service/inochi-no-denwa/"}, top
    assert "service/mie-hikikomori-center/" in top[:4]
    note = phone.locator("#search-note").inner_text()
    assert "ひとりで抱えこまなくて大丈夫" in note and "短く" not in phone.locator("main").inner_text()
    assert phone.locator("#search-none").is_hidden()


def test_an_everyday_sentence_is_not_read_as_now(server, phone):
    """困っています holds いま: at 21:00 on a Sunday it must not keep only what is open."""
    sunday_night = "2026-11-29T21:00:00+09:00"
    for sentence in ["息子のことで困っています", "娘がひきこもっていて悩んでいます", "兄が家に居ます"]:
        top = _top(phone, server, sentence, sunday_night)
        assert top and top[0] not in {"service/yorisoi-hotline/", "service/inochi-no-denwa/"}, sentence
        assert phone.locator("#search-results li").count() > 5, sentence  # not only the two lines open now
        assert phone.locator("#search-note").is_hidden(), sentence  # no 「今受付しているところは…」


def test_not_by_phone_filter_lists_what_can_be_reached_without_a_call(server, phone):
    phone.goto(server + "search/?way=nophone")  # the address the home page's button links to
    phone.wait_for_selector("#search-results[aria-busy=false] li")
    assert phone.locator("select[name=way]").input_value() == "nophone"
    assert "電話以外で相談したい" in phone.locator("select[name=way] option:checked").text_content()
    hrefs = phone.eval_on_selector_all("#search-results a.sg-result__name", "els => els.map(e => e.getAttribute('href'))")
    assert any(h.endswith("service/mie-hikikomori-center/") for h in hrefs)  # mail form
    assert any(h.endswith("service/denshi-ibasho/") for h in hrefs)  # online
    assert any(h.endswith("service/matsusaka-soeru/") for h in hrefs)  # mail and LINE
    assert not any(h.endswith("service/tsu-city/") for h in hrefs)  # phone or a visit only
    assert not any(h.endswith("service/mie-anshin-support-line/") for h in hrefs)  # only sends notices
    phone.fill("#sg-q", "まつさか")
    phone.wait_for_function("() => location.search.includes('q=')")  # written once typing pauses
    shared = phone.evaluate("location.search")
    assert "way=nophone" in shared and "q=" in shared  # typing keeps the filter in the shared address
    assert phone.locator("#search-results a.sg-result__name").all_inner_texts()[0] == "松阪市 そ・えーる"  # its own, first


def test_time_words_narrow_by_opening_hours(server, phone):
    # Tuesday 10:00: the centre (月〜金 9:00〜16:00) is open, and its result says so
    assert _top(phone, server, "今 相談できるところ")[0] == "service/mie-hikikomori-center/"
    assert "受付中" in phone.locator("#search-results li").first.inner_text()
    assert phone.locator("#search-note").is_hidden()
    # Saturday 23:00: only the 24-hour national line is open
    assert _top(phone, server, "今 相談", "2026-11-28T23:00:00+09:00") == ["service/yorisoi-hotline/"]
    # the third Friday of December: 虹の会 meets today
    assert _top(phone, server, "今日 家族の集まり", "2026-12-18T09:00:00+09:00")[0] == "service/nijinokai/"
    # a Monday without its meeting: said so, and 虹の会 is still offered, with its date
    assert _top(phone, server, "今日 虹の会", "2026-11-30T09:00:00+09:00")[0] == "service/nijinokai/"
    assert "次回 12月18日" in phone.locator("#search-results li").first.inner_text()
    assert "今日受付しているところは見つかりませんでした" in phone.locator("#search-note").inner_text()
    # the next meeting: only what has a coming date
    names = _top(phone, server, "家族の集まり 次の開催")
    assert names and all(h in ("service/nijinokai/", "service/kazoku-kyoshitsu-hokusei/") or "kazoku" in h for h in names)


def test_the_header_shows_live_results_and_enter_opens_the_search_page(server, phone):
    phone.goto(server + "about/")
    phone.click("button[aria-label=検索]")
    phone.fill(".sg-header-search", "しごとがしたい")
    phone.wait_for_selector(".sg-header-results li")
    assert phone.locator(".sg-header-hint").is_visible() and "Enter" in phone.locator(".sg-header-hint").inner_text()
    names = phone.locator(".sg-header-results a.sg-result__name").all_inner_texts()
    assert 1 <= len(names) <= 5 and "マイチャレ三重" in names
    more = phone.locator(".sg-header-more")
    assert more.is_visible() and more.get_attribute("href").endswith("search/?q=" + "%E3%81%97%E3%81%94%E3%81%A8%E3%81%8C%E3%81%97%E3%81%9F%E3%81%84")
    phone.press(".sg-header-search", "Enter")
    phone.wait_for_url("**/search/?q=*")
    phone.wait_for_selector("#search-results[aria-busy=false] li")
    assert phone.locator("#sg-q").input_value() == "しごとがしたい"


def test_the_index_format_is_declared_once_and_read_by_name(site, server, phone):
    first = json.loads((site / "search" / "index.json").read_text(encoding="utf-8"))
    entries = json.loads((site / "search" / "entries.json").read_text(encoding="utf-8"))
    assert first["version"] == entries["version"] == search_format.VERSION
    assert first["fields"] == search_format.FIELDS
    short = set(search_format.FIELDS.values())
    assert all(set(item) <= short for item in entries["items"])
    kinds = {k["id"]: k["label"] for k in first["kinds"]}
    assert kinds["ibasho"] == "居場所" and {i["k"] for i in entries["items"]} == set(kinds)  # ids, not positions
    assert first["messages"]["everywhere"] == "三重県全域"  # from site.yml, not 「県内全域」
    phone.goto(server + "search/")
    assert phone.evaluate("window.sgSearch.FORMAT") == search_format.VERSION


@pytest.mark.unit
@pytest.mark.parametrize("name", ["page.js", "search-engine.js", "normalise.js", "schedule.js", "formatting.js"])
def test_the_search_scripts_hold_no_japanese_words(name):
    """Every word the search shows comes from messages.yml or the catalogue through the index."""
    code = (HERE.parent / "overrides" / "assets" / "javascripts" / name).read_text(encoding="utf-8")
    without_comments = re.sub(r"//.*", "", code)
    assert not re.findall(r"[\u4e00-\u9fff]", without_comments)


def test_entries_carry_their_topics_and_text_words(site):
    entries = {i["u"]: i for i in json.loads((site / "search" / "entries.json").read_text(encoding="utf-8"))["items"]}
    saposute = entries["service/saposute-tsu/"]
    assert {"work", "youth", "consult"} <= set(saposute["tp"])  # its own topics, and its kind's
    assert "訓練" in saposute["w"] and "ぱそこん" in saposute["w"]  # words of the description, tokenized
    assert "home-visit" in entries["service/hokenjo/"]["tp"]  # from channels: home_visit


def test_words_are_the_content_words_in_dictionary_form(tmp_path):
    cache = Cache(tmp_path)
    assert Words(cache.table("words")).of("ご家族が学び、同じ立場の人と話せる場です。")[:3] == ["家族", "学ぶ", "立場"]
    cache.finish(TODAY)
    kept = Words(Cache(tmp_path).table("words"))
    assert kept.of("ご家族が学び、同じ立場の人と話せる場です。")[:3] == ["家族", "学ぶ", "立場"]
    assert "_tokenizer" not in kept.__dict__  # the next build reads them, the tokenizer is not even started


def test_browser_normalises_like_python(server, phone):
    phone.goto(server + "search/")
    got = phone.evaluate("""async vectors => {
        const index = await (await fetch("../search/index.json")).json();
        const terms = window.sgNormalise.makeTerms(index.romaji);
        return vectors.map(([q]) => terms(q));
    }""", VECTORS)
    assert got == [expected for _, expected in VECTORS]


def test_readings_report_lists_machine_readings_for_review(capsys):
    from generator.__main__ import main

    assert main(["--data", str(HERE.parent / "data"), "readings"]) == 0
    out = capsys.readouterr().out
    assert "kazoku-kyoshitsu-hokusei.yml" in out and "かぞくきょうしつ" in out  # alias 家族教室 has no person's reading


def test_a_name_without_a_reading_is_read_with_its_areas_official_reading(sample):
    """pykakasi reads 東員町 as とういんまち; the entry serves 東員町, whose official reading wins."""
    entry = next(e for e in sample.catalogue.entries if e.id == "toin-town")
    unread = dataclasses.replace(entry, service=entry.service.model_copy(update={"reading": None}))
    readings = Readings()
    assert readings.machine("東員町").startswith("とういんまち")
    got = readings.of_entry(unread, sample.catalogue.areas_of(unread))
    assert got.text == "とういんちょう ひきこもりそうだんまどぐち" and got.machine  # the rest is a machine's
    assert readings.of_entry(unread).text.startswith("とういんまち")  # no areas given: all by machine


@pytest.mark.parametrize("path,action", [("/area/242021/", "../../search/"), ("/about/", "../search/")])
def test_header_search_of_every_page_leads_to_the_search_page(html, path, action):
    form = html(path).select_one("header form.md-search__form")
    assert form["action"] == action and form["method"] == "get" and form.select_one("input[name=q]")


def test_a_place_shows_before_the_entries_arrive(server, phone):
    held = []
    phone.route("**/search/entries.json", lambda route: held.append(route))
    phone.goto(server + "search/?q=よっかいち")
    phone.wait_for_selector("#search-results li")
    first = phone.locator("#search-results a.sg-result__name").first
    assert first.inner_text() == "四日市市" and first.get_attribute("href").endswith("area/242021/")
    assert phone.locator("#search-results").get_attribute("aria-busy") == "true"
    assert phone.locator("#search-none").is_hidden()  # "nothing found" is not said while entries load
    assert held, "the entries are fetched once the first results show"
    assert phone.locator(".sg-search__browse").is_hidden()  # below the list: shown when it stops growing
    held[0].continue_()
    phone.wait_for_selector("#search-results[aria-busy=false]")
    assert phone.locator(".sg-search__browse").is_visible()
    hrefs = phone.eval_on_selector_all("#search-results a.sg-result__name", "els => els.map(e => e.getAttribute('href'))")
    assert hrefs[0].endswith("area/242021/") and any("service/" in h for h in hrefs)


def test_search_page_without_javascript_links_to_areas_and_kinds(html):
    page = html("/search/")
    assert page.select_one("form.sg-search input[name=q]") and page.select_one("#search-results") is not None
    links = [a["href"] for a in page.select(".sg-search__browse a")]
    assert links == ["../areas/", "../consultation/", "../family/", "../ibasho/", "../outreach/"]


def test_filters_read_from_the_url_narrow_the_results(server, phone):
    phone.goto(server + "search/?kind=ibasho")
    phone.wait_for_selector("#search-results[aria-busy=false] li")
    assert phone.locator("select[name=kind]").input_value() == "ibasho"
    names = phone.locator("#search-results .sg-result__meta").all_inner_texts()
    assert names and all(n.startswith("居場所") for n in names)


def test_nothing_on_the_search_page_jumps_while_results_arrive(server, browser):
    """Cumulative layout shift under 0.1 ("good") on a tall phone (Lighthouse's, 412 × 823), where the
    page's footer is on the first screen until the results push it down."""
    context = browser.new_context(viewport={"width": 412, "height": 823}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.add_init_script("""window.sgShifts = [];
        new PerformanceObserver(list => list.getEntries().forEach(e => window.sgShifts.push(e.value)))
            .observe({type: "layout-shift", buffered: true});""")
    held = []
    page.route("**/search/entries.json", lambda route: held.append(route))
    page.goto(server + "search/?q=よっかいち")
    page.wait_for_selector("#search-results li")
    footer = page.locator(".md-footer").bounding_box()
    assert footer["y"] < 823, "the footer starts on the first screen, or nothing could push it"
    held[0].continue_()
    page.wait_for_selector("#search-results[aria-busy=false]")
    page.wait_for_timeout(300)  # the results after the first 20 come a frame later
    shifts = page.evaluate("window.sgShifts")
    context.close()
    assert sum(shifts) < 0.1, shifts
