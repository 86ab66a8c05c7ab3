"""What entry and area pages embed for machines and for paper: schema.org JSON-LD for search engines
and a QR code of the page's address for printed flyers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

import segno
from markupsafe import Markup

from . import parallel
from .cache import Cache
from .catalogue import Entry
from .formatting import titled
from .model import Area, Channel, Site
from .schedule import JST, Occurrence


def structured_data(site: Site, entry: Entry, areas: list[Area], url: str, coming: list[Occurrence]) -> dict:
    """schema.org description of an entry: the service, who runs it, its dates."""
    s = entry.service
    data: dict = {
        "@context": "https://schema.org",
        "@type": entry.kind.schema_org,
        "name": s.name,
        "description": s.summary,
        "url": url,
        "serviceType": entry.kind.label,
        "areaServed": [site.prefecture] if s.serves_all else [area.name for area in areas],
    }
    if s.aliases:
        data["alternateName"] = s.aliases
    if s.operator:
        data["provider"] = {"@type": "Organization", "name": s.operator}
    if s.contacts.phones:
        data["availableChannel"] = {"@type": "ServiceChannel", "servicePhone": {
            "@type": "ContactPoint", "telephone": s.contacts.phones[0].number}}
    events = []
    for o in coming[:6]:
        start = datetime.combine(o.date, o.opens, JST).isoformat() if o.opens else o.date.isoformat()
        event = {"@type": "Event", "name": titled(s.name, o.title), "startDate": start,
                 "url": url, "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
                 if Channel.online in s.channels else "https://schema.org/OfflineEventAttendanceMode"}
        if o.venue:
            event["location"] = {"@type": "Place", "name": o.venue}
        events.append(event)
    if events:
        data["event"] = events
    return data


def json_ld(data: dict) -> Markup:
    # "</" inside a <script> block would end it early; \u003c keeps the JSON the same.
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{text}</script>')


class QrCodes:
    """The QR codes of the pages' addresses, drawn at build time for printed flyers (the templates'
    ``qr_svg``). A first national build draws 11,700 at 4 ms each: ``drawing`` draws those of many
    pages on every core while the pages are rendered, each page holding a placeholder for its code
    until ``fill`` puts it in."""

    _PLACEHOLDER = re.compile("<sg-qr ([0-9a-f]{64})>")

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self._drawing: parallel.Keeping | None = None
        self._unkept: dict[str, bytes] = {}  # drawn but not kept: there is no .cache/ (tests)

    def __call__(self, url: str) -> Markup:
        key = Cache.key(url)
        if self._drawing is not None and key in self._drawing.missing:
            return Markup(f"<sg-qr {key}>")
        return Markup(self._svg(key, url).decode("utf-8"))

    def _svg(self, key: str, url: str) -> bytes:
        svg = self.cache.get("qr", key)
        if svg is None:
            svg = draw_qr(url)
            self.cache.put("qr", key, svg)
        return svg

    @contextmanager
    def drawing(self, urls: list[str]) -> Iterator[None]:
        """Within: the codes of ``urls`` are being drawn, in workers when there are many."""
        wanted = {Cache.key(url): url for url in urls}
        with parallel.Keeping(self.cache, "qr", draw_qr, wanted) as self._drawing:
            try:
                yield
                self._unkept = self._drawing.done()
            finally:
                self._drawing = None

    def fill(self, text: str) -> str:
        """A page rendered while ``drawing``, with its code in place of the placeholder."""
        return self._PLACEHOLDER.sub(lambda found: self._filled(found[1]), text)

    def _filled(self, key: str) -> str:
        svg = self._unkept.get(key) or self.cache.get("qr", key)
        return svg.decode("utf-8")


def draw_qr(url: str) -> bytes:
    # Any of the eight masks scans; choosing the "best" one is 80% of the cost, thousands of times a build.
    return segno.make(url, error="m", mask=0).svg_inline(scale=4, border=2, dark="#000", light="#fff").encode("utf-8")
