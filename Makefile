# The README's two commands are `make dashboard` and `make test`; .ci/run runs `make test`.
# Everything runs in the project's own virtual environment (.venv, git-ignored), created on
# first use: Debian 12 and others refuse pip installs into the system Python (PEP 668).
BASE_PYTHON ?= python3
VENV ?= .venv
PYTHON := $(VENV)/bin/python
# `make dashboard PORT=8060 HOST=0.0.0.0`: where the dashboard listens.
PORT ?= 8050
HOST ?= 127.0.0.1

.PHONY: dashboard test lint bench snapshot venv

venv:  ## create .venv (installing Debian's python3-venv if needed, as root or with sudo)
	PYTHON=$(BASE_PYTHON) ./scripts/ensure-venv.sh $(VENV)

dashboard: venv  ## install into .venv and start the dashboard on the bundled data (no network); PORT=, HOST=
	$(PYTHON) -m pip install -q -e .
	$(VENV)/bin/claimcheck dashboard --host $(HOST) --port $(PORT)

test: venv  ## install the test dependencies (incl. Chromium and axe-core) into .venv and run the whole suite
	./scripts/install-browser.sh
	./scripts/install-axe.sh
	$(PYTHON) -m pip install -q -e '.[test]'
	$(PYTHON) -m pytest -n auto --dist worksteal  # one worker per core (pytest-xdist)

lint: venv
	$(VENV)/bin/ruff check .

bench:  ## speed and memory benchmarks (figures, not pass/fail tests); writes the README's tables
	$(PYTHON) -m pip install -q -e '.[deploy,bench]'  # bench: DuckDB, a reference line only
	$(PYTHON) -m benchmarks.bench_refresh
	$(PYTHON) -m benchmarks.bench_search
	$(PYTHON) -m benchmarks.bench_import --import-runs 2 --keep-store benchmarks/results/large.sqlite
	$(PYTHON) -m benchmarks.bench_dashboard --large-store benchmarks/results/large.sqlite
	rm -f benchmarks/results/large.sqlite benchmarks/results/large.sqlite-*
	$(PYTHON) -m benchmarks.bench_load
	$(PYTHON) -m benchmarks.bench_paint --runs 5
	$(PYTHON) -m benchmarks.bench_draft
	$(PYTHON) -m benchmarks.readme_table

snapshot:  ## rebuild cache/snapshot/ from ../shared/reference
	$(VENV)/bin/claimcheck snapshot build --reference ../shared/reference
