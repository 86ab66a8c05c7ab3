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

from generator import build, messages
from generator.cards import FontMissing
from generator.catalogue import CatalogueError

log = logging.getLogger("mkdocs.plugins.generator")
_state: dict[str, build.Build] = {}


def _data_dir(config) -> Path:
    return Path(config.config_file_path).parent / "data"


def on_config(config):
    project = Path(config.config_file_path).parent
    try:
        result = build.run(_data_dir(config), site_url=config.site_url or "http://127.0.0.1:8000/",
                           cache_dir=project / ".cache" / "cards", content_dir=Path(config.docs_dir),
                           checks_file=project / ".cache" / "accessibility" / "results.json")
    except CatalogueError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(messages.problem("build_stopped")) from None
    except FontMissing as error:
        raise PluginError(str(error)) from None
    if result.warnings:
        # Warnings are for staff (make check lists them), not a reason to stop a strict build.
        log.info(messages.text("warnings_summary", count=len(result.warnings)))
    _state["build"] = result
    config.site_name = result.catalogue.site.name
    config.site_description = result.catalogue.site.description
    config.extra["generated"] = result.theme
    return config


def on_files(files, config):
    for page in _state["build"].pages:
        files.append(File.generated(config, page.path, content=page.text))
    for output in _state["build"].files:
        files.append(File.generated(config, output.path, content=output.content))
    return files


def on_serve(server, config, builder):
    server.watch(str(_data_dir(config)))
    return server
