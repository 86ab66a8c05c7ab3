"""Where everything lives in the built site: the one place addresses are made.

Pages are named by their source path (``service/<id>.md``), which the engine serves at
``service/<id>/``; permalinks never change (``former_ids`` keep old ones working).
"""

from __future__ import annotations

from .catalogue import Entry
from .model import Area


def entry_page(entry_id: str) -> str:
    return f"service/{entry_id}.md"


def area_page(code: str) -> str:
    return f"area/{code}.md"


def page_url(source: str) -> str:
    """The address of a page, relative to the site root: ``service/x.md`` → ``service/x/``."""
    return "" if source == "index.md" else source.removesuffix(".md") + "/"


def entry_url(entry: Entry) -> str:
    return page_url(entry_page(entry.id))


def area_url(area: Area) -> str:
    return page_url(area_page(area.code))


def card(group: str, key: str) -> str:
    """The social card of an entry (``service``), an area (``area``) or the site (``site``)."""
    return f"cards/{group}/{key}.png"


def calendar(page_url_: str = "") -> str:
    """The calendar of a page (an entry or an area), or of the whole site."""
    return f"{page_url_}calendar.ics"


FEED = "feed.xml"
KIND_STYLES = "assets/stylesheets/kinds.css"
