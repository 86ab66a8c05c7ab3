"""Material's search plugin left no body to scan on pages it never indexes (switch ``search_skip``).

Relies on Material 9.8.2 ``material/plugins/search/plugin.py``: ``SearchPlugin.on_page_context``
(default priority 0) calls ``SearchIndex.add_entry_from_context(page)``, which returns at once for a
page whose front matter says ``search: {exclude: true}`` (every entry and area page: the site has
its own search, ``generator/search.py``), and then rewrites ``page.content`` with a regular
expression that takes out attributes of its own (``data-search-*``) these pages never have.
Nationally that scan of 11,700 bodies takes a second or two. The plugin's ``on_page_context`` runs
first (``event_priority(50)``, mkdocs 1.6.1 ``mkdocs/plugins.py``), draws the page there
(see ``shells.py``: the template only prints what was drawn) and leaves the search plugin an empty
body.

After an upstream release, check that the search plugin still reads the body only at
``on_page_context`` and that ``exclude`` still keeps a page out of its index. Off: it scans them.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page


def leave_no_body(page: Page) -> None:
    """Once the page is drawn: nothing left for Material's search to scan."""
    page.content = ""
