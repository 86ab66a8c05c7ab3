"""Nearest in person when there is none here, and other ways in for those who cannot phone."""

from __future__ import annotations

from generator.kinds import by_id
from generator.nearest import Nearest
from generator.ways import OtherWays


def test_owase_has_no_ibasho_of_its_own_and_is_shown_the_nearest(sample):
    catalogue = sample.catalogue
    found = Nearest(catalogue).of(catalogue.area("242098"), by_id("ibasho"))  # 尾鷲市
    assert [(n.entry.id, n.area.name) for n in found] == [("manamie", "津市")]  # held in 四日市市 and 津市
    assert 70 < found[0].km < 85


def test_nearest_family_classes_are_sorted_by_distance(sample):
    catalogue = sample.catalogue
    found = Nearest(catalogue).of(catalogue.area("242152"), by_id("family"))  # 志摩市
    assert [n.entry.id for n in found] == ["kazoku-kyoshitsu-chusei", "kazoku-kyoshitsu-higashikishu",
                                           "kazoku-kyoshitsu-hokusei"]
    assert [n.km for n in found] == sorted(n.km for n in found)


def test_nothing_nearer_is_offered_where_there_is_one_here(sample):
    catalogue = sample.catalogue
    nearest = Nearest(catalogue)
    assert nearest.of(catalogue.area("242021"), by_id("family")) == []  # 四日市市 has the 北勢 class
    assert nearest.of(catalogue.area("242021"), by_id("ibasho")) == []  # まなみえ is held in 四日市市


def test_area_page_names_the_nearest_with_distance_and_whom_to_ask(html):
    page = html("area/242098/")
    box = page.select_one("#ibasho-nearest").find_parent(class_="sg-nearest")
    text = box.get_text(" ", strip=True)
    assert "夜間中学体験教室「まなみえ」" in text and "津市・約" in text and "km" in text
    assert box.select_one("a[href='../../service/owase-city/']")  # 尾鷲市's own window, to ask


def test_phone_only_entries_point_to_mail_line_and_online(sample, html):
    ways = OtherWays(sample.catalogue)
    assert [e.id for e in ways.for_entry(sample.catalogue.entry("matsusaka-city"))] == [
        "matsusaka-soeru", "mie-hikikomori-center", "denshi-ibasho"]
    assert ways.for_entry(sample.catalogue.entry("matsusaka-soeru")) == []  # it takes mail and LINE itself
    text = html("service/matsusaka-city/").select_one(".sg-otherways").get_text(" ", strip=True)
    assert "電話がむずかしいときは" in text and "そ・えーる" in text and "メール・SNSで相談" in text


def test_a_line_account_that_only_sends_notices_is_not_a_way_to_consult(sample, html):
    line = sample.catalogue.entry("mie-anshin-support-line")
    assert [c.value for c in line.service.channels] == ["news"]
    assert line not in OtherWays(sample.catalogue).for_entry(sample.catalogue.entry("yokkaichi-city"))
    page = html("service/mie-anshin-support-line/")
    assert "相談はここではできません" in page.get_text()
    assert "SNSで相談" not in page.select_one(".sg-facts").get_text()
