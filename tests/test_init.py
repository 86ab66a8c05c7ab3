"""python -m generator init: a new prefecture's site from the shipped municipality table."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

from generator import __main__ as cli, init, loader, municipalities
from generator.build import build_date
from generator.normalise import terms

from .conftest import ROOT

# ../shared next to the clone (a worktree under wt/ has it one folder further up).
LOCALGOV = next((folder / "shared" / "reference" / "localgovjp-utf8.csv" for folder in (ROOT.parent, ROOT.parent.parent)
                 if (folder / "shared" / "reference" / "localgovjp-utf8.csv").exists()),
                ROOT.parent / "shared" / "reference" / "localgovjp-utf8.csv")
TABLE = municipalities.load()


def test_the_shipped_table_holds_what_localgovjp_says():
    if not LOCALGOV.exists():
        pytest.skip(f"the localgovjp list is not on this machine ({LOCALGOV}): nothing to compare with")
    with LOCALGOV.open(encoding="utf-8-sig") as f:
        source = [r for r in csv.DictReader(f) if " " not in r["city"]]  # designated cities' wards left out
    assert [(m.code, m.prefecture, m.name, m.reading, m.url, m.lat, m.lon) for m in TABLE] == [
        (r["lgcode"], r["pref"], r["city"], r["citykana"], r["url"], float(r["lat"]), float(r["lng"]))
        for r in source]


def test_prefecture_codes_are_those_the_sites_publish():
    for site_file in [ROOT / "data" / "site.yml", *ROOT.glob("examples/*/data/site.yml")]:
        site = yaml.safe_load(site_file.read_text(encoding="utf-8"))
        assert municipalities.prefecture_code(TABLE, site["prefecture"]) == site["prefecture_code"], site_file


def test_ids_are_romanised_readings_without_long_vowels_written_twice():
    okinawa = {m.name: m.slug for m in TABLE if m.prefecture == "沖縄県"}
    assert okinawa["南城市"] == "nanjo-city" and okinawa["大宜味村"] == "ogimi-village"
    assert okinawa["北谷町"] == "chatan-town" and okinawa["読谷村"] == "yomitan-village"
    # An id read back as the search reads romaji is the official reading, loosely (its suffix aside);
    # except ん before a vowel or y, which Hepburn marks with an apostrophe no id may hold (南陽市 nanyo).
    for m in (m for m in TABLE if not re.search("ん[あいうえおやゆよ]", m.reading)):
        stem = m.slug.rsplit("-", 1)[0]
        assert terms(stem)[0] in terms(m.reading)[0], (m.name, m.slug)


def test_every_prefecture_gets_one_id_per_municipality():
    for prefecture in municipalities.prefectures(TABLE):
        areas = [m for m in TABLE if m.prefecture == prefecture]
        ids = init.window_ids(areas)
        assert len(set(ids.values())) == len(areas), prefecture


@pytest.fixture(scope="module")
def iwate(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("init") / "iwate"
    assert cli.main(["init", str(folder), "--prefecture", "岩手県"]) == 0
    return folder


def test_init_writes_a_catalogue_without_errors_and_a_window_for_every_municipality(iwate):
    catalogue, warnings = loader.load(iwate / "data", build_date())  # checked as of the day init wrote it
    table = [m for m in TABLE if m.prefecture == "岩手県"]
    assert catalogue.site.prefecture == "岩手県" and catalogue.site.prefecture_code == "030007"
    assert catalogue.site.places == "市町村" and catalogue.site.regions == []
    assert [(a.code, a.name, a.reading, a.url) for a in catalogue.areas] == [
        (m.code, m.name, m.reading, m.url) for m in table]
    for m in table:
        local = [e for e in catalogue.serving(m.code) if not e.service.serves_all]
        assert [e.service.contacts.website for e in local] == [m.url], m.name
        # Nothing but the official site: no phone, mail, address or hours made up.
        service = local[0].service
        assert not service.contacts.phones and not service.contacts.email and service.location is None
        assert service.schedule is None
    assert not [w for w in warnings if w.severity == "error"]


def test_init_marks_what_staff_must_write_and_check_warns_about_it(iwate, capsys):
    assert cli.main(["--data", str(iwate / "data"), "check"]) == 0
    out = capsys.readouterr().out
    about = iwate / "content" / "about.md"
    marked = [line for line in about.read_text(encoding="utf-8").splitlines() if "【要記入" in line]
    assert marked and out.count(f"{about}:") == len(marked)
    assert "市町村 33 件" in out


def test_init_says_what_a_person_must_still_do(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path / "okinawa"), "--prefecture", "沖縄県"]) == 0
    out = capsys.readouterr().out
    assert "沖縄県のサイトを作りました" in out and "【要記入】" in out and "main_line" in out


def test_mkdocs_yml_inherits_the_projects_and_names_the_municipalities_as_the_site_does(iwate):
    config = yaml.safe_load((iwate / "mkdocs.yml").read_text(encoding="utf-8"))
    assert (iwate / config["INHERIT"]).resolve() == ROOT / "mkdocs.yml"
    assert {"市町村から探す": "areas.md"} in config["nav"]


def test_regions_from_a_file_group_every_municipality(tmp_path):
    names = [m.name for m in TABLE if m.prefecture == "沖縄県"]
    regions = tmp_path / "regions.yml"
    regions.write_text(yaml.safe_dump({"北部": names[:10], "南部": names[10:]}, allow_unicode=True), encoding="utf-8")
    assert cli.main(["init", str(tmp_path / "site"), "--prefecture", "沖縄県", "--regions", str(regions)]) == 0
    catalogue, _ = loader.load(tmp_path / "site" / "data", build_date())
    assert catalogue.site.regions == ["北部", "南部"]
    assert [a.name for a in catalogue.areas_by_region()["北部"]] == names[:10]


@pytest.mark.parametrize("regions, message", [
    ({"北部": ["那覇"]}, "「那覇」はこの都道府県の市区町村の名前にありません"),
    ({"北部": ["那覇市"]}, "どの地域にも入っていません"),
])
def test_a_wrong_regions_file_is_explained(tmp_path, capsys, regions, message):
    path = tmp_path / "regions.yml"
    path.write_text(yaml.safe_dump(regions, allow_unicode=True), encoding="utf-8")
    assert cli.main(["init", str(tmp_path / "site"), "--prefecture", "沖縄県", "--regions", str(path)]) == 1
    assert message in capsys.readouterr().out
    assert not (tmp_path / "site").exists()


def test_an_unknown_prefecture_or_a_folder_in_use_is_refused(tmp_path, capsys):
    assert cli.main(["init", str(tmp_path / "a"), "--prefecture", "岩手"]) == 1
    assert "「岩手」という都道府県は見つかりません" in capsys.readouterr().out
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "mine.txt").write_text("x", encoding="utf-8")
    assert cli.main(["init", str(tmp_path / "b"), "--prefecture", "岩手県"]) == 1
    assert "もうファイルがあります" in capsys.readouterr().out
