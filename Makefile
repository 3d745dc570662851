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

# localhost only by default (uploads write to the store, there is no login); a team puts a
# login proxy in front and sets ADDRESS=0.0.0.0 (docs/dashboard.md)
ADDRESS ?= localhost
run: store
	$(PY) -m streamlit run app.py --server.address $(ADDRESS)

test: setup
	$(PY) -m pytest

bench: setup
	$(PY) bench/extract_bench.py
