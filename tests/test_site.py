"""The whole site built strictly by each engine (MkDocs, Zensical), read as a resident would see it."""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from generator.loader import load

from .conftest import ENGINES, PROJECTS, TODAY, copy_project, site_build


def names_linked(soup, prefix="service/"):
    """The names that link to entries, as read without ふりがな."""
    for reading in soup.select("rt, rp"):
        reading.extract()
    return {a.get_text().strip() for a in soup.select("a[href]") if prefix in a["href"]}


def test_yokkaichi_lists_its_window_and_the_prefecture_centre(html):
    page = html("area/242021/")
    for reading in page.h1.select("rt, rp"):  # the ruby reading is shown only when asked for
        reading.extract()
    assert page.h1.get_text(strip=True) == "四日市市の相談先・居場所"
    assert page.h1.select_one("ruby") is not None
    linked = names_linked(page.select_one("article.md-content__inner"))
    assert "四日市市 ひきこもり相談窓口" in linked
    assert "三重県ひきこもり地域支援センター" in linked
    # Only what serves 四日市市: another city's window is not listed.
    assert "津市 ひきこもり相談窓口" not in linked


def test_outreach_covering_an_area_is_listed_there(html):
    suzuka = names_linked(html("area/242071/").select_one("article.md-content__inner"))
    tsu = names_linked(html("area/242012/").select_one("article.md-content__inner"))
    assert any("鈴鹿" in name and "アウトリーチ" in name for name in suzuka)
    assert not any("鈴鹿" in name and "アウトリーチ" in name for name in tsu)


def test_nijinokai_shows_the_next_third_friday_after_the_build_date(html):
    page = html("service/nijinokai/")
    for year in page.select(".sg-date__year"):  # printed only
        year.extract()
    days = [li.select_one(".sg-date__day").get_text() for li in page.select("ul.sg-dates li")]
    # Built on 2026-11-23: November's third Friday (the 20th) has passed.
    assert days[0] == "12月18日（金）"
    assert "11月20日（金）" not in days


def test_upcoming_page_drops_past_sessions(html):
    text = html("upcoming/").select_one("article").get_text()
    assert "12月18日（金）" in text
    assert "2024年" not in text  # the R6 family-class sessions are long past


