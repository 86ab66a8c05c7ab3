"""Work kept between builds in ``.cache/``: the one place anything is remembered, and the one registry
of what is kept and by what (``KEPT``).

Every kept thing is keyed by its inputs and by the fingerprint of exactly the code that makes it: the
modules the registry names, every module of the package they import, the package files they name
(templates, ``messages.yml``, ``kinds.yml``…) and the versions of the distributions they import, with
what those require (``Code``). Edit the card drawing and the cards are drawn again, not the pages; edit
a page template and the pages are drawn again, not the cards. No version is raised by hand.

Two shapes, one policy:
- **files** (cards, staged pages): what the site engine links or copies from ``.cache/`` as it is,
  named by a digest of everything that went into them (``Cache.key``), so a changed input simply
  misses and nothing is ever stale;
- **tables** (pages, machine readings, parsed data files, QR codes, each entry's calendar events):
  values the build reads back, by key, one JSON file per table, kept as the last build used them, with
  the fingerprint of the code that made them. Nationally a table holds 10,000 values that as files
  would be as many to create on a first build.

A table is data, never code: it is read with ``json`` and each value is checked against its table's
``Shape`` when first asked for. A file that does not parse, was made by other code, or holds a value
of the wrong shape is only a miss: the value is made again, the build goes on.

Every build says what it used; ``finish`` removes the files that no build of the last ``keep_days``
days used (the nightly build makes new card keys as dates move on: without pruning, ``.cache/``
would grow for ever). ``folder=None`` keeps nothing (tests).
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import metadata
from pathlib import Path

PACKAGE = Path(__file__).parent
_FILES, _TABLES, _JOURNAL = "files", "tables", "used.json"  # the journal: each file's last build date
LIVE = ".j2"  # templates: Jinja reads a changed one again (make serve); the rest a process reads once


def digest(*values: object) -> str:
    """A digest of values that JSON can write (dates and the like by their text)."""
    return hashlib.sha256(json.dumps(values, ensure_ascii=False, default=str).encode()).hexdigest()


# --- how a table's values are written and read back ---------------------------------------------


class Invalid(Exception):
    """A value read back is not of its table's shape: a miss."""


class NotKept(Exception):
    """A value JSON cannot give back exactly: not kept, made again by the next build."""


class Shape:
    """How the values of a table are written as JSON and checked when read back."""

    def encode(self, value: object) -> object:
        return value

    def decode(self, value: object) -> object:
        raise NotImplementedError


class _Text(Shape):
    def decode(self, value: object) -> str:
        if type(value) is not str:
            raise Invalid
        return value


class _Utf8(Shape):
    """Bytes that are UTF-8 text (an SVG, iCalendar): kept as the text."""

    def encode(self, value: bytes) -> str:
        return value.decode("utf-8")

    def decode(self, value: object) -> bytes:
        return TEXT.decode(value).encode("utf-8")


class _Json(Shape):
    """Plain values (parsed YAML, a search item) kept only when JSON gives back exactly the same:
    a tuple, a mapping with numbers for keys or bytes are not. ``kind``: the one type it must be."""

    def __init__(self, kind: type | None = None) -> None:
        self.kind = kind

    def encode(self, value: object) -> object:
        try:
            same = json.loads(json.dumps(value)) == value
        except (TypeError, ValueError):
            same = False
        if not same:
            raise NotKept
        return value

    def decode(self, value: object) -> object:
        if self.kind is not None and type(value) is not self.kind:
            raise Invalid
        return value  # what json.loads gives is plain values already


class ListOf(Shape):
    def __init__(self, item: Shape) -> None:
        self.item = item

    def encode(self, value: list) -> list:
        return [self.item.encode(item) for item in value]

    def decode(self, value: object) -> list:
        if type(value) is not list:
            raise Invalid
        return [self.item.decode(item) for item in value]


class TupleOf(Shape):
    def __init__(self, *items: Shape) -> None:
        self.items = items

    def encode(self, value: tuple) -> list:
        return [shape.encode(item) for shape, item in zip(self.items, value, strict=True)]

    def decode(self, value: object) -> tuple:
        if type(value) is not list or len(value) != len(self.items):
            raise Invalid
        return tuple(shape.decode(item) for shape, item in zip(self.items, value))


