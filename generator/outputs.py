"""Files the generator hands to the site engine besides pages (feeds, images, data), the folder pages
are staged in, and the last touch to every built page."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class OutputFile:
    """Made in this build (``data``), or kept from an earlier one in ``.cache/`` (``source``): a kept
    file is copied by the engine and never read back into memory (thousands of cards)."""

    path: str  # path inside the built site, e.g. "feed.xml"
    data: bytes | None = None
    source: Path | None = None

    @property
    def content(self) -> bytes:
        return self.data if self.data is not None else self.source.read_bytes()


class Staging:
    """Generated pages written to a folder, each rewritten only when its text changed.

    An unchanged page keeps its file time, so the engine's ``--dirty`` rebuilds under ``make serve``
    redo only the pages an edit touched. A manifest of digests saves reading the folder back.
    """

    def __init__(self, folder: Path, around: object) -> None:
        """``around``: what every page is framed with (the theme's settings); when it changes, every
        page is written again, so that every page is rebuilt."""
        self.folder = folder
        self._manifest = folder / "manifest.json"
        self._around = hashlib.sha256(json.dumps(around, sort_keys=True, default=str).encode()).hexdigest()
        try:
            around_before, self._known = json.loads(self._manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            around_before, self._known = None, {}
        if around_before != self._around:
            self._known = {}
        self._now: dict[str, str] = {}

    def put(self, path: str, content: str | bytes) -> Path:
        data = content.encode("utf-8") if isinstance(content, str) else content
        digest = hashlib.sha256(data).hexdigest()
        target = self.folder / path
        if self._known.get(path) != digest or not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        self._now[path] = digest
        return target

    def save(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self._manifest.write_text(json.dumps([self._around, self._now]), encoding="utf-8")


_KEEP_AS_IS = re.compile(r"(<(?:pre|textarea|script)\b.*?</(?:pre|textarea|script)>)", re.S)
_INDENT = re.compile(r"\n\s+")


def finish_page(html: str) -> str:
    """The last touch to every page an engine has built: the one place both engines call
    (MkDocs from its ``on_post_page`` hook, Zensical's adapter once its build is done)."""
    return fold_indentation(html)


def fold_indentation(html: str) -> str:
    """Drop the indentation the theme's templates leave: a fifth of every page, 60 MB nationally.

    A run of white space that holds a line break still displays as one space, so nothing on the page
    moves; ``<pre>``, ``<textarea>`` and scripts are left exactly as they are.
    """
    parts = _KEEP_AS_IS.split(html)
    parts[::2] = [_INDENT.sub("\n", part) for part in parts[::2]]
    return "".join(parts)
