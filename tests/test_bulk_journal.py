"""A bulk import that outgrows the store goes through a rollback journal, all or nothing.

Each page of such an import is written once (not into the WAL and again into the store), when
no other connection has the store open; with one open it goes through the WAL as before. A
process killed mid-import (SIGKILL: no Python cleanup runs) leaves a hot journal, and every
command — reading ones included — then sees the store exactly as it was before the import.
Files are written in the real WDICSV.csv layout with values from the bundled snapshot.
"""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from bulk_helpers import WDI_SERIES, dump, query, snapshot_table, wdi_lines
from click.testing import CliRunner

import indicators.bulk_import as bulk_import
from cache.store import Store
from indicators.cli import cli

TESTS_DIR = Path(__file__).resolve().parent
REPO_DIR = TESTS_DIR.parent


def write_wdicsv(path: Path) -> Path:
    path.write_text("\n".join(wdi_lines([snapshot_table(c) for c in WDI_SERIES])) + "\n",
                    encoding="utf-8-sig")
    return path


def journal_mode(path: Path) -> str:
    return query(path, "PRAGMA journal_mode")[0][0]


@pytest.fixture
def large(monkeypatch):
    """Every file counts as outgrowing the store (the real files here are small)."""
    monkeypatch.setattr(bulk_import, "STORE_BYTES_PER_FILE_BYTE", 10**9)


def test_a_large_import_writes_through_a_rollback_journal_then_returns_to_wal(
        store_path, tmp_path, large):
    path = write_wdicsv(tmp_path / "WDICSV.csv")
    seen = {}

    with Store.open(store_path) as store:
        def look():
            seen["mode"] = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
            seen["wal"] = Path(f"{store_path}-wal").exists()
            seen["journal"] = Path(f"{store_path}-journal").exists()
        outcome = bulk_import.import_bulk_file(store, path, before_commit=look).outcome

    assert seen == {"mode": "delete", "wal": False, "journal": True}
    assert outcome.ok and outcome.counts.total == outcome.rows > 0
    assert journal_mode(store_path) == "wal"
    assert query(store_path, "PRAGMA integrity_check") == [("ok",)]
    assert query(store_path, "SELECT count(*) FROM observations WHERE origin LIKE "
                             "'%WDICSV.csv'") == [(outcome.rows,)]


def test_with_another_connection_open_the_import_goes_through_the_wal(
        store_path, tmp_path, large):
    path = write_wdicsv(tmp_path / "WDICSV.csv")
    reader = sqlite3.connect(f"{store_path.resolve().as_uri()}?mode=ro", uri=True)
    reader.execute("SELECT count(*) FROM observations").fetchone()  # e.g. a dashboard
    seen = {}
    try:
        with Store.open(store_path) as store:
            def look():
                seen["mode"] = store._conn.execute("PRAGMA journal_mode").fetchone()[0]
            outcome = bulk_import.import_bulk_file(store, path, before_commit=look).outcome
        # the reader kept reading all along, and now sees the import
        (n,) = reader.execute("SELECT count(*) FROM observations WHERE origin LIKE "
                              "'%WDICSV.csv'").fetchone()
    finally:
        reader.close()
    assert seen == {"mode": "wal"}
    assert outcome.ok and n == outcome.rows


CHILD = """
import os, signal, sys
sys.path.insert(0, {tests!r})
import cache.store
import indicators.bulk_import as bulk_import
from indicators.sources import wb_bulk
from cache.store import Store
bulk_import.STORE_BYTES_PER_FILE_BYTE = 10**9
cache.store.STREAM_CACHE_KIB = -16  # a tiny page cache: pages reach the store file early
real_groups = wb_bulk.BulkReader.groups

def groups(self, per_chunk=1):
    for n, chunk in enumerate(real_groups(self, 1)):
        if n == {kill_at}:
            os.kill(os.getpid(), signal.SIGKILL)
        yield chunk

wb_bulk.BulkReader.groups = groups
store = Store.open({store!r})
bulk_import.import_bulk_file(store, {file!r}, before_commit={before_commit})
"""


