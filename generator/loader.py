"""Load and validate the catalogue: ``data/site.yml``, ``data/areas.yml`` and ``data/<kind>/<id>.yml``.

Every problem is collected (not just the first) and reported as ``path:line:column: message`` in
Japanese. Nothing downstream runs on a catalogue that has errors: what comes out is a ``Catalogue``.
"""

from __future__ import annotations

import difflib
import os
import re
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import BaseModel, ValidationError

from . import freshness, hints, kinds, messages
from .cache import Table
from .catalogue import Catalogue, Entry
from .model import CONTROL, RAW_CONTROL, Area, AreaTable, Period, Service, Site, Vocabulary
from .yamlfile import Parsed, Position, YamlDocument, YamlRefused, YamlSyntaxError

_TAB_IN_INDENT = re.compile(r"^ *\t", re.MULTILINE)  # YAML forbids tabs in indentation
DEFAULTS = Path(__file__).with_name("defaults")
DEFAULT_TOPICS = DEFAULTS / "topics.yml"  # the search's words for every site
DEFAULT_ENTRIES = DEFAULTS / "data"  # entries every site lists (national lines), unless it has its own file


@dataclass(frozen=True)
class Problem:
    path: Path
    position: Position
    message: str
    severity: str = "error"  # or "warning"

    def __str__(self) -> str:
        word = messages.problem(self.severity)
        return f"{self.path}:{self.position.line}:{self.position.column}: {word}: {self.message}"


