"""The form editor (/admin/, Decap CMS) in headless Chromium, against its local proxy (editor/proxy.js:
decap-server in git mode, working in a clone) on a throwaway copy of the catalogue: saving opens a branch (a pull request on GitHub), the
file written passes the checks, keeps its schema line and builds into the page residents see.

``SCREENSHOTS=docs/editor`` keeps the screenshots CONTRIBUTING.md shows (``make editor-screenshots``).
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from generator import build, editor, loader, schema

from .conftest import ROOT, TODAY, _QuietHandler, copy_project, violations, watch

SCHEMA_LINE = schema.schema_line("service.schema.json", 2)
SHOTS = Path(os.environ["SCREENSHOTS"]) if os.environ.get("SCREENSHOTS") else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout


def _proxy(repo: Path, port: int, straight: bool = False) -> subprocess.Popen:
    """The editor's proxy as `make editor` runs it (editor/proxy.js, in a clone of ``repo``), or
    ``straight``: decap-server itself in ``repo``, for the tests that only drive the form (with the
    clone, opening an entry on a phone after the tablet test now and then never filled the form in
    full runs; not understood yet, see the note of issue 36)."""
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "REPOSITORY": str(repo),
           "GIT_AUTHOR_NAME": "test", "GIT_AUTHOR_EMAIL": "test@example.org",
           "GIT_COMMITTER_NAME": "test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    if straight:
        env.update(MODE="git", GIT_REPO_DIRECTORY=str(repo))
        script = ROOT / "editor" / "node_modules" / "decap-server" / "dist" / "index.js"
    else:
        script = ROOT / "editor" / "proxy.js"
    return subprocess.Popen(["node", str(script)], cwd=repo, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def _wait_for(port: int, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture(scope="module")
def cms(tmp_path_factory):
    """A git copy of data/, the proxy writing into it, and /admin/ served on another port."""
    repo = tmp_path_factory.mktemp("repo")
    shutil.copytree(ROOT / "data", repo / "data")
    _git(repo, "init", "-q", "-b", "main")
    _git(repo, "add", "-A")
    _git(repo, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qm", "catalogue")
    port = _free_port()
    proxy = _proxy(repo, port, straight=True)
    www = tmp_path_factory.mktemp("www")
    loaded, _ = loader.load(repo / "data", TODAY)
    for file in editor.outputs(loaded, proxy_url=f"http://127.0.0.1:{port}/api/v1"):
        (www / file.path).parent.mkdir(parents=True, exist_ok=True)
        (www / file.path).write_bytes(file.read())
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(www)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    _wait_for(port)
    yield {"repo": repo, "url": f"http://127.0.0.1:{httpd.server_address[1]}/admin/"}
    httpd.shutdown()
    proxy.terminate()
    proxy.wait(timeout=10)


@pytest.fixture
def tablet(browser):
    context = browser.new_context(viewport={"width": 800, "height": 1100}, locale="ja-JP")
    yield context.new_page()
    context.close()


def _under_policy(page):
    """The editor reporting every violation of /admin/'s own Content-Security-Policy (csp.ADMIN)."""
    return watch(page)


def _shot(page, name: str) -> None:
    if SHOTS:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{name}.png"))


def _sign_in(page, url: str) -> None:
    page.goto(url)
    _shot(page, "01-login")
    page.get_by_role("button", name="ログイン").click()
    page.get_by_text("家族教室・家族会").first.wait_for()
    policy = page.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "script-src 'self' 'unsafe-eval' 'sha256-" in policy and "'unsafe-inline'" not in policy.split(";")[1]
    # No media library: nothing to upload from, in the header or anywhere else.
    assert page.get_by_text("メディア").count() == 0


def _choose(page, field_id: str, text: str) -> None:
    """Pick an option of a select box (react-select) by its Japanese name."""
    page.locator(f"#{field_id}").fill(text)
    page.locator("[class*='option']", has_text=text).first.click()


def _open(page, url: str, entry_name: str | None = None) -> None:
    """A fresh load, as from a bookmark (the editor keeps the last entry and list otherwise)."""
    page.goto(url)
    page.reload()
    if entry_name:
        filled = f"document.querySelector(\"[id^='name-field-']\")?.value === {entry_name!r}"
        try:
            page.wait_for_function(filled, timeout=20000)
        except PlaywrightTimeout:  # Decap now and then leaves the form empty after a reload that came
            page.reload()         # while its first load was settling (seen in full runs): once more
            page.wait_for_function(filled)


