"""Render the catalogue into Markdown pages (Jinja2 templates in ``templates/``).

Returns plain (path, text) pairs; knowing nothing of MkDocs keeps the move to another site engine
cheap. Every word a resident reads is in a template or in ``messages.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from pathlib import Path
from urllib.parse import quote

import markdown
import nh3
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from . import messages, schedule
from .catalogue import Catalogue
from .model import Kind, Location, Weekday, WeeklyHours
from .readings import Readings

TEMPLATES = Path(__file__).with_name("templates")

# What a contributor's Markdown may become: text formatting and links, never scripts or styles.
_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4"}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class Page:
    path: str  # source path inside docs_dir, e.g. "service/nijinokai.md"
    text: str


def render(catalogue: Catalogue, today: date, readings: Readings) -> list[Page]:
    env = _environment(catalogue, today)
    common = {"site": catalogue.site, "catalogue": catalogue, "today": today, "Kind": Kind,
              "readings": readings, "upcoming": schedule.upcoming(catalogue, today)}

    def page(path: str, template: str, **values) -> Page:
        # Links in raw HTML are not rewritten by the site engine: give each page its way back to the root.
        root = "../" * (path.count("/") + (path != "index.md"))
        return Page(path, env.get_template(template).render(**common, root=root, **values))

    pages = [page("index.md", "home.md.j2"),
             page("areas.md", "areas.md.j2"),
             page("upcoming.md", "upcoming.md.j2"),
             page("search.md", "search.md.j2")]
    pages += [page(f"{kind.value}.md", "kind.md.j2", kind=kind) for kind in Kind]
    pages += [page(f"area/{area.code}.md", "area.md.j2", area=area) for area in catalogue.areas]
    pages += [page(f"service/{entry.id}.md", "entry.md.j2", entry=entry,
                   coming=schedule.entry_upcoming(entry, today, months=6),
                   past=schedule.entry_past(entry, today))
              for entry in catalogue.entries]
    return pages


def theme_context(catalogue: Catalogue) -> dict:
    """What the theme templates show on every page: the sample notice and the main line."""
    main = catalogue.entry(catalogue.site.main_line)
    return {
        "sample": catalogue.site.sample,
        "main_line": {
            "name": main.service.name,
            "url": f"service/{main.id}/",
            "phones": [{"number": p.number, "href": tel_href(p.number)} for p in main.service.contacts.phones],
            "hours": [hours_text(h) for h in (main.service.schedule.weekly if main.service.schedule else [])],
        },
    }


# --- Filters -----------------------------------------------------------------------------------


def tel_href(number: str) -> str:
    return "tel:" + re.sub(r"[^0-9]", "", number)


def date_ja(day: date, with_year: bool = True) -> str:
    weekday = messages.label("weekday", list(Weekday)[day.weekday()])
    prefix = f"{day.year}年" if with_year else ""
    return f"{prefix}{day.month}月{day.day}日（{weekday}）"


def time_ja(value: time | None) -> str:
    return f"{value.hour}:{value.minute:02d}" if value else ""


def span_ja(opens: time | None, closes: time | None) -> str:
    if opens and closes:
        return f"{time_ja(opens)}〜{time_ja(closes)}"
    return time_ja(opens) + ("〜" if opens else "")


def days_ja(days: list[Weekday]) -> str:
    """月〜金 for a run of three or more days, 月・水 otherwise."""
    indexes = sorted(d.index for d in days)
    runs: list[list[int]] = []
    for i in indexes:
        if runs and i == runs[-1][-1] + 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    name = lambda i: messages.label("weekday", list(Weekday)[i])  # noqa: E731
    parts = [f"{name(r[0])}〜{name(r[-1])}" if len(r) >= 3 else "・".join(map(name, r)) for r in runs]
    return "・".join(parts)


def hours_text(hours: WeeklyHours) -> str:
    return f"{days_ja(hours.days)} {span_ja(hours.opens, hours.closes)}".strip()


def week_ja(week: int) -> str:
    return "最終" if week == -1 else f"第{week}"


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


def front_matter(**meta: object) -> Markup:
    return Markup("---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---")


def _environment(catalogue: Catalogue, today: date) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(tel=tel_href, date_ja=date_ja, time_ja=time_ja, days_ja=days_ja,
                       hours=hours_text, week_ja=week_ja, map_url=map_url, markdown=safe_markdown)
    env.globals.update(label=messages.label, labels=messages.labels(), span=span_ja,
                       front_matter=front_matter, months_ahead=schedule.MONTHS_AHEAD,
                       next_of=lambda entry: next(iter(schedule.entry_upcoming(entry, today)), None))
    env.tests["intersects"] = lambda values, others: bool(set(values) & set(others))
    return env
