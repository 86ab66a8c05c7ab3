"""The municipalities of Japan as the package ships them (``municipalities.csv``, from the public-domain
localgovjp list): what ``init`` writes a new site's ``areas.yml`` and window entries from."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from .normalise import kana_to_romaji

TABLE = Path(__file__).with_name("municipalities.csv")
# What each kind of municipality is called in ids (the suffix of the name, and how it is read).
_SUFFIXES = {"市": ("city", ("し",)), "町": ("town", ("ちょう", "まち")), "村": ("village", ("そん", "むら")),
             "区": ("ward", ("く",))}


@dataclass(frozen=True)
class Municipality:
    code: str  # 全国地方公共団体コード (6 digits)
    prefecture: str
    name: str
    reading: str  # official, in hiragana
    url: str  # official web site
    lat: float
    lon: float

    @property
    def slug(self) -> str:
        """An ASCII id from the official reading, in the romaji the search reads (南城市 → nanjo-city)."""
        word, readings = _SUFFIXES.get(self.name[-1], ("", ()))
        stem = next((self.reading[:-len(r)] for r in readings if self.reading.endswith(r)), self.reading)
        return "-".join(part for part in (kana_to_romaji(stem), word) if part)


def load(table: Path = TABLE) -> list[Municipality]:
    with table.open(encoding="utf-8") as f:
        rows = csv.DictReader(line for line in f if not line.startswith("#"))
        return [Municipality(r["code"], r["prefecture"], r["name"], r["reading"], r["url"], float(r["lat"]),
                             float(r["lon"])) for r in rows]


def prefectures(table: list[Municipality]) -> list[str]:
    return list(dict.fromkeys(m.prefecture for m in table))


def prefecture_code(table: list[Municipality], prefecture: str) -> str:
    """The prefecture's own 全国地方公共団体コード: its two digits, 000, and the check digit of the code
    (11 less the weighted sum of the five digits modulo 11, its last digit)."""
    digits = next(m.code for m in table if m.prefecture == prefecture)[:2] + "000"
    total = sum(int(d) * w for d, w in zip(digits, (6, 5, 4, 3, 2)))
    return digits + str((11 - total % 11) % 10)
