"""Open data exports and the second prefecture: both sites built strictly, their files parsed as a
reuser would (csv, json) and checked by the official validators: HSDS 3's compiled JSON Schema with
jsonschema, its tabular data package with frictionless (both read from ../shared/reference/hsds-3.0)."""

from __future__ import annotations

import copy
import csv
import shutil
import io
import json
import posixpath
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from frictionless import Package

from generator import export
from generator.loader import DEFAULT_ENTRIES, load
from generator.model import Site

from .conftest import ROOT, TODAY, reference

KOCHI = ROOT / "examples" / "kochi"

# 自治体標準オープンデータセット（正式版, デジタル庁）: the columns a reuser's importer expects, in this order,
# as the item definitions of 公共施設一覧 and イベント一覧 name them (docs/opendata.md says which version).
FACILITY_COLUMNS = ["全国地方公共団体コード", "ID", "地方公共団体名", "名称", "名称_カナ", "名称_英字", "名称_通称", "POIコード", "外部識別子",
                    "外部識別子の値", "所在地_全国地方公共団体コード", "町字ID", "所在地_連結表記", "所在地_都道府県", "所在地_市区町村", "所在地_町字",
                    "所在地_番地以下", "建物名等（方書）", "緯度", "経度", "高度の種別", "高度の値", "電話番号", "内線番号",
                    "連絡先メールアドレス", "連絡先FormURL", "連絡先備考（その他、SNSなど）", "郵便番号", "法人番号", "団体名", "利用可能曜日",
                    "開始時間", "終了時間", "利用可能時間特記事項", "説明", "車椅子可", "車椅子貸出", "ツエ貸出", "多目的トイレ",
                    "スロープ、エレベータ、エスカレータ", "点字ブロック等の移動支援", "点字や読上による支援", "盲導犬・介助犬・聴導犬同伴", "字幕", "筆談対応",
                    "優先駐車場", "オストメイト対応トイレ", "授乳室", "おむつ替えコーナー", "飲食可否", "ベビーカー貸出", "ベビーカー利用", "URL", "画像",
                    "画像ライセンス", "備考"]
EVENT_COLUMNS = ["全国地方公共団体コード", "ID", "地方公共団体名", "イベント名", "イベント名_カナ", "イベント名_英語", "開始日", "終了日", "開始時間",
                 "終了時間", "開始日時特記事項", "説明", "料金（基本）", "料金（詳細）", "連絡先名称", "連絡先電話番号", "連絡先内線番号", "主催者",
                 "場所名称", "住所", "方書", "緯度", "経度", "アクセス方法", "駐車場情報", "定員", "参加申込終了日", "参加申込終了時間",
                 "参加申込方法", "URL", "備考"]


@pytest.fixture(scope="session")
def kochi_site(built_sites, engine) -> Path:
    return built_sites["kochi"](engine)


@pytest.fixture(params=["mie", "kochi"])
def built(request, site, kochi_site):
    """(built site, its data folder) for each prefecture."""
    return (site, ROOT / "data") if request.param == "mie" else (kochi_site, KOCHI / "data")


def read_csv(path: Path | bytes) -> tuple[list[str], list[dict]]:
    text = (path if isinstance(path, bytes) else path.read_bytes()).decode("utf-8")  # UTF-8, no BOM surprises
    reader = csv.DictReader(io.StringIO(text, newline=""))
    return reader.fieldnames, list(reader)


def data_files(data: Path, *kinds: str) -> dict[str, dict]:
    """The entries of these kinds the site publishes, as their files say: the site's own and the
    generator's national lines (defaults/data/) it has no file of its own for."""
    files = {p.stem: p for folder in (DEFAULT_ENTRIES, data) for kind in kinds for p in sorted((folder / kind).glob("*.yml"))}
    return {name: yaml.safe_load(path.read_text(encoding="utf-8")) for name, path in sorted(files.items())}


def test_facilities_csv_has_one_row_per_window_ibasho_and_outreach(built):
    site, data = built
    header, rows = read_csv(site / "opendata" / "facilities.csv")
    assert header == FACILITY_COLUMNS
    expected = {export.open_data_id(slug): entry
                for slug, entry in data_files(data, "consultation", "ibasho", "outreach").items()}
    assert sorted(r["ID"] for r in rows) == sorted(expected)
    settings = yaml.safe_load((data / "site.yml").read_text(encoding="utf-8"))
    for row in rows:
        assert re.fullmatch(r"[0-9A-Za-z]+", row["ID"])  # 半角英数字, as the standard asks
        assert row["全国地方公共団体コード"] == settings["prefecture_code"]
        assert row["地方公共団体名"] == settings["prefecture"]
        assert row["名称"] == expected[row["ID"]]["name"]
        assert row["説明"] == expected[row["ID"]]["summary"]
        assert row["画像"].endswith(".png") and row["画像ライセンス"] == "CC BY 4.0"


