"""Narrow value rows: the provenance a batch shares is stored once, not once per value.

A bulk file of 15 million values has one origin, one retrieval time and one vintage; stored on
every row they made each row ≈230 bytes, and writing (twice, through the WAL) 3.5 GB was most of
a full-WDI import. Since schema 4 a value row (`observation_values`) holds what differs per value
(series, economy, counterpart, year, period, value, is_current) plus its source, refresh and a
`provenance` id; the provenance row holds dataset, unit, publisher_updated, vintage_date,
retrieved_at, origin and note. The view ``observations`` joins them back into the released
schema's columns, so every read (and any SQL a user runs on the file) sees exactly what it did.

Provenance rows belong to one refresh; they are removed with that refresh's last value.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

VALUES_TABLE = "observation_values"
# (dataset, unit, publisher_updated, vintage_date, retrieved_at, origin, note)
ProvenanceKey = tuple[str, str, str, str | None, str, str, str]

# The value rows as schema 4 created them (migration 5 adds a CHECK, `cache.finite`).
VALUES_SCHEMA = """
CREATE TABLE observation_values (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    series TEXT NOT NULL,
    economy TEXT NOT NULL,
    counterpart TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL,
    refresh_id INTEGER NOT NULL REFERENCES refreshes(id),
    provenance_id INTEGER NOT NULL REFERENCES provenance(id),
    is_current INTEGER NOT NULL DEFAULT 0
);
"""
_PROVENANCE_COLUMNS = "dataset, unit, publisher_updated, vintage_date, retrieved_at, origin, note"

# What a stored value must satisfy since schema 5 (`cache.finite`): ±infinity fails it.
DBL_MAX = "1.7976931348623157e308"
FINITE = f"value BETWEEN -{DBL_MAX} AND {DBL_MAX}"

# The indexes and the view over the value rows, schemas 4 to 7 (schema 8: `cache.runs`).
SCHEMA_4_INDEXES_AND_VIEW = """
CREATE INDEX obs_current ON observation_values (series, economy, counterpart, is_current);
CREATE INDEX obs_source ON observation_values (source, refresh_id);
CREATE INDEX obs_counterpart ON observation_values (counterpart) WHERE counterpart != '';
CREATE VIEW observations AS
    SELECT v.id, v.source, p.dataset, v.series, v.economy, v.counterpart, v.year, v.period,
           v.value, p.unit, p.publisher_updated, p.vintage_date, p.retrieved_at, p.origin,
           p.note, v.refresh_id, v.is_current
    FROM observation_values AS v JOIN provenance AS p ON p.id = v.provenance_id;
"""

# Schema migration 4 (run by `cache.store`): split every stored row, ids and is_current kept.
MIGRATION_4 = f"""
CREATE TABLE provenance (
    id INTEGER PRIMARY KEY,
    refresh_id INTEGER NOT NULL REFERENCES refreshes(id),
    dataset TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    publisher_updated TEXT NOT NULL DEFAULT '',
    vintage_date TEXT,
    retrieved_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX provenance_refresh ON provenance (refresh_id);
INSERT INTO provenance(refresh_id, {_PROVENANCE_COLUMNS})
    SELECT DISTINCT refresh_id, {_PROVENANCE_COLUMNS} FROM observations;
CREATE INDEX temp_provenance_key ON provenance (refresh_id, {_PROVENANCE_COLUMNS});
{VALUES_SCHEMA}
INSERT INTO observation_values
    SELECT o.id, o.source, o.series, o.economy, o.counterpart, o.year, o.period, o.value,
           o.refresh_id, p.id, o.is_current
    FROM observations AS o JOIN provenance AS p ON p.refresh_id = o.refresh_id
        AND p.dataset = o.dataset AND p.unit = o.unit
        AND p.publisher_updated = o.publisher_updated AND p.vintage_date IS o.vintage_date
        AND p.retrieved_at = o.retrieved_at AND p.origin = o.origin AND p.note = o.note;
DROP INDEX temp_provenance_key;
DROP TABLE observations;
{SCHEMA_4_INDEXES_AND_VIEW}UPDATE meta SET value='4' WHERE key='schema_version';
"""

@dataclass
class ProvenanceIds:
    """The provenance rows of one write (one refresh): created on first use, then reused."""

    conn: sqlite3.Connection
    refresh_id: int
    ids: dict[ProvenanceKey, int] = field(default_factory=dict)

    def id_for(self, key: ProvenanceKey) -> int:
        if (found := self.ids.get(key)) is None:
            cur = self.conn.execute(
                f"INSERT INTO provenance(refresh_id, {_PROVENANCE_COLUMNS}) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (self.refresh_id, *key),
            )
            found = self.ids[key] = int(cur.lastrowid)
        return found


def drop_orphaned(conn: sqlite3.Connection, source: str, refresh_ids: list[int]) -> None:
    """Remove the provenance of those refreshes (of ``source``) once none of their values is
    left; one index lookup per refresh (in the runs since schema 8, `cache.runs`)."""
    if refresh_ids:
        runs = conn.execute("SELECT 1 FROM sqlite_master WHERE name='value_runs'").fetchone()
        holds = ("SELECT 1 FROM value_runs AS r WHERE r.source = ? AND r.refresh_id = "
                 "provenance.refresh_id" if runs else
                 f"SELECT 1 FROM {VALUES_TABLE} AS v WHERE v.source = ? "
                 "AND v.refresh_id = provenance.refresh_id")
        conn.execute(
            f"DELETE FROM provenance WHERE refresh_id IN ({','.join('?' * len(refresh_ids))}) "
            f"AND NOT EXISTS ({holds})",
            (*refresh_ids, source),
        )
