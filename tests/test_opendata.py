"""Open data exports and the second prefecture: both sites built strictly, their files parsed as a
reuser would (csv, json + the HSDS schema)."""

from __future__ import annotations

import copy
import csv
import shutil
import io
import json
import posixpath
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup

from generator import export
from generator.loader import load
from generator.model import Site

from .conftest import ROOT, TODAY, BuiltSites

KOCHI = ROOT / "examples" / "kochi"
HSDS_SCHEMA = json.loads((Path(__file__).with_name("schemas") / "hsds3-subset.schema.json").read_text())

# 自治体標準オープンデータセット (デジタル庁): the columns a reuser's importer expects, in this order.
FACILITY_COLUMNS = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "住所", "緯度", "経度",
                    "電話番号", "利用可能曜日", "開始時間", "終了時間", "利用可能日時特記事項", "説明",
                    "バリアフリー情報", "URL", "備考"]
EVENT_COLUMNS = ["全国地方公共団体コード", "ID", "地方公共団体名", "イベント名", "イベント名_カナ", "開始日", "終了日",
                 "開始時間", "終了時間", "説明", "料金", "連絡先名称", "連絡先電話番号", "主催者", "場所名称", "住所",
                 "緯度", "経度", "定員", "参加申込終了日", "参加申込方法", "URL", "備考"]


@pytest.fixture(scope="session")
def kochi_sites(tmp_path_factory) -> BuiltSites:
    return BuiltSites(tmp_path_factory, KOCHI)


@pytest.fixture(scope="session")
def kochi_site(kochi_sites, engine) -> Path:
    return kochi_sites(engine)


@pytest.fixture(params=["mie", "kochi"])
def built(request, site, kochi_site):
    """(built site, its data folder) for each prefecture."""
    return (site, ROOT / "data") if request.param == "mie" else (kochi_site, KOCHI / "data")


def read_csv(path: Path | bytes) -> tuple[list[str], list[dict]]:
    text = (path if isinstance(path, bytes) else path.read_bytes()).decode("utf-8")  # UTF-8, no BOM surprises
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return reader.fieldnames, list(reader)


def data_files(data: Path, *kinds: str) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for kind in kinds for p in sorted((data / kind).glob("*.yml"))}


def test_facilities_csv_has_one_row_per_window_ibasho_and_outreach(built):
    site, data = built
    header, rows = read_csv(site / "opendata" / "facilities.csv")
    assert header == FACILITY_COLUMNS
    expected = data_files(data, "consultation", "ibasho", "outreach")
    assert sorted(r["ID"] for r in rows) == sorted(expected)
    settings = yaml.safe_load((data / "site.yml").read_text(encoding="utf-8"))
    for row in rows:
        assert row["全国地方公共団体コード"] == settings["prefecture_code"]
        assert row["地方公共団体名"] == settings["prefecture"]
        assert row["名称"] == expected[row["ID"]]["name"]
        assert row["説明"] == expected[row["ID"]]["summary"]


def test_facility_row_carries_phone_days_and_hours(site):
    _, rows = read_csv(site / "opendata" / "facilities.csv")
    centre = next(r for r in rows if r["ID"] == "mie-hikikomori-center")
    assert centre["電話番号"] == "059-253-7826"
    assert centre["利用可能曜日"] == "月,火,水,木,金"
    assert (centre["開始時間"], centre["終了時間"]) == ("09:00", "16:00")
    assert centre["名称_カナ"] == "ミエケンヒキコモリチイキシエンセンター"


def test_events_csv_has_a_row_per_session_and_per_monthly_rule(built):
    site, data = built
    header, rows = read_csv(site / "opendata" / "events.csv")
    assert header == EVENT_COLUMNS
    entries = data_files(data, "consultation", "family", "ibasho", "outreach").values()
    schedules = [e["schedule"] for e in entries if e.get("schedule")]
    sessions = sum(len(s.get("sessions", [])) for s in schedules)
    monthly = sum(len(s.get("monthly", [])) for s in schedules)
    assert len(rows) == sessions + monthly
    assert len({r["ID"] for r in rows}) == len(rows)


def test_monthly_meeting_row_gives_its_next_date_and_whom_to_call(site):
    _, rows = read_csv(site / "opendata" / "events.csv")
    niji = next(r for r in rows if r["ID"].startswith("nijinokai"))
    assert niji["開始日"] == "2026-12-18"  # built 2026-11-23: the next third Friday
    assert "毎月第3金曜日" in niji["備考"]
    # 虹の会 publishes no phone of its own: the row names whom to ask, with that number.
    assert (niji["連絡先名称"], niji["連絡先電話番号"]) == ("三重県ひきこもり地域支援センター", "059-253-7826")


