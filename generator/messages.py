"""The one message catalogue: every Japanese word a resident or staff member reads from Python."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import yaml


@cache
def _catalogue() -> dict:
    return yaml.safe_load((Path(__file__).with_name("messages.yml")).read_text(encoding="utf-8"))


def labels() -> dict[str, dict[str, str]]:
    """Display names of enum values, grouped (kind, audience, channel, booking, weekday…)."""
    return _catalogue()["labels"]


def label(group: str, value: object) -> str:
    key = getattr(value, "value", value)
    return labels()[group].get(key, str(key))


# What a site calls its municipalities (site.yml municipalities) where the caller knows no site.
PLACES = "市町村"


def field_name(name: object, places: str = PLACES) -> str:
    return _catalogue()["fields"].get(name, str(name)).replace("{places}", places)


def type_name(kind: str, places: str = PLACES) -> str:
    return _catalogue()["types"].get(kind, kind).replace("{places}", places)


def editor_hint(name: str, places: str = PLACES) -> str:
    """The help line under a field of the form editor ('' when the field's name says enough)."""
    return _catalogue()["editor"]["hints"].get(name, "").replace("{places}", places)


def editor_choice(name: str, value: object) -> str:
    return _catalogue()["editor"]["choices"].get(name, {}).get(value, str(value))


def yaml_problem(detail: str) -> str:
    """PyYAML's English explanation, in plain Japanese where we know it."""
    return next((text for english, text in _catalogue()["yaml_problems"].items() if english in detail), detail)


def japanese_key(key: str) -> str | None:
    """Where a field written under its Japanese name (電話, 住所…) belongs, or None."""
    return _catalogue()["japanese_keys"].get(key)


def text(key: str, /, **values: object) -> str:
    return _catalogue()["texts"][key].format(**values)


def format(key: str, /, **values: object) -> str:
    """A pattern of ``formats`` (dates, times, day lists) filled in."""
    return _catalogue()["formats"][key].format(**values)


def opening_texts() -> dict[str, str]:
    """The words of the open-now status, with their {placeholders} for the browser (schedule.js) to fill."""
    return dict(_catalogue()["opening"])


def problem(key: str, /, places: str = PLACES, **values: object) -> str:
    return _catalogue()["problems"][key].format(places=places, **values)


def search_texts() -> dict:
    """What the browser's search shows, with ``{…}`` left for it to fill in."""
    return _catalogue()["search"]
