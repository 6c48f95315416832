"""The store refuses what is not its own, and upgrades its own older schema in place.

* An SQLite file of another application, and a Claimcheck store of a newer schema, are refused
  by every command (exit 2) and stay byte for byte as they were, with no file added beside them.
* A store of schema 1 (written before ``PRAGMA user_version`` was used) is upgraded by the
  ordered migrations, with every row kept; reading commands read it without writing.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

import indicators.commands.refresh as refresh_command
from cache import schema
from cache.bundle import snapshot_observations
from cache.store import MIGRATIONS, SCHEMA_VERSION, Store, StoreError
from indicators.cli import cli

COMMANDS = [
    ["status"],
    ["check"],
    ["check", "--format", "json"],
    ["export", "--format", "csv"],
    ["refresh", "--offline"],
    ["refresh"],
    ["dashboard", "--port", "0"],
]

# Schema 1 exactly as released (before user_version and application_id were set).
SCHEMA_1 = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE refreshes (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, kind TEXT NOT NULL,
    started_at TEXT NOT NULL, finished_at TEXT, status TEXT NOT NULL DEFAULT 'running',
    rows INTEGER, rows_new INTEGER, rows_changed INTEGER, rows_unchanged INTEGER,
    error TEXT, publisher_updated TEXT, detail TEXT
);
CREATE TABLE observations (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, dataset TEXT NOT NULL, series TEXT NOT NULL,
    economy TEXT NOT NULL, counterpart TEXT NOT NULL DEFAULT '', year INTEGER NOT NULL,
    period TEXT NOT NULL DEFAULT '', value REAL NOT NULL, unit TEXT NOT NULL DEFAULT '',
    publisher_updated TEXT NOT NULL DEFAULT '', vintage_date TEXT, retrieved_at TEXT NOT NULL,
    origin TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',
    refresh_id INTEGER NOT NULL REFERENCES refreshes(id), is_current INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX obs_current ON observations (series, economy, counterpart, is_current);
CREATE INDEX obs_source ON observations (source, refresh_id);
CREATE INDEX obs_economy ON observations (economy);
CREATE INDEX obs_counterpart ON observations (counterpart);
CREATE TABLE series (
    source TEXT NOT NULL, series TEXT NOT NULL, dataset TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL, unit TEXT NOT NULL DEFAULT '', definition TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, series)
);
CREATE TABLE fetches (
    id INTEGER PRIMARY KEY, refresh_id INTEGER NOT NULL REFERENCES refreshes(id),
    source TEXT NOT NULL, url TEXT NOT NULL, accessed_at TEXT NOT NULL,
    publisher_updated TEXT NOT NULL DEFAULT '', licence TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
INSERT INTO meta(key, value) VALUES ('schema_version', '1');
"""


@pytest.fixture(autouse=True)
def _no_network_source(monkeypatch):
    monkeypatch.setattr(refresh_command, "create_adapter",
                        lambda name, **_: pytest.fail("no source may run"))


def run(path: Path, command: list[str]):
    return CliRunner().invoke(cli, ["--store", str(path), *command])


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def foreign_database(path: Path) -> bytes:
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE recipes (name TEXT, minutes INTEGER)")
    con.executemany("INSERT INTO recipes VALUES (?, ?)",
                    [(f"recipe {i}", i) for i in range(100)])
    con.commit()
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_foreign_sqlite_file_is_refused_by_every_command_and_left_untouched(tmp_path, command):
    path = tmp_path / "recipes.sqlite"
    before = foreign_database(path)

    result = run(path, command)

    assert result.exit_code == 2, result.output
    assert f"{path} is an SQLite database but not a Claimcheck store" in result.output
    assert "tables recipes" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["recipes.sqlite"]


def newer_store(path: Path) -> bytes:
    Store.open(path).close()
    con = sqlite3.connect(path)
    con.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    con.execute("PRAGMA journal_mode=DELETE")  # one file, so "untouched" is one comparison
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_a_store_of_a_newer_schema_is_refused_and_left_untouched(tmp_path, command):
    path = tmp_path / "newer.sqlite"
    before = newer_store(path)

    result = run(path, command)

    assert result.exit_code == 2, result.output
    assert (f"{path} is a Claimcheck store of schema version {SCHEMA_VERSION + 1}, newer than "
            f"this Claimcheck understands (up to {SCHEMA_VERSION})") in result.output
    assert "Traceback" not in result.output
    assert path.read_bytes() == before
    assert files_in(tmp_path) == ["newer.sqlite"]


def test_the_read_only_opening_refuses_the_same_files(tmp_path):
    foreign, newer = tmp_path / "f.sqlite", tmp_path / "n.sqlite"
    foreign_database(foreign)
    newer_store(newer)
    for path, words in ((foreign, "not a Claimcheck store"), (newer, "newer than")):
        with pytest.raises(StoreError, match=words):
            Store.open(path, read_only=True)


