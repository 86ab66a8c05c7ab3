"""What entry and area pages embed for machines: schema.org JSON-LD for search engines (the QR code
of the page's address for printed flyers is ``qr``)."""

from __future__ import annotations

import json
from datetime import datetime

from markupsafe import Markup

from .catalogue import Entry
from . import urls
from .formatting import titled
from .model import Area, Channel, Site
from .schedule import JST, Occurrence


def structured_data(site: Site, entry: Entry, areas: list[Area], url: str, coming: list[Occurrence]) -> dict:
    """schema.org description of an entry: the service, who runs it, and its coming dates as Events.

    The Events are items of their own in the page's graph, as search engines read events, each naming
    the service it is ``about``; the service lists them as its ``subjectOf`` (Service has no ``event``).
    """
    s = entry.service
    service: dict = {
        "@type": entry.kind.schema_org,
        "@id": f"{url}#service",
        "name": s.name,
        "description": s.summary,
        "url": url,
        "serviceType": entry.kind.label,
        "areaServed": [site.prefecture] if s.serves_all else [area.name for area in areas],
    }
    if s.aliases:
        service["alternateName"] = s.aliases
    if s.operator:
        service["provider"] = _organizer(entry)
    if s.contacts.phones:
        service["availableChannel"] = {"@type": "ServiceChannel", "servicePhone": {
            "@type": "ContactPoint", "telephone": s.contacts.phones[0].number}}
    image = url.removesuffix(urls.entry_url(entry)) + urls.card("service", entry.id)
    events = [_event(site, entry, areas, url, image, o) for o in coming[:6]]
    if events:
        service["subjectOf"] = [{"@id": event["@id"]} for event in events]
    return {"@context": "https://schema.org", "@graph": [service, *events]}


_SCHEMA = "https://schema.org/"


def _event(site: Site, entry: Entry, areas: list[Area], url: str, image: str, o: Occurrence) -> dict:
    s = entry.service
    start, end = _span(o)
    event = {"@type": "Event", "@id": f"{url}#{o.date.isoformat()}", "name": titled(s.name, o.title),
             "description": " ".join(filter(None, [s.summary, o.note])), "startDate": start, "endDate": end,
             "url": url, "image": [image], "eventStatus": f"{_SCHEMA}EventScheduled",
             "organizer": _organizer(entry), "about": {"@id": f"{url}#service"}}
    place = _place(site, entry, areas, o)
    virtual = {"@type": "VirtualLocation", "url": s.contacts.website or s.contacts.form or url} \
        if Channel.online in s.channels else None
    # Online when the service meets online and names no place; both when it does both.
    if place and virtual:
        mode, event["location"] = "Mixed", [place, virtual]
    elif virtual:
        mode, event["location"] = "Online", virtual
    else:
        mode, event["location"] = "Offline", place or _municipality(site, areas)
    event["eventAttendanceMode"] = f"{_SCHEMA}{mode}EventAttendanceMode"
    return event


def _span(o: Occurrence) -> tuple[str, str]:
    """Start and end: times of day in Japan when known, else the day itself."""
    if not o.opens:
        return o.date.isoformat(), o.date.isoformat()
    start = datetime.combine(o.date, o.opens, JST)
    return start.isoformat(), (datetime.combine(o.date, o.closes, JST) if o.closes else start).isoformat()


def _organizer(entry: Entry) -> dict:
    s = entry.service
    found = {"@type": "Organization", "name": s.operator or s.name}
    if s.contacts.website:
        found["url"] = s.contacts.website
    return found


def _address(site: Site, areas: list[Area], street: str | None = None) -> dict:
    address = {"@type": "PostalAddress", "addressCountry": "JP", "addressRegion": site.prefecture}
    if len(areas) == 1:
        address["addressLocality"] = areas[0].name
    if street:
        address["streetAddress"] = street
    return address


def _place(site: Site, entry: Entry, areas: list[Area], o: Occurrence) -> dict | None:
    """Where a date is held: its venue, or the entry's own place, with the address when it is known."""
    where = entry.service.location
    if o.venue and not (where and o.venue == where.name):
        return {"@type": "Place", "name": o.venue, "address": _address(site, areas)}
    if not where or not (where.address or where.name):
        return None
    place = {"@type": "Place", "name": where.name or entry.service.name,
             "address": _address(site, areas, where.address)}
    if where.lat is not None:
        place["geo"] = {"@type": "GeoCoordinates", "latitude": where.lat, "longitude": where.lon}
    return place


def _municipality(site: Site, areas: list[Area]) -> dict:
    """The municipality (or prefecture) an entry serves, when it names no place: where to ask about it."""
    return {"@type": "Place", "name": areas[0].name if len(areas) == 1 else site.prefecture,
            "address": _address(site, areas)}


def json_ld(data: dict) -> Markup:
    # "</" inside a <script> block would end it early; \u003c keeps the JSON the same.
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{text}</script>')
