# The two commands: `make demo` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: demo serve test bench install install-test clean-db

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
	@echo "Serving on http://127.0.0.1:5000 with a background worker (Ctrl-C stops both)"
	@# the worker runs jobs (links, feeds) from the SQLite queue in instance/tasks.db; the trap ends it with the server
	@$(BIN)/factcheck worker & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/factcheck run --host 127.0.0.1 --port 5000

# Production: gunicorn with the SERVE_* settings (docs/deploy.md); refuses to start until the site's
# public URL is set (`factcheck public-url https://…`) and the database is at the code's migrations.
serve: $(VENV)/.installed
	$(BIN)/factcheck serve $(SERVE_ARGS)

test: $(VENV)/.installed-test
	$(BIN)/ruff check factcheck tests benchmarks
	$(BIN)/bandit -q -c pyproject.toml -r factcheck
	$(BIN)/pytest $(PYTEST_ARGS)

bench: $(VENV)/.installed-bench
	@for script in benchmarks/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean-db:
	rm -f instance/factcheck.db instance/factcheck.db-wal instance/factcheck.db-shm instance/demo-logins.txt

# The fine-tuned encoder (optional): installs the model extra, fine-tunes on ClaimBuster crowdsourced
# into instance/encoder (~25-35 min on one core); FACTCHECK_SCORER=ensemble (or encoder) then uses it.
model: $(VENV)/.installed
	$(BIN)/pip install -q -e '.[model]'
	@data=$${CLAIMBUSTER:-$$(for d in ../shared/data /work/shared/data; do [ -f $$d/claimbuster/claimbuster_crowdsourced.csv ] && echo $$d/claimbuster/claimbuster_crowdsourced.csv && break; done)}; \
	  [ -n "$$data" ] || { echo "claimbuster_crowdsourced.csv not found: make model CLAIMBUSTER=path/to/it"; exit 2; }; \
	  HF_HUB_OFFLINE=1 OMP_NUM_THREADS=1 nice -n 19 $(BIN)/factcheck scorer train --encoder --data "$$data" \
	    --classes-column verdict_3class --out instance/encoder