class CatalogueError(Exception):
    """Raised when the catalogue has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass
class _Loaded:
    parsed: Parsed
    problems: list[Problem] = field(default_factory=list)
    area_names: dict[str, Area] = field(default_factory=dict)  # by name, for "亀山市 is 242101"
    places: str = messages.PLACES  # site.yml's word for the municipalities, once it is read

    def error(self, doc_or_path, where, key: str, severity: str = "error", **values) -> None:
        if isinstance(doc_or_path, YamlDocument):
            path, position = doc_or_path.path, doc_or_path.position(where)
        else:
            path, position = doc_or_path, Position(1, 1)
        self.problems.append(Problem(path, position, messages.problem(key, places=self.places, **values), severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


class KnownFiles:
    """Entry files read by an earlier build of this process, by their size and time of change: a
    rebuild under ``make serve`` reads and validates again only the files an edit touched, and the
    others keep the very same ``Entry`` (so its digest is not worked out again either). Files are
    named by their path as text: 10,000 ``Path`` objects would cost a rebuild a quarter of a second."""

    def __init__(self) -> None:
        self._read: dict[str, tuple[tuple[int, int], Entry, YamlDocument]] = {}

    @staticmethod
    def stamp(path: str) -> tuple[int, int]:
        stat = os.stat(path)
        return stat.st_mtime_ns, stat.st_size

    def get(self, path: str, stamp: tuple[int, int]) -> tuple[Entry, YamlDocument] | None:
        kept = self._read.get(path)
        return kept[1:] if kept and kept[0] == stamp else None

    def keep(self, path: str, stamp: tuple[int, int], entry: Entry, doc: YamlDocument) -> None:
        self._read[path] = (stamp, entry, doc)


def load(data_dir: Path, today: date, parsed: Table | None = None,
         known: KnownFiles | None = None) -> tuple[Catalogue, list[Problem]]:
    """Read and check everything under ``data_dir``.

    Returns the catalogue and its warnings; raises ``CatalogueError`` with every problem if any is
    an error. ``parsed`` keeps parsed files between builds, ``known`` the valid entries of this
    process; every check across files runs every time.
    """
    known = known or KnownFiles()
    state = _Loaded(Parsed(parsed))
    site, site_doc = _read_model(state, data_dir / "site.yml", Site)
    table, table_doc = _read_model(state, data_dir / "areas.yml", AreaTable)
    # The search vocabulary: the generator's, extended or replaced topic by topic by the site's own.
    vocabularies = [_read_model(state, path, Vocabulary) for path in (DEFAULT_TOPICS, data_dir / "topics.yml")
                    if path.exists()]
    vocabulary = _merged([v for v, _ in vocabularies]) if all(v for v, _ in vocabularies) else None
    state.area_names = hints.area_names(table.areas) if table else {}
    state.places = site.places if site else state.places
    entries: list[tuple[Entry, YamlDocument]] = []
    # Ids of every readable file, valid or not, so one broken entry does not cascade into
    # "unknown id" errors wherever it is referenced.
    known_ids: set[str] = set()
    retired: set[str] = set()
    files = [(name, file, KnownFiles.stamp(file)) for name, file in _entry_files(data_dir)]
    unread = {file: Path(file).read_bytes() for _, file, stamp in files if known.get(file, stamp) is None}
    state.parsed.ahead(unread)
    for name, file, stamp in files:
        known_ids.add(name)
        kept = known.get(file, stamp)
        if kept:
            entry, doc = kept
        else:
            path, problems = Path(file), len(state.problems)
            kind = _kind_of(state, path)
            doc = _read_document(state, path, unread[file])
            if kind is None or doc is None:
                continue
            service = _validate(state, doc, Service)
            entry = Entry(kind, service, path) if service else None
            if entry and len(state.problems) == problems:  # a file with a problem is read every time
                known.keep(file, stamp, entry, doc)
        known_ids.add(str(doc.data.get("id")))
        if entry is None:
            continue
        if entry.service.retired and entry.service.retired <= today:
            retired.add(name)  # as good as deleted: nothing may still point at it
        else:
            entries.append((entry, doc))

    if site and table:
        _check_references(state, (site, site_doc), (table, table_doc), entries, known_ids - retired)
        _check_topics(state, entries, vocabularies, vocabulary)
        for entry, doc in entries:
            _check_freshness(state, entry, doc, today)
            _check_names(state, entry, doc)
            _check_closed_text(state, entry, doc)
    if state.errors or site is None or table is None or vocabulary is None:
        raise CatalogueError(_sorted(state.problems))
    catalogue = Catalogue(site=site, areas=table.areas, entries=[e for e, _ in entries], vocabulary=vocabulary)
    return catalogue, _sorted(state.problems)


def _entry_files(data_dir: Path) -> list[tuple[str, str]]:
    """Each ``data/<kind>/<id>.yml`` as (id, path), sorted by folder and name (os.scandir and text: a
    tenth of the time of Path.glob for 10,000 files); then the generator's national entries
    (``defaults/data/``: the national lines) that the site has no file of the same name for."""
    own = _files_in(data_dir)
    names = {name for _, name, _ in own}
    found = own + [default for default in _files_in(DEFAULT_ENTRIES) if default[1] not in names]
    return [(name[:-len(".yml")], file) for _, name, file in sorted(found)]


def _files_in(data_dir: Path) -> list[tuple[str, str, str]]:
    found = []
    for folder in os.scandir(data_dir):
        if folder.is_dir() and not folder.name.startswith("."):  # as glob: hidden ones are not read
            found += [(folder.name, f.name, f.path) for f in os.scandir(folder.path)
                      if f.name.endswith(".yml") and not f.name.startswith(".") and f.is_file()]
    return found


def _sorted(problems: list[Problem]) -> list[Problem]:
    return sorted(problems, key=lambda p: (str(p.path), p.position.line, p.position.column))


def _kind_of(state: _Loaded, path: Path) -> kinds.Kind | None:
    kind = kinds.by_id(path.parent.name)
    if kind is None:
        state.error(path, (), "unknown_kind", value=path.parent.name)
    return kind


def _read_model(state: _Loaded, path: Path, model: type[BaseModel]):
    if not path.exists():
        state.error(path, (), "missing_file", value=path)
        return None, None
    doc = _read_document(state, path, path.read_bytes())
    return (_validate(state, doc, model) if doc else None), doc


# What a file that is not UTF-8 was most likely saved as: the first that reads it whole, Japanese ones first
# (Windows-1252's curly quotes are rarely valid Shift_JIS: a lead byte followed by a space or a line end).
_ENCODINGS = {"cp932": "Shift_JIS", "euc_jp": "EUC-JP", "cp1252": "Windows-1252"}


def not_utf8(path: Path, raw: bytes, start: int) -> Problem:
    """Names the encoding the file seems to be in, and the line of its first byte that is not UTF-8."""
    line = raw.count(b"\n", 0, start) + 1
    column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    for codec, name in _ENCODINGS.items():
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        around = _short(text.split("\n")[line - 1].strip()) if line <= text.count("\n") + 1 else ""
        return Problem(path, Position(line, column), messages.problem("not_utf8", encoding=name, text=around))
    return Problem(path, Position(line, column), messages.problem("not_utf8_unknown"))


def _read_document(state: _Loaded, path: Path, raw: bytes) -> YamlDocument | None:
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        state.problems.append(not_utf8(path, raw, error.start))
        return None
    if not text.strip():
        state.error(path, (), "empty_file")
        return None
    # Before YAML reads it: the parser would stop on these with an English traceback, or a line late.
    control = RAW_CONTROL.search(text)
    if control:
        state.problems.append(Problem(path, position_in(text, control.start()),
                                      messages.problem("raw_control", code=f"U+{ord(control.group()):04X}")))
        return None
    tab = _TAB_IN_INDENT.search(text)
    if tab:
        state.problems.append(Problem(path, position_in(text, tab.end() - 1), messages.problem("tab")))
        return None
    try:
        doc = state.parsed.parse(path, text)
    except YamlRefused as error:
        state.problems.append(Problem(path, error.position, messages.problem(error.key, **error.values)))
        return None
    except YamlSyntaxError as error:
        cause = hints.syntax(text, error.position.line)
        if cause:  # a quote left open or a full-width colon: name its own line, not where YAML gave up
            position, key, values = cause
            state.problems.append(Problem(path, position, messages.problem(key, **values)))
        else:
            state.problems.append(Problem(path, error.position, messages.problem(
                "yaml_syntax", detail=messages.yaml_problem(error.problem))))
        return None
    if not isinstance(doc.data, dict):
        state.error(doc, (), "not_mapping")
        return None
    for value_path in _first(state, path, _todo_paths(doc.data, ()) if "TODO" in text else []):
        state.error(doc, value_path, "todo_left")
    for key_path in _first(state, path, doc.duplicate_keys):
        state.problems.append(Problem(path, doc.position(key_path, key=True),
                                      messages.problem("duplicate_key", field=messages.field_name(key_path[-1]))))
    return doc


# Problems of one kind reported per file: a file of 90,000 unknown keys is told so in a few lines, and
# quickly (each message may look for the key it was meant to be).
MAX_PROBLEMS = 50


def _first(state: _Loaded, path: Path, found: list) -> list:
    """The first MAX_PROBLEMS of ``found``, and a line saying how many more there are."""
    if len(found) > MAX_PROBLEMS:
        state.error(path, (), "more_problems", count=len(found) - MAX_PROBLEMS)
    return found[:MAX_PROBLEMS]


def position_in(text: str, index: int) -> Position:
    line_start = text.rfind("\n", 0, index) + 1
    return Position(text.count("\n", 0, index) + 1, index - line_start + 1)


def _todo_paths(value, path: tuple) -> list[tuple]:
    """Where the new-entry template's TODO placeholders were left in."""
    if isinstance(value, dict):
        return [p for k, v in value.items() for p in _todo_paths(v, path + (k,))]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _todo_paths(v, path + (i,))]
    return [path] if isinstance(value, str) and "TODO" in value else []