class DictOf(Shape):
    """A mapping of texts to values of one shape."""

    def __init__(self, item: Shape) -> None:
        self.item = item

    def encode(self, value: dict) -> dict:
        return {key: self.item.encode(item) for key, item in value.items()}

    def decode(self, value: object) -> dict:
        if type(value) is not dict:
            raise Invalid
        return {key: self.item.decode(item) for key, item in value.items()}


class _Where(Shape):
    """A place in a YAML document: keys and positions, as a tuple."""

    def decode(self, value: object) -> tuple:
        if type(value) is not list or not all(type(part) in (str, int) for part in value):
            raise Invalid
        return tuple(value)


TEXT, UTF8, JSON, JSON_OBJECT, WHERE = _Text(), _Utf8(), _Json(), _Json(dict), _Where()


# --- the registry --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kept:
    """One thing ``.cache/`` keeps."""

    name: str  # the table's file (tables/<name>.json) or the folder of the files (files/<name>/)
    made_by: tuple[str, ...]  # modules of the package whose code makes it (with all they use)
    key: str  # what else it is keyed by
    shape: Shape | None = None  # a table's values; None: files, bytes the site engine takes as they are


KEPT = {kept.name: kept for kept in (
    Kept("parsed", ("yamlfile",), "a data file's path and text", TupleOf(JSON, ListOf(WHERE))),
    Kept("readings", ("readings",), "the text read by machine", TEXT),
    Kept("words", ("words",), "the text cut into words", ListOf(TEXT)),
    Kept("pages", ("pages",), "the template and every fact the page's view shows", TEXT),
    Kept("qr", ("qr",), "the page's address", UTF8),
    Kept("events", ("feeds",), "the site's address, the entry and the day", UTF8),
    Kept("calendars", ("feeds",), "the site's address, the entry and the first date of each event", UTF8),
    Kept("open-data", ("export",), "the entry, the one it names to ask, the site, its address, the areas, the day",
         TupleOf(TEXT, TEXT, DictOf(TEXT), TEXT)),
    Kept("search-items", ("search",), "the entry, the day, the areas, the vocabulary and the main line",
         JSON_OBJECT),
    Kept("cards", ("cards",), "the card's texts and colour"),
    Kept("staged", (), "the output's path and bytes (what the site engine reads under make serve)"),
)}


# --- the code that makes each --------------------------------------------------------------------


@dataclass(frozen=True)
class _Source:
    """One module as the fingerprint sees it."""

    digest: str
    modules: frozenset[str]  # modules of the package it imports
    distributions: frozenset[str]  # top-level names of what it imports from outside the package
    files: tuple[Path, ...]  # package files it names (a folder: every file in it)


class Code:
    """The fingerprint of the code that makes a kept thing: the modules that make it and, transitively,
    every module of the package they import; the package files they name (``"messages.yml"``,
    ``"templates"``); the versions of the distributions they import and of what those require; and
    Python's own. A module is read once a process, as it runs as it was imported; a template every
    time, as Jinja reads it again when it changed."""

    def __init__(self, package: Path = PACKAGE) -> None:
        self.package = package

    def fingerprint(self, made_by: tuple[str, ...]) -> str:
        modules, files, outside = set(), set(), set()
        waiting = list(made_by)
        while waiting:
            name = waiting.pop()
            if name in modules:
                continue
            modules.add(name)
            source = _source(self._path(name), self.package)
            waiting += source.modules
            files.update(source.files)
            outside |= source.distributions
        parts = [sys.version]
        for path in sorted({self._path(name) for name in modules} | files):
            text = path.read_bytes() if path.suffix == LIVE else None
            parts.append(f"{path.relative_to(self.package).as_posix()} "
                         f"{_file_digest(path) if text is None else hashlib.sha256(text).hexdigest()}")
        parts += sorted(_versions(frozenset(outside)))
        return digest(*parts)

    def everything(self) -> str:
        """The fingerprint of every module of the package: what any output is made by."""
        names = [path.relative_to(self.package).with_suffix("").as_posix().replace("/", ".")
                 for path in self.package.rglob("*.py") if path.name != "__init__.py"]
        return self.fingerprint(tuple(sorted(names)))

    def _path(self, module: str) -> Path:
        path = self.package.joinpath(*module.split("."))
        return path / "__init__.py" if path.is_dir() else path.with_suffix(".py")


