"""Social cards: a 1200×630 PNG per entry and per area, drawn locally (no network, no web fonts).

LINE, X and Facebook show this image when a page is shared. Cards are cached by their content,
so a rebuild only draws the cards whose text changed; a first national build draws some 11,700, in a
worker per core, each glyph rendered once per worker and the PNG written here (see ``draw``). Text is
drawn with Noto Sans CJK; an emoji (or any character it lacks) with Noto Color Emoji, character by
character; ``make check`` warns about a character neither font has, which would show as a box.
"""

from __future__ import annotations

import io
import itertools
import re
import struct
import subprocess
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property, lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageColor, ImageDraw, ImageFont

from . import formatting, messages, parallel, sharing, urls
from .cache import Cache
from .catalogue import Catalogue
from .loader import Problem, position_in
from .outputs import Output
from .scope import EVERYTHING, Scope

SIZE = (1200, 630)
LEFT = 80  # where text starts
BACKGROUND, TITLE, DETAIL, RULE = "#f6faf8", "#1a1a1a", "#3d3d3d", "#c9d8d1"
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
        found.append(Card(urls.card("area", area.code), area.region or site.prefecture, area.name,
                          messages.text("card_area_detail"), site.name, PLACE_COLOUR))
    return found


def outputs(catalogue: Catalogue, today: date, cache: Cache, scope: Scope = EVERYTHING) -> list[Output]:
    """The cards, drawn."""
    with Drawing(catalogue, today, cache, scope) as drawing:
        found = drawing.outputs()
        drawing.wait()
        return found


class Drawing:
    """The cards of a build, drawn from the moment it is made: on every core when there are many, while
    the build goes on with other work. Use it in a ``with`` block; ``wait()`` waits for them, and
    until then those drawn by workers into .cache/ (``later``) go on being drawn after the block."""

    def __init__(self, catalogue: Catalogue, today: date, cache: Cache, scope: Scope = EVERYTHING) -> None:
        self.cache = cache
        # Keyed by the card's texts and the code that draws it: a change to the drawing draws every card again.
        self.found = {cache.key("cards", card.__dict__): card for card in cards_for(catalogue, today, scope)}
        if len(self.found) > parallel.PARALLEL_FROM:
            font_file()  # fail here, with the message, rather than in every worker
        self._keeping = parallel.Keeping(cache, "cards", draw, self.found)  # only ever copied from the file

    def __enter__(self) -> Drawing:
        return self

    def __exit__(self, *error) -> None:
        if error[0] is not None or not self.later:  # else the workers go on until ``wait()``
            self._keeping.__exit__(*error)

    @cached_property
    def pending(self) -> frozenset[str]:
        """The paths of the cards still being drawn when ``later``."""
        return frozenset(self.found[key].path for key in self._keeping.missing) if self.later else frozenset()

    @property
    def later(self) -> bool:
        """Whether workers are drawing them into .cache/: their outputs can be named before they are done."""
        return self._keeping.in_workers and self.cache.folder is not None

    def outputs(self) -> list[Output]:
        """The cards, each named by its file in .cache/; while ``later``, those still being drawn are there
        only after ``wait()``."""
        drawn = {} if self.later else self._keeping.done()
        return [Output(card.path, drawn[key]) if key in drawn else Output(card.path, source=self.cache.path("cards", key))
                for key, card in self.found.items()]

    def wait(self) -> None:
        self._keeping.done()
        self._keeping.__exit__(None, None, None)


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


@cache
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
    if font.getbbox(text) != _missing_glyph(font)[0]:  # mostly settled without rendering the character
        return True
    return bytes(font.getmask(text)) != _missing_glyph(font)[1]


@cache
def _missing_glyph(font: ImageFont.FreeTypeFont) -> tuple:
    return font.getbbox(_UNASSIGNED), bytes(font.getmask(_UNASSIGNED))


@cache
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


@lru_cache(maxsize=8)  # 3 MB each: a national build has some fifty kinds and regions
def _background(label: str, footer: str, colour: str) -> Image.Image:
    """What cards of one kind share (colour bar, kind label, footer), in full colour."""
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
    palette.putpalette(colours)  # these 65 colours only: the PNG's palette holds no unused entries
    return palette


