"""The MkDocs adapter, as a MkDocs plugin (``plugins: - generator`` in mkdocs.yml; registered in
pyproject.toml under ``[project.entry-points."mkdocs.plugins"]``).

``plugin.py`` runs the generator when MkDocs reads its config and hands every output to MkDocs;
``config.py`` holds its settings. What the plugin does beyond MkDocs' documented plugin API, to make
national builds and ``make serve`` fast, is in one module per trick, each headed by the upstream
code it relies on and each with a switch in ``config.py``: a site built with every switch off is
byte for byte the same (tests/test_adapter_switches.py); docs/engines.md has the table.

- ``html_pages``: entry and area pages handed to MkDocs as HTML, with no Markdown run
- ``shells``: those pages filled in from one shell the theme drew per kind of page
- ``search_skip``: Material's search plugin left no body to scan on those pages
- ``site_in_place``: ``mkdocs build`` into the last build's site, writing only what changed
- ``cards_later``: cards still being drawn while MkDocs works, put into the site last
- ``dirty_rebuilds``: under ``mkdocs serve --dirty``, only what an edit changed built again
- ``native_watch``: under ``mkdocs serve``, the system's notices of change instead of polling

``files.py`` holds the small File types every mode uses (documented ``File`` API only).
"""

NAME = "generator"  # the plugin's name in mkdocs.yml (the entry point in pyproject.toml)
