"""Command line for staff and CI: ``python -m generator init | check | schema | fields | new KIND ID |
review | links | issues``."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from jinja2 import Template
from pydantic import TypeAdapter, ValidationError

from . import build, cards, content, editor, freshness, init, kinds, links, loader, messages, readings, schema, tracker, written
from .catalogue import Catalogue
from .model import Slug
from .pages import TEMPLATES


def _escape(text: object, *, prop: bool = False) -> str:
    """Escaped as GitHub's toolkit does, so no value can end the command and start another (a fake
    ``::error``): ``%``, CR and LF everywhere, and ``:`` and ``,`` in a property such as ``file=``."""
    text = str(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


def _annotate(problem: loader.Problem) -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
    level = "error" if problem.severity == "error" else "warning"
    where = f"file={_escape(problem.path, prop=True)},line={problem.position.line},col={problem.position.column}"
    return f"::{level} {where}::{_escape(problem.message)}"


def _one_line(text: object) -> str:
    """A problem printed as one line: a line break in a file name or value cannot start a line of its own."""
    return str(text).replace("\r", "\\r").replace("\n", "\\n")


def _card_warnings(loaded: Catalogue) -> list[loader.Problem]:
    try:
        return cards.check(loaded)
    except cards.FontMissing:  # no Japanese font yet: the build installs it (make fonts) or says so
        return []


def check(data_dir: Path) -> int:
    try:
        loaded, problems = loader.load(data_dir, build.build_date())
        # The written pages sit next to data/ (content/, the docs_dir of mkdocs.yml).
        problems += content.check(data_dir.parent / "content")
        problems += links.check(data_dir.parent / "content", loaded)
        problems += written.placeholders(data_dir.parent / "content")
        problems += _card_warnings(loaded)
    except loader.CatalogueError as error:
        loaded, problems = None, error.problems
    failed = any(p.severity == "error" for p in problems)
    for problem in problems:
        print(_one_line(problem))
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(_annotate(problem))
    errors = sum(p.severity == "error" for p in problems)
    print(messages.problem("summary_ok", entries=len(loaded.entries) if loaded else "-",
                           areas=len(loaded.areas) if loaded else "-", places=loaded.site.places if loaded else messages.PLACES,
                           errors=errors, warnings=len(problems) - errors))
    return 1 if failed else 0


def new_entry(data_dir: Path, kind: str, entry_id: str) -> int:
    """Start data/<kind>/<id>.yml from the template, for staff to fill in."""
    if kinds.by_id(kind) is None:
        print(messages.problem("unknown_kind", value=kind))
        return 1
    try:
        TypeAdapter(Slug).validate_python(entry_id)
    except ValidationError:
        print(messages.problem("slug", value=entry_id))
        return 1
    path = data_dir / kind / f"{entry_id}.yml"
    existing = list(data_dir.glob(f"*/{entry_id}.yml"))
    if existing:
        print(messages.problem("new_exists", value=existing[0]))
        return 1
    template = Template((TEMPLATES / "new_entry.yml.j2").read_text(encoding="utf-8"), keep_trailing_newline=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    loaded = _valid_catalogue(data_dir)  # for the site's word for its municipalities
    depth = 2 + editor.site_folder(data_dir).count("/")  # data/<kind>/ of the site, down from the repository
    path.write_text(template.render(schema_line=schema.schema_line("service.schema.json", depth), id=entry_id,
                                    places=loaded.site.places if loaded else messages.PLACES,
                                    today=build.build_date().isoformat()), encoding="utf-8")
    print(messages.problem("new_created", value=path))
    return 0


def _valid_catalogue(data_dir: Path):
    try:
        return loader.load(data_dir, build.build_date())[0]
    except loader.CatalogueError:
        return None


def report_readings(data_dir: Path) -> int:
    """List the machine readings the search relies on, for staff to review."""
    loaded = _valid_catalogue(data_dir)
    if loaded is None:
        return check(data_dir)  # the catalogue's own problems first
    found = readings.machine_report(loaded, readings.Readings())
    for entry, text, reading in found:
        print(f"{entry.path}: " + messages.problem("machine_reading", text=text, reading=reading))
    print(messages.problem("machine_summary", count=len(found)))
    return 0


def review(data_dir: Path, months: int | None, links: Path, as_json: bool, group: str) -> int:
    """What needs a person (freshness.review), most urgent first; tables by municipality or operator for
    people, or JSON for the nightly workflow. Entry pages are linked at ``SITE_URL`` as the build does."""
    loaded = _valid_catalogue(data_dir)
    if loaded is None:
        return check(data_dir)  # the catalogue's own problems first
    site_url = os.environ.get("SITE_URL", build.DEFAULT_SITE_URL).rstrip("/") + "/"
    found = freshness.review(loaded, build.build_date(), months, freshness.failed_links(links), site_url)
    if as_json:
        print(json.dumps([item.as_json() for item in found], ensure_ascii=False, indent=2))
    else:
        print(freshness.table(found, group))
    return 0


def list_links(data_dir: Path) -> int:
    """Every web address of the catalogue, one a line: the input of the nightly link check."""
    loaded = _valid_catalogue(data_dir)
    if loaded is None:
        return check(data_dir)  # the catalogue's own problems first
    urls = {url for entry in loaded.entries for url in freshness.urls_of(entry.service)}
    print("\n".join(sorted(urls)))
    return 0


def issues(review_file: Path, open_file: Path | None, apply: bool) -> int:
    """The issue actions for review results and the open issues (from a file, else from GitHub);
    ``apply`` runs them with gh."""
    try:
        known = json.loads(open_file.read_text(encoding="utf-8")) if open_file else tracker.open_issues()
    except (OSError, subprocess.CalledProcessError) as error:
        detail = getattr(error, "stderr", None) or str(error)
        print(messages.text("issue_failed_list", detail=detail.strip().replace("\n", " ")), file=sys.stderr)
        return 1
    actions = tracker.plan(json.loads(review_file.read_text(encoding="utf-8")), known)
    print(json.dumps([a.as_json() for a in actions], ensure_ascii=False, indent=2))
    failed = tracker.apply(actions) if apply else 0
    if failed:
        print(messages.text("issue_failed_summary", failed=failed), file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator")
    parser.add_argument("--data", type=Path, default=Path("data"), help="catalogue folder (default: data)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the catalogue and report every problem")
    make_schema = commands.add_parser("schema", help="write the JSON Schemas editors use")
    make_schema.add_argument("--out", type=Path, default=Path("schema"))
    commands.add_parser("fields", help="print the table of fields (Markdown) from the model")
    new = commands.add_parser("new", help="start a new entry from the template")
    new.add_argument("kind", help=" / ".join(k.id for k in kinds.all_kinds()))
    new.add_argument("id", help="ASCII id: lower case, digits and hyphens")
    commands.add_parser("readings", help="list machine readings used by the search, for review")
    start = commands.add_parser("init", help="write a new site for a prefecture that builds at once")
    start.add_argument("folder", type=Path, help="the new site's folder (empty or not there yet)")
    start.add_argument("--prefecture", required=True, help="正式な名前: 岩手県, 東京都, 北海道 …")
    start.add_argument("--regions", type=Path, help="YAML: 地域名: [市町村名, …] (default: one list, no regions)")
    check_review = commands.add_parser("review", help="list the entries that need a person to check them")
    check_review.add_argument("--months", type=int, help="last_verified older than this is stale "
                              "(default: review_months in data/site.yml, 12)")
    check_review.add_argument("--links", type=Path, default=Path(".cache/linkcheck.json"),
                              help="JSON report of the last link check (lychee --format json)")
    check_review.add_argument("--json", action="store_true", help="JSON for machines instead of a table")
    check_review.add_argument("--group", choices=("municipality", "operator"), default="municipality",
                              help="one table per municipality (default) or per operator")
    commands.add_parser("links", help="print every web address of the catalogue, for the link check")
    track = commands.add_parser("issues", help="open, update and close one GitHub issue per entry to review")
    track.add_argument("--review", type=Path, required=True, help="output of review --json")
    track.add_argument("--open", type=Path, help="the open issues as gh issue list --json number,title,body "
                       "gives them (default: ask GitHub with gh)")
    track.add_argument("--apply", action="store_true", help="run the actions with gh")
    args = parser.parse_args(argv)
    if args.command == "review":
        return review(args.data, args.months, args.links, args.json, args.group)
    if args.command == "links":
        return list_links(args.data)
    if args.command == "issues":
        return issues(args.review, args.open, args.apply)
    if args.command == "init":
        return init.main(args.folder, args.prefecture, args.regions)
    if args.command == "readings":
        return report_readings(args.data)
    if args.command == "check":
        return check(args.data)
    if args.command == "schema":
        schema.write(args.out, schema.topic_ids(args.data))
        return 0
    if args.command == "fields":
        print(schema.fields_markdown(), end="")
        return 0
    return new_entry(args.data, args.kind, args.id)


if __name__ == "__main__":
    sys.exit(main())
