"""What a shared entry says besides its name: the next date and how to join. The same words go into
the OGP description, the LINE and X texts and the social card, so a post in a chat is enough to act on."""

from __future__ import annotations

from datetime import date

from . import formatting, messages, schedule
from .catalogue import Catalogue, Entry


def next_date(entry: Entry, today: date) -> str | None:
    """「次の開催 12月18日（金）13:30〜」, or None when nothing is coming."""
    coming = schedule.entry_upcoming(entry, today)
    if not coming:
        return None
    o = coming[0]
    clock = formatting.span_ja(o.opens, None)  # 13:30〜
    return messages.text("share_next", date=formatting.date_ja(o.date, with_year=False), time=clock)


def how_to_join(catalogue: Catalogue, entry: Entry) -> str:
    s = entry.service
    if s.booking:
        return messages.label("booking", s.booking) + (f"（{s.booking_note}）" if s.booking_note else "")
    if s.inquiry:
        return messages.text("share_ask", name=catalogue.entry(s.inquiry).service.name)
    return ""


def line(catalogue: Catalogue, entry: Entry, today: date) -> str:
    """One line for a post: 「次の開催 12月18日（金）・参加のしかたは…へ」, or "" for an entry without dates."""
    when = next_date(entry, today)
    if not when:
        return ""
    join = how_to_join(catalogue, entry)
    return when + ("・" + join if join else "")