def read(site: Path, url_path: str) -> BeautifulSoup:
    return BeautifulSoup((site / url_path / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_page_shows_the_sample_notice_and_the_main_line(every_site, project):
    catalogue, _ = load(project / "data", TODAY)
    main = catalogue.entry(catalogue.site.main_line).service
    pages = list(every_site.rglob("index.html"))
    assert len(pages) > 60
    for path in pages:
        text = path.read_text(encoding="utf-8")
        if path.parent.name in ("404", "admin"):  # admin: the staff's form editor, not a public page
            continue
        assert ("サンプルデータです" in text) == catalogue.site.sample, path
        bar = BeautifulSoup(text, "html.parser").select_one(".sg-callbar__main")
        assert main.name in bar.get_text(), path
        assert [a["href"] for a in bar.select("a.sg-callbar__call")] == [
            "tel:" + p.number.replace("-", "") for p in main.contacts.phones], path


def test_the_sample_calls_its_centre_from_every_page(site):
    home = read(site, "")
    assert home.select_one('.sg-callbar a.sg-callbar__call[href="tel:0592537826"]')
    assert home.select_one(".sg-mainline a[href='tel:0592537826']")


def test_home_has_search_kinds_and_every_area_by_region(every_site, project):
    catalogue, _ = load(project / "data", TODAY)
    home = read(every_site, "")
    assert home.h1.get_text(strip=True) == catalogue.site.name
    assert home.select_one("form.sg-search-launch[action='search/'] input[name=q]")
    kinds = [a.get_text(" ", strip=True) for a in home.select("a.sg-kind")]
    assert [k.split()[0] for k in kinds] == ["相談窓口", "家族教室・家族会", "居場所", "アウトリーチ・訪問支援"]
    # Region headings as site.yml lists them; a site without regions has one list and no heading.
    assert [h.get_text() for h in home.select("h3.sg-region")] == catalogue.site.regions
    assert f"お住まいの{catalogue.site.places}から探す" in home.get_text()
    listed = [a["href"] for a in home.select("ul.sg-areas a")]
    assert sorted(listed) == sorted(f"area/{a.code}/" for a in catalogue.areas)


def test_every_area_has_its_page_naming_it_and_its_own_help(every_site, project):
    catalogue, _ = load(project / "data", TODAY)
    for area in catalogue.areas:
        page = read(every_site, f"area/{area.code}")
        for reading in page.h1.select("rt, rp"):
            reading.extract()
        assert page.h1.get_text(strip=True) == f"{area.name}の相談先・居場所"
        linked = names_linked(page.select_one("article.md-content__inner"))
        assert {e.service.name for e in catalogue.serving(area.code)} <= linked, area.name


def test_nothing_of_another_prefecture_is_in_a_site(every_site, project):
    catalogue, _ = load(project / "data", TODAY)
    others = {load(p / "data", TODAY)[0].site.prefecture for p in PROJECTS.values()} - {catalogue.site.prefecture}
    for file in every_site.rglob("*"):
        if file.suffix in {".html", ".csv", ".json", ".xml", ".ics"}:
            text = file.read_text(encoding="utf-8")
            assert not [name for name in others if name[:-1] in text], file  # 三重 as well as 三重県


def test_written_pages_are_in_the_site(every_site):
    for url, heading in (("what-is-hikikomori", "ひきこもり"), ("support-stages", "支援"),
                         ("for-families", "家族"), ("how-to-consult", "相談"), ("about", "サイト"),
                         ("privacy", "プライバシー"), ("accessibility", "アクセシビリティ"),
                         ("accessibility-results", "試験結果")):
        assert heading in read(every_site, url).h1.get_text(), url


def test_no_request_leaves_the_site(every_site):
    site = every_site
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, path
        for src in re.findall(r'<(?:script|link)[^>]+(?:src|href)="(https?://[^"]+)"', text):
            assert src.startswith("http://127.0.0.1:8000/"), (path, src)


def test_every_link_leads_to_a_page_or_file_of_the_site(every_site):
    """Relative links, however an engine rewrites them, lead to something the site has."""
    site = every_site
    for path in site.rglob("*.html"):
        page = path.relative_to(site).parent.as_posix()
        for href in re.findall(r'<a [^>]*href="([^"]+)"', path.read_text(encoding="utf-8")):
            target = href.split("#")[0].split("?")[0]
            if not target or re.match(r"[a-z]+:|/", target):
                continue  # within the page, another site, or a phone number
            resolved = site / posixpath.normpath(posixpath.join(page, target))
            assert resolved.is_file() or (resolved / "index.html").is_file(), (path, href)


@pytest.mark.build
@pytest.mark.parametrize("engine", ENGINES)
def test_bad_data_stops_the_build_with_a_plain_message(tmp_path, engine):
    project = copy_project(tmp_path / "project")
    target = project / "data" / "consultation" / "mie-hikikomori-center.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("  phones:", "  phoen:"), encoding="utf-8")
    result = site_build(project, tmp_path / "out", engine)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert "mie-hikikomori-center.yml:" in result.stderr and "「phoen」という項目は使えません" in result.stderr
    assert not (tmp_path / "out" / "index.html").exists()


@pytest.mark.build
@pytest.mark.parametrize("engine", ENGINES)
def test_a_name_with_html_is_shown_as_text(tmp_path, engine):
    project = copy_project(tmp_path / "project")
    target = project / "data" / "family" / "nijinokai.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("name: 虹の会", 'name: 虹の会</title><script>alert(1)</script>"'),
                      encoding="utf-8")
    assert site_build(project, tmp_path / "out", engine).returncode == 0
    for path in (tmp_path / "out").rglob("*.html"):
        assert "<script>alert(1)" not in path.read_text(encoding="utf-8"), path
    page = (tmp_path / "out" / "service" / "nijinokai" / "index.html").read_text(encoding="utf-8")
    assert "虹の会&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&#34;" in page


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.parametrize("engine", ENGINES)
def test_a_failed_make_site_keeps_the_previous_site(tmp_path, engine):
    import shutil
    import subprocess

    from .conftest import ROOT

    project = copy_project(tmp_path / "project")
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    shutil.copytree(ROOT / "generator", project / "generator", dirs_exist_ok=True)
    make = ["make", "-o", ".venv/.installed", f"BIN={ROOT / '.venv' / 'bin'}", "site", f"ENGINE={engine}"]
    first = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert first.returncode == 0, first.stdout + first.stderr
    before = (project / "site" / "index.html").read_bytes()
    target = project / "data" / "consultation" / "mie-hikikomori-center.yml"
    target.write_text(target.read_text(encoding="utf-8").replace("  phones:", "  phoen:"), encoding="utf-8")
    second = subprocess.run(make, cwd=project, capture_output=True, text=True)
    assert second.returncode != 0
    assert "「phoen」という項目は使えません" in second.stdout + second.stderr
    assert (project / "site" / "index.html").read_bytes() == before


@pytest.mark.slow
@pytest.mark.build
@pytest.mark.parametrize("engine, tricks", [("mkdocs", True), ("mkdocs", False), ("zensical", True)],
                         ids=["mkdocs", "mkdocs-tricks-off", "zensical"])
def test_make_serve_serves_the_site_and_shows_an_edit(tmp_path, engine, tricks):
    """`make serve` as the README says, on a free port: the page is served, and an edit reaches it;
    under MkDocs with the adapter's tricks (generator/engines/mkdocs/) on, and with all of them off."""
    import os
    import shutil
    import signal
    import socket
    import subprocess
    import time
    import urllib.request

    from .conftest import ROOT, switch_tricks

    project = copy_project(tmp_path / "project")
    switch_tricks(project / "mkdocs.yml", tricks)
    shutil.copy(ROOT / "Makefile", project / "Makefile")
    shutil.copytree(ROOT / "generator", project / "generator", dirs_exist_ok=True)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/service/nijinokai/"
    server = subprocess.Popen(["make", "-o", ".venv/.installed", f"BIN={ROOT / '.venv' / 'bin'}", "serve",
                               f"ADDRESS=127.0.0.1:{port}", f"ENGINE={engine}"], cwd=project, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, start_new_session=True)

    def served(text: str, seconds: float) -> bool:
        end = time.monotonic() + seconds
        while time.monotonic() < end and server.poll() is None:
            try:
                if text in urllib.request.urlopen(url, timeout=5).read().decode("utf-8"):
                    return True
            except OSError:
                pass
            time.sleep(0.5)
        return False

    try:
        assert served("虹の会", 120), server.stdout.read() if server.poll() is not None else "not served"
        target = project / "data" / "family" / "nijinokai.yml"
        original = target.read_text(encoding="utf-8")
        target.write_text(original.replace("name: 虹の会", "name: 虹の会（更新）"), encoding="utf-8")
        assert served("虹の会（更新）", 60)
        # An edit undone brings back pages made before: they must be served again, not the edited ones.
        time.sleep(1)
        target.write_text(original, encoding="utf-8")
        assert served("<title>虹の会 - ", 60)
        # A theme template edited: every page is drawn with it, the entry pages too.
        theme = project / "overrides" / "main.html"
        theme.write_text(theme.read_text(encoding="utf-8").replace(
            '<meta name="twitter:card"', '<meta name="sg-edited" content="1"><meta name="twitter:card"'), encoding="utf-8")
        assert served('<meta name="sg-edited" content="1">', 60)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


@pytest.mark.zensical
def test_both_engines_publish_the_same_pages_and_files(sample_sites):
    """Switching engines loses no page and no address: the same pages and the same generated files
    (cards, feeds, calendars, open data, search index). Only each theme's own assets and the engine's
    built-in search index (unused: the site has its own) are allowed to differ."""
    def published(site):
        return {path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()
                and not path.relative_to(site).as_posix().startswith(THEME_FILES)}

    mkdocs, zensical = published(sample_sites("mkdocs")), published(sample_sites("zensical"))
    pages = {path for path in mkdocs if path.endswith("index.html")}
    assert len(pages) > 90 and pages == {path for path in zensical if path.endswith("index.html")}
    assert mkdocs == zensical


# Files each engine brings itself: its theme's scripts and styles, its search index, a gzipped sitemap.
THEME_FILES = ("assets/javascripts/bundle.", "assets/javascripts/lunr/", "assets/javascripts/workers/",
               "assets/javascripts/LICENSE", "assets/stylesheets/main.", "assets/stylesheets/palette.",
               "assets/stylesheets/classic/", "assets/stylesheets/modern/", "assets/images/favicon",
               "search/search_index.json", "search.json", "sitemap.xml.gz")
