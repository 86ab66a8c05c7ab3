"""What needs a person: entries not checked for a while, meetings all in the past, no way to reach
them by phone or web, links that failed the last link check (``python -m generator review``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import gfm, messages, urls
from .model import Service

if TYPE_CHECKING:
    from .catalogue import Catalogue

DEFAULT_MONTHS = 12
STATUS_LIMIT = 200  # characters of a failed link's status kept for the issue


def months_since(day: date, today: date) -> int:
    """Whole months from ``day`` to ``today`` (2024-12-20 → 2025-12-19 is 11)."""
    return (today.year - day.year) * 12 + today.month - day.month - (today.day < day.day)


def is_stale(day: date, today: date, months: int = DEFAULT_MONTHS) -> bool:
    return months_since(day, today) >= months


def verified_words(day: date, today: date) -> str:
    """「最終確認 2024年12月（1年以上前）」: when an entry was last checked, for staff and residents."""
    months = months_since(day, today)
    if months >= 12:
        ago = messages.text("ago_years", years=months // 12)
    elif months >= 1:
        ago = messages.text("ago_months", months=months)
    else:
        ago = messages.text("ago_recent")
    return messages.text("verified_words", year=day.year, month=day.month, ago=ago)


def sessions_all_past(service: Service, today: date) -> bool:
    """Only dated sessions, and every one of them is over: the entry shows no next date."""
    schedule = service.schedule
    return bool(schedule and schedule.sessions and not schedule.monthly and not schedule.weekly
                and all(s.date < today for s in schedule.sessions))


def urls_of(service: Service) -> list[str]:
    """Every web address an entry gives: what the nightly link check visits."""
    contacts = service.contacts
    found = [contacts.website, contacts.form, *(link.url for link in contacts.sns)]
    return [url for url in found if url]


def failed_links(results_file: Path | None) -> dict[str, str]:
    """URL → what went wrong, from the JSON report of the last link check (lychee ``--format json``)."""
    if not results_file or not results_file.exists():
        return {}
    report = json.loads(results_file.read_text(encoding="utf-8"))
    failed: dict[str, str] = {}
    # lychee names the map error_map (fail_map before 0.15): input → [{url, status}]
    for key in ("error_map", "fail_map"):
        for links in (report.get(key) or {}).values():
            for link in links:
                status = link.get("status")
                text = status.get("text", "") if isinstance(status, dict) else str(status or "")
                # What a server answered ends up in a public issue: one short line of it.
                failed[link["url"]] = gfm.cut(" ".join(str(text).split()), STATUS_LIMIT)
    return failed


# What needs a person, most urgent first: a resident may act on what a stale or unreachable entry says.
CODES = ("stale", "unreachable", "sessions_past", "broken_link")


@dataclass(frozen=True)
class Problem:
    """One reason an entry needs a person: a code for machines, the sentence for people."""

    code: str  # one of CODES
    text: str  # Japanese, one line
    url: str | None = None  # the link that failed (broken_link)


@dataclass(frozen=True)
class Review:
    """One entry that needs a person, and why."""

    id: str
    name: str
    path: str
    source: str
    last_verified: str
    problems: list[Problem]
    page: str  # the entry's page on the site, to look at what residents see
    municipalities: list[str]  # the names of the areas it serves; the prefecture's 全域 when all
    operator: str

    @property
    def reasons(self) -> list[str]:
        return [problem.text for problem in self.problems]

    @property
    def urgency(self) -> tuple:
        """Sorts the list: the most urgent reason first, then the oldest check."""
        return min(CODES.index(problem.code) for problem in self.problems), self.last_verified, self.id

    def as_json(self) -> dict:
        return {**asdict(self), "reasons": self.reasons, "codes": [problem.code for problem in self.problems]}


def review(catalogue: Catalogue, today: date, months: int | None = None,
           failed: dict[str, str] | None = None, site_url: str = "") -> list[Review]:
    """Every entry that needs a person, most urgent first (``Review.urgency``)."""
    months = months or catalogue.site.review_months
    failed = failed or {}
    everywhere = messages.format("everywhere", prefecture=catalogue.site.prefecture)
    found = []
    for entry in catalogue.entries:
        service = entry.service
        problems = []
        if is_stale(service.last_verified, today, months):
            problems.append(Problem("stale", messages.text(
                "review_stale", words=verified_words(service.last_verified, today), months=months)))
        if not reachable(service):
            problems.append(Problem("unreachable", messages.text("review_no_contact")))
        if sessions_all_past(service, today) and not checked_since(service):
            problems.append(Problem("sessions_past", messages.text("review_all_past")))
        for url in urls_of(service):
            if url in failed:
                problems.append(Problem("broken_link", messages.text(
                    "review_broken_link", url=url, status=failed[url] or "-"), url))
        if problems:
            places = [area.name for area in catalogue.areas_of(entry)] or [everywhere]
            found.append(Review(entry.id, service.name, entry.path.as_posix(), service.source,
                                service.last_verified.isoformat(), problems,
                                site_url + urls.entry_url(entry), places, service.operator or ""))
    return sorted(found, key=lambda item: item.urgency)


def reachable(service: Service) -> bool:
    """A resident can get in touch: a contact of its own, or whom to ask (``inquiry``), whose page shows theirs."""
    return not service.contacts.is_empty or bool(service.inquiry)


def checked_since(service: Service) -> bool:
    """Staff checked the entry after its last session: there is nothing new to add for now."""
    return service.last_verified >= max(session.date for session in service.schedule.sessions)


def grouped(reviews: list[Review], by: str) -> dict[str, list[Review]]:
    """The list by municipality (an entry under each area it serves) or by operator, each group in
    order of its most urgent entry, as ``review`` sorted them."""
    groups: dict[str, list[Review]] = {}
    for item in reviews:
        for name in (item.municipalities if by == "municipality" else [item.operator or messages.text("review_no_operator")]):
            groups.setdefault(name, []).append(item)
    return groups


def table(reviews: list[Review], by: str = "municipality") -> str:
    """The review for people: one Markdown table per municipality or operator (readable in a terminal,
    pasted into an issue as is)."""
    head = [messages.text(f"review_column_{c}") for c in ("file", "name", "reasons", "source", "page")]
    lines = []
    for group, items in grouped(reviews, by).items():
        lines += [f"## {gfm.inert(group)}", "", "| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
        for item in items:
            # Contributor text as inert text (the job summary is Markdown); the page is our own address.
            cells = [gfm.inert(cell) for cell in (item.path, item.name, " ／ ".join(item.reasons), item.source)]
            lines.append("| " + " | ".join(cells + [item.page]) + " |")
        lines.append("")
    lines.append(messages.text("review_summary", count=len(reviews)))
    return "\n".join(lines)
