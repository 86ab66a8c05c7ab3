"""What content/ may hold (generator/content.py): pages and images only, and pages without HTML that
runs code or sends visitors away. ``make check`` names each problem with its file and line, and
neither engine builds a site from such a folder: the last site stays as it was."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from .conftest import ENGINES, ROOT, TODAY, copy_project, site_build

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
WEBP = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8

KIND = "置けない種類のファイル"
# A file put into content/: its path, its bytes, the message expected, and the line:column it names.
FILES = {
    "an uploaded HTML page": ("assets/uploads/evil.html", b"<script>alert(1)</script>", KIND, "1:1"),
    "an SVG with a script": ("assets/uploads/logo.svg", b"<svg onload='alert(1)'/>", KIND, "1:1"),
    "a script": ("assets/uploads/x.js", b"alert(1)", KIND, "1:1"),
    "a program": ("tools/run.sh", b"#!/bin/sh\nrm -rf /\n", KIND, "1:1"),
    "a hidden server setting": (".htaccess", b"AddType text/html .png\n", KIND, "1:1"),
    "an HTML page named as an image": ("assets/photo.png", b"<html><script>alert(1)</script>",
                                       "中身がその形式の画像ではありません", "1:1"),
    "a page not in UTF-8": ("notice.md", "# お知らせ\n".encode("shift_jis"), "Shift_JIS で保存されているようです",
                            "1:3"),
}

# A line added to content/about.md (or its front matter), and the message expected on that line.
WRITTEN = {
    "a script": ("<script>alert(1)</script>", "<script> は書けません"),
    "a script in capitals": ("<SCRIPT SRC=/assets/uploads/x.js></SCRIPT>", "<script> は書けません"),
    "a redirect": ('<meta http-equiv="refresh" content="0;url=https://evil.example/">', "<meta> は書けません"),
    "a frame": ('<iframe src="https://evil.example/"></iframe>', "<iframe> は書けません"),
    "an object": ('<object data="x.swf"></object>', "<object> は書けません"),
    "an embed": ('<embed src="x.swf">', "<embed> は書けません"),
    "a base address": ('<base href="https://evil.example/">', "<base> は書けません"),
    "a form": ('<form action="https://evil.example/"><input name="pw"></form>', "<form> は書けません"),
    "an event attribute": ('<img src="x.png" onerror="alert(1)">', "「onerror=」"),
    "an event attribute after a slash": ("<svg/onload=alert(1)>", "「onload=」"),
    "an event attribute after a quoted >": ("""<img alt="a>b" src=x.png\tonerror=alert(1)>""", "「onerror=」"),
    "an event attribute in attr_list": ('相談の流れ{: onclick="alert(1)" }', "「onclick=」"),
}


def run_check(project) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "--data", str(project / "data"), "check"],
                          capture_output=True, text=True, env={"SITE_TODAY": TODAY.isoformat()}, timeout=120)


@pytest.fixture
def project(tmp_path):
    for name in ("data", "content"):
        shutil.copytree(ROOT / name, tmp_path / name)
    return tmp_path


def test_the_sample_pages_and_images_pass(project):
    (project / "content" / "assets").mkdir()
    (project / "content" / "assets" / "map.png").write_bytes(PNG)
    (project / "content" / "assets" / "photo.webp").write_bytes(WEBP)
    result = run_check(project)
    assert result.returncode == 0, result.stdout
    assert "エラー 0 件" in result.stdout


@pytest.mark.parametrize("case", FILES)
def test_a_file_that_is_not_a_page_or_an_image_is_refused(project, case):
    path, data, message, where = FILES[case]
    target = project / "content" / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    result = run_check(project)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert f"{target}:{where}: エラー: " in result.stdout
    assert message in result.stdout and target.name in result.stdout


def test_a_link_to_a_file_elsewhere_is_refused(project):
    link = project / "content" / "secret.png"
    link.symlink_to(ROOT / "data" / "site.yml")
    result = run_check(project)
    assert result.returncode == 1
    assert f"{link}:1:1: エラー: 「secret.png」はシンボリックリンクです" in result.stdout


def test_a_pipe_is_refused_without_being_read(project):
    pipe = project / "content" / "notice.md"
    os.mkfifo(pipe)  # reading it would wait for a writer forever
    result = run_check(project)
    assert result.returncode == 1
    assert f"{pipe}:1:1: エラー: 「notice.md」は content/ に置けない種類のファイルです" in result.stdout


@pytest.mark.parametrize("case", WRITTEN)
def test_html_that_runs_code_or_leaves_the_site_is_refused_with_its_line(project, case):
    written, message = WRITTEN[case]
    page = project / "content" / "about.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    lines.insert(10, written)
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    reported = [line for line in result.stdout.splitlines() if line.startswith(f"{page}:11:")]
    assert reported and message in reported[0], result.stdout


def test_a_script_in_the_front_matter_is_refused(project):
    """The theme writes a page's description into <head> as it is."""
    page = project / "content" / "about.md"
    lines = page.read_text(encoding="utf-8").splitlines()
    assert lines[2].startswith("description: ")
    lines[2] = """description: '"><script>alert(1)</script>'"""
    page.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_check(project)
    assert result.returncode == 1
    assert f"{page}:3:17: エラー: ページに <script> は書けません" in result.stdout


@pytest.mark.build
@pytest.mark.parametrize("engine", ENGINES)
def test_no_engine_builds_a_site_from_what_the_check_refuses(tmp_path, engine):
    project = copy_project(tmp_path / "project")
    about = project / "content" / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + "\n<script>alert(1)</script>\n", encoding="utf-8")
    upload = project / "content" / "assets" / "uploads" / "evil.html"
    upload.parent.mkdir(parents=True)
    upload.write_text("<script>alert(1)</script>", encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("前のサイト", encoding="utf-8")
    result = site_build(project, site, engine)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output
    assert "evil.html:1:1: エラー: 「evil.html」は content/ に置けない種類のファイルです" in output
    assert "about.md:" in output and "<script> は書けません" in output
    assert "サイトを作りませんでした" in output
    assert [p.name for p in site.iterdir()] == ["index.html"]  # the last site, as it was
    assert (site / "index.html").read_text(encoding="utf-8") == "前のサイト"