def _lines(card: Card) -> Iterator[tuple[tuple[int, int], str, int, str]]:
    """Where each line of a card's text goes, its size and its colour: title, next date, detail."""
    y = 160
    for line in _wrap(card.title, 76, SIZE[0] - LEFT - 80, 2 if card.when else 3):
        yield (LEFT, y), line, 76, TITLE
        y += 92
    for line in _wrap(card.when, 44, SIZE[0] - LEFT - 80, 2):  # what a reader of the post acts on
        yield (LEFT, y + 12), line, 44, card.colour
        y += 58
    for line in _wrap(card.detail, 36, SIZE[0] - LEFT - 80, 1 if y > 340 else 2):
        yield (LEFT, y + 10), line, 36, DETAIL
        y += 52


def draw(card: Card) -> bytes:
    """The card as a PNG. A card of text alone (nearly all) is set glyph by glyph in its kind's
    palette, to the same pixels as drawing it in full colour and matching each pixel to the palette;
    one with an emoji is drawn in full colour."""
    lines = list(_lines(card))
    if any(_is_emoji(cluster) for _, line, _, _ in lines for cluster in _CLUSTER.findall(line)):
        return _draw_in_colour(card, lines)
    image = _plain(card.label, card.footer, card.colour).copy()
    changed = bytearray(_plain_changes(card.label, card.footer, card.colour))
    for xy, line, size, ink in lines:
        top, bottom = _set(image, xy, line, size, ink, card)
        if top <= bottom:  # the line's rows, and the row below it (now unlike the row above)
            changed[top:bottom + 1] = b"\x01" * (bottom + 1 - top)
    return _png(image, card, changed)


def _draw_in_colour(card: Card, lines: list) -> bytes:
    """An emoji brings its own colours: such a (rare) card is drawn in full colour and gets a palette
    made for it."""
    image = _background(card.label, card.footer, card.colour).copy()
    for xy, line, size, ink in lines:
        _write(image, xy, line, size, ink)
    buffer = io.BytesIO()
    image.quantize(256).save(buffer, "PNG")
    return buffer.getvalue()


# --- cards of text alone ------------------------------------------------------------------------
# Thousands in a first national build. Rendering every line with FreeType, matching 756,000 pixels
# to the palette and Pillow's PNG encoder were nearly all of a card's time. Here each glyph is
# rendered once per worker and turned into palette positions through a table (the colour Pillow
# blends for each coverage, matched to the palette once); a card is its kind's ready-made card with
# those glyphs pasted where the layout engine puts them, and its PNG is written below.

_CLEAR = (25, 60 + 64 + 1, SIZE[0], SIZE[1] - 110 - 1)  # left, top, right, bottom: nothing but the
# background on any card (right of the colour bar, below the kind's label, above the rule)
_SHAPED = re.compile(r"[^\u0020-\u0040\u005b-\u0060\u007b-\u007e\u00a0-\u00bf\u00d7\u00f7"
                     r"\u2010-\u2027\u2030-\u205e\u2100-\u2bff\u3000-\u9fff\uf900-\ufaff\uff00-\uffef]")
"""Outside Japanese, digits, punctuation and symbols: a character the font may shape with its
neighbours (Latin ligatures such as ﬁ, combining marks, variation selectors). A line with one is
rendered whole, not glyph by glyph."""


@cache
def _plain(label: str, footer: str, colour: str) -> Image.Image:
    """The kind's card without its text, as palette positions (an "L" image: position = value)."""
    quantized = _background(label, footer, colour).quantize(palette=_palette(colour), dither=Image.Dither.NONE)
    return Image.frombytes("L", SIZE, quantized.tobytes())


@cache
def _plain_changes(label: str, footer: str, colour: str) -> bytes:
    """For each row of the kind's card without text: 2 where it differs from the row above, else 0."""
    return bytes(2 * changes for changes in _up(_plain(label, footer, colour), 0, SIZE[1]).getprojection()[1])


@cache
def _shades(ink: str, colour: str) -> list[int]:
    """For each coverage 0–255 of a glyph's pixel, the palette position of ``ink`` blended that much
    over the background: the colour Pillow blends, then the palette colour nearest to it."""
    strip = Image.new("RGB", (256, 1), BACKGROUND)
    strip.paste(ink, (0, 0, 256, 1), Image.frombytes("L", (256, 1), bytes(range(256))))
    return list(strip.quantize(palette=_palette(colour), dither=Image.Dither.NONE).tobytes())


