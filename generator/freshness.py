"""What needs a person: entries not checked for a while, meetings all in the past, no way to reach
them by phone or web, links that failed the last link check (``python -m generator review``)."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from . import messages
from .model import Service

if TYPE_CHECKING:
    from .catalogue import Catalogue

DEFAULT_MONTHS = 12


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
                failed[link["url"]] = status.get("text", "") if isinstance(status, dict) else str(status or "")
    return failed


@dataclass(frozen=True)
class Review:
    """One entry that needs a person, and why."""

    id: str
    name: str
    path: str
    source: str
    last_verified: str
    reasons: list[str]  # Japanese, one line each

    def as_json(self) -> dict:
        return asdict(self)


def review(catalogue: Catalogue, today: date, months: int | None = None,
           failed: dict[str, str] | None = None) -> list[Review]:
    months = months or catalogue.site.review_months
    failed = failed or {}
    found = []
    for entry in catalogue.entries:
        service = entry.service
        reasons = []
        if is_stale(service.last_verified, today, months):
            reasons.append(messages.text("review_stale", words=verified_words(service.last_verified, today),
                                         months=months))
        if sessions_all_past(service, today):
            reasons.append(messages.text("review_all_past"))
        contacts = service.contacts
        if not (contacts.phones or contacts.website or contacts.form):
            reasons.append(messages.text("review_no_contact"))
        for url in urls_of(service):
            if url in failed:
                reasons.append(messages.text("review_broken_link", url=url, status=failed[url] or "-"))
        if reasons:
            found.append(Review(entry.id, service.name, entry.path.as_posix(), service.source,
                                service.last_verified.isoformat(), reasons))
    return found


def table(reviews: list[Review]) -> str:
    """The review for people: a Markdown table (readable in a terminal, pasted into an issue as is)."""
    head = [messages.text(f"review_column_{c}") for c in ("file", "name", "reasons", "source")]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for item in reviews:
        cells = [f"`{item.path}`", item.name, " ／ ".join(item.reasons), item.source]
        lines.append("| " + " | ".join(cell.replace("|", "｜") for cell in cells) + " |")
    lines.append("")
    lines.append(messages.text("review_summary", count=len(reviews)))
    return "\n".join(lines)
