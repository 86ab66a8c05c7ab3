"""Render the catalogue into pages (Jinja2 templates in ``templates/``): Markdown, or HTML for the many.

Returns plain (path, text) pairs; knowing nothing of MkDocs keeps the move to another site engine
cheap. Every word a resident reads is in a template or in ``messages.yml``.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from urllib.parse import quote

import markdown
import nh3
import segno
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from . import cards, feeds, freshness, messages, report, schedule
from .cache import Cache, fingerprint
from .catalogue import Catalogue, Entry
from .model import Area, Channel, Kind, Location, Weekday, WeeklyHours
from .outputs import OutputFile

TEMPLATES = Path(__file__).with_name("templates")

# What a contributor's Markdown may become: text formatting and links, never scripts or styles.
_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "blockquote", "code", "h3", "h4"}
_ALLOWED_SCHEMES = {"http", "https", "mailto", "tel"}
# A kind page lists every entry as a card up to this many; past it (a national catalogue), each region
# lists its areas with a count, linking to that kind on the area page, so the page stays light on a phone.
CARDS_PER_KIND_PAGE = 300


@dataclass(frozen=True)
class Page:
    path: str  # source path inside docs_dir, e.g. "service/nijinokai.md"
    text: str  # front matter, then Markdown, for the site engine to read
    # The body of an entry or area page, already HTML (``*.html.j2``): there are thousands of them
    # nationally, and running each through Markdown would take most of the build.
    html: str | None = None


def render(catalogue: Catalogue, today: date, site_url: str, checks: dict | None = None,
           cache_dir: Path | None = None) -> list[Page]:
    """All generated pages. ``checks`` are the results of the last automated accessibility tests;
    ``cache_dir`` keeps QR codes and entry and area pages between builds."""
    env = _environment(catalogue, today)
    qr_cache = Cache(cache_dir and cache_dir / "qr", ".svg")
    page_cache = Cache(cache_dir and cache_dir / "pages", ".txt")
    env.globals["qr_svg"] = lambda url: qr_svg(url, qr_cache)
    common = {"site": catalogue.site, "catalogue": catalogue, "today": today, "Kind": Kind,
              "upcoming": schedule.upcoming(catalogue, today)}

    def page(path: str, template: str, inputs: tuple | None = None, values=dict) -> Page:
        """``inputs``: everything the page shows, when it can be taken from the cache unchanged."""
        # Links in raw HTML are not rewritten by the site engine: give each page its way back to the root.
        root = "../" * (path.count("/") + (path != "index.md"))
        url = site_url + ("" if path == "index.md" else path.removesuffix(".md") + "/")
        inputs = inputs and (fingerprint(), today, url, catalogue.site.model_dump(mode="json"), *inputs)
        kept = page_cache.get(*inputs) if inputs else None
        text = kept.decode("utf-8") if kept else env.get_template(template).render(**common, root=root, url=url,
                                                                                   **values())
        if inputs and not kept:
            page_cache.put(text.encode("utf-8"), *inputs)
        if not template.endswith(".html.j2"):
            return Page(path, text)
        end = text.index("\n---", 3) + len("\n---")  # the end of the front matter
        return Page(path, text[:end] + "\n", text[end:])

    @functools.cache
    def area_facts(code: str) -> dict:
        return catalogue.area(code).model_dump(mode="json")

    def entry_page(entry: Entry) -> Page:
        s = entry.service
        inputs = (catalogue.digest(entry.id), s.inquiry and catalogue.digest(s.inquiry),
                  [] if s.serves_all else [area_facts(code) for code in s.areas])
        return page(f"service/{entry.id}.md", "entry.html.j2", inputs, lambda: {
            "entry": entry, "coming": schedule.entry_upcoming(entry, today, months=6),
            "past": schedule.entry_past(entry, today)})

    def area_page(area: Area) -> Page:
        inputs = (area_facts(area.code), [catalogue.digest(entry.id) for entry in catalogue.serving(area.code)])
        return page(f"area/{area.code}.md", "area.html.j2", inputs, lambda: {"area": area})

    pages = [page("index.md", "home.md.j2"),
             page("areas.md", "areas.md.j2"),
             page("upcoming.md", "upcoming.md.j2"),
             page("opendata.md", "opendata.md.j2"),
             page("search.md", "search.md.j2"),
             page("accessibility-results.md", "accessibility_results.md.j2", values=lambda: {"results": checks})]
    pages += [page(f"{kind.value}.md", "kind.md.j2", values=lambda kind=kind: {"kind": kind}) for kind in Kind]
    # Thousands nationally: an unchanged entry or area is taken from the cache, not rendered again.
    pages += [area_page(area) for area in catalogue.areas]
    pages += [entry_page(entry) for entry in catalogue.entries]
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


def qr_svg(url: str, cache: Cache) -> Markup:
    """A QR code of the page's address, drawn at build time (for printed flyers)."""
    cached = cache.get(url)
    if cached is not None:
        return Markup(cached.decode("utf-8"))
    # Any of the eight masks scans; choosing the "best" one is 80% of the cost, thousands of times a build.
    svg = segno.make(url, error="m", mask=0).svg_inline(scale=4, border=2, dark="#000", light="#fff")
    cache.put(svg.encode("utf-8"), url)
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
    # The site's own index (search.py) covers every page; the engine's would cost a minute nationally.
    safe["search"] = {"exclude": True}
    # JSON is YAML too, and ten times quicker to write.
    return Markup("---\n" + json.dumps(safe, ensure_ascii=False) + "\n---")


def _environment(catalogue: Catalogue, today: date) -> Environment:
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(quote=lambda text: quote(text, safe=""), tel=tel_href, date_ja=date_ja, time_ja=time_ja,
                       days_ja=days_ja, hours=hours_text, week_ja=week_ja, map_url=map_url, markdown=safe_markdown)
    env.globals.update(label=messages.label, labels=messages.labels(), span=span_ja,
                       front_matter=front_matter, months_ahead=schedule.MONTHS_AHEAD,
                       cards_per_kind_page=CARDS_PER_KIND_PAGE,
                       json_ld=lambda entry, url, coming: json_ld(structured_data(catalogue, entry, url, coming)),
                       card_path=cards.card_path,
                       has_calendar=lambda entry: feeds.has_calendar(entry, today),
                       next_of=lambda entry: next(iter(schedule.entry_upcoming(entry, today)), None),
                       report_url=lambda entry, url: report.report_url(catalogue.site, entry, url))
    env.filters["verified_words"] = lambda day: freshness.verified_words(day, today)
    return env
