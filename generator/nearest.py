"""Nearest in person when there is none here: for an area whose list of a kind is empty or holds only
prefecture-wide entries, the closest entries of that kind one can go to (来所), by straight-line
distance between the area's coordinates and the entry's place: its coordinates, else the 市町 it is
in (``location.in_areas``), else the areas it serves.

Worked out at build time. Points are bucketed in a grid so a national catalogue does not measure
every area against every entry.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

from .catalogue import Catalogue, Entry
from .kinds import Kind
from .model import Area, Channel

CELL = 0.5  # grid cell, degrees: about 45 km east-west and 55 km north-south in Japan
CELL_KM = 45.0  # the shortest side of a cell, for when a ring of cells is far enough
EARTH_KM = 6371.0
HOW_MANY = 3


@dataclass(frozen=True)
class Near:
    entry: Entry
    area: Area  # the area (or the one of its areas) nearest to where one asks from
    km: float


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_KM * math.asin(math.sqrt(a))


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL), math.floor(lon / CELL)


class Nearest:
    """In-person (来所) entries of each kind that serve particular areas, found by distance."""

    def __init__(self, catalogue: Catalogue):
        self._catalogue = catalogue
        # Keyed by kind id: where each in-person place is, by grid cell, and which areas hold one.
        self._grid: dict[str, dict[tuple[int, int], list[tuple[float, float, Entry, Area]]]] = defaultdict(
            lambda: defaultdict(list))
        self._held_in: set[tuple[str, str]] = set()  # (area code, kind id)
        for entry in catalogue.entries:
            for lat, lon, area in self._places(entry):
                self._grid[entry.kind.id][_cell(lat, lon)].append((lat, lon, entry, area))
                self._held_in.add((area.code, entry.kind.id))

    def _places(self, entry: Entry) -> list[tuple[float, float, Area]]:
        """Where one goes: its coordinates, else the 市町 it is in, else (a local entry) those it serves."""
        s = entry.service
        if Channel.visit not in s.channels:
            return []
        where = s.location.in_areas if s.location and s.location.in_areas else [] if s.serves_all else s.areas
        areas = [self._catalogue.area(code) for code in where]
        if s.location and s.location.lat is not None:  # named after the nearest of its areas
            known = [a for a in (areas or self._catalogue.areas) if a.lat is not None]
            if known:
                area = min(known, key=lambda a: _km(s.location.lat, s.location.lon, a.lat, a.lon))
                return [(s.location.lat, s.location.lon, area)]
        return [(a.lat, a.lon, a) for a in areas if a.lat is not None]

    def needed(self, area: Area, kind: Kind) -> bool:
        """True when nothing of this kind is the area's own or held in it (prefecture-wide ones elsewhere
        do not count)."""
        if (area.code, kind.id) in self._held_in:
            return False
        return not any(e.kind == kind and not e.service.serves_all for e in self._catalogue.serving(area.code))

    def of(self, area: Area, kind: Kind) -> list[Near]:
        """The nearest in-person entries of ``kind`` for someone in ``area``, closest first."""
        if area.lat is None or area.lon is None or not self.needed(area, kind):
            return []
        grid = self._grid.get(kind.id)
        if not grid:
            return []
        row, col = _cell(area.lat, area.lon)
        best: dict[str, Near] = {}
        reach = max(max(abs(r - row), abs(c - col)) for r, c in grid)
        for ring in range(reach + 1):
            for r in range(row - ring, row + ring + 1):
                for c in range(col - ring, col + ring + 1):
                    if max(abs(r - row), abs(c - col)) != ring:
                        continue
                    for lat, lon, entry, place in grid.get((r, c), ()):
                        km = _km(area.lat, area.lon, lat, lon)
                        if entry.id not in best or km < best[entry.id].km:
                            best[entry.id] = Near(entry, place, km)
            found = sorted(best.values(), key=lambda n: (n.km, n.entry.id))[:HOW_MANY]
            # Anything in a further ring is at least ring × CELL_KM away.
            if len(found) == HOW_MANY and found[-1].km <= ring * CELL_KM:
                return found
        return sorted(best.values(), key=lambda n: (n.km, n.entry.id))[:HOW_MANY]
