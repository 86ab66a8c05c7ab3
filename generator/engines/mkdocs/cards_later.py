"""Cards put into the site after MkDocs is done (switch ``cards_later``).

Relies on mkdocs 1.6.1 ``mkdocs/commands/build.py`` (``build``): every static file is copied by
``files.copy_static_files`` (``File.copy_file``) before the theme's templates are drawn, and
``on_post_build`` runs once everything is written; nothing MkDocs or Material 9.8.2 runs in
between reads a card (Material's social and privacy plugins, which would, are off).

The generator starts workers drawing the social cards (``Builder.run(wait=False)``) and MkDocs
builds meanwhile; a card not drawn yet is handed to MkDocs as a ``DrawnLater`` file, which MkDocs
does not copy: the plugin links it in at ``on_post_build``, after ``Build.wait()``.

After an upstream release, check: that static files are still copied before ``on_post_build`` and
that no enabled plugin reads ``cards/`` before it. Off: the generator waits for every card first.
"""

from __future__ import annotations

from .files import KeptFile


class DrawnLater(KeptFile):
    """A card workers are still drawing when MkDocs copies the files: linked at ``on_post_build``."""

    def copy_file(self, dirty: bool = False) -> None:
        pass
