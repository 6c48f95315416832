"""Which SQLite files are Claimcheck stores, at which schema version, and how to upgrade them.

A store says it is one through ``PRAGMA application_id`` and its schema version through
``PRAGMA user_version``. Stores written before those pragmas were used (schema 1) are
recognised by their tables and ``meta.schema_version = '1'``. Anything else that holds tables
is somebody else's database: it is refused before a single byte of it is written, and so is a
store whose version is newer than this program knows.

Migrations are an ordered list of ``(version, step)``, the step an SQL script or a function of the
connection (for a change SQL alone cannot say, e.g. rebuilding a table); each runs in its own
transaction that also sets ``user_version``, so a store is always at exactly one version (a
failed upgrade leaves it at the previous one).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path

from cache.errors import (
    ENV_VAR,
    SQLITE_CANTOPEN,
    SQLITE_IOERR,
    SQLITE_READONLY,
    StoreError,
    store_error,
)

APPLICATION_ID = 0x43434B31  # "CCK1"
V1_TABLES = {"meta", "refreshes", "observations", "series", "fetches"}

SQLITE_MAGIC = b"SQLite format 3\x00"

Migration = tuple[int, str | Callable[[sqlite3.Connection], None]]


def check_is_sqlite(path: Path) -> None:
    """Raise `StoreError` for a file that is not SQLite at all (read, never written)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    if path.is_dir():
        raise StoreError(f"store path {path} is a directory, not a Claimcheck store file")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror or exc}") from exc
    if head != SQLITE_MAGIC:
        raise StoreError(
            f"{path} is not a Claimcheck store (not an SQLite database); it was left untouched. "
            f"Point --store or ${ENV_VAR} at another file."
        )


def connect_read_only(path: Path) -> sqlite3.Connection:
    """A connection that can never write: ``mode=ro``, or ``immutable=1`` where even that fails.

    ``mode=ro`` still needs the ``-shm`` file of a WAL store; in a read-only folder or on a
    read-only file system it cannot be made, and ``immutable=1`` (no locking, no shared memory)
    is what reads such a store.
    """
    uri = path.resolve().as_uri()
    conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, check_same_thread=False)
    try:
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return conn
    except sqlite3.OperationalError as exc:
        conn.close()
        # Only "cannot create or size the -shm" (read-only place, or a full disk: I/O error)
        # falls back; "locked" must not (immutable would then read a file being written). With
        # no -shm, no other connection has the store open, so nothing writes to it meanwhile.
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code not in (SQLITE_CANTOPEN, SQLITE_READONLY, SQLITE_IOERR):
            raise
    conn = sqlite3.connect(f"{uri}?immutable=1", uri=True, check_same_thread=False)
    conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return conn


def stored_version(conn: sqlite3.Connection, path: Path, latest: int) -> int:
    """The schema version of the store behind ``conn``: 0 for an empty database.

    Raises `StoreError` for a foreign database or a newer Claimcheck store.
    """
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")}
    if app_id == APPLICATION_ID:
        if version > latest:
            raise StoreError(
                f"{path} is a Claimcheck store of schema version {version}, newer than this "
                f"Claimcheck understands (up to {latest}); it was left untouched. Upgrade "
                "Claimcheck to use it."
            )
        return version
    if app_id == 0 and not tables:
        return 0
    if app_id == 0 and version in (0, 1) and V1_TABLES <= tables and _meta_version(conn) == "1":
        return 1
    listed = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
    raise StoreError(
        f"{path} is an SQLite database but not a Claimcheck store (it holds "
        f"{'tables ' + listed if tables else 'another application’s data'}); it was left "
        f"untouched. Point --store or ${ENV_VAR} at another file."
    )


def _meta_version(conn: sqlite3.Connection) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key='schema_version'").fetchone()
    except sqlite3.Error:
        return None
    return row[0] if row else None


def inspect(path: Path, latest: int) -> int:
    """The version of the store file at ``path`` (0 if empty), read without writing to it."""
    check_is_sqlite(path)
    try:
        conn = connect_read_only(path)
    except sqlite3.DatabaseError as exc:
        raise store_error(exc, path, "reading it") from exc
    try:
        return stored_version(conn, path, latest)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path} cannot be used as a Claimcheck store: {exc}") from exc
    finally:
        conn.close()


def migrate(conn: sqlite3.Connection, current: int, migrations: Sequence[Migration]) -> None:
    """Run every migration above ``current`` in order, each in its own transaction."""
    for version, step in migrations:
        if version <= current:
            continue
        try:
            if callable(step):
                conn.execute("BEGIN IMMEDIATE")
                step(conn)
                conn.execute(f"PRAGMA user_version={version}")
                conn.execute("COMMIT")
            else:
                conn.executescript(
                    f"BEGIN IMMEDIATE;\n{step}\nPRAGMA user_version={version};\nCOMMIT;"
                )
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
