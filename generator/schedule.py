"""Turn schedules into dates: the next 毎月第3金曜日 and the dated sessions still to come.

Dates are computed at build time from ``today``; past ones are dropped. The nightly rebuild keeps
them current.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

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
    return sorted(found, key=lambda o: (o.date, o.opens or time.min))


def entry_past(entry: Entry, today: date) -> list[Occurrence]:
    schedule = entry.service.schedule
    past = [_from_session(entry, s) for s in schedule.sessions if s.date < today] if schedule else []
    return sorted(past, key=lambda o: o.date, reverse=True)


def upcoming(catalogue: Catalogue, today: date) -> list[Occurrence]:
    """Every coming date across the catalogue, soonest first."""
    found = [o for entry in catalogue.entries for o in entry_upcoming(entry, today)]
    return sorted(found, key=lambda o: (o.date, o.opens or time.min, o.entry.service.name))
