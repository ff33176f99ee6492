# Two commands do all set-up on a fresh clone: `make run` and `make test`.
# The first of Python 3.11 or 3.12 found (override: make PYTHON=python3.12 run).
PYTHON ?= $(shell for p in python3.11 python3.12 python3; do $$p -c 'import sys; assert sys.version_info[:2] in ((3, 11), (3, 12))' >/dev/null 2>&1 && { echo $$p; break; }; done)
VENV   ?= .venv
PY     := $(VENV)/bin/python
PORT   ?= 8000
STAMP  := $(VENV)/.installed

.PHONY: run test bench install migrate clean assets

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

migrate: $(STAMP)
	$(VENV)/bin/pcn db upgrade

run: migrate
	PORT=$(PORT) $(VENV)/bin/pcn serve --port $(PORT)

test: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports
	$(PY) -m pytest

# The NHS.UK design system's compiled CSS/JS (pinned in web/assets.py) and axe-core, vendored and committed.
assets: $(STAMP)
	$(PY) -m web.assets

bench: $(STAMP)
	$(PY) bench/run_all.py

clean:
	rm -rf $(VENV) instance .pytest_cache .hypothesis
