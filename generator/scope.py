"""What a build works out again: everything, or, after an edit under ``make serve``, only what the
changed entries touch.

An entry's own outputs (its page, calendar, card, old addresses) show the entry and a few others:
whom to ask (``inquiry``) and, for one who cannot phone, other entries for the same places. An area's
page and calendar show what serves it and, when nothing of a kind is near, the nearest in-person
entries anywhere. ``between`` follows exactly these links; whatever it cannot follow cheaply (an entry
added, removed or made prefecture-wide) means everything.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalogue import Catalogue, Entry
from .model import Channel


@dataclass(frozen=True)
class Scope:
    entries: frozenset[str] | None = None  # ids whose own outputs are made again; None: every one
    areas: frozenset[str] | None = None  # codes of areas whose page and calendar are made again
    kinds: frozenset[str] | None = None  # kinds whose list page is made again
    dated: bool = True  # the page of coming dates
    nearest: bool = True  # every area page: an in-person place changed, which may be nearest anywhere

    @property
    def everything(self) -> bool:
        return self.entries is None and self.areas is None and self.kinds is None

    def has_entry(self, entry: Entry) -> bool:
        return self.entries is None or entry.id in self.entries

    def has_area(self, code: str) -> bool:
        """An area whose calendar and page show what serves it."""
        return self.areas is None or code in self.areas

    def has_area_page(self, code: str) -> bool:
        return self.nearest or self.has_area(code)

    def has_kind(self, kind_id: str) -> bool:
        return self.kinds is None or kind_id in self.kinds


EVERYTHING = Scope()


def between(before: Catalogue, after: Catalogue) -> Scope:
    """What differs between two catalogues with the same site, areas and topics."""
    old = {e.id: e for e in before.entries}
    new = {e.id: e for e in after.entries}
    if old.keys() != new.keys():
        return EVERYTHING  # an entry added, removed or renamed: lists, counts and links move everywhere
    versions = [e for entry_id, entry in new.items() if entry.digest != old[entry_id].digest
                for e in (old[entry_id], entry)]
    if any(e.service.serves_all for e in versions):
        return EVERYTHING  # a prefecture-wide entry is on every area page
    ids = {e.id for e in versions}
    areas = {code for e in versions for code in e.service.areas}
    areas |= {code for e in versions if e.service.location for code in e.service.location.in_areas}
    # Entries that show a changed one: those that name it as whom to ask, and those for the same places.
    shown_by = {e.id for e in after.entries if e.service.inquiry in ids}
    shown_by |= {e.id for code in areas for e in after.serving(code)}
    # An in-person place may be the nearest one for areas anywhere: every area page is made again.
    anywhere = any(Channel.visit in e.service.channels for e in versions)
    return Scope(entries=frozenset(ids | shown_by), areas=frozenset(areas),
                 kinds=frozenset(e.kind.id for e in versions), dated=any(e.service.schedule for e in versions),
                 nearest=anywhere)
