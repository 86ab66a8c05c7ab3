"""What protects residents and the pipeline from pasted or hostile text: the pages' Content-Security-Policy
(in headless Chromium), external links, and the GitHub workflows' permissions and pins."""

from __future__ import annotations

import re

import pytest
import yaml

from generator import csp
from generator.outputs import finish_page, finish_part

from .conftest import ROOT, violations, watch
from .test_accessibility import PAGE_KINDS

PAGES = {**PAGE_KINDS, "移動したページ": "404.html"}


@pytest.fixture
def watched(phone):
    return watch(phone)


@pytest.mark.parametrize("kind", PAGES)
def test_every_page_kind_runs_under_its_policy_without_a_violation(server, watched, kind):
    watched.goto(server + PAGES[kind])
    watched.wait_for_load_state("networkidle")
    policy = watched.locator("meta[http-equiv=Content-Security-Policy]").get_attribute("content")
    assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
    assert watched.locator("meta[name=referrer]").get_attribute("content") == "strict-origin-when-cross-origin"
    # Make the theme's scripts work: scroll (header, back-to-top), the menu, the ふりがな switch.
    watched.mouse.wheel(0, 1500)
    watched.locator(".sg-toggle[data-pref=furigana]").click()
    watched.locator("button.md-header__button, label.md-header__button[for=__drawer]").first.click()
    watched.wait_for_timeout(300)
    assert watched.evaluate("document.getElementById('__drawer').checked")
    assert violations(watched) == []


def test_search_works_under_the_policy(server, watched):
    watched.goto(server)
    watched.locator(".sg-search-launch input[name=q]").fill("よっかいち")
    watched.keyboard.press("Enter")
    watched.wait_for_selector("#search-results[aria-busy=false] li")
    assert "四日市市" in watched.locator("#search-results").inner_text()
    watched.locator("#sg-q").fill("かめやま")  # typed on the search page: results follow each keystroke
    watched.wait_for_function("() => document.querySelector('#search-results').innerText.includes('亀山市')")
    assert violations(watched) == []


def test_the_policy_blocks_a_script_the_site_did_not_build(server, watched):
    """The check can fail: a script slipped into a page (as injected HTML would be) is refused and reported."""
    def inject(route):
        response = route.fetch()
        body = response.text().replace("</body>", "<script>window.sgInjected = 1</script></body>")
        route.fulfill(response=response, body=body)

    watched.route("**/service/nijinokai/", inject)
    watched.goto(server + "service/nijinokai/")
    watched.wait_for_load_state("networkidle")
    assert watched.evaluate("window.sgInjected") is None
    assert any("script-src" in v for v in violations(watched))


def test_hashes_cover_the_scripts_that_run_and_nothing_else():
    page = ('<html><head><meta charset="utf-8"><title>t</title></head><body>'
            '<script>a()</script><script type="application/ld+json">{"x": 1}</script>'
            '<script src="x.js"></script><script type="module">b()</script><script>a()</script></body></html>')
    protected = csp.protect(page)
    # sha256 of "a()" and "b()", each once; the JSON-LD block and the file are not inline code.
    # (printf 'a()' | openssl dgst -sha256 -binary | base64)
    assert re.findall(r"'sha256-[^']+'", protected) == ["'sha256-qVpDBgj7bpq5hMAcGp3AOc79J3Y1Z4HvySTwKrWDoy4='",
                                                         "'sha256-cf242PFc/kb7xD0Qzhsmd9vvRkc+cWFmbi+k+YvtdKc='"]
    assert protected.startswith('<html><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy"')


def test_a_part_finished_apart_is_the_part_of_the_finished_page():
    body = '<section>\n    <a href="https://www.city.tsu.mie.jp/">津市</a>\n</section><script>a()</script>'
    page = (f'<html><head><meta charset="utf-8"></head><body>\n  <main>{csp.CONTENT[0]}{body}{csp.CONTENT[1]}</main>'
            '\n</body></html>')
    part = finish_part(body)
    assert part == ('<section>\n<a href="https://www.city.tsu.mie.jp/" rel="noopener noreferrer">津市</a>\n</section>'
                    '<script>a()</script>')
    finished = finish_page(page)
    assert part in finished
    # The part's script is in the content: the page's policy lists no hash for it, filled in or drawn.
    assert "'sha256-" not in finished and "sg:content" not in finished
    assert finish_part("\n" + body) is None  # white space at an end folds with the page's


# A page as the theme draws it: its own scripts around the content, and in the content a script of
# the page's source, one after a marker of its own, and one left open (the browser runs none of them).
DRAWN = ('<html><head><meta charset="utf-8"><script>window.sgTheme = 1</script></head><body>'
         f'<nav>{csp.CONTENT[0]}</nav>{csp.CONTENT[0]}<p>本文</p><script>window.sgContent = 1</script>'
         f'{csp.CONTENT[1]}<script>window.sgForged = 1</script><p>つづき</p>{csp.CONTENT[1]}'
         '<script>window.sgFooter = 1</script></body></html>')


