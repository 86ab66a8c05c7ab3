"""Feeds for re-posting and calendars: ``/feed.xml`` (Atom) and iCalendar files.

Calendars: ``/calendar.ics`` (everything), ``/area/<code>/calendar.ics`` and
``/service/<id>/calendar.ics``. A monthly meeting is one event with an RRULE (毎月第3金曜日 →
``FREQ=MONTHLY;BYDAY=3FR``), so calendar apps keep it going without a list of dates.
"""

from __future__ import annotations

import heapq
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cache
from urllib.parse import urlsplit

from icalendar import Calendar, Event, Timezone, vRecur

from . import formatting, messages, schedule, urls
from .schedule import JST
from .cache import Cache, Table
from .catalogue import Catalogue, Entry
from .model import MonthlyRule, Session
from .scope import EVERYTHING, Scope
from .outputs import Output

ATOM = "http://www.w3.org/2005/Atom"


def entry_url(site_url: str, entry: Entry) -> str:
    return site_url + urls.entry_url(entry)


def outputs(catalogue: Catalogue, today: date, site_url: str, cache: Cache, scope: Scope = EVERYTHING) -> list[Output]:
    """The feed, the whole calendar and the calendars in ``scope``; ``cache`` keeps each entry's events,
    written out, between builds, while this code stays the same (``cache.KEPT``)."""
    # Each entry's events are written once and spliced into every calendar that has them: a nationwide
    # meeting is in the national calendar, its own and 1,700 area calendars.
    written = cache.table("events")  # by entry and day: no plan worked out again
    # By entry and the dates its events start from, not by day: kept until a date passes.
    kept = cache.table("calendars")
    events = {entry.id: _Written.of(written.get_or_make((site_url, entry.digest, today),
                                                        lambda: _ical(entry, today, site_url, kept)))
              for entry in catalogue.entries}
    files = [Output(urls.FEED, atom(catalogue, today, site_url)),
             Output(urls.calendar(), calendar(catalogue.site.name, catalogue.entries, events))]
    for area in catalogue.areas:
        if scope.has_area(area.code):
            files.append(Output(urls.calendar(urls.area_url(area)),
                                calendar(messages.format("calendar_of_area", site=catalogue.site.name, area=area.name),
                                         catalogue.serving(area.code), events)))
    for entry in catalogue.entries:
        if events[entry.id].ical and scope.has_entry(entry):
            files.append(Output(urls.calendar(urls.entry_url(entry)), calendar(entry.service.name, [entry], events)))
    return files


# --- iCalendar ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Written:
    """An entry's events as iCalendar text."""

    timed: bool  # one has a time of day, so the calendar needs the VTIMEZONE
    ical: bytes

    @classmethod
    def of(cls, ical: bytes) -> _Written:
        # DTSTART with a time of day refers to the VTIMEZONE; all-day events write DTSTART;VALUE=DATE.
        return cls(b"DTSTART;TZID=" in ical, ical)


def _ical(entry: Entry, today: date, site_url: str, kept: Table) -> bytes:
    plan = _plan(entry, today)
    return kept.get_or_make((site_url, entry.digest, tuple((p.name, p.day, p.closed) for p in plan)),
                            lambda: b"".join(event.to_ical() for event in _events(entry, plan, site_url)))


