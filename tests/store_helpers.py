"""Stores as earlier schemas wrote them, made from a current one (for the migration tests)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cache.finite import with_check
from cache.provenance import VALUES_SCHEMA

# One row per value with every column, as schema 4 to 7 stored it, read from a schema-8 store
# (value runs, `cache.runs`); ``db`` is the attached database's name.
WIDE_COLUMNS = ("id, source, series, economy, counterpart, year, period, value, refresh_id, "
                "provenance_id, is_current")


def wide_rows_sql(db: str = "main") -> str:
    return (f"SELECT v.id, r.source, r.series, r.economy, r.counterpart, v.year, v.period, "
            f"v.value, r.refresh_id, v.provenance_id, v.is_current FROM {db}.value_runs AS r "
            f"CROSS JOIN {db}.observation_values AS v ON v.id BETWEEN r.first_id AND r.last_id")


# The view and indexes schemas 4 to 7 had over the wide rows.
_SCHEMA_7_VIEW_AND_INDEXES = """
CREATE INDEX obs_current ON observation_values (series, economy, counterpart, is_current);
CREATE INDEX obs_source ON observation_values (source, refresh_id);
CREATE INDEX obs_counterpart ON observation_values (counterpart) WHERE counterpart != '';
CREATE VIEW observations AS
    SELECT v.id, v.source, p.dataset, v.series, v.economy, v.counterpart, v.year, v.period,
           v.value, p.unit, p.publisher_updated, p.vintage_date, p.retrieved_at, p.origin,
           p.note, v.refresh_id, v.is_current
    FROM observation_values AS v JOIN provenance AS p ON p.id = v.provenance_id;
"""


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
            for statement in _SCHEMA_7_VIEW_AND_INDEXES.split(";"):
                if statement.strip():
                    con.execute(statement)
            con.execute("UPDATE meta SET value='7' WHERE key='schema_version'")
        con.execute("PRAGMA user_version=7")
    finally:
        con.close()
