"""The adapter to Zensical, the successor of Material for MkDocs (``make site ENGINE=zensical``).

Zensical reads ``mkdocs.yml`` and Material's templates but runs no MkDocs plugins, so this adapter
does before it starts what the MkDocs plugin (``generator/engines/mkdocs/``) does inside MkDocs: it
runs the generator, stages the docs tree (the written pages of ``docs_dir`` with the generated pages
and files) in ``.cache/zensical/docs/``, writes a config derived from the project's
(``.cache/zensical/mkdocs.yml``:
the site's name, the theme data in ``extra.generated``, ``docs_dir`` pointing at the stage), runs the
pinned Zensical, finishes every built page as MkDocs' ``on_post_page`` does, and only then puts the
site in place: a failed build leaves the previous one as it was.

    python -m generator.engines.zensical build [--config mkdocs.yml] [--site-dir site]
    python -m generator.engines.zensical serve [--config mkdocs.yml] [--dev-addr 127.0.0.1:8000]

Two things Zensical does differently are bridged here rather than in the generator:
- it reads every relative ``href``/``src`` of a page as relative to the page's source file (as a
  Markdown link is), where the generator writes them relative to the page's address (as a browser
  reads them, and as MkDocs leaves raw HTML): links of generated pages are re-expressed;
- entry and area pages come as HTML: a Markdown extension (this module, listed in the derived
  config) hands their body through whole instead of having Python-Markdown parse it.
"""

from __future__ import annotations

import argparse
import json
import os
import posixpath
import re
import shutil
import sys
import threading
import time
from pathlib import Path

import yaml
import yaml_env_tag
import zensical
from markdown import Extension
from markdown.preprocessors import Preprocessor
from watchdog.events import FileSystemEventHandler
from watchdog.observers import Observer

from generator import build, messages
from generator.cache import Cache
from generator.cards import FontMissing
from generator.engines import mkdocs as mkdocs_adapter
from generator.loader import CatalogueError
from generator.outputs import Output, finish_page, link_or_copy

# The first line of the body of a page that is HTML already (see RawBody).
RAW_MARK = "<!-- sg:html -->"
STAGE = Path(".cache") / "zensical"


# --- The project's settings, read as MkDocs and Zensical read them ---------------------------------

class _Loader(yaml.SafeLoader):
    pass


_Loader.add_constructor("!ENV", yaml_env_tag.construct_env_tag)


def read_config(path: Path) -> dict:
    """mkdocs.yml with ``!ENV`` values and its ``INHERIT`` parent merged in (mappings merged,
    everything else replaced, as MkDocs does)."""
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    parent = config.pop("INHERIT", None)
    return _merge(read_config(path.parent / parent), config) if parent else config


def plugin_name(item: str | dict) -> str:
    """The name of an entry of ``plugins:``: ``search`` or ``{generator: {...}}``."""
    return item if isinstance(item, str) else next(iter(item))


def _merge(parent: dict, child: dict) -> dict:
    for key, value in child.items():
        both_maps = isinstance(parent.get(key), dict) and isinstance(value, dict)
        parent[key] = _merge(parent[key], value) if both_maps else value
    return parent


# --- Pages as Zensical reads them ----------------------------------------------------------------

_LINK = re.compile(r'(?P<attr>\b(?:href|src))="(?P<url>[^"#?:]*)(?P<rest>[#?][^"]*)?"')


def rebase_links(text: str, path: str) -> str:
    """Links written relative to the page's address (``service/x.md`` → ``/service/x/``), re-expressed
    relative to its source file, so that Zensical's rewriting brings them back to what was written."""
    if path == "index.md" or path.endswith("/index.md"):
        return text  # the address and the source are in the same folder
    address, source = path.removesuffix(".md") + "/", posixpath.dirname(path)

    def rebase(match: re.Match) -> str:
        url = match["url"]
        if not url or url.startswith("/") or url.endswith(".md"):
            return match[0]  # absolute, a fragment or query only, or a page's source (Zensical resolves it)
        target = posixpath.normpath(posixpath.join(address, url))
        rebased = posixpath.relpath(target, source or ".") + ("/" if url.endswith("/") else "")
        return f'{match["attr"]}="{rebased}{match["rest"] or ""}"'

    return _LINK.sub(rebase, text)


def staged_page(output: Output) -> bytes:
    """A generated page as Zensical gets it: an HTML body marked for RawBody, links rebased."""
    if output.html is None:
        text = output.text
    else:  # front matter, then the body
        text = f"{Output(output.path, output.content, output.source).text}{RAW_MARK}\n{output.html}"
    return rebase_links(text, output.path).encode("utf-8")


