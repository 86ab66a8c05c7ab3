"""The pipeline from data files to pages: load → validate → enrich → render.

This is what the site-engine adapter calls; it knows nothing of MkDocs.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from . import catalogue, pages, search
from .readings import Readings

JST = ZoneInfo("Asia/Tokyo")


def build_date() -> date:
    """Today in Japan, or ``SITE_TODAY`` (YYYY-MM-DD) for reproducible builds and tests."""
    fixed = os.environ.get("SITE_TODAY")
    return date.fromisoformat(fixed) if fixed else datetime.now(JST).date()


@dataclass(frozen=True)
class Build:
    catalogue: catalogue.Catalogue
    warnings: list[catalogue.Problem]
    pages: list[pages.Page]
    theme: dict  # what the theme shows on every page
    search_index: str  # JSON for the browser's search (search.PATH)


def run(data_dir: Path, today: date | None = None, content_dir: Path | None = None) -> Build:
    """Build every generated page; raises ``catalogue.CatalogueError`` on bad input."""
    today = today or build_date()
    loaded, warnings = catalogue.load(data_dir, today)
    readings = Readings()
    rendered = pages.render(loaded, today, readings)
    index = search.index(loaded, today, readings, content_dir)
    return Build(loaded, warnings, rendered, pages.theme_context(loaded), index)