def _coverage(size: int, text: str) -> tuple[Image.Image, Image.Image, tuple[int, int]] | None:
    """How much of each pixel ``text`` covers, the pixels it touches at all, and where that box starts
    from the pen (the top left of the line): what ``ImageDraw.text`` pastes, and where. None: blank."""
    mask, offset = _font(size).getmask2(text, "L")
    if not (mask.size[0] and mask.size[1]):
        return None
    coverage = Image.frombytes("L", mask.size, bytes(mask))
    return coverage, coverage.point([0] + [255] * 255), offset


_glyph_coverage = cache(_coverage)  # one character: rendered once per worker, whatever its colour


def _in(drawn: tuple | None, ink: str, colour: str) -> tuple[Image.Image, Image.Image, tuple[int, int]] | None:
    """Coverage as palette positions of ``ink`` (with the mask and the offset that go with it)."""
    if drawn is None:
        return None
    coverage, inked, offset = drawn
    return coverage.point(_shades(ink, colour)), inked, offset


@cache
def _glyph(size: int, cluster: str, ink: str, colour: str) -> tuple | None:
    """One character in one colour, pasted on every card that has it."""
    return _in(_glyph_coverage(size, cluster), ink, colour)


@lru_cache(maxsize=4096)  # dates, places and kinds come back card after card
def _layout(size: int, line: str) -> tuple[bool, tuple[tuple[str, int], ...]]:
    """What a line is drawn from, each with the pen's distance from the line's start: its characters
    (kerning included, the pen rounded as FreeType rounds it), or, if the font may shape characters
    together, the whole line (the first part says which)."""
    if _SHAPED.search(line):
        return False, ((line, 0),)
    clusters = _CLUSTER.findall(line)
    placed, pen = [], 0
    for cluster, following in zip(clusters, clusters[1:] + [None]):
        placed.append((cluster, (pen + 32) >> 6))
        pen += _advance(size, cluster, following)
    return True, tuple(placed)


@cache
def _advance(size: int, cluster: str, following: str | None) -> int:
    """How far the pen moves past ``cluster`` before ``following`` (kerning included), in 1/64 pixel."""
    if following is None:
        return round(_cluster_width(size, cluster) * 64)
    return round((_font(size).getlength(cluster + following) - _cluster_width(size, following)) * 64)


def _set(image: Image.Image, xy: tuple[int, int], line: str, size: int, ink: str, card: Card) -> tuple[int, int]:
    """One line of text without emoji; returns the first row it touches and the row below its last."""
    x, y = xy
    by_glyph, pieces = _layout(size, line)
    top, bottom, right = SIZE[1], 0, 0
    for text, at in pieces:
        drawn = _glyph(size, text, ink, card.colour) if by_glyph else _in(_coverage(size, text), ink, card.colour)
        if drawn is None:
            continue
        shade, inked, (left, up) = drawn
        box = (x + at + left, y + up, x + at + left + shade.width, y + up + shade.height)
        if not (_CLEAR[0] <= box[0] and _CLEAR[1] <= box[1] and box[2] <= _CLEAR[2] and box[3] <= _CLEAR[3]):
            image.paste(_over_something(card, box, size, text, ink), box[:2], inked)
        elif box[0] < right:  # reaches into the box of the character before: only where it has ink
            image.paste(shade, box[:2], inked)
        else:  # over background only, which is what its uninked pixels hold (coverage 0)
            image.paste(shade, box[:2])
        top, bottom, right = min(top, box[1]), max(bottom, box[3]), max(right, box[2])
    return top, bottom


def _over_something(card: Card, box: tuple[int, int, int, int], size: int, text: str, ink: str) -> Image.Image:
    """Text that reaches past the background (a low descender over the rule): blended in full colour
    over what is there, then matched to the palette, as the full-colour drawing would."""
    under = _background(card.label, card.footer, card.colour).crop(box)
    under.paste(ink, (0, 0, *under.size), _coverage(size, text)[0])
    return Image.frombytes("L", under.size, under.quantize(palette=_palette(card.colour),
                                                           dither=Image.Dither.NONE).tobytes())


