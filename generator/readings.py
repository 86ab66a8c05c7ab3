"""Readings (よみ) of names: official ones win, then a staff override, then pykakasi.

pykakasi misreads many place names (東員町 → とういんまち; officially とういんちょう), so a machine
reading is only a fallback and is marked as such for staff to review.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .cache import Table
from .catalogue import Catalogue, Entry
from .model import Area


@dataclass(frozen=True)
class Reading:
    text: str
    machine: bool  # True when pykakasi guessed it and no person has checked it


class Readings:
    """Machine readings, kept in a cache table between builds (pykakasi needs 1 ms a name)."""

    def __init__(self, table: Table | None = None) -> None:
        self._table = table if table is not None else Table(None)

    def prepare(self) -> None:
        """Load pykakasi's dictionaries (2 s) in the background, for a process that will need them."""
        threading.Thread(target=lambda: self._kakasi, daemon=True).start()

    @cached_property
    def _kakasi(self):
        import pykakasi  # slow to set up; only paid when a machine reading is needed

        return pykakasi.kakasi()

    def machine(self, text: str) -> str:
        return self._table.get_or_make(text, lambda: "".join(part["hira"] for part in self._kakasi.convert(text)))

    def of_area(self, area: Area) -> Reading:
        return Reading(area.reading, machine=False)

    def of_entry(self, entry: Entry, areas: Iterable[Area] = ()) -> Reading:
        """Staff's reading, else a machine's; a name that begins with one of ``areas`` (those the entry
        serves: 札幌市ひきこもり相談窓口) has that place read officially and only the rest by machine,
        which is then shared by every name with the same rest."""
        if entry.service.reading:
            return Reading(entry.service.reading, machine=False)
        name = entry.service.name
        place = max((a for a in areas if name.startswith(a.name)), key=lambda a: len(a.name), default=None)
        if place is None:
            return Reading(self.machine(name), machine=True)
        rest = name[len(place.name):]
        return Reading(place.reading + self.machine(rest), machine=True) if rest else self.of_area(place)


def machine_report(catalogue: Catalogue, readings: Readings) -> list[tuple[Entry, str, str]]:
    """Every name and alias the search only knows by a machine reading: (entry, text, reading)."""
    found = []
    for entry in catalogue.entries:
        name = readings.of_entry(entry, catalogue.areas_of(entry))
        if name.machine:
            found.append((entry, entry.service.name, name.text))
        found += [(entry, text, readings.machine(text)) for text in entry.service.aliases]
    return found
