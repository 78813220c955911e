# cityorder — the two commands that matter: `make demo` and `make test`.
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
PYTHON ?= python3
INSTALLED := $(VENV)/.installed
ASSETS := node_modules/.installed
LOCALE := src/cityorder/locale
MO_FILES := $(patsubst %.po,%.mo,$(wildcard $(LOCALE)/*/LC_MESSAGES/django.po))
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 2
THREADS ?= 4
JOB_WORKERS ?= 1

.PHONY: demo serve test install assets messages makemessages browser lint check-migrations ci bench clean

demo: install assets messages
	$(BIN)/cityorder migrate --noinput
	$(BIN)/cityorder load_demo
	@# Uploads a killed process left behind (the demo server runs for an afternoon: once at start is enough).
	$(BIN)/cityorder sweep_uploads
	@# The background worker (uploads, consolidation) runs beside the web server and stops with it.
	$(BIN)/cityorder db_worker --no-reload & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
		$(BIN)/cityorder runserver $(HOST):$(PORT)

# The production server: collectstatic, a migrations check, gunicorn with WORKERS × THREADS and JOB_WORKERS background
# workers. Needs the production settings in the environment (DEBUG=false, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL).
serve: install assets messages
	$(BIN)/cityorder serve --host $(HOST) --port $(PORT) --workers $(WORKERS) --threads $(THREADS) \
		--job-workers $(JOB_WORKERS)

test: install assets messages browser
	$(BIN)/pytest $(PYTEST_ARGS)

install: $(INSTALLED)

$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

assets: $(ASSETS)

$(ASSETS): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

messages: $(MO_FILES)

%.mo: %.po
	@command -v msgfmt >/dev/null || (apt-get update -qq && apt-get install -y -qq gettext >/dev/null)
	msgfmt --check-format -o $@ $<

makemessages: install
	cd src/cityorder && ../../$(BIN)/cityorder makemessages -l ru -l en --no-location --no-obsolete \
		--ignore 'migrations/*'

# Browser tests drive Debian's Chromium (Playwright's own browser download does not work here).
browser:
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium chromium-driver >/dev/null)

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/mypy

check-migrations: install
	$(BIN)/cityorder makemigrations --check --dry-run

# The consolidation benchmark (a command, not a timed test): our engine, the DuckDB floor and Splink.
bench: install
	$(BIN)/pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python -m bench.consolidation --sizes 1M,10M --splink 100k,1M

ci:
	bash .ci/run

clean:
	rm -rf $(VENV) node_modules var .pytest_cache .mypy_cache .ruff_cache
