# Two commands for a newcomer: `make run` and `make test`. Everything else here serves those two.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PY_STAMP := $(VENV)/.installed
JS_STAMP := node_modules/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The demo's day: `make run` shows the 2023 demo as of a day of its plan year (NEWCITIZEN_TODAY; never in production).
DEMO_TODAY ?= 2023-12-08

.PHONY: run test setup demo lint messages clean

$(PY_STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@

$(JS_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

setup: $(PY_STAMP) $(JS_STAMP)
	mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_plan
	$(PY) manage.py load_demo

## run: set everything up, load the plan and the demo data, print the logins, serve on http://$(HOST):$(PORT)
## (as of DEMO_TODAY; mails link to the address served: `make run PORT=8701`)
run: export NEWCITIZEN_TODAY = $(DEMO_TODAY)
run: export SITE_URL = http://$(HOST):$(PORT)
run: setup
	@echo "Serving the demo as of $(DEMO_TODAY) on http://$(HOST):$(PORT)/"
	$(PY) manage.py runserver $(HOST):$(PORT)

## test: set up what is missing, run the whole suite (SQLite unless DATABASE_URL says otherwise)
test: $(PY_STAMP) $(JS_STAMP)
	$(PY) -m pytest

lint: $(PY_STAMP)
	$(VENV)/bin/ruff check .

## messages: refresh the translation catalogues (needs GNU gettext; the compiled .mo files are committed)
messages: $(PY_STAMP)
	$(PY) manage.py makemessages -l zh_Hans --no-obsolete --ignore '.venv/*' --ignore 'node_modules/*'
	$(PY) manage.py compilemessages --ignore '.venv/*' --ignore 'node_modules/*'

clean:
	rm -rf $(VENV) node_modules var/db.sqlite3 staticfiles
