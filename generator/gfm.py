"""Contributor text inside GitHub Markdown (nightly issues, the job summary), written so it stays text.

A name, a source or what a web server answered to the link check may hold ``@user`` (a mention that
notifies), ``#12`` (a reference that shows on another issue), links, autolinks, HTML, code spans or an
HTML comment that looks like our own marker. ``inert`` keeps what it says and takes away what it does.
"""

from __future__ import annotations

import re

ZWJ = "\u200d"  # invisible: "@\u200duser" is not a mention, "https:\u200d//" not an autolink
_SPACE = re.compile(r"\s+")
# Backslash-escaped: Markdown's link, image, emphasis, code, table and heading characters.
_PUNCTUATION = re.compile(r"([\\`*_\[\]()!|~#{}])")
# GitHub turns these into mentions, issue references and links even in plain text.
_LIVE = re.compile(r"([@#＠＃])|(:)(?=//)|\b(www)(?=\.)", re.IGNORECASE)


def inert(text: object) -> str:
    """One line of plain text for GitHub Markdown."""
    text = _SPACE.sub(" ", str(text)).strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LIVE.sub(lambda m: m.group() + ZWJ, text)
    return _PUNCTUATION.sub(r"\\\1", text)


def plain(text: object) -> str:
    """One line for a place GitHub shows as text but still scans for mentions (an issue's title)."""
    return _LIVE.sub(lambda m: m.group() + ZWJ, _SPACE.sub(" ", str(text)).strip())


def cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` characters, ending with "…" when shortened, never in the middle of
    an escape (a lone ``\\`` or ``&lt``) that would change what follows."""
    if len(text) <= limit:
        return text
    kept = text[:limit - 1]
    kept = re.sub(r"&[a-z]*$", "", kept)
    if (len(kept) - len(kept.rstrip("\\"))) % 2:
        kept = kept[:-1]
    return kept + "…"
