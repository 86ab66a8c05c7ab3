"""One GitHub issue per entry that needs a person: what the nightly workflow opens, updates and closes.

``plan`` is pure (review results + the open issues → actions) and tested offline; ``apply`` hands the
actions to the ``gh`` command line, which the workflow runs with its own token.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass

from . import gfm, messages

LABEL = "情報の確認"
# The last line of every body we write, and only there: a marker quoted anywhere else (a name, a
# comment pasted by a person) names no entry.
_MARKER = "<!-- review:{id} -->"
_MARKER_LINE = re.compile(r"<!-- review:([a-z0-9]+(?:-[a-z0-9]+)*) -->")
# GitHub refuses longer titles and bodies (in characters).
TITLE_LIMIT = 256
BODY_LIMIT = 65_536


@dataclass(frozen=True)
class Action:
    kind: str  # create / update / close
    entry: str
    title: str = ""
    body: str = ""
    number: int | None = None

    def as_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in ("", None)}


def issue_text(item: dict) -> tuple[str, str]:
    """Title and body (Japanese) of the issue for one review result (``freshness.Review.as_json``)."""
    title = messages.text("issue_title", name=gfm.plain(item["name"]), id=gfm.plain(item["id"]))
    body = messages.text("issue_body", name=gfm.inert(item["name"]), path=gfm.inert(item["path"]),
                         last_verified=gfm.inert(item["last_verified"]), source=gfm.inert(item["source"]),
                         reasons="\n".join(f"- {gfm.inert(r)}" for r in item["reasons"]))
    marker = "\n\n" + _MARKER.format(id=item["id"]) + "\n"
    return gfm.cut(title, TITLE_LIMIT), gfm.cut(body.rstrip("\n"), BODY_LIMIT - len(marker)) + marker


def _entry_of(body: str | None) -> str | None:
    """The entry an issue is about: named by the marker on its last line, as ``issue_text`` writes it."""
    lines = (body or "").rstrip().splitlines()
    found = _MARKER_LINE.fullmatch(lines[-1].strip()) if lines else None
    return found.group(1) if found else None


def plan(reviews: list[dict], issues: list[dict]) -> list[Action]:
    """``issues``: the open issues of the label (``gh issue list --json number,title,body``)."""
    open_by_entry: dict[str, dict] = {}
    for issue in issues:
        entry_id = _entry_of(issue.get("body"))
        if entry_id:
            open_by_entry.setdefault(entry_id, issue)
    actions = []
    wanted = set()
    for item in reviews:
        wanted.add(item["id"])
        title, body = issue_text(item)
        issue = open_by_entry.get(item["id"])
        if issue is None:
            actions.append(Action("create", item["id"], title, body))
        elif (issue.get("title"), (issue.get("body") or "").strip()) != (title, body.strip()):
            actions.append(Action("update", item["id"], title, body, issue["number"]))
    for entry_id, issue in sorted(open_by_entry.items()):
        if entry_id not in wanted:
            actions.append(Action("close", entry_id, body=messages.text("issue_closed"), number=issue["number"]))
    return actions


def commands(actions: list[Action]) -> list[list[str]]:
    """The ``gh`` command for each action."""
    found = []
    for action in actions:
        if action.kind == "create":
            found.append(["gh", "issue", "create", "--title", action.title, "--body", action.body, "--label", LABEL])
        elif action.kind == "update":
            found.append(["gh", "issue", "edit", str(action.number), "--title", action.title, "--body", action.body])
        else:
            found.append(["gh", "issue", "close", str(action.number), "--comment", action.body])
    return found


def open_issues() -> list[dict]:
    """The open issues of the label, from GitHub (``gh``, authenticated by ``GH_TOKEN``)."""
    listed = subprocess.run(["gh", "issue", "list", "--label", LABEL, "--state", "open", "--limit", "1000",
                             "--json", "number,title,body"], check=True, capture_output=True, text=True)
    return json.loads(listed.stdout)


def _run(command: list[str], failed_key: str, entry: str) -> bool:
    """Run one gh command; when it fails, say so on stderr (the workflow's log) and carry on."""
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired) as error:
        detail = str(error)
    else:
        if done.returncode == 0:
            return True
        detail = done.stderr.strip() or f"exit {done.returncode}"
    print(messages.text(failed_key, entry=entry, command=" ".join(command[:3]), detail=detail.replace("\n", " ")),
          file=sys.stderr)
    return False


def apply(actions: list[Action]) -> int:
    """Run every action, each on its own: one refused by GitHub does not stop the others. Returns how
    many failed."""
    failed = not _run(["gh", "label", "create", LABEL, "--color", "FBCA04", "--force",
                       "--description", messages.text("issue_label")], "issue_failed_label", LABEL)
    for action, command in zip(actions, commands(actions)):
        failed += not _run(command, f"issue_failed_{action.kind}", action.entry)
    return failed
