"""``mkdocs build`` into the last build's site, writing only the files that changed and removing
what this build no longer makes (switch ``site_in_place``).

Nationally a build makes 28,000 files; on a disk like CI's, removing the last site (as MkDocs does
first) and writing every file again takes half a minute, comparing them a second. Relies on mkdocs
1.6.1:
- ``mkdocs/commands/build.py`` (``build``): the site folder is emptied by
  ``utils.clean_directory`` between ``on_pre_build`` and ``on_files``, and
  ``mkdocs/utils/__init__.py`` (``clean_directory``) leaves entries whose name starts with "." alone:
  the last site is hidden under such names from ``on_pre_build`` until ``on_files``;
- ``mkdocs/commands/build.py`` (``_build_page``): a page whose ``on_post_page`` output is empty is
  not written, and MkDocs logs "Page skipped: '…'. Generated empty output." at INFO on that
  module's logger: the plugin writes each page itself (``write_if_changed``),
  hands MkDocs an empty one, and filters that line out for the length of the build;
- the theme's own templates (404.html, sitemap.xml) and Material's search index are written by
  MkDocs during the build: a file not among this build's files and older than its start is stale.

After an upstream release, check: that the site folder is still cleaned between ``on_pre_build``
and ``on_files`` and hidden entries still kept; that an empty page is still not written (else empty
files would replace the pages), and the wording of the log line (else every page is logged).
tests/test_adapter_switches.py builds into a site that holds a stale page. Off: MkDocs empties the
site folder and writes every file.
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from pathlib import Path

from mkdocs.commands import build
from mkdocs.structure.files import File

# The logger of the module that builds (mkdocs.commands.build; ProperDocs, which answers imports of
# mkdocs.* with its own modules, logs as properdocs.commands.build).
_MKDOCS_BUILD_LOG = logging.getLogger(build.__name__)


class SiteInPlace:
    """One ``mkdocs build`` into ``folder``: made at ``on_pre_build``, closed at its end."""

    HIDDEN = ".sg-kept-"

    def __init__(self, folder: Path) -> None:
        self.folder, self.started = folder, time.time()
        self.files: list[File] = []  # what this build makes, as MkDocs has them after on_files
        self.shown()  # what a build stopped between the two left hidden
        for entry in self._entries():
            if not entry.name.startswith("."):
                os.rename(entry.path, folder / (self.HIDDEN + entry.name))
        _MKDOCS_BUILD_LOG.addFilter(self._not_skipped)

    def _entries(self) -> list[os.DirEntry]:
        return list(os.scandir(self.folder)) if self.folder.is_dir() else []

    def shown(self) -> None:
        for entry in self._entries():
            if entry.name.startswith(self.HIDDEN):
                shown = self.folder / entry.name[len(self.HIDDEN):]
                if shown.exists():  # made again by a build after one stopped while it was hidden
                    shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) else os.unlink(entry.path)
                else:
                    os.rename(entry.path, shown)

    def close(self, finished: bool) -> None:
        """After a finished build, remove what no part of it wrote: not one of its files, nor written
        since it began (the theme's 404 page and sitemap, the search plugin's index). After a failed one,
        the site as far as it got."""
        _MKDOCS_BUILD_LOG.removeFilter(self._not_skipped)
        self.shown()
        if not finished:
            return
        made = {os.path.normpath(file.abs_dest_path) for file in self.files}
        for entry in self._entries():  # not the hidden ones, as MkDocs
            if entry.name.startswith("."):
                continue
            if not entry.is_dir(follow_symlinks=False):
                self._remove_if_stale(entry.path, made)
                continue
            for folder, _, names in os.walk(entry.path, topdown=False):
                for name in names:
                    self._remove_if_stale(os.path.join(folder, name), made)
                if not os.listdir(folder):
                    os.rmdir(folder)

    def _remove_if_stale(self, path: str, made: set[str]) -> None:
        if path not in made and os.stat(path, follow_symlinks=False).st_mtime < self.started:
            os.unlink(path)

    @staticmethod
    def _not_skipped(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Page skipped: ")
