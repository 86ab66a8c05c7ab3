"""Shared fixtures: the sample catalogue, rendered pages and one full strict build of each site (the
sample and every example) by each engine (MkDocs + Material, Zensical): every test that reads a built
site runs against both; ``every_site`` runs it on every site, ``site`` on the sample."""

from __future__ import annotations

import functools
import http.server
import json
import os
import re
import shutil
import threading
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from playwright.sync_api import sync_playwright

from generator import build
from generator.engines.mkdocs import NAME as ADAPTER
from generator.engines.mkdocs.config import AdapterConfig

ROOT = Path(__file__).resolve().parents[1]
# Reference material that is not part of the project (official schemas, vocabularies): ../shared, or
# SHARED_DIR where it lies elsewhere. Tests that need it skip, saying so, when it is absent.
SHARED = Path(os.environ.get("SHARED_DIR", ROOT.parent / "shared"))


def reference(*parts: str) -> Path:
    path = SHARED.joinpath("reference", *parts)
    if not path.exists():
        pytest.skip(f"{path} is absent: the official reference files live in ../shared (or SHARED_DIR)")
    return path
# A fixed build date keeps page assertions exact. On 2026-11-23 the third Friday of November
# (the 20th) has just passed, so 虹の会's next meeting is the third Friday of December.
TODAY = date(2026, 11, 23)


# Markers (registered in pyproject.toml) follow from the fixtures a test uses, with the fixtures those use
# in turn: `html` and `server` need a built site, `phone` a browser. A test that builds a site itself
# (copy_project, site_build, make serve) says so with @pytest.mark.build.
SITE_FIXTURES = {"built_sites"}  # every built site, the sample's and each example's, comes from it
BROWSER_FIXTURES = {"browser"}


@pytest.hookimpl(tryfirst=True)  # before -m deselects by these markers
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & SITE_FIXTURES:
            item.add_marker(pytest.mark.build)
        if names & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        callspec = getattr(item, "callspec", None)
        if callspec is not None and callspec.params.get("engine") == "zensical":
            item.add_marker(pytest.mark.zensical)
        if not any(item.get_closest_marker(name) for name in ("build", "browser")):
            item.add_marker(pytest.mark.unit)


@pytest.fixture(scope="session")
def sample():
    """The generator's own build of the sample (no engine); the form editor's CMS bundle is left out,
    so it needs no npm."""
    return build.run(ROOT / "data", TODAY, with_editor=False)


@pytest.fixture(scope="session")
def pages(sample):
    return {page.path: page.text + (page.html or "") for page in sample.pages}


