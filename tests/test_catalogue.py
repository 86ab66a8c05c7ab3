"""Loading the sample catalogue."""

from __future__ import annotations

import shutil

import yaml

from generator import kinds
from generator.loader import DEFAULT_TOPICS, load

from .conftest import ROOT, TODAY


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


def test_every_site_answers_crisis_words_from_the_generators_vocabulary(tmp_path):
    """A site's own topics.yml adds to the generator's: its crisis words never drop the generator's."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    (data / "topics.yml").write_text("crisis: [もうだめだ]\n", encoding="utf-8")
    vocabulary = load(data, TODAY)[0].vocabulary
    shipped = yaml.safe_load(DEFAULT_TOPICS.read_text(encoding="utf-8"))["crisis"]
    assert set(shipped) < set(vocabulary.crisis) and "もうだめだ" in vocabulary.crisis
