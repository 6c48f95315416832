"""The store holds finite numbers only: schema migration 5 and the CHECK constraint it adds.

Every adapter, bulk file and the reference importer reject ``inf``, ``nan`` and overflowing cells
(``1e400``) as rows with a reason; the store is the last guard, for both the adapters' batches
and the bulk-file stream: the value column carries ``CHECK (value BETWEEN -DBL_MAX AND
DBL_MAX)``, which ±infinity fails, and NaN (which SQLite stores as NULL) fails ``NOT NULL``.

SQLite has no ALTER TABLE for adding a constraint. A CHECK changes nothing in the file's pages, so
once the rows that would fail it are gone, migration 5 writes the constraint into the table's
definition in ``sqlite_schema`` (SQLite's documented "simpler procedure" for schema changes that
do not touch stored content: ``writable_schema``, then ``schema_version`` + 1). Measured on a
store of 15.6 M values (1.7 GB, this project's 2-core machine): the general rebuild (new table,
copy, drop, rename, indexes and view again) took 176 s and grew the file to 2.6 GB; the in-place
change took 14.6 s (the one scan that finds non-finite values), the file unchanged in size.
Where SQLite refuses the schema edit (a build in "defensive" mode) or the definition is not the
one schema 4 wrote, the migration falls back to that rebuild. Either way it is one transaction:
a failed or killed upgrade leaves the store at schema 4, untouched.

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
from cache.provenance import FINITE, VALUES_SCHEMA, VALUES_TABLE, drop_orphaned
from cache.writes import _recompute_current, refresh_series_stats
from indicators.models import iso, utc_now

QUARANTINE_TABLE = "quarantined_values"
REASON = "not a finite number (±infinity), which no statistic is; moved by schema migration 5"

_COLUMNS = ("id, source, series, economy, counterpart, year, period, value, refresh_id, "
            "provenance_id, is_current")
_COLUMN = "value REAL NOT NULL,"  # as schema 4 declared it (`cache.provenance.VALUES_SCHEMA`)


def with_check(table_sql: str) -> str:
    """A CREATE TABLE statement of the value rows with the CHECK on its value column."""
    return table_sql.replace(_COLUMN, f"value REAL NOT NULL CONSTRAINT {CONSTRAINT} CHECK "
                                      f"({FINITE}),")


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
    # One scan of the narrow value rows; only the rows found are joined with their provenance.
    conn.execute(
        f"INSERT INTO {QUARANTINE_TABLE} SELECT *, ?, ? FROM observations WHERE id IN "
        f"(SELECT id FROM {VALUES_TABLE} WHERE NOT ({FINITE}))", (REASON, now))
    moved = conn.execute(
        f"SELECT source, series, economy, refresh_id FROM {QUARANTINE_TABLE} WHERE moved_at=?",
        (now,)).fetchall()
    if moved:
        conn.execute(f"DELETE FROM {VALUES_TABLE} WHERE NOT ({FINITE})")
    if not add_check_in_place(conn):
        rebuild_with_check(conn)
    _after_moving(conn, moved, now)
    conn.execute("UPDATE meta SET value='5' WHERE key='schema_version'")



def add_check_in_place(conn: sqlite3.Connection) -> bool:
    """Write the CHECK into the table's definition; False where that cannot be done (then
    nothing was changed). Every stored row already satisfies it (the others were moved)."""
    (sql,) = conn.execute("SELECT sql FROM sqlite_master WHERE type='table' AND name=?",
                          (VALUES_TABLE,)).fetchone()
    if sql.count(_COLUMN) != 1:
        return False
    new = with_check(sql)
    (version,) = conn.execute("PRAGMA schema_version").fetchone()
    try:
        conn.execute("PRAGMA writable_schema=ON")
        conn.execute("UPDATE sqlite_master SET sql=? WHERE type='table' AND name=?",
                     (new, VALUES_TABLE))
        conn.execute(f"PRAGMA schema_version={version + 1}")
    except sqlite3.DatabaseError:  # e.g. SQLITE_DBCONFIG_DEFENSIVE: sqlite_master is read-only
        return False
    finally:
        conn.execute("PRAGMA writable_schema=OFF")
    return True


def rebuild_with_check(conn: sqlite3.Connection) -> None:
    """SQLite's general procedure: a new table with the CHECK, the rows copied, the old table
    dropped and the new one renamed; its indexes and the view over it made again as they were."""
    recreate = [r[0] for r in conn.execute(
        "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND ((type='index' AND tbl_name=?)"
        " OR (type='view' AND name='observations')) ORDER BY type='view'", (VALUES_TABLE,))]
    conn.execute(with_check(VALUES_SCHEMA).replace(f"TABLE {VALUES_TABLE} (",
                                                   f"TABLE {VALUES_TABLE}_new (", 1))
    conn.execute(f"INSERT INTO {VALUES_TABLE}_new ({_COLUMNS}) SELECT {_COLUMNS} "
                 f"FROM {VALUES_TABLE} WHERE {FINITE}")
    conn.execute("DROP VIEW observations")
    conn.execute(f"DROP TABLE {VALUES_TABLE}")
    conn.execute(f"ALTER TABLE {VALUES_TABLE}_new RENAME TO {VALUES_TABLE}")
    for sql in recreate:
        conn.execute(sql)


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
