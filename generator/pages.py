"""Render the catalogue into Markdown pages (Jinja2 templates in ``templates/``).

Returns plain (path, text) pairs; knowing nothing of MkDocs keeps the move to another site engine
cheap. Every word a resident reads is in a template or in ``messages.yml``.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import quote

import markdown
import nh3
import segno
import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import cards, feeds, messages, schedule
from .catalogue import Catalogue, Entry
from .model import Channel, Kind, Location, Weekday, WeeklyHours
from .outputs import OutputFile

TEMPLATES = Path(__file__).with_name("templates")

# What a contributor's Markdown may become: text formatting and links, never scripts or styles.
_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4"}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}


@dataclass(frozen=True)
class Page:
    path: str  # source path inside docs_dir, e.g. "service/nijinokai.md"
    text: str


def render(catalogue: Catalogue, today: date, site_url: str, checks: dict | None = None) -> list[Page]:
    """All generated pages. ``checks`` are the results of the last automated accessibility tests."""
    env = _environment(catalogue, today)
    common = {"site": catalogue.site, "catalogue": catalogue, "today": today, "Kind": Kind,
              "upcoming": schedule.upcoming(catalogue, today)}

    def page(path: str, template: str, **values) -> Page:
        # Links in raw HTML are not rewritten by the site engine: give each page its way back to the root.
        root = "../" * (path.count("/") + (path != "index.md"))
        url = site_url + ("" if path == "index.md" else path.removesuffix(".md") + "/")
        return Page(path, env.get_template(template).render(**common, root=root, url=url, **values))

    pages = [page("index.md", "home.md.j2"),
             page("areas.md", "areas.md.j2"),
             page("upcoming.md", "upcoming.md.j2"),
             page("opendata.md", "opendata.md.j2"),
             page("search.md", "search.md.j2"),
             page("accessibility-results.md", "accessibility_results.md.j2", results=checks)]
    pages += [page(f"{kind.value}.md", "kind.md.j2", kind=kind) for kind in Kind]
    pages += [page(f"area/{area.code}.md", "area.md.j2", area=area) for area in catalogue.areas]
    pages += [page(f"service/{entry.id}.md", "entry.md.j2", entry=entry,
                   coming=schedule.entry_upcoming(entry, today, months=6),
                   past=schedule.entry_past(entry, today))
              for entry in catalogue.entries]
    return pages


def redirects(catalogue: Catalogue) -> list[OutputFile]:
    """Old addresses of renamed entries: a small page that forwards to the new one."""
    template = _environment(catalogue, date.today()).get_template("redirect.html.j2")
    return [OutputFile(f"service/{old}/index.html",
                       template.render(entry=entry, target=f"../{entry.id}/").encode("utf-8"))
            for entry in catalogue.entries for old in entry.service.former_ids]


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


def qr_svg(url: str) -> Markup:
    """A QR code of the page's address, drawn at build time (for printed flyers)."""
    svg = segno.make(url, error="m").svg_inline(scale=4, border=2, dark="#000", light="#fff")
    return Markup(svg)


def structured_data(catalogue: Catalogue, entry: Entry, url: str, coming: list[schedule.Occurrence]) -> dict:
    """schema.org description of an entry for search engines: the service, who runs it, its dates."""
    s = entry.service
    public = entry.kind in (Kind.consultation, Kind.outreach)
    data: dict = {
        "@context": "https://schema.org",
        "@type": "GovernmentService" if public else "Service",
        "name": s.name,
        "description": s.summary,
        "url": url,
        "serviceType": messages.label("kind", entry.kind),
        "areaServed": [catalogue.site.prefecture] if s.serves_all else [catalogue.area(c).name for c in s.areas],
    }
    if s.aliases:
        data["alternateName"] = s.aliases
    if s.operator:
        data["provider"] = {"@type": "Organization", "name": s.operator}
    if s.contacts.phones:
        data["availableChannel"] = {"@type": "ServiceChannel", "servicePhone": {
            "@type": "ContactPoint", "telephone": s.contacts.phones[0].number}}
    events = []
    for o in coming[:6]:
        start = datetime.combine(o.date, o.opens, schedule.JST).isoformat() if o.opens else o.date.isoformat()
        event = {"@type": "Event", "name": f"{s.name}「{o.title}」" if o.title else s.name, "startDate": start,
                 "url": url, "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode"
                 if Channel.online in s.channels else "https://schema.org/OfflineEventAttendanceMode"}
        if o.venue:
            event["location"] = {"@type": "Place", "name": o.venue}
        events.append(event)
    if events:
        data["event"] = events
    return data


def json_ld(data: dict) -> Markup:
    # "</" inside a <script> block would end it early; \u003c keeps the JSON the same.
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return Markup(f'<script type="application/ld+json">{text}</script>')


def front_matter(**meta: object) -> Markup:
    # The theme prints title and description into <title> and <meta content="…"> unescaped:
    # escape contributor text here so a name can never close the tag.
    safe = {k: str(escape(v)) if isinstance(v, str) else v for k, v in meta.items()}
    return Markup("---\n" + yaml.safe_dump(safe, allow_unicode=True, sort_keys=False) + "---")


def _environment(catalogue: Catalogue, today: date) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(quote=lambda text: quote(text, safe=""), tel=tel_href, date_ja=date_ja, time_ja=time_ja,
                       days_ja=days_ja, hours=hours_text, week_ja=week_ja, map_url=map_url, markdown=safe_markdown)
    env.globals.update(label=messages.label, labels=messages.labels(), span=span_ja,
                       front_matter=front_matter, months_ahead=schedule.MONTHS_AHEAD, qr_svg=qr_svg,
                       json_ld=lambda entry, url, coming: json_ld(structured_data(catalogue, entry, url, coming)),
                       card_path=cards.card_path,
                       has_calendar=lambda entry: feeds.has_calendar(entry, today),
                       next_of=lambda entry: next(iter(schedule.entry_upcoming(entry, today)), None))
    env.tests["intersects"] = lambda values, others: bool(set(values) & set(others))
    return env
