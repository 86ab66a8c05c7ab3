"""The freshness loop, offline: what `python -m generator review` asks a person to look at, the
GitHub issues the nightly workflow opens, updates and closes, and what the entry page says."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from generator import build, freshness, loader, tracker

from .conftest import ROOT, TODAY

FIXTURES = Path(__file__).with_name("review")


@pytest.mark.parametrize("day, words", [
    (date(2024, 12, 31), "最終確認 2024年12月（1年以上前）"),
    (date(2025, 11, 23), "最終確認 2025年11月（1年以上前）"),
    (date(2025, 11, 24), "最終確認 2025年11月（11か月前）"),
    (date(2026, 5, 1), "最終確認 2026年5月（6か月前）"),
    (date(2026, 11, 2), "最終確認 2026年11月（1か月以内）"),
    (date(2021, 10, 1), "最終確認 2021年10月（5年以上前）"),
])
def test_last_check_in_words(day, words):
    assert freshness.verified_words(day, TODAY) == words


@pytest.fixture
def data(tmp_path) -> Path:
    """The sample catalogue plus an entry whose only sessions are over."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    past = yaml.safe_load((ROOT / "data" / "family" / "nijinokai.yml").read_text(encoding="utf-8"))
    past.update(id="past-lectures", name="家族向け講演会", last_verified="2026-09-01",
                contacts={"website": "https://www.pref.mie.lg.jp/"},
                schedule={"sessions": [{"date": "2026-10-03", "title": "講演会"}]})
    (target / "family" / "past-lectures.yml").write_text(yaml.safe_dump(past, allow_unicode=True), encoding="utf-8")
    return target


def _reviewed(data: Path, months: int | None = None) -> dict[str, freshness.Review]:
    loaded, _ = loader.load(data, TODAY)
    failed = freshness.failed_links(FIXTURES / "linkcheck.json")
    return {item.id: item for item in freshness.review(loaded, TODAY, months, failed)}


def test_review_names_every_kind_of_problem(data):
    found = _reviewed(data)
    # 2024-12-31 is more than 12 months before 2026-11-23.
    assert any("最終確認 2024年12月（1年以上前）" in r for r in found["nijinokai"].reasons)
    assert [p.code for p in found["nijinokai"].problems] == ["stale"]  # reached through its inquiry entry
    assert found["past-lectures"].reasons == ["開催日がすべて過ぎています。新しい日程を追加するか、古い日程を整理してください。"]
    assert [p.code for p in found["past-lectures"].problems] == ["sessions_past"]
    broken = [r for r in found["matsusaka-soeru"].reasons if "開けませんでした" in r]
    assert broken == ["リンク https://www.city.matsusaka.mie.jp/ が開けませんでした（404 Not Found）。新しいアドレスを確かめてください。"]
    assert found["nijinokai"].path.endswith("data/family/nijinokai.yml")
    assert found["nijinokai"].source.startswith("三重県「三重県ひきこもり支援推進計画」")


def test_a_fresh_reachable_entry_with_working_links_needs_nobody(data):
    loaded, _ = loader.load(data, TODAY)
    ok = [e for e in loaded.entries if e.id == "mie-hikikomori-center"][0]
    assert ok.service.contacts.phones
    fresh = _reviewed(data, months=60)
    assert "mie-hikikomori-center" not in fresh


def test_review_age_is_a_setting(data):
    assert "nijinokai" in _reviewed(data)  # checked 2024-12-31: 22 months before TODAY
    assert "nijinokai" not in _reviewed(data, months=24)
    site = data / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "review_months: 24\n", encoding="utf-8")
    assert "nijinokai" not in _reviewed(data)


def test_review_command_gives_a_table_and_json(data):
    env = {**os.environ, "SITE_TODAY": TODAY.isoformat()}
    run = [sys.executable, "-m", "generator", "--data", str(data), "review", "--links", str(FIXTURES / "linkcheck.json")]
    table = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert table.splitlines()[0] == "## 三重県全域"
    assert "| ファイル | 名称 | 確認が必要な点 | 確かめる資料（出典） | サイトのページ |" in table.splitlines()
    assert "確認が必要なエントリ:" in table
    found = json.loads(subprocess.run(run + ["--json"], env=env, capture_output=True, text=True, check=True).stdout)
    assert {"id", "name", "path", "source", "last_verified", "reasons", "codes", "problems", "page",
            "municipalities", "operator"} <= set(found[0])
    assert found[0]["page"] == f"http://127.0.0.1:8000/service/{found[0]['id']}/"
    assert set(found[0]["codes"]) <= set(freshness.CODES)
    assert "past-lectures" in {item["id"] for item in found}