def _validate(state: _Loaded, doc: YamlDocument, model: type[BaseModel]):
    try:
        return model.model_validate(doc.data)
    except ValidationError as error:
        for item in _first(state, doc.path, _without_union_noise(doc, error.errors())):
            state.problems.append(_problem_from(doc, model, item, state.area_names, state.places))
        return None


def _clean_path(doc: YamlDocument, item: dict) -> tuple[tuple, int | None]:
    """Drop pydantic's union-member tags from an error's ``loc`` so it names a place in the file.

    Also returns how many steps in the first tag stood, or None when the value has only one shape.
    """
    loc = item["loc"]
    path: list = []
    value = doc.data
    union_at = None
    for i, step in enumerate(loc):
        missing_here = i == len(loc) - 1 and item["type"] == "missing"
        if isinstance(value, dict) and (step in value or missing_here):
            value = value.get(step)
            path.append(step)
        elif isinstance(value, list) and isinstance(step, int) and 0 <= step < len(value):
            value = value[step]
            path.append(step)
        elif union_at is None:
            union_at = len(path)
    return tuple(path), union_at


def _without_union_noise(doc: YamlDocument, errors: list[dict]) -> list[dict]:
    """For a value that may take several shapes, report only the shape it came closest to."""
    groups: dict[tuple, list[dict]] = {}
    kept = []
    for item in errors:
        path, union_at = _clean_path(doc, item)
        if union_at is None:
            kept.append(item)
        else:
            groups.setdefault(path[:union_at], []).append(item)
    for items in groups.values():
        depth = max(len(i["loc"]) for i in items)
        seen = set()
        for item in items:
            path, _ = _clean_path(doc, item)
            if len(item["loc"]) == depth and path not in seen:
                seen.add(path)
                kept.append(item)
    return kept


