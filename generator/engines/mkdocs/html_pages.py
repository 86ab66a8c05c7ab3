"""Entry and area pages handed to MkDocs as pages whose body is HTML already (switch ``html_pages``).

Relies on mkdocs 1.6.1:
- ``mkdocs/structure/nav.py`` (``get_navigation``, ``_data_to_navigation``) and
  ``mkdocs/commands/build.py`` (``build``): a page a plugin has set as ``File.page`` (a ``Page``
  subclass) is the one MkDocs reads and draws; it makes a ``Page`` only for a file without one;
- ``mkdocs/commands/build.py`` (``_populate_page``): a page is read by ``Page.read_source(config)``,
  which must set ``markdown`` and ``meta``, then converted by ``Page.render(config, files)``, which
  must set ``content`` and ``toc``; ``mkdocs/structure/pages.py`` defines both.
- Material 9.8.2 ``material/templates/base.html``: the "skip to content" link points at the first
  entry of ``page.toc``, which is all the toc these pages need.

So MkDocs reads no file, parses no YAML (the generator's front matter is JSON) and runs no
Markdown for thousands of pages. After an upstream release, check those two methods' names and what
they must set, and that a preset ``File.page`` is still taken.

Off: MkDocs reads the page's front matter and Markdown (an empty body, ``on_page_markdown``), and
the plugin puts the HTML body and its heading in at ``on_page_content``, as documented events allow.
"""

from __future__ import annotations

import re

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import TableOfContents, get_toc

from generator import pages
from generator.outputs import Output

_FIRST_HEADING = re.compile(r'<h1 id="(?P<id>[^"]+)">(?P<name>.*?)</h1>', re.S)


def heading_toc(html: str) -> TableOfContents | None:
    """The contents of a page as far as the theme needs them: its first heading, if it has one."""
    title = _FIRST_HEADING.search(html)
    return get_toc([{"level": 1, "id": title["id"], "name": title["name"], "children": []}]) if title else None


class HtmlPage(Page):
    """An entry or area page: its body is HTML already and its front matter known."""

    def __init__(self, file: File, config, output: Output, meta: dict) -> None:
        super().__init__(None, file, config)
        self._output, self._meta = output, meta

    def read_source(self, config) -> None:
        self.markdown = ""
        self.meta = {**pages.read_front_matter(self._output.content), **self._meta}

    def render(self, config, files) -> None:
        self.content = self._output.html
        toc = heading_toc(self.content)
        if toc is not None:
            self.toc = toc
