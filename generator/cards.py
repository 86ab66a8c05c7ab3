"""Social cards: a 1200×630 PNG per entry and per area, drawn locally (no network, no web fonts).

LINE, X and Facebook show this image when a page is shared. Cards are cached by their content,
so a rebuild only draws the cards whose text changed. Text is drawn with Noto Sans CJK; an emoji (or
any character it lacks) with Noto Color Emoji, character by character; ``make check`` warns about a
character neither font has, which would show as a box.
"""

from __future__ import annotations

import io
import re
import subprocess
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from PIL import Image, ImageColor, ImageDraw, ImageFont

from . import formatting, messages, sharing, urls
from .cache import Cache
from .catalogue import Catalogue
from .loader import Problem, position_in
from .outputs import Output
from .scope import EVERYTHING, Scope

SIZE = (1200, 630)
LEFT = 80  # where text starts
BACKGROUND, TITLE, DETAIL, RULE = "#f6faf8", "#1a1a1a", "#3d3d3d", "#c9d8d1"
VERSION = "3"  # bump when the drawing changes, so cached cards are redrawn
PARALLEL_FROM = 200  # fewer cards than this are drawn quicker than worker processes start
_FONT_CANDIDATES = ("/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
                    "/usr/share/fonts/noto-cjk/NotoSansCJK-Bold.ttc")
_EMOJI_CANDIDATES = ("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf",)
_EMOJI_SIZE = 109  # the one size of Noto Color Emoji's bitmaps; scaled to the text's size
# What the eye reads as one character: a base and what joins or modifies it (variation selectors, skin
# tones, keycaps, tags, zero-width joiner sequences such as 👨‍👩‍👧), or a pair of flag letters.
_CLUSTER = re.compile(r"[\U0001F1E6-\U0001F1FF]{2}|.(?:[\ufe0e\ufe0f\u20e3\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F]"
                      r"|\u200d.)*", re.S)
_UNASSIGNED = "\u0378"  # no font has it: what a missing character is drawn as (the "tofu" box)
PLACE_COLOUR = "#0b3d2c"  # cards of areas and of the site; an entry's card has its kind's colour


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
    when: str = ""  # the next date and how to join, for entries with dates


def cards_for(catalogue: Catalogue, today: date, scope: Scope = EVERYTHING) -> list[Card]:
    """The site's card, and those of the entries and areas in ``scope``."""
    site = catalogue.site
    found = [Card(urls.card("site", "default"), site.prefecture, site.name, site.description, site.name,
                  PLACE_COLOUR)]
    for entry in filter(scope.has_entry, catalogue.entries):
        service = entry.service
        names = [catalogue.area(code).name for code in ([] if service.serves_all else service.areas)]
        where = (formatting.everywhere(site.prefecture) if service.serves_all
                 else messages.format("separator").join(names[:6]) + (messages.text("card_more") if len(names) > 6 else ""))
        found.append(Card(urls.card("service", entry.id), entry.kind.label, service.name, where, site.name,
                          entry.kind.colour, sharing.line(catalogue, entry, today)))
    for area in (area for area in catalogue.areas if scope.has_area(area.code)):
        found.append(Card(urls.card("area", area.code), area.region, area.name,
                          messages.text("card_area_detail"), site.name, PLACE_COLOUR))
    return found


def outputs(catalogue: Catalogue, today: date, cache: Cache, scope: Scope = EVERYTHING) -> list[Output]:
    found = cards_for(catalogue, today, scope)
    keys = {card: Cache.key(VERSION, card.__dict__) for card in found}
    kept = {card: cache.file("cards", keys[card]) for card in found}
    missing = [card for card, path in kept.items() if path is None]
    if len(missing) > PARALLEL_FROM:
        font_file()  # fail here, with the message, rather than in every worker
        with ProcessPoolExecutor() as pool:  # a first national build draws thousands: use every core
            drawn = dict(zip(missing, pool.map(draw, missing, chunksize=64)))
    else:
        drawn = {card: draw(card) for card in missing}
    for card, png in drawn.items():
        cache.put("cards", keys[card], png, in_memory=False)  # thousands: only ever copied from the file
    return [Output(card.path, drawn[card]) if card in drawn else Output(card.path, source=kept[card])
            for card in found]


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


@cache
def _emoji_font() -> ImageFont.FreeTypeFont | None:
    """Noto Color Emoji (Debian's fonts-noto-color-emoji), for what the Japanese font does not draw."""
    for candidate in _EMOJI_CANDIDATES:
        if Path(candidate).exists():
            return ImageFont.truetype(candidate, _EMOJI_SIZE)
    return None


@cache
def _has(font: ImageFont.FreeTypeFont, text: str) -> bool:
    """Whether ``font`` draws ``text`` as something other than its missing-glyph box."""
    def mask(chars: str) -> tuple:
        return (font.getbbox(chars), bytes(font.getmask(chars)))
    return mask(text) != mask(_UNASSIGNED)


def _is_emoji(cluster: str) -> bool:
    """Drawn with the emoji font: a sequence, or a character the Japanese font does not have."""
    emoji = _emoji_font()
    if emoji is None:
        return False
    plain = len(cluster) == 1 or cluster.endswith("\ufe0e")
    return (not plain or not _has(_font(76), cluster[0])) and _has(emoji, cluster)


def missing(text: str) -> list[str]:
    """The characters of ``text`` that no font on this machine draws (they would show as boxes)."""
    return [c for c in _CLUSTER.findall(text) if not c.isspace() and not _is_emoji(c) and not _has(_font(76), c[0])]