def test_facility_row_carries_phone_days_and_hours(site):
    _, rows = read_csv(site / "opendata" / "facilities.csv")
    centre = next(r for r in rows if r["ID"] == "MieHikikomoriCenter")
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
    assert all(re.fullmatch(r"[0-9A-Za-z]+", r["ID"]) for r in rows)
    for row in rows:
        assert all(re.fullmatch(r"\d\d:\d\d", row[c]) for c in ("開始時間", "終了時間") if row[c])


def test_monthly_meeting_row_gives_its_next_date_and_whom_to_call(site):
    _, rows = read_csv(site / "opendata" / "events.csv")
    niji = next(r for r in rows if r["ID"].startswith("Nijinokai"))
    assert niji["開始日"] == "2026-12-18"  # built 2026-11-23: the next third Friday
    assert niji["開始日時特記事項"] == "毎月第3金曜日"
    # 虹の会 publishes no phone of its own: the row names whom to ask, with that number.
    assert (niji["連絡先名称"], niji["連絡先電話番号"]) == ("三重県ひきこもり地域支援センター", "059-253-7826")


@pytest.fixture(scope="session")
def service_package() -> jsonschema.protocols.Validator:
    """The official compiled schema of HSDS 3's service_package: a list of services, each with what it nests."""
    schema = json.loads(reference("hsds-3.0", "schema", "compiled", "service_package.json").read_text())
    return jsonschema.validators.validator_for(schema)(schema, format_checker=jsonschema.FormatChecker())


@pytest.fixture(scope="session")
def official_package() -> dict:
    """Open Referral's own datapackage.json of HSDS 3: every table, its file, columns, types and keys."""
    return json.loads(reference("hsds-3.0", "datapackage.json").read_text())


def package_errors(descriptor: dict, folder: Path) -> list[str]:
    report = Package(copy.deepcopy(descriptor), basepath=str(folder)).validate()
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + \
        [error.message for error in report.errors]


def test_hsds_json_is_a_service_package_the_official_schema_accepts(built, service_package):
    site, data = built
    services = json.loads((site / "opendata" / "hsds.json").read_text(encoding="utf-8"))
    assert [e.message for e in service_package.iter_errors(services)] == []
    assert len(services) == len(data_files(data, "consultation", "family", "ibasho", "outreach"))
    for service in services:
        assert service["organization_id"] == service["organization"]["id"]
        for nested in ("phones", "schedules", "service_areas", "service_at_locations"):
            assert all(row["service_id"] == service["id"] for row in service[nested])
        assert all(row["location_id"] == row["location"]["id"] for row in service["service_at_locations"])


def test_hsds_tables_are_the_official_data_package(built, official_package):
    """Open Referral's datapackage.json, as published, reads the exported tables without an error: every
    file, column order, type (time of day, dates, uuids), required value and reference between tables."""
    folder = built[0] / "opendata" / "hsds"
    assert package_errors(official_package, folder) == []
    ours = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert package_errors(ours, folder) == []

    def shape(package):
        return [(r["name"], r["path"], [(f["name"], f["type"], f.get("format"), f["constraints"])
                                        for f in r["schema"]["fields"]],
                 sorted(json.dumps(key, sort_keys=True) for key in r["schema"].get("foreignKeys", [])))
                for r in package["resources"]]

    assert shape(ours) == shape(official_package)  # the package published alongside says the same
    _, services = read_csv(folder / "services.csv")
    assert len(services) == len(json.loads((built[0] / "opendata" / "hsds.json").read_text(encoding="utf-8")))


