"""Under MkDocs, entry and area pages are filled in from one shell the theme drew for each kind of page
(generator/engines/mkdocs/shells.py, switch ``shells``): every such page must be, byte for byte, the page the
theme draws for it in full."""

from __future__ import annotations

from pathlib import Path

import pytest

from .conftest import adapter_build, copy_project, switch_tricks

# Edit buttons give a page a link to its own source (Material's content.action.edit).
EDIT_LINKS = "repo_url: https://github.com/example/guide\nedit_uri: edit/main/content/\n"


def _html(site: Path) -> dict[str, bytes]:
    return {str(path.relative_to(site)): path.read_bytes() for path in site.rglob("*.html")}


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.parametrize("settings", ["", EDIT_LINKS], ids=["plain", "edit-links"])
def test_every_page_filled_in_from_a_shell_is_the_page_the_theme_draws(settings, tmp_path):
    project = copy_project(tmp_path / "project")
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    if settings:
        config = config.replace("theme:\n", settings + "theme:\n").replace("  features:\n", "  features:\n    - content.action.edit\n")
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    # A name with characters the theme escapes differently in <title>, og:title and the header.
    entry = project / "data" / "family" / "nijinokai.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("name: 虹の会", 'name: 虹の会 & "にじ"'), encoding="utf-8")

    filled = adapter_build(project, tmp_path / "filled")["filled"]
    switch_tricks(project / "mkdocs.yml", False, ["shells"])
    assert adapter_build(project, tmp_path / "drawn")["switches"]["shells"] is False  # the theme drew every page

    drawn, made = _html(tmp_path / "drawn"), _html(tmp_path / "filled")
    # Every entry and area page but four drawn in full: the first of each folder (its shell is checked
    # against it), the main line's own page (its call bar links to the page itself) and 虹の会 (escaped).
    assert filled == sum(path.startswith(("service/", "area/")) for path in drawn) - 4
    assert made.keys() == drawn.keys()
    assert [path for path in drawn if made[path] != drawn[path]] == []
    assert '虹の会 &amp; &#34;にじ&#34;' in made["service/nijinokai/index.html"].decode()
    if settings:  # the setting took: pages written by staff have their edit button
        assert 'href="https://github.com/example/guide/edit/main/content/about.md"' in made["about/index.html"].decode()
