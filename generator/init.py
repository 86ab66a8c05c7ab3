"""``python -m generator init <folder> --prefecture 岩手県``: a new site that builds strictly at once.

It writes ``data/site.yml`` (the prefecture's name and code), ``data/areas.yml`` (every municipality from
the shipped table: code, official name and reading, official site, coordinates), one window entry per
municipality that links its official site and says nothing more, ``content/about.md`` with the
placeholders staff must fill (【要記入】, warned about by ``make check``) and a ``mkdocs.yml`` that
inherits the project's. The other written pages, the search's words and the national lines come from
the generator's defaults (``defaults/``). Regions are optional: a YAML file of 地域名: [名前, …].
"""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path

import yaml
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from . import build, messages, municipalities
from .kinds import all_kinds
from .municipalities import Municipality

TEMPLATES = Path(__file__).with_name("templates") / "init"
PROJECT = Path(__file__).resolve().parents[1]  # where mkdocs.yml, overrides/ and schema/ are


class InitError(Exception):
    """Something the person asked for cannot be made; the message says what, in Japanese."""


def regions_of(path: Path, areas: list[Municipality]) -> dict[str, str]:
    """A regions file (地域名: [市町村名, …]) as the region of each municipality's code; every
    municipality in exactly one region."""
    try:
        table = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InitError(messages.problem("init_regions_unreadable", path=path, detail=error)) from None
    if not isinstance(table, dict) or not all(isinstance(v, list) for v in table.values()):
        raise InitError(messages.problem("init_regions_shape", path=path))
    by_name = {a.name: a.code for a in areas}
    found: dict[str, str] = {}
    for region, names in table.items():
        for name in names:
            if str(name) not in by_name:
                raise InitError(messages.problem("init_regions_unknown", path=path, value=name))
            if by_name[str(name)] in found:
                raise InitError(messages.problem("init_regions_twice", path=path, value=name))
            found[by_name[str(name)]] = str(region)
    missing = [a.name for a in areas if a.code not in found]
    if missing:
        raise InitError(messages.problem("init_regions_missing", path=path, value="、".join(missing)))
    return found


def window_ids(areas: list[Municipality]) -> dict[str, str]:
    """Each municipality's window id: its romanised reading; where two read the same (北海道の江差町と
    枝幸町, both えさし), each id ends with its code."""
    twice = Counter(a.slug for a in areas)
    return {a.code: a.slug if twice[a.slug] == 1 else f"{a.slug}-{a.code}" for a in areas}


class Init:
    """One new site for ``prefecture`` in ``folder``."""

    def __init__(self, folder: Path, prefecture: str, regions_file: Path | None = None) -> None:
        table = municipalities.load()
        if prefecture not in municipalities.prefectures(table):
            raise InitError(messages.problem("init_unknown_prefecture", value=prefecture))
        if folder.exists() and any(folder.iterdir()):
            raise InitError(messages.problem("init_not_empty", value=folder))
        self.folder, self.prefecture = folder, prefecture
        self.areas = [m for m in table if m.prefecture == prefecture]
        self.code = municipalities.prefecture_code(table, prefecture)
        self.region = regions_of(regions_file, self.areas) if regions_file else {}
        # 市町 where the prefecture has no village, 市町村 otherwise (東京都: 区市町村)
        kinds_of = {a.name[-1] for a in self.areas}
        self.places = ("区" if "区" in kinds_of else "") + "市町" + ("村" if "村" in kinds_of else "")
        self.env = Environment(loader=FileSystemLoader(TEMPLATES), undefined=StrictUndefined,
                               trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)

    def _write(self, path: str, template: str, **values: object) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        # The schema line points from the file to the project's schema/ (make schema writes it).
        schema = os.path.relpath(PROJECT / "schema", target.parent).replace(os.sep, "/") + "/"
        target.write_text(self.env.get_template(template).render(
            prefecture=self.prefecture, places=self.places, schema=schema, **values), encoding="utf-8")

    def write(self) -> None:
        areas = [{"code": a.code, "name": a.name, "reading": a.reading, "url": a.url, "lat": a.lat, "lon": a.lon,
                  "region": self.region.get(a.code)} for a in self.areas]
        regions = list(dict.fromkeys(self.region[a.code] for a in self.areas)) if self.region else []
        self._write("data/site.yml", "site.yml.j2", prefecture_code=self.code, regions=regions)
        self._write("data/areas.yml", "areas.yml.j2", areas=areas)
        today = build.build_date().isoformat()
        ids = window_ids(self.areas)
        for area in self.areas:
            self._write(f"data/consultation/{ids[area.code]}.yml", "window.yml.j2", area=area, id=ids[area.code],
                        today=today)
        root = os.path.relpath(PROJECT, self.folder.resolve()).replace(os.sep, "/") + "/"
        self._write("mkdocs.yml", "mkdocs.yml.j2", root=root, kinds=all_kinds())
        self._write("content/about.md", "content/about.md.j2",
                    kind_labels={k.id: k.label for k in all_kinds()})
        self._write(".gitignore", "gitignore")

    def next_steps(self) -> str:
        """What a person must still do, in Japanese."""
        return messages.problem("init_done", folder=self.folder, prefecture=self.prefecture, places=self.places,
                                areas=len(self.areas))


def main(folder: Path, prefecture: str, regions_file: Path | None) -> int:
    try:
        made = Init(folder, prefecture, regions_file)
    except InitError as error:
        print(error)
        return 1
    made.write()
    print(made.next_steps())
    return 0
