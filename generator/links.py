"""Links from the hand-written pages (``content/*.md``) to entry and area pages.

An entry that is renamed or retired, or an area code mistyped, would otherwise pass ``make check`` and
stop ``make site`` with an English MkDocs warning. Here it is a Japanese message with the page's line,
and when the old id is in some entry's ``former_ids`` the message names the new one.
"""

from __future__ import annotations

import re
from pathlib import Path

from . import content, messages
from .catalogue import Catalogue
from .loader import Problem, position_in

# Markdown links [text](target) and [ref]: target, and HTML href="target", to service/<id> or area/<code>
# (written as service/<id>.md, service/<id>/, /service/<id>/, ../service/<id>/index.md …).
_TARGET = re.compile(r"""(?:\]\(\s*<?|^\s*\[[^\]]+\]:\s*<?|href=["'])(?P<target>[^)\s"'>#?]+)""", re.MULTILINE)
_PAGE = re.compile(r"(?:^|/)(?P<kind>service|area)/(?P<name>[^/]+?)(?:\.md|/index\.md|/index\.html|/)?$")


def check(content_dir: Path, catalogue: Catalogue) -> list[Problem]:
    renamed = {old: e.id for e in catalogue.entries for old in e.service.former_ids}
    ids = {e.id for e in catalogue.entries}
    codes = {a.code for a in catalogue.areas}
    problems = []
    for path, text in content.pages(content_dir):
        for link in _TARGET.finditer(text):
            page = _PAGE.search(link["target"])
            if not page or "://" in link["target"]:
                continue
            name, kind = page["name"], page["kind"]
            if kind == "service" and name in renamed:
                key, values = "link_renamed", {"value": name, "new": renamed[name]}
            elif kind == "service" and name not in ids:
                key, values = "link_unknown_entry", {"value": name}
            elif kind == "area" and name not in codes:
                key, values = "link_unknown_area", {"value": name}
            else:
                continue
            problems.append(Problem(path, position_in(text, link.start("target")),
                                    messages.problem(key, target=link["target"], places=catalogue.site.places,
                                                     **values)))
    return problems
