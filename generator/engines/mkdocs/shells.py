"""Entry and area pages filled in from one shell per kind of page (switch ``shells``).

Relies on:
- Material 9.8.2 ``material/templates/base.html`` and ``material/templates/partials/*.html`` (with
  ``overrides/``): an entry or area page is drawn from its title, description, card, address, first
  heading and body; all else is the same for every page in the same folder with the same
  front-matter keys (they are outside the navigation, so no page is "active" in it);
- mkdocs 1.6.1 ``mkdocs/structure/pages.py``: ``Page._set_canonical_url(base)`` (private) sets
  ``canonical_url`` and ``abs_url`` from ``page.url``, which follows ``page.file.url``: the marked
  copy of a page is moved to a marked address that way;
- mkdocs 1.6.1 ``mkdocs/commands/build.py`` (``_build_page``): the template is chosen from
  ``page.meta["template"]`` before ``on_page_context``, and what that event puts in the context is
  what the template draws: pages are drawn at ``on_page_context`` and handed through
  ``DRAWN_TEMPLATE``.

Nationally the theme would take 3 ms for each of 11,700 pages: it draws each kind once with a marker
in each of those places, the shell is finished once (``outputs.finish_page``) and the markers are
then filled in for every page, each filling finished apart (``outputs.finish_part``). The first page
of each kind is drawn in full as well, and a kind whose filled page differs from it is drawn in full
from then on; a page with ``<>&"'`` or a line break in its title, description, card or address is
drawn in full, as the theme escapes those differently in different places, and so is a page with a
link to itself or to its source, or a body that ``finish_part`` cannot finish apart. Every page
comes out finished, and byte for byte as the theme draws it (tests/test_shells.py).

After an upstream release, check: tests/test_shells.py (every filled page against the theme's),
that ``_set_canonical_url`` still exists and still sets what the theme reads (``canonical_url``,
``abs_url``), and whether a new template feature draws something per page that the markers miss
(the test then falls back to drawing in full: slower, not wrong). Off: the theme draws every page.
"""

from __future__ import annotations

import copy
import re

import jinja2
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

from generator.outputs import finish_page, finish_part

DRAWN_TEMPLATE = "sg-drawn.html"  # all it holds is the page the plugin drew
DRAWN = "sg_drawn"  # its name in the context


class Shells:
    _FIELDS = ("title", "description", "image", "slug", "heading", "body")
    _MARKS = {name: f"sgmark{name}a1f9" for name in _FIELDS}
    _HEADED = "<h1"  # Material adds a heading to a body without one; see _marked
    _MARKED = re.compile(f"(?:{_HEADED})?sgmark({'|'.join(_FIELDS)})a1f9")
    _UNSAFE = re.compile(r"[<>&\"'\n]")

    def __init__(self, policy: bool) -> None:
        self._policy = policy  # the Content-Security-Policy too (not under serve)
        self._shells: dict[str, tuple[list[str], str] | None] = {}  # shape → (shell, its address), or None
        self.filled = 0  # pages filled in rather than drawn

    def draw(self, template: jinja2.Template, context: dict, page: Page, site_url: str | None) -> str:
        head, slug, tail = _address(page.url)
        fields = {"title": page.meta.get("title", ""), "description": page.meta.get("description", ""),
                  "image": page.meta.get("image", ""), "slug": slug}
        headed = self._HEADED in page.content
        shape = repr((head, tail, headed, [item.id for item in page.toc.items[:1]],
                      sorted((key, repr(value)) for key, value in page.meta.items() if key not in fields)))
        known = self._shells.get(shape, ())
        heading = page.toc.items[0].title if page.toc.items else ""
        parts = {"heading": finish_part(heading, self._policy),
                 "body": finish_part(page.content, self._policy)}
        if (known is None or None in parts.values() or any(self._UNSAFE.search(str(v)) for v in fields.values())
                or page.edit_url):  # MkDocs gives generated pages none; were it to, each has its own
            return self._finish(template.render(context))
        fills = {**fields, **parts}
        if known and not self._links_to(page, *known):
            self.filled += 1
            return _fill(known[0], fills)
        drawn = self._finish(template.render(context))
        if not known:  # the first page of its shape: the shell is kept if it fills in to the same page
            marked = self._marked(page, site_url, head + self._MARKS["slug"] + tail, headed)
            shell = (self._MARKED.split(self._finish(template.render({**context, "page": marked}))), marked.url)
            if not self._links_to(page, *shell):
                self._shells[shape] = shell if _fill(shell[0], fills) == drawn else None
        return drawn

    def _finish(self, html: str) -> str:
        return finish_page(html, policy=self._policy)

    @staticmethod
    def _links_to(page: Page, shell: list[str], address: str) -> bool:
        """Whether the shell links to the page (as the call bar does on the main line's own page): the
        shell has a link to a sibling there, the page a link to itself, "./"."""
        link = get_relative_url(page.url, address)
        return any(link in text for text in shell[::2])

    def _marked(self, page: Page, site_url: str | None, url: str, headed: bool) -> Page:
        """The page at ``url`` with a marker in place of each thing that differs from page to page."""
        marks = self._MARKS
        marked, marked.file = copy.copy(page), copy.copy(page.file)
        marked.file.url = url
        marked._set_canonical_url(site_url)
        marked.meta = {**page.meta, **{key: marks[key] for key in ("title", "description", "image") if key in page.meta}}
        # Written in so that the theme sees a heading where the page has one: the filling takes it out.
        marked.content = (self._HEADED if headed else "") + marks["body"]
        marked.toc = get_toc([{"level": item.level, "id": item.id, "name": marks["heading"], "children": []}
                              for item in page.toc.items[:1]])
        return marked


def _fill(shell: list[str], fills: dict[str, str]) -> str:
    """A shell split at its markers (text, name, text, name, …) with each name filled in."""
    return "".join(part if i % 2 == 0 else fills[part] for i, part in enumerate(shell))


def _address(url: str) -> tuple[str, str, str]:
    """A page's address in three: "service/", "e7", "/"."""
    stem = url.rstrip("/")
    slug = stem.rpartition("/")[2]
    return stem[:-len(slug)], slug, url[len(stem):]