class RawBody(Extension):
    """Hands the body of a page that is HTML already through as it is (one raw block), instead of
    having Python-Markdown parse thousands of entry and area pages."""

    def __init__(self, **kwargs) -> None:
        # Zensical keeps rendered pages by their text and the Markdown settings: naming the
        # generator's code among the settings renders them again when this code changes.
        self.config = {"code": ["", "digest of the generator's code"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md) -> None:
        # After line endings are normalised (30), before raw HTML is looked for (20).
        md.preprocessors.register(_RawBodyPreprocessor(md), "sg_raw_body", 25)


class _RawBodyPreprocessor(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        first = next((i for i, line in enumerate(lines) if line.strip()), None)
        if first is None or lines[first] != RAW_MARK:
            return lines
        return [self.md.htmlStash.store("\n".join(lines[first + 1:]).strip())]


def makeExtension(**kwargs) -> RawBody:  # noqa: N802 (Python-Markdown's name)
    return RawBody(**kwargs)


# --- The docs tree Zensical builds from -----------------------------------------------------------

class Stage:
    """A folder kept equal to a set of files: a file is rewritten only when its bytes changed and a
    kept file (cards in .cache/) is hard-linked, so ``zensical serve`` sees only what an edit changed;
    files that are no longer part of the site are removed."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._present: set[str] | None = None  # what the folder holds, once this process has made it so

    def write(self, path: str, data: bytes) -> None:
        target = self._target(path)
        if not (target.is_file() and target.stat().st_size == len(data) and target.read_bytes() == data):
            target.unlink(missing_ok=True)  # never write through a hard link into .cache/
            target.write_bytes(data)

    def link(self, path: str, source: Path) -> None:
        target = self._target(path)
        if not (target.exists() and target.samefile(source)):
            link_or_copy(source, target)

    def _target(self, path: str) -> Path:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def keep_only(self, paths: set[str]) -> None:
        """Remove every file but ``paths``: the first time by looking at the folder (a stage left by
        another process), then the ones the last call kept and this one does not."""
        if self._present is None:
            gone = [Path(folder, name) for folder, _, names in os.walk(self.folder) for name in names
                    if Path(folder, name).relative_to(self.folder).as_posix() not in paths]
        else:
            gone = [self.folder / path for path in self._present - paths]
        for file in gone:
            file.unlink(missing_ok=True)
            for folder in file.parents:
                if folder == self.folder or any(folder.iterdir()):
                    break
                folder.rmdir()
        self._present = set(paths)


class Project:
    """A site's mkdocs.yml, what the generator makes of its data/, and the stage Zensical reads."""

    def __init__(self, config_file: Path) -> None:
        self.config_file = config_file.resolve()
        self.root = self.config_file.parent
        self.stage = self.root / STAGE
        self.config = read_config(self.config_file)
        self.builder: build.Builder | None = None  # one for the whole process: serve rebuilds reuse it
        self.docs = Stage(self.stage / "docs")
        self.made_whole: set[str] = set()  # the generator's own HTML files (the form editor, redirects)

    @property
    def content_dir(self) -> Path:
        return self.root / self.config.get("docs_dir", "docs")

    @property
    def derived_config(self) -> Path:
        return self.stage / "mkdocs.yml"

    def prepare(self) -> None:
        """Run the generator, stage the docs tree and write the derived config; exits with the
        generator's plain message on bad input."""
        self.config = read_config(self.config_file)  # under serve, it may have changed
        if self.builder is None:
            self.builder = build.Builder(self.root / "data", self.config.get("site_url") or "http://127.0.0.1:8000/",
                                         Cache(self.root / ".cache"), self.content_dir,
                                         self.root / ".cache" / "accessibility" / "results.json")
        try:
            result = self.builder.run()
        except CatalogueError as error:
            for problem in error.problems:
                print(problem, file=sys.stderr)
            sys.exit(messages.problem("build_stopped"))
        except FontMissing as error:
            sys.exit(str(error))
        if result.warnings:
            print(messages.text("warnings_summary", count=len(result.warnings)))
        stages = ", ".join(f"{stage} {seconds:.2f}" for stage, seconds in result.timings.items())
        print(messages.text("generated", pages=len(result.pages), files=len(result.files),
                            seconds=sum(result.timings.values()), stages=stages), flush=True)
        stage = self.docs
        written = [file.relative_to(self.content_dir).as_posix()
                   for file in sorted(p for p in self.content_dir.rglob("*") if p.is_file())]
        for path in written:
            stage.write(path, (self.content_dir / path).read_bytes())
        for output in result.outputs:
            if result.changed is not None and output.path not in result.changed:
                continue  # under serve: the stage holds it as the last build made it
            if output.is_page:
                stage.write(output.path, staged_page(output))
            elif output.source is not None:
                stage.link(output.path, output.source)
            else:
                stage.write(output.path, output.content)
        stage.keep_only({*written, *(output.path for output in result.outputs)})
        self.made_whole = {output.path for output in result.outputs if output.path.endswith(".html")}
        self._write_config(result)

    def _write_config(self, result: build.Build) -> None:
        config = dict(self.config)
        # The MkDocs plugin: what it does is done above.
        config["plugins"] = [item for item in config.get("plugins") or []
                             if plugin_name(item) != mkdocs_adapter.NAME]
        theme = dict(config.get("theme") or {})
        if theme.get("custom_dir"):
            theme["custom_dir"] = str((self.root / theme["custom_dir"]).resolve())
        theme.setdefault("variant", "classic")  # Material's look, not Zensical's new one
        extensions = list(config.get("markdown_extensions") or [])
        config.update(site_name=result.catalogue.site.name, site_description=result.catalogue.site.description,
                      docs_dir="docs", site_dir="site", theme=theme,
                      markdown_extensions=[*extensions, {__name__: {"code": result.code}}],
                      extra={**(config.get("extra") or {}), "generated": result.theme})
        text = json.dumps(config, ensure_ascii=False, indent=1, default=str)  # JSON is YAML
        if not (self.derived_config.exists() and self.derived_config.read_text(encoding="utf-8") == text):
            self.derived_config.write_text(text, encoding="utf-8")

    @property
    def strict(self) -> bool:
        return bool(self.config.get("strict"))

    def build(self, site_dir: Path) -> None:
        """Build into ``site_dir``, which is replaced only once everything succeeded."""
        self.prepare()
        built = self.stage / "site"
        shutil.rmtree(built, ignore_errors=True)
        try:
            zensical.build(str(self.derived_config), {"strict": self.strict, "clean": False})
        except RuntimeError as error:
            sys.exit(messages.text("zensical_failed", detail=error))
        finish_pages(built, self.made_whole)
        replace(site_dir, built)

    def serve(self, dev_addr: str) -> None:
        """Serve with live reload: Zensical watches the stage; this watches data/, the written pages
        and the templates and stages again, rewriting only what an edit changed."""
        self.prepare()
        changed = threading.Event()

        class Handler(FileSystemEventHandler):
            def on_any_event(self, event) -> None:
                if event.event_type not in ("opened", "closed_no_write"):
                    changed.set()

        observer = Observer()
        for folder in (self.root / "data", self.content_dir, Path(build.__file__).with_name("templates")):
            observer.schedule(Handler(), str(folder), recursive=True)
        observer.start()
        threading.Thread(target=self._restage, args=(changed,), daemon=True).start()
        zensical.serve(str(self.derived_config), {"dev_addr": dev_addr, "open": False, "strict": False})

    def _restage(self, changed: threading.Event) -> None:
        while changed.wait():
            time.sleep(0.2)  # an editor saves in several steps: take them as one
            changed.clear()
            try:
                self.prepare()
            except SystemExit as stop:  # bad input: say so and keep serving the last good site
                print(stop, file=sys.stderr, flush=True)


def finish_pages(site: Path, made_whole: set[str]) -> None:
    """The last touch every page Zensical built gets from either engine (``outputs.finish_page``); the
    generator's own HTML files are finished as it made them, each with its own policy, as under MkDocs
    (which copies them as they are)."""
    for page in site.rglob("*.html"):
        if page.relative_to(site).as_posix() in made_whole:
            continue
        html = page.read_text(encoding="utf-8")
        finished = finish_page(html)
        if finished != html:
            page.write_text(finished, encoding="utf-8")


def replace(site_dir: Path, built: Path) -> None:
    """Put the new site in place of the old one in two renames, never a half-written folder."""
    old = site_dir.with_name(f".{site_dir.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if site_dir.exists():
        site_dir.rename(old)
    shutil.move(built, site_dir)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator.engines.zensical")
    parser.add_argument("command", choices=["build", "serve"])
    parser.add_argument("--config", "-f", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("--site-dir", type=Path, default=None)
    parser.add_argument("--dev-addr", default="127.0.0.1:8000")
    args = parser.parse_args(argv)
    project = Project(args.config)
    if args.command == "build":
        project.build((args.site_dir or project.root / project.config.get("site_dir", "site")).resolve())
    else:
        project.serve(args.dev_addr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
