# Forum — the two commands: `make run` (demo at http://127.0.0.1:8000) and `make test`.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# uv drives Python: the project's own copy is installed on first use if none is on PATH.
UV := $(shell command -v uv >/dev/null 2>&1 && uv --version >/dev/null 2>&1 && echo uv || echo $(CURDIR)/.tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
export UV_COMPILE_BYTECODE := 1
PY := .venv/bin/python
MANAGE := $(PY) manage.py
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: help install run test test-postgres lint format bench messages seed clean worker

help:
	@echo "make run    - install, migrate, seed the demo forum, serve http://$(HOST):$(PORT)"
	@echo "make test   - the whole test suite (SQLite, inline Celery, no services needed)"
	@echo "make lint   - ruff check + format check + import contracts (import-linter)"
	@echo "make bench  - speed and memory benchmarks (see docs/performance.md)"

$(CURDIR)/.tools/bin/uv:
	python3 -m pip install --quiet --disable-pip-version-check --target .tools uv

.venv/.installed: pyproject.toml uv.lock | $(if $(filter uv,$(UV)),,$(CURDIR)/.tools/bin/uv)
	$(UV) sync --frozen
	@touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	@touch $@

locale/.compiled: $(shell find locale -name '*.po' 2>/dev/null) | .venv/.installed
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0
	@touch $@

install: .venv/.installed node_modules/.installed locale/.compiled

run: install
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) seed_forum --delegates 200
	$(MANAGE) runserver $(HOST):$(PORT)

worker: install
	.venv/bin/celery -A forum worker -l info

test: install
	$(PY) scripts/ensure_chromium.py
	$(PY) -m pytest $(PYTEST_ARGS)
	npm test

lint: install
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports

format: install
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

# Vietnamese is the source language: only the English catalog is generated.
messages: install
	$(MANAGE) makemessages -l en --ignore=.venv --ignore=node_modules --ignore=.tools --ignore=tests --ignore=bench --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv --ignore=node_modules -v 0

bench: install
	$(PY) -m bench

clean:
	rm -rf .venv .tools node_modules staticfiles locale/.compiled
