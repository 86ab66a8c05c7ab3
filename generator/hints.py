"""Kinder explanations of the mistakes staff make most when typing YAML by hand.

The parser and the model find that something is wrong; these functions find *why*, for the cases
where their own message would point one line late or miss the cause: a quote left open, a full-width
colon or space typed by the Japanese input method, full-width digits in a phone number, a schedule or
a phone number written as plain Japanese, an area given by its name instead of its code.
Each returns the key of a message in ``messages.yml`` (``problems:``) and the values it needs.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import TypeAdapter, ValidationError

from . import messages
from .model import Area, PhoneNumber
from .yamlfile import Position

_BLOCK_SCALAR = re.compile(r"(?:^|:|-)\s*[|>][-+0-9]*\s*(?:#.*)?$")  # description: |  starts free text
_FULLWIDTH_INDENT = re.compile(r"^ *\u3000")
_FULLWIDTH_COLON = re.compile(r"^(?:- +)?[^\s:：#\"'][^:：#]*?(：)")
_QUOTED_VALUE = re.compile(r"^(?:- +)?(?:[^\s\"'#][^:#]*:\s+)?(?P<quote>[\"'])(?P<rest>.*)$")
_MONTHLY_TEXT = re.compile(r"第\s*(?P<week>[1-5１-５])\s*(?P<day>[月火水木金土日])")
_WEEKDAYS = dict(zip("月火水木金土日", ("mon", "tue", "wed", "thu", "fri", "sat", "sun")))


def syntax(text: str, error_line: int) -> tuple[Position, str, dict] | None:
    """The first typing mistake at or before the line where YAML gave up, outside free text."""
    block_indent = None
    for number, line in enumerate(text.split("\n")[:error_line], 1):
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None and (not stripped.strip() or indent > block_indent):
            continue  # inside description: | … where anything may be written
        block_indent = None
        if _FULLWIDTH_INDENT.match(line):
            return Position(number, indent + 1), "fullwidth_indent", {}
        if stripped.startswith("#"):
            continue
        colon = _FULLWIDTH_COLON.match(stripped)
        if colon:
            return Position(number, indent + colon.start(1) + 1), "fullwidth_colon", {}
        quoted = _QUOTED_VALUE.match(stripped)
        if quoted and not _closed(quoted["quote"], quoted["rest"]):
            return Position(number, indent + quoted.start("quote") + 1), "unclosed_quote", {"quote": quoted["quote"]}
        if _BLOCK_SCALAR.search(stripped):
            block_indent = indent
    return None


def _closed(quote: str, rest: str) -> bool:
    if quote == '"':
        return re.match(r'(?:[^"\\]|\\.)*"', rest) is not None
    return re.match(r"(?:[^']|'')*'(?!')", rest) is not None


def unknown_key(key: str) -> tuple[str, dict] | None:
    """A key that is not a field: typed with the IME on, or written in Japanese."""
    if "\u3000" in key:
        return "fullwidth_indent", {}
    if "：" in key:
        return "fullwidth_colon", {}
    where = messages.japanese_key(key.strip())
    return ("japanese_key", {"key": key, "where": where}) if where else None


def value(kind: str, field: str, given: object, areas_by_name: dict[str, Area],
          places: str = messages.PLACES) -> tuple[str, dict] | None:
    """A better message for a value the model rejected, when its cause is a common one (``places``: what
    the site calls its municipalities)."""
    if kind == "phone" and isinstance(given, str):
        plain = unicodedata.normalize("NFKC", given).replace("ー", "-").replace("−", "-")
        if plain != given:
            return "phone_fullwidth", {"value": given, "plain": plain}
        written = phone_as_written(plain)
        if written:
            return "phone_written_as", {"value": given, "plain": written}
    if kind == "list_type" and given is None:  # "sessions:" with nothing under it
        return "empty_list", {"field": messages.field_name(field), "key": field}
    if kind in ("model_type", "dict_type") and field == "schedule" and isinstance(given, str):
        found = _MONTHLY_TEXT.search(given)
        if found:
            week = unicodedata.normalize("NFKC", found["week"])
            return "schedule_monthly_text", {"value": given, "week": week, "day": _WEEKDAYS[found["day"]]}
        return "schedule_text", {"value": given}
    if isinstance(given, str) and (kind == "area_code" or field == "areas"):
        area = areas_by_name.get(unicodedata.normalize("NFKC", given).strip())
        if area:  # one name in the list, or the name alone where a list or all belongs
            key = "area_by_name" if kind == "area_code" else "area_by_name_alone"
            said = messages.problem("area_named" if given.strip() == area.name else "area_guessed",
                                    value=given, name=area.name, places=places)
            return key, {"value": given, "code": area.code, "name": area.name, "said": said}
    return None


_BRACKETED = re.compile(r"^\(?(0\d{1,4})\)\s*-?\s*(\d{1,4})\s*-?\s*(\d{3,4})$")  # (059)253-7826
_INTERNATIONAL = re.compile(r"^\+\s*81[\s-]*(?:\(0\)|0)?[\s-]*\(?(\d{1,4})\)?[\s-]*(\d{1,4})[\s-]*(\d{3,4})$")  # +81-59-…
_PHONE_NUMBER = TypeAdapter(PhoneNumber)
_SIGNED = re.compile(r"^[-+‐\s]+(?=0)")  # -059-253-7826


def phone_as_written(value: str) -> str | None:
    """The number in the form the check takes, when it was written with brackets, +81 or a sign."""
    value = value.strip()
    international, bracketed = _INTERNATIONAL.match(value), _BRACKETED.match(value)
    if international:
        written = f"0{international[1]}-{international[2]}-{international[3]}"
    elif bracketed and "(" in value:
        written = f"{bracketed[1]}-{bracketed[2]}-{bracketed[3]}"
    elif _SIGNED.match(value):
        written = _SIGNED.sub("", value)
    else:
        return None
    try:  # only a form the check itself takes is suggested
        return _PHONE_NUMBER.validate_python(written)
    except ValidationError:
        return None


def area_names(areas: list[Area]) -> dict[str, Area]:
    """Areas by the names staff may type: 亀山市, and 亀山 without 市・町・村."""
    names: dict[str, Area] = {}
    for area in areas:
        names[area.name] = area
        names.setdefault(re.sub(r"[市町村]$", "", area.name), area)
    return names


_HALFWIDTH_KANA = re.compile(r"[\uff61-\uff9f]+")


def halfwidth_kana(text: str) -> tuple[str, str] | None:
    """Half-width katakana (ﾆｼﾞﾉｶｲ) and its full-width form (ニジノカイ): searched and read aloud badly."""
    found = _HALFWIDTH_KANA.search(text)
    return (found.group(), unicodedata.normalize("NFKC", found.group())) if found else None
