"""What is kept between builds (.cache/) never shows a stale fact, and unchanged pages stay untouched."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build, pages
from generator.cache import Cache
from generator.loader import CatalogueError
from generator.outputs import fold_indentation

from .conftest import ROOT, TODAY, copy_project


def _pages(result) -> dict[str, str]:
    return {page.path: page.text for page in result.pages}


@pytest.fixture
def data(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def test_a_cached_build_is_the_same_build(data, tmp_path):
    first = build.run(data, TODAY, cache=Cache(tmp_path / "cache"), with_editor=False)
    # as a new process: from the files
    again = build.run(data, TODAY, cache=Cache(tmp_path / "cache"), with_editor=False)
    assert _pages(again) == _pages(first) == _pages(build.run(data, TODAY, with_editor=False))
    assert {f.path: f.read() for f in again.files} == {f.path: f.read() for f in first.files}


def test_an_edit_reaches_every_page_that_shows_it(data, tmp_path):
    cache = Cache(tmp_path / "cache")
    build.run(data, TODAY, cache=cache, with_editor=False)
    path = data / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 虹の会", "name: 虹の会（新）"), encoding="utf-8")
    pages = _pages(build.run(data, TODAY, cache=cache, with_editor=False))
    # its own page, every area page (it serves the whole prefecture) and its kind page
    assert "虹の会（新）" in pages["service/nijinokai.md"]
    assert "虹の会（新）" in pages["area/242021.md"] and "虹の会（新）" in pages["area/245623.md"]
    assert "虹の会（新）" in pages["family.md"]
    # the entries that name it as where to ask show the new name too
    center = data / "consultation" / "mie-hikikomori-center.yml"
    center.write_text(center.read_text(encoding="utf-8").replace("059-253-7826", "059-253-7827"), encoding="utf-8")
    pages = _pages(build.run(data, TODAY, cache=cache, with_editor=False))
    assert 'href="tel:0592537827"' in pages["service/nijinokai.md"]


def test_the_next_day_moves_the_dates_on_cached_pages(data, tmp_path):
    from datetime import date

    cache = Cache(tmp_path / "cache")
    before = _pages(build.run(data, date(2026, 12, 17), cache=cache, with_editor=False))["service/nijinokai.md"]
    after = _pages(build.run(data, date(2026, 12, 19), cache=cache, with_editor=False))["service/nijinokai.md"]
    assert "12月18日（金）" in before and "12月18日（金）" not in after


def test_a_broken_file_is_reported_even_when_it_was_cached_before(data, tmp_path):
    cache = Cache(tmp_path / "cache")
    build.run(data, TODAY, cache=cache, with_editor=False)
    path = data / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("audience: [family]", "audience: [famly]"),
                    encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        build.run(data, TODAY, cache=cache, with_editor=False)
    line = path.read_text(encoding="utf-8").splitlines().index("audience: [famly]") + 1
    assert any(p.path == path and p.position.line == line for p in error.value.problems)


def test_files_parsed_by_workers_load_as_files_parsed_here(data, tmp_path, monkeypatch):
    from generator import loader, parallel, yamlfile
    from generator.cache import Table

    here, _ = loader.load(data, TODAY)
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 0)  # as a first national build parses 10,000 files
    parsed_here, parse = [], yamlfile.parse
    monkeypatch.setattr(yamlfile, "parse", lambda path, text: parsed_here.append(path) or parse(path, text))
    there, warnings = loader.load(data, TODAY, Table(None))
    assert there == here
    # The workers parsed the entries: here, only those with a warning, again, to place it by line.
    entries_parsed_here = {path for path in parsed_here if path.parent.parent == data}
    assert entries_parsed_here <= {warning.path for warning in warnings} != {entry.path for entry in here.entries}
    # A file that does not parse is parsed again here, for its message with its line.
    path = data / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 虹の会", 'name: "虹の会'), encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        loader.load(data, TODAY, Table(None))
    broken = [p for p in error.value.problems if p.severity == "error"]
    assert [(p.path, p.position.line) for p in broken] == [(path, _line_of(path, 'name: "虹の会'))]


def _line_of(path: Path, text: str) -> int:
    return path.read_text(encoding="utf-8").splitlines().index(text) + 1


def test_a_kept_file_is_named_by_its_content_and_never_rewritten(tmp_path):
    cache = Cache(tmp_path)
    kept = cache.put("staged", cache.key("staged", "a.md", "一"), "一".encode())
    os.utime(kept, ns=(1, 1))  # an old file time: a rewrite would show as a new one
    again = Cache(tmp_path).put("staged", Cache(tmp_path).key("staged", "a.md", "一"), "一".encode())
    changed = Cache(tmp_path).put("staged", Cache(tmp_path).key("staged", "a.md", "二"), "二".encode())
    assert again == kept and kept.stat().st_mtime_ns == 1  # make serve --dirty skips an unchanged page
    assert changed != kept and changed.read_text(encoding="utf-8") == "二"


def test_the_cache_forgets_what_no_recent_build_used(tmp_path):
    from datetime import timedelta

    cache = Cache(tmp_path, keep_days=3)
    old = cache.put("cards", "old", b"yesterday's card")
    cache.table("pages").put("old", "yesterday's page")
    cache.finish(TODAY)
    for day in range(1, 5):  # four more nightly builds that use only a newer card and page
        new = cache.put("cards", "new", b"today's card")
        cache.table("pages").put("new", "today's page")
        cache.finish(TODAY + timedelta(days=day))
        assert old.exists() == (day <= 3), day
    assert Cache(tmp_path).held("cards") == {"new"} and new.read_bytes() == b"today's card"
    kept = Cache(tmp_path).table("pages")  # a table keeps what the last build used
    assert (kept.get("old"), kept.get("new")) == (None, "today's page")


def test_a_page_is_keyed_on_what_it_shows_and_nothing_else(data, tmp_path):
    from generator.loader import load

    def entry_page(folder):
        catalogue, _ = load(folder, TODAY)
        renderer = pages.Renderer(catalogue, TODAY, "http://127.0.0.1:8000/", Cache(None))
        view = renderer.entry_view(catalogue.entry("nijinokai"))
        return pages.view_key("entry.html.j2", view), renderer.from_views([("service/nijinokai.md", "entry.html.j2", "nijinokai")])[0]

    key, page = entry_page(data)
    unrelated = data / "ibasho" / "komorebi.yml"  # another entry: 虹の会's page does not show it
    unrelated.write_text(unrelated.read_text(encoding="utf-8").replace("summary: ", "summary: （変更）"), encoding="utf-8")
    assert entry_page(data) == (key, page)
    # the centre it names as where to ask: its phone number is on the page
    center = data / "consultation" / "mie-hikikomori-center.yml"
    center.write_text(center.read_text(encoding="utf-8").replace("059-253-7826", "059-253-7827"), encoding="utf-8")
    new_key, new_page = entry_page(data)
    assert new_key != key and new_page.text != page.text and "tel:0592537827" in new_page.text


def test_folding_indentation_keeps_what_shows():
    html = "<div>\n    <p>相談\n      窓口</p>\n</div>\n<pre>  一\n    二</pre><script>\n  var a = `\n  x`;</script>"
    folded = fold_indentation(html)
    assert folded.startswith("<div>\n<p>相談\n窓口</p>\n</div>")
    assert "<pre>  一\n    二</pre>" in folded and "var a = `\n  x`" in folded


def test_messages_keep_their_lines_when_files_come_from_the_cache(data, tmp_path):
    from datetime import date

    later = date(2028, 6, 1)  # every last_verified is over a year old by then: a warning for each entry
    first = [str(w) for w in build.run(data, later, cache=Cache(tmp_path / "cache"), with_editor=False).warnings]
    # as a new process would: documents come from .cache/, without positions
    again = [str(w) for w in build.run(data, later, cache=Cache(tmp_path / "cache"), with_editor=False).warnings]
    assert first and again == first
    assert not any(w.split(".yml:")[1].startswith("1:1:") for w in again)  # the field's own line, not the top


# Edits as staff make them: a name, the areas served, a phone-only window gaining mail, and a
# prefecture-wide entry. After each, the rebuild that reads only the changed file and makes only what it
# touches (as under make serve) must hand over exactly what a whole build of the same data makes.
EDITS = [
    ("family/kazoku-kyoshitsu-hokusei.yml", "name: ひきこもり家族教室（北勢）", "name: 家族教室（北勢・新）"),
    ("family/kazoku-kyoshitsu-hokusei.yml", 'areas: ["242021", ', 'areas: ['),
    ("consultation/asahi-town.yml", "channels: [phone, visit]", "channels: [phone, email]"),
    ("consultation/asahi-town.yml", "audience: [self, family]\n",
     'audience: [self, family]\nlocation:\n  name: 朝日町役場\n  in_areas: ["243434"]\n'),
    ("ibasho/denshi-ibasho.yml", "name: 電子居場所", "name: 電子居場所（オンライン）"),
]


@pytest.mark.parametrize("file, old, new", EDITS, ids=["name", "areas", "channels", "place", "prefecture-wide"])
def test_a_rebuild_after_an_edit_is_the_whole_build(data, tmp_path, file, old, new):
    builder = build.Builder(data, cache=Cache(tmp_path / "cache"), with_editor=False)
    builder.run(TODAY)
    path = data / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")
    again = builder.run(TODAY)
    whole = build.run(data, TODAY, with_editor=False)
    assert {o.path: o.read() for o in again.outputs} == {o.path: o.read() for o in whole.outputs}
    if file != "ibasho/denshi-ibasho.yml":  # a prefecture-wide entry is on every page: all is made again
        assert again.changed and f"service/{path.stem}.md" in again.changed
        assert len(again.changed) < len(whole.outputs) / 4  # only what the edit touched was handed over


def test_a_rebuild_without_an_edit_hands_nothing_over(data, tmp_path):
    builder = build.Builder(data, cache=Cache(tmp_path / "cache"), with_editor=False)
    first = builder.run(TODAY)
    again = builder.run(TODAY)
    assert again.changed == frozenset()
    assert {o.path: o.read() for o in again.outputs} == {o.path: o.read() for o in first.outputs}


def test_a_change_to_the_call_bar_hands_over_every_page(data, tmp_path):
    """The main line is in the call bar of every page the engine draws: a new number is news to all."""
    builder = build.Builder(data, cache=Cache(tmp_path / "cache"), with_editor=False)
    builder.run(TODAY)
    center = data / "consultation" / "mie-hikikomori-center.yml"
    center.write_text(center.read_text(encoding="utf-8").replace("059-253-7826", "059-253-7827"), encoding="utf-8")
    again = builder.run(TODAY)
    assert again.changed is None
    assert again.theme["main_line"]["phones"][0]["number"] == "059-253-7827"


# Run where the generator is a copy (first on the path), so that a test can edit its templates.
EDIT_A_TEMPLATE = """
import sys
from pathlib import Path
from generator import build, pages
from generator.cache import Cache
data, cache, copy = Path(sys.argv[1]), Cache(Path(sys.argv[2])), Path(sys.argv[4])
if not pages.TEMPLATES.is_relative_to(copy):
    sys.exit(f"not the copy: {pages.TEMPLATES}")  # never edit the real templates
