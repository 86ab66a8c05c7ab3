"""Reading one YAML file into plain Python values, remembering where every value was written.

Staff need ``file:line:column`` in every message, so we compose the node tree ourselves instead of
calling ``yaml.safe_load``. The resolver is also kinder than YAML 1.1: ``9:00`` stays the string
"9:00" (not the sexagesimal number 540) and dates stay strings, so an impossible date such as
2025-02-30 becomes a validation message with a line number rather than a crash in the parser.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

from . import parallel
from .cache import Table

Path_ = tuple[str | int, ...]


def _kinder_resolvers(loader: type) -> type:
    loader.yaml_implicit_resolvers = {
        first: [(tag, rx) for tag, rx in resolvers if tag not in (
            "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    # At most 18 digits: a longer number stays text (the model says what to write), where Python's int()
    # would stop on 4,300 digits with a traceback.
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]{0,17})$"), list("-+0123456789"))
    loader.add_implicit_resolver(
        "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$"), list("-+.0123456789"))
    return loader


# libyaml (C) reads a national catalogue ten times faster; the pure-Python parser re-reads a broken file
# so that syntax messages are the same on every machine.
_Loader = _kinder_resolvers(type("_Loader", (yaml.SafeLoader,), {}))
_FastLoader = _kinder_resolvers(type("_FastLoader", (getattr(yaml, "CSafeLoader", yaml.SafeLoader),), {}))


@dataclass(frozen=True)
class Position:
    line: int  # 1-based, as editors show them
    column: int


@dataclass
class YamlDocument:
    path: Path
    data: object
    # Where each value starts, and where each mapping key starts (for "unknown key" messages), as
    # (line, column): plain tuples keep the parsed-document cache quick to read back.
    values: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    keys: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicate_keys: list[Path_] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The closest known position for ``path``: itself, else its nearest written parent."""
        if not self.values and self.data is not None:  # kept without positions (see Parsed): read again
            again = parse(self.path, self.path.read_text(encoding="utf-8-sig"))
            self.values, self.keys = again.values, again.keys
        path = tuple(path)
        while path:
            found = (self.keys if key else self.values).get(path) or self.values.get(path)
            if found:
                return Position(*found)
            path = path[:-1]
        return Position(*self.values.get((), (1, 1)))


class YamlSyntaxError(Exception):
    def __init__(self, position: Position, problem: str):
        super().__init__(problem)
        self.position = position
        self.problem = problem


class YamlRefused(YamlSyntaxError):
    """Valid YAML that a data file may not hold; ``key`` names its message in messages.yml."""

    def __init__(self, position: Position, key: str, **values: object):
        super().__init__(position, key)
        self.key = key
        self.values = values


# A data file is one entry, or the table of a whole country's municipalities (about 350,000 characters).
MAX_CHARACTERS = 1_000_000
# The pure-Python parser reads some 40,000 characters a second: a longer broken file keeps libyaml's
# own words for its mistake (at the same place) rather than take half a minute.
PURE_PYTHON_CHARACTERS = 100_000
# An entry nests five deep (schedule → sessions → one session → its title); YAML's own reader, our
# _build and the checks all recurse, and Python stops at a thousand.
MAX_DEPTH = 20


