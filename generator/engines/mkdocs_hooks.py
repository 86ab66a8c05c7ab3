"""The adapter between the generator and MkDocs + Material (listed under ``hooks:`` in mkdocs.yml).

It runs the generator when MkDocs reads its config, hands every output to MkDocs as a generated file
in one loop, puts the HTML bodies of entry and area pages in without Markdown and draws them from one
shell per kind of page (``_Shells``), passes what the theme shows on every page, and watches ``data/``
and the templates under ``mkdocs serve``. MkDocs calls hooks as module
functions; they all delegate to one ``Adapter``, which holds the state of the running build.
"""

from __future__ import annotations

import copy
import hashlib
import logging
import os
import re
import shutil
import time
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url
from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileClosedEvent, FileCreatedEvent,
                             FileDeletedEvent, FileModifiedEvent, FileMovedEvent)
from watchdog.observers import Observer

from generator import build, messages, pages
from generator.cache import Cache
from generator.cards import FontMissing
from generator.editor import EditorError
from generator.loader import CatalogueError
from generator.outputs import finish_page, finish_part, link_or_copy, write_if_changed

log = logging.getLogger("mkdocs.plugins.generator")
_FIRST_HEADING = re.compile(r'<h1 id="(?P<id>[^"]+)">(?P<name>.*?)</h1>', re.S)


