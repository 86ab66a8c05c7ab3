"""Command line for staff and CI: ``python -m generator check``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import build, catalogue, messages, readings


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


def report_readings(data_dir: Path) -> int:
    """List the machine readings the search relies on, for staff to review."""
    try:
        loaded, _ = catalogue.load(data_dir, build.build_date())
    except catalogue.CatalogueError:
        return check(data_dir)
    found = readings.machine_report(loaded, readings.Readings())
    for entry, text, reading in found:
        print(f"{entry.path}: " + messages.problem("machine_reading", text=text, reading=reading))
    print(messages.problem("machine_summary", count=len(found)))
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator")
    parser.add_argument("--data", type=Path, default=Path("data"), help="catalogue folder (default: data)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="validate the catalogue and report every problem")
    commands.add_parser("readings", help="list machine readings used by the search, for review")
    args = parser.parse_args(argv)
    if args.command == "readings":
        return report_readings(args.data)
    if args.command == "check":
        return check(args.data)
    return 2


if __name__ == "__main__":
    sys.exit(main())
