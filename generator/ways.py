"""Ways in without a phone call. For someone who cannot phone: which entries serving the same places
take mail, LINE or other SNS consultation, or are online. A LINE account that only sends notices
(channel ``news``) is not a way to consult."""

from __future__ import annotations

from collections import defaultdict

from .catalogue import Catalogue, Entry
from .model import Channel

WITHOUT_PHONE = (Channel.email, Channel.sns, Channel.online)
HOW_MANY = 5


def reachable_without_phone(entry: Entry) -> bool:
    return any(c in WITHOUT_PHONE for c in entry.service.channels)


class OtherWays:
    """Indexed once per build: each area's entries that can be reached without a phone."""

    def __init__(self, catalogue: Catalogue):
        self._wide: list[Entry] = []
        self._local: dict[str, list[Entry]] = defaultdict(list)
        for entry in catalogue.entries:
            if reachable_without_phone(entry):
                if entry.service.serves_all:
                    self._wide.append(entry)
                else:
                    for code in entry.service.areas:
                        self._local[code].append(entry)

    def for_entry(self, entry: Entry) -> list[Entry]:
        """For an entry one can only phone or visit: others for the same places, without a phone.
        Local ones first, then prefecture-wide; consultation windows before the rest."""
        if reachable_without_phone(entry):
            return []
        codes = [] if entry.service.serves_all else entry.service.areas
        local = {e.id: e for code in codes for e in self._local.get(code, [])}
        found = sorted(local.values(), key=lambda e: (e.kind.id != "consultation", e.service.name))
        found += sorted(self._wide, key=lambda e: (e.kind.id != "consultation", e.service.name))
        return [e for e in found if e.id != entry.id][:HOW_MANY]
