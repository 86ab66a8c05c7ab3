"""What entry and area pages embed for machines and for paper: schema.org JSON-LD for search engines
and a QR code of the page's address for printed flyers."""

from __future__ import annotations

import inspect
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
    ``qr_svg``) and kept in a table by address. A first national build draws 11,700: ``drawing`` draws
    those of many pages on every core while the pages are rendered, each page holding a placeholder for
    its code until ``fill`` puts it in."""

    _PLACEHOLDER = re.compile("<sg-qr ([0-9]+)>")

    def __init__(self, cache: Cache) -> None:
        # A table for each way of drawing them: a change in the drawing starts a new one.
        drawer = Cache.key(segno.__version__, inspect.getsource(draw_qr), inspect.getsource(qr_svg))
        self.codes = cache.table(f"qr-{drawer[:16]}")
        self._placed: list[str] = []  # the addresses of the last ``drawing``, by placeholder number
        self._waiting: dict[str, int] = {}  # while drawing: their placeholder numbers

    def __call__(self, url: str) -> Markup:
        if url in self._waiting:
            return Markup(f"<sg-qr {self._waiting[url]}>")
        return Markup(self.codes.get_or_make(url, lambda: draw_qr(url)).decode("ascii"))

    @contextmanager
    def drawing(self, urls: list[str]) -> Iterator[None]:
        """Within: the codes of ``urls`` are being drawn, in workers when there are many."""
        self._placed = [url for url in dict.fromkeys(urls) if self.codes.get(url) is None]
        with parallel.Making(draw_qr, self._placed) as making:
            self._waiting = {url: number for number, url in enumerate(self._placed)}
            try:
                yield
                for url, svg in zip(self._placed, making.results()):
                    self.codes.put(url, svg)
            finally:
                self._waiting = {}

    def fill(self, text: str) -> str:
        """A page rendered while ``drawing``, with its code in place of the placeholder."""
        return self._PLACEHOLDER.sub(lambda found: self.codes.get(self._placed[int(found[1])]).decode("ascii"), text)


def draw_qr(url: str) -> bytes:
    # Any of the eight masks scans; choosing the "best" one is 80% of the cost, thousands of times a build.
    return qr_svg(segno.make(url, error="m", mask=0).matrix)


def qr_svg(matrix: tuple[bytearray, ...], scale: int = 4, border: int = 2) -> bytes:
    """The dark modules as one path of horizontal runs, each a line through the middle of its row and
    moved to from the end of the one before (segno's own SVG writer takes a third of a code's time)."""
    size = len(matrix) + 2 * border
    runs, x, y = [f"M0 {border}.5"], 0, border
    for row_y, row in enumerate(matrix, start=border):
        for found in _DARK_RUN.finditer(row):
            start, end = found.span()
            runs.append(f"m{start + border - x} {row_y - y}h{end - start}")
            x, y = end + border, row_y
    return (f'<svg width="{size * scale}" height="{size * scale}" viewBox="0 0 {size} {size}">'
            f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(runs)}"/></svg>').encode("ascii")


_DARK_RUN = re.compile(b"\x01+")
