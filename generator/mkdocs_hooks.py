"""The one thin adapter between the generator and MkDocs (listed under ``hooks:`` in mkdocs.yml).

It feeds the generated pages in as virtual files, passes what the theme shows on every page, and
watches ``data/`` under ``mkdocs serve``. Everything else lives in the generator, so moving to
another engine that reads mkdocs.yml (Zensical) means rewriting only this file.
"""

from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from generator import build, messages, search
from generator.catalogue import CatalogueError

log = logging.getLogger("mkdocs.plugins.generator")
_state: dict[str, build.Build] = {}


def _data_dir(config) -> Path:
    return Path(config.config_file_path).parent / "data"


def on_config(config):
    try:
        result = build.run(_data_dir(config), content_dir=Path(config.docs_dir))
    except CatalogueError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(messages.problem("build_stopped")) from None
    for problem in result.warnings:
        log.info(str(problem))  # warnings are for staff (make check), not a reason to stop a strict build
    _state["build"] = result
    config.site_name = result.catalogue.site.name
    config.extra["generated"] = result.theme
    return config


def on_files(files, config):
    for page in _state["build"].pages:
        files.append(File.generated(config, page.path, content=page.text))
    files.append(File.generated(config, search.PATH, content=_state["build"].search_index))
    return files


def on_serve(server, config, builder):
    server.watch(str(_data_dir(config)))
    return server
