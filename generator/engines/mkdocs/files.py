"""How the generator's files go into the site, through MkDocs' documented ``File`` API
(``File.generated``, ``File.copy_file``; mkdocs 1.6.1 ``mkdocs/structure/files.py``).

A file of the site may be a hard link into ``.cache/`` (``generator.outputs.link_or_copy``): nothing
is ever written through one, which MkDocs' own ``copy_file`` would do when it writes into a site it
did not empty (``site_in_place``, ``mkdocs serve --dirty``).
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.structure.files import File

from generator.outputs import link_or_copy, write_if_changed


class KeptFile(File):
    """A file kept in .cache/ (named by its content), put into the site as a hard link rather than
    copied; linking what is linked already costs two ``stat`` calls, so it is done every time."""

    def copy_file(self, dirty: bool = False) -> None:
        self.link()

    def link(self) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))


class WrittenFile(File):
    """A file made in this build (a calendar, a feed, the search index), written only if it changed."""

    def copy_file(self, dirty: bool = False) -> None:
        write_if_changed(Path(self.abs_dest_path), self.content_bytes)
