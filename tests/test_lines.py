"""How hours and the main line read on every page: the call bar, cards, the home page."""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from generator import pages
from generator.catalogue import Catalogue
from generator.formatting import weekly_text
from generator.model import Contacts, WeeklyHours


def hours(days, opens, closes):
    return WeeklyHours(days=days, opens=opens, closes=closes)


def test_one_set_of_days_is_written_once_with_all_its_spans():
    # 沖縄県ひきこもり専門支援センター: weekdays 10-12 and 13-16 (../shared/README.md).
    weekdays = ["mon", "tue", "wed", "thu", "fri"]
    said = weekly_text([hours(weekdays, time(10), time(12)), hours(weekdays, time(13), time(16))])
    assert said == "月〜金 10:00〜12:00・13:00〜16:00"


def test_different_days_stay_apart_in_the_order_written():
    said = weekly_text([hours(["mon", "wed"], time(9), time(12)), hours(["sat"], time(13), time(15, 30)),
                        hours(["wed", "mon"], time(13), time(17))])
    assert said == "月・水 9:00〜12:00・13:00〜17:00、土 13:00〜15:30"


def test_no_hours_say_nothing():
    assert weekly_text([]) == ""


def test_the_call_bar_shows_the_number_of_whom_to_ask_when_the_main_line_has_none(sample):
    catalogue = sample.catalogue
    main = catalogue.entry(catalogue.site.main_line)
    asked = next(e for e in catalogue.entries if e.service.contacts.phones and e.id != main.id)
    reached = replace(main, service=main.service.model_copy(update={
        "contacts": Contacts(website="https://www.example.jp/"), "inquiry": asked.id}))
    entries = [reached if e.id == main.id else e for e in catalogue.entries]
    shown = pages.theme_context(Catalogue(catalogue.site, catalogue.areas, entries, catalogue.vocabulary))
    numbers = [p["number"] for p in shown["main_line"]["phones"]]
    assert numbers == [p.number for p in asked.service.contacts.phones]
    assert shown["main_line"]["name"] == main.service.name


def test_the_main_line_hours_read_as_one_line(sample):
    line = pages.theme_context(sample.catalogue)["main_line"]
    assert line["hours"] == "月〜金 9:00〜16:00"


def test_each_region_of_a_kind_page_lists_its_entries_by_the_official_reading_of_their_town(sample):
    catalogue = sample.catalogue
    for kind in catalogue.kinds:
        for region, listed in catalogue.local_by_region(catalogue.of_kind(kind)).items():
            towns = [next(catalogue.area(c) for c in e.service.areas if catalogue.area(c).region == region).reading
                     for e in listed]
            assert towns == sorted(towns), (kind.id, region)
