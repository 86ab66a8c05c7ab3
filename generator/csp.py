"""Content-Security-Policy and referrer policy for every HTML page, whatever engine wrote it.

``protect(html)`` is a pure function of the finished page, so the MkDocs adapter calls it last on each
page (``on_post_page``) and any other engine's post-build pass (Zensical runs no MkDocs plugins) can call
it on each file it writes. The policy lets a page use only the site itself: scripts, styles, images,
fonts and fetches from its own origin, plus the inline scripts the theme and the generator put around
the page by their SHA-256 hash (computed here, from the page as served, so the theme can change them
freely). What the page's source gave the theme to draw (its Markdown, or a generated body) lies between
``CONTENT`` markers (overrides/main.html): a script there is never hashed, so it cannot run even if it
got past ``make check``. Nothing may frame, post to or load from another site. Links to other sites are
marked ``noreferrer``, and the referrer policy sends other sites no more than the site's origin.

The form editor (/admin/) is a page the generator makes whole, with a policy of its own (``ADMIN``).
"""

from __future__ import annotations

import base64
import hashlib
import re

# Where the theme draws what a page's source gave it (overrides/main.html): from the first start to the
# last end, so that nothing the source writes (a marker of its own included) can end the region early.
CONTENT = ("<!--sg:content-->", "<!--/sg:content-->")
# Inline <script> elements that run: no src=, and no type, or a JavaScript one (JSON data blocks such as
# Material's config and schema.org JSON-LD are not run, so the policy does not concern them).
_INLINE_SCRIPT = re.compile(r"<script(?P<attrs>(?:\s[^>]*)?)>(?P<body>.*?)</script>", re.S | re.I)
_NOT_RUN = re.compile(r"""\b(src=|type=["']?(?!(?:text|application)/(?:java|ecma)script|module)[^"'\s>])""", re.I)
# After <meta charset> when it leads the head (it must stay in the first 1024 bytes), else first in <head>.
# The site's public address (SITE_URL): Material fetches its sitemap.xml from there, which is the
# site itself once published, and another origin only when the pages are served from elsewhere.
_CANONICAL_ORIGIN = re.compile(r"""<(?:link rel="canonical" href|meta property="og:url" content)="(?P<origin>https?://[^/"]+)""")
_HEAD = re.compile(r"<head(?:\s[^>]*)?>(?:\s*<meta charset=[^>]*>)?", re.I)
_EXTERNAL_LINK = re.compile(r"""<a\s[^>]*\bhref=["']https?://[^>]*>""", re.I)
_REL = re.compile(r"""\brel=(["'])(?P<value>.*?)\1""", re.I | re.S)

# Styles only from stylesheet files: Material and our scripts set styles through the CSSOM, which the
# policy allows; checked in Chromium (tests/test_security.py) with no violation on any page kind.
POLICY = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self'; img-src 'self' data:; "
          "font-src 'self'; connect-src 'self' {connect}; object-src 'none'; base-uri 'self'; "
          "form-action 'self'; frame-src 'none'; worker-src 'self'; manifest-src 'self'")
# The form editor (Decap CMS): it checks its configuration with ajv, which compiles each schema into a
# function ('unsafe-eval'; the page holds nothing a contributor wrote), its styles are inline (emotion
# writes <style> elements), it talks to GitHub's API (and asks GitHub's status page whether it is up)
# or, on this machine, to the local proxy (``connect``), and shows the avatar of who signed in.
# Checked in Chromium while the browser tests create and edit entries (tests/test_editor_cms.py).
ADMIN = ("default-src 'self'; script-src 'self' 'unsafe-eval' {hashes}; style-src 'self' 'unsafe-inline'; "
         "img-src 'self' https://avatars.githubusercontent.com; font-src 'self'; "
         "connect-src 'self' https://api.github.com https://www.githubstatus.com {connect}; object-src 'none'; "
         "base-uri 'self'; form-action 'none'; frame-src 'none'; worker-src 'none'; manifest-src 'none'")
REFERRER = "strict-origin-when-cross-origin"


def script_hashes(html: str) -> list[str]:
    """CSP source expressions for each distinct inline script the page runs outside its content region,
    in page order."""
    start, end = html.find(CONTENT[0]), html.rfind(CONTENT[1])
    source = range(start, len(html) if end < start else end) if start >= 0 else range(0)
    found = []
    for script in _INLINE_SCRIPT.finditer(html):
        if _NOT_RUN.search(script["attrs"]) or script.start() in source:
            continue
        digest = base64.b64encode(hashlib.sha256(script["body"].encode("utf-8")).digest()).decode()
        found.append(f"'sha256-{digest}'")
    return list(dict.fromkeys(found))


def policy(html: str, template: str = POLICY, connect: str | None = None) -> str:
    """The page's policy; ``connect``: the other origins it may fetch from (by default the site's
    public address, see _CANONICAL_ORIGIN)."""
    if connect is None:
        canonical = _CANONICAL_ORIGIN.search(html)
        connect = canonical["origin"] if canonical else ""
    return template.format(hashes=" ".join(script_hashes(html)), connect=connect).replace("'self' ;", "'self';")


def _noreferrer(tag: re.Match) -> str:
    html = tag.group()
    rel = _REL.search(html)
    if rel is None:
        return html[:-1].rstrip("/ ") + ' rel="noopener noreferrer">'
    words = rel["value"].split()
    if "noreferrer" in words:
        return html
    value = " ".join(words + ["noreferrer"] + ([] if "noopener" in words else ["noopener"]))
    return html[:rel.start()] + f'rel="{value}"' + html[rel.end():]


def mark_external_links(html: str) -> str:
    """``noreferrer`` on every link to another site."""
    return _EXTERNAL_LINK.sub(_noreferrer, html)


def unmark(html: str) -> str:
    """The page without the markers of its content region."""
    return html.replace(CONTENT[0], "").replace(CONTENT[1], "")


def protect(html: str, template: str = POLICY, connect: str | None = None) -> str:
    """The page with its policies first in <head> (before any script) and noreferrer on external links."""
    head = _HEAD.search(html)
    if head is None:
        return unmark(html)
    html = mark_external_links(html)
    meta = (f'<meta http-equiv="Content-Security-Policy" content="{policy(html, template, connect)}">'
            f'<meta name="referrer" content="{REFERRER}">')
    return unmark(html[:head.end()] + meta + html[head.end():])
