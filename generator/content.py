"""What the written pages' folder (``content/``, the engines' docs_dir) may hold: Markdown pages and
the image types a page can show, and in those pages no HTML that runs code or sends visitors away.

Both engines publish every file of that folder as it is, from the site's own origin: an HTML or SVG
file there would run its scripts under the site's address (where the form editor keeps its token),
and a page's raw ``<script>``, ``<meta http-equiv="refresh">`` or ``onclick=`` would reach every
visitor. ``make check`` reports each with its file and line, and the build (``build.Builder``) stops
on the same problems, so no engine publishes a file the check refuses.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from . import messages
from .loader import Problem, not_utf8, position_in
from .yamlfile import Position

# Extension → whether a file's first bytes are such an image: a file must be what its name says (an
# HTML page renamed .png is not).
IMAGES = {".png": lambda head: head.startswith(b"\x89PNG\r\n\x1a\n"),
          ".jpg": lambda head: head.startswith(b"\xff\xd8\xff"),
          ".jpeg": lambda head: head.startswith(b"\xff\xd8\xff"),
          ".webp": lambda head: head.startswith(b"RIFF") and head[8:12] == b"WEBP"}

# Raw HTML a page may not hold, anywhere in the file (front matter too: the theme writes title and
# description into <head> as they are). Elements that run code, load another document or send the
# visitor elsewhere; and event attributes, in a tag (a ">" in quotes stays inside it) or in an
# attr_list ``{: onclick=… }``.
_TAG = re.compile(r"<(?P<tag>script|iframe|frame|frameset|object|embed|meta|base|form)(?=[\s/>]|$)", re.I)
_ATTRIBUTES = re.compile(r"""<[a-z](?:[^>"']|"[^"]*"|'[^']*')*|\{[^}\n]*\}""", re.I)
_EVENT = re.compile(r"""(?<=[\s"'/{])(?P<name>on[a-z]+)\s*=""", re.I)


def check(content_dir: Path | None) -> list[Problem]:
    """Every file that may not be published, and every page's HTML that may not run."""
    if content_dir is None or not content_dir.is_dir():
        return []
    problems = []
    for folder, folders, names in os.walk(content_dir):
        folders.sort()
        for name in [*(f for f in folders if os.path.islink(os.path.join(folder, f))), *sorted(names)]:
            problems += _check_file(Path(folder, name))
    return problems


def pages(content_dir: Path | None) -> list[tuple[Path, str]]:
    """Each written page (a regular .md file) with its text, for the checks that read pages: a page that
    is not UTF-8 is read with its bad bytes replaced, as ``check`` reports it already."""
    if content_dir is None or not content_dir.is_dir():
        return []
    return [(path, path.read_bytes().decode("utf-8", errors="replace"))
            for path in sorted(content_dir.glob("**/*.md")) if path.is_file() and not path.is_symlink()]


def _check_file(path: Path) -> list[Problem]:
    suffix = path.suffix.lower()
    if path.is_symlink():  # the engines would publish whatever it points at
        return [_problem(path, "content_symlink")]
    if suffix != ".md" and suffix not in IMAGES or not path.is_file():  # not a device or a pipe either
        return [_problem(path, "content_file_kind", images=" ".join(IMAGES))]
    if suffix in IMAGES:
        with path.open("rb") as file:
            head = file.read(12)
        return [] if IMAGES[suffix](head) else [_problem(path, "content_file_mismatch", extension=suffix)]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return [not_utf8(path, raw, error.start)]
    return _page_problems(path, text)


def _page_problems(path: Path, text: str) -> list[Problem]:
    """Raw HTML in a written page that could run code or send visitors elsewhere, each where it is."""
    found = [(m.start(), messages.problem("content_html_tag", tag=m["tag"].lower())) for m in _TAG.finditer(text)]
    for span in _ATTRIBUTES.finditer(text):
        found += [(span.start() + m.start("name"), messages.problem("content_html_event", attribute=m["name"]))
                  for m in _EVENT.finditer(span.group())]
    return [Problem(path, position_in(text, index), message) for index, message in sorted(found)]


def _problem(path: Path, key: str, **values: object) -> Problem:
    return Problem(path, Position(1, 1), messages.problem(key, name=path.name, **values))
