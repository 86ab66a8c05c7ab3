"""Open data exports of the catalogue: CSV in the 自治体標準オープンデータセット layout and HSDS 3 JSON.

CSV columns follow デジタル庁「自治体標準オープンデータセット」(公共施設一覧, イベント一覧), listed in
``opendata.yml``. The JSON follows Open Referral HSDS 3 field names, one array per table.
"""

from __future__ import annotations

import csv
import io
import json
import uuid
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

import jaconv
import yaml

from . import messages, schedule
from .cache import Cache, Table
from .catalogue import Catalogue, Entry
from .formatting import week_ja
from .model import Weekday
from .outputs import Output

_NAMESPACE = uuid.UUID("6f1c3c2e-8f0a-4a53-9d6e-1f5b0c8e2a71")  # stable ids across builds


@cache
def layout() -> dict:
    return yaml.safe_load(Path(__file__).with_name("opendata.yml").read_text(encoding="utf-8"))


def render(catalogue: Catalogue, today: date, kept: Table | None = None) -> list[Output]:
    """The open data files. ``kept`` holds each entry's rows, written out, by what they are made of (the
    entry, whom to ask, the site, the day), so a rebuild after one edit writes one entry's rows and
    joins the rest as they are."""
    kept = kept if kept is not None else Table(None)
    frame = Cache.key(today, catalogue.site.model_dump(mode="json"))
    facilities, events, tables = [], [], {name: [] for name in HSDS_TABLES}
    for entry in catalogue.entries:
        inquiry = entry.service.inquiry
        key = (frame, entry.digest, catalogue.entry(inquiry).digest if inquiry else None)
        rows = kept.get_or_make(key, lambda: _Rows.of(catalogue, entry, today))
        facilities.append(rows.facilities)
        events.append(rows.events)
        for name, found in rows.hsds.items():
            tables[name] += found
    tables["organizations"] = [_json(row) for row in _organizations(catalogue)]
    hsds = ", ".join(f'{json.dumps(name)}: [{", ".join(rows)}]' for name, rows in tables.items())
    return [Output("opendata/facilities.csv", _csv(layout()["facilities"], facilities)),
            Output("opendata/events.csv", _csv(layout()["events"], events)),
            Output("opendata/hsds.json", ("{" + hsds + "}").encode())]


@dataclass(frozen=True)
class _Rows:
    """What one entry puts into each file, written out: CSV lines, and JSON objects by HSDS table."""

    facilities: str
    events: str
    hsds: dict[str, list[str]]

    @classmethod
    def of(cls, catalogue: Catalogue, entry: Entry, today: date) -> _Rows:
        return cls(_csv_lines(layout()["facilities"], [facility_row(catalogue, entry)] if entry.kind.facility else []),
                   _csv_lines(layout()["events"], event_rows(catalogue, entry, today)),
                   {name: [_json(row) for row in rows] for name, rows in hsds_rows(entry).items() if rows})


def _json(row: dict) -> str:
    return json.dumps(row, ensure_ascii=False)


# Spreadsheets run a cell that starts with one of these as a formula (OWASP "CSV injection"); the
# full-width forms too, as Japanese input turns them into formulas. Tab and CR lead to the same.
FORMULA_START = tuple("=+-@\t\r＝＋－＠")


def spreadsheet_safe(value: object) -> object:
    """A text cell that would start a formula gets a leading ' (shown as text, not run), as OWASP advises.

    Only texts: numbers (緯度, 経度, 定員) stay numbers, and phone numbers and dates start with a digit.
    Leading spaces, ASCII or full-width, are looked past: spreadsheets drop them and run what follows.
    """
    if isinstance(value, str) and value.lstrip(" \n\u3000").startswith(FORMULA_START):
        return "'" + value
    return value


