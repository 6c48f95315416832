"""The local store: one SQLite file (WAL mode) with observations, provenance and the refresh log.

Guarantees:
* A source's rows are replaced in one transaction: a failed or killed refresh leaves the
  previous rows exactly as they were (SQLite's journal rolls the half-written transaction back).
* Two refreshes never interleave: writers take an exclusive lock file beside the store; the
  second one waits (up to ``lock_timeout``) and then stops with a message naming the holder.
* A file that is not an SQLite database, another application's SQLite database or a store of a
  newer schema is never touched: opening it raises `StoreError` (see `cache.schema`).
* A write that fails (disk full, read-only file) is rolled back and raised as a `StoreError`
  saying why (`cache.errors`); a read-only store can still be opened with ``read_only=True``.
* All vintages stay queryable; ``is_current`` marks the newest vintage of each quantity.
* Every value keeps its provenance (source, dataset, series, year, unit, vintage, retrieval
  date, origin, note): since schema 4 what a batch shares is stored once (`cache.provenance`)
  and the view ``observations`` joins it back, so reads see the released columns.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path

from cache import catalogue, imports, integrity, runs, schema
from cache.errors import (
    ENV_VAR,
    StoreBusy,  # noqa: F401  (re-exported)
    StoreError,
    StoreFull,
    StoreReadOnly,
    read_only_store,
    store_error,
    write_problem,
)
from cache.finite import FINITE, migration_5
from cache.journal import rollback_journal
from cache.lock import store_lock
from cache.provenance import MIGRATION_4, VALUES_TABLE
from cache.reads import StoreReads
from cache.writes import (
    REBUILD_STATS_SQL,
    STATS_META_KEY,
    STATS_SCHEMA,
    STATS_VERSION,
    ReplaceScope,
    RowTemplate,
    ScopedWriter,
    observation_rows,
)
from indicators.models import (
    FetchRecord,
    Observation,
    RefreshRecord,
    SeriesMeta,
    WriteCounts,
    iso,
    utc_now,
    vintage_sort_date,
)

__all__ = [
    "ENV_VAR", "ReplaceScope", "RowTemplate", "Store", "StoreBusy", "StoreError", "StoreFull",
    "StoreReadOnly", "default_store_path", "store_lock", "utc_now",
]
STREAM_CACHE_KIB = -32768  # SQLite's page cache during a streamed write (negative: KiB)

Clock = Callable[[], datetime]


def default_store_path() -> Path:
    """``$CLAIMCHECK_STORE`` or ``<user data dir>/claimcheck/claimcheck.sqlite``."""
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("claimcheck", appauthor=False)) / "claimcheck.sqlite"


# The released schema 1, run as migration 1 (later changes are migrations of their own).
_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS refreshes (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    kind TEXT NOT NULL,
    started_at TEXT NOT NULL,
    finished_at TEXT,
    status TEXT NOT NULL DEFAULT 'running',
    rows INTEGER, rows_new INTEGER, rows_changed INTEGER, rows_unchanged INTEGER,
    error TEXT, publisher_updated TEXT, detail TEXT
);
CREATE TABLE IF NOT EXISTS observations (
    id INTEGER PRIMARY KEY,
    source TEXT NOT NULL,
    dataset TEXT NOT NULL,
    series TEXT NOT NULL,
    economy TEXT NOT NULL,
    counterpart TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    period TEXT NOT NULL DEFAULT '',
    value REAL NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    publisher_updated TEXT NOT NULL DEFAULT '',
    vintage_date TEXT,
    retrieved_at TEXT NOT NULL,
    origin TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    refresh_id INTEGER NOT NULL REFERENCES refreshes(id),
    is_current INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS obs_current ON observations (series, economy, counterpart, is_current);
CREATE INDEX IF NOT EXISTS obs_source ON observations (source, refresh_id);
CREATE INDEX IF NOT EXISTS obs_economy ON observations (economy);
CREATE INDEX IF NOT EXISTS obs_counterpart ON observations (counterpart);
CREATE TABLE IF NOT EXISTS series (
    source TEXT NOT NULL,
    series TEXT NOT NULL,
    dataset TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    definition TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (source, series)
);
CREATE TABLE IF NOT EXISTS fetches (
    id INTEGER PRIMARY KEY,
    refresh_id INTEGER NOT NULL REFERENCES refreshes(id),
    source TEXT NOT NULL,
    url TEXT NOT NULL,
    accessed_at TEXT NOT NULL,
    publisher_updated TEXT NOT NULL DEFAULT '',
    licence TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
"""

