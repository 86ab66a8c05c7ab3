"""What keeping the cache's tables as JSON costs: a national catalogue's tables read back and written,
next to the same values kept as pickle (what the build used before; never read by the build now).

    .venv/bin/python bench/table_bench.py [folder]

Makes the national synthetic catalogue (bench/synthetic.py) and its ``.cache/`` with one generator
build (no site engine), unless ``folder`` holds them from an earlier run; then, for each table, the best
of three: reading the file and checking every value (as a build that uses all of them), writing it,
and the same values through pickle.
"""

from __future__ import annotations

import json
import pickle
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.synthetic import write_catalogue  # noqa: E402
from generator import build  # noqa: E402
from generator.cache import Cache  # noqa: E402

RUNS = 3


def best(work) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        work()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    folder = Path(sys.argv[1]) if sys.argv[1:] else Path("/tmp/table-bench")
    data, kept = folder / "data", folder / ".cache"
    if not (kept / "tables").is_dir():
        write_catalogue(data, 10_000, 1_741)
        start = time.perf_counter()
        build.run(data, date(2026, 11, 23), cache=Cache(kept))
        print(f"national generator build from nothing: {time.perf_counter() - start:.1f} s", file=sys.stderr)
    cache = Cache(kept)
    print("| table | MB | JSON read + check | JSON write | pickle read | pickle write |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    totals = [0.0] * 4
    for file in sorted((kept / "tables").glob("*.json")):
        name = file.stem

        def read() -> object:
            cache._tables.pop(name, None)
            table = cache.table(name)
            return [table.get(key) for key in list(table._written)]

        values = cache.table(name)._written
        table = cache.table(name)
        table._used = set(values)
        decoded = {key: table.get(key) for key in values}

        def write() -> None:
            table._written, table._used = {}, set(decoded)  # every value encoded again
            table._values = dict(decoded)
            table.save()

        pickled = pickle.dumps(decoded, protocol=pickle.HIGHEST_PROTOCOL)
        took = [best(read), best(write), best(lambda: pickle.loads(pickled)),
                best(lambda: pickle.dumps(decoded, protocol=pickle.HIGHEST_PROTOCOL))]
        totals = [a + b for a, b in zip(totals, took)]
        print(f"| {name} | {file.stat().st_size / 1e6:.1f} | " + " | ".join(f"{t * 1000:.0f} ms" for t in took) + " |")
    print("| all | | " + " | ".join(f"{t:.2f} s" for t in totals) + " |")


if __name__ == "__main__":
    main()
