# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DJANGO_DEBUG=1

.PHONY: run test lint format clean

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm is missing: the accessibility checks will be skipped"; fi

## run: serve the site on SQLite at http://$(HOST):$(PORT), the CICA fixtures loaded into an empty database only
run: $(VENV)/.runtime
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py seed_if_empty
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

## test: the whole suite (on PostgreSQL when DATABASE_URL says so)
test: $(VENV)/.dev node_modules/axe-core/axe.min.js
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache .ruff_cache
