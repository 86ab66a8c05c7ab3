"""Social cards: a 1200×630 PNG per entry and per area, drawn locally (no network, no web fonts).

LINE, X and Facebook show this image when a page is shared. Cards are cached by their content,
so a rebuild only draws the cards whose text changed.
"""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from . import messages
from .catalogue import Catalogue
from .outputs import OutputFile

SIZE = (1200, 630)
VERSION = "1"  # bump when the drawing changes, so cached cards are redrawn
_FONT_CANDIDATES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc")
_KIND_COLOURS = {"consultation": "#0b6e55", "family": "#a2470d", "ibasho": "#3848a8", "outreach": "#8a2a6e",
                 "area": "#0b3d2c"}


class FontMissing(Exception):
    """No Japanese font on this machine: cards would show boxes instead of text."""


@dataclass(frozen=True)
class Card:
    path: str  # where the PNG goes in the site, e.g. "cards/service/nijinokai.png"
    label: str  # the kind, or the region of an area
    title: str
    detail: str
    footer: str
    colour: str


def card_path(kind: str, key: str) -> str:
    return f"cards/{kind}/{key}.png"


def cards_for(catalogue: Catalogue) -> list[Card]:
    site = catalogue.site
    found = [Card(card_path("site", "default"), site.prefecture, site.name, site.description, site.name,
                  _KIND_COLOURS["area"])]
    for entry in catalogue.entries:
        service = entry.service
        names = [catalogue.area(code).name for code in ([] if service.serves_all else service.areas)]
        where = (messages.text("card_all", prefecture=site.prefecture) if service.serves_all
                 else "・".join(names[:6]) + (messages.text("card_more") if len(names) > 6 else ""))
        found.append(Card(card_path("service", entry.id), messages.label("kind", entry.kind), service.name,
                          where, site.name, _KIND_COLOURS[entry.kind.value]))
    for area in catalogue.areas:
        found.append(Card(card_path("area", area.code), area.region, area.name,
                          messages.text("card_area_detail"), site.name, _KIND_COLOURS["area"]))
    return found


def outputs(catalogue: Catalogue, cache_dir: Path | None) -> list[OutputFile]:
    return [OutputFile(card.path, _cached_png(card, cache_dir)) for card in cards_for(catalogue)]


def _cached_png(card: Card, cache_dir: Path | None) -> bytes:
    key = hashlib.sha256(json.dumps([VERSION, card.__dict__], ensure_ascii=False).encode()).hexdigest()
    cached = cache_dir / f"{key}.png" if cache_dir else None
    if cached and cached.exists():
        return cached.read_bytes()
    png = draw(card)
    if cached:
        cached.parent.mkdir(parents=True, exist_ok=True)
        cached.write_bytes(png)
    return png


@cache
def font_file() -> str:
    for candidate in _FONT_CANDIDATES:
        if Path(candidate).exists():
            return candidate
    try:
        found = subprocess.run(["fc-match", "-f", "%{file}", ":lang=ja:weight=bold"], capture_output=True,
                               text=True, check=False).stdout.strip()
    except FileNotFoundError:
        found = ""
    if found and Path(found).exists():
        return found
    raise FontMissing(messages.text("font_missing"))


@cache  # loading the font collection is most of the cost of a card
def _font(size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(font_file(), size, index=0)  # index 0 of the collection: Japanese


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont, width: int, lines: int) -> list[str]:
    """Break Japanese text by characters to fit ``width``; the last line ends with … if cut."""
    out, current = [], ""
    for char in text:
        if draw.textlength(current + char, font=font) > width:
            out.append(current)
            current = char
            if len(out) == lines:
                break
        else:
            current += char
    else:
        out.append(current)
        return out
    out[-1] = out[-1][:-1] + "…"
    return out


def draw(card: Card) -> bytes:
    image = Image.new("RGB", SIZE, "#f6faf8")
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, 24, SIZE[1]], fill=card.colour)
    label_font, title_font, detail_font, footer_font = _font(36), _font(76), _font(36), _font(32)
    left = 80
    box = pen.textbbox((0, 0), card.label, font=label_font)
    pen.rounded_rectangle([left, 60, left + box[2] + 48, 60 + 64], radius=32, fill=card.colour)
    pen.text((left + 24, 60 + 32), card.label, font=label_font, fill="white", anchor="lm")
    y = 170
    for line in _wrap(pen, card.title, title_font, SIZE[0] - left - 80, 3):
        pen.text((left, y), line, font=title_font, fill="#1a1a1a")
        y += 100
    for line in _wrap(pen, card.detail, detail_font, SIZE[0] - left - 80, 1 if y > 370 else 2):
        pen.text((left, y + 10), line, font=detail_font, fill="#3d3d3d")
        y += 52
    pen.line([left, SIZE[1] - 110, SIZE[0] - 80, SIZE[1] - 110], fill="#c9d8d1", width=3)
    pen.text((left, SIZE[1] - 60), card.footer, font=footer_font, fill=card.colour, anchor="lm")
    buffer = io.BytesIO()
    image.save(buffer, "PNG", compress_level=1)  # flat colours compress well even at the fastest level
    return buffer.getvalue()