# Ordered schema migrations (`cache.schema.migrate`): a new store runs them all, an older one
# the ones above its ``PRAGMA user_version``. Never edit a released step; append a new one.
MIGRATIONS: list[schema.Migration] = [
    # 1: the tables (stores of this version written before user_version was used have 0 there)
    (1, _SCHEMA + "INSERT OR IGNORE INTO meta(key, value) VALUES ('schema_version', '1');"),
    # 2: the file says it is a Claimcheck store, so no other SQLite file is mistaken for one
    (2, f"PRAGMA application_id={schema.APPLICATION_ID};"
        "UPDATE meta SET value='2' WHERE key='schema_version';"),
    # 3: per-series and per-economy counts that every write maintains (status and the
    # dashboard read them instead of scanning), counted once here; economies are listed from
    # economy_stats, so their index goes, and the counterpart index leaves out the many rows
    # without a counterpart (a bulk import must not pay for indexing them).
    (3, STATS_SCHEMA + REBUILD_STATS_SQL
        + "DROP INDEX IF EXISTS obs_economy; DROP INDEX IF EXISTS obs_counterpart;"
        "CREATE INDEX obs_counterpart ON observations (counterpart) WHERE counterpart != '';"
        f"INSERT OR REPLACE INTO meta(key, value) VALUES ('{STATS_META_KEY}', '{STATS_VERSION}');"
        "UPDATE meta SET value='3' WHERE key='schema_version';"),
    # 4: provenance a batch shares stored once (`cache.provenance`); the view `observations`
    # keeps the released columns for every reader.
    (4, MIGRATION_4),
    # 5: the value column refuses what is not a finite number (a CHECK constraint); values
    # stored before that are ±infinity move to `quarantined_values` (`cache.finite`).
    (5, migration_5),
    # 6: the WDI catalogue and its full-text index (`cache.catalogue`; filled by `cache.bundle`)
    (6, catalogue.MIGRATION_6),
    # 7: an imported file's report, so the same file again is answered without reading it.
    (7, imports.MIGRATION_7),
    # 8: value rows indexed by their runs, not one index entry per value (`cache.runs`).
    (8, runs.migration_8),
]
SCHEMA_VERSION = MIGRATIONS[-1][0]


def _row_to_refresh(row: sqlite3.Row) -> RefreshRecord:
    return RefreshRecord(**{k: row[k] for k in row.keys()})


