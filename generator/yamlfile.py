"""Reading one YAML file into plain Python values, remembering where every value was written.

Staff need ``file:line:column`` in every message, so we compose the node tree ourselves instead of
calling ``yaml.safe_load``. The resolver is also kinder than YAML 1.1: ``9:00`` stays the string
"9:00" (not the sexagesimal number 540) and dates stay strings, so an impossible date such as
2025-02-30 becomes a validation message with a line number rather than a crash in the parser.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, ScalarNode, SequenceNode

Path_ = tuple[str | int, ...]


class _Loader(yaml.SafeLoader):
    pass


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in (
        "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:timestamp")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:int", re.compile(r"^[-+]?(?:0|[1-9][0-9]*)$"), list("-+0123456789"))
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)$"), list("-+.0123456789"))


@dataclass(frozen=True)
class Position:
    line: int  # 1-based, as editors show them
    column: int


@dataclass
class YamlDocument:
    path: Path
    data: object
    # Where each value starts, and where each mapping key starts (for "unknown key" messages).
    values: dict[Path_, Position] = field(default_factory=dict)
    keys: dict[Path_, Position] = field(default_factory=dict)
    duplicate_keys: list[Path_] = field(default_factory=list)

    def position(self, path: Path_, *, key: bool = False) -> Position:
        """The closest known position for ``path``: itself, else its nearest written parent."""
        path = tuple(path)
        while path:
            found = (self.keys if key else self.values).get(path) or self.values.get(path)
            if found:
                return found
            path = path[:-1]
        return self.values.get((), Position(1, 1))


class YamlSyntaxError(Exception):
    def __init__(self, position: Position, problem: str):
        super().__init__(problem)
        self.position = position
        self.problem = problem


def _pos(mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def parse(path: Path, text: str) -> YamlDocument:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        doc = YamlDocument(path=path, data=None)
        if node is not None:
            doc.data = _build(loader, node, (), doc)
        return doc
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise YamlSyntaxError(_pos(mark) if mark else Position(1, 1), error.problem or str(error)) from None
    finally:
        loader.dispose()


def _build(loader: _Loader, node, path: Path_, doc: YamlDocument):
    doc.values[path] = _pos(node.start_mark)
    if isinstance(node, MappingNode):
        loader.flatten_mapping(node)
        out: dict = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            key = key if isinstance(key, (str, int)) else str(key)
            if key in out:
                doc.duplicate_keys.append(path + (key,))
            doc.keys[path + (key,)] = _pos(key_node.start_mark)
            out[key] = _build(loader, value_node, path + (key,), doc)
        return out
    if isinstance(node, SequenceNode):
        return [_build(loader, item, path + (i,), doc) for i, item in enumerate(node.value)]
    assert isinstance(node, ScalarNode)
    return loader.construct_object(node)
