"""Loading the sample catalogue, and the basic checks that keep mistakes off the site."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from generator.catalogue import CatalogueError, load
from generator.model import Kind

from .conftest import ROOT, TODAY


def test_sample_catalogue_has_every_municipality_with_a_window(sample):
    cat = sample.catalogue
    assert len(cat.areas) == 29
    assert {a.region for a in cat.areas} == {"北勢", "中南勢", "伊勢志摩", "伊賀", "東紀州"}
    windows = [e for e in cat.of_kind(Kind.consultation) if not e.service.serves_all]
    covered = {code for e in windows for code in e.service.areas}
    assert covered == {a.code for a in cat.areas}


def test_official_readings_win(sample):
    toin = next(a for a in sample.catalogue.areas if a.name == "東員町")
    assert toin.reading == "とういんちょう"
    assert toin.code == "243248"


def test_every_kind_has_entries(sample):
    for kind in Kind:
        assert sample.catalogue.of_kind(kind), kind


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def problems_for(data: Path) -> list[str]:
    with pytest.raises(CatalogueError) as caught:
        load(data, TODAY)
    return [str(p) for p in caught.value.problems if p.severity == "error"]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_unknown_key_is_reported_with_line_and_suggestion(data):
    path = data / "consultation" / "mie-hikikomori-center.yml"
    edit(path, "  phones:", "  phoen:")
    [message] = problems_for(data)
    assert message.startswith(f"{path}:{line_of(path, 'phoen:')}:3: エラー:")
    assert "「phoen」という項目は使えません" in message and "「phones」の書き間違い" in message


def test_malformed_phone_number_names_the_value(data):
    path = data / "consultation" / "mie-hikikomori-center.yml"
    edit(path, "059-253-7826", "059-253-78")
    [message] = problems_for(data)
    assert f":{line_of(path, '059-253-78')}:" in message
    assert "電話番号「059-253-78」の形が正しくありません" in message


def test_every_problem_is_reported_in_one_run(data):
    center = data / "consultation" / "mie-hikikomori-center.yml"
    edit(center, 'closes: "16:00"', 'closes: "8:00"')
    edit(center, "last_verified: 2024-12-31", "last_verified: 2025-02-30")
    nijinokai = data / "family" / "nijinokai.yml"
    text = nijinokai.read_text(encoding="utf-8")
    nijinokai.write_text("\n".join(l for l in text.splitlines() if not l.startswith("summary:")), encoding="utf-8")
    messages = problems_for(data)
    assert any("終了時刻が開始時刻より前" in m for m in messages)
    assert any("日付「2025-02-30」が読めません" in m for m in messages)
    assert any(m.startswith(f"{nijinokai}:1:1:") and "「ひとこと紹介（summary）」がありません" in m for m in messages)


def test_unknown_area_code_and_duplicate_id(data):
    window = data / "consultation" / "yokkaichi-city.yml"
    text = window.read_text(encoding="utf-8")
    edit(window, '"242021"', '"249999"')
    (data / "consultation" / "copy.yml").write_text(text, encoding="utf-8")
    messages = problems_for(data)
    assert any("市町コード「249999」は data/areas.yml にありません" in m for m in messages)
    assert any("ID「yokkaichi-city」は" in m and "でも使われています" in m for m in messages)


def test_tabs_shift_jis_and_empty_files_get_plain_messages(data):
    (data / "ibasho" / "tabs.yml").write_text("id: tabs\n\tname: x\n", encoding="utf-8")
    (data / "ibasho" / "sjis.yml").write_bytes("id: sjis\nname: 居場所\n".encode("shift_jis"))
    (data / "ibasho" / "empty.yml").write_text("\n", encoding="utf-8")
    messages = problems_for(data)
    assert any("tabs.yml:2:1:" in m and "タブ文字" in m for m in messages)
    assert any("sjis.yml:1:1:" in m and "Shift_JIS" in m for m in messages)
    assert any("empty.yml:1:1:" in m and "ファイルが空です" in m for m in messages)


def test_yaml_syntax_error_points_at_the_line(data):
    path = data / "consultation" / "mie-hikikomori-center.yml"
    edit(path, "audience: [self, family, supporter]", "audience: [self, family, supporter")
    [message] = problems_for(data)
    assert "YAML の書き方に誤りがあります" in message
    assert f"{path}:{line_of(path, 'audience:') + 1}:" in message


def test_javascript_links_are_rejected(data):
    path = data / "consultation" / "yokkaichi-city.yml"
    text = path.read_text(encoding="utf-8")
    start = text.index("website:")
    end = text.index("\n", start)
    path.write_text(text[:start] + "website: javascript:alert(1)" + text[end:], encoding="utf-8")
    [message] = problems_for(data)
    assert "http:// か https:// で始まるURL" in message


def test_entry_without_any_way_to_reach_it_is_an_error(data):
    path = data / "family" / "nijinokai.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text("\n".join(l for l in text.splitlines() if not l.startswith("inquiry:")), encoding="utf-8")
    [message] = problems_for(data)
    assert "少なくとも1つ書いてください" in message


def test_stale_entries_are_warnings_not_errors(sample):
    assert sample.warnings, "the 2024 sample facts are over a year old on the test date"
    assert all(p.severity == "warning" for p in sample.warnings)
    assert any("1年以上たっています" in p.message for p in sample.warnings)
