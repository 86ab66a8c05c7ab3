"""Generated pages, checked as the Markdown the site engine receives."""

from __future__ import annotations

from generator.pages import safe_markdown


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