class Adapter:
    def __init__(self) -> None:
        self.serving = False
        self.builder: build.Builder | None = None
        self.staged: dict[str, str] = {}  # under serve: each output's file, kept until it changes
        self.result: build.Build | None = None
        self.compiled = _Compiled()
        self.rebuild = False
        self.theme_templates: tuple = ()  # each override template's time and size, at the last build
        self.changed: frozenset[str] | None = None  # what this build hands over again; None: everything
        self.partial = False  # this build hands over only the outputs an edit changed
        self.shells: _Shells | None = _Shells(policy=True)  # None: the theme draws every page in full
        self.env: jinja2.Environment | None = None
        self.site: _SiteInPlace | None = None  # mkdocs build: the last build's site, updated in place
        self.later: list[_DrawnLater] = []  # cards put into the site once MkDocs is done

    def on_startup(self, command, dirty) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        project = Path(config.config_file_path).parent
        if self.builder is None:  # one for the whole process: a serve rebuild reads only changed files
            self.builder = build.Builder(project / "data", config.site_url or "http://127.0.0.1:8000/",
                                         Cache(project / ".cache"), Path(config.docs_dir),
                                         project / ".cache" / "accessibility" / "results.json")
            if self.serving:  # an edited name needs pykakasi: have it ready before the first edit
                self.builder.readings.prepare()
        self.rebuild = self.builder.last is not None  # under serve, into the site the last build left
        templates = _stamps(config.theme.custom_dir)
        try:
            self.result = self.builder.run(wait=False)  # cards: drawn while MkDocs works, put in last
        except CatalogueError as error:
            for problem in error.problems:
                log.error(str(problem))
            raise PluginError(messages.problem("build_stopped")) from None
        except (FontMissing, EditorError) as error:
            raise PluginError(str(error)) from None
        if self.result.warnings:
            # Warnings are for staff (make check lists them), not a reason to stop a strict build.
            log.info(messages.text("warnings_summary", count=len(self.result.warnings)))
        stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in self.result.timings.items())
        log.info(messages.text("generated", pages=len(self.result.pages), files=len(self.result.files),
                               seconds=sum(self.result.timings.values()), stages=stages))
        config.site_name = self.result.catalogue.site.name
        config.site_description = self.result.catalogue.site.description
        config.extra["generated"] = self.result.theme
        # Every page is drawn with the theme's templates: after one was edited, every page is handed over.
        self.changed = self.result.changed if templates == self.theme_templates else None
        self.theme_templates = templates
        return config

    def on_pre_build(self, config) -> None:
        if not self.serving:  # under serve, --dirty keeps the last build's site anyway
            self.site = _SiteInPlace(Path(config.site_dir))

    def on_post_build(self, config) -> None:
        self.result.wait()
        for file in self.later:
            file.link()
        self.later = []
        if self.site is not None:
            self.site.close(finished=True)
            self.site = None

    def on_build_error(self, error) -> None:
        if self.result is not None:
            self.result.wait()
        self.later = []
        if self.site is not None:
            self.site.close(finished=False)
            self.site = None

    def on_files(self, files, config):
        if self.shells is not None:  # the theme's templates and what every page shows may have changed
            self.shells = _Shells(policy=not self.serving)
        # After an edit under make serve, only what changed is handed over: the rest of site/ is as the
        # last build left it (--dirty). The pages of the navigation always are (it lists them), and
        # everything when a written page changed (its links need every page).
        changed = self.changed
        self.partial = (self.serving and changed is not None
                        and not any(page.is_modified() for page in files.documentation_pages()))
        if self.site is not None:
            self.site.shown()
            self.site.files = files
        for output in self.result.outputs:
            if self.partial and output.path not in changed and (output.html is not None or not output.is_page):
                continue
            if not (output.source or self.serving):
                file = _Written.generated(config, output.path, content=output.content)
            else:
                # Under --dirty, MkDocs builds what is newer than its built page: an unchanged output keeps
                # its old file (named by its content), so only what an edit touched is built again.
                source = output.source or self._staged(output)
                if output.path in self.result.later:  # still being drawn: put in once MkDocs is done
                    file = _DrawnLater.generated(config, output.path, abs_src_path=str(source))
                    self.later.append(file)
                    files.append(file)
                    continue
                if self.rebuild and (changed is None or output.path in changed):
                    os.utime(source)  # a file kept from before (an edit undone) is older than what was built since
                file = _Kept.generated(config, output.path, abs_src_path=str(source))
            if output.html is not None:
                _HtmlPage(file, config, output)  # MkDocs takes the page a file already has
            files.append(file)
        return files

    def on_env(self, env, config, files):
        env.bytecode_cache = self.compiled  # MkDocs makes a new environment for every build
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({_Shells.TEMPLATE: "{{ sg_drawn }}"}), env.loader])
        self.env = env
        return env

    def _staged(self, output) -> str:
        """Under serve, the output's file in .cache/: written again only when the output changed."""
        changed = self.changed
        if output.path not in self.staged or changed is None or output.path in changed:
            data = output.read()
            key = self.builder.cache.key("staged", output.path, hashlib.sha256(data).hexdigest())
            self.staged[output.path] = str(self.builder.cache.put("staged", key, data))
        return self.staged[output.path]

    @event_priority(50)  # before Material's search plugin: see the end
    def on_page_context(self, context, page, config, nav):
        if isinstance(page, _HtmlPage):
            template = self.env.get_template("main.html")
            context["sg_drawn"] = (self.shells.draw(template, context, page, config.site_url) if self.shells
                                   else self._finish(template.render(context)))
            # Drawn. Material's search plugin, next, would search every body for attributes of its own
            # (a second or two nationally) that these pages never have; it indexes none of them.
            page.content = ""
        return context

    def _finish(self, html: str) -> str:
        # Not under make serve: its live-reload script is put in later and the policy would block it.
        return finish_page(html, policy=not self.serving)

    def on_post_page(self, output, page, config):
        finished = output if isinstance(page, _HtmlPage) else self._finish(output)
        if self.site is None:
            return finished
        write_if_changed(Path(page.file.abs_dest_path), finished.encode("utf-8", errors="xmlcharrefreplace"))
        return ""  # written: MkDocs writes no empty page (see _SiteInPlace)

    def on_post_template(self, output_content, template_name, config):
        if self.partial and template_name == "sitemap.xml":
            return ""  # would list only the pages handed over: the last full one stays
        return output_content if self.serving else finish_page(output_content)  # 404.html

    def on_serve(self, server, config, builder):
        # MkDocs watches docs_dir and mkdocs.yml by listing every file twice a second: nationally the
        # 10,000 data files would cost a tenth of a second each time, taken from the builds, and an
        # edit would wait for the next listing. The system's own notices tell of an edit at once.
        mkdocs_own = [config.docs_dir, config.config_file_path]
        for path in mkdocs_own:
            server.unwatch(path)
        server.observer = _Notified()
        for path in (*mkdocs_own, Path(config.config_file_path).parent / "data", config.theme.custom_dir,
                     pages.TEMPLATES):
            if path:  # MkDocs: the data, the theme's and the generator's templates too
                server.watch(str(path))
        return server