def _csv(columns: list[str], lines: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(columns)  # RFC 4180 line ends
    return (out.getvalue() + "".join(lines)).encode("utf-8")


def _csv_lines(columns: list[str], rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\r\n")
    writer.writerows({k: "" if v is None else spreadsheet_safe(v) for k, v in row.items()} for row in rows)
    return out.getvalue()


def _publisher(catalogue: Catalogue, row_id: str) -> dict:
    site = catalogue.site
    return {"全国地方公共団体コード": site.prefecture_code, "ID": row_id, "地方公共団体名": site.prefecture}


def _kana(reading: str | None) -> str | None:
    return jaconv.hira2kata(reading.replace(" ", "")) if reading else None


def _clock(value) -> str | None:
    return value.strftime("%H:%M") if value else None


def _first_phone(entry: Entry) -> str | None:
    phones = entry.service.contacts.phones
    return phones[0].number if phones else None


def _days(days: list[Weekday]) -> str:
    # The standard lists days one by one, comma-separated: 月,火,水
    return ",".join(messages.label("weekday", d) for d in sorted(days, key=lambda d: d.index))


def _monthly_text(rule) -> str:
    return layout()["text"]["monthly"].format(week=week_ja(rule.week), day=messages.label("weekday", rule.day))


def facility_row(catalogue: Catalogue, entry: Entry) -> dict:
    s, where = entry.service, entry.service.location
    weekly = s.schedule.weekly if s.schedule else []
    first = weekly[0] if weekly else None
    notes = []
    if s.schedule:
        notes += [_monthly_text(rule) for rule in s.schedule.monthly]
        if s.schedule.closed:
            notes.append(f"{layout()['text']['closed']}: {s.schedule.closed}")
        notes += [s.schedule.note] if s.schedule.note else []
    return {**_publisher(catalogue, s.id), "名称": s.name, "名称_カナ": _kana(s.reading),
            "住所": where and where.address, "緯度": where and where.lat, "経度": where and where.lon,
            "電話番号": _first_phone(entry),
            "利用可能曜日": _days(first.days) if first else None,
            "開始時間": _clock(first.opens) if first else None,
            "終了時間": _clock(first.closes) if first else None,
            "利用可能日時特記事項": " ".join(notes) or None, "説明": s.summary,
            "URL": s.contacts.website or s.contacts.form, "備考": s.notes}


def event_rows(catalogue: Catalogue, entry: Entry, today: date) -> list[dict]:
    """One row per dated session and one per monthly rule (its next date as 開始日)."""
    s = entry.service
    if not s.schedule:
        return []
    ask = catalogue.entry(s.inquiry) if s.inquiry and not s.contacts.phones else entry
    common = {"説明": s.summary, "料金": s.fees, "連絡先名称": ask.service.name,
              "連絡先電話番号": _first_phone(ask), "主催者": s.operator,
              "住所": s.location and s.location.address, "緯度": s.location and s.location.lat,
              "経度": s.location and s.location.lon,
              "参加申込方法": " ".join(filter(None, [s.booking and messages.label("booking", s.booking),
                                               s.booking_note])) or None,
              "URL": s.contacts.website or s.contacts.form}
    place = s.location and s.location.name
    rows = []
    for i, rule in enumerate(s.schedule.monthly, 1):
        coming = schedule.rule_dates(rule, today, months=12)
        rows.append({**_publisher(catalogue, f"{s.id}-monthly-{i}"), **common,
                     "イベント名": f"{s.name} {rule.title}" if rule.title else s.name,
                     "イベント名_カナ": None if rule.title else _kana(s.reading),
                     "開始日": coming[0].isoformat() if coming else None,
                     "開始時間": _clock(rule.opens), "終了時間": _clock(rule.closes),
                     "場所名称": rule.venue or place,
                     "備考": " ".join(filter(None, [_monthly_text(rule), rule.note, s.schedule.note]))})
    for session in s.schedule.sessions:
        rows.append({**_publisher(catalogue, f"{s.id}-{session.date.isoformat()}"), **common,
                     "イベント名": f"{s.name} {session.title}",
                     "開始日": session.date.isoformat(), "終了日": session.date.isoformat(),
                     "開始時間": _clock(session.opens), "終了時間": _clock(session.closes),
                     "場所名称": session.venue or place, "定員": session.capacity, "備考": session.note})
    return rows


# --- HSDS 3 -------------------------------------------------------------------------------------


def _id(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "/".join(parts)))


# HSDS 3's tables, in the order the file lists them.
HSDS_TABLES = ("organizations", "services", "locations", "service_at_locations", "schedules", "phones")


def _organizations(catalogue: Catalogue) -> list[dict]:
    operated: dict[str, list[str]] = {}
    for entry in catalogue.entries:
        operated.setdefault(entry.service.operator or entry.service.name, []).append(entry.service.name)
    return [{"id": _id("organization", operator), "name": operator,
             "description": layout()["text"]["organization"].format(services="、".join(names))}
            for operator, names in operated.items()]


def hsds_rows(entry: Entry) -> dict[str, list[dict]]:
    """An entry's rows of each HSDS table but organizations (which gather every entry of an operator)."""
    tables: dict[str, list[dict]] = {name: [] for name in HSDS_TABLES}
    s = entry.service
    service_id = _id("service", s.id)
    service = {"id": service_id, "organization_id": _id("organization", s.operator or s.name),
               "name": s.name, "alternate_name": "、".join(s.aliases) or None,
               "description": s.description or s.summary, "url": s.contacts.website,
               "email": s.contacts.email, "status": "active", "fees_description": s.fees,
               "minimum_age": s.age and s.age.min, "maximum_age": s.age and s.age.max,
               "last_modified": f"{s.last_verified.isoformat()}T00:00:00+09:00"}
    tables["services"].append({k: v for k, v in service.items() if v is not None})
    if s.location:
        location_id = _id("location", s.id)
        location = {"id": location_id, "location_type": "physical", "name": s.location.name or s.name,
                    "description": " ".join(filter(None, [s.location.address, s.location.access])) or None,
                    "latitude": s.location.lat, "longitude": s.location.lon}
        tables["locations"].append({k: v for k, v in location.items() if v is not None})
        tables["service_at_locations"].append({"id": _id("service_at_location", s.id),
                                               "service_id": service_id, "location_id": location_id})
    for i, phone in enumerate(s.contacts.phones):
        tables["phones"].append({k: v for k, v in {"id": _id("phone", s.id, str(i)), "service_id": service_id,
                                                   "number": phone.number, "type": "voice",
                                                   "description": phone.label}.items() if v is not None})
    tables["schedules"] += _schedules(entry, service_id)
    return tables


def _schedules(entry: Entry, service_id: str) -> list[dict]:
    plan = entry.service.schedule
    if not plan:
        return []
    found = []
    for i, hours in enumerate(plan.weekly):
        found.append({"freq": "WEEKLY", "byday": ",".join(d.ical for d in hours.days),
                      "opens_at": _clock(hours.opens), "closes_at": _clock(hours.closes),
                      "description": hours.note or plan.closed, "key": f"weekly-{i}"})
    for i, rule in enumerate(plan.monthly):
        found.append({"freq": "MONTHLY", "byday": f"{rule.week}{rule.day.ical}",
                      "opens_at": _clock(rule.opens), "closes_at": _clock(rule.closes),
                      "description": " ".join(filter(None, [rule.title, rule.venue, rule.note])) or None,
                      "key": f"monthly-{i}"})
    for session in plan.sessions:
        day = session.date.isoformat()
        found.append({"valid_from": day, "valid_to": day, "dtstart": day, "count": 1,
                      "opens_at": _clock(session.opens), "closes_at": _clock(session.closes),
                      "description": " ".join(filter(None, [session.title, session.venue, session.note])),
                      "key": f"session-{day}-{session.title}"})
    rows = []
    for item in found:
        key = item.pop("key")
        item = {"id": _id("schedule", entry.id, key), "service_id": service_id, "timezone": 9, **item}
        rows.append({k: v for k, v in item.items() if v is not None})
    return rows
