"""Build benchmark: synthetic catalogues at prefecture and national scale, built side by side by stock
MkDocs and Material and by Zensical, each through the site's own adapter, as ``make site`` and
``make serve`` build them (``ENGINE=mkdocs`` and ``ENGINE=zensical``).

    make bench                                  (the search benchmark, then this one)
    .venv/bin/python bench/build_bench.py [prefecture|national] [mkdocs|zensical]   (this one only)

For each scale a project is made in a temporary folder: the repository's mkdocs.yml, content/ and
overrides/, and a synthetic data/ (bench/synthetic.py). Then:

- cold build: a build with an empty ``.cache/``, as on a new machine (every card is drawn);
- build: the same again with the ``.cache/`` the cold build left, as every later build of the day
  (the deploy workflow restores it), and the generator's share of it (its own log line);
- next day: the same again a day later, as the nightly rebuild: every date moves on, so every page
  is rendered again (cards, QR codes, readings and parsed files still come from the cache);
- peak: the largest resident memory of the build process;
- pages, output: ``index.html`` files and bytes written (MB = 10^6 bytes);
- one-edit: under ``make serve`` (``mkdocs serve --dirty``, or the Zensical adapter's serve), the time
  from saving one entry's file with a new name to its page being served with that name.

Every timed figure is taken ``RUNS`` times (three cold builds from an empty ``.cache/``, three builds,
three next days in a row, three edits under one server) and printed as median (min–max): a run on a
noisy machine says so. The last lines sum up the national rows in a fixed form, with the medians, so
runs can be compared over time: MkDocs first (``national:``), then Zensical (``zensical:``).
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import statistics
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.synthetic import write_catalogue  # noqa: E402

# How each engine builds into a folder and serves at an address, as the Makefile runs it.
BUILD = {"mkdocs": [sys.executable, "-m", "mkdocs", "build", "--site-dir"],
         "zensical": [sys.executable, "-m", "generator.engines.zensical", "build", "--site-dir"]}
SERVE = {"mkdocs": [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--dev-addr"],
         "zensical": [sys.executable, "-m", "generator.engines.zensical", "serve", "--dev-addr"]}
ENGINES = list(BUILD)
TODAY = "2026-11-23"
NEXT_DAYS = ["2026-11-24", "2026-11-25", "2026-11-26"]  # each one the day after the build before it
RUNS = len(NEXT_DAYS)
SCALES = [("prefecture", 500, 29), ("national", 10_000, 1_741)]
EDITED = "e7"  # a family class: its page, its area's page and the kind page change with it


@dataclass(frozen=True)
class Runs:
    """One figure taken several times."""

    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    def __str__(self) -> str:
        return f"{self.median:.1f} s ({min(self.seconds):.1f}–{max(self.seconds):.1f})"


@dataclass
class Row:
    scale: str
    engine: str
    entries: int
    areas: int
    cold: Runs
    build: Runs
    generator: float  # share of the median build, %
    next_day: Runs
    peak_mb: float
    pages: int
    output_mb: float
    one_edit: Runs


def project(folder: Path, entries: int, areas: int) -> Path:
    """The repository's site settings and pages with a synthetic catalogue."""
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    # The hand-written pages link to 三重県 entries that a synthetic catalogue does not have.
    settings = settings.replace("strict: true", "strict: false")
    (folder / "mkdocs.yml").write_text(settings, encoding="utf-8")
    write_catalogue(folder / "data", entries, areas)
    return folder


def environment(today: str = TODAY) -> dict[str, str]:
    return {**os.environ, "SITE_TODAY": today, "NO_MKDOCS_2_WARNING": "1"}


def build(folder: Path, engine: str, today: str = TODAY) -> tuple[float, float, float]:
    """One build: (seconds, generator seconds, peak MB of the build process and its children)."""
    start = time.perf_counter()
    process = subprocess.Popen([*BUILD[engine], str(folder / "site")], cwd=folder,
                               env=environment(today), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"{engine} build failed in {folder}:\n{log[-3000:]}")
    generated = re.search(r"生成: .*?([\d.]+) 秒", log)
    return seconds, float(generated[1]) if generated else float("nan"), usage.ru_maxrss / 1024


