"""One GitHub issue per entry that needs a person: what the nightly workflow opens, updates and closes.

``plan`` is pure (review results + the open issues → actions) and tested offline; ``apply`` hands the
actions to the ``gh`` command line, which the workflow runs with its own token.
"""

from __future__ import annotations

import json
import re
import subprocess
from dataclasses import dataclass

from . import messages

LABEL = "情報の確認"
_MARKER = "<!-- review:{id} -->"
_MARKER_FOUND = re.compile(r"<!-- review:([a-z0-9-]+) -->")


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
    title = messages.text("issue_title", name=item["name"], id=item["id"])
    body = messages.text("issue_body", name=item["name"], path=item["path"], last_verified=item["last_verified"],
                         source=item["source"], reasons="\n".join(f"- {r}" for r in item["reasons"]))
    return title, body.rstrip("\n") + "\n\n" + _MARKER.format(id=item["id"]) + "\n"


def plan(reviews: list[dict], issues: list[dict]) -> list[Action]:
    """``issues``: the open issues of the label (``gh issue list --json number,title,body``)."""
    open_by_entry: dict[str, dict] = {}
    for issue in issues:
        found = _MARKER_FOUND.search(issue.get("body") or "")
        if found:
            open_by_entry.setdefault(found.group(1), issue)
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


def apply(actions: list[Action]) -> None:
    subprocess.run(["gh", "label", "create", LABEL, "--color", "FBCA04", "--force",
                    "--description", messages.text("issue_label")], check=True)
    for command in commands(actions):
        subprocess.run(command, check=True)
