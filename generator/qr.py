"""The QR code of a page's address, drawn at build time for printed flyers: a module of its own, so
that the codes kept in .cache/ are drawn again only when this drawing changes (``cache.KEPT``)."""

from __future__ import annotations

import re

import zxingcpp
from markupsafe import Markup

from .cache import Cache


class QrCodes:
    """The QR codes of the pages' addresses, drawn at build time for printed flyers (the templates'
    ``qr_svg``) and kept in a table by address: a page drawn again (its dates moved on) keeps its code.
    A first national build draws 11,700, in the workers that render the pages (``pages.Renderer``)."""

    def __init__(self, cache: Cache) -> None:
        self.codes = cache.table("qr")  # kept while this module and zxing-cpp stay the same

    def __call__(self, url: str) -> Markup:
        return Markup(self.codes.get_or_make(url, lambda: draw_qr(url)).decode("ascii"))


def draw_qr(url: str) -> bytes:
    # zxing-cpp encodes in C++: 0.3 ms a code, where segno (pure Python) took 1.8 ms, 11,700 times in a
    # first national build. Level M (15 % of the code may be smudged), as most printed addresses.
    code = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    modules = code.to_image(scale=1, add_quiet_zones=False)  # a byte a module: 0 dark, 255 light
    size, data = modules.shape[1], bytes(modules)
    return qr_svg([data[start:start + size] for start in range(0, len(data), size)])


def qr_svg(rows: list[bytes], scale: int = 4, border: int = 2) -> bytes:
    """The dark modules (0 in ``rows``) as one path of horizontal runs, each a line through the middle
    of its row and moved to from the end of the one before: the smallest SVG of a code."""
    size = len(rows) + 2 * border
    runs, x, y = [f"M0 {border}.5"], 0, border
    for row_y, row in enumerate(rows, start=border):
        for found in _DARK_RUN.finditer(row):
            start, end = found.span()
            runs.append(f"m{start + border - x} {row_y - y}h{end - start}")
            x, y = end + border, row_y
    return (f'<svg width="{size * scale}" height="{size * scale}" viewBox="0 0 {size} {size}">'
            f'<path fill="#fff" d="M0 0h{size}v{size}h-{size}z"/>'
            f'<path stroke="#000" d="{"".join(runs)}"/></svg>').encode("ascii")


_DARK_RUN = re.compile(b"\x00+")
