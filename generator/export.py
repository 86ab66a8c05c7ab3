"""Open data exports of the catalogue: CSV in the 自治体標準オープンデータセット layout and Open Referral
HSDS 3 (``hsds``: its tabular data package and a JSON list of services).

CSV columns follow デジタル庁「自治体標準オープンデータセット」(公共施設一覧, イベント一覧), listed in
``opendata.yml``. Texts go out as plain text: a Markdown link of a description, relative to the entry's
page, becomes its words with the absolute address in brackets, usable outside the site.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple
from urllib.parse import urljoin

import jaconv
import yaml

from . import formatting, hsds, messages, schedule, urls
from .cache import Table, digest
from .catalogue import Catalogue, Entry
from .formatting import week_ja
from .model import Weekday
from .outputs import Output

FOLDER = "opendata"


@cache
def layout() -> dict:
    return yaml.safe_load(Path(__file__).with_name("opendata.yml").read_text(encoding="utf-8"))


def render(catalogue: Catalogue, today: date, site_url: str, kept: Table | None = None) -> list[Output]:
    """The open data files. ``kept`` holds each entry's rows, written out, by what they are made of (the
    entry, whom to ask, the site, the day), so a rebuild after one edit writes one entry's rows and
    joins the rest as they are."""
    kept = kept if kept is not None else Table(None)
    frame = digest(today, site_url, catalogue.site.model_dump(mode="json"),
                   [area.model_dump(mode="json") for area in catalogue.areas])
    facilities, events, services = [], [], []
    tables: dict[str, list[str]] = {name: [] for name in hsds.tables()}
    organizations = hsds.organizations(catalogue, layout()["text"]["organization"])
    for entry in catalogue.entries:
        inquiry = entry.service.inquiry
        key = (frame, entry.digest, catalogue.entry(inquiry).digest if inquiry else None)
        rows = _Rows(*kept.get_or_make(key, lambda: _Rows.of(catalogue, entry, today, site_url)))
        facilities.append(rows.facilities)
        events.append(rows.events)
        services.append(hsds.with_organization(rows.service, organizations[hsds.organization_id(entry)]))
        for name, lines in rows.hsds.items():
            tables[name].append(lines)
    tables["organization"] = [_csv_lines(hsds.tables()["organization"].columns, list(organizations.values()))]
    return [Output(f"{FOLDER}/facilities.csv", _csv(layout()["facilities"], facilities)),
            Output(f"{FOLDER}/events.csv", _csv(layout()["events"], events)),
            Output(f"{FOLDER}/hsds.json", ("[" + ",\n".join(services) + "]\n").encode()),
            Output(f"{FOLDER}/hsds/datapackage.json",
                   json.dumps(hsds.datapackage(catalogue.site), ensure_ascii=False, indent=1).encode()),
            *(Output(f"{FOLDER}/hsds/{table.path}", _csv(table.columns, tables[name]))
              for name, table in hsds.tables().items())]


def _served(catalogue: Catalogue, entry: Entry) -> list[str]:
    return [catalogue.site.prefecture] if entry.service.serves_all else [a.name for a in catalogue.areas_of(entry)]


class _Rows(NamedTuple):
    """What one entry puts into each file, written out: CSV lines of each table and its service's JSON.
    A tuple, as the cache's table keeps it (``cache.KEPT``)."""

    facilities: str
    events: str
    hsds: dict[str, str]
    service: str

    @classmethod
    def of(cls, catalogue: Catalogue, entry: Entry, today: date, site_url: str) -> _Rows:
        page = site_url + urls.entry_url(entry)
        image = site_url + urls.card("service", entry.id)
        facilities = [facility_row(catalogue, entry, page, image)] if entry.kind.facility else []
        events = event_rows(catalogue, entry, today, page)
        tables = {name: [plain_row(row, page) for row in rows]
                  for name, rows in hsds.rows(entry, page, _served(catalogue, entry)).items()}
        return cls(_csv_lines(layout()["facilities"], [plain_row(row, page) for row in facilities]),
                   _csv_lines(layout()["events"], [plain_row(row, page) for row in events]),
                   {name: _csv_lines(hsds.tables()[name].columns, rows) for name, rows in tables.items() if rows},
                   hsds.service_json(tables))


# A Markdown link: [words](target), the target relative to the page the text is shown on.
_LINK = re.compile(r"\[([^\]\n]+)\]\(\s*<?([^)\s>]+)>?\s*\)")


def plain(text: str, page: str) -> str:
    """``text`` with each Markdown link written out as its words and absolute address: 〇〇（https://…）."""
    return _LINK.sub(lambda m: f"{m[1]}（{urljoin(page, m[2])}）", text)


def plain_row(row: dict, page: str) -> dict:
    return {k: plain(v, page) if isinstance(v, str) else v for k, v in row.items()}


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


def open_data_id(slug: str) -> str:
    """An entry's ID as the standard asks (半角英数字 only): its id's words capitalised and joined,
    mie-hikikomori-center → MieHikikomoriCenter (stable across builds, one per id)."""
    return "".join(word.capitalize() for word in slug.split("-"))


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


