"""Under ``mkdocs serve``, the system's notices of change instead of polling (switch ``native_watch``).

MkDocs watches docs_dir and mkdocs.yml by listing every file twice a second: nationally the 10,000
data files would cost a tenth of a second each time, taken from the builds, and an edit would wait
for the next listing. The system's own notices (inotify, FSEvents, ReadDirectoryChangesW) tell of an
edit at once. Relies on:
- mkdocs 1.6.1 ``mkdocs/livereload/__init__.py`` (``LiveReloadServer``): ``observer`` (a watchdog
  ``PollingObserver``, started by ``serve()`` after ``on_serve``), ``watch(path, recursive=True)``,
  which schedules a handler on ``observer``, and ``unwatch(path)``, counted per path in the
  private ``_watched_paths`` (and ``_watch_refs``: the scheduled watches). MkDocs offers no way to
  choose the observer: the plugin replaces it;
- mkdocs 1.6.1 ``mkdocs/commands/serve.py`` (``serve``): before ``on_serve`` MkDocs watches
  docs_dir, mkdocs.yml and, with ``--watch-theme``, every folder of ``config.theme.dirs``; after it,
  every ``watch:`` path of the config and ``--watch``. Every path watched before ``on_serve`` (by
  MkDocs or an earlier plugin) is moved to the new observer, with its count and recursion, so that
  each is watched once and ``unwatch`` still works;
- watchdog 7.1.0 ``watchdog/observers/__init__.py`` (``Observer``: the system's own) and
  ``watchdog/observers/api.py`` (``BaseObserver.schedule(..., event_filter=...)``): files only
  opened or read are left out, since every build reads the written pages, which would start another.

After an upstream release, check that ``serve()`` still starts ``server.observer`` after
``on_serve`` and that ``_watched_paths``/``_watch_refs`` still hold the watches (tests/
test_adapter_switches.py compares every path MkDocs watches with what the observer watches).
Off: MkDocs' own polling, which watches the same paths.
"""

from __future__ import annotations

from mkdocs.livereload import LiveReloadServer
from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent, FileCreatedEvent,
                             FileDeletedEvent, FileModifiedEvent, FileMovedEvent)
from watchdog.observers import Observer

_CHANGES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent,
            DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


class Notified(Observer):
    """The system's notices of change, leaving out files only opened or read."""

    def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or _CHANGES,
                                follow_symlink=follow_symlink)


def watch_natively(server: LiveReloadServer) -> None:
    """Replace the server's polling observer, moving every path it watches to the new one."""
    watched = {path: (count, server._watch_refs[path].is_recursive) for path, count in server._watched_paths.items()}
    for path, (count, _) in watched.items():
        for _ in range(count):
            server.unwatch(path)
    server.observer = Notified()
    for path, (count, recursive) in watched.items():
        for _ in range(count):
            server.watch(path, recursive=recursive)
