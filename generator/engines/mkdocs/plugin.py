"""The plugin: runs the generator when MkDocs reads its config, hands every output to MkDocs as a
generated file in one loop, passes what the theme shows on every page, finishes every page
(``outputs.finish_page``) and watches ``data/`` and the templates under ``mkdocs serve``.

Only MkDocs' documented plugin events and ``File``/``Page`` API are used here; each thing that goes
further is in a module of its own, behind a switch of ``AdapterConfig`` (see ``__init__.py``).
"""

from __future__ import annotations

import logging
from pathlib import Path

import jinja2
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from generator import build, messages, pages
from generator.cache import Cache
from generator.cards import FontMissing
from generator.editor import EditorError
from generator.loader import CatalogueError
from generator.outputs import Output, finish_page, write_if_changed

from . import search_skip
from .cards_later import DrawnLater
from .config import AdapterConfig
from .dirty_rebuilds import DirtyRebuilds
from .files import KeptFile, WrittenFile
from .html_pages import HtmlPage, heading_toc
from .native_watch import watch_natively
from .shells import DRAWN, DRAWN_TEMPLATE, Shells
from .site_in_place import SiteInPlace

log = logging.getLogger("mkdocs.plugins.generator")


class GeneratorPlugin(BasePlugin[AdapterConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.serving = False
        self.builder: build.Builder | None = None  # one for the whole process: a rebuild reads only changed files
        self.result: build.Build | None = None
        self.compiled = _Compiled()
        self.html: dict[str, Output] = {}  # this build's pages whose body is HTML already, by source path
        self.shells: Shells | None = None
        self.env: jinja2.Environment | None = None
        self.site: SiteInPlace | None = None  # mkdocs build: the last build's site, updated in place
        self.later: list[DrawnLater] = []  # cards put into the site once MkDocs is done
        self.dirty: DirtyRebuilds | None = None  # mkdocs serve: what each rebuild hands over

    @property
    def draws(self) -> bool:
        """Whether the plugin draws the HTML pages itself at ``on_page_context`` (see shells.py)."""
        return self.config.shells or self.config.search_skip

    def on_startup(self, *, command, dirty) -> None:
        self.serving = command == "serve"

    def on_config(self, config):
        project = Path(config.config_file_path).parent
        if self.builder is None:
            self.builder = build.Builder(project / "data", config.site_url or "http://127.0.0.1:8000/",
                                         Cache(project / ".cache"), Path(config.docs_dir),
                                         project / ".cache" / "accessibility" / "results.json")
            if self.serving:  # an edited name needs pykakasi: have it ready before the first edit
                self.builder.readings.prepare()
        # MkDocs reads the settings again for every rebuild of mkdocs serve: a switch may have changed.
        if not (self.serving and self.config.dirty_rebuilds):
            self.dirty = None
        elif self.dirty is None:
            self.dirty = DirtyRebuilds(self.builder.cache)
        rebuild = self.builder.last is not None  # under serve, into the site the last build left
        try:
            self.result = self.builder.run(wait=not self.config.cards_later)
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
        if self.dirty is not None:
            self.dirty.started(self.result, config.theme.custom_dir, rebuild)
        return config

    def on_pre_build(self, *, config) -> None:
        if self.config.site_in_place and not self.serving:  # under serve, --dirty keeps the site anyway
            self.site = SiteInPlace(Path(config.site_dir))

    def on_files(self, files, *, config):
        if self.config.shells:  # the theme's templates and what every page shows may have changed
            self.shells = Shells(policy=not self.serving)
        if self.dirty is not None:
            self.dirty.files(files)
        if self.site is not None:
            self.site.shown()
            self.site.files = files
        self.html = {}
        for output in self.result.outputs:
            if self.dirty is not None and not self.dirty.wanted(output):
                continue
            file = self._file(output, config)
            if output.html is not None:
                self.html[file.src_uri] = output
                if self.config.html_pages:  # MkDocs takes the page a file already has
                    HtmlPage(file, config, output, self._meta())
            files.append(file)
        return files

    def _file(self, output: Output, config) -> File:
        source = output.source or (self.dirty.source(output) if self.dirty is not None else None)
        if source is None:
            return WrittenFile.generated(config, output.path, content=output.content)
        if output.path in self.result.later:  # still being drawn: put in once MkDocs is done
            file = DrawnLater.generated(config, output.path, abs_src_path=str(source))
            self.later.append(file)
            return file
        return KeptFile.generated(config, output.path, abs_src_path=str(source))

    def _meta(self) -> dict:
        """What the plugin adds to the front matter of an HTML page."""
        return {"template": DRAWN_TEMPLATE} if self.draws else {}

    def on_page_markdown(self, markdown, *, page, config, files):
        return "" if self._html_of(page) is not None else markdown  # html_pages off: the body comes next

    def on_page_content(self, html, *, page, config, files):
        output = self._html_of(page)
        if output is None or isinstance(page, HtmlPage):
            return html
        page.meta.update(self._meta())
        toc = heading_toc(output.html)
        if toc is not None:
            page.toc = toc
        return output.html

    def _html_of(self, page: Page) -> Output | None:
        return self.html.get(page.file.src_uri)

    def on_env(self, env, *, config, files):
        env.bytecode_cache = self.compiled  # MkDocs makes a new environment for every build
        if self.draws:
            env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({DRAWN_TEMPLATE: "{{ %s }}" % DRAWN}), env.loader])
        self.env = env
        return env

    @event_priority(50)  # before Material's search plugin (search_skip.py)
    def on_page_context(self, context, *, page, config, nav):
        if self.draws and self._html_of(page) is not None:
            template = self.env.get_template("main.html")
            context[DRAWN] = (self.shells.draw(template, context, page, config.site_url) if self.shells
                              else self._finish(template.render(context)))
            if self.config.search_skip:
                search_skip.leave_no_body(page)
        return context

    def _finish(self, html: str) -> str:
        # Not under make serve: its live-reload script is put in later and the policy would block it.
        return finish_page(html, policy=not self.serving)

    def on_post_page(self, output, *, page, config):
        finished = output if self.draws and self._html_of(page) is not None else self._finish(output)
        if self.site is None:
            return finished
        write_if_changed(Path(page.file.abs_dest_path), finished.encode("utf-8", errors="xmlcharrefreplace"))
        return ""  # written: MkDocs writes no empty page (site_in_place.py)

    def on_post_template(self, output_content, *, template_name, config):
        if self.dirty is not None and self.dirty.keeps(template_name):
            return ""
        return output_content if self.serving else finish_page(output_content)  # 404.html

    def on_post_build(self, *, config) -> None:
        self.result.wait()
        for file in self.later:
            file.link()
        self.later = []
        if self.site is not None:
            self.site.close(finished=True)
            self.site = None

    def on_build_error(self, *, error) -> None:
        if self.result is not None:
            self.result.wait()
        self.later = []
        if self.site is not None:
            self.site.close(finished=False)
            self.site = None

    def on_serve(self, server, *, config, builder):
        if self.config.native_watch:
            watch_natively(server)
        # The data, the theme's and the generator's templates too.
        for path in (Path(config.config_file_path).parent / "data", config.theme.custom_dir, pages.TEMPLATES):
            if path:
                server.watch(str(path))
        return server


class _Compiled(jinja2.BytecodeCache):
    """The theme's templates, compiled once per process rather than on every rebuild of make serve."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        if bucket.key in self._code:
            bucket.bytecode_from_string(self._code[bucket.key])

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()
