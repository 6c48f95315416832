# The README's two commands are `make dashboard` and `make test`; .ci/run runs `make test`.
PYTHON ?= python3

.PHONY: dashboard test lint bench snapshot

dashboard:  ## install and start the dashboard on the bundled data (no network needed)
	$(PYTHON) -m pip install -q -e .
	claimcheck dashboard

test:  ## install the test dependencies (incl. Chromium and axe-core) and run the whole suite
	./scripts/install-browser.sh
	./scripts/install-axe.sh
	$(PYTHON) -m pip install -q -e '.[test]'
	$(PYTHON) -m pytest

lint:
	ruff check .

bench:  ## speed and memory benchmarks (figures, not pass/fail tests)
	$(PYTHON) -m benchmarks.bench_refresh
	$(PYTHON) -m benchmarks.bench_dashboard
	$(PYTHON) -m pip install -q -e '.[deploy]'
	$(PYTHON) -m benchmarks.bench_load

snapshot:  ## rebuild cache/snapshot/ from ../shared/reference
	claimcheck snapshot build --reference ../shared/reference