@pytest.mark.parametrize("kill_at, before_commit", [
    (20, "None"),  # mid-insert, pages already written into the store file
    (10**9, "lambda: os.kill(os.getpid(), signal.SIGKILL)"),  # every row written, no COMMIT
], ids=["mid-insert", "before-commit"])
def test_a_large_import_killed_midway_leaves_the_store_as_it_was(store_path, tmp_path,
                                                                  kill_at, before_commit):
    path = write_wdicsv(tmp_path / "WDICSV.csv")
    before = dump(store_path)
    status_before = CliRunner().invoke(cli, ["--store", str(store_path), "status"],
                                       env={"COLUMNS": "250"}).output

    script = textwrap.dedent(CHILD).format(tests=str(TESTS_DIR), store=str(store_path),
                                           file=str(path), kill_at=kill_at,
                                           before_commit=before_commit)
    child = subprocess.run([sys.executable, "-c", script], cwd=REPO_DIR, capture_output=True,
                           text=True, timeout=120)

    assert child.returncode == -signal.SIGKILL, child.stderr
    assert Path(f"{store_path}-journal").stat().st_size > 0  # a hot journal was left
    # A reading command first: it must not read the half-written pages.
    status = CliRunner().invoke(cli, ["--store", str(store_path), "status"],
                                env={"COLUMNS": "250"})
    assert status.exit_code == 0, status.output
    assert status.output.split("Refresh log")[0] == status_before.split("Refresh log")[0]
    assert not Path(f"{store_path}-journal").exists()
    assert dump(store_path) == before
    assert query(store_path, "PRAGMA integrity_check") == [("ok",)]
    # and the next import works and finds the dead one
    again = CliRunner().invoke(cli, ["--store", str(store_path), "refresh", "--from-file",
                                     str(path)], env={"COLUMNS": "250"})
    assert again.exit_code == 0, again.output
    with Store.open(store_path) as store:
        log = [r for r in store.refreshes("worldbank") if r.kind == "file"]
    assert [r.status for r in log] == ["failed", "ok"] and "interrupted" in log[0].error


def test_where_the_journal_cannot_be_rolled_back_a_reader_refuses_rather_than_misread(
        store_path, tmp_path, monkeypatch):
    from cache import schema
    from cache.errors import StoreError

    path = write_wdicsv(tmp_path / "WDICSV.csv")
    script = textwrap.dedent(CHILD).format(tests=str(TESTS_DIR), store=str(store_path),
                                           file=str(path), kill_at=20, before_commit="None")
    child = subprocess.run([sys.executable, "-c", script], cwd=REPO_DIR, capture_output=True,
                           text=True, timeout=120)
    assert child.returncode == -signal.SIGKILL, child.stderr
    journal = Path(f"{store_path}-journal")
    saved = (store_path.read_bytes(), journal.read_bytes())

    def no_write_access(path):  # as on a read-only file system
        raise schema._half_written(path)

    monkeypatch.setattr(schema, "_roll_back", no_write_access)
    status = CliRunner().invoke(cli, ["--store", str(store_path), "status"])

    assert status.exit_code == 2
    assert status.output.strip().splitlines() == [
        f"Error: {store_path} was left half-written by an interrupted write; its rollback "
        f"journal {store_path.name}-journal restores it, which needs write access once: run "
        "`claimcheck refresh --offline` where the store is writable, then read it anywhere."]
    assert (store_path.read_bytes(), journal.read_bytes()) == saved
    with pytest.raises(StoreError, match="half-written"):
        schema.connect_read_only(store_path)


def test_a_reader_that_comes_during_a_large_import_is_told_the_store_is_busy(store_path):
    # what a rollback-journal import holds once its pages reach the store: an exclusive lock
    writer = sqlite3.connect(store_path, isolation_level=None)
    assert writer.execute("PRAGMA journal_mode=DELETE").fetchone()[0] == "delete"
    writer.execute("BEGIN EXCLUSIVE")
    try:
        status = CliRunner().invoke(cli, ["--store", str(store_path), "status"])
    finally:
        writer.execute("ROLLBACK")
        writer.execute("PRAGMA journal_mode=WAL")
        writer.close()
    assert status.exit_code == 2
    lines = status.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: the store {store_path} is busy: "
                                                   "another process is writing it"), lines
    assert "Traceback" not in status.output
