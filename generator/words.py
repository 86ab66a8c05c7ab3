"""Content words of a text for the search index, by a Japanese tokenizer (Janome, pure Python).

「ご家族が学び、同じ立場の人と話せる場です」 → 家族, 学ぶ, 立場, 人, 話せる, 場: nouns, verbs and
adjectives in their dictionary form. The browser needs no dictionary: it matches what is typed
against these words, the vocabulary of data/topics.yml and the names.
"""

from __future__ import annotations

import re
from functools import cached_property

from .cache import Table

_KEPT = ("名詞", "動詞", "形容詞")
_SKIPPED = {"数", "非自立", "代名詞", "接尾"}  # 2024, こと, これ, 市
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")  # leaves out symbols and stray Latin letters


class Words:
    """Janome needs about a second to start and 20 ms a description, so words are kept in a cache
    table between builds."""

    def __init__(self, table: Table | None = None) -> None:
        self._table = table if table is not None else Table(None)

    @cached_property
    def _tokenizer(self):
        from janome.tokenizer import Tokenizer  # loaded only when a text is new

        return Tokenizer()

    def of(self, text: str) -> list[str]:
        return self._table.get_or_make(text, lambda: self._tokenize(text))

    def _tokenize(self, text: str) -> list[str]:
        found = []
        for token in self._tokenizer.tokenize(text):
            pos = token.part_of_speech.split(",")
            if pos[0] in _KEPT and not _SKIPPED.intersection(pos[1:3]) and _JAPANESE.search(token.surface):
                found.append(token.base_form if token.base_form != "*" else token.surface)
        return list(dict.fromkeys(found))