def _problem_from(doc: YamlDocument, model: type[BaseModel], item: dict, area_names: dict[str, Area],
                  places: str) -> Problem:
    path, _ = _clean_path(doc, item)
    kind = item["type"]
    at_key = item["loc"][-1:] == ("[key]",)  # the key itself is wrong: name the table it is in
    name = next((s for s in reversed(path[:-1] if at_key else path) if isinstance(s, str)), "")
    ctx = dict(item.get("ctx") or {})
    if "expected" in ctx:  # pydantic lists choices as "'a', 'b' or 'c'"
        ctx["expected"] = str(ctx["expected"]).replace(" or ", ", ").replace("'", "")
    if name in ("lat", "lon") and kind in ("greater_than_equal", "less_than_equal"):
        kind = "outside_japan"
    values = {"field": messages.field_name(name, places), "value": _short(item.get("input")), **ctx}
    if kind == "extra_forbidden":
        cause = hints.unknown_key(str(name))
        if cause:
            return Problem(doc.path, doc.position(path, key=True), messages.problem(cause[0], **cause[1], places=places))
        allowed = _fields_at(model, path[:-1])
        match = difflib.get_close_matches(str(name), allowed, n=1, cutoff=0.6)
        hint = messages.problem("did_you_mean", suggestion=match[0]) if match else messages.problem("see_contributing")
        return Problem(doc.path, doc.position(path, key=True), messages.problem(kind, key=_short(name), hint=hint))
    cause = hints.value(kind, name, item.get("input"), area_names, places)
    if cause:
        return Problem(doc.path, doc.position(path, key=isinstance(item.get("input"), dict)),
                       messages.problem(cause[0], **cause[1], places=places))
    if kind == "missing":
        return Problem(doc.path, doc.position(path[:-1]), messages.problem(kind, **values, places=places))
    try:
        text = messages.problem(kind, **values, places=places)
    except KeyError:
        text = messages.problem("invalid", field=values["field"], detail=item["msg"], places=places)
    # A problem with a whole block (location, contacts…), a whole list or a key itself points at the key.
    whole = isinstance(item.get("input"), dict) or kind == "too_long"
    return Problem(doc.path, doc.position(path, key=at_key or whole), text)


def _short(value: object) -> str:
    # Control characters and newlines shown as \x1b, \n: a message is one line, and prints nothing hidden.
    text = CONTROL.sub(lambda m: repr(m.group())[1:-1], str(value)).replace("\n", "\\n")
    return text if len(text) <= 40 else text[:39] + "…"


def _fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    """Field names allowed at ``path`` inside ``model``, for "did you mean" suggestions."""
    current: object = model
    for step in path:
        current = _model_in(current)
        if isinstance(step, str) and current is not None:
            current = current.model_fields[step].annotation if step in current.model_fields else None
    found = _model_in(current)
    return list(found.model_fields) if found else []


def _model_in(annotation: object) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = _model_in(arg)
        if found:
            return found
    return None