@cache
def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@cache
def _source(path: Path, package: Path) -> _Source:
    """A module's digest, imports and named files, read once a process."""
    text = path.read_bytes()
    tree = ast.parse(text)
    here = path.parent.relative_to(package).parts  # the module's own package, below ours
    modules, outside = set(), set()

    def ours(parts: list[str]) -> str | None:
        name = ".".join(parts)
        found = package.joinpath(*parts)
        return name if parts and (found.with_suffix(".py").is_file() or found.is_dir()) else None

    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top, *rest = alias.name.split(".")
                if top == package.name:
                    modules.add(ours(rest))
                else:
                    outside.add(top)
        elif isinstance(node, ast.ImportFrom):
            named = (node.module or "").split(".") if node.module else []
            if node.level:
                base = list(here[:len(here) - node.level + 1]) + named
            elif named[0] == package.name:
                base = named[1:]
            else:
                outside.add(named[0])
                continue
            for alias in node.names:
                modules.add(ours(base + [alias.name]) or ours(base))
    modules.discard(None)
    beside = {entry.name: entry for entry in path.parent.iterdir()
              if entry.suffix != ".py" and entry.name != "__pycache__"}
    named = {node.value for node in ast.walk(tree) if isinstance(node, ast.Constant) and isinstance(node.value, str)}
    files = []
    for name in sorted(named & beside.keys()):
        found = beside[name]
        files += sorted(p for p in found.rglob("*") if p.is_file()) if found.is_dir() else [found]
    return _Source(hashlib.sha256(text).hexdigest(), frozenset(modules),
                   frozenset(outside - set(sys.stdlib_module_names)), tuple(files))


_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")  # a requirement's distribution name


@cache
def _versions(tops: frozenset[str]) -> list[str]:
    """``name==version`` of the distributions of these top-level modules and of all they require."""
    waiting = [dist.metadata["Name"] for names, dist in _installed() if names & tops]
    found: dict[str, str] = {}
    while waiting:
        name = waiting.pop()
        key = name.lower().replace("_", "-")
        if key in found:
            continue
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # an optional requirement that is not installed
        found[key] = dist.version
        waiting += [_NAME.match(requirement)[0] for requirement in dist.requires or [] if "extra ==" not in requirement]
    return sorted(f"{name}=={version}" for name, version in found.items())


@cache
def _installed() -> list[tuple[set[str], metadata.Distribution]]:
    """Each installed distribution with the top-level names it provides: as ``packages_distributions``,
    reading each one's file list as text (a tenth of its time)."""
    found = []
    for dist in metadata.distributions():
        listed = dist.read_text("top_level.txt")
        names = set(listed.split()) if listed else {
            line.split(",")[0].split("/")[0].removesuffix(".py") for line in (dist.read_text("RECORD") or "").splitlines()}
        found.append((names, dist))
    return found


# --- the cache -----------------------------------------------------------------------------------


class Cache:
    def __init__(self, folder: Path | None, keep_days: int = 14, code: Code | None = None) -> None:
        self.folder, self.keep_days = folder, keep_days
        self.code = code or Code()
        self._tables: dict[str, Table] = {}
        self._used: set[str] = set()
        self._sections: set[str] = set()  # folders of files known to be there
        self._fingerprints: dict[str, str] = {}  # of this build: the code is read once a build

    def fingerprint(self, name: str | None = None) -> str:
        """The fingerprint of the code that makes the kept thing ``name``; None: of the whole package."""
        if name not in self._fingerprints:
            self._fingerprints[name] = self.code.everything() if name is None else self.code.fingerprint(KEPT[name].made_by)
        return self._fingerprints[name]

    def key(self, name: str, *inputs: object) -> str:
        """The key of a kept file of ``name``: its inputs and the fingerprint of the code that makes it."""
        return digest(self.fingerprint(name), *inputs)

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
        """The table ``name`` of the registry, as its code now makes it: when that code changed (a
        template edited under make serve), a new table."""
        code = self.fingerprint(name)
        table = self._tables.get(name)
        if table is None or table.code != code:
            file = self.folder / _TABLES / f"{name}.json" if self.folder else None
            table = self._tables[name] = Table(file, KEPT[name].shape, code)
        return table

    # --- the end of a build --------------------------------------------------------------------

    def finish(self, today: date, partial: bool = False) -> None:
        """Save the tables, note what this build used, and remove what no recent build used.

        A ``partial`` build (one edit under ``make serve``) used only what the edit touched: nothing is
        written or removed until the next whole build, which accounts for what both used."""
        self._fingerprints = {}
        if partial:
            return
        for table in self._tables.values():
            table.save()
        if self.folder is None:
            return
        journal_file = self.folder / _JOURNAL
        journal = _journal(journal_file)
        stamp = today.isoformat()
        for name in self._used:
            journal[name] = max(stamp, journal.get(name, stamp))
        oldest = (today - timedelta(days=self.keep_days)).isoformat()
        for name in [name for name, used in journal.items() if used < oldest]:
            (self.folder / _FILES / name).unlink(missing_ok=True)
            del journal[name]
        self._forget_unjournaled(journal)
        tables = self.folder / _TABLES
        kept = {f"{name}.json" for name in self._tables}
        for file in tables.iterdir() if tables.is_dir() else ():  # older tables, never read: removed
            if file.name not in kept and not file.is_dir():
                file.unlink()
        journal_file.write_text(json.dumps(journal), encoding="utf-8")
        self._used = set()

    def _forget_unjournaled(self, journal: dict[str, str]) -> None:
        """Files of a cache written before the journal (or by an interrupted build) are pruned too."""
        files = self.folder / _FILES
        for section in files.iterdir() if files.is_dir() else ():
            if section.is_dir():
                for path in section.iterdir():
                    if f"{section.name}/{path.name}" not in journal and not path.is_dir():
                        path.unlink()

    def size(self) -> int:
        """Bytes on disk, for the benchmark."""
        return sum(p.stat().st_size for p in self.folder.rglob("*") if p.is_file()) if self.folder else 0


