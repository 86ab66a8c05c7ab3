"""The search index format, declared once.

``search.py`` writes entries with the short keys below; the index carries this table (``fields``) and
its version, and ``search-engine.js`` reads every entry through the table, so no one-letter name is
shared by convention only. Change a key or its meaning here and raise ``VERSION``: a search engine
that expects another version says so instead of showing wrong results.
"""

from __future__ import annotations

VERSION = 2

# long name (what search-engine.js uses) → key written in the JSON, short because a national index has
# 10,000 entries
FIELDS = {
    "url": "u",  # address of the page, from the site root
    "name": "n",  # what the result shows
    "kind": "k",  # kind id (consultation…), absent for areas, kinds and written pages
    "areas": "a",  # positions in ``areas`` of the areas an entry serves
    "everywhere": "e",  # 1 when it serves the whole prefecture
    "audience": "au",  # audience ids (self, family, supporter)
    "channels": "ch",  # channel ids (phone, email…)
    "keys": "s",  # names and readings, normalised: the strongest match
    "other": "t",  # operator or page description, normalised
    "words": "w",  # content words of the summary and description (build-time tokenizer), normalised
    "topics": "tp",  # topic ids of data/topics.yml
    "next": "d",  # next date, YYYY-MM-DD
    "phone": "p",  # first phone number
    "hours": "h",  # opening hours in the compact form of generator/opening.py
    "main": "m",  # 1 for the site's main consultation line
}


def pack(item: dict) -> dict:
    """An item with long names → the same with the short keys of the JSON; empty values left out."""
    return {FIELDS[name]: value for name, value in item.items() if value not in (None, [], "")}
