"""Dates computed from schedules."""

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


def test_last_and_missing_weekdays():
    assert nth_weekday(2026, 11, -1, 0) == date(2026, 11, 30)  # last Monday
    assert nth_weekday(2026, 2, 5, 0) is None  # February 2026 has four Mondays


def test_rule_dates_start_today_and_skip_the_past():
    rule = MonthlyRule(week=3, day="fri")
    assert rule_dates(rule, date(2026, 11, 20), months=1) == [date(2026, 11, 20), date(2026, 12, 18)]
    assert rule_dates(rule, date(2026, 11, 21), months=1) == [date(2026, 12, 18)]
    assert rule_dates(rule, date(2026, 12, 19), months=1) == [date(2027, 1, 15)]
