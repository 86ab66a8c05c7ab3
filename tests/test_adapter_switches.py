"""The MkDocs adapter's tricks (generator/engines/mkdocs/, one switch each under ``plugins: generator``
in mkdocs.yml) change how fast the site is made, never what it is; and ``mkdocs serve`` still watches
every path MkDocs meant to watch, whichever observer the adapter uses."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.livereload import LiveReloadServer

from generator import pages

from .conftest import TRICKS, adapter_build, copy_project, switch_tricks


def _files(site: Path) -> dict[str, bytes]:
    return {path.relative_to(site).as_posix(): path.read_bytes() for path in site.rglob("*") if path.is_file()}


@pytest.mark.build
@pytest.mark.slow
def test_the_site_built_with_every_trick_off_is_byte_for_byte_the_same(tmp_path):
    project = copy_project(tmp_path / "project")
    switch_tricks(project / "mkdocs.yml", False)
    plain = adapter_build(project, tmp_path / "plain")
    assert plain == {"switches": dict.fromkeys(TRICKS, False), "filled": 0}

    # With every trick on, built into the site above (as make site after an edit), which also holds a
    # page this build does not make: the adapter must write what changed and remove what is stale.
    site = shutil.copytree(tmp_path / "plain", tmp_path / "site")
    stale = site / "service" / "gone" / "index.html"
    stale.parent.mkdir()
    stale.write_text("<p>消えた窓口</p>", encoding="utf-8")
    switch_tricks(project / "mkdocs.yml", True)
    tricks = adapter_build(project, site)
    assert tricks["switches"] == dict.fromkeys(TRICKS, True) and tricks["filled"] > 0

    plain_files, files = _files(tmp_path / "plain"), _files(site)
    assert len(files) > 400
    assert sorted(files.keys() - plain_files.keys()) == [] and sorted(plain_files.keys() - files.keys()) == []
    assert [path for path in files if files[path] != plain_files[path]] == []


def _served(project: Path, native: bool, extra: Path) -> tuple[LiveReloadServer, threading.Event, list[str]]:
    """A live-reload server set up as `mkdocs serve --watch-theme --watch EXTRA` sets it up
    (mkdocs 1.6.1, mkdocs/commands/serve.py), with a build that only says it was asked for."""
    switch_tricks(project / "mkdocs.yml", native, ["native_watch"])
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="serve", dirty=True)
    asked = threading.Event()
    server = LiveReloadServer(builder=asked.set, host="127.0.0.1", port=0, root=str(project))
    server.watch(config.docs_dir)
    server.watch(config.config_file_path)
    for folder in config.theme.dirs:  # --watch-theme
        server.watch(folder)
    server = config.plugins.on_serve(server, config=config, builder=asked.set)
    server.watch(str(extra))  # --watch
    return server, asked, config.theme.dirs


@pytest.mark.build
@pytest.mark.parametrize("native", [True, False], ids=["native-watch", "polling"])
def test_serve_rebuilds_on_an_edit_in_every_watched_folder(tmp_path, native):
    project = copy_project(tmp_path / "project")
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "notes.txt").write_text("メモ", encoding="utf-8")
    server, asked, theme = _served(project, native, extra)
    expected = {project / "content", project / "mkdocs.yml", *map(Path, theme), project / "data",
                project / "overrides", pages.TEMPLATES, extra}  # theme: overrides/, Material's, MkDocs'
    assert len(theme) == 3
    assert expected <= {Path(emitter.watch.raw_path) for emitter in server.observer.emitters}
    assert (type(server.observer).__name__ == "Notified") == native

    serving = threading.Thread(target=server.serve, daemon=True)
    serving.start()
    try:
        deadline = time.monotonic() + 30
        while not server.observer.is_alive() and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(1)  # the polling observer's first listing
        # The theme's folder (--watch-theme and the adapter both watch it), an extra path, the data,
        # a written page and the settings: each edit asks for a build.
        for edited in (project / "overrides" / "main.html", extra / "notes.txt",
                       project / "data" / "family" / "nijinokai.yml", project / "content" / "about.md",
                       project / "mkdocs.yml"):
            asked.clear()
            with edited.open("a", encoding="utf-8") as file:
                file.write("\n")
            assert asked.wait(15), f"no rebuild after an edit of {edited.relative_to(tmp_path)}"
    finally:
        server.shutdown()
        serving.join(timeout=30)
