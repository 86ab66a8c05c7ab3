"""The form editor at ``/admin/``: Decap CMS, configured from the catalogue model.

Every field of ``model.Service`` becomes a form field with its Japanese name from ``messages.yml``;
choices are select boxes, lists are lists, areas are picked by name. Saving opens a branch and a pull
request (``publish_mode: editorial_workflow``), never a commit on the published branch. There is no
media library: Decap commits uploads straight to the published branch, and a file under content/
would be published as it is (``content.check`` refuses all but pages and images). The CMS itself comes
from ``editor/node_modules`` (``npm ci --prefix editor``), served from the site under a policy of its
own (``csp.ADMIN``).
"""

from __future__ import annotations

import json
import os
import types
import typing
from datetime import date, time
from enum import Enum
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from pydantic import BaseModel, WithJsonSchema

from . import csp, messages, schema
from .catalogue import Catalogue
from .kinds import Kind, all_kinds
from .model import Service
from .outputs import Output

EDITOR = Path(__file__).resolve().parents[1] / "editor"
MODULES = EDITOR / "node_modules"
TEMPLATES = Path(__file__).with_name("templates")
# The decap-server proxy that `make editor` and the browser tests run; used only when /admin/ is
# opened on this machine (localhost), never on the published site.
DEFAULT_PROXY = "http://127.0.0.1:8081/api/v1"
# Decap requires a media folder or a media library: a library that offers nothing, registered by
# editor/editor.js, leaves no upload button anywhere.
NO_MEDIA = "none"

# Enum → the group of its Japanese names in messages.yml `labels:`.
_LABEL_GROUPS = {"Audience": "audience", "Channel": "channel", "Booking": "booking", "Weekday": "weekday"}
_MULTILINE = {"description", "notes", "booking_note"}
_COLLAPSED = {"age"}  # rarely given: folded away; contacts, place and dates stay open
_LIST_SUMMARY = {"phones": "{{fields.number}} {{fields.label}}", "sessions": "{{fields.date}} {{fields.title}}",
                 "monthly": "{{fields.week}} {{fields.day}}", "weekly": "{{fields.days}} {{fields.opens}}",
                 "sns": "{{fields.service}}"}


class EditorError(Exception):
    """The CMS bundle is missing: ``npm ci --prefix editor`` has not run."""


def site_folder(data_dir: Path) -> str:
    """Where the site is in its git repository, as the editor's paths start (``examples/iwate/``; ``""``
    for a site at the root): the CMS reads and writes files by their path from the repository's root."""
    site = data_dir.resolve().parent
    root = next((folder for folder in (site, *site.parents) if (folder / ".git").exists()), site)
    folder = site.relative_to(root).as_posix()
    return "" if folder == "." else folder + "/"


def config(catalogue: Catalogue, proxy_url: str = DEFAULT_PROXY, folder: str = "") -> dict:
    """The CMS configuration (``admin/config.yml``) for the site in ``folder`` of its repository."""
    site = catalogue.site
    backend = {"name": "github", "repo": _repo(site.repository), "branch": site.branch,
               "squash_merges": True, "commit_messages": _commit_messages()}
    if site.oauth_url:
        backend["base_url"] = site.oauth_url
    areas = [{"label": messages.text("editor_all_areas", prefecture=site.prefecture), "value": "all"}]
    areas += [{"label": f"{a.name}（{a.region}）" if a.region else a.name, "value": a.code} for a in catalogue.areas]
    return {
        "backend": backend,
        "local_backend": {"url": proxy_url, "allowed_hosts": ["127.0.0.1", "localhost"]},
        "publish_mode": "editorial_workflow",
        "locale": "ja",
        "site_url": "../",
        "display_url": "../",
        "media_library": {"name": NO_MEDIA},
        "collections": [_collection(kind, areas, folder, site.places) for kind in all_kinds()],
    }


