"""A large streamed write through a rollback journal instead of the WAL (when no one else reads).

In WAL mode every page a transaction writes goes into the -wal file first and is copied into the
store by the checkpoint after the commit: a 1.6 GB import writes 3.2 GB. In rollback-journal
mode SQLite writes a page straight into the store and keeps the page's old content in the
-journal file, and pages past the store's old end have no old content, so an import into a
small store writes each page once. The transaction stays all-or-nothing: a write that fails or a
process that is killed leaves a "hot" journal, which the next connection to the store rolls back
before anything reads it (`cache.schema.connect_read_only` sees to the read-only ones).

Why not build a copy and rename it over the store: SQLite names a store's -wal and -shm files by
path, and a connection still open on the replaced file (another `claimcheck` waiting for the
writer lock) deletes the -wal *by name* when it closes — the new store's. Switching the journal
mode needs no such trust: SQLite refuses the switch while any other connection has the store
open (then the write goes through the WAL as before), and readers that connect later wait for
the import's lock instead of reading a half-written file.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator


@contextlib.contextmanager
def rollback_journal(conn: sqlite3.Connection) -> Iterator[bool]:
    """Switch ``conn``'s store to a rollback journal for one write (outside a transaction);
    yields whether it switched, and switches back to WAL afterwards."""
    (timeout,) = conn.execute("PRAGMA busy_timeout").fetchone()
    conn.execute("PRAGMA busy_timeout=0")  # another connection open: don't wait, don't switch
    try:
        (mode,) = conn.execute("PRAGMA journal_mode=DELETE").fetchone()
    except sqlite3.OperationalError:
        mode = "wal"
    finally:
        conn.execute(f"PRAGMA busy_timeout={int(timeout)}")
    switched = str(mode).lower() == "delete"
    if switched:
        # Each journal sync before the store is written: a power cut mid-import rolls back too.
        conn.execute("PRAGMA synchronous=FULL")
    try:
        yield switched
    finally:
        if switched:
            with contextlib.suppress(sqlite3.Error):  # a reader came: the next opening does it
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA journal_mode=WAL")