def _pos(mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _refuse_shapes(loader_class: type, text: str) -> None:
    """Read the events of ``text`` before anything is composed: an anchor or alias (staff never need
    them, and 500 bytes of aliases expand into gigabytes), an explicit tag or nesting deeper than
    MAX_DEPTH is refused where it is written."""
    loader = loader_class(text)
    try:
        depth = 0
        while loader.check_event():
            event = loader.get_event()
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlRefused(_pos(event.start_mark), "yaml_alias")
            if getattr(event, "tag", None):  # !!int, !!binary …: their constructors fail in ways of their own
                raise YamlRefused(_pos(event.start_mark), "yaml_tag", tag=event.tag.replace("tag:yaml.org,2002:", "!!"))
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlRefused(_pos(event.start_mark), "yaml_too_deep", limit=MAX_DEPTH)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    finally:
        loader.dispose()


def parse(path: Path, text: str) -> YamlDocument:
    if len(text) > MAX_CHARACTERS:
        raise YamlRefused(Position(1, 1), "file_too_large", size=len(text), limit=MAX_CHARACTERS)
    try:
        _refuse_shapes(_FastLoader, text)
        return _parse(_FastLoader, path, text)
    except yaml.YAMLError as error:
        if len(text) > PURE_PYTHON_CHARACTERS:
            raise _syntax_error(error) from None
    try:
        _refuse_shapes(_Loader, text)
        return _parse(_Loader, path, text)
    except yaml.YAMLError as error:
        raise _syntax_error(error) from None


def _syntax_error(error: yaml.YAMLError) -> YamlSyntaxError:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if isinstance(error, yaml.MarkedYAMLError):
        return YamlSyntaxError(_pos(mark) if mark else Position(1, 1), error.problem or str(error))
    return YamlSyntaxError(Position(1, 1), str(error))  # the reader's own errors carry no mark


class Parsed:
    """Documents already parsed, kept in a cache table by file name and text (and the code of this
    parser: ``cache.KEPT``).

    Parsing is most of the time it takes to load a catalogue (4 s for 10,000 files on one core);
    reading back the unchanged ones takes a tenth of that. Only values are kept: positions are needed
    just for messages, and a document with a problem is read again for them. Syntax errors are never
    kept.
    """

    def __init__(self, table: Table | None = None) -> None:
        self._table = table

    def ahead(self, files: dict[str, bytes]) -> None:
        """Parse at once the files (path, bytes) not kept yet, in workers when there are many: on a
        first build the cores are otherwise idle until the catalogue is loaded."""
        if self._table is None:
            return
        missing = {}
        for path, raw in files.items():
            if len(raw) > MAX_CHARACTERS:
                continue  # refused when the loader reads it, not sent to a worker first
            try:
                text = raw.decode("utf-8-sig")
            except UnicodeDecodeError:
                continue  # the loader says so when it reads the file
            key = _key(path, text)
            if self._table.get(key) is None:
                missing[key] = (Path(path), text)
        with parallel.Making(_values, list(missing.values())) as making:
            for key, values in zip(missing, making.results()):
                if values is not None:
                    self._table.put(key, values)

    def parse(self, path: Path, text: str) -> YamlDocument:
        if self._table is None:
            return parse(path, text)
        key = _key(str(path), text)
        kept = self._table.get(key)
        if kept is not None:
            return YamlDocument(path, kept[0], duplicate_keys=kept[1])
        doc = parse(path, text)
        self._table.put(key, (doc.data, doc.duplicate_keys))
        return doc


def _key(path: str, text: str) -> tuple[str, str]:
    return path, hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def _values(file: tuple[Path, str]) -> tuple | None:
    """In a worker: what ``Parsed`` keeps of a file, or None when it does not parse (parsed again by
    the loader for its message)."""
    try:
        doc = parse(*file)
    except YamlSyntaxError:
        return None
    return doc.data, doc.duplicate_keys


def _parse(loader_class: type, path: Path, text: str) -> YamlDocument:
    loader = loader_class(text)
    try:
        node = loader.get_single_node()
        doc = YamlDocument(path=path, data=None)
        if node is not None:
            doc.data = _build(loader, node, (), doc)
        return doc
    finally:
        loader.dispose()


def _build(loader, node, path: Path_, doc: YamlDocument):
    doc.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)
        out: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            key = key if isinstance(key, (str, int)) else str(key)
            if key in out:
                doc.duplicate_keys.append(path + (key,))
            doc.keys[path + (key,)] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out[key] = _build(loader, value_node, path + (key,), doc)
        return out
    if isinstance(node, SequenceNode):
        return [_build(loader, item, path + (i,), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return loader.construct_object(node)
