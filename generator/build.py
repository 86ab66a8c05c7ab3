"""The pipeline from data files to the site's files: load → validate → enrich → render.

This is what a site-engine adapter calls; it knows nothing of any engine. Every stage returns
``outputs.Output``; the adapter hands them all to its engine in one loop.
"""

from __future__ import annotations

import json
import os
import time
from dataclasses import dataclass
from datetime import date, datetime
from importlib import metadata
from pathlib import Path

from . import cards, editor, export, feeds, kinds, loader, opening, pages, report, search, urls
from .cache import Cache
from .catalogue import Catalogue
from .outputs import Output
from .readings import Readings
from .words import Words
from .schedule import JST


def build_date() -> date:
    """Today in Japan, or ``SITE_TODAY`` (YYYY-MM-DD) for reproducible builds and tests."""
    fixed = os.environ.get("SITE_TODAY")
    return date.fromisoformat(fixed) if fixed else datetime.now(JST).date()


@dataclass(frozen=True)
class Build:
    catalogue: Catalogue
    warnings: list[loader.Problem]
    outputs: list[Output]  # pages, then feeds, calendars, cards, redirects, open data, the search index
    theme: dict  # what the theme shows on every page
    timings: dict[str, float]  # seconds per stage, for the build log and bench/

    @property
    def pages(self) -> list[Output]:
        return [output for output in self.outputs if output.is_page]

    @property
    def files(self) -> list[Output]:
        return [output for output in self.outputs if not output.is_page]


def run(data_dir: Path, today: date | None = None, site_url: str = "http://127.0.0.1:8000/",
        cache: Cache | None = None, content_dir: Path | None = None, checks_file: Path | None = None) -> Build:
    """Build every generated page and file; raises ``loader.CatalogueError`` on bad input.

    ``site_url`` makes the absolute links that shared posts, feeds and QR codes need;
    ``content_dir`` holds the hand-written pages, which the search covers too; ``checks_file`` the
    results of the last automated accessibility tests, published on the 試験結果 page; ``cache`` keeps
    work between builds (a long-running ``make serve`` passes the same one to every rebuild).
    """
    today = today or build_date()
    site_url = site_url.rstrip("/") + "/"
    cache = cache or Cache(None)
    clock = _Clock()
    loaded, warnings = clock("load", loader.load, data_dir, today, cache.table("parsed"))
    loaded.site = report.with_repository(loaded.site)
    checks = json.loads(checks_file.read_text(encoding="utf-8")) if checks_file and checks_file.exists() else None
    outputs = clock("pages", pages.render, loaded, today, site_url, cache, checks)
    outputs += clock("feeds", feeds.outputs, loaded, today, site_url, cache)
    outputs += clock("cards", cards.outputs, loaded, today, cache)
    outputs += clock("exports", lambda: pages.redirects(loaded) + export.render(loaded, today)
                     + [Output(urls.KIND_STYLES, kinds.stylesheet().encode("utf-8"))])
    outputs += clock("editor", editor.outputs, loaded)  # /admin/: the form editor
    readings = Readings(cache.table(f"readings-pykakasi-{metadata.version('pykakasi')}"))
    words = Words(cache.table(f"words-janome-{metadata.version('janome')}"))
    index = clock("search", search.index, loaded, today, readings, content_dir, words)
    outputs += [Output(path, text.encode("utf-8")) for path, text in index.items()]
    outputs.append(opening.output(today))
    clock("cache", cache.finish, today)
    return Build(loaded, warnings, outputs, pages.theme_context(loaded), clock.seconds)


class _Clock:
    """Runs the stages and remembers how long each took."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, work, *args):
        start = time.perf_counter()
        result = work(*args)
        self.seconds[stage] = time.perf_counter() - start
        return result