def _repo(url: str | None) -> str:
    """owner/name from https://github.com/owner/name; unset, only the local proxy can be used."""
    return "/".join(url.rstrip("/").split("/")[-2:]) if url else ""


def _commit_messages() -> dict:
    return {key: messages.text(f"editor_commit_{key}") for key in ("create", "update", "delete")}


def _collection(kind: Kind, areas: list[dict], folder: str, places: str) -> dict:
    return {
        "name": kind.id,
        "label": kind.label,
        "label_singular": kind.label,
        "folder": f"{folder}data/{kind.id}",
        "extension": "yml",
        "format": "yml-with-schema",
        "create": True,
        # Decap deletes straight on the published branch, bypassing the pull request: retiring is
        # done with the `retired` field instead (see CONTRIBUTING.md).
        "delete": False,
        "identifier_field": "name",
        "slug": "{{fields.id}}",
        "summary": messages.text("editor_summary"),
        "sortable_fields": ["name", "last_verified"],
        "editor": {"preview": False},
        "fields": _fields(Service, areas, places),
    }


def _fields(model: type[BaseModel], areas: list[dict], places: str) -> list[dict]:
    fields = []
    for name, info in model.model_fields.items():
        field = {"name": name, "label": messages.field_name(name, places), "required": info.is_required()}
        hint = messages.editor_hint(name, places)
        field.update(_widget(name, info.annotation, info.metadata, areas, places))
        kind = field.pop("x-kind", None)
        if hint or kind:
            field["hint"] = hint or messages.type_name(kind, places)
        fields.append(field)
    return fields


def _widget(name: str, annotation: object, metadata: list, areas: list[dict], places: str) -> dict:
    """The widget for one field: every type the model uses has one; an unknown type is an error."""
    annotation, extra = _unwrap(annotation)
    metadata = [*metadata, *extra]
    args = typing.get_args(annotation)
    origin = typing.get_origin(annotation)
    if name == "areas":  # "all" or a list of codes: one select box, "all" being its first choice
        return {"widget": "select", "multiple": True, "options": areas, "min": 1}
    if origin is typing.Literal:
        return {"widget": "select", "options": [{"label": messages.editor_choice(name, v), "value": v} for v in args]}
    if origin is list:
        item, item_extra = _unwrap(args[0])
        if isinstance(item, type) and issubclass(item, Enum):
            return {"widget": "select", "multiple": True, "options": _options(item)}
        if isinstance(item, type) and issubclass(item, BaseModel):
            widget = {"widget": "list", "collapsed": False, "fields": _fields(item, areas, places)}
            if name in _LIST_SUMMARY:
                widget["summary"] = _LIST_SUMMARY[name]
            return widget
        item_widget = _widget(name + "[]", args[0], [], areas, places)
        item_widget.pop("x-kind", None)
        return {"widget": "list", "field": {"name": "value", "label": messages.field_name(name, places), **item_widget}}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return {"widget": "object", "collapsed": name in _COLLAPSED, "fields": _fields(annotation, areas, places)}
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return {"widget": "select", "options": _options(annotation)}
    if annotation is date:
        return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False,
                "picker_utc": True}
    if annotation is time:
        return {"widget": "string", **_pattern(metadata, places)}
    if annotation is bool:
        return {"widget": "boolean"}
    if annotation is int:
        return {"widget": "number", "value_type": "int"}
    if annotation is float:
        return {"widget": "number", "value_type": "float"}
    if annotation is str:
        return {"widget": "text" if name in _MULTILINE else "string", **_pattern(metadata, places)}
    raise TypeError(f"no editor widget for {name}: {annotation!r}")


