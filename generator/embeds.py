"""What entry and area pages embed for machines and for paper: schema.org JSON-LD for search engines
and a QR code of the page's address for printed flyers."""

from __future__ import annotations

import inspect
import json
import re
from datetime import datetime
from importlib import metadata

import zxingcpp
from markupsafe import Markup

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
    ``qr_svg``) and kept in a table by address: a page drawn again (its dates moved on) keeps its code.
    A first national build draws 11,700, in the workers that render the pages (``pages.Renderer``)."""

    def __init__(self, cache: Cache) -> None:
        # A table for each way of drawing them: a change in the drawing starts a new one.
        drawer = Cache.key(metadata.version("zxing-cpp"), inspect.getsource(draw_qr), inspect.getsource(qr_svg))
        self.codes = cache.table(f"qr-{drawer[:16]}")

    def __call__(self, url: str) -> Markup:
        return Markup(self.codes.get_or_make(url, lambda: draw_qr(url)).decode("ascii"))


def draw_qr(url: str) -> bytes:
    # zxing-cpp encodes in C++: 0.3 ms a code, where segno (pure Python) took 1.8 ms, 11,700 times in a
    # first national build. Level M (15 % of the code may be smudged), as most printed addresses.
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = code.to_image(scale=1, add_quiet_zones=False)  # a byte a module: 0 dark, 255 light
    size, data = modules.shape[1], bytes(modules)
    return qr_svg([data[start:start + size] for start in range(0, len(data), size)])


def qr_svg(rows: list[bytes], scale: int = 4, border: int = 2) -> bytes:
    """The dark modules (0 in ``rows``) as one path of horizontal runs, each a line through the middle
    of its row and moved to from the end of the one before: the smallest SVG of a code."""
    size = len(rows) + 2 * border
    runs, x, y = [f"M0 {border}.5"], 0, border
    for row_y, row in enumerate(rows, start=border):
        for found in _DARK_RUN.finditer(row):
            start, end = found.span()
            runs.append(f"m{start + border - x} {row_y - y}h{end - start}")
            x, y = end + border, row_y
    return (f'<svg width="{size * scale}" height="{size * scale}" viewBox="0 0 {size} {size}">'
            f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(runs)}"/></svg>').encode("ascii")


_DARK_RUN = re.compile(b"\x00+")
