"""A full disk: nothing lost, one line saying the disk is full, no traceback.

Each test runs twice: on a real size-limited tmpfs (root with mount rights, as in CI; skipped
elsewhere, a failure in CI) and with ENOSPC injected (runs everywhere); see `disk_faults`.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from disk_faults import make_disk
from refresh_fakes import FakeSource

import indicators.commands.refresh as refresh_command
from cache.bundle import open_store
from cache.store import ReplaceScope, Store, StoreFull
from indicators.cli import cli

FREE = 160 * 1024  # what is left on the disk: less than any batch below needs


@pytest.fixture(params=["tmpfs", "injected"])
def disk(request, tmp_path):
    d = make_disk(request.param, tmp_path)
    yield d
    d.close()


def run(store: Path, *args: str):
    return CliRunner().invoke(cli, ["--store", str(store), *args])


def dump(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM observations ORDER BY id").fetchall()
    finally:
        con.close()


def log(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(
            "SELECT source, kind, status, error FROM refreshes ORDER BY id").fetchall()
    finally:
        con.close()


def integrity(path: Path) -> str:
    con = sqlite3.connect(path)
    try:
        return con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()


def assert_one_line_disk_full(result, status: int = 1) -> None:
    assert result.exit_code == status, result.output
    assert "Traceback" not in result.output and "cannot rollback" not in result.output
    errors = [ln for ln in result.output.splitlines() if ln.startswith("Error:")]
    assert len(errors) == 1 and "the disk is full" in errors[0], result.output


def test_a_seed_that_fills_the_disk_leaves_no_store_and_works_once_there_is_room(disk):
    store = disk.folder / "store.sqlite"
    disk.fill(FREE)

    result = run(store, "check", "--format", "json")

    assert_one_line_disk_full(result)
    assert (f"Error: the disk is full: creating the store from the bundled snapshot at {store} "
            "failed; nothing was left behind.") in result.stderr
    assert not store.exists()  # no partial store that a later command could take for data
    # nothing at all: no temporary store, and no empty lock file either
    assert [p.name for p in disk.folder.iterdir() if p.name != "filler.bin"] == []
    status = run(store, "status")
    assert status.exit_code == 0 and "No store at" in status.output
    disk.free()
    again = run(store, "check", "--format", "json")
    assert again.exit_code == 0, again.output
    assert "Created a new store" in again.stderr
    assert all(r[2] == "ok" for r in log(store)) and integrity(store) == "ok"


def test_a_refresh_on_a_full_disk_keeps_every_row_and_logs_the_failure(disk, monkeypatch):
    store = disk.folder / "store.sqlite"
    open_store(store).close()
    before = dump(store)
    disk.fill(FREE)
    monkeypatch.setattr(refresh_command, "create_adapter",
                        lambda name, **_: FakeSource(name, scale=2.0, limit=None))

    result = run(store, "refresh", "--source", "worldbank")

    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "cannot rollback" not in result.output
    assert "the disk is full" in result.output
    assert dump(store) == before
    assert integrity(store) == "ok"
    entries = log(store)
    assert "running" not in [e[2] for e in entries]
    assert entries[-1][:3] == ("worldbank", "api", "failed") and "disk is full" in entries[-1][3]


def test_an_export_on_a_full_disk_leaves_the_existing_file_as_it_was(disk, tmp_path):
    store = tmp_path / "store.sqlite"
    open_store(store).close()
    out = disk.folder / "claims.csv"
    first = run(store, "export", "--format", "csv", "--output", str(out))
    assert first.exit_code == 0, first.output
    good = out.read_bytes()
    disk.fill(len(good) // 3)

    result = run(store, "export", "--format", "json", "--output", str(out))

    assert_one_line_disk_full(result)
    assert "the existing file is unchanged" in result.output
    assert out.read_bytes() == good
    assert sorted(p.name for p in disk.folder.iterdir()
                  if p.name != "filler.bin") == ["claims.csv"]


def test_write_batch_rolls_back_and_says_the_disk_is_full(tmp_path):
    path = tmp_path / "store.sqlite"
    open_store(path).close()
    before = dump(path)
    rows = FakeSource(scale=2.0, limit=None).observations()
    with Store.open(path) as store:
        pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
        store._conn.execute(f"PRAGMA max_page_count={pages + 2}")
        refresh_id = store.begin_refresh("worldbank", "api")
        with pytest.raises(StoreFull, match="the disk is full: writing worldbank's rows"):
            store.write_batch(refresh_id, ReplaceScope("worldbank", ("api",)), rows)
        assert not store._conn.in_transaction
        store.fail_refresh(refresh_id, "disk full")  # the connection is still usable
    assert dump(path) == before and integrity(path) == "ok"


def test_a_bulk_import_on_a_full_disk_keeps_every_row_and_logs_the_failure(disk, tmp_path):
    from bulk_helpers import bulk_lines, file_name, snapshot_table, write_bulk_csv

    store = disk.folder / "store.sqlite"
    open_store(store).close()
    before = dump(store)
    table = snapshot_table()
    bulk = write_bulk_csv(tmp_path / file_name(table),
                          bulk_lines(table, vintage="2099-01-01", scale=2.0))
    # room for SQLite's 32 kB -shm file and a log entry, not for the batch
    disk.fill(48 * 1024 if disk.kind == "tmpfs" else 4 * 1024)

    result = run(store, "refresh", "--from-file", str(bulk))

    assert_one_line_disk_full(result)
    assert dump(store) == before and integrity(store) == "ok"
    entries = log(store)
    assert "running" not in [e[2] for e in entries]
    assert entries[-1][1:3] == ("file", "failed") and "disk is full" in entries[-1][3]


@pytest.fixture
def tmpfs_disk(tmp_path):
    # Only a real file system shows this case: SQLite cannot even create its -shm file.
    d = make_disk("tmpfs", tmp_path)
    yield d
    d.close()


def test_a_disk_with_no_room_at_all_still_reads_and_refuses_writes_with_the_reason(tmpfs_disk):
    disk = tmpfs_disk
    store = disk.folder / "store.sqlite"
    open_store(store).close()
    before = dump(store)
    disk.fill(0)

    status = run(store, "status")
    check = run(store, "check", "--format", "json")
    write = run(store, "refresh", "--offline")

    assert status.exit_code == 0 and "worldbank" in status.output, status.output
    assert check.exit_code == 0, check.output
    assert_one_line_disk_full(write)
    disk.free()
    assert dump(store) == before and integrity(store) == "ok"
