# Every target bootstraps what it needs: a .venv with the pinned packages in requirements.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check test clean new init

## The site to build, serve, check or edit: the folder holding its mkdocs.yml, data/ and content/ (the
## sample at the root, examples/<pref>, or a folder made by make init). make site SITE=examples/iwate
SITE ?= .
# Paths from inside the site's folder: its engine runs there (paths in its mkdocs.yml are its own).
ABSBIN = $(abspath $(BIN))
DATA := $(SITE)/data

## The site engine: mkdocs (MkDocs + Material, the default) or zensical (Zensical, pinned in
## requirements.txt; generator/engines/zensical.py). `make site ENGINE=zensical` switches.
ENGINE ?= mkdocs
ZENSICAL = $(ABSBIN)/python -m generator.engines.zensical
ifeq ($(filter $(ENGINE),mkdocs zensical),)
$(error ENGINE は mkdocs か zensical です（いまの値: $(ENGINE)）)
endif

# Every package is checked against the hashes in requirements.txt (a file that differs is refused); the
# project itself is installed with the setuptools just installed, so no build tool comes unpinned.
$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $(STAMP)

## requirements.txt from requirements.in: every package the pinned ones need, with the hashes of all
## their files on the package index (pip-tools, itself pinned with hashes in requirements-tools.txt).
## Run after changing requirements.in (docs/security.md, "Dependencies and the cache");
## make requirements-tools does the same for pip-tools' own file.
TOOLS := .venv-tools
COMPILE := $(TOOLS)/bin/pip-compile --quiet --generate-hashes --strip-extras --no-emit-index-url --no-emit-find-links
.PHONY: requirements requirements-tools
$(TOOLS)/.installed: requirements-tools.txt
	$(PYTHON) -m venv $(TOOLS)
	$(TOOLS)/bin/pip install --quiet --disable-pip-version-check --require-hashes -r requirements-tools.txt
	touch $@
requirements: $(TOOLS)/.installed
	CUSTOM_COMPILE_COMMAND="make $@" $(COMPILE) --allow-unsafe --output-file requirements.txt requirements.in
requirements-tools: $(TOOLS)/.installed
	CUSTOM_COMPILE_COMMAND="make $@" $(COMPILE) --output-file requirements-tools.txt requirements-tools.in

## The form editor at /admin/ (Decap CMS) and its local proxy (decap-server), pinned in
## editor/package-lock.json; the site build copies the CMS from editor/node_modules.
EDITOR := editor/node_modules/.installed
$(EDITOR): editor/package-lock.json | node
	npm ci --prefix editor --silent --no-audit --no-fund
	touch $@

## The form editor on this machine, saving into this repository's git (branches cms/…, as pull
## requests would be): run it next to make serve SITE=… and open http://127.0.0.1:8000/admin/; the
## editor edits the data/ of the site being served (its admin/config.yml names the site's folder). Its
## proxy works in a clone (.cache/editor-repo/), so make serve never sees a branch checked out (editor/proxy.js).
.PHONY: editor editor-screenshots
editor: $(EDITOR)
	BIND_HOST=127.0.0.1 PORT=8081 node editor/proxy.js

## The screenshots of the editor in CONTRIBUTING.md (docs/editor/*.png), taken by its browser tests.
editor-screenshots: $(STAMP) chromium fonts $(EDITOR)
	SCREENSHOTS=docs/editor $(BIN)/python -m pytest tests/test_editor_cms.py -q

## JSON Schemas for editors (VS Code completes and checks data files with them).
SCHEMA := schema/service.schema.json
$(SCHEMA): $(STAMP) generator/model.py generator/messages.yml generator/defaults/topics.yml $(wildcard $(DATA)/topics.yml)
	$(BIN)/python -m generator --data $(DATA) schema

## Build and serve on http://127.0.0.1:8000, rebuilding when data/, content/ or a template change. --dirty rebuilds
## only what an edit touched; MkDocs warns about every dirty build, so strict mode is left to make site.
## Zensical rebuilds only the pages whose staged file changed, and has no strict mode when serving.
ADDRESS ?= 127.0.0.1:8000
serve: $(STAMP) $(SCHEMA) fonts $(EDITOR)
ifeq ($(ENGINE),zensical)
	cd $(SITE) && $(ZENSICAL) serve --dev-addr $(ADDRESS)
else
	cd $(SITE) && $(ABSBIN)/mkdocs serve --dirty --no-strict --dev-addr $(ADDRESS)
endif

