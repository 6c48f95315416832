"""Bulk files already imported: digest, vintage, the refresh that wrote them, and their report.

The very same file imported again (same bytes, same vintage) is answered from its stored report
without reading its rows, as long as every row that import wrote is still stored. Rather than
count those rows on each import (a scan of millions of index entries), a write that replaces
rows of an earlier import forgets that import here (`forget`): an entry present means intact.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

# Schema migration 7 (run by `cache.store`): the report column. Entries written before it have
# no report, and the rows they stand for may have been replaced since without being forgotten.
MIGRATION_7 = """
ALTER TABLE imported_files ADD COLUMN report TEXT NOT NULL DEFAULT '';
DELETE FROM imported_files;
UPDATE meta SET value='7' WHERE key='schema_version';
"""


def stored_report(conn: sqlite3.Connection, source: str, digest: str,
                  publisher_updated: str) -> str | None:
    """The report of the successful import of this very file whose rows are all stored."""
    row = conn.execute(
        "SELECT i.report FROM imported_files i JOIN refreshes r "
        "ON r.id = i.refresh_id AND r.status = 'ok' "
        "WHERE i.source=? AND i.digest=? AND i.publisher_updated=? AND i.report != ''",
        (source, digest, publisher_updated),
    ).fetchone()
    return row[0] if row else None


def record(conn: sqlite3.Connection, source: str, digest: str, publisher_updated: str,
           refresh_id: int, rows: int, report: str) -> None:
    conn.execute(
        "INSERT OR REPLACE INTO imported_files(source, digest, publisher_updated, refresh_id, "
        "rows, report) VALUES (?, ?, ?, ?, ?, ?)",
        (source, digest, publisher_updated, refresh_id, rows, report),
    )


def forget(conn: sqlite3.Connection, refresh_ids: Iterable[int]) -> None:
    """These refreshes lost rows to a later write: their files must be read again."""
    ids = sorted(set(refresh_ids))
    if ids:
        conn.execute(f"DELETE FROM imported_files WHERE refresh_id IN ({','.join('?' * len(ids))})",
                     ids)
