# Sendwire. `make demo` runs the mock server and a demo; `make test` runs every check.
# Each target sets itself up (via `install`) on a fresh machine.

SHELL := /bin/bash
.DEFAULT_GOAL := test

VENV := .venv
PY := $(VENV)/bin/python
PIP_STAMP := $(VENV)/.installed

# The generation pipeline lives in tools/codegen (package `codegen`).
CODEGEN := PYTHONPATH=tools $(PY) -m codegen

.PHONY: install generate check-generated

## install: create .venv (if missing) and install the project with its dev tools
install: $(PIP_STAMP)

$(PIP_STAMP): pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

## generate: regenerate generated/sendwire_api from spec/messages.yaml
generate: install
	$(CODEGEN) generate

## check-generated: fail when generated/ does not match what the spec generates
check-generated: install
	$(CODEGEN) check
