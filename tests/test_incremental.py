"""What is kept between builds (.cache/) never shows a stale fact, and unchanged pages stay untouched."""

from __future__ import annotations

import os
import shutil

import pytest

from generator import build
from generator.catalogue import CatalogueError
from generator.outputs import Staging, fold_indentation

from .conftest import ROOT, TODAY


def _pages(result) -> dict[str, str]:
    return {page.path: page.text + (page.html or "") for page in result.pages}


@pytest.fixture
def data(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def test_a_cached_build_is_the_same_build(data, tmp_path):
    first = build.run(data, TODAY, cache_dir=tmp_path / "cache")
    again = build.run(data, TODAY, cache_dir=tmp_path / "cache")
    assert _pages(again) == _pages(first) == _pages(build.run(data, TODAY))
    assert {f.path: f.content for f in again.files} == {f.path: f.content for f in first.files}


def test_an_edit_reaches_every_page_that_shows_it(data, tmp_path):
    build.run(data, TODAY, cache_dir=tmp_path / "cache")
    path = data / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 虹の会", "name: 虹の会（新）"), encoding="utf-8")
    pages = _pages(build.run(data, TODAY, cache_dir=tmp_path / "cache"))
    # its own page, every area page (it serves the whole prefecture) and its kind page
    assert "虹の会（新）" in pages["service/nijinokai.md"]
    assert "虹の会（新）" in pages["area/242021.md"] and "虹の会（新）" in pages["area/245623.md"]
    assert "虹の会（新）" in pages["family.md"]
    # the entries that name it as where to ask show the new name too
    center = data / "consultation" / "mie-hikikomori-center.yml"
    center.write_text(center.read_text(encoding="utf-8").replace("059-253-7826", "059-253-7827"), encoding="utf-8")
    pages = _pages(build.run(data, TODAY, cache_dir=tmp_path / "cache"))
    assert 'href="tel:0592537827"' in pages["service/nijinokai.md"]


def test_the_next_day_moves_the_dates_on_cached_pages(data, tmp_path):
    from datetime import date

    before = _pages(build.run(data, date(2026, 12, 17), cache_dir=tmp_path / "cache"))["service/nijinokai.md"]
    after = _pages(build.run(data, date(2026, 12, 19), cache_dir=tmp_path / "cache"))["service/nijinokai.md"]
    assert "12月18日（金）" in before and "12月18日（金）" not in after


def test_a_broken_file_is_reported_even_when_it_was_cached_before(data, tmp_path):
    build.run(data, TODAY, cache_dir=tmp_path / "cache")
    path = data / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("audience: [family]", "audience: [famly]"),
                    encoding="utf-8")
    with pytest.raises(CatalogueError) as error:
        build.run(data, TODAY, cache_dir=tmp_path / "cache")
    assert any(p.path == path and p.position.line == 14 for p in error.value.problems)


def test_staging_rewrites_only_changed_pages(tmp_path):
    staging = Staging(tmp_path, around={"sample": True})
    kept, changed = staging.put("a.md", "一"), staging.put("b.md", "二")
    staging.save()
    for path in (kept, changed):
        os.utime(path, ns=(1, 1))  # an old file time: a rewrite shows as a new one
    staging = Staging(tmp_path, around={"sample": True})
    staging.put("a.md", "一")
    staging.put("b.md", "二（新）")
    staging.save()
    assert kept.stat().st_mtime_ns == 1 and changed.stat().st_mtime_ns != 1
    assert changed.read_text(encoding="utf-8") == "二（新）"
    # a change to what frames every page (the sample notice, the main line) rewrites them all
    staging = Staging(tmp_path, around={"sample": False})
    staging.put("a.md", "一")
    assert kept.stat().st_mtime_ns != 1


def test_folding_indentation_keeps_what_shows():
    html = "<div>\n    <p>相談\n      窓口</p>\n</div>\n<pre>  一\n    二</pre><script>\n  var a = `\n  x`;</script>"
    folded = fold_indentation(html)
    assert folded.startswith("<div>\n<p>相談\n窓口</p>\n</div>")
    assert "<pre>  一\n    二</pre>" in folded and "var a = `\n  x`" in folded


def test_messages_keep_their_lines_when_files_come_from_the_cache(data, tmp_path):
    from datetime import date

    from generator import yamlfile

    later = date(2028, 6, 1)  # every last_verified is over a year old by then: a warning for each entry
    first = [str(w) for w in build.run(data, later, cache_dir=tmp_path / "cache").warnings]
    yamlfile._LAST_BUILD.clear()  # as a new process would: documents come from .cache/, without positions
    again = [str(w) for w in build.run(data, later, cache_dir=tmp_path / "cache").warnings]
    assert first and again == first
    assert not any(w.split(".yml:")[1].startswith("1:1:") for w in again)  # the field's own line, not the top
