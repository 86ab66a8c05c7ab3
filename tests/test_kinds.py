"""A kind of help is declared once: one row of generator/kinds.yml plus its two messages."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from generator import kinds, messages

from .conftest import ROOT, TODAY, copy_project


def test_every_kind_has_its_words():
    for kind in kinds.all_kinds():
        assert kind.label != kind.id and kind.intro != kind.id, kind


@pytest.mark.build
def test_a_fifth_kind_is_one_row_and_its_messages(tmp_path):
    project = copy_project(tmp_path)
    shutil.copytree(ROOT / "generator", project / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    table = project / "generator" / "kinds.yml"
    table.write_text(table.read_text(encoding="utf-8") + "- id: peer\n  colour: \"#5b4a00\"\n  tint: \"#f3edcc\"\n"
                     "  schema_org: Service\n  facility: true\n  icon: material/walk\n", encoding="utf-8")
    words = project / "generator" / "messages.yml"
    text = words.read_text(encoding="utf-8")
    text = text.replace("    outreach: アウトリーチ・訪問支援\n", "    outreach: アウトリーチ・訪問支援\n    peer: ピアサポート\n", 1)
    text = text.replace("  kind_intro:\n", "  kind_intro:\n    peer: 同じ経験をした人と話せます。\n", 1)
    words.write_text(text, encoding="utf-8")
    (project / "data" / "peer").mkdir()
    entry = yaml.safe_load((ROOT / "data" / "ibasho" / "manamie.yml").read_text(encoding="utf-8"))
    entry.update(id="peer-room", name="ピアサポートルーム", reading="ぴあさぽーとるーむ", aliases=[])
    (project / "data" / "peer" / "peer-room.yml").write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")

    out = tmp_path / "site"
    # The copied generator, not the installed one: the project folder comes first on the path.
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                            cwd=project, capture_output=True, text=True, timeout=600,
                            env={"PYTHONPATH": str(project), "SITE_TODAY": TODAY.isoformat(), "PATH": "/usr/bin:/bin",
                                 "NO_MKDOCS_2_WARNING": "1"})
    assert result.returncode == 0, result.stderr
    kind_page = (out / "peer" / "index.html").read_text(encoding="utf-8")
    assert "ピアサポート" in kind_page and "ピアサポートルーム" in kind_page
    assert 'sg-kind--peer' in (out / "index.html").read_text(encoding="utf-8")  # a button on the home page
    assert 'sg-chip--peer">ピアサポート<' in (out / "service" / "peer-room" / "index.html").read_text(encoding="utf-8")
    assert "#f3edcc" in (out / "assets" / "stylesheets" / "kinds.css").read_text(encoding="utf-8")
    assert "ピアサポートルーム" in (out / "opendata" / "facilities.csv").read_text(encoding="utf-8")
    assert messages.label("kind", "peer") == "peer"  # the real catalogue was left alone
