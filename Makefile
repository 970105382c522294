# The two commands of the README: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python

.PHONY: demo test install install-dev messages lint clean

$(VENV)/.runtime: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Compiled catalogues are built, not committed; Babel compiles them without GNU gettext.
messages: $(VENV)/.runtime
	$(VENV)/bin/pybabel compile -d locale -D django

demo: install messages
	$(PY) manage.py migrate --no-input
	$(PY) manage.py seed_demo --seed 2026
	TWO_FACTOR_REQUIRED=false $(PY) manage.py runserver 127.0.0.1:8000  # demo only: refused with DEBUG off

test: install-dev messages
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) db.sqlite3 test_db.sqlite3 var staticfiles
