"""Generated pages, checked as the Markdown the site engine receives."""

from __future__ import annotations

import re

import pytest

from generator.formatting import safe_markdown


def test_every_entry_area_and_kind_has_a_page(sample, pages):
    cat = sample.catalogue
    for entry in cat.entries:
        assert f"service/{entry.id}.md" in pages
    for area in cat.areas:
        assert f"area/{area.code}.md" in pages
    for name in ("index.md", "areas.md", "upcoming.md", "consultation.md", "family.md", "ibasho.md", "outreach.md"):
        assert name in pages


def test_entry_page_has_tap_to_call_and_last_verified(pages):
    text = pages["service/mie-hikikomori-center.md"]
    assert 'href="tel:0592537826"' in text
    assert "最終確認日" in text and "2024年12月31日" in text
    assert "月〜金 9:00〜16:00" in text


def test_entry_without_contact_points_to_whom_to_ask(pages):
    text = pages["service/nijinokai.md"]
    assert "お問い合わせ先" in text
    assert 'href="../../service/mie-hikikomori-center/"' in text
    assert 'href="tel:0592537826"' in text


def test_contributor_markdown_cannot_inject_script():
    html = str(safe_markdown('**大事** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>'))
    assert "<strong>大事</strong>" in html
    assert "<script" not in html and "onerror" not in html and "javascript:" not in html


def test_no_field_can_carry_active_html(tmp_path):
    import shutil

    from generator import build

    from .conftest import ROOT, TODAY

    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "family" / "nijinokai.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("name: 虹の会", 'name: 虹の会<script>alert(1)</script>')
    text = text.replace("operator: 三重県ひきこもり地域支援センター", 'operator: <img src=x onerror="alert(1)">')
    text = text.replace("description: |\n", 'description: |\n  <a href="javascript:alert(1)" onclick="x()">a</a> [b](javascript:alert(2)) <iframe src="https://example.org"></iframe>\n')
    path.write_text(text, encoding="utf-8")
    rendered = {p.path: p.text + (p.html or "") for p in build.run(tmp_path / "data", TODAY, with_editor=False).pages}
    for page_path in ("service/nijinokai.md", "family.md", "index.md"):
        page = rendered[page_path].split("---", 2)[2]  # the title in front matter is escaped by the theme
        page = re.sub(r'<script type="application/ld\+json">.*?</script>', "", page)  # JSON data, not code
        assert "<script" not in page and "<img" not in page and "<iframe" not in page, page_path
        assert "onerror" not in page.replace("onerror=&#34;", "") and "javascript:" not in page, page_path
    assert "虹の会&lt;script&gt;" in rendered["service/nijinokai.md"]


@pytest.mark.slow
def test_a_kind_with_thousands_of_entries_leads_through_regions_to_areas(tmp_path):
    from bench.synthetic import write_catalogue
    from generator import loader, pages as page_module
    from generator.cache import Cache

    from .conftest import TODAY

    data = write_catalogue(tmp_path / "data", entries=1_300, areas=60)
    # Only the pages (no cards, feeds or search index for 1,300 entries): the pipeline's own page stage.
    catalogue, _ = loader.load(data, TODAY)
    rendered = page_module.render(catalogue, TODAY, "http://127.0.0.1:8000/", Cache(None))
    pages = {p.path: p.text for p in rendered}
    ibasho = pages["ibasho.md"]
    assert 'class="sg-card"' not in ibasho.split("{: #all }")[1]  # no card per entry past the limit
    assert "数が多いため" in ibasho
    first = re.search(r'href="(?:\.\./)*area/(\d{6})/#ibasho">.*?(\d+)件', ibasho)
    assert first, "each region lists its areas with how many there are"
    area_page = next(p for p in rendered if p.path == f"area/{first[1]}.md").html
    section = area_page.split('id="ibasho"')[1].split("<h2")[0]
    assert section.count('class="sg-card"') == int(first[2])
    # a prefecture-sized kind keeps its cards
    assert 'class="sg-card"' in pages["consultation.md"].split("{: #all }")[1]


def test_the_dates_page_stays_short_when_there_are_many_dates(sample, monkeypatch):
    from generator import pages as page_module
    from generator.cache import Cache

    renderer = page_module.Renderer(sample.catalogue, sample.today, "https://example.jp/", Cache(None))
    many = len(renderer.upcoming)
    assert many > 1
    monkeypatch.setattr(page_module, "DATES_PER_PAGE", 1)
    renderer = page_module.Renderer(sample.catalogue, sample.today, "https://example.jp/", Cache(None))
    text = renderer.about_everything("upcoming.md", "upcoming.md.j2").text
    assert text.count('<li class="sg-date">') == 1
    assert f"ここまでの1件のあとにも、{many - 1}件の予定があります" in text
    assert 'href="../areas/"' in text
