"""Turn schedules into dates: the next 毎月第3金曜日 and the dated sessions still to come, and the one
rule of which days are closed and when an entry is open.

Dates are computed at build time from ``today``; past ones are dropped. The nightly rebuild keeps
them current. The rule works on the compact hours of ``opening.hours`` (THE format the browser's
``schedule.js`` reads), so both sides apply the same rule to the same data; tests/vectors/opening.json
holds the cases both are checked against.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from . import opening
from .catalogue import Catalogue, Entry
from .model import MonthlyRule, Session

JST = ZoneInfo("Asia/Tokyo")  # dates and times in the catalogue are Japan time
MONTHS_AHEAD = 3  # how far recurring meetings are listed on the upcoming page


@dataclass(frozen=True)
class Occurrence:
    """One date on which something happens, with what is known about it."""

    entry: Entry
    date: date
    opens: time | None
    closes: time | None
    title: str | None
    venue: str | None
    capacity: int | None = None
    note: str | None = None
    recurring: bool = False

    @property
    def month(self) -> tuple[int, int]:
        return self.date.year, self.date.month


def japan_time(moment: datetime) -> datetime:
    """The same moment on Japan's clock, whatever zone it was given in (it must carry one)."""
    if moment.tzinfo is None:
        raise ValueError("a moment without a time zone cannot be placed in Japan time")
    return moment.astimezone(JST)


def nth_weekday(year: int, month: int, week: int, weekday: int) -> date | None:
    """The ``week``-th ``weekday`` (0 = Monday) of a month; week -1 is the last. None if absent."""
    first_weekday, length = calendar.monthrange(year, month)
    first = 1 + (weekday - first_weekday) % 7
    day = first + 7 * ((length - first) // 7 if week == -1 else week - 1)
    return date(year, month, day) if day <= length else None


def _within(iso: str, start: str, end: str) -> bool:
    if len(start) == 10:  # dated: once
        return start <= iso <= end
    day = iso[5:]  # month-days: every year, perhaps across New Year (12-29 … 01-03)
    return start <= day <= end if start <= end else (day >= start or day <= end)


def closed_on(hours: dict, day: date, holidays: Collection[str]) -> bool:
    """Whether ``hours`` (opening.hours) are closed all of ``day`` whatever their spans: a 祝日 when
    closed on them, or a day of a closure (年末年始, 臨時休業). schedule.js closedOn() is the same rule."""
    iso = day.isoformat()
    if hours.get("closed_on_holidays") and iso in holidays:
        return True
    return any(_within(iso, start, end) for start, end in hours.get("closed", []))


def spans(hours: dict, day: date, holidays: Collection[str]) -> list[tuple[str, str]]:
    """The (opens, closes) of a day, earliest first: weekly hours, monthly meetings and sessions."""
    if closed_on(hours, day, holidays):
        return []
    found = [(h["opens"], h["closes"]) for h in hours.get("weekly", []) if day.weekday() in h["days"]]
    found += [(r["opens"], r["closes"]) for r in hours.get("monthly", [])
              if nth_weekday(day.year, day.month, r["week"], r["day"]) == day]
    found += [(s["opens"], s["closes"]) for s in hours.get("sessions", []) if s["date"] == day.isoformat()]
    return sorted(found)


DAYS_AHEAD = 62  # how far the next opening is looked for: far enough for a monthly meeting (as schedule.js)


def status(hours: dict, moment: datetime, holidays: Collection[str]) -> dict:
    """``{"open": …, "next": {"date", "opens"} or None}`` of ``hours`` at ``moment``: schedule.js status()
    without its words."""
    if hours.get("always"):
        return {"open": True, "next": None}
    now = japan_time(moment)
    minute = now.strftime("%H:%M")
    for offset in range(DAYS_AHEAD + 1):
        day = now.date() + timedelta(days=offset)
        for opens, closes in spans(hours, day, holidays):
            if offset == 0 and opens <= minute < closes:
                return {"open": True, "next": None}
            if offset > 0 or opens > minute:
                return {"open": False, "next": {"date": day.isoformat(), "opens": opens}}
    return {"open": False, "next": None}


def rule_dates(rule: MonthlyRule, today: date, months: int = MONTHS_AHEAD) -> list[date]:
    """Dates of a monthly rule from ``today`` (inclusive) over the next ``months`` months."""
    found = []
    year, month = today.year, today.month
    for _ in range(months + 1):
        day = nth_weekday(year, month, rule.week, rule.day.index)
        if day and day >= today:
            found.append(day)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return found


def _from_rule(entry: Entry, rule: MonthlyRule, day: date) -> Occurrence:
    return Occurrence(entry, day, rule.opens, rule.closes, rule.title, rule.venue,
                      note=rule.note, recurring=True)


def _from_session(entry: Entry, session: Session) -> Occurrence:
    return Occurrence(entry, session.date, session.opens, session.closes, session.title,
                      session.venue, session.capacity, session.note)


def entry_upcoming(entry: Entry, today: date, months: int = MONTHS_AHEAD) -> list[Occurrence]:
    schedule = entry.service.schedule
    if not schedule:
        return []
    found = [_from_rule(entry, rule, day) for rule in schedule.monthly for day in rule_dates(rule, today, months)]
    found += [_from_session(entry, s) for s in schedule.sessions if s.date >= today]
    found = [o for o in found if not closed_day(entry, o.date, today)]
    return sorted(found, key=lambda o: (o.date, o.opens or time.min))


def closed_day(entry: Entry, day: date, today: date) -> bool:
    """Whether ``entry`` is closed all of ``day`` (a 祝日 it closes on, a closure), as the browser says."""
    return closed_on(opening.closing(entry), day, opening.holiday_dates(today))


def entry_past(entry: Entry, today: date) -> list[Occurrence]:
    schedule = entry.service.schedule
    past = [_from_session(entry, s) for s in schedule.sessions if s.date < today] if schedule else []
    return sorted(past, key=lambda o: o.date, reverse=True)


def upcoming(catalogue: Catalogue, today: date) -> list[Occurrence]:
    """Every coming date across the catalogue, soonest first."""
    found = [o for entry in catalogue.entries for o in entry_upcoming(entry, today)]
    return sorted(found, key=lambda o: (o.date, o.opens or time.min, o.entry.service.name))
