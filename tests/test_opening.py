"""Open now: the hours each entry ships (generator/opening.py) and what the phone makes of them
(overrides/assets/javascripts/schedule.js, shown by page.js), with the clock fixed and in Japan time."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone

from pathlib import Path

import pytest

from generator import opening
from generator.catalogue import Entry
from generator.kinds import by_id
from generator.model import Service

JST = timezone(timedelta(hours=9))
SATURDAY_NIGHT = datetime(2026, 11, 28, 23, 0, tzinfo=JST)
MONDAY_MORNING = datetime(2026, 11, 30, 10, 0, tzinfo=JST)


def test_weekday_hours_holidays_and_new_year_are_shipped(sample):
    """The sample's centre ships the very hours the shared vectors test both rules with."""
    centre = opening.hours(sample.catalogue.entry("mie-hikikomori-center"))
    vector = json.loads((Path(__file__).parent / "vectors" / "opening.json").read_text(encoding="utf-8"))
    assert centre == vector["hours"]["centre"]
    assert centre["closed"] == [["12-29", "01-03"]]


def test_closures_named_and_dated():
    found = opening.hours(_entry({
        "weekly": [{"days": ["mon"], "opens": "9:00", "closes": "12:00"}],
        "closures": [{"period": "new_year", "source": "例"}, {"period": "new_year", "start": "12-27", "source": "例"},
                     {"name": "夏季休業", "start": "08-13", "end": "08-15", "source": "例"},
                     {"name": "臨時休業", "start": date(2027, 2, 10), "source": "例"}]}))
    assert found["closed"] == [["12-29", "01-03"], ["12-27", "01-03"], ["08-13", "08-15"], ["2027-02-10", "2027-02-10"]]


def test_a_meeting_without_times_cannot_say_it_is_open(sample):
    assert opening.hours(sample.catalogue.entry("nijinokai")) is None  # 毎月第3金曜日, no time published


def test_a_line_open_day_and_night(sample):
    assert opening.hours(sample.catalogue.entry("yorisoi-hotline")) == {"always": True}


def _entry(schedule: dict) -> Entry:
    service = Service.model_validate({
        "id": "example", "name": "例", "areas": "all", "summary": "例", "audience": ["family"],
        "channels": ["visit"], "inquiry": "mie-hikikomori-center", "last_verified": "2026-11-01",
        "source": "例", "schedule": schedule})
    return Entry(by_id("family"), service, Path("data/family/example.yml"))


def test_monthly_rules_and_sessions_with_times_are_meetings():
    found = opening.hours(_entry({
        "monthly": [{"week": -1, "day": "sat", "opens": "10:00", "closes": "12:00"}, {"week": 1, "day": "mon"}],
        "sessions": [{"date": "2026-12-05", "title": "講演会", "opens": "13:30", "closes": "15:30"},
                     {"date": "2026-12-06", "title": "時間は未定"}],
        "closed_on_holidays": True}))
    assert found == {"monthly": [{"week": -1, "day": 5, "opens": "10:00", "closes": "12:00"}],
                     "sessions": [{"date": "2026-12-05", "opens": "13:30", "closes": "15:30"}],
                     "closed_on_holidays": True}


def test_holiday_table_covers_this_year_and_next():
    days = opening.holiday_dates(date(2026, 11, 23))
    assert "2026-11-23" in days  # 勤労感謝の日
    assert "2027-01-01" in days and "2027-01-11" in days  # 元日, 成人の日 (second Monday)
    assert not any(d.startswith("2028") for d in days)


def test_every_word_the_script_shows_comes_from_messages():
    data = opening.site_data(date(2026, 11, 23))
    assert data["texts"]["closed_next"] == "受付時間外・次は{when} {opens}から"
    assert data["weekdays"] == ["月", "火", "水", "木", "金", "土", "日"]


def test_opening_data_is_published(site):
    data = json.loads((site / "opening.json").read_text(encoding="utf-8"))
    assert "2026-11-23" in data["holidays"]


# --- In the browser, at 360 × 740, in a phone whose own clock is set to another time zone ----------


@pytest.fixture
def night_phone(browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=1, is_mobile=True,
                                  has_touch=True, locale="ja-JP", timezone_id="America/New_York")
    yield context.new_page()
    context.close()


def _open_at(page, url: str, moment: datetime):
    page.clock.set_fixed_time(moment)
    page.goto(url)
    page.evaluate("window.sgOpening.ready")
    return page.locator(".sg-callbar")


def test_saturday_night_the_main_line_is_closed_and_national_lines_show(server, night_phone):
    bar = _open_at(night_phone, server, SATURDAY_NIGHT)
    status = bar.locator(".sg-callbar__status")
    assert status.inner_text() == "受付時間外・次は月曜 9:00から"
    night = bar.locator("#sg-night")
    assert night.is_visible()
    text = night.inner_text()
    for name, number in (("よりそいホットライン", "0120-279-338"), ("こころの健康相談統一ダイヤル", "0570-064-556"),
                         ("いのちの電話", "0570-783-556")):
        assert name in text and number in text
    assert "24時間" in text
    box = night.bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= 740  # in view, at the bottom of the screen
    assert bar.locator("a[href='tel:0120279338']").bounding_box()["height"] >= 44


def test_each_night_line_says_whether_it_is_open_with_its_whole_hours(server, night_phone):
    bar = _open_at(night_phone, server, SATURDAY_NIGHT)
    inochi = bar.locator(".sg-callbar__line", has_text="いのちの電話")
    assert inochi.locator(".sg-callbar__line-hours").inner_text() == "月〜日 10:00〜22:00"
    hours = inochi.locator(".sg-callbar__line-hours").evaluate("e => e.scrollWidth <= e.clientWidth")
    assert hours, "the hours are cut"
    assert inochi.locator(".sg-callbar__line-status").inner_text() == "受付時間外・次は明日 10:00から"


