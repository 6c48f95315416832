"""Shared test set-up: the network is blocked, stores live in tmp dirs, Chromium runs headless.

* Every test runs with outbound connections blocked (loopback is allowed for the Dash test
  server and local stub APIs), so no test can reach a real API by accident.
* ``store_path`` gives a fresh store file seeded from the bundled snapshot: the snapshot is
  loaded once per session into a template, which each test gets its own copy of.
* Hypothesis runs without its per-example deadline: a busy machine must not fail a property.
* ``pytest_setup_options`` makes dash_duo drive Debian's headless Chromium offline.
"""

from __future__ import annotations

import ipaddress
import os
import shutil
import socket
from pathlib import Path

import pytest
from hypothesis import settings

# Speed is measured in benchmarks/, never asserted here (a shared CI machine stalls at random).
settings.register_profile("claimcheck", deadline=None)
settings.load_profile("claimcheck")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
REFERENCE_DIR = Path(__file__).resolve().parent.parent.parent / "shared" / "reference"

_real_connect = socket.socket.connect


def pytest_configure(config):
    # Under pytest-xdist (`make test` runs `pytest -n auto`), every worker process would start
    # its Dash test servers at port 8050 and up: give each worker its own range.
    # CLAIMCHECK_TEST_PORT_BASE moves the whole range, so that two checkouts can run their
    # suites on one machine at the same time.
    base = os.environ.get("CLAIMCHECK_TEST_PORT_BASE")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    if worker.startswith("gw") or base:
        from dash.testing.application_runners import BaseDashRunner

        offset = 100 * (1 + int(worker[2:])) if worker.startswith("gw") else 0
        BaseDashRunner._next_port = int(base or 8050) + offset


def _is_loopback(address) -> bool:
    if isinstance(address, tuple) and address:
        host = address[0]
        if host in ("localhost", ""):
            return True
        try:
            return ipaddress.ip_address(host).is_loopback
        except ValueError:
            return False
    return True  # unix sockets


def _guarded_connect(self, address):
    if self.family in (socket.AF_INET, socket.AF_INET6) and not _is_loopback(address):
        raise ConnectionRefusedError(f"network blocked in tests: connect to {address!r}")
    return _real_connect(self, address)


@pytest.fixture(autouse=True)
def _block_network(monkeypatch):
    monkeypatch.setattr(socket.socket, "connect", _guarded_connect)
    yield


@pytest.fixture(autouse=True)
def _isolated_store_env(monkeypatch, tmp_path):
    """No test may touch the user's real store: the default points into tmp."""
    monkeypatch.setenv("CLAIMCHECK_STORE", str(tmp_path / "default-store.sqlite"))
    yield


@pytest.fixture(scope="session")
def _seeded_template(tmp_path_factory) -> Path:
    """The bundled snapshot loaded once, by the same code a user's first run goes through."""
    from cache.bundle import open_store

    path = tmp_path_factory.mktemp("template") / "store.sqlite"
    open_store(path).close()  # closing the last connection folds the WAL into the file
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    return path


@pytest.fixture
def store_path(tmp_path, _seeded_template) -> Path:
    """A new store seeded from the bundled snapshot (a copy of the session's template)."""
    path = tmp_path / "store.sqlite"
    shutil.copyfile(_seeded_template, path)
    return path


@pytest.fixture(scope="session")
def replay_data():
    """The bundled snapshot's World Bank values as the replayed API serves them."""
    from wb_replay import load_replay_data

    return load_replay_data()


@pytest.fixture
def replay(replay_data):
    """The World Bank API v2 replayed (tests/wb_replay.py) on a `responses` mock."""
    import responses
    from wb_replay import WbApiReplay

    replay = WbApiReplay(data=replay_data)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        replay.register(rsps)
        yield replay


@pytest.fixture
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def pytest_setup_options():
    """Selenium options for dash_duo: Debian's Chromium, headless, no background networking."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1280,900",
    ):
        options.add_argument(flag)
    return options
