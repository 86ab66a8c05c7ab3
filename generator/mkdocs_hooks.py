"""The one thin adapter between the generator and MkDocs (listed under ``hooks:`` in mkdocs.yml).

It feeds the generated pages in as generated files (staged in ``.cache/staged/`` and rewritten only
when they change, so ``mkdocs serve --dirty`` rebuilds only what an edit touched), passes what the
theme shows on every page, and watches ``data/`` under ``mkdocs serve``. Everything else lives in the generator, so moving to
another engine that reads mkdocs.yml (Zensical) means rewriting only this file.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File
from mkdocs.structure.toc import get_toc

from generator import build, messages
from generator.cards import FontMissing
from generator.catalogue import CatalogueError
from generator.editor import EditorError
from generator.outputs import Staging, fold_indentation

log = logging.getLogger("mkdocs.plugins.generator")
_state: dict[str, build.Build] = {}


def on_startup(command, dirty):
    _state["serving"] = command == "serve"


def _project(config) -> Path:
    return Path(config.config_file_path).parent


def _data_dir(config) -> Path:
    return _project(config) / "data"


def on_config(config):
    project = _project(config)
    try:
        result = build.run(_data_dir(config), site_url=config.site_url or "http://127.0.0.1:8000/",
                           cache_dir=project / ".cache", content_dir=Path(config.docs_dir),
                           checks_file=project / ".cache" / "accessibility" / "results.json")
    except CatalogueError as error:
        for problem in error.problems:
            log.error(str(problem))
        raise PluginError(messages.problem("build_stopped")) from None
    except (FontMissing, EditorError) as error:
        raise PluginError(str(error)) from None
    if result.warnings:
        # Warnings are for staff (make check lists them), not a reason to stop a strict build.
        log.info(messages.text("warnings_summary", count=len(result.warnings)))
    stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in result.timings.items())
    log.info(messages.text("generated", pages=len(result.pages), files=len(result.files),
                           seconds=sum(result.timings.values()), stages=stages))
    _state["build"] = result
    config.site_name = result.catalogue.site.name
    config.site_description = result.catalogue.site.description
    config.extra["generated"] = result.theme
    return config


def on_files(files, config):
    _state["bodies"], _state["sidebars"] = {}, {}
    staging = Staging(_project(config) / ".cache" / "staged", _state["build"].theme)
    for page in _state["build"].pages:
        staged = staging.put(page.path, page.text + (page.html or ""))
        files.append(File.generated(config, page.path, abs_src_path=str(staged)))
        if page.html is not None:
            _state["bodies"][page.path] = page.html
    for output in _state["build"].files:
        if output.source:  # kept in .cache/, never changed: copied, and under --dirty only when new
            files.append(File.generated(config, output.path, abs_src_path=str(output.source)))
        elif _state.get("serving"):  # then unchanged feeds are not copied again after each edit
            staged = staging.put(output.path, output.data)
            files.append(File.generated(config, output.path, abs_src_path=str(staged)))
        else:
            files.append(File.generated(config, output.path, content=output.data))
    staging.save()
    return files


def on_page_markdown(markdown, page, config, files):
    return "" if page.file.src_uri in _state["bodies"] else markdown  # nothing for Markdown to do


def on_page_content(html, page, config, files):
    """Entry and area pages come as HTML already: put the body in instead of converting Markdown."""
    body = _state["bodies"].get(page.file.src_uri)
    if body is None:
        return html
    title = _FIRST_HEADING.search(body)
    if title:  # the theme's "skip to content" link points at the first heading of the contents
        page.toc = get_toc([{"level": 1, "id": title["id"], "name": title["name"], "children": []}])
    return body


def on_page_context(context, page, config, nav):
    if page.file.src_uri in _state["bodies"]:  # see site_nav in overrides/main.html
        context["sg_shared_sidebars"] = _state["sidebars"]
    return context


_FIRST_HEADING = re.compile(r'<h1 id="(?P<id>[^"]+)">(?P<name>.*?)</h1>', re.S)


def on_post_page(output, page, config):
    return fold_indentation(output)


def on_serve(server, config, builder):
    server.watch(str(_data_dir(config)))
    return server
