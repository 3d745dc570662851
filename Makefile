# The two commands that matter: `make run` (the app) and `make test` (the tests).
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: setup run test bench store

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

store: setup
	$(PY) -m indicators build --if-missing

run: store
	$(PY) -m streamlit run app.py

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) bench/extract_bench.py
