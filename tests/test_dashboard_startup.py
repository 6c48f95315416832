"""A served dashboard's start and first visits: `/healthz`, and a store checked once per state.

The development server answers each request on a new thread, and each thread opens its own
read-only connection: checking a small store's pages on every one of those opens cost every
request ~30 ms (bench_dashboard's repeat visits: p50 38 ms on the bundled store, 6 ms on the
large store that is never page-checked).
"""

from __future__ import annotations

import os
import threading
import time

import pytest
from dash_helpers import belarus_app

import cache.integrity
from dashboard.data import DashboardData, StoreUnavailable


def wait_warm(http, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        body = http.get("/healthz").get_json()
        if body["warm"]:
            return body
        time.sleep(0.05)
    raise AssertionError("the dashboard never said it was warm")


def test_healthz_says_the_store_is_ok_and_when_the_warm_up_is_done(store_path):
    app = belarus_app(store_path)  # warms up in the background
    http = app.server.test_client()
    first = http.get("/healthz")
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-store"
    assert first.get_json()["store"] == "ok"
    assert wait_warm(http) == {"store": "ok", "warm": True}
    # warm means evaluated: the overview is then built without evaluating anything
    assert app.claimcheck_data.evaluated().articles


def test_healthz_is_503_with_the_reason_when_there_is_no_store(tmp_path):
    app = belarus_app(tmp_path / "missing.sqlite", warm_up=False)
    response = app.server.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"store": "missing", "warm": False}
    # no path or message of the machine's
    assert str(tmp_path) not in response.get_data(as_text=True)


def test_a_server_that_never_warms_up_says_so(store_path):
    app = belarus_app(store_path, warm_up=False)
    assert app.server.test_client().get("/healthz").get_json() == {"store": "ok",
                                                                   "warm": False}


def _open_on_new_thread(data: DashboardData) -> None:
    failures: list[BaseException] = []

    def run():
        try:
            data.store().refreshes()
        except BaseException as exc:  # reported on the test's thread
            failures.append(exc)
        finally:
            data._drop_connection()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    assert not failures, failures


def test_each_new_thread_does_not_check_the_same_store_again(store_path, monkeypatch):
    checks: list[int] = []
    real = cache.integrity.quick_check
    monkeypatch.setattr(cache.integrity, "quick_check",
                        lambda conn: checks.append(1) or real(conn))
    data = DashboardData(store_path)
    for _ in range(3):
        _open_on_new_thread(data)
    assert len(checks) == 1  # the file is as it was checked
    stat = store_path.stat()
    os.utime(store_path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    _open_on_new_thread(data)
    assert len(checks) == 2  # changed since: checked again


def test_a_store_damaged_after_its_check_is_still_refused_once_it_changes(store_path):
    data = DashboardData(store_path)
    _open_on_new_thread(data)
    with store_path.open("r+b") as fh:  # overwrite pages in the middle of the file
        fh.seek(store_path.stat().st_size // 2)
        fh.write(b"\xff" * 65536)
    with pytest.raises(StoreUnavailable) as caught:
        data.store().refreshes()
    assert caught.value.reason == "unusable"


def test_settled_objects_are_unfrozen_when_the_store_state_changes(store_path, tmp_path):
    import gc
    import shutil

    from dashboard.data import settle
    from indicators.claims.load import DEFAULT_CLAIMS_FILE

    claims = tmp_path / "claims.toml"
    shutil.copyfile(DEFAULT_CLAIMS_FILE, claims)
    data = DashboardData(store_path, claims_paths=[claims])
    try:
        first = data.evaluated()
        settle()  # what a served dashboard does after its warm-up
        assert gc.get_freeze_count() > 0
        assert data.snapshot() is first  # same state: nothing rebuilt, nothing unfrozen
        assert gc.get_freeze_count() > 0
        stat = claims.stat()
        os.utime(claims, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
        assert data.snapshot() is not first  # a new state: the old one may now be collected
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        data._drop_connection()
