"""The search index: every entry, area, kind and written page with the keys a resident may type.

Keys are in the normalised form of ``normalise`` (hiragana, loose long vowels): names, official or
machine readings, aliases, names without their 市・町・村 suffix. The browser ranks exact > prefix >
substring over them (overrides/assets/javascripts/search.js). Knows nothing of MkDocs.

Two files: ``index.json`` (areas, kinds, written pages) is small and fetched first, so a place or a
kind shows at once even in a national catalogue; ``entries.json`` (every entry) follows.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml

from . import schedule
from .catalogue import Catalogue, Entry
from .formatting import everywhere
from .model import Area
from .normalise import ROMAJI, key
from .readings import Readings

PATH = "search/index.json"
ENTRIES_PATH = "search/entries.json"
_SUFFIX_READINGS = {"市": ("し",), "町": ("ちょう", "まち"), "村": ("むら", "そん")}


def _with_suffixless(name: str, reading: str | None) -> list[str]:
    """四日市市 → 四日市, よっかいちし → よっかいち: people leave the suffix out."""
    found = [name] + ([reading] if reading else [])
    suffix = name[-1:]
    if len(name) > 1 and suffix in _SUFFIX_READINGS:
        found.append(name[:-1])
        found += [reading[:-len(r)] for r in _SUFFIX_READINGS[suffix] if reading and reading.endswith(r)]
    return found


def _area_keys(area: Area) -> list[str]:
    return list(dict.fromkeys(map(key, _with_suffixless(area.name, area.reading))))


def _name_keys(name: str, reading: str, aliases: list[str]) -> list[str]:
    names, readings = name.split(), reading.split()
    pairs = zip(names, readings) if len(names) == len(readings) else [(n, None) for n in names]
    found = [name, reading] + aliases
    for n, r in pairs:
        found += _with_suffixless(n, r)
    if len(names) != len(readings):
        found += readings
    return list(dict.fromkeys(k for k in map(key, found) if k))


def _entry(entry: Entry, catalogue: Catalogue, readings: Readings, today: date, position: dict[str, int]) -> dict:
    service = entry.service
    aliases = list(service.aliases) + [readings.machine(a) for a in service.aliases]
    areas = [] if service.serves_all else [catalogue.area(c) for c in service.areas]
    # areas and kinds are matched through "a", "k" and the tables of the index, not repeated per entry
    coming = next(iter(schedule.entry_upcoming(entry, today)), None)
    phones = service.contacts.phones
    item = {"u": f"service/{entry.id}/", "n": service.name, "k": catalogue.kinds.index(entry.kind),
            "a": [position[a.code] for a in areas] if areas else -1,
            "au": [a.value for a in service.audience], "ch": [c.value for c in service.channels],
            "s": _name_keys(service.name, readings.of_entry(entry).text, aliases)}
    if service.operator:
        item["t"] = [key(service.operator), key(readings.machine(service.operator))]
    if coming:
        item["d"] = coming.date.isoformat()
    if phones:
        item["p"] = phones[0].number
    return item


def _written_pages(content_dir: Path, readings: Readings) -> list[dict]:
    found = []
    for path in sorted(content_dir.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        meta = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
        title = meta.get("title") or path.stem
        found.append({"u": f"{path.stem}/", "n": title, "k": -1,
                      "s": _name_keys(title, readings.machine(title), []),
                      "t": [key(meta.get("description", ""))]})
    return found


def index(catalogue: Catalogue, today: date, readings: Readings, content_dir: Path | None = None) -> dict[str, str]:
    """The two files of the index, by path. An area's own result is made in the browser from ``areas``."""
    position = {a.code: i for i, a in enumerate(catalogue.areas)}
    items = [{"u": f"{k.id}/", "n": k.label, "k": -1, "s": _name_keys(k.label, readings.machine(k.label), [])}
             for k in catalogue.kinds]
    if content_dir and content_dir.is_dir():
        items += _written_pages(content_dir, readings)
    kinds = [k.label for k in catalogue.kinds]
    first = {"romaji": ROMAJI, "everywhere": everywhere(catalogue.site.prefecture), "kinds": [[k, [key(k), key(readings.machine(k))]] for k in kinds],
             "areas": [[a.code, a.name, _area_keys(a)] for a in catalogue.areas], "items": items}
    entries = {"items": [_entry(e, catalogue, readings, today, position) for e in catalogue.entries]}
    return {PATH: _json(first), ENTRIES_PATH: _json(entries)}


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
