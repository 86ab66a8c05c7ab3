"""ふりがな as ruby over the kanji of a name only, each run of kanji with its own part of the reading.

「みえひきこもり安心サポートライン」 with the reading 「みえひきこもりあんしんさぽーとらいん」 becomes
み え ひ き こ も り <ruby>安心<rt>あんしん</rt></ruby> サポートライン: no hiragana over kana, nothing over
brackets. Readings that cannot be lined up with the name are left out rather than shown misplaced.
"""

from __future__ import annotations

import re

import jaconv
from markupsafe import Markup, escape

_KANJI = "\u3005\u3006\u30f6\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"  # 々 〆 ヶ and the CJK blocks
_KANA = "\u3041-\u309f\u30a1-\u30fa\u30fc"  # hiragana, katakana and ー, not the middle dot ・
_RUN = re.compile(f"(?P<kanji>[{_KANJI}]+)|(?P<kana>[{_KANA}]+)|(?P<other>[^{_KANJI}{_KANA}]+)")
_SEPARATORS = re.compile(r"[\s（）()「」『』【】・,、]+")


def _pieces(name: str, reading: str) -> list[tuple[str, str | None]] | None:
    """(text, reading of it or None) for each run of ``name``; None when the reading does not fit."""
    runs = [(m.lastgroup, m.group()) for m in _RUN.finditer(name)]
    pattern, groups = "", []
    for kind, text in runs:
        if kind == "kanji":
            pattern += "(.+?)"
            groups.append(text)
        elif kind == "kana":
            pattern += re.escape(jaconv.kata2hira(text))
        else:  # brackets, spaces, latin letters: not read out in the reading, or read in kana we cannot check
            pattern += "[^ぁ-ゖ]*?" if _SEPARATORS.fullmatch(text) else "(?:.*?)"
    # Two runs of kanji with nothing readable between them cannot be told apart: do not guess.
    kinds = [k for k, t in runs if not (k == "other" and _SEPARATORS.fullmatch(t))]
    if any(a == b == "kanji" for a, b in zip(kinds, kinds[1:])):
        return None
    match = re.fullmatch(pattern, jaconv.kata2hira(reading))
    if not match:
        return None
    found, i = [], 0
    for kind, text in runs:
        if kind == "kanji":
            found.append((text, match.group(i + 1)))
            i += 1
        else:
            found.append((text, None))
    return found


def _aligned(name: str, reading: str) -> list[tuple[str, str | None]] | None:
    # A space in the reading marks where the name's parts meet: 「家族教室（北勢）」 / 「かぞくきょうしつ ほくせい」.
    name_parts = [p for p in re.split(rf"({_SEPARATORS.pattern})", name) if p]
    words = [p for p in name_parts if not _SEPARATORS.fullmatch(p)]
    said = reading.split()
    if len(said) > 1 and len(said) == len(words):
        found, readings = [], iter(said)
        for part in name_parts:
            piece = [(part, None)] if _SEPARATORS.fullmatch(part) else _pieces(part, next(readings))
            if piece is None:
                return None
            found += piece
        return found
    return _pieces(name, "".join(said))


def ruby(name: str, reading: str | None) -> Markup:
    """The name as HTML, with ruby over its kanji when ``reading`` lines up with it."""
    pieces = _aligned(name, reading) if reading else None
    if not pieces:
        return Markup(escape(name))
    return Markup("").join(
        Markup("<ruby>{}<rp>（</rp><rt>{}</rt><rp>）</rp></ruby>").format(text, said) if said else escape(text)
        for text, said in pieces)
