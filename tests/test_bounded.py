"""Issue 33's hostile data files, run as staff run them (``python -m generator check``, then the build):
each is refused in seconds with a Japanese file:line message, and the largest file the check accepts
builds in seconds. The time bounds are generous; they are there to catch a hang or a blow-up."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT, TODAY

BOUND = 60  # seconds: a check of the sample takes about one

_BOMB = "".join([f'a: &a [{",".join(["lol"] * 9)}]\n'] +
                [f"{n}: &{n} [{','.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi")])

# What issue 33 reproduced, as an edit of 虹の会's file: (old, new, what the message says).
HOSTILE = {
    "alias bomb": ("source:", _BOMB + "source:", "エイリアス（*名前）は使えません"),
    "description of 50 MB": ("description: |\n", "description: |\n  " + "あ" * 50_000_000 + "\n",
                             "ファイルが大きすぎます"),
    "links nested 20,000 deep": ("description: |\n", "description: |\n  " + "[" * 20000 + "x" + "](" * 20000 + "\n",
                                 "「説明（description）」が長すぎます"),
    "name of 99,000 characters": ("name: 虹の会", "name: " + "な" * 99_000, "「名称（name）」が長すぎます"),
    "list nested 2,000 deep": ("aliases: [家族の集まり]", "aliases: " + "[" * 2000 + "x" + "]" * 2000,
                               "入れ子が深すぎます"),
    "90,000 unknown keys": ("source:", "".join(f"k{i}: x\n" for i in range(90_000)) + "source:",
                            "同じ種類の問題がほかに 89950 件あります"),
    "a mistake at the end of 950,000 characters": (
        "source:", "".join(f"k{i}: [a, b, c, d, e, f]\n" for i in range(36_000)) + "x: [\nsource:",
        "YAML の書き方に誤りがあります"),
    "10,000 sessions in every area calendar": (
        "schedule:\n", "schedule:\n  sessions:\n" + "    - {date: 2027-01-15, title: 講演会}\n" * 10_000,
        "「開催日（sessions）」が多すぎます"),
}


def _run(args: list[str], data: Path) -> tuple[subprocess.CompletedProcess, float]:
    started = time.monotonic()
    done = subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=BOUND * 2, cwd=ROOT,
                          env={**os.environ, "SITE_TODAY": TODAY.isoformat()})
    return done, time.monotonic() - started


@pytest.mark.slow
@pytest.mark.parametrize("case", HOSTILE, ids=list(HOSTILE))
def test_a_hostile_file_is_refused_in_seconds(case, tmp_path):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    path = data / "family" / "nijinokai.yml"
    old, new, message = HOSTILE[case]
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    done, seconds = _run(["-m", "generator", "--data", str(data), "check"], data)
    assert done.returncode == 1 and "Traceback" not in done.stdout + done.stderr, done.stderr[-2000:]
    assert any(line.startswith(f"{path}:") and "エラー" in line and message in line for line in done.stdout.splitlines())
    assert seconds < BOUND


_LIMITS = f"""id: worst-case
name: {"な" * 100}
reading: {"な" * 200}
aliases: [{", ".join(["な" * 100] * 20)}]
operator: {"運" * 300}
areas: all
summary: {"紹" * 120}
description: |
{chr(10).join("  " + "[" * 10 + "x" + "](" * 10 + ")" * 10 for _ in range(40))}
  {"- " * 10}x
audience: [self, family, supporter]
channels: [visit]
inquiry: mie-hikikomori-center
schedule:
  sessions:
{"".join(f'    - {{date: 2027-{1 + i % 12:02d}-{1 + i % 28:02d}, title: {"題" * 100}, note: {"メ" * 1000}}}{chr(10)}'
         for i in range(100))}last_verified: {TODAY.isoformat()}
source: {"資" * 300}
"""


def test_the_largest_entry_the_check_accepts_builds_in_seconds(tmp_path):
    """Every field and list at its limit, the description nested as deep as allowed, 100 sessions in the
    calendar of every area."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    (data / "family" / "worst-case.yml").write_text(_LIMITS, encoding="utf-8")
    checked, seconds = _run(["-m", "generator", "--data", str(data), "check"], data)
    assert checked.returncode == 0, checked.stdout
    assert seconds < BOUND
    script = ("import sys; from datetime import date; from pathlib import Path; from generator import build; "
              "built = build.run(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]), with_editor=False); "
              "print(sum(p.path == 'service/worst-case.md' for p in built.pages))")
    built, seconds = _run(["-c", script, str(data), TODAY.isoformat()], data)
    assert built.returncode == 0, built.stderr[-2000:]
    assert built.stdout.split()[-1] == "1" and seconds < BOUND


WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=[w.name for w in WORKFLOWS])
def test_every_job_that_runs_has_a_time_limit(workflow):
    """A job that hangs is stopped (GitHub's default is six hours); a job calling another workflow
    (nightly's rebuild) gets the limits of that workflow's own jobs."""
    jobs = yaml.safe_load(workflow.read_text(encoding="utf-8"))["jobs"]
    running = {name: job for name, job in jobs.items() if "runs-on" in job}
    assert running and all(0 < job.get("timeout-minutes", 0) <= 120 for job in running.values()), running.keys()
    assert all("uses" in job for name, job in jobs.items() if name not in running)
