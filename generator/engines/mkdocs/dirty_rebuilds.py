"""Under ``mkdocs serve --dirty`` (``make serve``), only what an edit changed is handed over and built
again (switch ``dirty_rebuilds``).

Relies on mkdocs 1.6.1:
- ``mkdocs/commands/build.py`` (``build``): with ``dirty``, the site folder is not emptied, so the
  last build's pages stay; ``_populate_page`` and ``_build_page`` skip a page whose
  ``File.is_modified()`` is false, and ``mkdocs/structure/files.py`` (``File.is_modified``) says a
  file with ``content`` is always modified and one with ``abs_src_path`` is when its built file is
  older than its source. So each output is kept in a file of its own in ``.cache/`` (named by its
  content, written again only when it changed) and handed over by path; one an edit changed is
  stamped with ``os.utime``: a file kept from before (an edit undone) is older than what was built
  since;
- ``mkdocs/commands/build.py`` (``_build_theme_template``): a template whose output is empty is not
  written. After an edit only the outputs it changed are handed over (the written pages always: the
  navigation lists them; and everything when a written page changed, as its links need every page);
  sitemap.xml would list only those, so it is left empty and the last full one stays.

After an upstream release, check the ``is_modified`` rule, that ``--dirty`` still keeps the site
folder and that an empty template output is still not written (tests/test_site.py and tests/
test_adapter_switches.py edit an entry, undo the edit and edit a theme template under serve).
Off: every rebuild hands over and builds every page, as a build does.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from mkdocs.structure.files import Files

from generator.build import Build
from generator.cache import Cache
from generator.outputs import Output


class DirtyRebuilds:
    """What one ``mkdocs serve`` hands over at each rebuild; kept for the whole process."""

    def __init__(self, cache: Cache) -> None:
        self.cache = cache
        self.staged: dict[str, str] = {}  # each output's file in .cache/, kept until it changes
        self.theme_templates: tuple = ()  # each override template's time and size, at the last build
        self.changed: frozenset[str] | None = None  # what this build hands over again; None: everything
        self.rebuild = False  # into the site the last build left
        self.partial = False  # this build hands over only the outputs an edit changed

    def started(self, result: Build, custom_dir: str | None, rebuild: bool) -> None:
        """At ``on_config``, once the generator has run."""
        templates = _stamps(custom_dir)
        # Every page is drawn with the theme's templates: after one was edited, every page is handed over.
        self.changed = result.changed if templates == self.theme_templates else None
        self.theme_templates, self.rebuild = templates, rebuild

    def files(self, files: Files) -> None:
        """At ``on_files``, before any output is handed over: whether only the changed ones are."""
        self.partial = self.changed is not None and not any(page.is_modified() for page in files.documentation_pages())

    def wanted(self, output: Output) -> bool:
        """Whether this build hands the output over (written pages always are)."""
        return not self.partial or output.path in self.changed or (output.is_page and output.html is None)

    def source(self, output: Output) -> str:
        """The output's file in .cache/: written again only when the output changed; a changed page
        stamped so that MkDocs builds it again."""
        path, changed = output.path, self.changed
        if path not in self.staged or changed is None or path in changed:
            data = output.read()
            self.staged[path] = str(self.cache.put("staged", self.cache.key("staged", path, hashlib.sha256(data).hexdigest()), data))
            if self.rebuild:
                os.utime(self.staged[path])
        return self.staged[path]

    def keeps(self, template_name: str) -> bool:
        """Whether the theme template's output is left empty: the last full one stays."""
        return self.partial and template_name == "sitemap.xml"


def _stamps(folder: str | None) -> tuple:
    """The time and size of each template in ``folder``: what tells an edited one."""
    if not folder:
        return ()
    return tuple(sorted((str(path), path.stat().st_mtime_ns, path.stat().st_size)
                        for path in Path(folder).rglob("*.html")))