class _HtmlPage(Page):
    """An entry or area page: its body is HTML already and its front matter known, so MkDocs reads no
    file, parses no YAML and runs no Markdown for it; the adapter draws it (see ``on_page_context``)."""

    def __init__(self, file: File, config, output) -> None:
        super().__init__(None, file, config)
        self._output = output

    def read_source(self, config) -> None:
        self.markdown = ""
        self.meta = {**pages.read_front_matter(self._output.content), "template": _Shells.TEMPLATE}

    def render(self, config, files) -> None:
        self.content = self._output.html
        title = _FIRST_HEADING.search(self.content)
        if title:  # the theme's "skip to content" link points at the first heading of the contents
            self.toc = get_toc([{"level": 1, "id": title["id"], "name": title["name"], "children": []}])


class _Shells:
    """Material draws an entry or area page from its title, description, card, address, first heading
    and body; all else is the same for every page in the same folder with the same front-matter keys
    (they are outside the navigation). Nationally the theme would take 3 ms for each of 11,700 pages: it
    draws each kind once with a marker in each of those places, the shell is finished once
    (``outputs.finish_page``) and the markers are then filled in for every page, each filling finished
    apart (``outputs.finish_part``). The first page of each kind is drawn in full as well, and a kind
    whose filled page differs from it is drawn in full from then on; a page with ``<>&"'`` or a line
    break in its title, description, card or address is drawn in full, as the theme escapes those
    differently in different places, and so is a page with a link to itself or to its source, or a
    body that ``finish_part`` cannot finish apart. Every page comes out finished."""

    TEMPLATE = "sg-drawn.html"  # all it holds is the page drawn here
    _FIELDS = ("title", "description", "image", "slug", "heading", "body")
    _MARKS = {name: f"sgmark{name}a1f9" for name in _FIELDS}
    _HEADED = "<h1"  # Material adds a heading to a body without one; see _marked
    _MARKED = re.compile(f"(?:{_HEADED})?sgmark({'|'.join(_FIELDS)})a1f9")
    _UNSAFE = re.compile(r"[<>&\"'\n]")

    def __init__(self, policy: bool) -> None:
        self._policy = policy  # the Content-Security-Policy too (not under serve)
        self._shells: dict[str, tuple[list[str], str] | None] = {}  # shape → (shell, its address), or None
        self.filled = 0  # pages filled in rather than drawn

    def draw(self, template: jinja2.Template, context: dict, page: _HtmlPage, site_url: str | None) -> str:
        head, slug, tail = _address(page.url)
        fields = {"title": page.meta.get("title", ""), "description": page.meta.get("description", ""),
                  "image": page.meta.get("image", ""), "slug": slug}
        headed = self._HEADED in page.content
        shape = repr((head, tail, headed, [item.id for item in page.toc.items[:1]],
                      sorted((key, repr(value)) for key, value in page.meta.items() if key not in fields)))
        known = self._shells.get(shape, ())
        heading = page.toc.items[0].title if page.toc.items else ""
        parts = {"heading": finish_part(heading, self._policy),
                 "body": finish_part(page.content, self._policy)}
        if (known is None or None in parts.values() or any(self._UNSAFE.search(str(v)) for v in fields.values())
                or page.edit_url):  # MkDocs gives generated pages none; were it to, each has its own
            return self._finish(template.render(context))
        fills = {**fields, **parts}
        if known and not self._links_to(page, *known):
            self.filled += 1
            return _fill(known[0], fills)
        drawn = self._finish(template.render(context))
        if not known:  # the first page of its shape: the shell is kept if it fills in to the same page
            marked = self._marked(page, site_url, head + self._MARKS["slug"] + tail, headed)
            shell = (self._MARKED.split(self._finish(template.render({**context, "page": marked}))), marked.url)
            if not self._links_to(page, *shell):
                self._shells[shape] = shell if _fill(shell[0], fills) == drawn else None
        return drawn

    def _finish(self, html: str) -> str:
        return finish_page(html, policy=self._policy)

    @staticmethod
    def _links_to(page: _HtmlPage, shell: list[str], address: str) -> bool:
        """Whether the shell links to the page (as the call bar does on the main line's own page): the
        shell has a link to a sibling there, the page a link to itself, "./"."""
        link = get_relative_url(page.url, address)
        return any(link in text for text in shell[::2])

    def _marked(self, page: _HtmlPage, site_url: str | None, url: str, headed: bool) -> Page:
        """The page at ``url`` with a marker in place of each thing that differs from page to page."""
        marks = self._MARKS
        marked, marked.file = copy.copy(page), copy.copy(page.file)
        marked.file.url = url
        marked._set_canonical_url(site_url)
        marked.meta = {**page.meta, **{key: marks[key] for key in ("title", "description", "image") if key in page.meta}}
        # Written in so that the theme sees a heading where the page has one: the filling takes it out.
        marked.content = (self._HEADED if headed else "") + marks["body"]
        marked.toc = get_toc([{"level": item.level, "id": item.id, "name": marks["heading"], "children": []}
                              for item in page.toc.items[:1]])
        return marked


