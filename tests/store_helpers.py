"""Stores as earlier schemas wrote them, made from a current one (for the migration tests)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cache.finite import with_check
from cache.provenance import SCHEMA_4_INDEXES_AND_VIEW, VALUES_SCHEMA

# One row per value with every column, as schema 4 to 7 stored it, read from a schema-8 store
# (value runs, `cache.runs`); ``db`` is the attached database's name.
WIDE_COLUMNS = ("id, source, series, economy, counterpart, year, period, value, refresh_id, "
                "provenance_id, is_current")


def wide_rows_sql(db: str = "main") -> str:
    return (f"SELECT v.id, r.source, r.series, r.economy, r.counterpart, v.year, v.period, "
            f"v.value, r.refresh_id, v.provenance_id, v.is_current FROM {db}.value_runs AS r "
            f"CROSS JOIN {db}.observation_values AS v ON v.id BETWEEN r.first_id AND r.last_id")


def as_schema_7(path: Path) -> None:
    """Undo migration 8 on the store at ``path``: wide value rows again, no runs, version 7."""
    con = sqlite3.connect(path)
    try:
        with con:
            con.execute(with_check(VALUES_SCHEMA).replace(
                "TABLE observation_values (", "TABLE wide_values (", 1))
            con.execute(f"INSERT INTO wide_values ({WIDE_COLUMNS}) {wide_rows_sql()}")
            con.execute("DROP VIEW observations")
            con.execute("DROP TABLE observation_values")
            con.execute("DROP TABLE value_runs")
            con.execute("ALTER TABLE wide_values RENAME TO observation_values")
            for statement in SCHEMA_4_INDEXES_AND_VIEW.split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute("UPDATE meta SET value='7' WHERE key='schema_version'")
        con.execute("PRAGMA user_version=7")
    finally:
        con.close()