def _check_references(state: _Loaded, site: tuple[Site, YamlDocument], table: tuple[AreaTable, YamlDocument],
                      entries: list[tuple[Entry, YamlDocument]], known_ids: set[str]) -> None:
    (site, site_doc), (table, table_doc) = site, table
    codes = {a.code for a in table.areas}
    # Former ids keep old links working, so they share the namespace of current ids.
    files_of: dict[str, list[Path]] = {}
    for entry, _ in entries:
        for used in (entry.id, *entry.service.former_ids):
            files_of.setdefault(used, []).append(entry.path)
    for entry, doc in entries:
        service = entry.service
        if entry.path.stem != service.id:
            state.error(doc, ("id",), "id_mismatch", filename=entry.path.name, value=service.id)
        for where, used in [(("id",), service.id)] + [(("former_ids", i), old) for i, old in enumerate(service.former_ids)]:
            others = [str(p) for p in files_of[used] if p != entry.path]
            if others:
                state.error(doc, where, "duplicate_id", value=used, other="、".join(others))
        if not service.serves_all:
            for i, code in enumerate(service.areas):
                if code not in codes:
                    state.error(doc, ("areas", i), "unknown_area", value=code)
        for i, code in enumerate(service.location.in_areas if service.location else []):
            if code not in codes:
                state.error(doc, ("location", "in_areas", i), "unknown_area", value=code)
        if service.inquiry and service.inquiry not in known_ids:
            state.error(doc, ("inquiry",), "unknown_entry", value=service.inquiry)
    if site.main_line not in known_ids:
        state.error(site_doc, ("main_line",), "unknown_entry", value=site.main_line)
    for i, line in enumerate(site.night_lines):
        if line not in known_ids:
            state.error(site_doc, ("night_lines", i), "unknown_entry", value=line)
    for i, area in enumerate(table.areas):
        if site.regions and area.region not in site.regions:
            where = ("areas", i, "region") if area.region else ("areas", i)
            state.error(table_doc, where, "unknown_region", value=area.region or "")
        elif not site.regions and area.region:
            state.error(table_doc, ("areas", i, "region"), "region_without_regions", value=area.region)


def _merged(vocabularies: list[Vocabulary]) -> Vocabulary:
    """The site's topics and time words replace the generator's of the same name; its words to ignore
    and of crisis are added to the generator's."""
    merged = Vocabulary()
    for vocabulary in vocabularies:
        merged = Vocabulary(topics={**merged.topics, **vocabulary.topics}, times={**merged.times, **vocabulary.times},
                            ignore=list(dict.fromkeys(merged.ignore + vocabulary.ignore)),
                            crisis=list(dict.fromkeys(merged.crisis + vocabulary.crisis)))
    return merged


def _check_topics(state: _Loaded, entries: list[tuple[Entry, YamlDocument]],
                  vocabularies: list[tuple[Vocabulary | None, YamlDocument | None]],
                  vocabulary: Vocabulary | None) -> None:
    if vocabulary is None:
        return  # a topics.yml is broken: its own problem is reported, not one per entry
    for each, doc in vocabularies:
        for topic_id, topic in each.topics.items():
            for kind_id in topic.kinds:
                if kinds.by_id(kind_id) is None:
                    state.error(doc, ("topics", topic_id, "kinds"), "unknown_topic_kind", value=kind_id)
    for entry, doc in entries:
        for i, topic in enumerate(entry.service.topics):
            if topic not in vocabulary.topics:
                state.error(doc, ("topics", i), "unknown_topic", value=topic)


def _check_names(state: _Loaded, entry: Entry, doc: YamlDocument) -> None:
    """Names written with half-width kana: a warning that gives the full-width form."""
    service = entry.service
    location = service.location
    for path, text in ((("name",), service.name), (("operator",), service.operator),
                       (("location", "name"), location.name if location else None)):
        found = hints.halfwidth_kana(text or "")
        if found:
            state.error(doc, path, "halfwidth_kana", severity="warning", field=messages.field_name(path[-1]),
                        value=found[0], plain=found[1])


def _check_freshness(state: _Loaded, entry: Entry, doc: YamlDocument, today: date) -> None:
    service = entry.service
    if service.last_verified > today:  # the page would say it was checked recently, and the review skip it
        state.error(doc, ("last_verified",), "verified_in_future", value=service.last_verified, today=today)
    elif freshness.is_stale(service.last_verified, today):
        state.error(doc, ("last_verified",), "stale", severity="warning", value=service.last_verified)
    if freshness.sessions_all_past(service, today):
        state.error(doc, ("schedule", "sessions"), "all_past", severity="warning")


def _check_closed_text(state: _Loaded, entry: Entry, doc: YamlDocument) -> None:
    """The free text ``closed:`` is for reading; a period it names that the data lacks is a warning."""
    plan = entry.service.schedule
    if not plan or not plan.closed:
        return
    new_year = messages.label("period", Period.new_year)
    if new_year in plan.closed and not any(c.period == Period.new_year or new_year in (c.name or "")
                                           for c in plan.closures):
        state.error(doc, ("schedule", "closed"), "closed_text_new_year", severity="warning")
    if messages.format("holidays") in plan.closed and not plan.closed_on_holidays:
        state.error(doc, ("schedule", "closed"), "closed_text_holidays", severity="warning")
