"""The catalogue in Open Referral HSDS 3.0 exchange formats: the tabular data package (``datapackage.json``
and one CSV per table, as the official package names them) and a JSON list of services in the shape of
the official compiled ``service_package`` schema (each service with its organization, phones, schedules,
areas and locations nested).

The tables and their columns are in ``hsds.yml``; every table is written, an unused one as its header,
so the official ``datapackage.json`` reads the files as they are.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from . import formatting, messages
from .catalogue import Catalogue, Entry
from .model import Site

_NAMESPACE = uuid.UUID("6f1c3c2e-8f0a-4a53-9d6e-1f5b0c8e2a71")  # stable ids across builds
VERSION = "3.0.0"  # of the HSDS tabular data package hsds.yml follows
_TYPES = {"number", "date", "datetime", "time"}
_FORMATS = {"uuid", "email", "uri"}


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "string"
    format: str | None = None
    required: bool = False
    unique: bool = False
    refers: str | None = None  # the table whose id this column holds
    choices: tuple[str, ...] = ()

    @classmethod
    def parse(cls, name: str, spec: str | None) -> Field:
        """``uuid required unique refers organization`` / ``required one of active|inactive`` → Field."""
        words, choices = (spec or "").partition("one of ")[::2]
        tokens = words.split()
        refers = tokens[tokens.index("refers") + 1] if "refers" in tokens else None
        return cls(name, next((t for t in tokens if t in _TYPES), "string"),
                   next((t for t in tokens if t in _FORMATS), None), "required" in tokens, "unique" in tokens,
                   refers, tuple(choices.split("|")) if choices else ())

    def descriptor(self) -> dict:
        found = {"name": self.name, "type": self.type}
        if self.format:
            found["format"] = self.format
        found["constraints"] = {"required": self.required, "unique": self.unique}
        if self.choices:
            found["constraints"]["enum"] = list(self.choices)
        return found


@dataclass(frozen=True)
class Table:
    name: str
    path: str
    fields: tuple[Field, ...]

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    def descriptor(self) -> dict:
        schema: dict = {"fields": [f.descriptor() for f in self.fields], "primaryKey": "id"}
        keys = [{"fields": f.name, "reference": {"resource": f.refers, "fields": "id"}}
                for f in self.fields if f.refers]
        if keys:
            schema["foreignKeys"] = keys
        return {"name": self.name, "path": self.path, "profile": "tabular-data-resource", "format": "csv",
                "mediatype": "text/csv", "encoding": "utf-8", "schema": schema}


@cache
def tables() -> dict[str, Table]:
    found = yaml.safe_load(Path(__file__).with_name("hsds.yml").read_text(encoding="utf-8"))
    return {name: Table(name, table["path"], tuple(Field.parse(*item) for item in table["fields"].items()))
            for name, table in found.items()}


def datapackage(site: Site) -> dict:
    """``datapackage.json``: this site's package of the official tables."""
    return {"profile": "tabular-data-package", "name": "hikikomori-support-hsds",
            "title": f"{site.name}（HSDS {VERSION}）", "version": VERSION,
            "homepage": "https://docs.openreferral.org/",
            "licenses": [{"name": site.licence.name, "path": site.licence.url}],
            "resources": [table.descriptor() for table in tables().values()]}


