"""Readings (よみ) of names: official ones win, then a staff override, then pykakasi.

pykakasi misreads many place names (東員町 → とういんまち; officially とういんちょう), so a machine
reading is only a fallback and is marked as such for staff to review.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .catalogue import Catalogue, Entry
from .model import Area


@dataclass(frozen=True)
class Reading:
    text: str
    machine: bool  # True when pykakasi guessed it and no person has checked it


class KeptTexts:
    """Something slow worked out from a text, remembered in ``cache_file`` (JSON) between builds."""

    def __init__(self, cache_file: Path | None = None) -> None:
        self._file = cache_file
        self._cache: dict[str, str] = {}
        if cache_file and cache_file.exists():
            try:
                self._cache = json.loads(cache_file.read_text(encoding="utf-8"))
            except (ValueError, OSError):
                pass  # a damaged cache is only slower, never wrong: start again
        self._known = len(self._cache)

    def compute(self, text: str) -> str:
        raise NotImplementedError

    def get(self, text: str) -> str:
        if text not in self._cache:
            self._cache[text] = self.compute(text)
        return self._cache[text]

    def save(self) -> None:
        if self._file and len(self._cache) != self._known:
            self._file.parent.mkdir(parents=True, exist_ok=True)
            self._file.write_text(json.dumps(self._cache, ensure_ascii=False), encoding="utf-8")
            self._known = len(self._cache)


class Readings(KeptTexts):
    """Machine readings (pykakasi needs 1 ms a name)."""

    @cached_property
    def _kakasi(self):
        import pykakasi  # slow to set up; only paid when a machine reading is needed

        return pykakasi.kakasi()

    def compute(self, text: str) -> str:
        return "".join(part["hira"] for part in self._kakasi.convert(text))

    def machine(self, text: str) -> str:
        return self.get(text)

    def of_area(self, area: Area) -> Reading:
        return Reading(area.reading, machine=False)

    def of_entry(self, entry: Entry) -> Reading:
        if entry.service.reading:
            return Reading(entry.service.reading, machine=False)
        return Reading(self.machine(entry.service.name), machine=True)


def machine_report(catalogue: Catalogue, readings: Readings) -> list[tuple[Entry, str, str]]:
    """Every name and alias the search only knows by a machine reading: (entry, text, reading)."""
    found = []
    for entry in catalogue.entries:
        texts = ([] if entry.service.reading else [entry.service.name]) + list(entry.service.aliases)
        found += [(entry, text, readings.machine(text)) for text in texts]
    return found
