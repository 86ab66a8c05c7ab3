"""Thousands of independent drawings on a first national build (cards, QR codes), made on every core
this process may use while the build goes on. Each worker keeps what it makes in .cache/ itself, so
that no bytes come back to the build (the engine copies kept files; a page reads its QR code)."""

from __future__ import annotations

import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Generic, TypeVar

from .cache import Cache

PARALLEL_FROM = 200  # fewer than this are made quicker than worker processes start
Item = TypeVar("Item")


class Keeping(Generic[Item]):
    """``make(item)`` for each item in ``wanted`` (by its cache key) that ``section`` of the cache does
    not hold yet, kept there: begun at once, in workers when there are many (``make`` is a module-level
    function: workers are given it by name). Use it in a ``with`` block; ``done()`` waits for the lot."""

    def __init__(self, cache: Cache, section: str, make: Callable[[Item], bytes], wanted: dict[str, Item]) -> None:
        self.cache, self.section = cache, section
        self.missing = {key: item for key, item in wanted.items() if cache.file(section, key) is None}
        self._pool: ProcessPoolExecutor | None = None
        if len(self.missing) <= PARALLEL_FROM:
            self._made = iter([make(item) for item in self.missing.values()])
        else:
            self._pool = ProcessPoolExecutor(cores(), initializer=_keep_in, initargs=(cache.folder,))
            self._made = self._pool.map(_make_and_keep, repeat(section), repeat(make), self.missing.values(),
                                        self.missing.keys(), chunksize=64)

    def __enter__(self) -> Keeping[Item]:
        return self

    def __exit__(self, *error) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    def done(self) -> dict[str, bytes]:
        """Once all are made: what could not be kept (all of it when there is no .cache/: tests)."""
        made = dict(zip(self.missing, self._made))
        if self._pool is None:
            return {key: data for key, data in made.items()
                    if self.cache.put(self.section, key, data, in_memory=False) is None}
        for key in made:
            self.cache.file(self.section, key)  # what a worker kept, counted as used by this build
        return {key: data for key, data in made.items() if data is not None}


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_keeper: Cache | None = None  # in a worker: the build's .cache/ folder


def _keep_in(folder: Path | None) -> None:
    global _keeper
    _keeper = Cache(folder)


def _make_and_keep(section: str, make: Callable, item: object, key: str) -> bytes | None:
    """In a worker: make one and keep it in .cache/; its bytes only when there is no .cache/."""
    data = make(item)
    return data if _keeper.put(section, key, data, in_memory=False) is None else None
