"""Thousands of independent pieces of work on a first national build (parsed data files, pages with
their QR codes, cards), made on every core this process may use. Small results come back to the build
(parsed values and pages, kept in tables); large ones are kept in .cache/ by the worker itself, so that
no bytes come back (cards, which the engine links into the site from their files).

Workers are forked: they start with everything the build holds (the catalogue, the templates), and
only the items and the results go through pipes. Forking is safe on Linux only (on macOS the system's
own libraries may hold threads): elsewhere, all is made in this process.
"""

from __future__ import annotations

import inspect
import multiprocessing
import os
import sys
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from itertools import repeat
from pathlib import Path
from typing import Generic, TypeVar

from .cache import Cache

PARALLEL_FROM = 200  # fewer than this are made quicker than worker processes start
Item = TypeVar("Item")
Made = TypeVar("Made")


class Making(Generic[Item, Made]):
    """``make(item)`` for each of ``items``, begun at once: in workers when there are many. ``make`` is a
    module-level function, or a method of an object the workers are forked with: either way they are
    given only its name. Use it in a ``with`` block; ``results()`` waits for the lot and gives them in
    order. Workers given a ``keep`` section put each result in .cache/ under the key of the same
    position in ``keys`` and give back only what they could not keep."""

    def __init__(self, make: Callable[[Item], Made], items: list[Item], cache: Cache | None = None,
                 keep: str | None = None, keys: list[str] | None = None) -> None:
        self._pool: ProcessPoolExecutor | None = None
        if len(items) <= PARALLEL_FROM or _FORK is None:
            self._made = iter([make(item) for item in items])
        else:
            owner, name = (make.__self__, make.__name__) if inspect.ismethod(make) else (None, make)
            self._pool = ProcessPoolExecutor(cores(), mp_context=_FORK, initializer=_start_worker,
                                             initargs=(cache.folder if cache and keep else None, owner))
            self._made = self._pool.map(_make, repeat(name), items, repeat(keep), keys or repeat(None), chunksize=64)

    def __enter__(self) -> Making[Item, Made]:
        return self

    def __exit__(self, *error) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)

    @property
    def in_workers(self) -> bool:
        return self._pool is not None

    def results(self) -> list[Made | None]:
        return list(self._made)


class Keeping(Making[Item, bytes]):
    """``make(item)`` for each item in ``wanted`` (by its cache key) that ``section`` of the cache does
    not hold yet, kept there by the workers. ``done()`` waits for the lot."""

    def __init__(self, cache: Cache, section: str, make: Callable[[Item], bytes], wanted: dict[str, Item]) -> None:
        self.cache, self.section = cache, section
        held = cache.held(section)
        self.missing = {key: item for key, item in wanted.items() if key not in held}
        super().__init__(make, list(self.missing.values()), cache, section, list(self.missing))

    def done(self) -> dict[str, bytes]:
        """Once all are made: what could not be kept (all of it when there is no .cache/: tests). The
        rest is in the cache's files, where the caller names it (``Cache.path`` counts it as used)."""
        made = dict(zip(self.missing, self.results()))
        if not self.in_workers:
            return {key: data for key, data in made.items()
                    if self.cache.put(self.section, key, data) is None}
        return {key: data for key, data in made.items() if data is not None}


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_FORK = multiprocessing.get_context("fork") if sys.platform == "linux" else None
# In a worker, set as it starts: the build's .cache/ folder, when it keeps what it makes, and the
# object whose method it runs.
_keeper: Cache | None = None
_owner: object = None


def _start_worker(folder: Path | None, owner: object) -> None:
    global _keeper, _owner
    _keeper, _owner = Cache(folder), owner
    # The build process waits for nothing the workers make until its own work is done: it goes first.
    os.nice(10)


def _make(make: Callable | str, item: object, section: str | None, key: str | None) -> object:
    """In a worker: make one; keep it in .cache/ when asked to, and then give back only what was not."""
    data = (getattr(_owner, make) if isinstance(make, str) else make)(item)
    if section is None:
        return data
    return data if _keeper.put(section, key, data) is None else None
