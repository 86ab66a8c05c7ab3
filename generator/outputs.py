"""Files the build writes as they are (CSV, JSON…), next to the generated Markdown pages."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    path: str  # path inside the built site, e.g. "opendata/facilities.csv"
    content: bytes