def calendar(name: str, entries: list[Entry], events: dict[str, _Written]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//hikikomori-support-site//ja")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Asia/Tokyo")
    head, end = cal.to_ical().rsplit(b"END:VCALENDAR", 1)
    chosen = [events[entry.id] for entry in entries]
    zone = _tokyo() if any(event.timed for event in chosen) else b""  # the VTIMEZONE times refer to
    return head + zone + b"".join(event.ical for event in chosen) + b"END:VCALENDAR" + end


@cache
def _tokyo() -> bytes:
    return Timezone.from_tzid("Asia/Tokyo").to_ical()  # slow to work out: once per build, not per calendar


EXCEPTIONS_MONTHS = 12  # how far ahead a monthly meeting's closed dates are taken out of its RRULE


@dataclass(frozen=True)
class _Planned:
    name: str  # in the event's uid
    item: MonthlyRule | Session
    day: date  # the first date
    closed: tuple[date, ...] = ()  # a monthly meeting's dates on which the entry is closed (EXDATE)


def _plan(entry: Entry, today: date) -> list[_Planned]:
    """What goes into an entry's calendar: each monthly rule from its next date, each session to come;
    none on a day the entry is closed (a 祝日 it closes on, 年末年始, a 臨時休業)."""
    plan = entry.service.schedule
    if not plan:
        return []
    found = []
    for index, rule in enumerate(plan.monthly):
        dates = schedule.rule_dates(rule, today, months=EXCEPTIONS_MONTHS)
        if dates:
            closed = tuple(day for day in dates if schedule.closed_day(entry, day, today))
            found.append(_Planned(f"monthly-{index}", rule, dates[0], closed))
    found += [_Planned(session.date.isoformat(), session, session.date) for session in plan.sessions
              if session.date >= today and not schedule.closed_day(entry, session.date, today)]
    return found


def _events(entry: Entry, plan: list[_Planned], site_url: str) -> list[Event]:
    host = urlsplit(site_url).hostname or "localhost"
    events = []
    for planned in plan:
        item = planned.item
        event = _base_event(entry, f"{entry.id}-{planned.name}@{host}", item.title, item.venue, site_url)
        _span(event, planned.day, item.opens, item.closes)
        if isinstance(item, MonthlyRule):  # one event that calendar apps repeat: 毎月第3金曜日 → BYDAY=3FR
            event.add("rrule", vRecur(freq="MONTHLY", byday=f"{item.week}{item.day.ical}"))
            for day in planned.closed:  # EXDATE as DTSTART is written: with its time, or the day alone
                event.add("exdate", datetime.combine(day, item.opens, JST) if item.opens else day)
        events.append(event)
    return events


def _base_event(entry: Entry, uid: str, title: str | None, venue: str | None, site_url: str) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("summary", formatting.titled(entry.service.name, title))
    event.add("description", entry.service.summary)
    event.add("url", entry_url(site_url, entry))
    event.add("dtstamp", datetime.combine(entry.service.last_verified, time.min, JST))
    if venue:
        event.add("location", venue)
    return event


def _span(event: Event, day: date, opens: time | None, closes: time | None) -> None:
    if opens:
        event.add("dtstart", datetime.combine(day, opens, JST))
        if closes:
            event.add("dtend", datetime.combine(day, closes, JST))
    else:
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))


# --- Atom ----------------------------------------------------------------------------------------


FEED_ITEMS = 200
SOON = timedelta(days=60)  # how far ahead the feed announces dates


def atom(catalogue: Catalogue, today: date, site_url: str) -> bytes:
    """Entries by last check (newest first) and the sessions of the coming weeks.

    Each item's ``updated`` is the day it last changed: an entry's ``last_verified``; a date's
    publication in the feed, the day it came within SOON (not before its entry's last check). The
    time of day is not known: items of one day are a second apart in the order the feed lists them
    (Atom readers and validators take an item per instant), from 00:00 JST of that day.
    """
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"{http://www.w3.org/XML/1998/namespace}lang": "ja"})
    _text(feed, "id", site_url)
    _text(feed, "title", catalogue.site.name)
    _text(feed, "subtitle", catalogue.site.description)
    ET.SubElement(feed, f"{{{ATOM}}}link", href=site_url)
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", href=f"{site_url}feed.xml")
    # Readers want what is new: the coming sessions and the latest checks, not a national catalogue.
    # Only the newest FEED_ITEMS are written out (nlargest: as sorted(..., reverse=True)[:n], ties in order).
    soon = [o for o in schedule.upcoming(catalogue, today) if o.date <= today + SOON]
    newest = heapq.nlargest(FEED_ITEMS, [*((e.service.last_verified, e) for e in catalogue.entries),
                                         *((max(o.entry.service.last_verified, o.date - SOON), o) for o in soon)],
                            key=lambda item: item[0])
    items = [_item(what, site_url) for _, what in newest]
    stamps = _stamps([day for day, _ in newest])
    _text(feed, "updated", stamps[0] if stamps else _stamp(today))
    for updated, (title, uid, link, summary) in zip(stamps, items):
        node = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(node, "id", uid)
        _text(node, "title", title)
        _text(node, "updated", updated)
        ET.SubElement(node, f"{{{ATOM}}}link", href=link)
        _text(node, "summary", summary)
        author = ET.SubElement(node, f"{{{ATOM}}}author")
        _text(author, "name", catalogue.site.name)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)


def _stamps(days: list[date]) -> list[str]:
    """The instants of items listed newest first, by day: the last of a day at 00:00:00, each before it
    a second later, so none shares its instant and the order stays the feed's."""
    left = {day: days.count(day) for day in set(days)}
    stamps = []
    for day in days:
        left[day] -= 1
        stamps.append((datetime.combine(day, time.min, JST) + timedelta(seconds=left[day])).isoformat())
    return stamps


def _item(what: Entry | schedule.Occurrence, site_url: str) -> tuple[str, ...]:
    """(title, id, link, summary) of an entry, or of a coming date."""
    if isinstance(what, Entry):
        url = entry_url(site_url, what)
        return what.service.name, url, url, what.service.summary
    title = formatting.titled(messages.format("feed_date", month=what.date.month, day=what.date.day,
                                              name=what.entry.service.name), what.title)
    url = entry_url(site_url, what.entry)
    return title, f"{url}#{what.date.isoformat()}", url, what.entry.service.summary


def _stamp(day: date) -> str:
    return datetime.combine(day, time.min, JST).isoformat()


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, f"{{{ATOM}}}{tag}").text = text
