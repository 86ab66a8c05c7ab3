"""Opening data for the browser's 「受付中／受付時間外」: the site is built once a night, so whether a
line is open *now* is worked out on the visitor's phone (``overrides/assets/javascripts/schedule.js``,
shown by ``page.js``).

Two things are shipped: each entry's hours (``hours``, in a ``data-sg-hours`` attribute) and, once for
the site, ``opening.json`` (``site_data``): the 祝日 of this year and the next, from the kept
``holidays`` package, and every word the script prints, from ``messages.yml``.
"""

from __future__ import annotations

import json
from datetime import date, time
from functools import cache

import holidays

from . import messages
from .catalogue import Entry
from .model import Weekday
from .outputs import Output

DATA_PATH = "opening.json"


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def hours(entry: Entry) -> dict | None:
    """The compact, JSON-ready opening data of one entry, or None when nothing in it has times.

    THE format shared with ``schedule.js`` (``sgSchedule.status(hours, now, data)``); every time is Japan
    time, ``HH:MM``; a span needs both its opening and closing time, or it is left out::

        {
          "weekly":   [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "16:00"}],  # 0 = Monday
          "monthly":  [{"week": 3, "day": 4, "opens": "13:30", "closes": "15:30"}],      # week -1 = last
          "sessions": [{"date": "2026-12-05", "opens": "13:30", "closes": "15:30"}],
          "closed_on_holidays": true,   # present only when true: no span counts on a 祝日
          "closed": [["12-29", "01-03"], ["2027-02-10", "2027-02-10"]],  # closures, first and last day
          "always": true                # present only when true: 24 hours, every day
        }

    Empty lists are left out. ``weekly`` is reception (受付中); ``monthly`` and ``sessions`` are
    meetings (開催中). A closure's days are dates (once) or month-days (every year, perhaps across
    New Year); on them, as on a 祝日 when closed on those, no span counts (``schedule.closed_on``).
    """
    schedule = entry.service.schedule
    if not schedule:
        return None
    if schedule.always_open:
        return {"always": True}
    spans = lambda items: [s for s in items if s.opens and s.closes]  # noqa: E731
    found: dict = {
        "weekly": [{"days": sorted(Weekday(d).index for d in h.days), "opens": _clock(h.opens),
                    "closes": _clock(h.closes)} for h in spans(schedule.weekly)],
        "monthly": [{"week": r.week, "day": r.day.index, "opens": _clock(r.opens), "closes": _clock(r.closes)}
                    for r in spans(schedule.monthly)],
        "sessions": [{"date": s.date.isoformat(), "opens": _clock(s.opens), "closes": _clock(s.closes)}
                     for s in spans(schedule.sessions)],
    }
    found = {key: value for key, value in found.items() if value}
    return {**found, **closing(entry)} if found else None


def closing(entry: Entry) -> dict:
    """The closed days of ``hours``: ``closed_on_holidays`` and ``closed``, each only when there are any."""
    schedule = entry.service.schedule
    found: dict = {}
    if schedule and schedule.closed_on_holidays:
        found["closed_on_holidays"] = True
    if schedule and schedule.closures:
        found["closed"] = [list(closure.days) for closure in schedule.closures]
    return found


def hours_attribute(entry: Entry) -> str:
    """``hours`` as the text of a ``data-sg-hours`` attribute ("" when there is nothing to compute)."""
    found = hours(entry)
    return json.dumps(found, ensure_ascii=False, separators=(",", ":")) if found else ""


def holiday_dates(today: date) -> list[str]:
    """The 祝日 (振替休日 included) of this year and the next, ISO dates in order."""
    return list(_holidays(today.year))


@cache
def _holidays(year: int) -> tuple[str, ...]:
    return tuple(sorted(day.isoformat() for day in holidays.Japan(years=[year, year + 1])))


def site_data(today: date) -> dict:
    """What the browser needs besides an entry's hours: the 祝日 and its words."""
    return {"holidays": holiday_dates(today), "texts": messages.opening_texts(),
            "weekdays": [messages.label("weekday", day) for day in Weekday]}


def output(today: date) -> Output:
    return Output(DATA_PATH, json.dumps(site_data(today), ensure_ascii=False).encode("utf-8"))
