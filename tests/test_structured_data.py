"""schema.org JSON-LD on every page of both engines' builds, checked against the vocabulary itself (release
30.0, read from ../shared/reference/schemaorg-30.0): every type exists, every property is one of its type
(inheritance considered) and every value is of a type the property allows; and every Event has what
Google's Event rich results require and recommend."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import shutil

import pytest
from bs4 import BeautifulSoup

from generator import embeds, schedule
from generator.loader import load

from .conftest import ROOT, TODAY, reference

SCHEMA = "https://schema.org/"
# Values a string stands for; URL is a Text in the vocabulary, an enumeration member is written as its URL.
LITERALS = {"schema:Text", "schema:URL", "schema:Date", "schema:DateTime", "schema:Time"}
NUMBERS = {"schema:Number", "schema:Float", "schema:Integer", "schema:Text"}


def _ids(value) -> list[str]:
    return [item["@id"] for item in (value if isinstance(value, list) else [value] if value else [])]


def _types(node: dict) -> list[str]:
    found = node.get("@type", [])
    return found if isinstance(found, list) else [found]


class Vocabulary:
    def __init__(self, path: Path) -> None:
        graph = json.loads(path.read_text(encoding="utf-8"))["@graph"]
        self.nodes = {node["@id"]: node for node in graph}
        self.classes = {i for i, n in self.nodes.items() if {"rdfs:Class", "schema:DataType"} & set(_types(n))}
        self.properties = {i for i, n in self.nodes.items() if "rdf:Property" in _types(n)}

    def ancestors(self, type_id: str) -> set[str]:
        found, todo = set(), [type_id]
        while todo:
            current = todo.pop()
            if current not in found:
                found.add(current)
                todo += _ids(self.nodes.get(current, {}).get("rdfs:subClassOf"))
        return found

    def member_of(self, value: str) -> set[str]:
        """The enumerations a https://schema.org/<Name> value is a member of."""
        node = self.nodes.get("schema:" + value.removeprefix(SCHEMA)) if value.startswith(SCHEMA) else None
        return set().union(*(self.ancestors(t) for t in _types(node))) if node else set()

    def problems(self, node: dict, where: str) -> list[str]:
        found = []
        types = ["schema:" + t for t in _types(node)]
        if not types:
            return [] if set(node) == {"@id"} else [f"{where}: a node without @type"]
        unknown = [t for t in types if t not in self.classes]
        if unknown:
            return [f"{where}: unknown type {unknown}"]
        lineage = set().union(*(self.ancestors(t) for t in types))
        for name, value in node.items():
            if name.startswith("@"):
                continue
            prop = "schema:" + name
            if prop not in self.properties:
                found.append(f"{where}: {name} is not a schema.org property")
                continue
            domains = set(_ids(self.nodes[prop].get("schema:domainIncludes")))
            if not domains & lineage:
                found.append(f"{where}: {name} is not a property of {types} (only of {sorted(domains)})")
            ranges = set(_ids(self.nodes[prop].get("schema:rangeIncludes")))
            for item in value if isinstance(value, list) else [value]:
                found += self._value_problems(item, ranges, f"{where}.{name}")
        return found

    def _value_problems(self, item: object, ranges: set[str], where: str) -> list[str]:
        if isinstance(item, dict):
            if set(item) == {"@id"}:
                return []
            lineage = set().union(*(self.ancestors("schema:" + t) for t in _types(item)))
            wrong = [] if lineage & ranges else [f"{where}: a {_types(item)} where {sorted(ranges)} is expected"]
            return wrong + self.problems(item, where)
        if isinstance(item, bool):
            return [] if "schema:Boolean" in ranges else [f"{where}: a boolean where {sorted(ranges)} is expected"]
        if isinstance(item, (int, float)):
            return [] if NUMBERS & ranges else [f"{where}: a number where {sorted(ranges)} is expected"]
        if self.member_of(item) & ranges or LITERALS & ranges:
            return []
        return [f"{where}: text {item!r} where {sorted(ranges)} is expected"]


@pytest.fixture(scope="session")
def vocabulary() -> Vocabulary:
    return Vocabulary(reference("schemaorg-30.0", "schemaorg-current-https.jsonld"))


def items_of(data: dict) -> list[dict]:
    return data.get("@graph", [data])


@pytest.fixture(scope="session")
def structured(site) -> dict[str, list[dict]]:
    """Every JSON-LD block of the built site, by page."""
    found = {}
    for page in sorted(site.rglob("*.html")):
        scripts = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser").find_all(
            "script", type="application/ld+json")
        if scripts:
            found[str(page.relative_to(site))] = [json.loads(s.string) for s in scripts]
    return found