def test_without_scripts_the_bar_claims_nothing_and_offers_the_night_lines(server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, java_script_enabled=False, locale="ja-JP")
    page = context.new_page()
    page.goto(server)
    bar = page.locator(".sg-callbar")
    assert bar.locator(".sg-callbar__hours").inner_text().startswith("月〜金 9:00〜16:00")
    assert bar.locator(".sg-callbar__status").is_hidden()  # no status until one is worked out
    assert "受付中" not in bar.inner_text()
    call = bar.locator(".sg-callbar__call")
    assert call.evaluate("e => getComputedStyle(e).backgroundColor") == "rgba(0, 0, 0, 0)"  # not the open look
    assert bar.locator("#sg-night").is_visible()
    assert bar.locator("a[href='tel:0120279338']").is_visible()
    context.close()


def test_monday_morning_the_main_line_is_open(server, night_phone):
    bar = _open_at(night_phone, server, MONDAY_MORNING)
    assert bar.locator(".sg-callbar__status").inner_text() == "受付中（16:00まで）"
    assert bar.locator(".sg-callbar__call").evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    assert bar.locator("#sg-night").is_hidden()
    assert bar.locator(".sg-callbar__hours").is_visible()  # the hours stay on screen at 360 px


# Over closed days the date, not 「月曜」 (which on 29 December reads as the coming Monday); the day before, 明日.
@pytest.mark.parametrize("day,when", [("2026-12-29", "1月4日（月）"), ("2026-12-30", "1月4日（月）"),
                                      ("2026-12-31", "1月4日（月）"), ("2027-01-03", "明日")])
def test_over_new_year_the_main_line_is_closed_and_the_night_lines_show(server, night_phone, day, when):
    bar = _open_at(night_phone, server, datetime.fromisoformat(f"{day}T10:00").replace(tzinfo=JST))
    assert bar.locator(".sg-callbar__status").inner_text() == f"受付時間外・次は{when} 9:00から"
    assert bar.locator("#sg-night").is_visible()


def test_on_the_last_day_before_new_year_the_next_opening_is_after_it(server, night_phone):
    bar = _open_at(night_phone, server, datetime(2026, 12, 28, 17, 0, tzinfo=JST))
    assert bar.locator(".sg-callbar__status").inner_text() == "受付時間外・次は1月4日（月） 9:00から"


def test_the_first_working_day_of_the_year_is_open(server, night_phone):
    bar = _open_at(night_phone, server, datetime(2027, 1, 4, 10, 0, tzinfo=JST))
    assert bar.locator(".sg-callbar__status").inner_text() == "受付中（16:00まで）"


STATUS_CASES = [
    # (hours, Japan time, expected text)
    ({"weekly": [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "16:00"}], "closed_on_holidays": True},
     "2026-11-23T10:00", "受付時間外・次は明日 9:00から"),  # 勤労感謝の日, a Monday
    ({"weekly": [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "16:00"}]},
     "2026-11-23T10:00", "受付中（16:00まで）"),  # the same day for a line open on holidays
    ({"weekly": [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "16:00"}]},
     "2026-11-24T08:30", "受付時間外・次は今日 9:00から"),
    ({"weekly": [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "16:00"}]},
     "2026-11-24T16:00", "受付時間外・次は明日 9:00から"),  # closing time is closed
    ({"monthly": [{"week": 3, "day": 4, "opens": "13:30", "closes": "15:30"}]},
     "2026-11-24T10:00", "次の開催は12月18日（金） 13:30から"),
    ({"monthly": [{"week": -1, "day": 5, "opens": "10:00", "closes": "12:00"}]},
     "2026-11-28T11:00", "開催中（12:00まで）"),  # the last Saturday of November
    ({"sessions": [{"date": "2026-11-26", "opens": "14:00", "closes": "16:00"}]},
     "2026-11-24T10:00", "次の開催は木曜 14:00から"),
    ({"always": True}, "2026-11-28T23:00", "24時間受付"),
    ({"weekly": [{"days": [0, 1, 2, 3, 4], "opens": "09:00", "closes": "16:00"}], "closed": [["12-29", "01-03"]]},
     "2026-12-28T17:00", "受付時間外・次は1月4日（月） 9:00から"),  # not 明日: 年末年始
    ({"sessions": [{"date": "2026-01-05", "opens": "14:00", "closes": "16:00"}]}, "2026-11-24T10:00", "受付時間外"),
]


def test_status_texts_in_japan_time(server, night_phone):
    _open_at(night_phone, server, MONDAY_MORNING)
    for hours, moment, expected in STATUS_CASES:
        at = datetime.fromisoformat(moment).replace(tzinfo=JST).isoformat()
        found = night_phone.evaluate("([h, at]) => window.sgOpening.status(h, new Date(at))", [hours, at])
        assert found["text"] == expected, (hours, moment)
        assert found["open"] == expected.startswith(("受付中", "開催中", "24時間"))


def test_next_opening_is_given_as_data(server, night_phone):
    _open_at(night_phone, server, SATURDAY_NIGHT)
    found = night_phone.evaluate("window.sgOpening.status({weekly: [{days: [0,1,2,3,4], opens: '09:00', "
                                 "closes: '16:00'}], closed_on_holidays: true})")
    assert found == {"open": False, "text": "受付時間外・次は月曜 9:00から",
                     "next": {"date": "2026-11-30", "opens": "09:00"}}