def schema_1_store(path: Path) -> list[tuple]:
    """A store as schema 1 wrote it, holding the snapshot's observations of one source."""
    everything = snapshot_observations()
    observations = [o for o in everything if o.source == everything[0].source]
    con = sqlite3.connect(path)
    con.executescript(SCHEMA_1)
    con.execute("INSERT INTO refreshes(id, source, kind, started_at, finished_at, status, rows) "
                "VALUES (1, ?, 'snapshot', ?, ?, 'ok', ?)",
                (observations[0].source, observations[0].retrieved_at,
                 observations[0].retrieved_at, len(observations)))
    con.executemany(
        "INSERT INTO observations(source, dataset, series, economy, counterpart, year, period, "
        "value, unit, publisher_updated, retrieved_at, origin, note, refresh_id, is_current) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, 1)",
        [(o.source, o.dataset, o.series, o.economy, o.counterpart, o.year, o.period, o.value,
          o.unit, o.publisher_updated, o.retrieved_at, o.origin, o.note) for o in observations],
    )
    con.commit()
    con.close()
    return dump(path)


def dump(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT id, source, series, economy, year, value, origin "
                           "FROM observations ORDER BY id").fetchall()
    finally:
        con.close()


def pragmas(path: Path) -> tuple[int, int, str]:
    con = sqlite3.connect(path)
    try:
        return (con.execute("PRAGMA user_version").fetchone()[0],
                con.execute("PRAGMA application_id").fetchone()[0],
                con.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()[0])
    finally:
        con.close()


def test_a_schema_1_store_is_upgraded_with_every_row_kept(tmp_path):
    path = tmp_path / "old.sqlite"
    rows = schema_1_store(path)
    assert pragmas(path) == (0, 0, "1")

    with Store.open(path) as store:
        assert len(store.observations(current_only=False)) == len(rows)
        # migration 3 counted the old rows once: status reads the same totals as the rows
        summary = {s["source"]: s["rows"] for s in store.summary()}
    by_source: dict[str, int] = {}
    for row in rows:
        by_source[row[1]] = by_source.get(row[1], 0) + 1
    assert summary == by_source

    assert pragmas(path) == (SCHEMA_VERSION, schema.APPLICATION_ID, str(SCHEMA_VERSION))
    assert dump(path) == rows
    # and it is a normal store from then on: a refresh can write to it
    result = run(path, ["refresh", "--offline"])
    assert result.exit_code == 0, result.output
    # the snapshot's rows of that source are written anew (new ids, same values and origins)
    reloaded = [r[1:] for r in dump(path) if r[1] == rows[0][1]]
    assert sorted(reloaded) == sorted(r[1:] for r in rows)


def test_reading_commands_read_a_schema_1_store_without_upgrading_it(tmp_path):
    path = tmp_path / "old.sqlite"
    schema_1_store(path)
    before = path.read_bytes()
    for command in (["status"], ["export", "--format", "csv", "--claims",
                                 str(Path(__file__).parent / "data" / "poland_2024.toml")]):
        result = run(path, command)
        assert result.exit_code == 0, result.output
    assert path.read_bytes() == before


def test_migrations_are_one_ordered_list_ending_at_the_schema_version():
    versions = [v for v, _ in MIGRATIONS]
    assert versions == list(range(1, len(versions) + 1))
    assert versions[-1] == SCHEMA_VERSION


def test_an_empty_sqlite_file_becomes_a_store(tmp_path):
    # An SQLite file with no tables holds nothing that could be lost.
    path = tmp_path / "empty.sqlite"
    sqlite3.connect(path).execute("VACUUM").connection.close()
    result = run(path, ["check", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert pragmas(path)[:2] == (SCHEMA_VERSION, schema.APPLICATION_ID)


def schema_3_store(path: Path) -> list[tuple]:
    """A store as schema 3 wrote it (one wide row per value), with varied provenance: two
    vintages, rows with and without a vintage date, current and superseded rows."""
    schema_1_store(path)
    con = sqlite3.connect(path)
    schema.migrate(con, 1, [m for m in MIGRATIONS if m[0] <= 3])
    with con:
        con.execute("UPDATE observations SET vintage_date=substr(retrieved_at, 1, 10), "
                    "origin=origin || ' (vintage b)', is_current=0 WHERE id % 3 = 0")
    con.close()
    return full_dump(path)


def full_dump(path: Path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM observations ORDER BY id").fetchall()
    finally:
        con.close()


def test_a_schema_3_store_is_upgraded_to_narrow_rows_with_every_value_and_provenance_kept(
        tmp_path):
    path = tmp_path / "v3.sqlite"
    rows = schema_3_store(path)
    assert pragmas(path)[0] == 3
    assert {r[11] is None for r in rows} == {True, False}  # with and without a vintage date

    with Store.open(path) as store:
        stored = store.observations(current_only=False)
        current = store.observations()
    assert pragmas(path) == (SCHEMA_VERSION, schema.APPLICATION_ID, str(SCHEMA_VERSION))
    # every column of every row, ids and is_current included, reads as it did
    assert full_dump(path) == rows
    assert len(stored) == len(rows)
    assert {(o.series, o.economy, o.year, o.value, o.origin, o.publisher_updated,
             o.retrieved_at) for o in stored} == {
        (r[3], r[4], r[6], r[8], r[13], r[10], r[12]) for r in rows}
    assert len(current) == sum(r[16] for r in rows)
    con = sqlite3.connect(path)
    (provenance_rows,) = con.execute("SELECT count(*) FROM provenance").fetchone()
    con.close()
    assert provenance_rows < len(rows) / 2  # shared, not one per value
    # and it is a normal store from then on: the snapshot's rows replace the altered ones
    result = run(path, ["refresh", "--offline"])
    assert result.exit_code == 0, result.output
    assert not any(r[6].endswith("(vintage b)") for r in dump(path))
