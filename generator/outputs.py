"""Files the generator hands to the site engine besides Markdown pages (feeds, images, data)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OutputFile:
    path: str  # path inside the built site, e.g. "feed.xml"
    content: bytes
