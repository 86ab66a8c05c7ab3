"""The kinds of help (相談窓口, 家族教室・家族会, 居場所, アウトリーチ), declared once in ``kinds.yml``.

Everything that differs by kind is read from here: the data folder, the colours of cards, chips and
buttons (``kinds.css`` is written from the table), the schema.org type, the open-data class, the icon,
and the kind table the search reads by name. Its words are in ``messages.yml``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import yaml
from markupsafe import Markup

from . import messages

_ICONS = Path(__file__).parent / "icons"


@dataclass(frozen=True)
class Kind:
    id: str  # the folder of its entries (data/<id>/) and the address of its page (/<id>/)
    colour: str
    tint: str
    schema_org: str
    facility: bool
    icon: str

    @property
    def label(self) -> str:
        return messages.label("kind", self.id)

    @property
    def intro(self) -> str:
        return messages.label("kind_intro", self.id)

    @property
    def icon_svg(self) -> Markup:
        """The icon as inline SVG, drawn in the text's colour."""
        return Markup(_icon(self.icon))

    def __str__(self) -> str:
        return self.id


@functools.cache
def all_kinds() -> tuple[Kind, ...]:
    rows = yaml.safe_load(Path(__file__).with_name("kinds.yml").read_text(encoding="utf-8"))
    return tuple(Kind(**row) for row in rows)


def by_id(kind_id: str) -> Kind | None:
    return next((kind for kind in all_kinds() if kind.id == kind_id), None)


def stylesheet() -> str:
    """The colours of every kind, as CSS custom properties and classes (served as kinds.css)."""
    rules = [f".sg-chip--{k.id}, .sg-kind--{k.id} {{ background: {k.tint}; }}\n"
             f"[data-kind=\"{k.id}\"] {{ --sg-kind-colour: {k.colour}; --sg-kind-tint: {k.tint}; }}\n"
             for k in all_kinds()]
    return "/* Written from generator/kinds.yml by the build: edit the table, not this file. */\n" + "".join(rules)


@functools.cache
def _icon(name: str) -> str:
    svg = (_ICONS / f"{name.split('/')[-1]}.svg").read_text(encoding="utf-8").strip()
    return svg.replace("<svg ", '<svg class="sg-icon" aria-hidden="true" focusable="false" fill="currentColor" ', 1)
