"""The two engines the site's search is compared with, on the same built site and the same queries:

- Pagefind (PyPI ``pagefind[bin]``, its binary in the wheel): indexes the content of every page of a
  copy of the site; queried in the browser through its own ``pagefind.js``.
- Material for MkDocs' own search: its plugin's ``SearchIndex`` run over the HTML of every page (the
  site leaves generated pages out of that index, so it is rebuilt here with the same lunr settings),
  queried through Material's own web worker (lunr, with its Japanese segmenter) in the browser.

Each gives ``top5(query, at) -> [page addresses]`` for bench/recall.py.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from bs4 import BeautifulSoup
from material.plugins.search.plugin import SearchIndex

_SKIPPED = ("pagefind/", "assets/", "search/")  # not pages: bundles, the theme, the site's own search page


# What both engines index of a page: its content, as a site that adopts one would mark it (not the
# header, navigation and call bar repeated on every page).
CONTENT = "article.md-content__inner"


def add_pagefind(site: Path) -> None:
    """Pagefind's index of every page, written into ``site/pagefind/``."""
    subprocess.run([sys.executable, "-m", "pagefind", "--site", str(site), "--root-selector", CONTENT, "--silent"],
                   check=True)


def add_material_index(site: Path) -> None:
    """Material's ``search/search_index.json`` for every page, with the settings the site's build chose."""
    target = site / "search" / "search_index.json"
    config = json.loads(target.read_text(encoding="utf-8"))["config"]
    index = SearchIndex(**config)
    for path in sorted(site.rglob("index.html")):
        url = path.parent.relative_to(site).as_posix() + "/" if path.parent != site else ""
        if url.startswith(_SKIPPED):
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        article = soup.select_one(CONTENT)
        if article is None:
            continue
        title = soup.title.get_text() if soup.title else url
        index.add_entry_from_context(SimpleNamespace(meta={}, content=str(article), toc=[], url=url, title=title))
    target.write_text(index.generate_search_index(None), encoding="utf-8")


class Pagefind:
    def __init__(self, page, base: str) -> None:
        self.page = page
        page.goto(base + "about/")
        page.evaluate("""async base => { window.pf = await import(base + "pagefind/pagefind.js"); await window.pf.init(); }""", base)

    def __call__(self, query: str, at: str) -> list[str]:
        return self.page.evaluate("""async q => {
            const found = await window.pf.search(q);
            const data = await Promise.all(found.results.slice(0, 5).map(r => r.data()));
            return data.map(d => d.url);
        }""", query)


class Material:
    def __init__(self, page, base: str) -> None:
        self.page = page
        page.goto(base + "about/")
        page.evaluate("""async base => {
            const script = [...document.scripts].map(s => s.src).find(s => s.includes("/bundle."));
            const index = await (await fetch(base + "search/search_index.json")).json();
            const worker = new Worker(script.replace(/bundle\\.[^/]+$/, "") + "workers/" +
                (await (await fetch(base + "sg-material-worker.txt")).text()).trim());
            window.mdQuery = q => new Promise(done => { worker.onmessage = e => done(e.data); worker.postMessage({type: 2, data: q}); });
            await new Promise(done => { worker.onmessage = done; worker.postMessage({type: 0, data: {...index, options: {suggest: false}}}); });
        }""", base)

    def __call__(self, query: str, at: str) -> list[str]:
        return self.page.evaluate("""async q => {
            const answer = await window.mdQuery(q), pages = [];
            for (const group of (answer.data && answer.data.items) || []) {
                const url = group[0].location.split("#")[0];
                if (!pages.includes(url)) pages.push(url);
            }
            return pages.slice(0, 5);
        }""", query)


def add_material_worker_name(site: Path) -> None:
    """The worker's file name carries a hash: noted for the page that starts it."""
    worker = next((site / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    (site / "sg-material-worker.txt").write_text(worker.name, encoding="utf-8")
