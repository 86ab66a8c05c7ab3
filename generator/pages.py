"""Render the catalogue into pages (Jinja2 templates in ``templates/``): Markdown, or HTML for the many.

Entry and area pages (thousands nationally) render from a *view*: exactly what the page shows, and
the page is kept in the cache under a digest of that view. A template gets the view and pure
filters, never the catalogue, so it cannot show anything its key does not cover. The few pages about
the whole catalogue (home, kinds, dates) are rendered every build. Every word a resident reads is in a
template or in ``messages.yml``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields, is_dataclass
from datetime import date, time
from functools import cached_property
from pathlib import Path
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from jinja2.runtime import Macro
from markupsafe import Markup, escape
from pydantic import BaseModel

from . import (csp, embeds, formatting, freshness, furigana, kinds, messages, opening, parallel, qr, report, schedule,
               sharing, urls)
from .cache import Cache, digest
from .catalogue import Catalogue, Entry
from .model import Area, Site
from .nearest import Near, Nearest
from .outputs import Output
from .schedule import Occurrence
from .scope import EVERYTHING, Scope
from .ways import OtherWays

TEMPLATES = Path(__file__).with_name("templates")
# A kind page lists every entry as a card up to this many; past it (a national catalogue), each region
# lists its areas with a count, linking to that kind on the area page, so the page stays light on a phone.
CARDS_PER_KIND_PAGE = 300
ENTRY_MONTHS = 6  # how far ahead an entry page lists its dates
# The dates page lists the soonest this many; a national catalogue has 12,000 in three months (4 MB
# of page), and each area page lists its own.
DATES_PER_PAGE = 300


@dataclass(frozen=True)
class Listed:
    """An entry as a card shows it: with its next date."""

    entry: Entry
    next: Occurrence | None


@dataclass(frozen=True)
class EntryView:
    """Everything an entry page shows."""

    site: Site
    entry: Entry
    ask: Entry | None  # whom to ask, named by ``inquiry``
    areas: list[Area]
    coming: list[Occurrence]
    past: list[Occurrence]
    others: list[Entry]  # for one who cannot phone: entries for the same places taking mail, LINE, online
    post_line: str  # the next date and how to join, for shared posts
    verified: str  # 「最終確認 2024年12月（1年以上前）」: changes with the day of the build
    report: str | None  # 「情報の誤りを知らせる」: the issue form or mail, when the site sets one
    url: str
    root: str


@dataclass(frozen=True)
class AreaView:
    """Everything an area page shows."""

    site: Site
    area: Area
    here: dict[str, list[Listed]]  # per kind id, every kind: the most local first, then the prefecture-wide
    nearest: list[tuple[str, list[Near]]]  # per kind id: in-person ones elsewhere, when none is here
    ask: Entry  # whom to ask where nothing fits: the area's own window, else the main line
    url: str
    root: str


def environment() -> Environment:
    """The templates and their filters; a rebuild under ``make serve`` keeps it, templates compiled."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(quote=lambda text: quote(text, safe=""), tel=formatting.tel_href,
                       date_ja=formatting.date_ja, time_ja=formatting.time_ja, days_ja=formatting.days_ja,
                       hours=formatting.hours_text, weekly=formatting.weekly_text, week_ja=formatting.week_ja,
                       closed_days=formatting.closed_days_ja, map_url=formatting.map_url,
                       markdown=formatting.safe_markdown,
                       everywhere=formatting.everywhere)
    env.globals.update(label=messages.label, labels=messages.labels(), span=formatting.span_ja,
                       kinds=kinds.all_kinds(), front_matter=front_matter, urls=urls,
                       months_ahead=schedule.MONTHS_AHEAD, cards_per_kind_page=CARDS_PER_KIND_PAGE,
                       dates_per_page=DATES_PER_PAGE,
                       json_ld=lambda *facts: embeds.json_ld(embeds.structured_data(*facts)),
                       opening_hours=opening.hours_attribute, furigana=furigana.ruby)
    return env


def view_key(template: str, view: EntryView | AreaView) -> str:
    """The key of a page in the cache's table: its template and every fact of its view (the table is
    of the code and templates that draw pages: ``cache.KEPT``)."""
    return digest(template, _facts(view))


