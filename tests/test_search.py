"""Search: the Python and browser normalisers agree; the query set finds what it must (recall@5)."""

import json
from pathlib import Path

import pytest
import yaml

from generator.normalise import terms

HERE = Path(__file__).parent
VECTORS = json.loads((HERE / "normalise_vectors.json").read_text(encoding="utf-8"))
QUERIES = yaml.safe_load((HERE / "search_queries.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("query,expected", VECTORS)
def test_python_normalises(query, expected):
    assert terms(query) == expected


def test_recall_at_5_in_the_browser(server, phone):
    misses = []
    phone.goto(server + "search/")
    for case in QUERIES:
        phone.goto(server + "search/?q=" + case["q"])
        phone.wait_for_function("() => document.getElementById('search-status').textContent !== '' "
                                "|| !document.getElementById('search-none').hidden", timeout=5000)
        hrefs = phone.eval_on_selector_all("#search-results a.sg-result__name",
                                           "els => els.slice(0, 5).map(e => e.getAttribute('href'))")
        if not any(h.endswith(case["find"]) for h in hrefs):
            misses.append((case["q"], case["find"], hrefs))
    print("misses:", misses)
    assert 1 - len(misses) / len(QUERIES) >= 0.98, misses


def test_browser_normalises_like_python(server, phone):
    phone.goto(server + "search/")
    got = phone.evaluate("""async vectors => {
        const index = await (await fetch("../search/index.json")).json();
        const terms = window.sgSearch.makeTerms(index.romaji);
        return vectors.map(([q]) => terms(q));
    }""", VECTORS)
    assert got == [expected for _, expected in VECTORS]


def test_readings_report_lists_machine_readings_for_review(capsys):
    from generator.__main__ import main

    assert main(["--data", str(HERE.parent / "data"), "readings"]) == 0
    out = capsys.readouterr().out
    assert "kazoku-kyoshitsu-hokusei.yml" in out and "かぞくきょうしつ" in out  # alias 家族教室 has no person's reading


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
