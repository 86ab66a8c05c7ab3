"""The search index: every entry, area, kind and written page with the keys a resident may type.

Keys are in the normalised form of ``normalise`` (hiragana, loose long vowels): names, official or
machine readings, aliases, names without their 市・町・村 suffix. The browser ranks exact > prefix >
substring over them (overrides/assets/javascripts/search-engine.js). Knows nothing of MkDocs.

Two files: ``index.json`` (areas, kinds, written pages) is small and fetched first, so a place or a
kind shows at once even in a national catalogue; ``entries.json`` (every entry) follows.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml

from . import messages, opening, schedule, written
from .cache import Table, digest
from .catalogue import Catalogue, Entry
from .formatting import everywhere
from .model import Area, Channel
from .normalise import ROMAJI, key, terms
from .readings import Readings
from .search_format import FIELDS, VERSION, pack
from .words import Words

PATH = "search/index.json"
ENTRIES_PATH = "search/entries.json"
# 「電話以外で相談したい」 (way=nophone): ways in that need no phone call, not even to book one (a visit
# usually does); news (an account that only sends notices) is not one
NOPHONE = "nophone"
WITHOUT_PHONE = (Channel.email, Channel.online, Channel.sns)
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
    found = _with_suffixless(area.name, area.reading) + list(area.aliases)
    return list(dict.fromkeys(map(key, found)))


def _name_keys(name: str, reading: str, aliases: list[str]) -> list[str]:
    names, readings = name.split(), reading.split()
    pairs = zip(names, readings) if len(names) == len(readings) else [(n, None) for n in names]
    found = [name, reading] + aliases
    for n, r in pairs:
        found += _with_suffixless(n, r)
    if len(names) != len(readings):
        found += readings
    return list(dict.fromkeys(k for k in map(key, found) if k))


def _word_keys(texts: list[str], readings: Readings) -> list[str]:
    """A word as written and as read: 仕事 → しごと, so every typed form meets it."""
    return list(dict.fromkeys(k for t in texts for k in (key(t), key(readings.machine(t))) if k))


def _label_keys(label: str, readings: Readings) -> list[str]:
    """A kind's label whole and each of its names (アウトリーチ・訪問支援: アウトリーチ, 訪問支援), as
    a query is cut at the same separators."""
    return _word_keys([label, *terms(label)], readings)


class _Indexer:
    """What every item of the index needs: the catalogue, readings, words and topics."""

    def __init__(self, catalogue: Catalogue, today: date, readings: Readings, words: Words) -> None:
        self.catalogue, self.today, self.readings, self.words = catalogue, today, readings, words
        self.position = {a.code: i for i, a in enumerate(catalogue.areas)}
        self.topics = catalogue.vocabulary.topics
        self.ignore = {key(w) for w in catalogue.vocabulary.ignore}

    def topics_of(self, entry: Entry) -> list[str]:
        """Its own topics and those its kind or channels bring. Topics of an audience (ご本人, 支援者)
        fit nearly every entry: the browser adds them from ``audience``, weighing them less."""
        service = entry.service
        return [t for t, topic in self.topics.items()
                if t in service.topics or entry.kind.id in topic.kinds or set(service.channels) & set(topic.channels)]

    def text_words(self, *texts: str | None) -> list[str]:
        found = (key(w) for t in texts if t for w in self.words.of(t))
        return [w for w in dict.fromkeys(found) if w not in self.ignore and not (len(w) == 1 and "ぁ" <= w <= "ゖ")]

    def entry(self, entry: Entry) -> dict:
        service = entry.service
        aliases = list(service.aliases) + [self.readings.machine(a) for a in service.aliases]
        names = _name_keys(service.name, self.readings.of_entry(entry, self.catalogue.areas_of(entry)).text, aliases)
        coming = next(iter(schedule.entry_upcoming(entry, self.today)), None)
        phones = service.contacts.phones
        return pack({
            "url": f"service/{entry.id}/", "name": service.name, "kind": entry.kind.id,
            "areas": [] if service.serves_all else [self.position[c] for c in service.areas],
            "everywhere": 1 if service.serves_all else None,
            "audience": [a.value for a in service.audience], "channels": [c.value for c in service.channels],
            "keys": names, "topics": self.topics_of(entry),
            "other": [key(service.operator), key(self.readings.machine(service.operator))] if service.operator else [],
            "words": [w for w in self.text_words(service.summary, service.description) if w not in names],
            "next": coming.date.isoformat() if coming else None, "phone": phones[0].number if phones else None,
            "hours": opening.hours(entry),
            "main": 1 if entry.id == self.catalogue.site.main_line else None})

    def written_pages(self, content_dir: Path | None) -> list[dict]:
        found = []
        for name, text in written.texts(content_dir, self.catalogue.site).items():
            meta = yaml.safe_load(text.split("---")[1]) if text.startswith("---") else {}
            title = meta.get("title") or name[:-len(".md")]
            description = meta.get("description", "")
            found.append(pack({"url": f"{name[:-len('.md')]}/", "name": title,
                               "keys": _name_keys(title, self.readings.machine(title), []),
                               "other": [key(description)], "words": self.text_words(title, description)}))
        return found

    def first(self, content_dir: Path | None) -> dict:
        """What a query needs before any entry: the vocabulary, areas, kinds and written pages."""
        vocabulary, site = self.catalogue.vocabulary, self.catalogue.site
        items = [pack({"url": f"{k.id}/", "name": k.label, "keys": _label_keys(k.label, self.readings)})
                 for k in self.catalogue.kinds]
        items += self.written_pages(content_dir)
        texts = dict(messages.search_texts())
        texts["everywhere"] = everywhere(site.prefecture)
        return {
            "version": VERSION, "fields": FIELDS, "romaji": ROMAJI, "messages": texts,
            "kinds": [{"id": k.id, "label": k.label, "keys": _label_keys(k.label, self.readings)}
                      for k in self.catalogue.kinds],
            "areas": [{"code": a.code, "name": a.name, "keys": _area_keys(a)} for a in self.catalogue.areas],
            "topics": [{"id": t, "label": topic.label, "keys": _word_keys(topic.words, self.readings),
                        "audience": [a.value for a in topic.audience]} for t, topic in vocabulary.topics.items()],
            "times": {when: _word_keys(said, self.readings) for when, said in vocabulary.times.items()},
            "ignore": [key(w) for w in vocabulary.ignore],
            "crisis": _word_keys(vocabulary.crisis, self.readings),
            # answered first to a crisis: the national lines (those open at that hour), then the main line
            "lines": {"night": [f"service/{i}/" for i in site.night_lines], "main": f"service/{site.main_line}/"},
            "without_phone": {"way": NOPHONE, "channels": [c.value for c in WITHOUT_PHONE]},
            "items": items}


def index(catalogue: Catalogue, today: date, readings: Readings, content_dir: Path | None = None,
          words: Words | None = None, kept: Table | None = None) -> dict[str, str]:
    """The two files of the index, by path. An area's own result is made in the browser from ``areas``."""
    indexer = _Indexer(catalogue, today, readings, words or Words())
    # An entry's item changes with the entry, the day and what every item refers to (areas by position,
    # topics, the main line): kept by these, a rebuild after one edit works out one item.
    kept = kept if kept is not None else Table(None)
    frame = digest(today, [a.code for a in catalogue.areas], catalogue.vocabulary.model_dump(mode="json"),
                      catalogue.site.main_line)
    items = [kept.get_or_make((frame, entry.digest), lambda: indexer.entry(entry)) for entry in catalogue.entries]
    entries = {"version": VERSION, "items": items}
    return {PATH: _json(indexer.first(content_dir)), ENTRIES_PATH: _json(entries)}


def _json(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