def _unwrap(annotation: object) -> tuple[object, list]:
    """Drop ``None`` from an optional type and open ``Annotated``; returns the type and its metadata."""
    metadata: list = []
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation, *more = typing.get_args(annotation)
            metadata += more
        elif typing.get_origin(annotation) in (typing.Union, types.UnionType):
            options = [a for a in typing.get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation, metadata
            annotation = options[0]
        else:
            return annotation, metadata


def _pattern(metadata: list, places: str) -> dict:
    """The check editors run while typing (the JSON Schema pattern) with its Japanese explanation."""
    for item in metadata:
        if isinstance(item, WithJsonSchema) and item.json_schema:
            kind = item.json_schema["x-kind"]
            return {"pattern": [item.json_schema["pattern"], messages.text("editor_pattern", what=messages.type_name(kind, places))],
                    "x-kind": kind}
        if getattr(item, "pattern", None):
            return {"pattern": [item.pattern, messages.text("editor_pattern", what=item.pattern)]}
    return {}


def _options(enum: type[Enum]) -> list[dict]:
    group = _LABEL_GROUPS.get(enum.__name__)
    return [{"label": f"{messages.label(group, m.value)}（{m.value}）" if group else m.value, "value": m.value}
            for m in enum]


def field_paths(fields: list[dict], prefix: str = "") -> list[str]:
    """Dotted paths of every field of a collection, lists as ``name[]``, like ``schema.field_rows``."""
    paths = []
    for field in fields:
        path = prefix + field["name"]
        paths.append(path)
        if field.get("widget") == "list" and "fields" in field:
            paths += field_paths(field["fields"], path + "[].")
        elif field.get("widget") == "object":
            paths += field_paths(field["fields"], path + ".")
    return paths


def _order(fields: list[dict]) -> dict:
    """Field names in form order, nested: the editor's script writes files in this order."""
    return {f["name"]: _order(f["fields"]) if "fields" in f else None for f in fields}


def settings(catalogue: Catalogue, folder: str = "") -> dict:
    """What the editor's own script needs: the first line every data file keeps (pointing at the
    repository's schema/ from data/<kind>/ of the site in ``folder``), the field order."""
    depth = 2 + folder.count("/")
    return {"schema_line": schema.schema_line("service.schema.json", depth),
            "order": _order(_fields(Service, [], catalogue.site.places)), "no_media": NO_MEDIA}


def outputs(catalogue: Catalogue, folder: str = "", proxy_url: str | None = None) -> list[Output]:
    """``admin/``: the page, its configuration (for the site in ``folder``: ``site_folder``), the CMS
    bundle and our script that writes data files."""
    bundle = MODULES / "decap-cms" / "dist" / "decap-cms.js"
    yaml_lib = MODULES / "yaml" / "browser" / "dist"  # ES modules: the page imports yaml/index.js
    if not bundle.exists() or not yaml_lib.exists():
        raise EditorError(messages.text("editor_missing"))
    proxy_url = proxy_url or os.environ.get("EDITOR_PROXY_URL", DEFAULT_PROXY)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True, keep_trailing_newline=True)
    data = json.dumps(settings(catalogue, folder), ensure_ascii=False).replace("</", "<\\/")
    page = env.get_template("admin.html.j2").render(
        title=messages.text("editor_title", name=catalogue.site.name), settings=Markup(data))
    proxy = urlsplit(proxy_url)
    page = csp.protect(page, csp.ADMIN, connect=f"{proxy.scheme}://{proxy.netloc}")
    text = yaml.safe_dump(config(catalogue, proxy_url, folder), allow_unicode=True, sort_keys=False, width=200)
    files = [Output("admin/index.html", page.encode("utf-8")),
             Output("admin/config.yml", text.encode("utf-8")),
             Output("admin/editor.js", source=EDITOR / "editor.js")]
    # The bundle loads its parts (numbered chunks) from beside itself when needed.
    files += [Output(f"admin/{path.name}", source=path) for path in sorted(bundle.parent.glob("*decap-cms.js"))]
    files += [Output(f"admin/yaml/{path.relative_to(yaml_lib).as_posix()}", source=path)
              for path in sorted(yaml_lib.rglob("*.js"))]
    return files
