"""Command line for staff and CI: ``python -m generator check``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import build, catalogue, messages


def _annotate(problem: catalogue.Problem) -> str:
    """A GitHub Actions workflow command, so the problem shows on the pull request's diff."""
    level = "error" if problem.severity == "error" else "warning"
    return f"::{level} file={problem.path},line={problem.position.line},col={problem.position.column}::{problem.message}"


def check(data_dir: Path) -> int:
    try:
        loaded, problems = catalogue.load(data_dir, build.build_date())
        failed = False
    except catalogue.CatalogueError as error:
        loaded, problems, failed = None, error.problems, True
    for problem in problems:
        print(problem)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(_annotate(problem))
    errors = sum(p.severity == "error" for p in problems)
    print(messages.problem("summary_ok", entries=len(loaded.entries) if loaded else "-",
                           areas=len(loaded.areas) if loaded else "-",
                           errors=errors, warnings=len(problems) - errors))
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator")
    parser.add_argument("--data", type=Path, default=Path("data"), help="catalogue folder (default: data)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the catalogue and report every problem")
    args = parser.parse_args(argv)
    if args.command == "check":
        return check(args.data)
    return 2


if __name__ == "__main__":
    sys.exit(main())
