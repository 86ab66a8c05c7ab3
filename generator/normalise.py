"""Search normalisation: what a resident types and what the index holds meet in one form.

NFKC (full/half width), katakana → hiragana, romaji (Hepburn and kunrei) → hiragana, then a loose
form that forgets long vowels (とういん = といん = とーいん) and ぢ/づ/を. The browser does the same
with the same table (``overrides/assets/javascripts/normalise.js``; ``romaji.json`` travels inside the
search index); tests/vectors/normalise.json holds the cases both sides must agree on.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

ROMAJI: dict[str, str] = json.loads(Path(__file__).with_name("romaji.json").read_text(encoding="utf-8"))
_LONGEST = max(map(len, ROMAJI))
_VOWELS = set("aeiou")
# The vowel each kana ends in, read off the romaji table: か → a, しょ → o.
_VOWEL_OF = {kana[-1]: roman[-1] for roman, kana in ROMAJI.items() if roman[-1] in "aiueo"}
_MACRONS = str.maketrans("āīūēōâîûêô", "aiueoaiueo")
_ROMAN = re.compile(r"[a-z'-]")
_LOOSE = str.maketrans({"ぢ": "じ", "づ": "ず", "を": "お", "ゐ": "い", "ゑ": "え"})


def romaji_to_kana(text: str) -> str:
    if not _ROMAN.search(text):
        return text  # most indexed text is kanji and kana: nothing to convert
    out, i = [], 0
    while i < len(text):
        c = text[i]
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if not ("a" <= c <= "z" or c in "-'"):
            out.append(c)
            i += 1
        elif c == nxt and c not in _VOWELS and c != "n":
            out.append("っ")  # doubled consonant: kk, tt, ss …
            i += 1
        elif c == "t" and text[i + 1:i + 3] == "ch":
            out.append("っ")  # Hepburn writes っち as tchi
            i += 1
        elif c == "n" and nxt == "n":
            out.append("ん")
            # "onna" is おんな, "kan'nna" rare: a vowel or y after nn belongs to the next kana
            i += 1 if (text[i + 2:i + 3] in _VOWELS or text[i + 2:i + 3] == "y") else 2
        elif c == "n" and (nxt == "" or (nxt not in _VOWELS and nxt != "y")):
            out.append("ん")
            i += 1 + (nxt == "'")
        elif c == "m" and nxt in ("b", "m", "p"):
            out.append("ん")  # Hepburn: namba, shimbun
            i += 1
        else:
            for size in range(_LONGEST, 0, -1):
                kana = ROMAJI.get(text[i:i + size])
                if kana:
                    out.append(kana)
                    i += size
                    break
            else:
                out.append(c)
                i += 1
    return "".join(out)


def to_hiragana(text: str) -> str:
    return "".join(chr(ord(c) - 0x60) if "ァ" <= c <= "ヶ" else c for c in text)


def loose(kana: str) -> str:
    """Forget what people write in different ways: long vowels, ぢ/じ, づ/ず."""
    kana = kana.translate(_LOOSE).replace("ー", "")
    out: list[str] = []
    for c in kana:
        before = _VOWEL_OF.get(out[-1]) if out else None
        # a vowel that only lengthens the one before: とう, とお, りい, ゆう
        if c in "あいうえお" and before and (_VOWEL_OF[c] == before or (c in "うお" and before == "o")):
            continue
        out.append(c)
    return "".join(out)


def terms(query: str) -> list[str]:
    """A query as the normalised terms that must all match."""
    text = to_hiragana(unicodedata.normalize("NFKC", query).lower().translate(_MACRONS))
    return [t for t in (loose(romaji_to_kana(w)) for w in re.split(r"[\s、,・/]+", text)) if t]


def key(text: str) -> str:
    """One indexed text in the form queries take, spaces and all separators removed."""
    return "".join(terms(text))


# Kana to romaji for ids: the search's own table read backwards, taking the Hepburn spelling where it
# has several (し shi not si, ち chi, つ tsu, ふ fu, じゃ ja).
_KUNREI = re.compile(r"^(?:s[iy]|z[iy]|t[iuy]|cy|hu|jy|x|l)")
_KANA_ROMAJI: dict[str, str] = {}
for _roman, _kana in sorted(ROMAJI.items(), key=lambda pair: (bool(_KUNREI.match(pair[0])), len(pair[0]))):
    _KANA_ROMAJI.setdefault(_kana, _roman)
_KANA_ROMAJI["ん"] = "n"


def kana_to_romaji(kana: str) -> str:
    """Hiragana as Hepburn romaji without long vowels written twice (なんじょう → nanjo, おおぎみ → ogimi):
    おう, おお and うう are shortened as the search's loose form does, so the id reads as people type it.
    Other vowels stay as written (にいがた → niigata); anything not kana is left out."""
    out: list[str] = []
    doubled = False
    for i, c in enumerate(kana):
        pair = kana[i:i + 2]
        if c in "ゃゅょ" and out:
            continue  # written with the kana before it
        if c == "っ":
            doubled = True
            continue
        if c in "うお" and out and out[-1].endswith("o") or c == "う" and out and out[-1].endswith("u"):
            continue  # a long vowel: Ōgimi written ogimi, not oogimi
        roman = _KANA_ROMAJI.get(pair) if len(pair) == 2 and pair[1] in "ゃゅょ" else None
        roman = roman or _KANA_ROMAJI.get(c, "")
        if doubled and roman:
            roman = ("t" if roman.startswith("ch") else roman[0]) + roman
            doubled = False
        out.append(roman)
    return "".join(out)