def test_only_scripts_outside_the_content_are_hashed():
    expected = [csp.script_hashes(f"<script>window.{name} = 1</script>")[0] for name in ("sgTheme", "sgFooter")]
    assert re.findall(r"'sha256-[^']+'", finish_page(DRAWN)) == expected
    # Without the end of the content, nothing after its start is trusted.
    assert re.findall(r"'sha256-[^']+'", finish_page(DRAWN.replace(csp.CONTENT[1], ""))) == expected[:1]


def test_a_script_in_a_pages_content_does_not_run(server, watched):
    """In Chromium: the theme's scripts run, the ones the page's source wrote are refused and reported."""
    watched.route("**/sg-drawn/", lambda route: route.fulfill(body=finish_page(DRAWN), content_type="text/html"))
    watched.goto(server + "sg-drawn/")
    assert watched.evaluate("[window.sgTheme, window.sgFooter]") == [1, 1]
    assert watched.evaluate("[window.sgContent, window.sgForged]") == [None, None]
    assert len([v for v in violations(watched) if v.startswith("script-src")]) == 2


def test_the_form_editor_has_a_policy_of_its_own(html):
    """/admin/ under either engine: Decap's inline styles and GitHub's API, and no inline script of
    anyone else (tests/test_editor_cms.py drives the editor under it without a violation)."""
    policies = [m["content"] for m in html("admin/index.html").find_all("meta", attrs={"http-equiv": True})]
    assert len(policies) == 1
    directives = dict(d.strip().split(" ", 1) for d in policies[0].split(";"))
    assert directives["style-src"] == "'self' 'unsafe-inline'"
    assert re.fullmatch(r"'self' 'unsafe-eval'( 'sha256-[^']+')+", directives["script-src"])
    assert directives["connect-src"] == "'self' https://api.github.com https://www.githubstatus.com http://127.0.0.1:8081"
    assert directives["frame-src"] == directives["object-src"] == directives["worker-src"] == "'none'"


def test_links_to_other_sites_send_no_referrer(html):
    for path in ("service/mie-hikikomori-center/", "for-families/", "opendata/", "area/242021/"):
        page = html(path)
        external = [a for a in page.select("a[href^='http']") if not a["href"].startswith("http://127.0.0.1:8000/")]
        assert external, path
        assert all("noreferrer" in a.get("rel", []) for a in external), path


# --- GitHub workflows -------------------------------------------------------------------------------

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_every_action_is_pinned_to_a_commit_with_its_version():
    uses = [line.strip() for path in WORKFLOWS for line in path.read_text().splitlines() if "uses:" in line]
    external = [u for u in uses if "./" not in u]
    assert external
    for line in external:
        # an action of a repository, or one in a folder of it (actions/cache/restore), by full SHA
        assert re.search(r"uses: [\w.-]+/[\w.-]+(/[\w.-]+)*@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


def test_only_the_deploy_job_can_write_pages_or_get_a_token():
    for path in WORKFLOWS:
        workflow = yaml.safe_load(path.read_text())
        assert workflow["permissions"] in ({}, {"contents": "read"}), path.name
        for name, job in workflow["jobs"].items():
            granted = job.get("permissions", {})
            writes = {k for k, v in granted.items() if v == "write"}
            if path.name == "deploy.yml":
                assert writes == ({"pages", "id-token"} if name == "deploy" else set()), name
                assert name != "deploy" or all("run" not in step for step in job["steps"])
            elif "uses" not in job:  # a job of its own; the nightly call passes deploy.yml's ceiling on
                # The nightly review opens, updates and closes issues, and writes nothing else.
                allowed = {"issues"} if (path.name, name) == ("nightly.yml", "review") else set()
                assert writes <= allowed, (path.name, name)


def test_dependabot_watches_actions_and_pip():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text())
    assert {u["package-ecosystem"] for u in config["updates"]} == {"github-actions", "pip", "npm"}


def test_every_package_is_installed_against_its_hash():
    """requirements.txt is made from requirements.in by pip-compile --generate-hashes: each pin of
    requirements.in is there, every package carries the hashes of its files, and make refuses others."""
    blocks = re.split(r"\n(?=[A-Za-z])", (ROOT / "requirements.txt").read_text(encoding="utf-8"))
    pinned = {}
    for block in blocks[1:]:
        name, version = re.match(r"([\w.-]+)==(\S+)", block).groups()
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", block), name
        pinned[re.sub(r"[-_.]+", "-", name).lower()] = version
    wanted = re.findall(r"^([\w.-]+)(?:\[\w+\])?==(\S+)", (ROOT / "requirements.in").read_text(encoding="utf-8"), re.M)
    assert wanted and {re.sub(r"[-_.]+", "-", n).lower(): v for n, v in wanted}.items() <= pinned.items()
    assert "setuptools" in pinned  # the project is installed without fetching build tools
    install = (ROOT / "Makefile").read_text(encoding="utf-8").split("$(STAMP): requirements.txt")[1].split("\n\n")[0]
    assert "--require-hashes -r requirements.txt" in install and "--no-build-isolation -e ." in install
