# The README's two commands are `make dashboard` and `make test`; .ci/run runs `make test`.
PYTHON ?= python3

.PHONY: dashboard test lint bench snapshot

dashboard:  ## install and start the dashboard on the bundled data (no network needed)
	$(PYTHON) -m pip install -q -e .
	claimcheck dashboard

test:  ## install the test dependencies (incl. Chromium) and run the whole suite
	./scripts/install-browser.sh
	$(PYTHON) -m pip install -q -e '.[test]'
	$(PYTHON) -m pytest

lint:
	ruff check .

bench:  ## speed and memory benchmarks (figures, not pass/fail tests); writes the README's table
	$(PYTHON) -m benchmarks.bench_refresh
	$(PYTHON) -m benchmarks.bench_import --import-runs 2 --keep-store benchmarks/results/large.sqlite
	$(PYTHON) -m benchmarks.bench_dashboard --large-store benchmarks/results/large.sqlite
	rm -f benchmarks/results/large.sqlite benchmarks/results/large.sqlite-*
	$(PYTHON) -m benchmarks.readme_table

snapshot:  ## rebuild cache/snapshot/ from ../shared/reference
	claimcheck snapshot build --reference ../shared/reference