def ident(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


def organization_id(entry: Entry) -> str:
    return ident("organization", entry.service.operator or entry.service.name)


def organizations(catalogue: Catalogue, text) -> dict[str, dict]:
    """One organization per operator (an entry without one is its own), by id; ``text`` is the wording
    of their description."""
    operated: dict[str, list[str]] = {}
    for entry in catalogue.entries:
        operated.setdefault(entry.service.operator or entry.service.name, []).append(entry.service.name)
    return {ident("organization", name): {"id": ident("organization", name), "name": name,
                                          "description": text.format(services="、".join(names))}
            for name, names in operated.items()}


def clock(value) -> str | None:
    # The data package's `time` type with the offset HSDS asks for (every time here is in Japan).
    return value.strftime("%H:%M:%S+09:00") if value else None


def rows(entry: Entry, page_url: str, served: list[str]) -> dict[str, list[dict]]:
    """An entry's rows of each table but organization (which gathers every entry of an operator);
    ``page_url`` is its page on this site, ``served`` the names of the areas it serves."""
    s = entry.service
    found: dict[str, list[dict]] = {name: [] for name in tables()}
    service_id = ident("service", s.id)
    audience = "・".join(messages.label("audience", a) for a in s.audience)
    booking = " ".join(filter(None, [s.booking and messages.label("booking", s.booking), s.booking_note]))
    found["service"].append({
        "id": service_id, "organization_id": organization_id(entry), "name": s.name,
        "alternate_name": "、".join(s.aliases) or None, "description": s.description or s.summary,
        "url": s.contacts.website or page_url, "email": s.contacts.email, "status": "active",
        "application_process": booking or None,
        "fees_description": s.fees, "eligibility_description": audience,
        "minimum_age": s.age and s.age.min, "maximum_age": s.age and s.age.max,
        "assured_date": s.last_verified.isoformat(),
        "last_modified": f"{s.last_verified.isoformat()}T00:00:00+09:00"})
    found["service_area"] = [{"id": ident("service_area", s.id, name), "service_id": service_id, "name": name}
                             for name in served]
    location_id = None
    if s.location:
        location_id = ident("location", s.id)
        found["location"].append({"id": location_id, "location_type": "physical",
                                  "name": s.location.name or s.name, "description": s.location.address,
                                  "transportation": s.location.access,
                                  "latitude": s.location.lat, "longitude": s.location.lon})
        found["service_at_location"].append({"id": ident("service_at_location", s.id),
                                             "service_id": service_id, "location_id": location_id})
    for i, phone in enumerate(s.contacts.phones):
        found["phone"].append({"id": ident("phone", s.id, str(i)), "service_id": service_id,
                               "number": phone.number, "type": "voice", "description": phone.label})
    found["schedule"] = [{"id": ident("schedule", s.id, key), "service_id": service_id, "timezone": 9, **item}
                         for key, item in _schedules(entry)]
    return found


def _schedules(entry: Entry) -> list[tuple[str, dict]]:
    plan = entry.service.schedule
    if not plan:
        return []
    found = []
    # HSDS has no exception dates: the closed days (祝日, 年末年始 …) go into each schedule's notes, in words.
    closed = formatting.closed_days_ja(plan)
    notes = messages.format("closed_days", days=closed) if closed else None
    for i, hours in enumerate(plan.weekly):
        found.append((f"weekly-{i}", {"freq": "WEEKLY", "byday": ",".join(d.ical for d in hours.days),
                                      "opens_at": clock(hours.opens), "closes_at": clock(hours.closes),
                                      "description": hours.note or plan.closed, "notes": notes}))
    for i, rule in enumerate(plan.monthly):
        found.append((f"monthly-{i}", {"freq": "MONTHLY", "byday": f"{rule.week}{rule.day.ical}",
                                       "opens_at": clock(rule.opens), "closes_at": clock(rule.closes),
                                       "description": " ".join(filter(None, [rule.title, rule.venue, rule.note]))
                                       or None, "notes": notes}))
    for session in plan.sessions:
        day = session.date.isoformat()
        found.append((f"session-{day}-{session.title}", {
            "valid_from": day, "valid_to": day, "dtstart": day, "count": 1,
            "opens_at": clock(session.opens), "closes_at": clock(session.closes),
            "description": " ".join(filter(None, [session.title, session.venue, session.note]))}))
    return found


def service_json(found: dict[str, list[dict]]) -> str:
    """An entry's service as the compiled schema nests it, without its organization (added by
    ``with_organization``, as an organization gathers entries)."""
    service = _present(found["service"][0])
    locations = {row["id"]: _present(row) for row in found["location"]}
    service["phones"] = [_present(row) for row in found["phone"]]
    service["schedules"] = [_present(row) for row in found["schedule"]]
    service["service_areas"] = [_present(row) for row in found["service_area"]]
    service["service_at_locations"] = [{**_present(row), "location": locations[row["location_id"]]}
                                       for row in found["service_at_location"]]
    return json.dumps(service, ensure_ascii=False)


def with_organization(service: str, organization: dict) -> str:
    # The service's JSON object with "organization" as its first member.
    return '{"organization": ' + json.dumps(organization, ensure_ascii=False) + ", " + service[1:]


def _present(row: dict) -> dict:
    return {k: v for k, v in row.items() if v is not None}
