"""Where staff keep the catalogue, and how anyone reports a mistake on an entry page.

The repository is ``repository:`` in ``data/site.yml`` or, when the site is built by GitHub Actions,
the repository being built (``GITHUB_SERVER_URL``/``GITHUB_REPOSITORY``), so a prefecture that
publishes with the provided workflows has nothing to set.
"""

from __future__ import annotations

import os
from urllib.parse import quote, urlencode

from . import messages
from .catalogue import Entry
from .model import Site


def with_repository(site: Site) -> Site:
    """The site settings with the repository filled in from GitHub Actions when not set."""
    if site.repository or not os.environ.get("GITHUB_REPOSITORY"):
        return site
    server = os.environ.get("GITHUB_SERVER_URL", "https://github.com")
    return site.model_copy(update={"repository": f"{server}/{os.environ['GITHUB_REPOSITORY']}"})


def report_url(site: Site, entry: Entry, page_url: str) -> str | None:
    """「情報の誤りを知らせる」: a prefilled GitHub issue form, else a mail; None when neither is set."""
    name, entry_id = entry.service.name, entry.id
    title = messages.text("report_title", name=name, id=entry_id)
    if site.repository:
        query = urlencode({"template": "report.yml", "title": title, "entry": entry_id, "page": page_url})
        return f"{site.repository.rstrip('/')}/issues/new?{query}"
    if site.report_email:
        body = messages.text("report_mail_body", id=entry_id, url=page_url)
        return f"mailto:{site.report_email}?subject={quote(title)}&body={quote(body)}"
    return None