ENGINES = ["mkdocs", "zensical"]
# How each engine builds a project strictly, as `make site ENGINE=…` runs it.
BUILD_COMMANDS = {"mkdocs": [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir"],
                  "zensical": [sys.executable, "-m", "generator.engines.zensical", "build", "--site-dir"]}


def site_build(project: Path, site_dir: Path, engine: str = "mkdocs",
               today: date = TODAY) -> subprocess.CompletedProcess:
    env = {**os.environ, "SITE_TODAY": today.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([*BUILD_COMMANDS[engine], str(site_dir)], cwd=project, env=env, capture_output=True,
                          text=True, timeout=600)


def copy_project(target: Path) -> Path:
    """A throwaway copy of the site's inputs, for builds with broken data."""
    for name in ("data", "content", "overrides"):
        shutil.copytree(ROOT / name, target / name)
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")  # its plugin is the installed generator's
    (target / "editor").symlink_to(ROOT / "editor")  # the form editor's installed CMS (npm ci --prefix editor)
    return target


# The MkDocs adapter's switches (generator/engines/mkdocs/config.py), each shown in mkdocs.yml.
TRICKS = [name for name, _ in AdapterConfig._schema]


def switch_tricks(config_file: Path, on: bool, names: list[str] = TRICKS) -> None:
    """Set the adapter's switches ``names`` in a project's mkdocs.yml, as a maintainer would."""
    text, found = re.subn(rf"^(\s+)({'|'.join(names)}): (?:true|false)\b", rf"\1\2: {str(on).lower()}",
                          config_file.read_text(encoding="utf-8"), flags=re.M)
    assert found == len(names), f"mkdocs.yml shows {found} of the switches {names}"
    config_file.write_text(text, encoding="utf-8")


# One strict MkDocs build in a process of its own, telling what the adapter did: its switches as
# MkDocs read them, and how many pages it filled in from shells (generator/engines/mkdocs/shells.py).
_ADAPTER_BUILD = f"""
import json, sys
from mkdocs.commands.build import build
from mkdocs.config import load_config
config = load_config(sys.argv[1], site_dir=sys.argv[2])
plugin = config.plugins["{ADAPTER}"]
build(config)
print(json.dumps({{"switches": dict(plugin.config), "filled": plugin.shells.filled if plugin.shells else 0}}))
"""


def adapter_build(project: Path, site_dir: Path) -> dict:
    env = {**os.environ, "SITE_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}
    done = subprocess.run([sys.executable, "-c", _ADAPTER_BUILD, str(project / "mkdocs.yml"), str(site_dir)],
                          cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


class BuiltSites:
    """Strict builds of a project (a folder with mkdocs.yml), one per engine, each made once when first
    asked for and kept for the whole session."""

    def __init__(self, tmp_path_factory, project: Path) -> None:
        self._tmp, self._project, self._sites = tmp_path_factory, project, {}

    def __call__(self, engine: str) -> Path:
        if engine not in self._sites:
            out = self._tmp.mktemp(f"site-{self._project.name}-{engine}")
            result = site_build(self._project, out, engine)
            assert result.returncode == 0, result.stdout + result.stderr
            self._sites[engine] = out
        return self._sites[engine]


@pytest.fixture(scope="session", params=ENGINES)
def engine(request) -> str:
    return request.param


# Every site of the repository: the sample at the root and each example (examples/<pref>), by name.
PROJECTS = {"sample": ROOT, **{p.name: p for p in sorted((ROOT / "examples").iterdir()) if (p / "mkdocs.yml").exists()}}


@pytest.fixture(scope="session")
def built_sites(tmp_path_factory) -> dict[str, BuiltSites]:
    """Each project's builds, made once per engine for the whole session when first asked for."""
    return {name: BuiltSites(tmp_path_factory, project) for name, project in PROJECTS.items()}


@pytest.fixture(scope="session")
def sample_sites(built_sites) -> BuiltSites:
    return built_sites["sample"]


@pytest.fixture(scope="session")
def site(sample_sites, engine) -> Path:
    return sample_sites(engine)


@pytest.fixture(scope="session", params=list(PROJECTS))
def project(request) -> Path:
    """The folder of each site in turn (its mkdocs.yml, data/ and content/)."""
    return PROJECTS[request.param]


@pytest.fixture(scope="session")
def every_site(built_sites, project, engine) -> Path:
    """Each site of the repository built by each engine: for what holds of any prefecture's site."""
    return built_sites[project.name if project != ROOT else "sample"](engine)


@pytest.fixture(scope="session")
def html(site):
    def read(url_path: str) -> BeautifulSoup:
        file = site / url_path.strip("/") / "index.html" if not url_path.endswith(".html") else site / url_path
        return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")

    return read


# --- Browser fixtures: the built site served on localhost, opened in headless Chromium ----------

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update"]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def server(site):
    handler = functools.partial(_QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def every_server(every_site):
    """Each site of ``every_site`` served on localhost."""
    handler = functools.partial(_QuietHandler, directory=str(every_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield chromium
        chromium.close()


# Records every Content-Security-Policy violation the browser reports, from before the page's first
# script runs, and the console's reports of them.
_LISTEN = """window.sgViolations = [];
document.addEventListener('securitypolicyviolation', e => window.sgViolations.push(
  [e.violatedDirective, e.blockedURI, e.sourceFile, e.lineNumber].join(' ')));"""


def watch(page):
    """The page, reporting policy violations to ``violations(page)`` from its next load on."""
    page.add_init_script(_LISTEN)
    page.csp_console = []
    page.on("console", lambda m: page.csp_console.append(m.text) if "Content Security Policy" in m.text else None)
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.sgViolations") + page.csp_console


@pytest.fixture
def phone(browser):
    """A fresh phone-sized page (360 × 640) for each test: no state carries over."""
    context = browser.new_context(viewport={"width": 360, "height": 640}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="ja-JP")
    yield context.new_page()
    context.close()
