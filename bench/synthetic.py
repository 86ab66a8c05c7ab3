"""A synthetic catalogue of any size for benchmarks: ``write_catalogue(target_dir, entries, areas, seed)``.

Areas are real municipalities (names, official readings and web sites) from the table the generator
ships (generator/municipalities.csv, from the localgovjp list), grouped by prefecture. Entries are made up from
them, with the names, schedules and shapes of the real catalogue (weekday hours, 毎月第n曜日 meetings,
dated sessions, outreach covering neighbouring towns, a few nationwide services). They carry no phone
number or address, only the municipality's own web site, so nothing invented can be mistaken for fact.

    .venv/bin/python bench/synthetic.py /tmp/national 10000 1741
"""

from __future__ import annotations

import random
import sys
from datetime import date, timedelta
from pathlib import Path

import yaml

from generator import municipalities

SCHEMA_LINE = "# yaml-language-server: $schema=../../schema/service.schema.json\n"
KINDS = ("consultation", "family", "ibasho", "outreach")
_NAMES = {  # no reading override: the search falls back on machine readings, as for most real entries
    "consultation": ["{area}ひきこもり相談窓口", "{area}福祉総合相談センター", "{area}保健センターこころの相談"],
    "family": ["{area}ひきこもり家族教室", "{area}家族のつどい", "{flower}の会"],
    "ibasho": ["居場所「{flower}」", "{area}ユースの居場所", "フリースペース{flower}"],
    "outreach": ["{area}アウトリーチ支援", "{area}訪問支援チーム"],
}
_FLOWERS = ["ひだまり", "こもれび", "すずらん", "さくら", "つばさ", "あおぞら", "ほっと", "いこい", "なごみ", "虹"]
_THEMES = ["ひきこもりの理解", "家族の関わり方", "コミュニケーションの工夫", "先輩家族の体験談", "相談機関の紹介"]


def _areas(count: int) -> list[dict]:
    return [{"code": m.code, "name": m.name, "reading": m.reading, "url": m.url, "region": m.prefecture}
            for m in municipalities.load()[:count]]


def _schedule(kind: str, rng: random.Random, today: date) -> dict | None:
    days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    if kind == "consultation":
        return {"weekly": [{"days": days[:5], "opens": "08:30", "closes": "17:15"}], "closed": "祝日・年末年始"}
    if kind == "family":
        plan: dict = {"monthly": [{"week": rng.choice([1, 2, 3, 4, -1]), "day": rng.choice(days[:6]),
                                   "opens": "13:30", "closes": "15:30"}]}
        if rng.random() < 0.5:
            first = today + timedelta(days=rng.randint(-60, 60))
            plan["sessions"] = [{"date": (first + timedelta(days=28 * n)).isoformat(), "title": theme,
                                 "opens": "14:00", "closes": "16:00", "capacity": 20}
                                for n, theme in enumerate(rng.sample(_THEMES, 3))]
        return plan
    if kind == "ibasho":
        return {"weekly": [{"days": sorted(rng.sample(days[:6], 2), key=days.index), "opens": "10:00",
                            "closes": "16:00"}]}
    return None


def write_catalogue(target_dir: Path, entries: int, areas: int, seed: int = 1,
                    today: date = date(2026, 11, 23)) -> Path:
    """Write site.yml, areas.yml and one file per entry under ``target_dir``; returns it."""
    rng = random.Random(seed)
    target = Path(target_dir)
    table = _areas(areas)
    regions = list(dict.fromkeys(a["region"] for a in table))
    for kind in KINDS:
        (target / kind).mkdir(parents=True, exist_ok=True)
    for i in range(entries):
        area = table[i % len(table)]
        # Every area gets its consultation window first; then family classes, ibasho and outreach.
        kind = "consultation" if i < len(table) else KINDS[1 + i % 3] if i % 50 else "consultation"
        name = rng.choice(_NAMES[kind]).format(area=area["name"], flower=rng.choice(_FLOWERS))
        neighbours = [table[(i + step) % len(table)]["code"] for step in range(rng.randint(0, 4))]
        service: dict = {"id": f"e{i}", "name": name if i < len(table) else f"{name}（{i}）",
                         "areas": "all" if i % 2000 == 1999 else [area["code"], *neighbours[1:]]
                         if kind == "outreach" else [area["code"]],
                         "summary": "ベンチマーク用の架空のエントリです。実在の窓口ではありません。",
                         "audience": rng.sample(["self", "family", "supporter"], k=rng.randint(1, 3)),
                         "channels": rng.sample(["phone", "visit", "online", "email"], k=rng.randint(1, 2)),
                         "fees": "無料", "booking": rng.choice(["required", "recommended", "not_needed"]),
                         "contacts": {"website": area["url"]},
                         "last_verified": "2026-10-01", "source": "ベンチマーク用の架空データ"}
        plan = _schedule(kind, rng, today)
        if plan:
            service["schedule"] = plan
        text = SCHEMA_LINE + yaml.safe_dump(service, allow_unicode=True, sort_keys=False)
        (target / kind / f"e{i}.yml").write_text(text, encoding="utf-8")
    site = {"name": "ベンチマーク", "prefecture": "全国", "description": "ベンチマーク用の架空のサイトです。",
            "sample": True, "main_line": "e0", "regions": regions}
    (target / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    (target / "areas.yml").write_text(yaml.safe_dump({"areas": table}, allow_unicode=True), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(write_catalogue(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])))
