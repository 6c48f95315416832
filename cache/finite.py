"""The store holds finite numbers only: schema migration 5 and the CHECK constraint it adds.

Every adapter, bulk file and the reference importer reject ``inf``, ``nan`` and overflowing cells
(``1e400``) as rows with a reason; the store is the last guard, for both the adapters' batches
and the bulk-file stream: the value column carries ``CHECK (value BETWEEN -DBL_MAX AND
DBL_MAX)``, which ±infinity fails, and NaN (which SQLite stores as NULL) fails ``NOT NULL``.

SQLite cannot add a constraint to an existing table, so migration 5 rebuilds
``observation_values`` the way SQLite documents for any such change (create the new table, copy,
drop, rename, recreate its indexes and the ``observations`` view), in the migration's one
transaction: a failed or killed upgrade leaves the store at schema 4, untouched.

A store written before this (schema 4) may already hold ±infinity, e.g. a bulk cell ``1e400``.
Such a value is no statistic; it cannot be kept where the CHECK stands, and deleting it without
trace would lose what the file said. So the migration *moves* each such row, every column kept,
to the table ``quarantined_values`` with the reason; recomputes for those quantities which
vintage is current (an older finite vintage becomes current again, else the quantity has no
value), and the counts; and logs one ``migration`` entry per affected source in the refresh log
saying how many values were moved and where, which ``status`` shows.
"""

from __future__ import annotations

import sqlite3

from cache.errors import FINITE_CONSTRAINT as CONSTRAINT
from cache.provenance import VALUES_TABLE, drop_orphaned
from cache.writes import _recompute_current, refresh_series_stats
from indicators.models import iso, utc_now

DBL_MAX = "1.7976931348623157e308"
FINITE = f"value BETWEEN -{DBL_MAX} AND {DBL_MAX}"
QUARANTINE_TABLE = "quarantined_values"
REASON = "not a finite number (±infinity), which no statistic is; moved by schema migration 5"

_COLUMNS = ("id, source, series, economy, counterpart, year, period, value, refresh_id, "
            "provenance_id, is_current")
_NEW_VALUES_TABLE = f"""
CREATE TABLE {VALUES_TABLE}_new (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    series TEXT NOT NULL,
    economy TEXT NOT NULL,
    counterpart TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL CONSTRAINT {CONSTRAINT} CHECK ({FINITE}),
    refresh_id INTEGER NOT NULL REFERENCES refreshes(id),
    provenance_id INTEGER NOT NULL REFERENCES provenance(id),
    is_current INTEGER NOT NULL DEFAULT 0
)"""
_QUARANTINE_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS {QUARANTINE_TABLE} (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, dataset TEXT NOT NULL, series TEXT NOT NULL,
    economy TEXT NOT NULL, counterpart TEXT NOT NULL, year INTEGER NOT NULL,
    period TEXT NOT NULL, value REAL, unit TEXT NOT NULL, publisher_updated TEXT NOT NULL,
    vintage_date TEXT, retrieved_at TEXT NOT NULL, origin TEXT NOT NULL, note TEXT NOT NULL,
    refresh_id INTEGER NOT NULL, is_current INTEGER NOT NULL,
    reason TEXT NOT NULL, moved_at TEXT NOT NULL
)"""


def migration_5(conn: sqlite3.Connection) -> None:
    """Schema 5: the CHECK constraint; stored non-finite rows moved aside (see the module)."""
    now = iso(utc_now())
    conn.execute(_QUARANTINE_SCHEMA)
    conn.execute(
        f"INSERT INTO {QUARANTINE_TABLE} SELECT *, ?, ? FROM observations WHERE NOT ({FINITE})",
        (REASON, now))
    moved = conn.execute(
        f"SELECT source, series, economy, refresh_id FROM {QUARANTINE_TABLE} WHERE moved_at=?",
        (now,)).fetchall()
    # The table's indexes and the view over it, as this store has them, to recreate after.
    recreate = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND ((type='index' AND tbl_name=?)"
        " OR (type='view' AND name='observations')) ORDER BY type='view'", (VALUES_TABLE,))]
    conn.execute(_NEW_VALUES_TABLE)
    conn.execute(f"INSERT INTO {VALUES_TABLE}_new ({_COLUMNS}) SELECT {_COLUMNS} "
                 f"FROM {VALUES_TABLE} WHERE {FINITE}")
    conn.execute("DROP VIEW observations")
    conn.execute(f"DROP TABLE {VALUES_TABLE}")
    conn.execute(f"ALTER TABLE {VALUES_TABLE}_new RENAME TO {VALUES_TABLE}")
    for sql in recreate:
        conn.execute(sql)
    _after_moving(conn, moved, now)
    conn.execute("UPDATE meta SET value='5' WHERE key='schema_version'")


def _after_moving(conn: sqlite3.Connection, moved: list[tuple], now: str) -> None:
    """Current vintages, counts, orphaned provenance and the log, for what was moved."""
    for source, series in sorted({(m[0], m[1]) for m in moved}):
        _recompute_current(conn, source, series)
        refresh_series_stats(conn, source, series)
    for source, economy in sorted({(m[0], m[2]) for m in moved}):
        conn.execute("DELETE FROM economy_stats WHERE source=? AND economy=?", (source, economy))
        conn.execute("INSERT INTO economy_stats SELECT source, economy, count(*) FROM "
                     f"{VALUES_TABLE} WHERE source=? AND economy=? GROUP BY source, economy",
                     (source, economy))
    for source in sorted({m[0] for m in moved}):
        drop_orphaned(conn, source, sorted({m[3] for m in moved if m[0] == source}))
        count = sum(1 for m in moved if m[0] == source)
        conn.execute(
            "INSERT INTO refreshes(source, kind, started_at, finished_at, status, rows, detail) "
            "VALUES (?, 'migration', ?, ?, 'ok', 0, ?)",
            (source, now, now,
             f"schema 5: {count} stored values that were not finite numbers (±infinity) were "
             f"moved to the table {QUARANTINE_TABLE} with every column; they are no longer "
             "shown or compared, and an older finite vintage, where one exists, is current"))
