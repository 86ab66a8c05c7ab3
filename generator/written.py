"""The written pages of a site: its own ``content/*.md``, and the generator's defaults
(``defaults/content/``: privacy, accessibility policy) for those it does not write itself. Defaults are
Jinja templates of the site's settings (its name for municipalities); a site's own page of the same
name replaces one. Also the placeholders ``init`` leaves in written pages for staff to fill."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import content, messages
from .loader import Problem, position_in
from .model import Site
from .outputs import Output

DEFAULTS = Path(__file__).with_name("defaults") / "content"
# What init writes where only staff know what to say: 【要記入：…】. A page with one is warned about.
PLACEHOLDER = re.compile(r"【要記入[^】]*】")


def defaults(content_dir: Path | None, site: Site) -> list[Output]:
    """The default pages the site has no page of its own for, filled in with its settings."""
    env = Environment(loader=FileSystemLoader(DEFAULTS), undefined=StrictUndefined, keep_trailing_newline=True)
    own = {p.name for p in content_dir.glob("*.md")} if content_dir and content_dir.is_dir() else set()
    return [Output(path.name, env.get_template(path.name).render(site=site, places=site.places).encode("utf-8"))
            for path in sorted(DEFAULTS.glob("*.md")) if path.name not in own]


def texts(content_dir: Path | None, site: Site) -> dict[str, str]:
    """Every written page of the site by file name, its own and the defaults, as the reader gets it."""
    found = {output.path: output.content.decode("utf-8") for output in defaults(content_dir, site)}
    if content_dir and content_dir.is_dir():
        found.update({p.name: p.read_text(encoding="utf-8") for p in content_dir.glob("*.md")})
    return dict(sorted(found.items()))


def placeholders(content_dir: Path) -> list[Problem]:
    """A warning for every 【要記入】 left in a written page: residents would read it as it is."""
    problems = []
    for path, text in content.pages(content_dir):
        problems += [Problem(path, position_in(text, found.start()),
                             messages.problem("placeholder_left", value=found.group()), "warning")
                     for found in PLACEHOLDER.finditer(text)]
    return problems