def _facts(value: object) -> object:
    if isinstance(value, Entry):
        return value.digest
    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if is_dataclass(value):
        return {f.name: _facts(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, dict):
        return {name: _facts(item) for name, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_facts(item) for item in value]
    if isinstance(value, (date, time)):
        return value.isoformat()
    return value


class Renderer:
    """Pages of one build: the template environment, the site address, and what the cache keeps of
    them (the pages and their QR codes)."""

    def __init__(self, catalogue: Catalogue, today: date, site_url: str, cache: Cache,
                 env: Environment | None = None) -> None:
        self.catalogue, self.today, self.site_url = catalogue, today, site_url
        self.env = env or environment()
        self.qr = qr.QrCodes(cache)
        self.kept = cache.table("pages")  # entry and area pages by view key
        self.ways, self.nearest = OtherWays(catalogue), Nearest(catalogue)
        self._cards: dict[tuple[str, str], Markup] = {}

    def card_once(self, card: Macro, item: Listed, root: str) -> Markup:
        """The templates' ``card`` of an entry, drawn once for every page of this build that lists it
        (nationally 22,000 cards of 10,000 entries on the area pages). Within one build an entry has one
        next date, so the entry and the way back to the root are all that differ."""
        key = (item.entry.id, root)
        if key not in self._cards:
            self._cards[key] = card(item, root)
        return self._cards[key]

    def _where(self, path: str) -> dict[str, str]:
        # Links in raw HTML are not rewritten by the site engine: give each page its way back to the root.
        return {"root": "../" * (path.count("/") + (path != "index.md")), "url": self.site_url + urls.page_url(path)}

    @cached_property
    def upcoming(self) -> list[Occurrence]:
        """Every coming date of the catalogue: worked out once for all the pages about everything."""
        return schedule.upcoming(self.catalogue, self.today)

    def with_next(self, entries: list[Entry]) -> list[Listed]:
        return [Listed(e, next(iter(schedule.entry_upcoming(e, self.today)), None)) for e in entries]

    def entry_view(self, entry: Entry) -> EntryView:
        s = entry.service
        where = self._where(urls.entry_page(entry.id))
        return EntryView(self.catalogue.site, entry, self.catalogue.entry(s.inquiry) if s.inquiry else None,
                         self.catalogue.areas_of(entry), schedule.entry_upcoming(entry, self.today, ENTRY_MONTHS),
                         schedule.entry_past(entry, self.today), self.ways.for_entry(entry),
                         sharing.line(self.catalogue, entry, self.today),
                         freshness.verified_words(s.last_verified, self.today),
                         report.report_url(self.catalogue.site, entry, where["url"]), **where)

    def area_view(self, area: Area) -> AreaView:
        serving = self.catalogue.serving(area.code)
        here = {kind.id: self.with_next([e for e in serving if e.kind == kind]) for kind in kinds.all_kinds()}
        nearest = [(kind.id, found) for kind in self.catalogue.kinds if (found := self.nearest.of(area, kind))]
        consultation = [e for e in serving if e.kind.id == "consultation" and not e.service.serves_all]
        ask = consultation[0] if consultation else self.catalogue.entry(self.catalogue.site.main_line)
        return AreaView(self.catalogue.site, area, here, nearest, ask, **self._where(urls.area_page(area.code)))

    def view(self, template: str, subject: str) -> EntryView | AreaView:
        """The view a page template draws: of the area with code ``subject`` or the entry with that id."""
        if template == "area.html.j2":
            return self.area_view(self.catalogue.area(subject))
        return self.entry_view(self.catalogue.entry(subject))

    def from_views(self, wanted: list[tuple[str, str, str]]) -> list[Output]:
        """Pages (path, template, subject: see ``view``) each drawn from its view alone, kept in the
        cache's table under the view's key; nationally, workers make the views and draw the pages."""
        with parallel.Making(self.drawn, wanted) as making:
            found = making.results()
        pages = []
        for (path, template, _), (key, text, qr) in zip(wanted, found):
            if text is not None:
                self.kept.put(key, text)
            url = self._where(path)["url"]
            if qr is not None:  # drawn by a worker
                self.qr.codes.put(url, qr)
            else:  # kept for the next build too
                self.qr.codes.get(url)
            pages.append(_page(path, self.kept.get(key), template))
        return pages

    def drawn(self, page: tuple[str, str, str]) -> tuple[str, str | None, bytes | None]:
        """One page's key, and unless it is kept already its text and the QR code of its address."""
        _, template, subject = page
        view = self.view(template, subject)
        key = view_key(template, view)
        if self.kept.get(key) is not None:
            return key, None, None
        text = self.env.get_template(template).render(
            qr_svg=self.qr, card_once=self.card_once, **{f.name: getattr(view, f.name) for f in fields(view)})
        return key, text, self.qr.codes.get(view.url)

    def about_everything(self, path: str, template: str, **values: object) -> Output:
        """A page about the whole catalogue (home, a kind, the dates): rendered every build."""
        text = self.env.get_template(template).render(
            site=self.catalogue.site, catalogue=self.catalogue, today=self.today, with_next=self.with_next,
            upcoming=self.upcoming, card_once=self.card_once, **self._where(path), **values)
        return _page(path, text, template)


def _page(path: str, text: str, template: str) -> Output:
    """A ``*.html.j2`` template writes its body in HTML already: the engine takes it as it is."""
    if not template.endswith(".html.j2"):
        return Output(path, text.encode("utf-8"))
    end = text.index("\n---", 3) + len("\n---")  # the end of the front matter
    # The body without the blank lines around it, so that it can be finished apart (outputs.finish_part).
    return Output(path, text[:end].encode("utf-8") + b"\n", html=text[end:].strip())


def render(catalogue: Catalogue, today: date, site_url: str, cache: Cache, checks: dict | None = None,
           scope: Scope = EVERYTHING, env: Environment | None = None) -> list[Output]:
    """The generated pages in ``scope``. ``checks`` are the results of the last automated accessibility
    tests."""
    renderer = Renderer(catalogue, today, site_url, cache, env)
    page = renderer.about_everything
    found = [page("index.md", "home.md.j2"),
             page("areas.md", "areas.md.j2"),
             page("opendata.md", "opendata.md.j2"),
             page("search.md", "search.md.j2"),
             page("accessibility-results.md", "accessibility_results.md.j2", results=checks)]
    if scope.dated:
        found.append(page("upcoming.md", "upcoming.md.j2"))
    found += [page(f"{kind.id}.md", "kind.md.j2", kind=kind) for kind in catalogue.kinds if scope.has_kind(kind.id)]
    found += renderer.from_views(
        [(urls.area_page(area.code), "area.html.j2", area.code) for area in catalogue.areas
         if scope.has_area_page(area.code)]
        + [(urls.entry_page(entry.id), "entry.html.j2", entry.id) for entry in catalogue.entries
           if scope.has_entry(entry)])
    return found


def redirects(catalogue: Catalogue, scope: Scope = EVERYTHING) -> list[Output]:
    """Old addresses of renamed entries: a small page that forwards to the new one."""
    template = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True).get_template("redirect.html.j2")
    return [Output(f"service/{old}/index.html",
                   csp.protect(template.render(entry=entry, target=f"../{entry.id}/")).encode("utf-8"))
            for entry in catalogue.entries if scope.has_entry(entry) for old in entry.service.former_ids]


