"""Loading the sample catalogue."""

from __future__ import annotations

from generator import kinds


def test_sample_catalogue_has_every_municipality_with_a_window(sample):
    cat = sample.catalogue
    assert len(cat.areas) == 29
    assert {a.region for a in cat.areas} == {"北勢", "中南勢", "伊勢志摩", "伊賀", "東紀州"}
    windows = [e for e in cat.of_kind(kinds.by_id("consultation")) if not e.service.serves_all]
    covered = {code for e in windows for code in e.service.areas}
    assert covered == {a.code for a in cat.areas}


def test_official_readings_win(sample):
    toin = next(a for a in sample.catalogue.areas if a.name == "東員町")
    assert toin.reading == "とういんちょう"
    assert toin.code == "243248"


def test_every_kind_has_entries(sample):
    for kind in kinds.all_kinds():
        assert sample.catalogue.of_kind(kind), kind


def test_sample_has_only_warnings(sample):
    assert sample.warnings, "the 2024 sample facts are over a year old on the test date"
    assert all(p.severity == "warning" for p in sample.warnings)
