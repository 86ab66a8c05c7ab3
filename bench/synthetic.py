"""A synthetic national catalogue for benchmarks: ``write_catalogue(target_dir, entries, areas, seed)``.

Areas are real municipalities (names, official readings and web sites) from the localgovjp table when
/work/shared/reference/localgovjp-utf8.csv is there; entries are made up from them and carry no phone
number or address, only the municipality's own web site, so nothing invented can be mistaken for fact.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

import yaml

LOCALGOV = Path("/work/shared/reference/localgovjp-utf8.csv")
_KINDS = [("consultation", "ひきこもり相談窓口", "ひきこもりそうだんまどぐち"),
          ("family", "家族教室", "かぞくきょうしつ"),
          ("ibasho", "居場所", "いばしょ"),
          ("outreach", "訪問支援", "ほうもんしえん")]


def _areas(count: int) -> list[dict]:
    if LOCALGOV.exists():
        with LOCALGOV.open(encoding="utf-8-sig") as f:
            rows = [r for r in csv.DictReader(f) if " " not in r["city"] and r["url"].startswith("http")]
        return [{"code": r["lgcode"], "name": r["city"], "reading": r["citykana"], "url": r["url"],
                 "region": r["pref"]} for r in rows[:count]]
    return [{"code": f"{100000 + i * 7:06d}"[:6], "name": f"架空{i}市", "reading": "かくうし",
             "url": "https://example.org/", "region": "架空"} for i in range(count)]


def write_catalogue(target_dir: Path, entries: int, areas: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    target = Path(target_dir)
    table = _areas(areas)
    regions = list(dict.fromkeys(a["region"] for a in table))
    for kind, *_ in _KINDS:
        (target / kind).mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(entries):
        area = table[i % len(table)]
        kind, word, word_reading = _KINDS[(i // len(table)) % len(_KINDS)] if i >= len(table) else _KINDS[0]
        service = {"id": f"e{i}", "name": f"{area['name']} {word}{'' if i < len(table) else i}",
                   "reading": f"{area['reading']} {word_reading}", "areas": [area["code"]],
                   "summary": "ベンチマーク用の架空のエントリです。",
                   "audience": rng.sample(["self", "family", "supporter"], k=rng.randint(1, 3)),
                   "channels": rng.sample(["phone", "visit", "online", "email"], k=rng.randint(1, 2)),
                   "contacts": {"website": area["url"]},
                   "last_verified": "2026-10-01", "source": "ベンチマーク用の架空データ"}
        (target / kind / f"e{i}.yml").write_text(yaml.safe_dump(service, allow_unicode=True), encoding="utf-8")
        written.append(service)
    site = {"name": "ベンチマーク", "prefecture": "全国", "description": "ベンチマーク用の架空のサイトです。",
            "sample": True, "main_line": "e0", "regions": regions}
    (target / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    (target / "areas.yml").write_text(yaml.safe_dump({"areas": table}, allow_unicode=True), encoding="utf-8")
    return target
