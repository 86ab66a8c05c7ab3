"""Work kept between builds in ``.cache/``: the one place anything is remembered.

Two shapes, one policy:
- **files** (cards, staged pages): what the site engine links or copies from ``.cache/`` as it is,
  named by a digest of everything that went into them (``Cache.key``), so a changed input simply
  misses and nothing is ever stale;
- **tables** (pages, machine readings, parsed data files, QR codes, each entry's calendar events):
  values the build reads back, by key, one file per table, kept as the last build used them.
  Nationally a table holds 10,000 values that as files would be as many to create on a first build
  (half a millisecond each: the 11,700 pages took 6 s as files, 0.3 s as a table).

Every build says what it used; ``finish`` removes the files that no build of the last ``keep_days``
days used (the nightly build makes new card keys as dates move on: without pruning, ``.cache/``
would grow for ever). ``folder=None`` keeps nothing (tests).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from datetime import date, timedelta
from pathlib import Path

PACKAGE = Path(__file__).parent
_FILES, _JOURNAL = "files", "used.json"  # the kept files; each one's last build date that used it


def fingerprint() -> str:
    """A digest of the generator's code, templates and messages: what is made from them is kept only
    as long as they stay the same. Read again by every build (4 ms), so that a template edited under
    ``make serve`` is drawn with."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.suffix in (".py", ".j2", ".yml", ".json"):
            digest.update(path.relative_to(PACKAGE).as_posix().encode() + path.read_bytes())
    return digest.hexdigest()


class Cache:
    def __init__(self, folder: Path | None, keep_days: int = 14) -> None:
        self.folder, self.keep_days = folder, keep_days
        self._tables: dict[str, Table] = {}
        self._used: set[str] = set()
        self._sections: set[str] = set()  # folders of files known to be there

    @staticmethod
    def key(*inputs: object) -> str:
        return hashlib.sha256(json.dumps(inputs, ensure_ascii=False, default=str).encode()).hexdigest()

    # --- files ---------------------------------------------------------------------------------

    def path(self, section: str, key: str) -> Path:
        """Where the file of ``key`` is or will be (a worker is making it), counted as used by this build."""
        self._used.add(f"{section}/{key}")
        return self.folder / _FILES / section / key

    def held(self, section: str) -> set[str]:
        """The keys of every file ``section`` holds, from one listing (a first national build asks
        after 23,000 files that are not there)."""
        folder = self.folder / _FILES / section if self.folder else None
        return {entry.name for entry in os.scandir(folder)} if folder and folder.is_dir() else set()

    def put(self, section: str, key: str, data: bytes) -> Path | None:
        """Keep ``data`` in its file, for the site engine to link or copy."""
        if self.folder is None:
            return None
        name = f"{section}/{key}"
        path = self.folder / _FILES / name
        if not path.exists():  # content-addressed: an existing file already holds these bytes
            if section not in self._sections:
                path.parent.mkdir(parents=True, exist_ok=True)
                self._sections.add(section)
            path.write_bytes(data)
        self._used.add(name)
        return path

    # --- tables --------------------------------------------------------------------------------

    def table(self, name: str) -> Table:
        if name not in self._tables:
            self._tables[name] = Table(self.folder / "tables" / f"{name}.pickle" if self.folder else None)
        return self._tables[name]

    # --- the end of a build --------------------------------------------------------------------

    def finish(self, today: date, partial: bool = False) -> None:
        """Save the tables, note what this build used, and remove what no recent build used.

        A ``partial`` build (one edit under ``make serve``) used only what the edit touched: nothing is
        written or removed until the next whole build, which accounts for what both used."""
        if partial:
            return
        for table in self._tables.values():
            table.save()
        if self.folder is None:
            return
        journal_file = self.folder / _JOURNAL
        try:
            journal: dict[str, str] = json.loads(journal_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            journal = {}
        stamp = today.isoformat()
        for name in self._used:
            journal[name] = max(stamp, journal.get(name, stamp))
        oldest = (today - timedelta(days=self.keep_days)).isoformat()
        for name in [name for name, used in journal.items() if used < oldest]:
            (self.folder / _FILES / name).unlink(missing_ok=True)
            del journal[name]
        self._forget_unjournaled(journal)
        for file in (self.folder / "tables").glob("*.pickle"):  # of another version of the code
            if file.stem not in self._tables:
                file.unlink()
        journal_file.write_text(json.dumps(journal), encoding="utf-8")
        self._used = set()

    def _forget_unjournaled(self, journal: dict[str, str]) -> None:
        """Files of a cache written before the journal (or by an interrupted build) are pruned too."""
        files = self.folder / _FILES
        for section in files.iterdir() if files.is_dir() else ():
            if section.is_dir():
                for path in section.iterdir():
                    if f"{section.name}/{path.name}" not in journal:
                        path.unlink()

    def size(self) -> int:
        """Bytes on disk, for the benchmark."""
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file()) if self.folder else 0


class Table:
    """Values by key in one file: read once, written back with only what this build used."""

    def __init__(self, file: Path | None) -> None:
        self._file = file
        self._kept: dict = {}
        if file and file.exists():
            try:
                self._kept = pickle.loads(file.read_bytes())
            except Exception:  # noqa: BLE001 — a damaged cache is only slower: start again
                self._kept = {}
        self._used: dict = {}

    def get(self, key):
        value = self._used.get(key, self._kept.get(key))
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key, value) -> None:
        self._used[key] = value

    def get_or_make(self, key, make):
        """The value kept under ``key``; else ``make()``, kept from now on."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def save(self) -> None:
        if self._file and self._used.keys() != self._kept.keys():
            self._file.parent.mkdir(parents=True, exist_ok=True)
            self._file.write_bytes(pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL))
        self._kept, self._used = self._used, {}
