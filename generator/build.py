"""The pipeline from data files to the site's files: load → validate → enrich → render.

This is what a site-engine adapter calls; it knows nothing of any engine. Every stage returns
``outputs.Output``; the adapter hands them all to its engine in one loop.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path

from . import cards, content, editor, export, feeds, kinds, loader, opening, pages, report, search, urls, written
from .cache import Cache
from .catalogue import Catalogue
from .scope import EVERYTHING, between
from .outputs import Output
from .readings import Readings
from .words import Words
from .schedule import japan_time


DEFAULT_SITE_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url when SITE_URL is not set


def build_date() -> date:
    """Today in Japan, or ``SITE_TODAY`` (YYYY-MM-DD) for reproducible builds and tests."""
    fixed = os.environ.get("SITE_TODAY")
    return date.fromisoformat(fixed) if fixed else japan_time(datetime.now(timezone.utc)).date()


@dataclass(frozen=True)
class Build:
    catalogue: Catalogue
    warnings: list[loader.Problem]
    outputs: list[Output]  # pages, then feeds, calendars, cards, redirects, open data, the search index
    theme: dict  # what the theme shows on every page
    timings: dict[str, float]  # seconds per stage, for the build log and bench/
    today: date
    checks: dict | None
    code: str  # the fingerprint of the generator that made it (templates as they were)
    changed: frozenset[str] | None = None  # paths of outputs unlike the last build's; None: all of them
    drawing: cards.Drawing | None = None  # cards still being drawn (``Builder.run(wait=False)``)

    @property
    def later(self) -> frozenset[str]:
        """The paths of the outputs whose files are there only after ``wait()``."""
        return self.drawing.pending if self.drawing is not None else frozenset()

    def wait(self) -> None:
        """Until the file of every output is there. An engine that can put cards into the site last
        builds with ``wait=False`` and calls this as late as it can: workers draw them meanwhile."""
        if self.drawing is not None:
            self.drawing.wait()

    @property
    def pages(self) -> list[Output]:
        return [output for output in self.outputs if output.is_page]

    @property
    def files(self) -> list[Output]:
        return [output for output in self.outputs if not output.is_page]


def run(data_dir: Path, today: date | None = None, site_url: str = DEFAULT_SITE_URL,
        cache: Cache | None = None, content_dir: Path | None = None, checks_file: Path | None = None,
        with_editor: bool = True) -> Build:
    """One build from nothing kept in this process (``Builder`` for one that rebuilds)."""
    return Builder(data_dir, site_url, cache, content_dir, checks_file, with_editor).run(today)


class Builder:
    """The generator for one site, across the builds of one process; raises ``loader.CatalogueError``
    on bad input.

    ``site_url`` makes the absolute links that shared posts, feeds and QR codes need;
    ``content_dir`` holds the hand-written pages, which the search covers too; ``checks_file`` the
    results of the last automated accessibility tests, published on the 試験結果 page; ``cache`` keeps
    work between builds. A long-running ``make serve`` keeps one ``Builder``: after an edit it reads
    only the changed files and makes again only what the changed entries touch (``scope``).
    ``with_editor=False`` leaves out /admin/, the form editor, whose CMS bundle comes from
    editor/node_modules: tests of the generator then need no ``npm ci``. The engines always build it.
    """

    def __init__(self, data_dir: Path, site_url: str = DEFAULT_SITE_URL, cache: Cache | None = None,
                 content_dir: Path | None = None, checks_file: Path | None = None,
                 with_editor: bool = True) -> None:
        self.data_dir, self.content_dir, self.checks_file = data_dir, content_dir, checks_file
        self.with_editor = with_editor
        self.site_url = site_url.rstrip("/") + "/"
        self.cache = cache or Cache(None)
        self.known = loader.KnownFiles()
        self.readings = Readings(self.cache.table("readings"))
        self.words = Words(self.cache.table("words"))
        self.templates = pages.environment()
        self.last: Build | None = None

    def run(self, today: date | None = None, wait: bool = True) -> Build:
        """A build; with ``wait=False`` the cards drawn by workers may still be drawing (``Build.wait``)."""
        if self.last is not None:
            self.last.wait()
        today = today or build_date()
        clock = _Clock()
        loaded, warnings = clock("load", loader.load, self.data_dir, today, self.cache.table("parsed"), self.known)
        refused = content.check(self.content_dir)  # the engines publish content/ as it is: nothing it refuses
        if refused:
            raise loader.CatalogueError(refused)
        loaded.site = report.with_repository(loaded.site)
        checks = (json.loads(self.checks_file.read_text(encoding="utf-8"))
                  if self.checks_file and self.checks_file.exists() else None)
        code = self.cache.fingerprint()  # a template edited under make serve changes it: all is made again
        last = self.last
        same_frame = last and (last.today, last.code, last.catalogue.site, last.catalogue.areas,
                               last.catalogue.vocabulary, last.checks) == (today, code, loaded.site, loaded.areas,
                                                                           loaded.vocabulary, checks)
        scope = between(last.catalogue, loaded) if same_frame else EVERYTHING
        site_url, cache = self.site_url, self.cache
        outputs = clock("pages", pages.render, loaded, today, site_url, cache, checks, scope, self.templates)
        # A first national build draws 11,700 cards: workers draw them while this process goes on.
        with cards.Drawing(loaded, today, cache, scope) as drawing:
            outputs += clock("feeds", feeds.outputs, loaded, today, site_url, cache, scope)
            others = clock("exports", lambda: pages.redirects(loaded, scope)
                           + export.render(loaded, today, site_url, cache.table("open-data")))
            if scope.everything:  # made from the site, areas and day alone
                if self.with_editor:  # /admin/: the form editor
                    others += clock("editor", editor.outputs, loaded, editor.site_folder(self.data_dir))
                others += [Output(urls.KIND_STYLES, kinds.stylesheet().encode("utf-8")), opening.output(today)]
                others += written.defaults(self.content_dir, loaded.site)  # privacy, accessibility policy
            # Search items hold readings and words: kept while the code and both readers stay the same.
            index = clock("search", search.index, loaded, today, self.readings, self.content_dir, self.words,
                          cache.table("search-items"))
            outputs += drawing.outputs() + others
            if wait:
                clock("cards", drawing.wait)
        outputs += [Output(path, text.encode("utf-8")) for path, text in index.items()]
        clock("cache", cache.finish, today, not scope.everything)
        theme = pages.theme_context(loaded)
        later = frozenset() if wait else drawing.pending
        changed = None
        # What an engine that keeps the last site (make serve) has to take again. Every page shows the
        # theme's data (the call bar): when it changed, everything has.
        if last and theme == last.theme:
            before = {output.path: output for output in last.outputs}
            changed = frozenset(output.path for output in outputs if output.path not in before
                                or output.path in later or not output.same(before[output.path]))
        if not scope.everything:  # the rest is as the last build made it
            made = {output.path: output for output in outputs}
            outputs = [made.pop(output.path, output) for output in last.outputs] + list(made.values())
        self.last = Build(loaded, warnings, outputs, theme, clock.seconds, today, checks, code, changed,
                          None if wait else drawing)
        return self.last


class _Clock:
    """Runs the stages and remembers how long each took."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, work, *args):
        start = time.perf_counter()
        result = work(*args)
        self.seconds[stage] = time.perf_counter() - start
        return result
