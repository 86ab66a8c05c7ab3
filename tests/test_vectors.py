"""Rules the generator and the browser both apply, checked against the same vector files (tests/vectors/):
here the Python side, and through ``node --test`` the browser's modules (tests/js/unit/). No site build."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

import pytest

from generator.formatting import tel_href
from generator.normalise import terms
from generator.opening import holiday_dates
from generator.schedule import japan_time, nth_weekday, spans, status

pytestmark = pytest.mark.unit

ROOT = Path(__file__).resolve().parents[1]
VECTORS = ROOT / "tests" / "vectors"


def vectors(name: str) -> dict:
    return json.loads((VECTORS / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("query,expected", vectors("normalise")["cases"])
def test_normalises(query, expected):
    assert terms(query) == expected


@pytest.mark.parametrize("case", vectors("nth_weekday")["cases"], ids=lambda c: f"{c['year']}-{c['month']}/{c['week']}/{c['weekday']}")
def test_nth_and_last_weekday(case):
    found = nth_weekday(case["year"], case["month"], case["week"], case["weekday"])
    assert (found.isoformat() if found else None) == case["date"]


@pytest.mark.parametrize("case", vectors("japan_time")["cases"], ids=lambda c: c["at"])
def test_japan_time_across_midnight_utc(case):
    found = japan_time(datetime.fromisoformat(case["at"]))
    assert (found.date().isoformat(), found.weekday(), found.hour * 60 + found.minute) == \
        (case["date"], case["weekday"], case["minute"])


def test_holidays_shipped_to_the_browser():
    case = vectors("holidays")
    shipped = set(holiday_dates(date.fromisoformat(case["today"])))
    assert set(case["holidays"]) <= shipped
    assert not set(case["not_holidays"]) & shipped


OPENING = vectors("opening")


@pytest.mark.parametrize("case", OPENING["cases"], ids=lambda c: f"{c['hours']}@{c['at']}")
def test_open_now_and_next_opening_with_closed_days(case):
    found = status(OPENING["hours"][case["hours"]], datetime.fromisoformat(case["at"]), OPENING["holidays"])
    assert found == {"open": case["open"], "next": case["next"]}


@pytest.mark.parametrize("case", OPENING["during"], ids=lambda c: f"{c['hours']}@{c['date']}")
def test_open_during_a_day_with_closed_days(case):
    day = spans(OPENING["hours"][case["hours"]], date.fromisoformat(case["date"]), OPENING["holidays"])
    clock = lambda minute: f"{minute // 60:02d}:{minute % 60:02d}"  # noqa: E731
    assert any(opens <= clock(m) < closes for m in case["minutes"] for opens, closes in day) == case["open"]


@pytest.mark.parametrize("number,href", vectors("tel")["cases"])
def test_tel_links(number, href):
    assert tel_href(number) == href


def test_browser_modules_pass_their_node_tests():
    """The browser's plain modules against the same vectors, and their own unit tests (node's built-ins only)."""
    node = shutil.which("node")
    if not node:
        pytest.skip("node is not installed: the browser modules' unit tests (tests/js/unit/) did not run")
    files = sorted(str(p) for p in (ROOT / "tests" / "js" / "unit").glob("*.test.js"))  # Node 22+ takes no folder
    assert len(files) >= 4
    result = subprocess.run([node, "--test", *files], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_time_word_vectors_use_the_catalogues_own_words():
    """tests/vectors/time_words.json (run by search-engine.test.js) cuts with the vocabulary's own words
    (generator/defaults/topics.yml, which every site's search starts from)."""
    import yaml

    from generator.loader import DEFAULT_TOPICS

    said = vectors("time_words")
    vocabulary = yaml.safe_load(DEFAULT_TOPICS.read_text(encoding="utf-8"))
    for when, words in said["times"].items():
        assert set(words) <= set(vocabulary["times"][when]), when
    assert set(said["ignore"]) <= set(vocabulary["ignore"])
