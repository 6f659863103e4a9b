# The two commands: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo test bench install install-test clean-db

$(BIN)/python:
	$(PYTHON) -c 'import sys; sys.exit("factcheck needs Python 3.11 or newer") if sys.version_info < (3, 11) else None'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[test]'
	touch $@

$(VENV)/.installed-bench: $(VENV)/.installed-test
	$(BIN)/pip install -q -e '.[test,bench,train]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

demo: $(VENV)/.installed
	$(BIN)/factcheck db upgrade
	$(BIN)/factcheck import seeds
	$(BIN)/factcheck demo-accounts
	$(BIN)/factcheck demo-verdicts
	@echo "Serving on http://127.0.0.1:5000 (Ctrl-C stops)"
	$(BIN)/factcheck run --host 127.0.0.1 --port 5000

test: $(VENV)/.installed-test
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-bench
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean-db:
	rm -f instance/factcheck.db instance/factcheck.db-wal instance/factcheck.db-shm instance/demo-logins.txt
