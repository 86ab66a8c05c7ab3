"""What staff get in their editor and from the helper commands: schemas, the field table, `new`."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from generator import schema
from generator.yamlfile import parse

from .conftest import ROOT


@pytest.fixture(scope="module")
def schemas(tmp_path_factory) -> dict[str, dict]:
    out = tmp_path_factory.mktemp("schema")
    schema.write(out, schema.topic_ids(ROOT / "data"))
    return {p.name: json.loads(p.read_text(encoding="utf-8")) for p in out.glob("*.json")}


@pytest.fixture(scope="module")
def validators(schemas) -> dict[str, jsonschema.protocols.Validator]:
    """One validator per schema, each schema checked once against its meta-schema (as jsonschema.validate
    does on every call, which made this file's slowest test)."""
    found = {}
    for name, one in schemas.items():
        cls = jsonschema.validators.validator_for(one)
        cls.check_schema(one)
        found[name] = cls(one)
    return found


def data_files():
    defaults = ROOT / "generator" / "defaults"  # the search's words and the national lines every site lists
    return (sorted((ROOT / "data").glob("*/*.yml")) + [ROOT / "data" / name for name in ("areas.yml", "site.yml")]
            + sorted(defaults.glob("data/*/*.yml")) + [defaults / "topics.yml"])


@pytest.mark.parametrize("path", data_files(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_data_file_names_its_schema_and_passes_it(path, validators):
    text = path.read_text(encoding="utf-8")
    first = text.splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target.parent == (ROOT / "schema").resolve()
    # YAML 1.2 as editors read it: dates stay strings.
    data = _editor_view(text)
    validators[target.name].validate(data)


def _editor_view(text: str):
    # Read as an editor's YAML 1.2 parser does: 2024-12-31 and 9:00 stay strings.
    return parse(Path("x.yml"), text).data


def test_the_schema_catches_what_an_editor_should_flag(schemas):
    broken = {"id": "Bad Id", "name": "x", "areas": "all", "summary": "x", "audience": ["家族"],
              "channels": ["phone"], "last_verified": "2026-01-01", "source": "x", "phoen": "1"}
    errors = {e.message for e in jsonschema.Draft202012Validator(schemas["service.schema.json"]).iter_errors(broken)}
    assert any("phoen" in m for m in errors)
    assert any("家族" in m for m in errors)
    assert any("Bad Id" in m for m in errors)


def test_the_editor_offers_the_topics_of_the_vocabulary(schemas):
    entry = {"id": "x", "name": "x", "areas": "all", "summary": "x", "audience": ["self"], "channels": ["phone"],
             "last_verified": "2026-01-01", "source": "x", "contacts": {"website": "https://example.org/"}}
    validator = jsonschema.Draft202012Validator(schemas["service.schema.json"])
    assert not list(validator.iter_errors({**entry, "topics": ["work", "school"]}))
    assert any("shigoto" in e.message for e in validator.iter_errors({**entry, "topics": ["shigoto"]}))


def test_schema_describes_fields_in_japanese(schemas):
    props = schemas["service.schema.json"]["properties"]
    assert props["last_verified"]["description"] == "最終確認日（last_verified）"


def test_contributing_lists_exactly_the_model_fields():
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert schema.fields_markdown() in text, "run: python -m generator fields, and paste into CONTRIBUTING.md"


def test_new_starts_an_entry_that_check_refuses_until_filled_in(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    run = lambda *args: subprocess.run([sys.executable, "-m", "generator", "--data", str(tmp_path / "data"), *args],  # noqa: E731
                                       capture_output=True, text=True)
    created = run("new", "ibasho", "hidamari")
    assert created.returncode == 0 and "hidamari.yml を作りました" in created.stdout
    path = tmp_path / "data" / "ibasho" / "hidamari.yml"
    assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=../../schema/service.schema.json")
    again = run("new", "ibasho", "hidamari")
    assert again.returncode == 1 and "もうあります" in again.stdout
    check = run("check")
    assert check.returncode == 1
    assert "hidamari.yml:" in check.stdout and "「TODO」が残っています" in check.stdout
