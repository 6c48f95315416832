"""Is a store whole? Its tables, views and columns for its schema version, and SQLite's page checks.

What runs when, and why (measured on this project's 2-core machine; docs/reliability.md):

* **Every open**, read-only or not, compares the store's tables, views and columns with what
  its schema version must have (built once per process by running the migrations in memory,
  ≈ 9 ms; the comparison ≈ 0.25 ms on a 1.7 GB store of 15.6 M values): a dropped table or
  column is found before anything reads or writes.
* **PRAGMA quick_check** reads every page: ≈ 11 ms on the bundled 1.6 MB store, but 6 s to
  over a minute on the 1.7 GB one (cold cache, shared machine), so it runs on every open only
  for stores up to `QUICK_CHECK_MAX_BYTES` (8 MiB, ≈ 60 ms: the bundled store plus a few bulk
  indicators). ``claimcheck status --verify`` runs it on any store, whatever its size.
* **Every page SQLite reads** is checked by SQLite itself: a command that reaches a damaged
  page of a large store stops with the same one line (`cache.errors.store_error` and the CLI's
  handler turn SQLITE_CORRUPT / SQLITE_NOTADB into it), and a write that meets one is rolled
  back.

A damaged store is refused (exit 2) and never written to; the message says how to rebuild it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from functools import lru_cache
from pathlib import Path

from cache.errors import StoreDamaged, damaged, is_corrupt
from cache.schema import migrate

__all__ = ["QUICK_CHECK_MAX_BYTES", "StoreDamaged", "check_store", "missing_parts"]
QUICK_CHECK_MAX_BYTES = 8 << 20

Structure = dict[str, tuple[str, frozenset[str]]]  # name → (table | view, its columns)


def structure_of(conn: sqlite3.Connection) -> Structure:
    """Every table and view of the database behind ``conn`` with its column names."""
    out: Structure = {}
    for kind, name in conn.execute(
            "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
            "AND name NOT LIKE 'sqlite_%'"):
        try:
            columns = frozenset(r[1] for r in conn.execute(f'PRAGMA table_info("{name}")'))
        except sqlite3.OperationalError:  # a view over a table or column that is gone
            columns = frozenset()
        out[name] = (kind, columns)
    return out


@lru_cache(maxsize=8)
def _expected(version: int, migrations: tuple) -> Structure:
    conn = sqlite3.connect(":memory:")
    try:
        migrate(conn, 0, [m for m in migrations if m[0] <= version])
        return structure_of(conn)
    finally:
        conn.close()


def expected_structure(version: int, migrations: Sequence) -> Structure:
    """What a store of schema ``version`` must hold: the migrations up to it, run in memory."""
    return _expected(version, tuple(migrations))


def missing_parts(conn: sqlite3.Connection, version: int, migrations: Sequence) -> list[str]:
    """What the store lacks for its version ("table provenance is missing", …); [] if whole.

    Extra tables, views, columns and indexes (a user's own) are no damage and are ignored.
    """
    have = structure_of(conn)
    problems = []
    for name, (kind, columns) in sorted(expected_structure(version, migrations).items()):
        if name not in have:
            problems.append(f"{kind} {name} is missing")
            continue
        if kind == "view" and not have[name][1]:
            problems.append(f"view {name} cannot be read (a table or column it reads is gone)")
            continue
        problems += [f"column {name}.{c} is missing" for c in sorted(columns - have[name][1])]
    return problems


def quick_check(conn: sqlite3.Connection) -> str | None:
    """SQLite's ``PRAGMA quick_check`` (every page, not the indexes' contents): None if ok,
    else its first finding."""
    rows = [r[0] for r in conn.execute("PRAGMA quick_check(5)")]
    return None if rows == ["ok"] else "; ".join(rows[:2])


def check_store(conn: sqlite3.Connection, path: Path, version: int, migrations: Sequence, *,
                verify: bool | None = None,
                size: Callable[[Path], int] = lambda p: p.stat().st_size) -> None:
    """Raise `StoreDamaged` if the store at ``path`` is not whole (see the module for what runs
    when). ``verify``: True always runs quick_check, None runs it on small stores."""
    try:
        problems = missing_parts(conn, version, migrations)
        if not problems and (verify or (verify is None and size(path) <= QUICK_CHECK_MAX_BYTES)):
            if finding := quick_check(conn):
                problems = [f"PRAGMA quick_check: {finding}"]
    except sqlite3.DatabaseError as exc:
        if not is_corrupt(exc):
            raise
        problems = [f"SQLite: {exc}"]
    if problems:
        raise damaged(path, "; ".join(problems))