def written(site: Path) -> tuple[int, float]:
    files = [path for path in site.rglob("*") if path.is_file()]
    return sum(path.name == "index.html" for path in files), sum(path.stat().st_size for path in files) / 1e6


def one_edit(folder: Path, engine: str, times: int = RUNS) -> list[float]:
    """Seconds from saving an entry's file to its page being served with the change, ``times`` edits
    under one server (the file is put back afterwards, for the next engine)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*SERVE[engine], f"127.0.0.1:{port}"], cwd=folder, env=environment(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/service/{EDITED}/"
    file = next((folder / "data").glob(f"*/{EDITED}.yml"))
    text = file.read_text(encoding="utf-8")
    name = re.search(r"^name: (.+)$", text, re.M)[1]
    found = []
    try:
        _wait_for(url, lambda page: True, timeout=900)
        for edit in range(1, times + 1):
            time.sleep(2)  # let the server settle after its last build
            changed = f"{name}（更新{edit}）"
            start = time.perf_counter()
            file.write_text(text.replace(f"name: {name}", f"name: {changed}"), encoding="utf-8")
            _wait_for(url, lambda page: changed in page, timeout=900)
            found.append(time.perf_counter() - start)
        return found
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()
        file.write_text(text, encoding="utf-8")


def _wait_for(url: str, done, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if done(response.read().decode("utf-8")):
                    return
        except OSError:
            pass
        time.sleep(0.1)
    sys.exit(f"gave up waiting for {url}")


def measure(scale: str, entries: int, areas: int, engines: list[str]) -> list[Row]:
    """Each engine in turn on the same catalogue, each from an empty ``.cache/``."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = project(Path(tmp), entries, areas)
        for engine in engines:
            print(f"  {engine}…", file=sys.stderr, flush=True)
            cold = []
            for _ in range(RUNS):
                shutil.rmtree(folder / ".cache", ignore_errors=True)
                cold.append(build(folder, engine)[0])
            builds = sorted((build(folder, engine) for _ in range(RUNS)), key=lambda b: b[0])
            seconds, generator, peak = builds[len(builds) // 2]  # the median build
            pages, output = written(folder / "site")
            edits = one_edit(folder, engine)
            next_days = [build(folder, engine, day)[0] for day in NEXT_DAYS]
            rows.append(Row(scale, engine, entries, areas, Runs(cold), Runs([b[0] for b in builds]),
                            generator / seconds * 100, Runs(next_days), max(b[2] for b in builds), pages, output,
                            Runs(edits)))
            print(table_row(rows[-1]), file=sys.stderr, flush=True)  # kept even if a later run is stopped
    return rows


def table_row(r: Row) -> str:
    return (f"| {r.scale} | {r.engine} | {r.entries:,} | {r.areas:,} | {r.cold} | {r.build} "
            f"| {r.generator:.0f}% | {r.next_day} | {r.peak_mb:.0f} MB | {r.pages:,} | {r.output_mb:.0f} MB "
            f"| {r.one_edit} |")


def summary(label: str, r: Row) -> str:
    return (f"{label}: entries {r.entries}, build {r.build.median:.1f} s, generator {r.generator:.0f}%, "
            f"peak {r.peak_mb:.0f} MB, output {r.output_mb:.0f} MB, one-edit {r.one_edit.median:.1f} s")


def main() -> None:
    asked = sys.argv[1:]
    engines = [e for e in ENGINES if e in asked] or ENGINES
    rows = []
    for scale, entries, areas in [s for s in SCALES if s[0] in asked] or SCALES:
        print(f"measuring {scale} ({entries:,} entries, {areas:,} areas)…", file=sys.stderr, flush=True)
        rows += measure(scale, entries, areas, engines)
    print(f"\nBuild on {os.cpu_count()} cores, measured {date.today()} (the catalogue built as of {TODAY}); "
          f"each figure median (min–max) of {RUNS} runs:\n")
    print("| scale | engine | entries | areas | cold build | build | generator | next day | peak memory | pages "
          "| output | one-edit |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(table_row(r))
    last = [r for r in rows if r.scale == rows[-1].scale]
    print()
    for r in last:
        print(summary(r.scale if r.engine == "mkdocs" else r.engine, r))


if __name__ == "__main__":
    main()
