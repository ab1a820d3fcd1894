# Sendwire. `make demo` runs the mock server and a demo; `make test` runs every check.
# Each target sets itself up (via `install`) on a fresh machine.

SHELL := /bin/bash
.DEFAULT_GOAL := test

VENV := .venv
PY := $(VENV)/bin/python
BIN := $(VENV)/bin
PIP_STAMP := $(VENV)/.installed
NPM_STAMP := node_modules/.installed

# The generation pipeline lives in tools/codegen (package `codegen`).
CODEGEN := PYTHONPATH=tools $(PY) -m codegen
# Redocly CLI: no usage data sent, no update notices.
REDOCLY := REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true node_modules/.bin/redocly
# Hand-written Python (generated/ is checked by the generation pipeline instead).
PY_SOURCES := $(wildcard facade tests tools bench examples conftest.py)
# What `make test` had before it started, for the check that it left nothing behind.
CLEAN_STATE := $(VENV)/clean-run-state.json

.PHONY: install generate unasync check-generated lint

## install: create .venv (if missing) and install the project with its dev tools
install: $(PIP_STAMP) $(NPM_STAMP)

$(PIP_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

## generate: regenerate generated/sendwire_api and facade/sendwire/_generated from the spec,
## then report what changed for users of the facade (breaking changes flagged)
generate: install
	$(CODEGEN) generate

## unasync: derive the sync twins (client.py, page.py) from their async sources (lint checks them)
unasync: install
	$(PY) tools/unasync.py

## check-generated: fail when generated/ does not match what the spec generates
check-generated: install
	$(CODEGEN) check

## lint: validate and lint the spec; ruff and mypy on the hand-written code; the import layers
## of ARCHITECTURE.md (import-linter contracts in pyproject.toml)
lint: install
	$(PY) -m openapi_spec_validator spec/messages.yaml
	$(REDOCLY) lint spec/messages.yaml
	$(BIN)/ruff check $(PY_SOURCES)
	$(BIN)/ruff format --check $(PY_SOURCES)
	$(PY) tools/unasync.py --check
	$(BIN)/lint-imports
	$(BIN)/mypy facade
	$(BIN)/mypy tools/codegen

.PHONY: test contract demo bench bench-smoke fuzz soak docs browser

## browser: Debian's chromium and its chromedriver, for the inbox's browser tests
# (Selenium is pointed at /usr/bin/chromedriver, so nothing is downloaded at test time).
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver || { \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get install -y chromium chromium-driver || { $$sudo apt-get update && \
		$$sudo apt-get install -y chromium chromium-driver; }; }

## test: everything CI runs: lint, generated/ up to date, the test suite (with the README's
## and the docs' examples and examples/), the docs build, the contract suite; then a check
## that nothing was left running or lying around
test: install browser
	$(PY) tools/clean_run.py snapshot $(CLEAN_STATE)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory check-generated
	$(PY) -m pytest
	$(MAKE) --no-print-directory docs
	$(MAKE) --no-print-directory contract
	$(PY) tools/clean_run.py check $(CLEAN_STATE)

## docs: build the documentation site into build/site, offline, warnings as errors
docs: install
	@# The Material theme prints a notice about its successor unless told not to.
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet

## contract: the API contract suite against the mock (or URL=... ACCOUNT=SID:TOKEN for another
# server). The account goes through the environment, so make does not echo the token.
contract: install
	@$(if $(ACCOUNT),SENDWIRE_CONTRACT_ACCOUNT='$(ACCOUNT)') $(BIN)/sendwire contract $(if $(URL),--url '$(URL)') \
		$(CONTRACT_ARGS)

## demo: start the mock server and run the demo against it
demo: install
	$(PY) -m sendwire.demo

## bench: the full benchmarks (~20 min), writes BENCHMARKS.md; bench-smoke: each scenario once, tiny
# wrk (the load generator) comes from the distribution's packages; Prism with `npm ci` (install).
bench: install bench-tools
	$(PY) -m bench

bench-smoke: install bench-tools
	$(PY) -m bench --smoke

.PHONY: bench-tools
bench-tools:
	@command -v wrk >/dev/null 2>&1 || { \
		sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
		$$sudo apt-get install -y wrk || { $$sudo apt-get update && $$sudo apt-get install -y wrk; }; }

## fuzz: ~10 min of contract rounds with fresh seeds, and the property tests at scale
fuzz: install
	$(PY) tools/fuzz.py $(FUZZ_ARGS)

## soak: 60 s of mixed load on a mock process, then the full-size reliability tests
soak: install
	$(PY) tools/soak.py --seconds 60 $(SOAK_ARGS)
	SENDWIRE_SOAK=1 $(PY) -m pytest -q -s -m soak --timeout 1800 tests/reliability
