"""What every stage of the generator hands to the site engine: ``Output``, one file of the site.

The shape is MkDocs' own ``File.generated``: a path in the site's source tree and either the bytes made
in this build or a file kept in ``.cache/`` to be copied as it is (thousands of cards are never read
back into memory). A path ending in ``.md`` is a page; a page whose body is already HTML carries it in
``html`` and only its front matter in ``content``, so no engine runs Markdown over it.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import csp


@dataclass(frozen=True)
class Output:
    path: str  # in the site's source tree: "service/nijinokai.md", "feed.xml", "cards/site/default.png"
    content: bytes | None = None
    source: Path | None = None
    html: str | None = None

    @property
    def is_page(self) -> bool:
        return self.path.endswith(".md")

    def read(self) -> bytes:
        """The whole file as the engine reads it: for a page with an HTML body, front matter then body."""
        data = self.content if self.content is not None else self.source.read_bytes()
        return data + self.html.encode("utf-8") if self.html is not None else data

    def same(self, other: Output) -> bool:
        """Whether both hold the same bytes; a file kept in .cache/ is named by its content, so the same
        file is the same bytes without reading it."""
        return (self.source is not None and self.source == other.source) or self.read() == other.read()

    @property
    def text(self) -> str:
        return self.read().decode("utf-8")


def link_or_copy(source: Path, target: Path) -> None:
    """Put a file kept in .cache/ into a site or stage as a hard link: nationally 11,700 cards are not
    copied again on every build. Files in .cache/ are never rewritten (named by their content), and
    whatever was at ``target`` is removed first, so nothing is ever written through a link into them.
    Another file system gets a copy."""
    try:
        if os.path.samefile(source, target):
            return  # linked by the last build
    except FileNotFoundError:
        pass
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def write_if_changed(target: Path, data: bytes) -> None:
    """Write ``data`` to ``target`` unless it holds them already (nationally a build changes few of
    28,000 files: comparing takes a second, writing them all again half a minute). A changed file is
    replaced, never written through: it may be a hard link to another site or to .cache/."""
    try:
        if target.stat().st_size == len(data) and target.read_bytes() == data:
            return
        target.unlink()
    except FileNotFoundError:
        target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


_KEEP_AS_IS = re.compile(r"(<(?:pre|textarea|script)\b.*?</(?:pre|textarea|script)>)", re.S)
_INDENT = re.compile(r"\n\s+")


def finish_page(html: str, policy: bool = True) -> str:
    """The last touch to every page an engine has built, the one place both engines call (MkDocs from
    its plugin, Zensical's adapter once its build is done): the theme's invalid markup made valid,
    indentation folded, then the Content-Security-Policy (``csp.protect``), which trusts the theme's
    scripts and none in the page's content. ``policy=False`` under serve: its live-reload script is put
    in later and the policy would block it."""
    folded = fold_indentation(valid_theme_markup(html))
    return csp.protect(folded) if policy else csp.unmark(folded)


# What both themes write outside any template block (so overrides/ cannot replace it) and the HTML
# standard forbids: autocomplete on their toggle checkboxes (it only keeps Firefox from restoring a
# checkbox after a reload) and, in Zensical's, aria-hidden on the overlay <label> of the drawer's checkbox.
_INVALID_THEME_MARKUP = re.compile(r'(<input class="md-toggle"[^>]*?) autocomplete="off"'
                                   r'|(<label class="md-overlay" for="__drawer") aria-hidden="true"')


def valid_theme_markup(html: str) -> str:
    return _INVALID_THEME_MARKUP.sub(lambda found: found[1] or found[2], html)


def finish_part(html: str, policy: bool = True) -> str | None:
    """What ``finish_page`` does to a part of a page's body, the rest of the page finished apart (as
    the MkDocs adapter's shells are): the same, but for the policy itself, which goes in the head and
    holds the hashes of the shell's own scripts only (a script in a part never runs). None for a part
    that starts or ends with white space (which folds together with the white space around it)."""
    if html[:1].isspace() or html[-1:].isspace():
        return None
    folded = fold_indentation(html)
    return csp.mark_external_links(folded) if policy else folded


def fold_indentation(html: str) -> str:
    """Drop the indentation the theme's templates leave: a fifth of every page, 60 MB nationally.

    A run of white space that holds a line break still displays as one space, so nothing on the page
    moves; ``<pre>``, ``<textarea>`` and scripts are left exactly as they are.
    """
    parts = _KEEP_AS_IS.split(html)
    parts[::2] = [_INDENT.sub("\n", part) for part in parts[::2]]
    return "".join(parts)