def test_every_type_and_property_is_the_vocabularys(structured, vocabulary):
    assert len(structured) > 30  # every entry page
    problems = [problem for page, blocks in structured.items() for block in blocks
                for item in items_of(block) for problem in vocabulary.problems(item, page)]
    assert problems == []
    references = {item["@id"] for blocks in structured.values() for block in blocks for item in items_of(block)
                  if "@id" in item}
    for blocks in structured.values():
        for block in blocks:
            for item in items_of(block):
                for linked in item.get("subjectOf", []) + ([item["about"]] if "about" in item else []):
                    assert linked["@id"] in references


def test_the_vocabulary_check_finds_what_the_issue_found(vocabulary):
    """The mistakes the validators reported before: ``event`` on a Service, the attendance mode as text."""
    service = {"@type": "Service", "name": "x", "event": [{"@type": "Event", "name": "y", "startDate": "2026-12-18"}]}
    assert any("event is not a property of" in p for p in vocabulary.problems(service, "page"))
    event = {"@type": "Event", "name": "y", "eventAttendanceMode": "offline"}
    assert any("eventAttendanceMode" in p for p in vocabulary.problems(event, "page"))
    mixed = {"@type": "Event", "eventAttendanceMode": f"{SCHEMA}MixedEventAttendanceMode"}
    assert vocabulary.problems(mixed, "page") == []


def events_of(structured: dict[str, list[dict]]) -> list[dict]:
    return [item for blocks in structured.values() for block in blocks for item in items_of(block)
            if item.get("@type") == "Event"]


def test_every_event_has_what_google_requires_and_recommends(structured, vocabulary):
    events = events_of(structured)
    assert len(events) >= 6  # 虹の会's coming meetings
    modes = {f"{SCHEMA}{m}EventAttendanceMode" for m in ("Offline", "Online", "Mixed")}
    for event in events:
        assert event["name"] and event["description"] and event["image"]
        start, end = datetime.fromisoformat(event["startDate"]), datetime.fromisoformat(event["endDate"])
        assert start <= end
        assert event["eventStatus"] == f"{SCHEMA}EventScheduled"
        assert event["eventAttendanceMode"] in modes
        assert event["organizer"]["@type"] == "Organization" and event["organizer"]["name"]
        locations = event["location"] if isinstance(event["location"], list) else [event["location"]]
        for location in locations:
            if location["@type"] == "VirtualLocation":
                assert location["url"].startswith("http")
            else:
                assert location["@type"] == "Place" and location["name"]
                assert location["address"]["addressRegion"] and location["address"]["addressCountry"] == "JP"
        assert any(img.endswith(".png") for img in event["image"])


def test_events_give_the_organizer_and_the_entrys_card(structured, site):
    niji = {e["startDate"]: e for e in events_of({"p": structured["service/nijinokai/index.html"]})}
    first = niji["2026-12-18"]
    assert first["organizer"]["name"] == "三重県ひきこもり地域支援センター"
    assert first["image"] == [first["url"].removesuffix("service/nijinokai/") + "cards/service/nijinokai.png"]
    assert (site / "cards" / "service" / "nijinokai.png").exists()
    # Its file names no place: the event is where the meeting is held, the prefecture it serves.
    assert first["location"]["address"]["addressRegion"] == "三重県"
    assert first["eventAttendanceMode"] == f"{SCHEMA}OfflineEventAttendanceMode"


def test_an_event_with_times_and_a_venue_says_them(tmp_path, vocabulary):
    data = shutil.copytree(ROOT / "data", tmp_path / "data")
    path = data / "family" / "nijinokai.yml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "      day: fri\n", '      day: fri\n      opens: "13:30"\n      closes: "15:30"\n      venue: 津市河芸公民館\n'),
        encoding="utf-8")
    catalogue, _ = load(data, TODAY)
    entry = catalogue.entry("nijinokai")
    found = embeds.structured_data(catalogue.site, entry, catalogue.areas_of(entry),
                                   "https://example.jp/service/nijinokai/", schedule.entry_upcoming(entry, TODAY, 6))
    assert [p for item in found["@graph"] for p in vocabulary.problems(item, "nijinokai")] == []
    first = found["@graph"][1]
    assert (first["startDate"], first["endDate"]) == ("2026-12-18T13:30:00+09:00", "2026-12-18T15:30:00+09:00")
    assert first["location"]["name"] == "津市河芸公民館"