def test_the_job_summary_table_keeps_names_as_text():
    """The review table goes into the workflow's job summary (Markdown): a name cannot add a column,
    mention someone or link anywhere."""
    item = freshness.Review("x", "会 | @someone [こちら](https://evil.example/)", "data/family/x.yml",
                            "<img src=x>", "2024-12-31", [freshness.Problem("stale", "古い")],
                            "https://example.org/service/x/", ["津市"], "# 運営 @org/team")
    lines = freshness.table([item], "operator").splitlines()
    assert "@org/team" not in lines[0] and lines[0].startswith("## \\#")
    row = lines[4]
    assert row.count(" | ") == 4 and "@someone" not in row and "](" not in row and "<img" not in row


def test_links_lists_every_web_address_once(data):
    env = {**os.environ, "SITE_TODAY": TODAY.isoformat()}
    out = subprocess.run([sys.executable, "-m", "generator", "--data", str(data), "links"], env=env,
                         capture_output=True, text=True, check=True).stdout.split()
    assert "https://www.city.matsusaka.mie.jp/" in out
    assert len(out) == len(set(out)) and all(url.startswith("http") for url in out)


# --- Issues -----------------------------------------------------------------------------------


def _review(entry_id: str, *reasons: str) -> dict:
    return {"id": entry_id, "name": f"名前 {entry_id}", "path": f"data/family/{entry_id}.yml",
            "source": "市の広報", "last_verified": "2024-12-31", "reasons": list(reasons)}


def _issue(number: int, item: dict) -> dict:
    title, body = tracker.issue_text(item)
    return {"number": number, "title": title, "body": body}


def test_issue_actions_create_update_close_and_leave_alone():
    same, changed, new = _review("same", "古い"), _review("changed", "古い", "リンク切れ"), _review("new", "古い")
    fixed = _review("fixed", "古い")
    issues = [_issue(1, same), _issue(2, _review("changed", "古い")), _issue(3, fixed),
              {"number": 4, "title": "人が開いた別の Issue", "body": "印がない"}]
    actions = tracker.plan([same, changed, new], issues)
    assert [(a.kind, a.entry, a.number) for a in actions] == [
        ("update", "changed", 2), ("create", "new", None), ("close", "fixed", 3)]
    created = actions[1]
    assert created.title == "情報の確認: 名前 new（new）"
    assert "- ファイル: data/family/new.yml\n" in created.body and "市の広報" in created.body and "- 古い" in created.body
    assert "リンク切れ" in actions[0].body


def test_issue_commands_for_gh():
    actions = tracker.plan([_review("new", "古い")], [_issue(7, _review("gone", "古い"))])
    create, close = tracker.commands(actions)
    assert create[:3] == ["gh", "issue", "create"] and create[-2:] == ["--label", tracker.LABEL]
    assert close[:4] == ["gh", "issue", "close", "7"] and "自動で閉じます" in close[-1]


def test_issues_command_prints_the_plan(tmp_path):
    (tmp_path / "review.json").write_text(json.dumps([_review("new", "古い")], ensure_ascii=False), encoding="utf-8")
    (tmp_path / "open.json").write_text("[]", encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "generator", "issues", "--review", str(tmp_path / "review.json"),
                          "--open", str(tmp_path / "open.json")], capture_output=True, text=True, check=True).stdout
    assert json.loads(out)[0]["kind"] == "create"