def _field(page, name: str):
    """The input of a field by its name in the model (Decap numbers the ids: name-field-N)."""
    return page.locator(f"[id^='{name}-field-']").first


def _save(page) -> None:
    page.get_by_role("button", name="保存").first.click()
    page.get_by_text("エントリが保存されました").or_(page.get_by_text("保存しました")).first.wait_for(timeout=20000)


def _on_branch(repo: Path, kind: str, entry_id: str) -> str:
    """The file as saved: on the CMS's own branch, while main stays as it was."""
    branches = _git(repo, "branch", "--list", "cms/*")
    assert f"cms/{kind}/{entry_id}" in branches
    return _git(repo, "show", f"cms/{kind}/{entry_id}:data/{kind}/{entry_id}.yml")


def _apply(repo: Path, target: Path, files: dict[str, str]) -> Path:
    """The catalogue of main with the saved files put in: what merging the pull requests gives."""
    data = target / "data"
    for path in _git(repo, "ls-tree", "-r", "--name-only", "main", "data").split():
        (target / path).parent.mkdir(parents=True, exist_ok=True)
        (target / path).write_text(_git(repo, "show", f"main:{path}"), encoding="utf-8")
    for path, text in files.items():
        (target / path).write_text(text, encoding="utf-8")
    return data


def _check(data: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "SITE_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "generator", "--data", str(data), "check"], env=env,
                          capture_output=True, text=True, timeout=120)


@pytest.mark.slow
def test_new_family_meeting_is_saved_on_a_branch_and_builds(cms, tablet, tmp_path):
    page = _under_policy(tablet)
    _sign_in(page, cms["url"])
    _shot(page, "02-collections")
    page.goto(cms["url"] + "#/collections/family/new")
    _field(page, "id").fill("kameyama-kazokukai")
    _field(page, "name").fill("亀山ひきこもり家族会")
    _choose(page, _field(page, "areas").get_attribute("id"), "亀山市")
    _field(page, "summary").fill("ご家族が集まり、経験を話し合う会です。毎月第2土曜日に開いています。")
    _choose(page, _field(page, "audience").get_attribute("id"), "ご家族")
    _choose(page, _field(page, "channels").get_attribute("id"), "来所")
    page.evaluate("window.scrollTo(0, 0)")
    _shot(page, "03-new-entry")
    _field(page, "address").fill("三重県亀山市本丸町577")
    page.get_by_role("button", name="Add 毎月の開催（monthly）").click()
    _choose(page, _field(page, "week").get_attribute("id"), "第2")
    _choose(page, _field(page, "day").get_attribute("id"), "土")
    _field(page, "week").scroll_into_view_if_needed()
    _shot(page, "04-monthly")
    _field(page, "last_verified").fill(TODAY.isoformat())
    _field(page, "source").fill("テスト用の資料")
    _save(page)
    _shot(page, "05-saved")
    _open(page, cms["url"] + "#/workflow")
    page.get_by_text("亀山ひきこもり家族会").first.wait_for()  # in the workflow, waiting for review
    _shot(page, "06-workflow")
    assert violations(page) == []

    text = _on_branch(cms["repo"], "family", "kameyama-kazokukai")
    assert text.splitlines()[0] == SCHEMA_LINE
    assert "kameyama-kazokukai.yml" not in _git(cms["repo"], "ls-tree", "-r", "--name-only", "main", "data/family")
    data = _apply(cms["repo"], tmp_path, {"data/family/kameyama-kazokukai.yml": text})
    checked = _check(data)
    assert checked.returncode == 0, checked.stdout
    assert "エラー 0 件" in checked.stdout
    built = build.run(data, TODAY)
    page_html = next(p.html for p in built.pages if p.path == "service/kameyama-kazokukai.md")
    # 2026-11-23: November's second Saturday (the 14th) is over; December's is the 12th.
    assert "毎月第2土曜日" in page_html
    assert "12月12日（土）" in page_html
    assert "亀山市" in page_html