## Build SITE into $(SITE)/site/ (strict). A failed build leaves the previous site/ as it was (the
## Zensical adapter builds in .cache/zensical/ and swaps the site in itself).
site: $(STAMP) $(SCHEMA) fonts $(EDITOR)
	$(BIN)/python -m generator --data $(DATA) check
ifeq ($(ENGINE),zensical)
	cd $(SITE) && $(ZENSICAL) build --site-dir site
else
	cd $(SITE) && rm -rf .site-new && $(ABSBIN)/mkdocs build --strict --site-dir .site-new \
	  && rm -rf site && mv .site-new site
endif

## Validate the catalogue of SITE only.
check: $(STAMP) $(SCHEMA)
	$(BIN)/python -m generator --data $(DATA) check

## Start a site for another prefecture: make init PREF=岩手県 SITE=examples/iwate [REGIONS=regions.yml]
init: $(STAMP)
	$(BIN)/python -m generator init $(SITE) --prefecture $(PREF) $(if $(REGIONS),--regions $(REGIONS))

## List the machine (pykakasi) readings the search uses, for staff to review.
.PHONY: readings
readings: $(STAMP)
	$(BIN)/python -m generator --data $(DATA) readings

## Every test, browser tests included (installs Debian's chromium and a Java runtime when missing).
test: $(STAMP) chromium java fonts tests/js/node_modules/.installed $(EDITOR)
	$(BIN)/python -m pytest

## The tests that need neither a site build nor a browser (docs/testing.md): about a minute, with no
## chromium and no npm packages; Node.js runs the browser modules' own tests.
.PHONY: test-fast
test-fast: $(STAMP) fonts node
	$(BIN)/python -m pytest -m "not build and not browser"

## axe-core for the accessibility tests and the Nu HTML Checker (vnu-jar), pinned in tests/js/package-lock.json.
tests/js/node_modules/.installed: tests/js/package-lock.json | node
	npm ci --prefix tests/js --silent --no-audit --no-fund
	touch $@

## Node.js and npm (Debian's) for the form editor, the browser modules' tests, axe-core and Lighthouse.
.PHONY: node
node:
	@command -v node >/dev/null && command -v npm >/dev/null || { \
	  echo "Installing Debian's nodejs and npm…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; }

CHROMIUM ?= /usr/bin/chromium
export CHROMIUM

## A Japanese font for the social cards (drawn at build time, without network access), and Noto Color
## Emoji for the emoji a name may hold.
.PHONY: fonts
fonts:
	@test -e /usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc || fc-list :lang=ja 2>/dev/null | grep -q . || { \
	  echo "Installing Debian's fonts-noto-cjk for the social cards…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; }
	@test -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf || { \
	  echo "Installing Debian's fonts-noto-color-emoji for emoji on the social cards…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-color-emoji >/dev/null; }

## Benchmarks (bench/): search, page weight and Lighthouse on the sample site, then full builds and
## one-edit times at prefecture and national scale. Ends with the one-line national summary.
.PHONY: bench
bench: site chromium bench/js/node_modules/.installed
	$(BIN)/python bench/search_bench.py
	$(BIN)/python bench/page_bench.py
	$(BIN)/python bench/cache_bench.py
	$(BIN)/python bench/build_bench.py

## Lighthouse for the page benchmark, pinned in bench/js/package-lock.json.
bench/js/node_modules/.installed: bench/js/package-lock.json | node
	npm ci --prefix bench/js --silent --no-audit --no-fund
	touch $@

.PHONY: chromium
chromium:
	@test -x "$(CHROMIUM)" || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

## A Java runtime for the Nu HTML Checker (tests/test_html_valid.py runs vnu.jar from tests/js).
.PHONY: java
java:
	@command -v java >/dev/null || { \
	  echo "Installing Debian's default-jre-headless for the Nu HTML Checker…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; }

## Start a new entry: make new KIND=ibasho ID=example-ibasho
new: $(STAMP)
	$(BIN)/python -m generator --data $(DATA) new $(KIND) $(ID)

clean:
	rm -rf site .site-new .site-old schema examples/*/site examples/*/.site-new examples/*/.site-old .cache examples/*/.cache

## The README's screenshots (docs/screenshots/): the sample site built as on 2026-11-23, opened at
## 360 × 740 with the clock fixed at Saturday 2026-11-28 23:00 in Japan.
.PHONY: screenshots
screenshots: $(STAMP) chromium fonts
	SITE_TODAY=2026-11-23 $(MAKE) site
	$(BIN)/python docs/take_screenshots.py
