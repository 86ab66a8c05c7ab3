"""Build benchmark: synthetic catalogues at prefecture and national scale, built by stock MkDocs and
Material through the site's own adapter, as ``make site`` and ``make serve`` build them.

    make bench                                  (the search benchmark, then this one)
    .venv/bin/python bench/build_bench.py [prefecture|national]   (this one only)

For each scale a project is made in a temporary folder: the repository's mkdocs.yml, content/ and
overrides/, and a synthetic data/ (bench/synthetic.py). Then:

- cold build: ``mkdocs build`` with an empty ``.cache/``, as on a new machine (every card is drawn);
- build: the same again with the ``.cache/`` the cold build left, as every later build of the day
  (the deploy workflow restores it), and the generator's share of it (its own log line);
- next day: the same again a day later, as the nightly rebuild: every date moves on, so every page
  is rendered again (cards, QR codes, readings and parsed files still come from the cache);
- peak: the largest resident memory of the build process;
- pages, output: ``index.html`` files and bytes written (MB = 10^6 bytes);
- one-edit: under ``mkdocs serve`` (as ``make serve`` runs it), the time from saving one entry's file
  with a new name to its page being served with that name.

The last line sums up the national row in a fixed form, so runs can be compared over time.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.synthetic import write_catalogue  # noqa: E402

MKDOCS = [sys.executable, "-m", "mkdocs"]
TODAY, NEXT_DAY = "2026-11-23", "2026-11-24"
SCALES = [("prefecture", 500, 29), ("national", 10_000, 1_741)]
EDITED = "e7"  # a family class: its page, its area's page and the kind page change with it


@dataclass
class Row:
    scale: str
    entries: int
    areas: int
    cold: float
    build: float
    generator: float
    next_day: float
    peak_mb: float
    pages: int
    output_mb: float
    one_edit: float


def project(folder: Path, entries: int, areas: int) -> Path:
    """The repository's site settings and pages with a synthetic catalogue."""
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, folder / name)
    settings = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    settings = settings.replace("generator/engines/mkdocs_hooks.py", str(ROOT / "generator" / "engines" / "mkdocs_hooks.py"))
    # The hand-written pages link to 三重県 entries that a synthetic catalogue does not have.
    settings = settings.replace("strict: true", "strict: false")
    (folder / "mkdocs.yml").write_text(settings, encoding="utf-8")
    write_catalogue(folder / "data", entries, areas)
    return folder


def environment(today: str = TODAY) -> dict[str, str]:
    return {**os.environ, "SITE_TODAY": today, "NO_MKDOCS_2_WARNING": "1"}


def build(folder: Path, today: str = TODAY) -> tuple[float, float, float]:
    """One ``mkdocs build``: (seconds, generator seconds, peak MB)."""
    start = time.perf_counter()
    process = subprocess.Popen([*MKDOCS, "build", "--site-dir", str(folder / "site")], cwd=folder,
                               env=environment(today), stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    log = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if status != 0:
        sys.exit(f"mkdocs build failed in {folder}:\n{log[-3000:]}")
    generated = re.search(r"生成: .*?([\d.]+) 秒", log)
    return seconds, float(generated[1]) if generated else float("nan"), usage.ru_maxrss / 1024


def written(site: Path) -> tuple[int, float]:
    files = [path for path in site.rglob("*") if path.is_file()]
    return sum(path.name == "index.html" for path in files), sum(path.stat().st_size for path in files) / 1e6


def one_edit(folder: Path) -> float:
    """Seconds from saving an entry's file to its page being served with the change."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([*MKDOCS, "serve", "--dirty", "--dev-addr", f"127.0.0.1:{port}"], cwd=folder,
                              env=environment(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/service/{EDITED}/"
    try:
        _wait_for(url, lambda page: True, timeout=900)
        time.sleep(2)  # let the server settle after its first build
        file = next((folder / "data").glob(f"*/{EDITED}.yml"))
        text = file.read_text(encoding="utf-8")
        name = re.search(r"^name: (.+)$", text, re.M)[1]
        changed = f"{name}（更新）"
        start = time.perf_counter()
        file.write_text(text.replace(f"name: {name}", f"name: {changed}"), encoding="utf-8")
        _wait_for(url, lambda page: changed in page, timeout=900)
        return time.perf_counter() - start
    finally:
        server.terminate()
        server.wait()


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


def measure(scale: str, entries: int, areas: int) -> Row:
    with tempfile.TemporaryDirectory() as tmp:
        folder = project(Path(tmp), entries, areas)
        cold, _, _ = build(folder)
        seconds, generator, peak = build(folder)
        pages, output = written(folder / "site")
        edit = one_edit(folder)
        next_day, _, _ = build(folder, NEXT_DAY)
    return Row(scale, entries, areas, cold, seconds, generator / seconds * 100, next_day, peak, pages, output, edit)


def main() -> None:
    rows = []
    for scale, entries, areas in [s for s in SCALES if not sys.argv[1:] or s[0] in sys.argv[1:]]:
        print(f"measuring {scale} ({entries:,} entries, {areas:,} areas)…", file=sys.stderr, flush=True)
        rows.append(measure(scale, entries, areas))
    print(f"\nBuild on {os.cpu_count()} cores, {TODAY}:\n")
    print("| scale | entries | areas | cold build | build | generator | next day | peak memory | pages | output "
          "| one-edit |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r.scale} | {r.entries:,} | {r.areas:,} | {r.cold:.1f} s | {r.build:.1f} s | {r.generator:.0f}% "
              f"| {r.next_day:.1f} s | {r.peak_mb:.0f} MB | {r.pages:,} | {r.output_mb:.0f} MB | {r.one_edit:.1f} s |")
    n = rows[-1]
    print(f"\nnational: entries {n.entries}, build {n.build:.1f} s, generator {n.generator:.0f}%, "
          f"peak {n.peak_mb:.0f} MB, output {n.output_mb:.0f} MB, one-edit {n.one_edit:.1f} s")


if __name__ == "__main__":
    main()
