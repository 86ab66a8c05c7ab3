"""Every mistake in tests/broken_inputs.yml is caught, with the right file, line and a plain message."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from generator.loader import CatalogueError, load
from generator.model import Phone

from .conftest import ROOT, TODAY

CASES = yaml.safe_load((Path(__file__).with_name("broken_inputs.yml")).read_text(encoding="utf-8"))


@pytest.fixture
def data(tmp_path) -> Path:
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path / "data"


def expand(text: str) -> str:
    """``<<text*N>>`` written N times: hostile inputs too long to write out in the corpus."""
    return re.sub(r"<<(.+?)\*(\d+)>>", lambda m: m.group(1) * int(m.group(2)), text, flags=re.S)


def apply(case: dict, data: Path) -> Path:
    path = data / case["file"]
    path.parent.mkdir(parents=True, exist_ok=True)
    if "replace" in case:
        old, new = case["replace"][0], expand(case["replace"][1])
        text = path.read_text(encoding="utf-8")
        assert old in text, f"the case no longer matches the sample: {old!r}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    elif "copy_of" in case:
        shutil.copy(data / case["copy_of"], path)
    elif "shift_jis" in case:
        path.write_bytes(case["shift_jis"].encode("shift_jis"))
    elif "encoded" in case:  # [codec, text]: a file saved in another encoding
        codec, text = case["encoded"]
        path.write_bytes(text.encode(codec))
    else:
        path.write_text(expand(case["content"]), encoding="utf-8")
    return path


def expected_line(case: dict, path: Path) -> int:
    if "line" in case:
        return case["line"]
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if case["line_of"] in line)


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_broken_input_is_explained(case, data):
    path = apply(case, data)
    severity = case.get("severity", "error")
    if severity == "error":
        with pytest.raises(CatalogueError) as caught:
            load(data, TODAY)
        problems = caught.value.problems
    else:  # a warning: the catalogue still loads
        problems = load(data, TODAY)[1]
    found = [p for p in problems if p.severity == severity]
    matching = [p for p in found if case["message"] in p.message]
    assert matching, "messages were:\n" + "\n".join(map(str, found))
    problem = matching[0]
    assert problem.path == path
    assert problem.position.line == expected_line(case, path), str(problem)
    word = {"error": "エラー", "warning": "注意"}[severity]
    assert str(problem).startswith(f"{path}:{problem.position.line}:{problem.position.column}: {word}: ")


@pytest.mark.parametrize("number", ["059-253-7826", "0592537826", "0120-123-456", "0570-064-556",
                                    "090-1234-5678", "09012345678", "03-1234-5678", "0598-31-1922"])
def test_japanese_phone_formats_are_accepted(number):
    assert Phone(number=number).number == number


def test_past_sessions_and_old_facts_are_warnings(sample):
    by_file = {(p.path.name, p.message) for p in sample.warnings}
    assert any(name == "kazoku-kyoshitsu-hokusei.yml" and "開催日がすべて過ぎています" in m for name, m in by_file)
    assert any(name == "nijinokai.yml" and "1年以上たっています" in m for name, m in by_file)
    # 虹の会 meets monthly: its dates never run out, so no "all past" warning.
    assert not any(name == "nijinokai.yml" and "開催日" in m for name, m in by_file)


def test_a_closed_text_naming_what_the_data_lacks_is_a_warning(data):
    """「休み: 祝日・年末年始」 in words only would leave the centre 受付中 on 12/29: make check says so."""
    centre = data / "consultation" / "mie-hikikomori-center.yml"
    text = centre.read_text(encoding="utf-8")
    without = re.sub(r"  closed_on_holidays: true\n  closures:\n(    .*\n)+", "", text)
    assert "closures" not in without and "closed: 土曜・日曜・祝日・年末年始" in without
    centre.write_text(without, encoding="utf-8")
    _, warnings = load(data, TODAY)
    said = [p for p in warnings if p.path == centre]
    closed_line = next(i for i, line in enumerate(without.splitlines(), 1) if line.startswith("  closed:"))
    assert {p.position.line for p in said if "「休み（closed）」" in p.message} == {closed_line}
    assert any("period: new_year" in p.message for p in said) and any("closed_on_holidays: true" in p.message for p in said)
    centre.write_text(text, encoding="utf-8")
    _, warnings = load(data, TODAY)
    assert not any("「休み（closed）」" in p.message for p in warnings)


def run_check(data: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--data", str(data), "check"],
                          capture_output=True, text=True, env={"SITE_TODAY": TODAY.isoformat(), **env})


def test_check_exits_0_with_only_warnings_and_1_with_errors(data):
    ok = run_check(data)
    assert ok.returncode == 0, ok.stdout
    assert "エラー 0 件" in ok.stdout and "注意" in ok.stdout
    apply(CASES[0], data)
    broken = run_check(data)
    assert broken.returncode == 1
    assert "Traceback" not in broken.stdout + broken.stderr
    assert "「phoen」という項目は使えません" in broken.stdout


def test_github_actions_annotations(data):
    path = apply(CASES[0], data)
    result = run_check(data, GITHUB_ACTIONS="true")
    line = expected_line(CASES[0], path)
    assert f"::error file={path},line={line},col=3::「phoen」という項目は使えません" in result.stdout
    assert "::warning file=" in result.stdout


def test_no_value_or_file_name_can_forge_a_github_annotation(data):
    """A file name (or value) with a line break and ``::error`` stays inside one escaped line."""
    forged = "x%\n::error file=evil.yml,line=1::fake"
    shutil.copy(data / "family" / "nijinokai.yml", data / "family" / f"{forged}.yml")
    path = data / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 虹の会", 'name: "虹の会\\n::error::fake"'),
                    encoding="utf-8")
    result = run_check(data, GITHUB_ACTIONS="true")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    # Every command is one of ours, whole: its file= property has no bare ":" or "," to end it early.
    assert len(commands) > 3 and all(re.match(r"::(error|warning) file=[^,:]*,line=\d+,col=\d+::", c) for c in commands)
    assert not any(line.startswith(("::error file=evil", "::error::")) for line in lines)
    assert "x%25%0A%3A%3Aerror file=evil.yml%2Cline=1%3A%3Afake.yml,line=" in result.stdout
    assert "「名称（name）」に改行は使えません" in result.stdout


def test_free_text_may_hold_full_width_spaces_colons_and_line_breaks(data):
    """What the checks look for in keys and indentation is fine inside a description."""
    path = data / "family" / "nijinokai.yml"
    text = path.read_text(encoding="utf-8").replace(
        "description: |\n", "description: |\n  \u3000字下げした段落です。\n  URL：https://example.jp/ もどうぞ。\n")
    path.write_text(text, encoding="utf-8")
    catalogue, _ = load(data, TODAY)
    description = catalogue.entry("nijinokai").service.description
    assert description.startswith("\u3000字下げした段落です。\nURL：https://example.jp/")


def test_links_from_written_pages_to_renamed_retired_entries_and_unknown_areas(tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    content = shutil.copytree(ROOT / "content", tmp_path / "content")
    # 虹の会 renamed, keeping its old id; 電子居場所 retired; a mistyped area code added to a page.
    old = data / "family" / "nijinokai.yml"
    text = old.read_text(encoding="utf-8").replace("id: nijinokai", "id: niji-no-kai\nformer_ids: [nijinokai]")
    (data / "family" / "niji-no-kai.yml").write_text(text, encoding="utf-8")
    old.unlink()
    (data / "ibasho" / "denshi-ibasho.yml").unlink()
    about = content / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n亀山は[こちら](area/999999/)\n", encoding="utf-8")
    result = run_check(data)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    lines = {line.split(": エラー: ")[0]: line for line in result.stdout.splitlines() if ": エラー: " in line}

    def where(page: Path, needle: str) -> str:
        found = [(n, line) for n, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1) if needle in line]
        number, line = found[0]
        return f"{page}:{number}:{line.index(needle) + 1}"

    families = content / "for-families.md"
    assert "ID が「niji-no-kai」に変わりました" in lines[where(families, "service/nijinokai.md")]
    assert "service/niji-no-kai.md に書きかえてください" in lines[where(families, "service/nijinokai.md")]
    assert "エントリ「denshi-ibasho」はありません" in lines[where(content / "support-stages.md", "service/denshi-ibasho.md")]
    assert "市町コード「999999」は data/areas.yml にありません" in lines[where(about, "area/999999/")]