class Store(StoreReads, catalogue.CatalogueReads):
    """A Claimcheck store file. Use `Store.open`; close it (or use it as a context manager)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, clock: Clock, lock_timeout: float,
                 version: int = SCHEMA_VERSION):
        self.path = path
        self._conn = conn
        # Value rows are read by id range through their runs (`cache.runs`); an automatic index
        # SQLite might build instead would cover every value row, in every query that made one.
        conn.execute("PRAGMA automatic_index=OFF")
        self._clock = clock
        self._lock_timeout = lock_timeout
        # The table holding one row per value: before schema 4 (a store opened read-only is not
        # upgraded) that is `observations` itself, since then the view over narrow rows.
        self._values = VALUES_TABLE if version >= 4 else "observations"
        self.version = version
        # Before schema 5 the store did not refuse ±infinity (`cache.finite`); a store read as it
        # is (read-only, not upgraded) never shows such a value either.
        self._finite_only = "" if version >= 5 else f" AND {FINITE}"

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        clock: Clock = utc_now,
        lock_timeout: float = 30.0,
        read_only: bool = False,
        verify: bool | None = None,
    ) -> Store:
        """Open (creating if needed) the store at ``path``, upgrading an older schema.

        Never writes to a file that is not a Claimcheck store of this or an older version, nor
        to a damaged one (`cache.integrity`: its tables and columns on every open, its pages on
        small stores or with ``verify=True``). ``read_only=True`` never writes at all and also
        reads a store on a read-only file, folder or file system.
        """
        path = Path(path) if path is not None else default_store_path()
        schema.check_is_sqlite(path)
        exists = path.exists() and path.stat().st_size > 0
        version = schema.inspect(path, SCHEMA_VERSION) if exists else 0
        if read_only:
            if not exists or version == 0:
                raise StoreError(f"no store at {path}; run `claimcheck refresh --offline` first")
            try:
                conn = schema.connect_read_only(path)
            except sqlite3.DatabaseError as exc:
                raise store_error(exc, path, "reading it") from exc
            try:
                integrity.check_store(conn, path, version, MIGRATIONS, verify=verify)
            except BaseException:
                conn.close()
                raise
            conn.row_factory = sqlite3.Row
            return cls(path, conn, clock, lock_timeout, version)
        if problem := write_problem(path):  # say so now, not halfway through a command
            raise read_only_store(path, problem)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=lock_timeout, check_same_thread=False)
        except (OSError, sqlite3.Error) as exc:
            raise store_error(exc, path, "creating or opening the store") from exc
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout={int(lock_timeout * 1000)}")
            if exists:  # before anything is written: a damaged store is refused whole
                integrity.check_store(conn, path, version, MIGRATIONS, verify=verify)
            if version < SCHEMA_VERSION:
                schema.migrate(conn, version, MIGRATIONS)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
        except integrity.StoreDamaged:
            conn.close()
            raise
        except (OSError, sqlite3.Error) as exc:
            conn.close()
            doing = ("creating the store" if version == 0 else "opening the store"
                     if version == SCHEMA_VERSION else f"upgrading it from schema {version}")
            raise store_error(exc, path, doing) from exc
        return cls(path, conn, clock, lock_timeout)

    def close(self) -> None:
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def now(self) -> str:
        return iso(self._clock())

    # -- locking -------------------------------------------------------------------------
    @contextlib.contextmanager
    def refresh_lock(self, wait: float | None = None) -> Iterator[None]:
        """Hold the store's writer lock; wait up to ``wait`` seconds, then raise `StoreBusy`."""
        wait = self._lock_timeout if wait is None else wait
        with store_lock(self.path, wait, self.now):
            yield

    @contextlib.contextmanager
    def writing(self, doing: str) -> Iterator[None]:
        """Roll back and raise a `StoreError` saying why (disk full, read-only) if a write fails."""
        try:
            yield
        except BaseException as exc:
            if self._conn.in_transaction:
                # SQLite may already have rolled back (SQLITE_FULL): then ROLLBACK would fail.
                with contextlib.suppress(sqlite3.Error):
                    self._conn.rollback()
            translated = store_error(exc, self.path, doing)
            if translated is exc:
                raise
            raise translated from exc

    # -- the refresh log -----------------------------------------------------------------
    def begin_refresh(self, source: str, kind: str, detail: str = "") -> int:
        with self.writing(f"starting a refresh of {source}"), self._conn:
            cur = self._conn.execute(
                "INSERT INTO refreshes(source, kind, started_at, status, detail) "
                "VALUES (?, ?, ?, 'running', ?)",
                (source, kind, self.now(), detail),
            )
        return int(cur.lastrowid)

    def fail_refresh(self, refresh_id: int, error: str) -> None:
        with self.writing("logging a failed refresh"), self._conn:
            self._conn.execute(
                "UPDATE refreshes SET status='failed', finished_at=?, error=? WHERE id=?",
                (self.now(), error, refresh_id),
            )

    def abandon_running(self, reason: str) -> int:
        """Mark log entries left 'running' by a killed refresh as failed.

        Call only while holding `refresh_lock`: then no live writer can own such an entry.
        """
        with self.writing("closing interrupted refreshes"), self._conn:
            cur = self._conn.execute(
                "UPDATE refreshes SET status='failed', finished_at=?, error=? "
                "WHERE status='running'",
                (self.now(), reason),
            )
        return cur.rowcount

    def refreshes(self, source: str | None = None) -> list[RefreshRecord]:
        sql = "SELECT * FROM refreshes"
        args: tuple = ()
        if source:
            sql += " WHERE source=?"
            args = (source,)
        return [_row_to_refresh(r) for r in self._conn.execute(sql + " ORDER BY id", args)]

    def last_refresh(self, source: str, kinds: Iterable[str] | None = None) -> RefreshRecord | None:
        sql = "SELECT * FROM refreshes WHERE source=? AND status != 'running'"
        args: list = [source]
        if kinds:
            kinds = list(kinds)
            sql += f" AND kind IN ({','.join('?' * len(kinds))})"
            args += kinds
        row = self._conn.execute(sql + " ORDER BY id DESC LIMIT 1", args).fetchone()
        return _row_to_refresh(row) if row else None

    # -- writing -------------------------------------------------------------------------
    def write_batch(
        self,
        refresh_id: int,
        scope: ReplaceScope,
        observations: list[Observation],
        series: Iterable[SeriesMeta] = (),
        fetches: Iterable[FetchRecord] = (),
        *,
        publisher_updated: str = "",
        before_commit: Callable[[], None] | None = None,
    ) -> WriteCounts:
        """Replace the rows in ``scope`` with ``observations`` in ONE transaction, log success.

        ``before_commit`` exists for tests that kill the process mid-transaction.
        """
        conn = self._conn
        with self.writing(f"writing {scope.source}'s rows"):
            conn.execute("BEGIN IMMEDIATE")
            writer = ScopedWriter(conn, scope, refresh_id)
            writer.insert(observation_rows(observations, self.now(), vintage_sort_date),
                          unique_keys=False)
            self._write_meta(refresh_id, series, fetches)
            counts = writer.finish(unique_keys=False)
            self._log_ok(refresh_id, len(observations), counts, publisher_updated)
            if before_commit:
                before_commit()
            conn.execute("COMMIT")
        return counts

    def write_stream(
        self,
        refresh_id: int,
        scope: ReplaceScope,
        template: RowTemplate | None,
        chunks: Iterable[list[tuple]] | Iterable[tuple[RowTemplate, list[tuple]]],
        series: Callable[[], Iterable[SeriesMeta]] = tuple,
        fetches: Iterable[FetchRecord] = (),
        *,
        publisher_updated: str = "",
        before_commit: Callable[[], None] | None = None,
        unique_keys: bool = True,
        also: Callable[[], list[Observation]] = list,
        large: bool = False,
        imported: Callable[[], tuple[str, str, str]] | None = None,
    ) -> WriteCounts:
        """Like `write_batch`, for rows streamed in chunks (a file of millions of values).

        A chunk holds (series, economy, unit, years, values) groups sharing ``template``, or
        with ``template=None`` is a ``(RowTemplate, groups)`` pair (the snapshot's many
        origins). ``unique_keys``: no key twice in the stream; without, "newest vintage wins"
        is decided at the end. ``series()`` and ``also()`` (rows with a counterpart or period,
        same transaction) are called after the last chunk. No rows: `ValueError`, no write.
        ``large``: the stream will outgrow the store, so write it through a rollback journal
        if no one else has the store open (`cache.journal`). ``imported()`` → (digest,
        vintage, report) of the file the stream came from, recorded in the same transaction
        (`cache.imports`).
        """
        conn = self._conn
        # Rows arrive economy by economy, the runs' index is by series: SQLite's default 2 MB
        # page cache would spill it. 32 MB holds it; the value rows only append, so a larger
        # cache (256 MB, needed while every row had index entries) only cost memory: measured
        # at 300 indicators, peak RSS 218 MB against 384 MB, CPU within the run-to-run noise.
        (cache_size,) = conn.execute("PRAGMA cache_size").fetchone()
        conn.execute(f"PRAGMA cache_size={STREAM_CACHE_KIB}")
        journal = rollback_journal(conn) if large else contextlib.nullcontext(False)
        try:
            with journal, self.writing(f"importing {scope.source}'s rows"):
                conn.execute("BEGIN IMMEDIATE")
                writer = ScopedWriter(conn, scope, refresh_id)
                rows = 0
                for chunk in chunks:
                    t, groups = (template, chunk) if template is not None else chunk
                    writer.insert_groups(groups, t, unique_keys=unique_keys)
                    rows += sum(len(g[3]) for g in groups)
                if extra := also():  # rows beside the groups (only with unique_keys=False)
                    rows += len(extra)
                    writer.insert(observation_rows(extra, self.now(), vintage_sort_date),
                                  unique_keys=False)
                if not rows:
                    raise ValueError("no rows to write")
                self._write_meta(refresh_id, series(), fetches)
                counts = writer.finish(unique_keys=unique_keys)
                self._log_ok(refresh_id, rows, counts, publisher_updated)
                if imported is not None:
                    digest, vintage, report = imported()
                    imports.record(conn, scope.source, digest, vintage, refresh_id, rows, report)
                if before_commit:
                    before_commit()
                conn.execute("COMMIT")
        finally:
            conn.execute(f"PRAGMA cache_size={cache_size}")
        return counts

    def _write_meta(
        self, refresh_id: int, series: Iterable[SeriesMeta], fetches: Iterable[FetchRecord]
    ) -> None:
        conn = self._conn
        conn.executemany(
            "INSERT INTO series(source, series, dataset, name, unit, definition) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(source, series) DO UPDATE SET "
            "dataset=excluded.dataset, name=excluded.name, "
            "unit=CASE WHEN excluded.unit != '' THEN excluded.unit ELSE series.unit END, "
            "definition=CASE WHEN excluded.definition != '' THEN excluded.definition "
            "ELSE series.definition END",
            ((s.source, s.series, s.dataset, s.name, s.unit, s.definition) for s in series),
        )
        conn.executemany(
            "INSERT INTO fetches(refresh_id, source, url, accessed_at, publisher_updated, "
            "licence, note) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (refresh_id, f.source, f.url, f.accessed_at, f.publisher_updated,
                 f.licence, f.note)
                for f in fetches
            ),
        )

    def _log_ok(self, refresh_id: int, rows: int, counts: WriteCounts,
                publisher_updated: str) -> None:
        self._conn.execute(
            "UPDATE refreshes SET status='ok', finished_at=?, rows=?, rows_new=?, "
            "rows_changed=?, rows_unchanged=?, publisher_updated=? WHERE id=?",
            (self.now(), rows, counts.new, counts.changed, counts.unchanged,
             publisher_updated, refresh_id),
        )

    # -- identical re-imports ------------------------------------------------------------
    def imported_report(self, source: str, digest: str, publisher_updated: str) -> str | None:
        """The stored report of this very file's import (digest and vintage), if every row it
        wrote is still stored (`cache.imports`); None otherwise."""
        if self.version < 7:  # a read-only store from before the reports
            return None
        return imports.stored_report(self._conn, source, digest, publisher_updated)

    def record_imported_file(self, source: str, digest: str, publisher_updated: str,
                             refresh_id: int, rows: int, report: str) -> None:
        with self.writing("recording the imported file"), self._conn:
            imports.record(self._conn, source, digest, publisher_updated, refresh_id, rows,
                           report)

    def log_unchanged(self, refresh_id: int, rows: int, publisher_updated: str,
                      fetches: Iterable[FetchRecord] = ()) -> WriteCounts:
        """Log a refresh that found its rows already stored: nothing but the log changes."""
        counts = WriteCounts(unchanged=rows)
        with self._conn:
            self._write_meta(refresh_id, (), fetches)
            self._log_ok(refresh_id, rows, counts, publisher_updated)
        return counts

    def is_empty(self) -> bool:
        return self._conn.execute(f"SELECT 1 FROM {self._values} LIMIT 1").fetchone() is None

    def meta(self, key: str) -> str | None:
        row = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else None

    def set_meta(self, key: str, value: str) -> None:
        with self.writing(f"recording {key}"), self._conn:
            self._conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (key, value),
            )


