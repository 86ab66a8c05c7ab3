"""The catalogue as the rest of the generator sees it: valid entries and areas, and the questions
pages, feeds and the search ask of it. ``loader`` makes one; nothing here reads a file."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .kinds import Kind, all_kinds
from .model import Area, Service, Site, Vocabulary


@dataclass(frozen=True)
class Entry:
    """One service of the catalogue with what the folder and file tell about it."""

    kind: Kind
    service: Service
    path: Path

    @property
    def id(self) -> str:
        return self.service.id

    @cached_property
    def digest(self) -> str:
        """A digest of everything the entry says: what kept pages and calendars are keyed on."""
        facts = json.dumps((self.kind.id, self.service.model_dump(mode="json")), ensure_ascii=False)
        return hashlib.sha256(facts.encode()).hexdigest()


@dataclass
class Catalogue:
    site: Site
    areas: list[Area]
    entries: list[Entry]
    vocabulary: Vocabulary = Vocabulary()  # defaults/topics.yml with data/topics.yml, for the search

    def __post_init__(self) -> None:
        self._areas = {a.code: a for a in self.areas}
        self._entries = {e.id: e for e in self.entries}
        # Indexed once: area pages and calendars ask for every area, which is 1,700+ nationally.
        self._wide = [e for e in self.entries if e.service.serves_all]
        self._local: dict[str, list[Entry]] = {}
        for entry in sorted(self.entries, key=lambda e: 0 if e.service.serves_all else len(e.service.areas)):
            for code in [] if entry.service.serves_all else entry.service.areas:
                self._local.setdefault(code, []).append(entry)

    @property
    def kinds(self) -> tuple[Kind, ...]:
        return all_kinds()

    def area(self, code: str) -> Area:
        return self._areas[code]

    def entry(self, entry_id: str) -> Entry:
        return self._entries[entry_id]

    def areas_of(self, entry: Entry) -> list[Area]:
        """The areas an entry names (none for a prefecture-wide one)."""
        return [] if entry.service.serves_all else [self._areas[code] for code in entry.service.areas]

    def of_kind(self, kind: Kind) -> list[Entry]:
        return [e for e in self.entries if e.kind == kind]

    def serving(self, code: str) -> list[Entry]:
        """Everything usable in an area: the most local entries first, then the prefecture-wide ones."""
        return self._local.get(code, []) + self._wide

    def local_counts(self, kind: Kind) -> dict[str, int]:
        """How many entries of ``kind`` serve each area by name (not prefecture-wide), by area code."""
        counts: dict[str, int] = {}
        for entry in self.entries:
            if entry.kind == kind and not entry.service.serves_all:
                for code in entry.service.areas:
                    counts[code] = counts.get(code, 0) + 1
        return counts

    def local_by_region(self, entries: list[Entry]) -> dict[str, list[Entry]]:
        """The entries that serve some area of each region (in the order of ``site.regions``), each
        region's in the order of the official reading of the first of its areas there (あいうえお順,
        as people look for their own town), then of the entry's own reading or name."""
        grouped: dict[str, list[tuple[tuple[str, str], Entry]]] = {region: [] for region in self._regions}
        for entry in entries:
            if not entry.service.serves_all:
                first: dict[str, Area] = {}
                for code in entry.service.areas:
                    first.setdefault(self._areas[code].region or "", self._areas[code])
                for region, area in first.items():
                    grouped[region].append(((area.reading, entry.service.reading or entry.service.name), entry))
        return {region: [entry for _, entry in sorted(listed, key=lambda pair: pair[0])]
                for region, listed in grouped.items()}

    @property
    def _regions(self) -> list[str]:
        """The regions in display order; a site without regions has one, named "" (no heading)."""
        return self.site.regions or [""]

    def areas_by_region(self) -> dict[str, list[Area]]:
        """The areas of each region; a site without regions lists them all by official reading."""
        if not self.site.regions:
            return {"": sorted(self.areas, key=lambda a: a.reading)}
        return {r: [a for a in self.areas if a.region == r] for r in self.site.regions}