def test_the_official_validators_reject_what_hsds_does_not_allow(site, service_package, official_package, tmp_path):
    services = json.loads((site / "opendata" / "hsds.json").read_text(encoding="utf-8"))
    bad_status = copy.deepcopy(services)
    bad_status[0]["status"] = "open"
    no_phone_number = copy.deepcopy(services)
    next(s for s in no_phone_number if s["phones"])["phones"][0].pop("number")
    for broken in (bad_status, no_phone_number):
        assert list(service_package.iter_errors(broken))
    tables = shutil.copytree(site / "opendata" / "hsds", tmp_path / "hsds")
    schedules = (tables / "schedules.csv").read_text(encoding="utf-8")
    (tables / "schedules.csv").write_text(schedules.replace("09:00:00+09:00", "9:00", 1), encoding="utf-8")
    assert any("time" in error for error in package_errors(official_package, tables))
    shutil.copy(site / "opendata" / "hsds" / "schedules.csv", tables / "schedules.csv")
    organizations = (tables / "organizations.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (tables / "organizations.csv").write_text("".join(organizations[:1] + organizations[2:]), encoding="utf-8")
    assert any("foreign" in error.lower() for error in package_errors(official_package, tables))


def test_hsds_carries_the_monthly_rule_phone_and_times(site):
    services = {s["name"]: s for s in json.loads((site / "opendata" / "hsds.json").read_text(encoding="utf-8"))}
    niji = services["虹の会"]["schedules"]
    assert [(s["freq"], s["byday"]) for s in niji] == [("MONTHLY", "3FR")]
    centre = services["三重県ひきこもり地域支援センター"]
    assert [p["number"] for p in centre["phones"]] == ["059-253-7826"]
    assert [(s["byday"], s["opens_at"], s["closes_at"]) for s in centre["schedules"]] == \
        [("MO,TU,WE,TH,FR", "09:00:00+09:00", "16:00:00+09:00")]


def test_exported_texts_hold_no_link_that_only_works_on_the_site(built):
    """Descriptions link to other entries in Markdown relative to their page; the files give the address."""
    site, _ = built
    files = [p for p in (site / "opendata").rglob("*") if p.suffix in {".csv", ".json"}]
    assert len(files) > 20
    for file in files:
        assert "](" not in file.read_text(encoding="utf-8"), file


def test_a_link_in_a_description_is_exported_with_its_absolute_address(site):
    services = {s["name"]: s for s in json.loads((site / "opendata" / "hsds.json").read_text(encoding="utf-8"))}
    assert "三重県ひきこもり地域支援センター（http://127.0.0.1:8000/service/mie-hikikomori-center/）にご相談ください" in \
        services["玉城町 ひきこもり相談窓口"]["description"]


def test_closed_days_are_in_both_files_as_the_data_holds_them(site):
    """HSDS has no exception dates and the CSV no column for them: both say the closed days in words."""
    closed = "休み: 祝日、年末年始（12月29日〜1月3日）"
    services = {s["name"]: s for s in json.loads((site / "opendata" / "hsds.json").read_text(encoding="utf-8"))}
    assert [s["notes"] for s in services["三重県ひきこもり地域支援センター"]["schedules"]] == [closed]
    _, rows = read_csv(site / "opendata" / "facilities.csv")
    [centre] = [r for r in rows if r["名称"] == "三重県ひきこもり地域支援センター"]
    assert closed in centre["利用可能時間特記事項"]


def test_opendata_page_links_the_files_and_the_licence(built):
    site, data = built
    page = BeautifulSoup((site / "opendata" / "index.html").read_text(encoding="utf-8"), "html.parser")
    article = page.select_one("article")
    leads_to = {posixpath.normpath(posixpath.join("opendata", a["href"])) for a in article.select("a[href]")}
    assert {"opendata/facilities.csv", "opendata/events.csv", "opendata/hsds.json",
            "opendata/hsds/datapackage.json"} <= leads_to
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
    bar = home.select_one(".sg-callbar__main")  # the national night lines below it have numbers of their own
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
    ochi = next(r for r in rows if r["ID"] == "OchiTownOutreach")
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
    files = {f.path: f.read() for f in export.render(catalogue, TODAY, "http://127.0.0.1:8000/")}
    cells = []
    for name in ("opendata/facilities.csv", "opendata/events.csv"):
        rows = list(csv.reader(io.StringIO(files[name].decode("utf-8"), newline="")))
        cells += [cell for row in rows for cell in row]
    formulas = [c for c in cells if c.lstrip(" \u3000")[:1] in tuple("=+-@\t\r＝＋－＠")]
    assert not formulas
    for key, value in HOSTILE.items():
        # The address is written whole, its prefecture first (所在地_連結表記, 住所): it starts no formula.
        assert ("三重県" + value if key == "address" else "'" + value) in cells, value
    # Numbers and phone numbers are left as they are: a reuser's importer still reads them as such.
    _, rows = read_csv(files["opendata/facilities.csv"])
    centre = next(r for r in rows if r["ID"] == "MieHikikomoriCenter")
    assert (centre["電話番号"], centre["緯度"], centre["経度"]) == ("059-253-7826", "34.73", "136.51")