def test_hsds_json_is_valid_against_the_schema_and_its_ids_resolve(built):
    site, data = built
    doc = json.loads((site / "opendata" / "hsds.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, HSDS_SCHEMA)
    ids = {table: {row["id"] for row in rows} for table, rows in doc.items()}
    assert len(doc["services"]) == len(data_files(data, "consultation", "family", "ibasho", "outreach"))
    assert all(s["organization_id"] in ids["organizations"] for s in doc["services"])
    for table in ("schedules", "phones", "service_at_locations"):
        assert all(row["service_id"] in ids["services"] for row in doc[table])
    assert all(row["location_id"] in ids["locations"] for row in doc["service_at_locations"])


def test_hsds_carries_the_monthly_rule_and_phone(site):
    doc = json.loads((site / "opendata" / "hsds.json").read_text(encoding="utf-8"))
    service = {s["name"]: s["id"] for s in doc["services"]}
    niji = [s for s in doc["schedules"] if s["service_id"] == service["虹の会"]]
    assert [(s["freq"], s["byday"]) for s in niji] == [("MONTHLY", "3FR")]
    phones = [p["number"] for p in doc["phones"] if p["service_id"] == service["三重県ひきこもり地域支援センター"]]
    assert phones == ["059-253-7826"]


def test_schema_rejects_what_hsds_does_not_allow(site):
    doc = json.loads((site / "opendata" / "hsds.json").read_text(encoding="utf-8"))
    bad_status = copy.deepcopy(doc)
    bad_status["services"][0]["status"] = "open"
    misspelt = copy.deepcopy(doc)
    misspelt["schedules"][0]["by_day"] = misspelt["schedules"][0].pop("byday", "MO")
    for broken in (bad_status, misspelt):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(broken, HSDS_SCHEMA)


def test_opendata_page_links_the_files_and_the_licence(built):
    site, data = built
    page = BeautifulSoup((site / "opendata" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    leads_to = {posixpath.normpath(posixpath.join("opendata", a["href"])) for a in article.select("a[href]")}
    assert {"opendata/facilities.csv", "opendata/events.csv", "opendata/hsds.json"} <= leads_to
    licence = article.select_one('a[rel~="license"]')
    assert licence["href"] == "https://creativecommons.org/licenses/by/4.0/deed.ja"
    assert "CC BY 4.0" in licence.get_text()
    nav = {a.get_text(strip=True) for a in page.select("nav.md-nav a")}
    assert "オープンデータ" in nav


# --- The second prefecture ----------------------------------------------------------------------


def test_kochi_site_names_kochi_and_never_mie(kochi_site):
    home = BeautifulSoup((kochi_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert home.h1.get_text(strip=True) == "高知県ひきこもり支援ガイド"
    assert "お住まいの市町村から探す" in home.get_text()
    area_links = {a["href"] for a in home.select("ul.sg-areas a")}
    assert len(area_links) == 34  # every 市町村 of 高知県
    for file in kochi_site.rglob("*"):
        if file.suffix in {".html", ".csv", ".json"}:
            assert "三重" not in file.read_text(encoding="utf-8"), file


def test_kochi_main_line_without_a_phone_shows_the_link_only(kochi_site):
    home = BeautifulSoup((kochi_site / "index.html").read_text(encoding="utf-8"), "html.parser")
    bar = home.select_one(".sg-callbar")
    assert "高知県ひきこもり地域支援センター" in bar.get_text()
    assert bar.select_one('a[href^="tel:"]') is None
    assert home.select_one(".sg-mainline a[href='service/kochi-hikikomori-center/']")


def test_kochi_outreach_is_listed_only_in_its_town(kochi_site):
    def linked(code):
        page = BeautifulSoup((kochi_site / "area" / code / "index.html").read_text(encoding="utf-8"), "html.parser")
        return {a.get_text(strip=True) for a in page.select("article a[href]") if "service/" in a["href"]}

    assert "アウトリーチ支援員（越知町）" in linked("394033")
    assert "アウトリーチ支援員（越知町）" not in linked("394025")  # 佐川町 has its own
    assert "アウトリーチ支援員（佐川町）" in linked("394025")


def test_kochi_outreach_row_points_to_its_town(kochi_site):
    _, rows = read_csv(kochi_site / "opendata" / "facilities.csv")
    ochi = next(r for r in rows if r["ID"] == "ochi-town-outreach")
    assert ochi["URL"] == "https://www.town.ochi.kochi.jp/"  # the town's official site, from the area table
    assert ochi["電話番号"] == ""  # no source gives one: left out, not guessed


def test_licence_defaults_to_cc_by_when_the_settings_leave_it_out():
    site = Site(name="n", prefecture="p", description="d", main_line="x", regions=["r"])
    assert (site.licence.name, site.licence.url) == ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/deed.ja")


# A leading space, ASCII or full-width (issue 33), is dropped by the spreadsheet before it runs the rest.
HOSTILE = {"operator": '=HYPERLINK("http://x.example/","click")', "name": "+81 の会", "notes": "-2+3",
           "fees": " =2+2", "address": "=cmd|' /C notepad'!A0", "booking_note": "\u3000=2+2",
           "summary": "@SUM(A1)"}


def test_csv_cells_never_start_a_formula(tmp_path):
    """Values a spreadsheet would run (OWASP CSV injection) come out as text, with a leading '."""
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    for name in ("mie-hikikomori-center.yml", "komorebi.yml"):
        path = next(data.glob(f"*/{name}"))
        entry = yaml.safe_load(path.read_text(encoding="utf-8"))
        entry.update({k: v for k, v in HOSTILE.items() if k != "address"})
        entry["location"] = {"address": HOSTILE["address"], "lat": 34.73, "lon": 136.51}
        entry["schedule"] = {"monthly": [{"week": 2, "day": "sat", "note": "-当日参加も可"}]}
        path.write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    catalogue, _ = load(data, TODAY)
    files = {f.path: f.read() for f in export.render(catalogue, TODAY)}
    cells = []
    for name in ("opendata/facilities.csv", "opendata/events.csv"):
        rows = list(csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")))
        cells += [cell for row in rows for cell in row]
    formulas = [c for c in cells if c.lstrip(" \u3000")[:1] in tuple("=+-@\t\r＝＋－＠")]
    assert not formulas
    for value in HOSTILE.values():
        assert "'" + value in cells, value
    # Numbers and phone numbers are left as they are: a reuser's importer still reads them as such.
    _, rows = read_csv(files["opendata/facilities.csv"])
    centre = next(r for r in rows if r["ID"] == "mie-hikikomori-center")
    assert (centre["電話番号"], centre["緯度"], centre["経度"]) == ("059-253-7826", "34.73", "136.51")
