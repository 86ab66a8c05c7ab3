"""The pipeline from data files to pages: load → validate → enrich → render.

This is what the site-engine adapter calls; it knows nothing of MkDocs.
"""

from __future__ import annotations

import json
from importlib import metadata
import os
import time
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from . import cards, catalogue, editor, export, feeds, pages, report, search
from .outputs import OutputFile
from .readings import Readings
from .schedule import JST


def build_date() -> date:
    """Today in Japan, or ``SITE_TODAY`` (YYYY-MM-DD) for reproducible builds and tests."""
    fixed = os.environ.get("SITE_TODAY")
    return date.fromisoformat(fixed) if fixed else datetime.now(JST).date()


@dataclass(frozen=True)
class Build:
    catalogue: catalogue.Catalogue
    warnings: list[catalogue.Problem]
    pages: list[pages.Page]
    files: list[OutputFile]  # feeds, calendars, cards, redirects, open data
    theme: dict  # what the theme shows on every page
    timings: dict[str, float]  # seconds per stage, for the build log and bench/


def run(data_dir: Path, today: date | None = None, site_url: str = "http://127.0.0.1:8000/",
        cache_dir: Path | None = None, content_dir: Path | None = None,
        checks_file: Path | None = None) -> Build:
    """Build every generated page and file; raises ``catalogue.CatalogueError`` on bad input.

    ``site_url`` makes the absolute links that shared posts, feeds and QR codes need;
    ``content_dir`` holds the hand-written pages, which the search covers too; ``checks_file`` the
    results of the last automated accessibility tests, published on the 試験結果 page; ``cache_dir``
    keeps cards, QR codes and machine readings between builds.
    """
    today = today or build_date()
    site_url = site_url.rstrip("/") + "/"
    clock = _Clock()

    def kept(name: str) -> Path | None:
        return cache_dir / name if cache_dir else None

    loaded, warnings = clock("load", catalogue.load, data_dir, today, kept("documents.pickle"))
    loaded.site = report.with_repository(loaded.site)
    checks = json.loads(checks_file.read_text(encoding="utf-8")) if checks_file and checks_file.exists() else None
    rendered = clock("pages", pages.render, loaded, today, site_url, checks, cache_dir)
    files = clock("feeds", feeds.outputs, loaded, today, site_url, kept("calendars"))
    files += clock("cards", cards.outputs, loaded, kept("cards"))
    files += clock("exports", lambda: pages.redirects(loaded) + export.render(loaded, today))
    files += clock("editor", editor.outputs, loaded)  # /admin/: the form editor
    readings = Readings(kept(f"readings-pykakasi-{metadata.version('pykakasi')}.json"))
    index = clock("search", search.index, loaded, today, readings, content_dir)
    readings.save()
    files += [OutputFile(path, text.encode("utf-8")) for path, text in index.items()]
    return Build(loaded, warnings, rendered, files, pages.theme_context(loaded), clock.seconds)


class _Clock:
    """Runs the stages and remembers how long each took."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    def __call__(self, stage: str, work, *args):
        start = time.perf_counter()
        result = work(*args)
        self.seconds[stage] = time.perf_counter() - start
        return result
