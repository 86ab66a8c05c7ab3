"""What .cache/ keeps is made again exactly when the code that makes it changes, and is data that a
build only reads: a damaged or hostile file is a miss, never code run or a build stopped."""

from __future__ import annotations

import json
import pickle
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator import build
from generator.cache import KEPT, Cache

from .conftest import ROOT, TODAY

# Run where the generator is a copy (first on the path), so that a test can edit its code: a build as
# a new process, counting what it drew, and a digest of every card and entry or area page it made.
BUILD_AND_COUNT = """
import hashlib, json, sys
from pathlib import Path
from generator import build, cards, pages
from generator.cache import Cache
data, folder, today, copy = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3], Path(sys.argv[4])
if not (pages.TEMPLATES.is_relative_to(copy) and Path(cards.__file__).is_relative_to(copy)):
    sys.exit(f"not the copy: {pages.TEMPLATES}")  # never edit the real code
drawn = {"cards": 0, "pages": 0}
draw, render = cards.draw, pages.Renderer.drawn
def counted_draw(card):
    drawn["cards"] += 1
    return draw(card)
def counted_render(self, page):
    key, text, qr = render(self, page)
    drawn["pages"] += text is not None
    return key, text, qr
cards.draw, pages.Renderer.drawn = counted_draw, counted_render
result = build.run(data, build.date.fromisoformat(today), cache=Cache(folder))
made = {o.path: o.read().decode("utf-8", "replace") if o.is_page else hashlib.sha256(o.read()).hexdigest()
        for o in result.outputs if o.path.startswith(("cards/", "service/", "area/"))}
print(json.dumps({"drawn": drawn, "made": made}, ensure_ascii=False))
"""


@pytest.fixture
def code(tmp_path) -> Path:
    """A copy of the generator that a test may edit."""
    shutil.copytree(ROOT / "generator", tmp_path / "code" / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "code" / "editor").symlink_to(ROOT / "editor")  # the form editor's installed CMS
    return tmp_path / "code"


def _build(code: Path, folder: Path) -> tuple[dict, dict, dict]:
    done = subprocess.run([sys.executable, "-c", BUILD_AND_COUNT, str(ROOT / "data"), str(folder), str(TODAY),
                           str(code)], cwd=code, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    found = json.loads(done.stdout)
    made = found["made"]
    cards = {path: made[path] for path in made if path.startswith("cards/")}
    pages = {path: made[path] for path in made if path.endswith(".md")}
    return found["drawn"], cards, pages


def _edit(file: Path, old: str, new: str) -> None:
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_change_to_the_card_drawing_draws_every_card_again_and_no_page(code, tmp_path):
    drawn, cards, pages = _build(code, tmp_path / "cache")
    assert drawn == {"cards": len(cards), "pages": len(pages)} and len(pages) > 50  # from nothing: all of them
    _edit(code / "generator" / "cards.py", 'BACKGROUND, TITLE, DETAIL, RULE = "#f6faf8"',
          'BACKGROUND, TITLE, DETAIL, RULE = "#f7faf8"')  # a slightly other background
    drawn, new_cards, new_pages = _build(code, tmp_path / "cache")
    assert drawn == {"cards": len(cards), "pages": 0}
    assert new_pages == pages
    assert new_cards.keys() == cards.keys() and all(new_cards[path] != cards[path] for path in cards)


def test_a_change_to_a_page_template_draws_the_pages_again_and_no_card(code, tmp_path):
    _, cards, pages = _build(code, tmp_path / "cache")
    _edit(code / "generator" / "templates" / "entry.html.j2", "</footer>\n", "</footer>\n<p>EDITED-TEMPLATE</p>\n")
    drawn, new_cards, new_pages = _build(code, tmp_path / "cache")
    assert drawn == {"cards": 0, "pages": len(pages)}
    assert new_cards == cards
    entry_pages = [path for path in pages if path.startswith("service/")]
    assert entry_pages and all("EDITED-TEMPLATE" in new_pages[path] for path in entry_pages)
    assert not any("EDITED-TEMPLATE" in new_pages[path] for path in pages if path.startswith("area/"))


class _Runs:
    """What pickle would have run on load: writes a marker file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (Path.write_text, (self.marker, "ran"))


def test_a_hostile_or_damaged_cache_runs_nothing_and_the_build_is_the_same(tmp_path):
    folder = tmp_path / "cache"
    build.run(ROOT / "data", TODAY, cache=Cache(folder))
    tables = folder / "tables"
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Runs(marker))
    pickle.loads(payload)  # the payload does run when unpickled …
    assert marker.exists()
    marker.unlink()
    # … so it goes where the build used to unpickle, and into the JSON tables themselves
    (tables / "pages.pickle").write_bytes(payload)
    (tables / "pages.json").write_bytes(payload)
    (tables / "qr.json").write_text("[" * 100_000, encoding="utf-8")  # nested past the parser's depth
    (tables / "parsed.json").write_bytes(b"\xff\xfe not json")
    for name in ("readings", "words", "events", "calendars", "open-data", "search-items"):
        table = json.loads((tables / f"{name}.json").read_text(encoding="utf-8"))  # made by this very code
        assert table["values"]
        table["values"] = {key: 7 for key in table["values"]}  # every value of the wrong shape
        (tables / f"{name}.json").write_text(json.dumps(table), encoding="utf-8")
    (folder / "used.json").write_text("[1, 2]", encoding="utf-8")

    again = build.run(ROOT / "data", TODAY, cache=Cache(folder))
    assert not marker.exists()
    fresh = build.run(ROOT / "data", TODAY)
    assert {o.path: o.read() for o in again.outputs} == {o.path: o.read() for o in fresh.outputs}
    # the damaged tables are written anew, and what the old build kept as pickle is gone, unread
    assert sorted(file.name for file in tables.iterdir()) == sorted(f"{name}.json" for name, kept in KEPT.items()
                                                                    if kept.shape is not None)
    assert json.loads((tables / "pages.json").read_text(encoding="utf-8"))["values"]