def test_a_name_cannot_steer_the_issues_or_mention_anyone():
    """Issue 33: a name carrying another entry's marker and mentions. Night after night the planted entry
    has its own issue (none opened again), the real entry's issue is still closed once it is fixed, and
    nobody is mentioned."""
    planted = {**_review("kazoku-tsudoi", "古い"),
               "name": "家族のつどい <!-- review:nijinokai --> @someone @org/team",
               "source": "[資料](https://evil.example/) `x` <b>太字</b> see #1 and www.evil.example"}
    first_night = tracker.plan([planted, _review("nijinokai", "古い")], [])
    assert [(a.kind, a.entry) for a in first_night] == [("create", "kazoku-tsudoi"), ("create", "nijinokai")]
    body = first_night[0].body
    assert body.count("<!--") == 1 and body.rstrip().endswith("<!-- review:kazoku-tsudoi -->")
    assert "@someone" not in body and "@org/team" not in body and "@someone" not in first_night[0].title
    # Nothing GitHub would turn into a link, a tag, code or an issue reference.
    for live in ("](", "https://", "www.evil", "<b>", "`x`", "#1"):
        assert live not in body, live
    # The next night: both issues are open; the real entry has been fixed.
    opened = [{"number": n, "title": a.title, "body": a.body} for n, a in zip((1, 2), first_night)]
    assert [(a.kind, a.entry, a.number) for a in tracker.plan([planted], opened)] == [("close", "nijinokai", 2)]


def test_a_marker_written_by_a_person_is_not_ours():
    """Only the generator's own last line counts: an issue that quotes a marker elsewhere is left alone."""
    quoted = {"number": 5, "title": "質問", "body": "<!-- review:nijinokai -->\n本文の途中です"}
    assert tracker.plan([], [quoted]) == []


def test_titles_and_bodies_fit_github_limits():
    item = {**_review("long", *["リンク https://example.org/ が開けませんでした。" + "あ" * 300] * 400),
            "name": "な" * 300}
    title, body = tracker.issue_text(item)
    assert len(title) <= 256 and len(body) <= 65_536
    assert body.rstrip().splitlines()[-1] == "<!-- review:long -->"
    assert tracker.plan([item], [{"number": 3, "title": title, "body": body}]) == []


def test_one_failed_gh_call_is_reported_and_the_others_still_run(tmp_path):
    """A fake gh that refuses one title: the run goes on with the rest and exits 1, saying which failed."""
    log = tmp_path / "calls.txt"
    fake = tmp_path / "gh"
    fake.write_text("#!/bin/sh\n"
                    f'echo "$*" >> "{log}"\n'
                    'case "$*" in *失敗する*) echo "HTTP 422: Validation Failed" >&2; exit 1;; esac\n')
    fake.chmod(0o755)
    reviews = [_review("a", "古い"), {**_review("b", "古い"), "name": "失敗する"}, _review("c", "古い")]
    (tmp_path / "review.json").write_text(json.dumps(reviews, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "open.json").write_text("[]", encoding="utf-8")
    env = {**os.environ, "PATH": f"{tmp_path}:{os.environ['PATH']}"}
    run = subprocess.run([sys.executable, "-m", "generator", "issues", "--review", str(tmp_path / "review.json"),
                          "--open", str(tmp_path / "open.json"), "--apply"], env=env, capture_output=True,
                         text=True, timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr
    calls = log.read_text(encoding="utf-8").splitlines()
    assert sum(c.startswith("issue create") for c in calls) == 3  # a, b (refused) and c
    assert "エントリ b の Issue を作れませんでした" in run.stderr and "HTTP 422" in run.stderr


def test_only_the_step_that_writes_issues_holds_the_token_and_private_links_are_not_visited():
    job = yaml.safe_load((ROOT / ".github" / "workflows" / "nightly.yml").read_text(encoding="utf-8"))["jobs"]["review"]
    assert "GH_TOKEN" not in str(job.get("env", {}))
    holders = [step for step in job["steps"] if "GH_TOKEN" in str(step)]
    assert len(holders) == 1 and "generator issues" in holders[0]["run"] and "uses" not in holders[0]
    lychee = next(step for step in job["steps"] if "lychee" in step.get("uses", ""))
    assert "--exclude-all-private" in lychee["with"]["args"].split()


# --- Entry page -------------------------------------------------------------------------------


def _entry_page(data: Path, entry_id: str) -> BeautifulSoup:
    built = build.run(data, TODAY, with_editor=False)
    page = next(p for p in built.pages if p.path == f"service/{entry_id}.md")
    return BeautifulSoup(page.html, "html.parser")


def test_entry_page_says_when_it_was_last_checked(pages):
    assert "最終確認 2024年12月（1年以上前）" in pages["service/nijinokai.md"]


def test_report_link_opens_the_prefilled_issue_form(data, monkeypatch):
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    site = data / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "repository: https://github.com/example/guide\n", encoding="utf-8")
    link = _entry_page(data, "nijinokai").find("a", string="情報の誤りを知らせる")
    url = urlsplit(link["href"])
    assert (url.scheme, url.netloc, url.path) == ("https", "github.com", "/example/guide/issues/new")
    query = parse_qs(url.query)
    assert query["template"] == ["report.yml"] and query["entry"] == ["nijinokai"]
    assert query["page"] == ["http://127.0.0.1:8000/service/nijinokai/"]
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "report.yml").read_text(encoding="utf-8"))
    assert {"entry", "page"} <= {item.get("id") for item in form["body"]}
    assert not link.find_parent().find("script")


