"""JSON Schemas for editors, derived from the catalogue model.

VS Code (with the YAML extension) reads the ``# yaml-language-server: $schema=…`` line at the top of
each data file and completes and checks fields while staff type. Field descriptions come from the
message catalogue, so editors show the same Japanese names as the error messages.
"""

from __future__ import annotations

import json
from pathlib import Path

import yaml
from pydantic import BaseModel

from . import messages
from .loader import DEFAULT_TOPICS
from .model import AreaTable, Service, Site, Vocabulary

# file name → model; data files point at these (see SCHEMA_LINE).
SCHEMAS: dict[str, type[BaseModel]] = {
    "service.schema.json": Service,
    "areas.schema.json": AreaTable,
    "site.schema.json": Site,
    "topics.schema.json": Vocabulary,
}


def schema_line(schema_file: str, depth: int) -> str:
    """The first line of a data file ``depth`` folders below the project root."""
    return f"# yaml-language-server: $schema={'../' * depth}schema/{schema_file}"


def json_schema(model: type[BaseModel]) -> dict:
    schema = model.model_json_schema()
    _describe(schema)
    for definition in schema.get("$defs", {}).values():
        _describe(definition)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def _describe(node: dict) -> None:
    node.pop("title", None)
    for name, prop in node.get("properties", {}).items():
        prop.pop("title", None)
        prop["description"] = messages.field_name(name)


def topic_ids(data_dir: Path) -> list[str]:
    """The topics of the generator's vocabulary and of the site's ``data/topics.yml``, for editors to
    offer; a file missing or broken adds none (``make check`` says what is wrong with it)."""
    found: list[str] = []
    for path in (DEFAULT_TOPICS, data_dir / "topics.yml"):
        try:
            found += [str(t) for t in yaml.safe_load(path.read_text(encoding="utf-8"))["topics"]]
        except (OSError, yaml.YAMLError, KeyError, TypeError):
            pass
    return list(dict.fromkeys(found))


def write(target: Path, topics: list[str] | None = None) -> list[Path]:
    """The schemas into ``target``; an entry's ``topics`` offers the ids of ``topics``."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMAS.items():
        path = target / name
        schema = json_schema(model)
        if model is Service and topics:
            schema["properties"]["topics"]["items"] = {"type": "string", "enum": topics}
        path.write_text(json.dumps(schema, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        written.append(path)
    return written


def field_rows(model: type[BaseModel] = Service) -> list[tuple[str, str, bool, str]]:
    """(path, Japanese name, required, allowed values) for every field, nested ones dotted."""
    schema = json_schema(model)
    definitions = schema.get("$defs", {})
    rows: list[tuple[str, str, bool, str]] = []

    def resolve(node: dict) -> dict:
        if "$ref" in node:
            return definitions[node["$ref"].split("/")[-1]]
        options = [o for o in node.get("anyOf", []) if o.get("type") != "null"]
        return resolve(options[0]) if len(options) == 1 else node

    def values(node: dict) -> str:
        node = resolve(node)
        if "enum" in node:
            return " / ".join(map(str, node["enum"]))
        if "anyOf" in node:
            return "、".join(values(o) for o in node["anyOf"] if o.get("type") != "null")
        if node.get("type") == "array":
            return "[" + values(node["items"]) + "]" + limit("maxItems", node)
        if "const" in node:
            return str(node["const"])
        return messages.type_name(node.get("x-kind") or node.get("format") or node.get("type", "")) + limit("maxLength", node)

    def limit(key: str, node: dict) -> str:
        return messages.text(f"fields_{key}", limit=node[key]) if key in node else ""

    def walk(node: dict, prefix: str) -> None:
        required = set(node.get("required", []))
        for name, prop in node.get("properties", {}).items():
            path = prefix + name
            target = resolve(prop)
            rows.append((path, messages.field_name(name), name in required, values(prop)))
            if target.get("type") == "array" and "properties" in resolve(target["items"]):
                walk(resolve(target["items"]), path + "[].")
            elif "properties" in target:
                walk(target, path + ".")

    walk(schema, "")
    return rows


def fields_markdown(model: type[BaseModel] = Service) -> str:
    lines = ["| 項目 | 意味 | 必須 | 書ける値 |", "| --- | --- | --- | --- |"]
    for path, name, required, allowed in field_rows(model):
        lines.append(f"| `{path}` | {name} | {'必須' if required else ''} | {allowed} |")
    return "\n".join(lines) + "\n"