@cache
def _cluster_width(size: int, cluster: str) -> float:
    if _is_emoji(cluster):
        return _emoji_font().getlength(cluster) * size / _EMOJI_SIZE
    return _font(size).getlength(cluster)


def _wrap(text: str, size: int, width: int, lines: int) -> list[str]:
    """Break Japanese text by characters to fit ``width``; the last line ends with … if cut."""
    out, current, used = [], "", 0.0
    for cluster in _CLUSTER.findall(text):
        step = _cluster_width(size, cluster)
        if used + step > width:
            out.append(current)
            current, used = cluster, step
            if len(out) == lines:
                break
        else:
            current, used = current + cluster, used + step
    else:
        out.append(current)
        return out
    last = _CLUSTER.findall(out[-1])
    out[-1] = "".join(last[:-1]) + "…"
    return out


@cache
def _emoji_image(cluster: str, size: int) -> Image.Image:
    glyph = Image.new("RGBA", (round(_emoji_font().getlength(cluster)) + 8, _EMOJI_SIZE + 40), (0, 0, 0, 0))
    ImageDraw.Draw(glyph).text((0, 0), cluster, font=_emoji_font(), embedded_color=True)
    glyph = glyph.crop(glyph.getbbox() or (0, 0, 1, 1))
    scale = size / _EMOJI_SIZE
    return glyph.resize((max(1, round(glyph.width * scale)), max(1, round(glyph.height * scale))), Image.LANCZOS)


def _write(image: Image.Image, xy: tuple[int, int], line: str, size: int, fill: str) -> bool:
    """Draw one line, each emoji from the emoji font; True when it held one (the card needs its colours)."""
    pen = ImageDraw.Draw(image)
    x, y = xy
    run, coloured = "", False
    ascent = _font(size).getmetrics()[0]
    for cluster in _CLUSTER.findall(line) + [None]:
        if cluster is None or _is_emoji(cluster):
            if run:
                pen.text((x, y), run, font=_font(size), fill=fill)
                x += _font(size).getlength(run)
                run = ""
            if cluster is not None:
                glyph = _emoji_image(cluster, size)
                image.paste(glyph, (round(x), y + ascent - glyph.height + round(size * 0.1)), glyph)
                x += _cluster_width(size, cluster)
                coloured = True
        else:
            run += cluster
    return coloured


@cache
def _background(label: str, footer: str, colour: str) -> Image.Image:
    """What cards of one kind share (colour bar, kind label, footer): drawn once, copied per card."""
    image = Image.new("RGB", SIZE, BACKGROUND)
    pen = ImageDraw.Draw(image)
    pen.rectangle([0, 0, 24, SIZE[1]], fill=colour)
    box = pen.textbbox((0, 0), label, font=_font(36))
    pen.rounded_rectangle([LEFT, 60, LEFT + box[2] + 48, 60 + 64], radius=32, fill=colour)
    pen.text((LEFT + 24, 60 + 32), label, font=_font(36), fill="white", anchor="lm")
    pen.line([LEFT, SIZE[1] - 110, SIZE[0] - 80, SIZE[1] - 110], fill=RULE, width=3)
    pen.text((LEFT, SIZE[1] - 60), footer, font=_font(32), fill=colour, anchor="lm")
    return image


@cache
def _palette(colour: str) -> Image.Image:
    """Every colour a card uses, with 16 steps of smooth edges between text and what is under it.

    A fixed palette makes an 8-bit PNG a third the size of a full-colour one, and quick to write.
    """
    def ramp(start: str, end: str) -> list[int]:
        a, b = ImageColor.getrgb(start), ImageColor.getrgb(end)
        return [round(a[k] + (b[k] - a[k]) * step / 15) for step in range(16) for k in range(3)]

    colours = (ramp(BACKGROUND, TITLE) + ramp(BACKGROUND, DETAIL) + ramp(BACKGROUND, colour)
               + ramp(colour, "#ffffff") + list(ImageColor.getrgb(RULE)))
    palette = Image.new("P", (1, 1))
    palette.putpalette(colours + [0] * (768 - len(colours)))
    return palette


def draw(card: Card) -> bytes:
    image = _background(card.label, card.footer, card.colour).copy()
    coloured = False
    y = 160
    for line in _wrap(card.title, 76, SIZE[0] - LEFT - 80, 2 if card.when else 3):
        coloured |= _write(image, (LEFT, y), line, 76, TITLE)
        y += 92
    for line in _wrap(card.when, 44, SIZE[0] - LEFT - 80, 2):  # what a reader of the post acts on
        coloured |= _write(image, (LEFT, y + 12), line, 44, card.colour)
        y += 58
    for line in _wrap(card.detail, 36, SIZE[0] - LEFT - 80, 1 if y > 340 else 2):
        coloured |= _write(image, (LEFT, y + 10), line, 36, DETAIL)
        y += 52
    buffer = io.BytesIO()
    # An emoji brings its own colours: such a (rare) card gets a palette made for it.
    palette = image.quantize(256) if coloured else image.quantize(palette=_palette(card.colour),
                                                                 dither=Image.Dither.NONE)
    palette.save(buffer, "PNG")
    return buffer.getvalue()


def check(catalogue: Catalogue) -> list[Problem]:
    """Warnings for characters of card titles that no installed font draws (make check)."""
    problems = []
    for path, name in [(e.path, e.service.name) for e in catalogue.entries]:
        for cluster in dict.fromkeys(missing(name)):
            text = path.read_text(encoding="utf-8")
            at = text.find(cluster)
            problems.append(Problem(path, position_in(text, max(at, 0)),
                                    messages.problem("card_glyph_missing", value=cluster,
                                                     code=" ".join(f"U+{ord(c):04X}" for c in cluster)),
                                    "warning"))
    return problems