def _fill(shell: list[str], fills: dict[str, str]) -> str:
    """A shell split at its markers (text, name, text, name, …) with each name filled in."""
    return "".join(part if i % 2 == 0 else fills[part] for i, part in enumerate(shell))


def _address(url: str) -> tuple[str, str, str]:
    """A page's address in three: "service/", "e7", "/"."""
    stem = url.rstrip("/")
    slug = stem.rpartition("/")[2]
    return stem[:-len(slug)], slug, url[len(stem):]


class _Kept(File):
    """A file kept in .cache/, put into the site as a hard link rather than copied."""

    def copy_file(self, dirty: bool = False) -> None:
        if dirty and not self.is_modified():
            return
        self.link()

    def link(self) -> None:
        os.makedirs(os.path.dirname(self.abs_dest_path), exist_ok=True)
        link_or_copy(Path(self.abs_src_path), Path(self.abs_dest_path))


class _DrawnLater(_Kept):
    """A card workers are still drawing when MkDocs copies the files: linked in ``on_post_build``."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


class _Written(File):
    """A file made in this build (a calendar, a feed, the search index), written only if it changed."""

    def copy_file(self, dirty: bool = False) -> None:
        write_if_changed(Path(self.abs_dest_path), self.content_bytes)


class _SiteInPlace:
    """``mkdocs build`` into the last build's site, writing only the files that changed and removing
    what this build no longer makes. Nationally a build makes 28,000 files; on a disk like CI's,
    removing the last site (as MkDocs does first) and writing every file again takes half a minute,
    comparing them a second.

    MkDocs leaves hidden entries of the site folder alone when it cleans it: the site is hidden from
    ``on_pre_build`` until ``on_files`` (MkDocs cleans in between). The adapter writes each page itself
    and hands MkDocs an empty one, which it does not write; the note MkDocs logs for that is left out.
    """

    HIDDEN = ".sg-kept-"

    def __init__(self, folder: Path) -> None:
        self.folder, self.started = folder, time.time()
        self.files: list[File] = []  # what this build makes, as MkDocs has them after on_files
        self.shown()  # what a build stopped between the two left hidden
        for entry in self._entries():
            if not entry.name.startswith("."):
                os.rename(entry.path, folder / (self.HIDDEN + entry.name))
        _MKDOCS_BUILD_LOG.addFilter(self._not_skipped)

    def _entries(self) -> list[os.DirEntry]:
        return list(os.scandir(self.folder)) if self.folder.is_dir() else []

    def shown(self) -> None:
        for entry in self._entries():
            if entry.name.startswith(self.HIDDEN):
                shown = self.folder / entry.name[len(self.HIDDEN):]
                if shown.exists():  # made again by a build after one stopped while it was hidden
                    shutil.rmtree(entry.path) if entry.is_dir(follow_symlinks=False) else os.unlink(entry.path)
                else:
                    os.rename(entry.path, shown)

    def close(self, finished: bool) -> None:
        """After a finished build, remove what no part of it wrote: not one of its files, nor written
        since it began (the theme's 404 page and sitemap, the search plugin's index). After a failed one,
        the site as far as it got."""
        _MKDOCS_BUILD_LOG.removeFilter(self._not_skipped)
        self.shown()
        if not finished:
            return
        made = {os.path.normpath(file.abs_dest_path) for file in self.files}
        for entry in self._entries():  # not the hidden ones, as MkDocs
            if entry.name.startswith("."):
                continue
            if not entry.is_dir(follow_symlinks=False):
                self._remove_if_stale(entry.path, made)
                continue
            for folder, _, names in os.walk(entry.path, topdown=False):
                for name in names:
                    self._remove_if_stale(os.path.join(folder, name), made)
                if not os.listdir(folder):
                    os.rmdir(folder)

    def _remove_if_stale(self, path: str, made: set[str]) -> None:
        if path not in made and os.stat(path, follow_symlinks=False).st_mtime < self.started:
            os.unlink(path)

    @staticmethod
    def _not_skipped(record: logging.LogRecord) -> bool:
        return not record.getMessage().startswith("Page skipped: ")


_MKDOCS_BUILD_LOG = logging.getLogger("mkdocs.commands.build")


class _Notified(Observer):
    """The system's notices of change (inotify, FSEvents, ReadDirectoryChangesW) for MkDocs' live reload,
    leaving out files only opened or read: every build reads the written pages, which would start
    another build."""

    def schedule(self, handler, path, *, recursive=False, event_filter=None, follow_symlink=False):
        return super().schedule(handler, path, recursive=recursive, event_filter=event_filter or _CHANGES,
                                follow_symlink=follow_symlink)


_CHANGES = [FileCreatedEvent, FileModifiedEvent, FileClosedEvent, FileDeletedEvent, FileMovedEvent,
            DirCreatedEvent, DirDeletedEvent, DirMovedEvent]


def _stamps(folder: str | None) -> tuple:
    """The time and size of each template in ``folder``: what tells an edited one."""
    if not folder:
        return ()
    return tuple(sorted((str(path), path.stat().st_mtime_ns, path.stat().st_size)
                        for path in Path(folder).rglob("*.html")))


class _Compiled(jinja2.BytecodeCache):
    """The theme's templates, compiled once per process rather than on every rebuild of make serve."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


_adapter = Adapter()
on_startup = _adapter.on_startup
on_config = _adapter.on_config
on_pre_build = _adapter.on_pre_build
on_files = _adapter.on_files
on_env = _adapter.on_env
on_page_context = _adapter.on_page_context
on_post_page = _adapter.on_post_page
on_post_template = _adapter.on_post_template
on_serve = _adapter.on_serve
on_post_build = _adapter.on_post_build
on_build_error = _adapter.on_build_error
