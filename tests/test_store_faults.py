"""The store under faults: a refresh killed halfway, two at once, a store file that isn't SQLite.

Refreshes run in real child processes (the `FakeSource` adapter, values from the bundled
snapshot); the kills are SIGKILL, so no Python cleanup or rollback code runs in the child.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from refresh_fakes import FakeSource, make_ctx

import indicators.commands.refresh as refresh_command
from cache.store import Store
from indicators.cli import cli
from indicators.refresh import refresh_sources

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent


def run_child(store_path: Path, body: str, *, wait: bool = True) -> subprocess.Popen:
    """Run ``body`` in a fresh interpreter with `store`, `FakeSource`, `refresh_sources`."""
    script = textwrap.dedent(
        """
        import os, sys, signal
        from pathlib import Path
        sys.path.insert(0, {tests!r})
        from refresh_fakes import FakeSource, make_ctx
        from cache.store import Store
        from indicators.refresh import refresh_sources
        store = Store.open({store!r})
        """
    ).format(tests=str(TESTS_DIR), store=str(store_path)) + textwrap.dedent(body)
    proc = subprocess.Popen([sys.executable, "-c", script], cwd=REPO_DIR,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if wait:
        proc.wait(timeout=120)
    return proc


def dump(store_path: Path) -> list[tuple]:
    con = sqlite3.connect(store_path)
    try:
        return con.execute(
            "SELECT id, source, series, economy, year, value, publisher_updated, refresh_id, "
            "is_current FROM observations ORDER BY id"
        ).fetchall()
    finally:
        con.close()


def integrity(store_path: Path) -> str:
    con = sqlite3.connect(store_path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def api_log(store_path: Path) -> list[tuple]:
    con = sqlite3.connect(store_path)
    try:
        return con.execute(
            "SELECT source, status, rows, started_at, finished_at, error FROM refreshes "
            "WHERE kind='api' ORDER BY id"
        ).fetchall()
    finally:
        con.close()


@pytest.mark.parametrize(
    "how",
    [
        # all rows inserted, the log already says ok, COMMIT not yet run
        "refresh_sources(store, [FakeSource(scale=3.0)], make_ctx(),"
        " before_commit=lambda: os.kill(os.getpid(), signal.SIGKILL))",
        # killed while the INSERTs are streaming, halfway through the batch
        "refresh_sources(store, [FakeSource(scale=3.0, poison_at=100)], make_ctx())",
    ],
    ids=["before-commit", "mid-insert"],
)
def test_a_refresh_killed_halfway_leaves_the_previous_rows_intact(store_path, how):
    # a successful live refresh first, so there are previous "api" rows to lose
    ok = run_child(store_path, "refresh_sources(store, [FakeSource(scale=2.0)], make_ctx())")
    assert ok.returncode == 0, ok.stderr
    before = dump(store_path)

    killed = run_child(store_path, how)

    assert killed.returncode == -signal.SIGKILL, killed.stderr
    assert dump(store_path) == before
    assert integrity(store_path) == "ok"
    log = api_log(store_path)
    assert [e[1] for e in log] == ["ok", "running"]  # the dead run never finished
    # the next refresh sees the dead entry and says what happened to it
    with Store.open(store_path) as store:
        refresh_sources(store, [FakeSource("faostat", limit=3)], make_ctx())
    dead = api_log(store_path)[1]
    assert dead[1] == "failed" and "interrupted" in dead[5]
    result = CliRunner().invoke(cli, ["--store", str(store_path), "status"],
                                env={"COLUMNS": "250"})
    line = next(ln for ln in result.output.splitlines() if ln.startswith("│ worldbank"))
    assert "interrupted" in line


def test_two_concurrent_refreshes_both_finish_one_after_the_other(store_path):
    body = "refresh_sources(store, [FakeSource(scale={s}, sleep=0.5)], make_ctx(), lock_wait=60)"
    first = run_child(store_path, body.format(s=2.0), wait=False)
    second = run_child(store_path, body.format(s=3.0), wait=False)
    assert first.wait(timeout=120) == 0, first.stderr.read()
    assert second.wait(timeout=120) == 0, second.stderr.read()

    log = api_log(store_path)
    assert [e[1] for e in log] == ["ok", "ok"]
    assert log[0][4] <= log[1][3], "the second refresh must start after the first has finished"
    assert integrity(store_path) == "ok"
    # one batch of live rows (the later one's), not a mix of both runs
    with Store.open(store_path) as store:
        last = store.refreshes()[-1]
        live = [o for o in store.observations(source="worldbank", current_only=False)
                if o.origin.startswith("https://example.test")]
    assert len(live) == len(FakeSource().observations())
    assert {o.refresh_id for o in live} == {last.id}


def test_a_second_refresh_stops_with_a_clear_message_while_one_runs(store_path, tmp_path,
                                                                      monkeypatch):
    started, release = tmp_path / "started", tmp_path / "release"
    holder = run_child(
        store_path,
        f"refresh_sources(store, [FakeSource(scale=2.0, started_flag=Path({str(started)!r}), "
        f"release_flag=Path({str(release)!r}))], make_ctx())",
        wait=False,
    )
    try:
        deadline = time.monotonic() + 60
        while not started.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert started.exists(), holder.stderr.read() if holder.poll() is not None else ""
        before = dump(store_path)
        fake = FakeSource(scale=9.0)
        monkeypatch.setattr(refresh_command, "create_adapter", lambda name, **_: fake)

        result = CliRunner().invoke(
            cli, ["--store", str(store_path), "refresh", "--source", "worldbank", "--wait", "0"]
        )

        assert result.exit_code == 2, result.output
        assert f"another refresh is writing to {store_path}" in result.output
        assert f"pid {holder.pid}" in result.output
        assert fake.calls == 0 and dump(store_path) == before
    finally:
        release.write_text("go")
        assert holder.wait(timeout=120) == 0, holder.stderr.read()
    assert [e[1] for e in api_log(store_path)] == ["ok"]
    assert integrity(store_path) == "ok"


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param(b"my thesis notes, definitely not a database\n" * 50, id="text"),
        pytest.param(b"SQLite format 3\x00" + b"\x00\xff" * 300, id="damaged-sqlite"),
    ],
)
@pytest.mark.parametrize("command", [["refresh", "--offline"], ["status"], ["refresh"]])
def test_a_store_file_that_is_not_sqlite_is_refused_and_untouched(tmp_path, payload, command,
                                                                   monkeypatch):
    monkeypatch.setattr(refresh_command, "create_adapter",
                        lambda name, **_: pytest.fail("no source may run"))
    path = tmp_path / "notes.sqlite"
    path.write_bytes(payload)

    result = CliRunner().invoke(cli, ["--store", str(path), *command])

    assert result.exit_code == 2, result.output
    assert str(path) in result.output and "Traceback" not in result.output
    assert "not an SQLite database" in result.output or "cannot be used" in result.output
    assert path.read_bytes() == payload
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.sqlite"]