_PREFECTURE = re.compile(r"^(北海道|東京都|京都府|大阪府|.{2,3}県)")


def _address(catalogue: Catalogue, entry: Entry) -> dict:
    """The place's address as the standard writes it: whole (with the prefecture) in 所在地_連結表記, and
    the municipality's code and name when the file says which one the place is in (``in_areas``)."""
    where = entry.service.location
    if not where or not (where.address or where.in_areas):
        return {}
    found = {}
    if where.address:
        found["所在地_連結表記"] = where.address if _PREFECTURE.match(where.address) else \
            catalogue.site.prefecture + where.address
    if len(where.in_areas) == 1:
        area = catalogue.area(where.in_areas[0])
        found |= {"所在地_全国地方公共団体コード": area.code, "所在地_都道府県": catalogue.site.prefecture,
                  "所在地_市区町村": area.name}
    return found


def facility_row(catalogue: Catalogue, entry: Entry, page: str, image: str) -> dict:
    s, where = entry.service, entry.service.location
    weekly = s.schedule.weekly if s.schedule else []
    first = weekly[0] if weekly else None
    notes = [] if len(weekly) < 2 else [f"{_days(h.days)} {_clock(h.opens) or ''}-{_clock(h.closes) or ''}"
                                         for h in weekly[1:]]
    if s.schedule:
        notes += [_monthly_text(rule) for rule in s.schedule.monthly]
        closed = formatting.closed_days_ja(s.schedule) or s.schedule.closed  # the data's days, else the text
        if closed:
            notes.append(f"{layout()['text']['closed']}: {closed}")
        notes += [s.schedule.note] if s.schedule.note else []
    sns = " ".join(f"{link.service}: {link.url}" for link in s.contacts.sns)
    return {**_publisher(catalogue, open_data_id(s.id)), "名称": s.name, "名称_カナ": _kana(s.reading),
            "名称_通称": "、".join(s.aliases) or None, **_address(catalogue, entry),
            "緯度": where and where.lat, "経度": where and where.lon, "電話番号": _first_phone(entry),
            "連絡先メールアドレス": s.contacts.email, "連絡先FormURL": s.contacts.form,
            "連絡先備考（その他、SNSなど）": sns or None, "郵便番号": where and where.postal_code,
            "団体名": s.operator,
            "利用可能曜日": _days(first.days) if first else None,
            "開始時間": _clock(first.opens) if first else None,
            "終了時間": _clock(first.closes) if first else None,
            "利用可能時間特記事項": " ".join(notes) or None, "説明": s.summary,
            "URL": s.contacts.website or page, "画像": image, "画像ライセンス": catalogue.site.licence.name,
            "備考": s.notes}


def event_rows(catalogue: Catalogue, entry: Entry, today: date, page: str) -> list[dict]:
    """One row per dated session and one per monthly rule (its next date as 開始日)."""
    s = entry.service
    if not s.schedule:
        return []
    ask = catalogue.entry(s.inquiry) if s.inquiry and not s.contacts.phones else entry
    common = {"説明": s.summary, "料金（詳細）": s.fees, "連絡先名称": ask.service.name,
              "連絡先電話番号": _first_phone(ask), "主催者": s.operator,
              "住所": _address(catalogue, entry).get("所在地_連結表記"),
              "緯度": s.location and s.location.lat, "経度": s.location and s.location.lon,
              "アクセス方法": s.location and s.location.access,
              "参加申込方法": " ".join(filter(None, [s.booking and messages.label("booking", s.booking),
                                               s.booking_note])) or None,
              "URL": s.contacts.website or page}
    place = s.location and s.location.name
    base = open_data_id(s.id)
    rows = []
    for i, rule in enumerate(s.schedule.monthly, 1):
        coming = [day for day in schedule.rule_dates(rule, today, months=12)
                  if not schedule.closed_day(entry, day, today)]
        rows.append({**_publisher(catalogue, f"{base}M{i}"), **common,
                     "イベント名": f"{s.name} {rule.title}" if rule.title else s.name,
                     "イベント名_カナ": None if rule.title else _kana(s.reading),
                     "開始日": coming[0].isoformat() if coming else None,
                     "開始時間": _clock(rule.opens), "終了時間": _clock(rule.closes),
                     "開始日時特記事項": _monthly_text(rule), "場所名称": rule.venue or place,
                     "備考": " ".join(filter(None, [rule.note, s.schedule.note])) or None})
    for session in s.schedule.sessions:
        rows.append({**_publisher(catalogue, f"{base}D{session.date:%Y%m%d}"), **common,
                     "イベント名": f"{s.name} {session.title}",
                     "開始日": session.date.isoformat(), "終了日": session.date.isoformat(),
                     "開始時間": _clock(session.opens), "終了時間": _clock(session.closes),
                     "場所名称": session.venue or place, "定員": session.capacity, "備考": session.note})
    return rows
