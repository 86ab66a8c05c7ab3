"""How dates, times, days and contributor text are written on a page. The words are in
``messages.yml`` (``formats``); templates reach these as filters."""

from __future__ import annotations

import re
from datetime import date, time
from urllib.parse import quote

import markdown
import nh3
from markupsafe import Markup

from . import messages
from .model import Closure, Location, Schedule, Weekday, WeeklyHours

# What a contributor's Markdown may become: text formatting and links, never scripts or styles.
_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4"}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


def tel_href(number: str) -> str:
    return "tel:" + re.sub(r"[^0-9]", "", number)


def weekday_ja(index: int) -> str:
    return messages.label("weekday", list(Weekday)[index])


def date_ja(day: date, with_year: bool = True) -> str:
    form = "date" if with_year else "date_short"
    return messages.format(form, year=day.year, month=day.month, day=day.day, weekday=weekday_ja(day.weekday()))


def time_ja(value: time | None) -> str:
    return messages.format("time", hour=value.hour, minute=value.minute) if value else ""


def span_ja(opens: time | None, closes: time | None) -> str:
    if opens and closes:
        return messages.format("span", opens=time_ja(opens), closes=time_ja(closes))
    return messages.format("span_open", opens=time_ja(opens)) if opens else ""


def days_ja(days: list[Weekday]) -> str:
    """月〜金 for a run of three or more days, 月・水 otherwise."""
    runs: list[list[int]] = []
    for i in sorted(d.index for d in days):
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    separator = messages.format("separator")
    parts = [messages.format("days_run", first=weekday_ja(r[0]), last=weekday_ja(r[-1])) if len(r) >= 3
             else separator.join(map(weekday_ja, r)) for r in runs]
    return separator.join(parts)


def hours_text(hours: WeeklyHours) -> str:
    return f"{days_ja(hours.days)} {span_ja(hours.opens, hours.closes)}".strip()


def weekly_text(weekly: list[WeeklyHours]) -> str:
    """All of an entry's weekly hours in one line, each set of days written once:
    月〜金 10:00〜12:00・13:00〜16:00、土 10:00〜12:00."""
    spans: dict[tuple[int, ...], list[str]] = {}
    for hours in weekly:
        days = tuple(sorted(d.index for d in hours.days))
        spans.setdefault(days, []).append(span_ja(hours.opens, hours.closes))
    separator = messages.format("separator")
    groups = []
    for days, times in spans.items():
        said = separator.join(t for t in times if t)
        groups.append(f"{days_ja([list(Weekday)[i] for i in days])} {said}".strip())
    return messages.format("hours_separator").join(groups)


def _closure_day(day: str) -> str:
    parts = [int(part) for part in day.split("-")]
    if len(parts) == 2:
        return messages.format("closure_yearly_day", month=parts[0], day=parts[1])
    return messages.format("closure_dated_day", year=parts[0], month=parts[1], day=parts[2])


def closure_ja(closure: Closure) -> str:
    """年末年始（12月29日〜1月3日）, 臨時休業（2027年2月10日）."""
    first, last = closure.days
    days = _closure_day(first) if first == last else messages.format(
        "closure_run", first=_closure_day(first), last=_closure_day(last))
    name = closure.name or messages.label("period", closure.period)
    return messages.format("closure", name=name, days=days)


def closed_days_ja(schedule: Schedule | None) -> str:
    """The days closed besides the weekly ones, from the data: 祝日、年末年始（12月29日〜1月3日）."""
    if not schedule:
        return ""
    parts = [messages.format("holidays")] if schedule.closed_on_holidays else []
    return messages.format("hours_separator").join(parts + [closure_ja(c) for c in schedule.closures])


def week_ja(week: int) -> str:
    return messages.format("last_week") if week == -1 else messages.format("week", week=week)


def everywhere(prefecture: str) -> str:
    """What serves the whole prefecture is said to serve: 三重県全域, 東京都全域."""
    return messages.format("everywhere", prefecture=prefecture)


def titled(name: str, title: str | None) -> str:
    """A service with the title of one of its meetings: 虹の会「家族のつどい」."""
    return messages.format("titled", name=name, title=title) if title else name


def map_url(location: Location) -> str | None:
    if location.lat is not None and location.lon is not None:
        return (f"https://www.openstreetmap.org/?mlat={location.lat}&mlon={location.lon}"
                f"#map=17/{location.lat}/{location.lon}")
    if location.address:
        return "https://www.openstreetmap.org/search?query=" + quote(location.address)
    return None


def safe_markdown(text: str | None) -> Markup:
    """Contributor Markdown to HTML that cannot carry scripts, styles or javascript: links."""
    if not text:
        return Markup("")
    html = markdown.markdown(text, extensions=["sane_lists"])
    return Markup(nh3.clean(html, tags=_ALLOWED_TAGS, url_schemes=_ALLOWED_SCHEMES,
                            attributes={"a": {"href", "title"}}, link_rel="noopener noreferrer"))