@pytest.mark.slow
def test_phone_change_and_retirement_on_a_phone_are_saved_on_branches(cms, phone, tmp_path):
    page = _under_policy(phone)  # 360 px wide
    _sign_in(page, cms["url"])
    _open(page, cms["url"] + "#/collections/consultation/entries/matsusaka-soeru", "松阪市 そ・えーる")
    _field(page, "number").fill("0598-31-1923")
    _field(page, "number").scroll_into_view_if_needed()
    _shot(page, "07-edit-phone")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360  # no sideways scrolling
    _save(page)

    _open(page, cms["url"] + "#/collections/ibasho/entries/komorebi", "県立教育支援センターこもれび")
    _field(page, "retired").fill(TODAY.isoformat())
    _field(page, "retired").scroll_into_view_if_needed()
    _shot(page, "08-retire")
    # Decap's delete (and unpublish) would commit straight to main: neither is offered.
    assert not [t for t in page.locator("button, [role=menuitem]").all_inner_texts() if "削除" in t or "非公開" in t]
    _save(page)
    assert violations(page) == []

    changed = _on_branch(cms["repo"], "consultation", "matsusaka-soeru")
    retired = _on_branch(cms["repo"], "ibasho", "komorebi")
    for text in (changed, retired):
        assert text.splitlines()[0] == SCHEMA_LINE
    assert "0598-31-1923" in changed
    assert "0598-31-1923" not in _git(cms["repo"], "show", "main:data/consultation/matsusaka-soeru.yml")
    data = _apply(cms["repo"], tmp_path, {"data/consultation/matsusaka-soeru.yml": changed,
                                          "data/ibasho/komorebi.yml": retired})
    checked = _check(data)
    assert checked.returncode == 0, checked.stdout
    built = build.run(data, TODAY)
    paths = {p.path: (p.html or p.text) for p in built.pages}
    assert "tel:0598311923" in paths["service/matsusaka-soeru.md"]
    assert "service/komorebi.md" not in paths
    assert all("komorebi" not in text for text in paths.values())


@pytest.mark.build
def test_the_editor_beside_make_serve_saves_reopens_and_edits_without_reloading(tmp_path, tablet):
    """CONTRIBUTING.md's set-up: `make serve` and `make editor` side by side. Saving and reopening an
    entry must not touch the working tree `make serve` watches (its live reload would reload the editor,
    which opens the entry again, for ever); the saved branch is in the repository."""
    project = copy_project(tmp_path / "project")
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    shutil.copy(ROOT / ".gitignore", project / ".gitignore")
    shutil.copytree(ROOT / "generator", project / "generator", dirs_exist_ok=True)
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-qm", "site")
    site_port, proxy_port = _free_port(), _free_port()
    env = {**os.environ, "EDITOR_PROXY_URL": f"http://127.0.0.1:{proxy_port}/api/v1", "SITE_TODAY": TODAY.isoformat()}
    serve = subprocess.Popen(["make", "-o", ".venv/.installed", f"BIN={ROOT / '.venv' / 'bin'}", "serve",
                              f"ADDRESS=127.0.0.1:{site_port}"], cwd=project, env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.STDOUT, text=True, start_new_session=True)
    proxy = _proxy(project, proxy_port)
    page = tablet
    loads = []
    page.on("load", lambda: loads.append(page.url))
    try:
        _wait_for(proxy_port)
        _wait_for(site_port, 300)
        admin = f"http://127.0.0.1:{site_port}/admin/"
        _sign_in(page, admin)
        summaries = ["家族が集まり、話し合う会です。（一度目の保存）", "家族が集まり、話し合う会です。（二度目の保存）"]
        for summary in summaries:
            page.goto(admin + "#/collections/family/entries/nijinokai")
            page.wait_for_function("document.querySelector(\"[id^='name-field-']\")?.value === '虹の会'")
            _field(page, "summary").fill(summary)
            _save(page)
            page.wait_for_timeout(8000)  # make serve notices a changed data/ within a second or two
        assert len(loads) == 1, loads  # signed in once; never reloaded
        saved = _on_branch(project, "family", "nijinokai")
        assert summaries[-1] in saved
        # The preview still shows main's catalogue: the working tree is untouched and on main.
        assert _git(project, "symbolic-ref", "--short", "HEAD").strip() == "main"
        assert _git(project, "status", "--porcelain", "--untracked-files=no") == ""
        assert summaries[0] not in (project / "data" / "family" / "nijinokai.yml").read_text(encoding="utf-8")
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=30)