def test_report_link_is_a_mail_when_no_repository(data, monkeypatch):
    monkeypatch.delenv("GITHUB_REPOSITORY", raising=False)
    site = data / "site.yml"
    site.write_text(site.read_text(encoding="utf-8") + "report_email: guide@example.org\n", encoding="utf-8")
    link = _entry_page(data, "nijinokai").find("a", string="情報の誤りを知らせる")
    assert link["href"].startswith("mailto:guide@example.org?subject=")
    assert "nijinokai" in parse_qs(urlsplit(link["href"]).query)["body"][0]


def test_report_link_uses_the_repository_github_actions_builds(data, monkeypatch):
    monkeypatch.setenv("GITHUB_SERVER_URL", "https://github.com")
    monkeypatch.setenv("GITHUB_REPOSITORY", "mie/guide")
    link = _entry_page(data, "komorebi").find("a", string="情報の誤りを知らせる")
    assert link["href"].startswith("https://github.com/mie/guide/issues/new?")


# --- A list a supervisor can act on -----------------------------------------------------------


def _write(data: Path, kind: str, entry_id: str, **changes) -> None:
    file = data / kind / f"{entry_id}.yml"
    entry = yaml.safe_load(file.read_text(encoding="utf-8"))
    entry.update(changes)
    file.write_text(yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")


def test_the_most_urgent_come_first_oldest_check_first(data):
    _write(data, "consultation", "tsu-city", last_verified="2021-04-01")
    _write(data, "family", "nijinokai", location={"name": "津市内", "address": "三重県津市"}, inquiry=None,
           contacts={}, last_verified=TODAY.isoformat())
    loaded, _ = loader.load(data, TODAY)
    found = freshness.review(loaded, TODAY, None, freshness.failed_links(FIXTURES / "linkcheck.json"))
    ranks = [item.urgency for item in found]
    assert ranks == sorted(ranks)
    assert found[0].id == "tsu-city"  # the oldest check of all
    codes = [min(freshness.CODES.index(p.code) for p in item.problems) for item in found]
    assert codes == sorted(codes)  # stale, then unreachable, then past sessions, then links
    assert [p.code for p in next(i for i in found if i.id == "nijinokai").problems] == ["unreachable"]


def test_checking_an_entry_again_takes_it_off_the_list(data):
    before = _reviewed(data)
    assert "nijinokai" in before and "past-lectures" in before
    _write(data, "family", "nijinokai", last_verified=TODAY.isoformat())
    _write(data, "family", "past-lectures", last_verified=TODAY.isoformat())
    after = _reviewed(data)
    assert "nijinokai" not in after and "past-lectures" not in after
    assert len(after) < len(before)


def test_the_table_is_grouped_by_municipality_or_operator(data):
    env = {**os.environ, "SITE_TODAY": TODAY.isoformat(), "SITE_URL": "https://example.github.io/guide"}
    run = [sys.executable, "-m", "generator", "--data", str(data), "review", "--links", str(FIXTURES / "linkcheck.json")]
    by_place = subprocess.run(run, env=env, capture_output=True, text=True, check=True).stdout
    assert "## 三重県全域" in by_place and "## 松阪市" in by_place
    place_section = by_place.split("## 松阪市")[1].split("## ")[0]
    assert "matsusaka-soeru" in place_section
    assert "https://example.github.io/guide/service/matsusaka-soeru/" in place_section
    by_operator = subprocess.run(run + ["--group", "operator"], env=env, capture_output=True, text=True,
                                 check=True).stdout
    assert "## 三重県こころの健康センター" in by_operator or "## 三重県" in by_operator
    # Every entry to review is in each view; none is lost by the grouping.
    ids = {item.id for item in _reviewed(data).values()}
    assert all(f"/{i}.yml" in by_place and f"/{i}.yml" in by_operator for i in ids)
