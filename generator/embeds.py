"""What entry and area pages embed for machines and for paper: schema.org JSON-LD for search engines
and a QR code of the page's address for printed flyers."""

from __future__ import annotations

import json
from datetime import datetime

import segno
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


def qr_svg(url: str, cache: Cache) -> Markup:
    """A QR code of the page's address, drawn at build time (for printed flyers)."""
    key = Cache.key(url)
    kept = cache.get("qr", key)
    if kept is not None:
        return Markup(kept.decode("utf-8"))
    # Any of the eight masks scans; choosing the "best" one is 80% of the cost, thousands of times a build.
    svg = segno.make(url, error="m", mask=0).svg_inline(scale=4, border=2, dark="#000", light="#fff")
    cache.put("qr", key, svg.encode("utf-8"))
    return Markup(svg)
