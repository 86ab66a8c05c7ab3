"""Dates computed from schedules (the n-th and last weekday cases Python and the browser share are in
tests/vectors/nth_weekday.json, tests/test_vectors.py)."""

from __future__ import annotations

import calendar
from datetime import date

from generator.model import MonthlyRule
from generator.schedule import nth_weekday, rule_dates


def third_friday_by_hand(year: int, month: int) -> date:
    fridays = [week[calendar.FRIDAY] for week in calendar.monthcalendar(year, month) if week[calendar.FRIDAY]]
    return date(year, month, fridays[2])


def test_nth_weekday_matches_the_calendar():
    for year in (2025, 2026, 2027):
        for month in range(1, 13):
            assert nth_weekday(year, month, 3, 4) == third_friday_by_hand(year, month)


def test_rule_dates_start_today_and_skip_the_past():
    rule = MonthlyRule(week=3, day="fri")
    assert rule_dates(rule, date(2026, 11, 20), months=1) == [date(2026, 11, 20), date(2026, 12, 18)]
    assert rule_dates(rule, date(2026, 11, 21), months=1) == [date(2026, 12, 18)]
    assert rule_dates(rule, date(2026, 12, 19), months=1) == [date(2027, 1, 15)]
