"""The form editor's configuration is the model's: every field, its Japanese name, what is required,
choices as select boxes, areas by name, dates as date pickers; and it saves through pull requests."""

from __future__ import annotations

from datetime import date

import pytest
import yaml
from bs4 import BeautifulSoup

from generator import editor, messages, schema
from generator.kinds import all_kinds
from generator.model import Service

from .conftest import TODAY


@pytest.fixture(scope="module")
def config(sample):
    return editor.config(sample.catalogue)


def _by_path(fields: list[dict], prefix: str = "") -> dict[str, dict]:
    found = {}
    for field in fields:
        path = prefix + field["name"]
        found[path] = field
        if field.get("widget") == "list" and "fields" in field:
            found.update(_by_path(field["fields"], path + "[]."))
        elif field.get("widget") == "object":
            found.update(_by_path(field["fields"], path + "."))
    return found


def test_every_model_field_is_in_every_form(config):
    rows = {path: required for path, _, required, _ in schema.field_rows(Service)}
    assert [c["name"] for c in config["collections"]] == [k.id for k in all_kinds()]
    for collection in config["collections"]:
        fields = _by_path(collection["fields"])
        assert set(fields) == set(rows), "the model and the editor disagree: see generator/editor.py"
        for path, required in rows.items():
            assert fields[path]["required"] == required, path
            assert fields[path]["label"] == messages.field_name(path.split(".")[-1].removesuffix("[]"), "市町")
    # The sample calls its municipalities 市町 (site.yml): so does every label that names them.
    assert fields["areas"]["label"] == "対象の市町（areas）"


def test_a_field_the_editor_cannot_show_stops_the_build():
    class WithColour(Service):
        colour: complex | None = None

    with pytest.raises(TypeError, match="colour"):
        editor._fields(WithColour, [], "市町村")


def test_a_new_model_field_appears_in_the_form():
    class WithFloor(Service):
        floor: int | None = None

    paths = editor.field_paths(editor._fields(WithFloor, [], "市町村"))
    assert "floor" in paths and set(paths) - {"floor"} == set(editor.field_paths(editor._fields(Service, [], "市町村")))


def test_choices_are_select_boxes_with_japanese_names(config):
    fields = _by_path(config["collections"][1]["fields"])
    days = fields["schedule.monthly[].day"]
    assert days["widget"] == "select"
    assert [o["label"][0] for o in days["options"]] == list("月火水木金土日")
    week = fields["schedule.monthly[].week"]
    assert [(o["label"], o["value"]) for o in week["options"]][:2] == [("第1", 1), ("第2", 2)]
    assert week["options"][-1] == {"label": "最終", "value": -1}
    for name in ("audience", "channels"):
        assert fields[name]["widget"] == "select" and fields[name]["multiple"] is True
    assert fields["booking"]["options"][0] == {"label": "予約が必要（required）", "value": "required"}
    assert fields["contacts.phones"]["widget"] == "list"
    assert fields["schedule.sessions"]["widget"] == "list"


def test_areas_are_picked_by_name_and_written_as_codes(config):
    areas = _by_path(config["collections"][0]["fields"])["areas"]
    assert areas["options"][0] == {"label": "三重県全域", "value": "all"}
    assert {"label": "亀山市（北勢）", "value": "242101"} in areas["options"]


def test_dates_are_date_pickers_and_help_is_japanese(config):
    fields = _by_path(config["collections"][0]["fields"])
    for path in ("last_verified", "retired", "schedule.sessions[].date"):
        assert fields[path]["widget"] == "datetime" and fields[path]["time_format"] is False
        assert fields[path]["format"] == "YYYY-MM-DD"
    assert "確かめた日" in fields["last_verified"]["hint"]
    assert fields["contacts.phones[].number"]["hint"] == "電話番号（059-253-7826）"


def test_saving_opens_pull_requests_and_never_deletes(config):
    assert config["publish_mode"] == "editorial_workflow"
    assert config["locale"] == "ja"
    assert config["backend"]["name"] == "github"
    for collection in config["collections"]:
        assert collection["delete"] is False
        assert collection["folder"] == f"data/{collection['name']}"


def test_there_is_no_media_library_to_upload_to(sample, config):
    """Decap would commit uploads straight to the published branch (see generator/editor.py)."""
    assert "media_folder" not in config and "public_folder" not in config
    assert config["media_library"] == {"name": editor.settings(sample.catalogue)["no_media"]}
    assert "registerMediaLibrary" in (editor.EDITOR / "editor.js").read_text(encoding="utf-8")


def test_admin_is_built_with_the_site_and_only_there(site):
    page = BeautifulSoup((site / "admin" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert page.html["lang"] == "ja"
    sources = [s.get("src") for s in page.find_all("script") if s.get("src")]
    assert sources == ["decap-cms.js", "editor.js"]  # from the site itself, never a CDN
    assert (site / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert (site / "admin" / "yaml" / "index.js").exists()
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    assert config["publish_mode"] == "editorial_workflow"
    for public in [site / "index.html", site / "service" / "nijinokai" / "index.html"]:
        assert "decap" not in public.read_text(encoding="utf-8").lower()


def test_the_schema_line_the_editor_writes_is_the_one_data_files_start_with(sample):
    settings = editor.settings(sample.catalogue)
    first = (sample.catalogue.entry("nijinokai").path).read_text(encoding="utf-8").splitlines()[0]
    assert settings["schema_line"] == first
    assert list(settings["order"])[:3] == ["id", "name", "reading"]


def test_the_editor_edits_the_data_of_the_site_it_is_built_for():
    """An example's editor reads and writes that example's files, and names its places as it does."""
    from generator.loader import load

    from .conftest import ROOT

    data = ROOT / "examples" / "iwate" / "data"
    catalogue, _ = load(data, TODAY)
    config = editor.config(catalogue, folder=editor.site_folder(data))
    assert [c["folder"] for c in config["collections"]] == [f"examples/iwate/data/{k.id}" for k in all_kinds()]
    assert "media_folder" not in config  # no uploads, for any site (docs/security.md)
    areas = _by_path(config["collections"][0]["fields"])["areas"]
    assert areas["label"] == "対象の市町村（areas）"
    assert {o["label"] for o in areas["options"][1:]} == {a.name for a in catalogue.areas}  # no regions: names only
    assert editor.settings(catalogue, editor.site_folder(data))["schema_line"].endswith("=../../../../schema/service.schema.json")
