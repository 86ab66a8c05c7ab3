"""ふりがな over kanji only, each run with its own part of the reading (generator/furigana.py)."""

from __future__ import annotations

import pytest

from generator.furigana import ruby


def rt(name: str, reading: str | None) -> str:
    """The ruby as text: 虹[にじ]の会[かい]."""
    html = str(ruby(name, reading))
    return html.replace("<ruby>", "").replace("<rp>（</rp><rt>", "[").replace("</rt><rp>）</rp></ruby>", "]")


@pytest.mark.parametrize("name, reading, expected", [
    ("虹の会", "にじのかい", "虹[にじ]の会[かい]"),
    ("みえひきこもり安心サポートライン", "みえひきこもりあんしんさぽーとらいん", "みえひきこもり安心[あんしん]サポートライン"),
    ("三重県ひきこもり地域支援センター", "みえけんひきこもりちいきしえんせんたー",
     "三重県[みえけん]ひきこもり地域支援[ちいきしえん]センター"),
    # Brackets: the space in the reading says where the part in brackets starts.
    ("ひきこもり家族教室（北勢）", "ひきこもりかぞくきょうしつ ほくせい", "ひきこもり家族教室[かぞくきょうしつ]（北勢[ほくせい]）"),
    ("夜間中学体験教室「まなみえ」", "やかんちゅうがくたいけんきょうしつまなみえ", "夜間中学体験教室[やかんちゅうがくたいけんきょうしつ]「まなみえ」"),
    ("松阪市 そ・えーる", "まつさかし そえーる", "松阪市[まつさかし] そ・えーる"),
    ("四日市市", "よっかいちし", "四日市市[よっかいちし]"),
])
def test_ruby_goes_over_kanji_only(name, reading, expected):
    assert rt(name, reading) == expected


@pytest.mark.parametrize("name, reading", [
    ("精神科アウトリーチチーム（津圏域）", "せいしんかあうとりーちちーむ"),  # the reading stops early
    ("家族教室（北勢）", "かぞくきょうしつほくせい"),  # two runs of kanji, nothing to tell where one ends
    ("虹の会", None),
])
def test_a_reading_that_does_not_line_up_is_left_out(name, reading):
    assert str(ruby(name, reading)) == name.replace("&", "&amp;")


def test_names_are_escaped():
    html = str(ruby("<b>虹</b>の会", "にじのかい"))
    assert "<b>" not in html and html.startswith("&lt;b&gt;") and "&lt;/b&gt;" in html