# --- the PNG --------------------------------------------------------------------------------------

def _png(image: Image.Image, card: Card, changed: bytes) -> bytes:
    """An 8-bit palette PNG of ``image`` (palette positions), written here rather than by Pillow.

    Each row is stored as its difference from the row above (PNG's "Up" filter), so a row that repeats
    the one above is all zeros: most of a card, around and between its lines of text. Runs of such
    rows (``changed`` 0) and of rows as on every card of the kind (2: the label, the rule, the footer)
    are compressed once and spliced in: a full flush ends every part on a byte, with nothing
    referring back across it. Only the rows of this card's text (1) are compressed for it, as runs
    (zlib's Z_RLE). As small as Pillow's default encoding, in a fraction of its time.
    """
    width, height = image.size
    compressor = _compressor()
    parts, adler, y = [b"\x78\x01"], 1, 0  # zlib's header, then deflate blocks
    for changes, run in itertools.groupby(changed):
        count = len(list(run))
        if changes == 1:
            rows = _rows(image, y, count)
            parts.append(compressor.compress(rows) + compressor.flush(zlib.Z_FULL_FLUSH))
            adler = zlib.adler32(rows, adler)
        else:
            kept = _plain_rows(card.label, card.footer, card.colour, y, count) if changes else _unchanged(width, count)
            parts.append(kept.compressed)
            adler = _adler_then(adler, kept.adler, kept.length)
        y += count
    parts += [compressor.flush(), struct.pack(">I", adler)]  # the last (empty) block, the checksum

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0))
            + chunk(b"PLTE", bytes(_palette(card.colour).getpalette())) + chunk(b"IDAT", b"".join(parts))
            + chunk(b"IEND", b""))


def _up(image: Image.Image, y: int, count: int) -> Image.Image:
    """Rows ``y`` to ``y + count`` of ``image``, each less the row above it (PNG's "Up" filter)."""
    width = image.width
    if y > 0:
        above = image.crop((0, y - 1, width, y + count - 1))
    else:  # the first row has nothing above it
        above = Image.new("L", (width, count))
        above.paste(image.crop((0, 0, width, count - 1)), (0, 1))
    return ImageChops.subtract_modulo(image.crop((0, y, width, y + count)), above)


def _rows(image: Image.Image, y: int, count: int) -> bytes:
    """Rows ``y`` to ``y + count`` as PNG stores them: each the filter type (2, Up), then its bytes."""
    rows = Image.new("L", (image.width + 1, count), 2)
    rows.paste(_up(image, y, count), (1, 0))
    return rows.tobytes()


def _compressor() -> zlib._Compress:
    """Raw deflate of runs only (all a filtered card has to offer): about the size of Pillow's default
    encoding of a card, in a third of its time."""
    return zlib.compressobj(9, zlib.DEFLATED, -15, 8, zlib.Z_RLE)


@dataclass(frozen=True)
class _Rows:
    """Rows compressed once: deflate blocks ending on a full flush, and the Adler-32 and length of the
    rows they hold."""
    compressed: bytes
    adler: int
    length: int

    @classmethod
    def of(cls, rows: bytes) -> _Rows:
        compressor = _compressor()
        return cls(compressor.compress(rows) + compressor.flush(zlib.Z_FULL_FLUSH), zlib.adler32(rows), len(rows))


@cache
def _plain_rows(label: str, footer: str, colour: str, y: int, count: int) -> _Rows:
    """Rows of the kind's card without text."""
    return _Rows.of(_rows(_plain(label, footer, colour), y, count))


@cache
def _unchanged(width: int, count: int) -> _Rows:
    """``count`` rows each equal to the row above."""
    return _Rows.of((b"\x02" + bytes(width)) * count)


def _adler_then(first: int, then: int, length: int) -> int:
    """The Adler-32 of two pieces together, from theirs and the second's length (zlib's adler32_combine)."""
    a = ((first & 0xFFFF) + (then & 0xFFFF) - 1) % 65521
    b = ((first >> 16) + (then >> 16) + length * ((first & 0xFFFF) - 1)) % 65521
    return b << 16 | a


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