builder = build.Builder(data, cache=cache, with_editor=False)
builder.run(build.date.fromisoformat(sys.argv[3]))
template = pages.TEMPLATES / "entry.html.j2"
template.write_text(template.read_text(encoding="utf-8") + "<p>EDITED-TEMPLATE</p>\\n", encoding="utf-8")
again = builder.run(build.date.fromisoformat(sys.argv[3]))
entry_pages = {o.path for o in again.pages if o.path.startswith("service/")}
print(sorted(entry_pages - again.changed), all("EDITED-TEMPLATE" in again.outputs[i].html
      for i, o in enumerate(again.outputs) if o.path in entry_pages))
"""


def test_a_template_edited_under_serve_draws_every_page_it_makes_again(data, tmp_path):
    """A template edited while make serve runs: the next rebuild draws every page made from it with the
    edit, not the page kept from before, and hands each one over."""
    import subprocess
    import sys

    shutil.copytree(ROOT / "generator", tmp_path / "code" / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    code = tmp_path / "code"
    done = subprocess.run([sys.executable, "-c", EDIT_A_TEMPLATE, str(data), str(tmp_path / "cache"), str(TODAY),
                           str(code)], cwd=code, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["[]", "True"]  # no entry page left out; each shows the edit


def test_a_kept_file_put_into_a_site_leaves_every_kept_file_as_it_was(tmp_path):
    """Cards go into the site as hard links to .cache/: putting another in its place (the next build)
    must never write through the link into the kept file."""
    from generator.outputs import link_or_copy

    cache = Cache(tmp_path / "cache")
    old, new = cache.put("cards", "old", b"old card"), cache.put("cards", "new", b"new card")
    target = tmp_path / "site" / "card.png"
    target.parent.mkdir()
    link_or_copy(old, target)
    link_or_copy(new, target)
    assert target.read_bytes() == b"new card" and old.read_bytes() == b"old card"
    link_or_copy(old, target)  # an edit undone under make serve
    assert target.read_bytes() == b"old card" and new.read_bytes() == b"new card"


@pytest.mark.slow
@pytest.mark.build
def test_a_build_into_the_last_site_rewrites_only_what_changed_and_matches_a_build_from_nothing(tmp_path):
    project = copy_project(tmp_path / "project")
    env = {**os.environ, "SITE_TODAY": TODAY.isoformat(), "NO_MKDOCS_2_WARNING": "1"}

    def build(site: Path) -> str:
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                              cwd=project, env=env, capture_output=True, text=True, timeout=600)
        assert done.returncode == 0, done.stderr
        return done.stderr

    def files(site: Path) -> dict[str, bytes]:
        return {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file()}

    site = tmp_path / "site"
    build(site)
    (site / ".nojekyll").touch()  # hidden: MkDocs leaves those alone, and so does the adapter
    unchanged, renamed = site / "service" / "manamie" / "index.html", site / "service" / "nijinokai" / "index.html"
    before = unchanged.stat()
    entry = project / "data" / "family" / "nijinokai.yml"
    entry.write_text(entry.read_text(encoding="utf-8").replace("name: 虹の会", "name: 虹の会（改）"), encoding="utf-8")
    (project / "data" / "ibasho" / "komorebi.yml").unlink()

    log = build(site)
    build(tmp_path / "fresh")
    assert "Page skipped" not in log
    assert files(site) == {".nojekyll": b"", **files(tmp_path / "fresh")}
    assert not (site / "service" / "komorebi").exists()  # the removed entry's page and calendar are gone
    assert "虹の会（改）" in renamed.read_text(encoding="utf-8")
    after = unchanged.stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)  # not written again