def theme_context(catalogue: Catalogue) -> dict:
    """What the theme templates show on every page: the sample notice, the main line and the
    national lines shown when it is closed."""
    return {
        "sample": catalogue.site.sample,
        "main_line": _line(catalogue, catalogue.entry(catalogue.site.main_line)),
        "night_lines": [_line(catalogue, catalogue.entry(line)) for line in catalogue.site.night_lines],
    }


def _line(catalogue: Catalogue, entry: Entry) -> dict:
    schedule = entry.service.schedule
    phones = entry.service.contacts.phones
    if not phones and entry.service.inquiry:  # reached through whom to ask: that number, as its page shows
        phones = catalogue.entry(entry.service.inquiry).service.contacts.phones
    return {
        "name": entry.service.name,
        "url": urls.entry_url(entry),
        "phones": [{"number": p.number, "href": formatting.tel_href(p.number)} for p in phones],
        "hours": formatting.weekly_text(schedule.weekly if schedule else []),
        "always": bool(schedule and schedule.always_open),
        "opening": opening.hours_attribute(entry),
    }


def front_matter(**meta: object) -> Markup:
    # The theme prints title and description into <title> and <meta content="…"> unescaped:
    # escape contributor text here so a name can never close the tag.
    safe = {k: str(escape(v)) if isinstance(v, str) else v for k, v in meta.items()}
    # The site's own index (search.py) covers every page; the engine's would cost a minute nationally.
    safe["search"] = {"exclude": True}
    # JSON is YAML too, and ten times quicker to write.
    return Markup("---\n" + json.dumps(safe, ensure_ascii=False) + "\n---")


def read_front_matter(data: bytes) -> dict:
    """The meta that ``front_matter`` wrote, read back without a YAML parser."""
    return json.loads(data.decode("utf-8").strip().strip("-"))
