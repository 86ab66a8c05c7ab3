"""How large ``.cache/`` stays: 30 simulated nightly builds of a synthetic catalogue, one a day.

    .venv/bin/python bench/cache_bench.py [prefecture|national]

Each night runs the generator (what fills ``.cache/``; the engine keeps nothing there) on the same
catalogue with the build date one day later, as the nightly workflow does, with the ``.cache/`` the
night before left. Dates move on, so the pages, calendars and cards whose next date passed are made
again under new keys; the cache's tables (pages, calendars) keep what the last build used, and its files
(cards) what a build of the last ``Cache.keep_days`` days used. The table shows the size every five
nights; without pruning it would grow by a set of pages and cards each time a date moves.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.synthetic import write_catalogue  # noqa: E402
from generator import build  # noqa: E402
from generator.cache import Cache  # noqa: E402

SCALES = [("prefecture", 500, 29), ("national", 10_000, 1_741)]
NIGHTS = 30
FIRST = date(2026, 11, 23)


def nights(entries: int, areas: int) -> list[tuple[int, int, int]]:
    """(night, files kept, bytes) after each night."""
    found = []
    with tempfile.TemporaryDirectory() as tmp:
        data = write_catalogue(Path(tmp) / "data", entries, areas)
        folder = Path(tmp) / ".cache"
        for night in range(NIGHTS):
            build.run(data, FIRST + timedelta(days=night), cache=Cache(folder))  # a new process each night
            files = [p for p in folder.rglob("*") if p.is_file()]
            found.append((night + 1, len(files), sum(p.stat().st_size for p in files)))
            print(f"  night {night + 1}: {len(files):,} files, {found[-1][2] / 1e6:.0f} MB", file=sys.stderr)
    return found


def main() -> None:
    chosen = [s for s in SCALES if not sys.argv[1:] or s[0] in sys.argv[1:]]
    results = {}
    for scale, entries, areas in chosen:
        print(f"{NIGHTS} nights of {scale} ({entries:,} entries)…", file=sys.stderr, flush=True)
        results[scale] = nights(entries, areas)
    shown = [n for n in range(1, NIGHTS + 1) if n == 1 or n % 5 == 0]
    print(f"\n.cache/ after nightly builds (keep_days {Cache(None).keep_days}), from {FIRST}:\n")
    print("| scale | " + " | ".join(f"night {n}" for n in shown) + " |")
    print("| --- |" + " ---: |" * len(shown))
    for scale, rows in results.items():
        print(f"| {scale} | " + " | ".join(f"{rows[n - 1][2] / 1e6:.0f} MB" for n in shown) + " |")
    last = list(results)[-1]
    print(f"\n{last}: .cache after {NIGHTS} nights {results[last][-1][2] / 1e6:.0f} MB "
          f"(largest {max(r[2] for r in results[last]) / 1e6:.0f} MB)")


if __name__ == "__main__":
    main()
