"""Valid HTML: the Nu HTML Checker (vnu.jar, npm vnu-jar pinned in tests/js) finds no error on any kind of
page of either engine's build. It needs a Java runtime (make test installs Debian's default-jre-headless)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from .conftest import ROOT

VNU = ROOT / "tests" / "js" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# A page of each kind, which the checked build must hold: home, entry, area, kind, search, a hand-written
# page, the coming dates, open data, the form editor and the 404 page.
PAGES = ["index.html", "service/nijinokai/index.html", "service/mie-hikikomori-center/index.html",
         "area/242012/index.html", "family/index.html", "search/index.html", "about/index.html",
         "upcoming/index.html", "opendata/index.html", "admin/index.html", "404.html"]


def nu_errors(*files: Path) -> list[str]:
    if not VNU.exists():
        pytest.skip(f"{VNU} is absent: run npm ci --prefix tests/js (make test does)")
    if not shutil.which("java"):
        pytest.skip("no Java runtime: make test installs Debian's default-jre-headless")
    result = subprocess.run(["java", "-jar", str(VNU), "--errors-only", "--skip-non-html", "--format", "json",
                             *map(str, files)],
                            capture_output=True, text=True, timeout=300)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    return [f"{m.get('url', '').rsplit('/', 3)[-2:]} {m.get('lastLine')}: {m['message']} {m.get('extract', '')!r}"
            for m in messages if m["type"] in ("error", "non-document-error")]


def test_every_page_is_valid_html(site):
    """Every page of the build (every kind of page among them), checked in one run of the checker."""
    assert [page for page in PAGES if not (site / page).exists()] == []
    assert nu_errors(site) == []


def test_the_checker_finds_what_the_themes_wrote(tmp_path):
    """The markup both themes write and the pages no longer carry: the checker reports each."""
    page = tmp_path / "theme.html"
    page.write_text('<!doctype html><html lang="ja"><head><title>t</title></head><body>'
                    '<input class="md-toggle" type="checkbox" id="__drawer" autocomplete="off">'
                    '<label class="md-overlay" for="__drawer" aria-hidden="true"></label></body></html>',
                    encoding="utf-8")
    errors = nu_errors(page)
    assert any("autocomplete" in e for e in errors) and any("aria-hidden" in e for e in errors)
