"""The plugin's settings in mkdocs.yml: one switch per trick, each on by default.

Switching one off makes MkDocs do that part its own documented way: slower, never different. The
site built with every switch off is byte for byte the one built with every switch on.
"""

from __future__ import annotations

from mkdocs.config import config_options
from mkdocs.config.base import Config


class AdapterConfig(Config):
    html_pages = config_options.Type(bool, default=True)
    """Hand entry and area pages to MkDocs as pages whose body is HTML already (``html_pages.py``).
    Off: MkDocs reads their front matter and the plugin puts the body in at ``on_page_content``."""

    shells = config_options.Type(bool, default=True)
    """Fill entry and area pages in from one shell the theme drew per kind of page (``shells.py``).
    Off: the theme draws every page in full."""

    search_skip = config_options.Type(bool, default=True)
    """Leave Material's search plugin no body to scan on pages it never indexes (``search_skip.py``).
    Off: it scans them and indexes nothing from them, as their front matter says."""

    site_in_place = config_options.Type(bool, default=True)
    """``mkdocs build`` into the last build's site, writing only the files that changed
    (``site_in_place.py``). Off: MkDocs empties the site folder and writes every file."""

    cards_later = config_options.Type(bool, default=True)
    """Let workers draw the social cards while MkDocs works, and put them in last (``cards_later.py``).
    Off: the generator waits for every card before MkDocs starts."""

    dirty_rebuilds = config_options.Type(bool, default=True)
    """Under ``mkdocs serve --dirty``, hand over and build again only what an edit changed
    (``dirty_rebuilds.py``). Off: every rebuild builds every page, as a build does."""

    native_watch = config_options.Type(bool, default=True)
    """Under ``mkdocs serve``, watch with the system's notices of change rather than listing every
    watched file twice a second (``native_watch.py``). Off: MkDocs' own polling."""
