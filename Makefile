# Two commands set everything up on a fresh machine: `make run` and `make test`.
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
DEV := DJANGO_DEBUG=1

.PHONY: run serve serve-preflight test lint format clean messages
# The Russian interface, compiled from its .po file (compilemessages needs gettext's msgfmt).
MO := locale/ru/LC_MESSAGES/django.mo

$(VENV)/bin/python:
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements.txt requirements-dev.txt | $(VENV)/bin/python
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

$(MO): locale/ru/LC_MESSAGES/django.po | $(VENV)/.runtime
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install gettext" >&2; exit 1; }
	$(DEV) $(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules --verbosity 0

## messages: compile the interface's translations (locale/*/LC_MESSAGES/django.po)
messages: $(MO)

node_modules/axe-core/axe.min.js: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --no-audit --no-fund --silent; \
	else echo "npm is missing: the accessibility checks will be skipped"; fi

## run: serve the site on SQLite at http://$(HOST):$(PORT), the CICA fixtures loaded into an empty database only
run: $(VENV)/.runtime $(MO)
	$(DEV) $(PY) manage.py migrate --no-input
	$(DEV) $(PY) manage.py seed_if_empty
	$(DEV) $(PY) manage.py runserver $(HOST):$(PORT)

## serve: run the site as in production on the current database (DATABASE_URL): debug off,
## static files collected, gunicorn on $(HOST):$(PORT) with gunicorn.conf.py
serve: serve-preflight $(VENV)/.runtime $(MO)
	DJANGO_DEBUG=0 $(PY) manage.py collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=0 HOST=$(HOST) PORT=$(PORT) $(VENV)/bin/gunicorn --config gunicorn.conf.py

# Before anything is installed or collected: production never runs with a made-up key.
serve-preflight:
	@if [ -z "$$DJANGO_SECRET_KEY" ]; then \
	  echo "make serve: DJANGO_SECRET_KEY is not set; production needs its own secret key" >&2; \
	  echo '  e.g. export DJANGO_SECRET_KEY="$$(python3 -c "import secrets; print(secrets.token_urlsafe(50))")"' >&2; \
	  exit 1; fi

## test: the whole suite (on PostgreSQL when DATABASE_URL says so)
test: $(VENV)/.dev node_modules/axe-core/axe.min.js $(MO)
	$(VENV)/bin/pytest $(PYTEST_ARGS)

## lint: ruff on the Python, djLint on the templates, and no template line over 120 characters
lint: $(VENV)/.dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/djlint templates --lint
	@$(PY) -c "$$TEMPLATE_WIDTH_CHECK"

# Templates stay readable: a line longer than 120 characters is reported with its place.
define TEMPLATE_WIDTH_CHECK
import pathlib, sys
long = [f"{path}:{number}: {len(line)} characters" for path in sorted(pathlib.Path("templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), 1) if len(line) > 120]
print(*long, sep="\n") if long else None
sys.exit(1 if long else 0)
endef
export TEMPLATE_WIDTH_CHECK

format: $(VENV)/.dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) node_modules db.sqlite3 staticfiles .pytest_cache .ruff_cache
