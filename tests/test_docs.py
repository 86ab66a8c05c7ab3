"""The documentation as a reader finds it on GitHub: a short README, one file per topic in docs/, and
every relative link and #anchor between them leading somewhere. No site build."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
# The topics README.md sends people to; each starts by saying whom it is for.
TOPICS = ("architecture", "engines", "search", "opendata", "accessibility", "security", "editor",
          "new-prefecture", "performance", "deploy", "features", "testing")
LINKED = [README, ROOT / "CONTRIBUTING.md", ROOT / "bench" / "HISTORY.md", *sorted((ROOT / "docs").glob("*.md"))]

_FENCE = re.compile(r"^(```|~~~).*?^\1", re.M | re.S)
_CODE = re.compile(r"`[^`\n]*`")
_LINK = re.compile(r"!?\[(?:[^\[\]]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_HEADING = re.compile(r"^#{1,6}[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
_ANCHOR = re.compile(r"<a\s[^>]*(?:name|id)=\"([^\"]+)\"", re.I)


def _prose(text: str) -> str:
    """The text without code blocks and code spans, where a link is only an example."""
    return _CODE.sub("", _FENCE.sub("", text))


def slug(heading: str) -> str:
    """GitHub's anchor for a heading (github-slugger): the text as shown, lower case, every character
    that is not a letter, mark, digit, connector, space or hyphen removed, each space a hyphen."""
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", heading)  # a link shows its text
    text = re.sub(r"<[^>]+>", "", text).lower()
    kept = "".join(c for c in text if c in " -" or unicodedata.category(c)[0] in "LMN" or unicodedata.category(c) == "Pc")
    return kept.replace(" ", "-")


def anchors(path: Path) -> set[str]:
    """Every anchor GitHub makes in a Markdown file: one per heading, repeated ones numbered -1, -2…"""
    text = _FENCE.sub("", path.read_text(encoding="utf-8"))
    found: set[str] = set(_ANCHOR.findall(text))
    seen: dict[str, int] = {}
    for heading in _HEADING.findall(text):
        base = slug(heading)
        count = seen.get(base, 0)
        seen[base] = count + 1
        found.add(base if count == 0 else f"{base}-{count}")
    return found


def links(path: Path) -> list[str]:
    return [target for target in _LINK.findall(_prose(path.read_text(encoding="utf-8")))
            if not re.match(r"[a-z][a-z0-9+.-]*:", target, re.I)]  # http:, mailto:… are not ours to check


def test_slug_follows_githubs_rule_for_japanese_and_english_headings():
    assert slug("最初に一度だけ: 県の情報システム担当の方へ") == "最初に一度だけ-県の情報システム担当の方へ"
    assert slug("「いま受付中か」と、電話以外の相談方法") == "いま受付中かと電話以外の相談方法"
    assert slug("Compared with Pagefind and Material's search") == "compared-with-pagefind-and-materials-search"
    assert slug("Worked example: an entry's phone number") == "worked-example-an-entrys-phone-number"
    assert slug("How large `.cache/` stays") == "how-large-cache-stays"


def test_readme_is_short():
    lines = README.read_text(encoding="utf-8").splitlines()
    assert len(lines) <= 200, f"README.md has {len(lines)} lines; move detail to docs/"


@pytest.mark.parametrize("topic", TOPICS)
def test_each_topic_exists_and_says_whom_it_is_for(topic):
    path = ROOT / "docs" / f"{topic}.md"
    assert path.exists(), f"docs/{topic}.md is missing"
    paragraphs = [p.strip() for p in path.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    assert paragraphs[0].startswith("# "), f"docs/{topic}.md should open with its title"
    assert paragraphs[1].startswith("For "), f"docs/{topic}.md: the line after the title says whom it is for"


def test_readme_sends_readers_to_every_topic():
    targets = set(links(README))
    missing = [topic for topic in TOPICS if f"docs/{topic}.md" not in targets]
    assert not missing, f"README.md does not link to docs/{missing}"


@pytest.mark.parametrize("path", LINKED, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_relative_link_and_anchor_resolves(path):
    broken = []
    for target in links(path):
        file_part, _, anchor = target.partition("#")
        linked = (path.parent / unquote(file_part)).resolve() if file_part else path
        if not linked.exists():
            broken.append(f"{target}: no file {linked.relative_to(ROOT) if linked.is_relative_to(ROOT) else linked}")
        elif anchor and linked.suffix == ".md" and unquote(anchor) not in anchors(linked):
            broken.append(f"{target}: no heading with that anchor in {linked.relative_to(ROOT)}")
    assert not broken, f"{path.relative_to(ROOT)}:\n" + "\n".join(broken)
