# Every target bootstraps what it needs: a .venv with the pinned packages in requirements.txt.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve site check test clean

$(STAMP): requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

## Build and serve on http://127.0.0.1:8000, rebuilding when data/ or content/ change.
serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --watch generator/templates

## Build into site/ (strict). A failed build leaves the previous site/ as it was.
site: $(STAMP)
	$(BIN)/python -m generator check
	rm -rf .site-new
	$(BIN)/mkdocs build --strict --site-dir .site-new
	rm -rf site && mv .site-new site

## Validate the catalogues only.
check: $(STAMP)
	$(BIN)/python -m generator check

## List the machine (pykakasi) readings the search uses, for staff to review.
.PHONY: readings
readings: $(STAMP)
	$(BIN)/python -m generator readings

## Every test, browser tests included (installs Debian's chromium when missing).
test: $(STAMP) chromium
	$(BIN)/python -m pytest

.PHONY: chromium
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests…"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk >/dev/null; }

clean:
	rm -rf site .site-new