def _journal(file: Path) -> dict[str, str]:
    """Each kept file's last build date; a damaged journal is an empty one (the files are pruned)."""
    try:
        journal = json.loads(file.read_bytes())
    except (OSError, ValueError, RecursionError):
        return {}
    if type(journal) is not dict or not all(type(v) is str for v in journal.values()):
        return {}
    return journal


class Table:
    """Values by key in one JSON file: read once, checked as they are asked for, written back with only
    what this build used. Keys are texts, or tuples of values written as text."""

    def __init__(self, file: Path | None = None, shape: Shape | None = None, code: str = "") -> None:
        self._file, self._shape, self.code = file, shape, code
        self._written: dict[str, object] = _read(file, code) if file else {}  # as JSON, from the file
        self._values: dict[str, object] = {}  # read back or made, by key
        self._used: set[str] = set()

    def get(self, key):
        key = _key(key)
        value = self._values.get(key)
        if value is None and key in self._written:
            try:
                value = self._values[key] = self._shape.decode(self._written[key])
            except (Invalid, RecursionError):
                del self._written[key]  # damaged: made again
                return None
        if value is not None:
            self._used.add(key)
        return value

    def put(self, key, value) -> None:
        key = _key(key)
        self._values[key] = value
        self._written.pop(key, None)  # written anew on save
        self._used.add(key)

    def get_or_make(self, key, make):
        """The value kept under ``key``; else ``make()``, kept from now on."""
        value = self.get(key)
        if value is None:
            value = make()
            self.put(key, value)
        return value

    def save(self) -> None:
        if self._file and self._used != self._written.keys():
            written = {}
            for key in self._used:
                if key in self._written:
                    written[key] = self._written[key]
                    continue
                try:
                    written[key] = self._shape.encode(self._values[key])
                except NotKept:
                    pass
            self._file.parent.mkdir(parents=True, exist_ok=True)
            partial = self._file.with_name(f".{self._file.name}.{os.getpid()}")
            partial.write_text(json.dumps({"code": self.code, "values": written}, ensure_ascii=False,
                                          separators=(",", ":")), encoding="utf-8")
            partial.replace(self._file)  # whole or not at all
            self._written = written
        self._values = {key: self._values[key] for key in self._used if key in self._values}
        self._used = set()


def _read(file: Path, code: str) -> dict[str, object]:
    """The values of a table file made by this ``code``; anything else (no file, not JSON, another
    code, another layout) holds nothing."""
    try:
        found = json.loads(file.read_bytes())
    except (OSError, ValueError, RecursionError, MemoryError):
        return {}
    if type(found) is not dict or found.get("code") != code or type(found.get("values")) is not dict:
        return {}
    return found["values"]


def _key(key) -> str:
    return key if type(key) is str else "\x1f".join(map(str, key))
