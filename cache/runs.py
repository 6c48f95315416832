"""Runs: what a series' values for one economy share is stored once, and indexed once.

Every write inserts a series' values for one economy together (a bulk file's row, a snapshot
group, an API page), so they get consecutive ids. Since schema 8 each such run is one row of
``value_runs``: its first and last id and what all its rows share (source, series, economy,
counterpart, refresh). A value row keeps only what differs per value (year, period, value,
is_current) and its provenance. The two per-value indexes schema 1 had, (series, economy,
counterpart, is_current) and (source, refresh_id), index runs instead ((series, economy,
counterpart) and (refresh_id): no index leads with the source, so a query naming a series is
never planned as a walk through all of a source's runs): a full-WDI import
(15.5 M values) writes ≈400,000 index entries, not 31 million. Measured per 3.1 M values: the
two index builds had cost 2.3 s CPU, more than parsing the file (1.7 s); rows without the shared
columns take 1.1 s to insert instead of 1.6 s, and 69 MB instead of 165 MB.

A row is found through its run: ``value_runs`` by its index, then the rows by id range (the
table's own B-tree). The view ``observations`` is that join, so every reader and any SQL a user
runs sees the released columns as before.

The invariant the writes keep (`cache.writes`): each value row lies in exactly one run, and
shares its source, series, economy, counterpart and refresh. A run may have holes (rows
deleted later); a run left with no rows is deleted with them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

from cache.errors import FINITE_CONSTRAINT
from cache.provenance import FINITE, VALUES_TABLE

RUNS_TABLE = "value_runs"

# Schema 8's value rows; the CHECK is schema 5's (`cache.finite`), under the same name.
NARROW_SCHEMA = f"""
CREATE TABLE {{table}} (
    id INTEGER PRIMARY KEY,
    year INTEGER NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL CONSTRAINT {FINITE_CONSTRAINT} CHECK ({FINITE}),
    provenance_id INTEGER NOT NULL REFERENCES provenance(id),
    is_current INTEGER NOT NULL DEFAULT 0
)"""

RUNS_SCHEMA = f"""
CREATE TABLE {RUNS_TABLE} (
    first_id INTEGER PRIMARY KEY,
    last_id INTEGER NOT NULL,
    source TEXT NOT NULL,
    series TEXT NOT NULL,
    economy TEXT NOT NULL,
    counterpart TEXT NOT NULL DEFAULT '',
    refresh_id INTEGER NOT NULL
);
CREATE INDEX runs_key ON {RUNS_TABLE} (series, economy, counterpart);
CREATE INDEX runs_refresh ON {RUNS_TABLE} (refresh_id);
CREATE INDEX runs_counterpart ON {RUNS_TABLE} (counterpart) WHERE counterpart != '';
"""

# CROSS JOIN: SQLite keeps the tables in this order (runs, their rows, the rows' provenance),
# so a filter on series, economy or source is an index lookup in the runs and the value rows
# are read by id range; left free, its planner may scan the provenance first and build a
# temporary index over every value row per query.
VIEW_SQL = f"""
CREATE VIEW observations AS
    SELECT v.id, r.source, p.dataset, r.series, r.economy, r.counterpart, v.year, v.period,
           v.value, p.unit, p.publisher_updated, p.vintage_date, p.retrieved_at, p.origin,
           p.note, r.refresh_id, v.is_current
    FROM {RUNS_TABLE} AS r CROSS JOIN {VALUES_TABLE} AS v ON v.id BETWEEN r.first_id AND r.last_id
    CROSS JOIN provenance AS p ON p.id = v.provenance_id
"""

# Rows through their runs, for a WHERE clause on r (the run) and v (the value row).
JOINED = (f"{RUNS_TABLE} AS r CROSS JOIN {VALUES_TABLE} AS v "
          "ON v.id BETWEEN r.first_id AND r.last_id")

NARROW_COLUMNS = "id, year, period, value, provenance_id, is_current"
# A run's key: (source, series, economy, counterpart, refresh_id)
RunKey = tuple[str, str, str, str, int]


def migration_8(conn: sqlite3.Connection) -> None:
    """Schema 8: the runs of the stored rows, then the value rows without what runs hold.

    Rows stored before were not necessarily written run by run; the runs found here are the
    longest stretches of consecutive ids sharing one key ("gaps and islands": within one key,
    id minus its rank is constant along a stretch), so every row lies in exactly one. Ids,
    values and is_current marks are kept as they are."""
    for statement in RUNS_SCHEMA.split(";"):
        if statement.strip():
            conn.execute(statement)
    conn.execute(f"""
        INSERT INTO {RUNS_TABLE}(first_id, last_id, source, series, economy, counterpart,
                                 refresh_id)
        SELECT min(id), max(id), source, series, economy, counterpart, refresh_id FROM (
            SELECT id, source, series, economy, counterpart, refresh_id,
                   id - ROW_NUMBER() OVER (PARTITION BY source, series, economy, counterpart,
                                           refresh_id ORDER BY id) AS island
            FROM {VALUES_TABLE})
        GROUP BY source, series, economy, counterpart, refresh_id, island""")
    conn.execute("DROP VIEW IF EXISTS observations")
    conn.execute(NARROW_SCHEMA.format(table=f"{VALUES_TABLE}_narrow"))
    conn.execute(f"INSERT INTO {VALUES_TABLE}_narrow SELECT {NARROW_COLUMNS} FROM {VALUES_TABLE} "
                 "ORDER BY id")
    conn.execute(f"DROP TABLE {VALUES_TABLE}")  # its indexes with it
    conn.execute(f"ALTER TABLE {VALUES_TABLE}_narrow RENAME TO {VALUES_TABLE}")
    conn.execute(VIEW_SQL)
    conn.execute("UPDATE meta SET value='8' WHERE key='schema_version'")


def runs_of(ids_and_keys: Iterable[tuple[int, RunKey]]) -> list[tuple]:
    """(first_id, last_id, *key) rows for value rows given as (id, key) in id order: a new run
    wherever the key changes or an id is skipped."""
    out: list[list] = []
    last_key: RunKey | None = None
    last_id = 0
    for row_id, key in ids_and_keys:
        if key == last_key and row_id == last_id + 1:
            out[-1][1] = row_id
        else:
            out.append([row_id, row_id, *key])
            last_key = key
        last_id = row_id
    return [tuple(r) for r in out]


def add_runs(conn: sqlite3.Connection, runs: Sequence[tuple]) -> None:
    """Insert (first_id, last_id, source, series, economy, counterpart, refresh_id) rows."""
    conn.executemany(
        f"INSERT INTO {RUNS_TABLE}(first_id, last_id, source, series, economy, counterpart, "
        "refresh_id) VALUES (?, ?, ?, ?, ?, ?, ?)", runs)


def drop_empty_runs(conn: sqlite3.Connection, where: str, args: Sequence) -> None:
    """Delete the runs matching ``where`` (on the runs' columns, as ``r.``) that hold no row
    any more."""
    conn.execute(
        f"DELETE FROM {RUNS_TABLE} AS r WHERE {where} AND NOT EXISTS (SELECT 1 FROM "
        f"{VALUES_TABLE} AS v WHERE v.id BETWEEN r.first_id AND r.last_id)", args)


def next_id(conn: sqlite3.Connection) -> int:
    """The id the next inserted value row gets (SQLite's own choice: the largest plus one)."""
    (top,) = conn.execute(f"SELECT max(id) FROM {VALUES_TABLE}").fetchone()
    return (top or 0) + 1
