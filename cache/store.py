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
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cache import schema
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
from cache.lock import store_lock
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
    "ENV_VAR", "ReplaceScope", "Store", "StoreBusy", "StoreError", "StoreFull", "StoreReadOnly",
    "default_store_path", "store_lock",
]

Clock = Callable[[], datetime]


def default_store_path() -> Path:
    """``$CLAIMCHECK_STORE`` or ``<user data dir>/claimcheck/claimcheck.sqlite``."""
    if env := os.environ.get(ENV_VAR):
        return Path(env).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("claimcheck", appauthor=False)) / "claimcheck.sqlite"


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
]
SCHEMA_VERSION = MIGRATIONS[-1][0]

_OBS_COLUMNS = (
    "source, dataset, series, economy, counterpart, year, period, value, unit, "
    "publisher_updated, vintage_date, retrieved_at, origin, note, refresh_id"
)


@dataclass(frozen=True)
class ReplaceScope:
    """Which stored rows a write supersedes.

    A live refresh of a source replaces that source's earlier live rows (``kinds=("api",)``);
    the bundled snapshot's vintages stay. A bulk-file import replaces only an earlier import
    of the same series and vintage, so importing a file twice changes nothing.
    """

    source: str
    kinds: tuple[str, ...]
    series: frozenset[str] | None = None
    publisher_updated: str | None = None


def _row_to_observation(row: sqlite3.Row) -> Observation:
    return Observation(
        source=row["source"],
        dataset=row["dataset"],
        series=row["series"],
        economy=row["economy"],
        counterpart=row["counterpart"],
        year=row["year"],
        period=row["period"],
        value=row["value"],
        unit=row["unit"],
        publisher_updated=row["publisher_updated"],
        retrieved_at=row["retrieved_at"],
        origin=row["origin"],
        note=row["note"],
        refresh_id=row["refresh_id"],
    )


def _row_to_refresh(row: sqlite3.Row) -> RefreshRecord:
    return RefreshRecord(**{k: row[k] for k in row.keys()})


class Store:
    """A Claimcheck store file. Use `Store.open`; close it (or use it as a context manager)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, clock: Clock, lock_timeout: float):
        self.path = path
        self._conn = conn
        self._clock = clock
        self._lock_timeout = lock_timeout

    # -- opening -------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: Path | str | None = None,
        *,
        clock: Clock = utc_now,
        lock_timeout: float = 30.0,
        read_only: bool = False,
    ) -> Store:
        """Open (creating if needed) the store at ``path``, upgrading an older schema.

        Never writes to a file that is not a Claimcheck store of this or an older version.
        ``read_only=True`` never writes at all and also reads a store on a read-only file,
        folder or file system.
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
            conn.row_factory = sqlite3.Row
            return cls(path, conn, clock, lock_timeout)
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
            if version < SCHEMA_VERSION:
                schema.migrate(conn, version, MIGRATIONS)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
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
        before = self._current_values(scope.source)
        with self.writing(f"writing {scope.source}'s rows"):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(*self._delete_sql(scope))
            conn.executemany(
                f"INSERT INTO observations({_OBS_COLUMNS}) VALUES ({','.join('?' * 15)})",
                (
                    (
                        o.source, o.dataset, o.series, o.economy, o.counterpart, o.year,
                        o.period, o.value, o.unit, o.publisher_updated,
                        vintage_sort_date(o.publisher_updated), o.retrieved_at or self.now(),
                        o.origin, o.note, refresh_id,
                    )
                    for o in observations
                ),
            )
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
            self._recompute_current(scope.source)
            counts = _count_changes(before, observations)
            conn.execute(
                "UPDATE refreshes SET status='ok', finished_at=?, rows=?, rows_new=?, "
                "rows_changed=?, rows_unchanged=?, publisher_updated=? WHERE id=?",
                (self.now(), len(observations), counts.new, counts.changed, counts.unchanged,
                 publisher_updated, refresh_id),
            )
            if before_commit:
                before_commit()
            conn.execute("COMMIT")
        return counts

    @staticmethod
    def _delete_sql(scope: ReplaceScope) -> tuple[str, list]:
        sql = (
            "DELETE FROM observations WHERE source=? AND refresh_id IN "
            f"(SELECT id FROM refreshes WHERE kind IN ({','.join('?' * len(scope.kinds))}))"
        )
        args: list = [scope.source, *scope.kinds]
        if scope.series is not None:
            sql += f" AND series IN ({','.join('?' * len(scope.series))})"
            args += sorted(scope.series)
        if scope.publisher_updated is not None:
            sql += " AND publisher_updated=?"
            args.append(scope.publisher_updated)
        return sql, args

    def _current_values(self, source: str) -> dict[tuple, float]:
        rows = self._conn.execute(
            "SELECT series, economy, counterpart, year, period, value FROM observations "
            "WHERE source=? AND is_current=1",
            (source,),
        )
        return {(source, r[0], r[1], r[2], r[3], r[4]): r[5] for r in rows}

    def _recompute_current(self, source: str) -> None:
        self._conn.execute("UPDATE observations SET is_current=0 WHERE source=?", (source,))
        self._conn.execute(
            """
            UPDATE observations SET is_current=1 WHERE id IN (
              SELECT id FROM (
                SELECT id, ROW_NUMBER() OVER (
                  PARTITION BY series, economy, counterpart, year, period
                  ORDER BY (vintage_date IS NULL), vintage_date DESC, retrieved_at DESC, id DESC
                ) AS rn FROM observations WHERE source=?
              ) WHERE rn=1
            )""",
            (source,),
        )

    # -- reading -------------------------------------------------------------------------
    def observations(
        self,
        *,
        series: str | Iterable[str] | None = None,
        economy: str | Iterable[str] | None = None,
        counterpart: str | None = None,
        source: str | None = None,
        current_only: bool = True,
    ) -> list[Observation]:
        """Observations matching the filters, ordered by series, economy, counterpart, year."""
        clauses: list[str] = []
        args: list = []
        for column, wanted in (("series", series), ("economy", economy)):
            if wanted is None:
                continue
            values = [wanted] if isinstance(wanted, str) else list(wanted)
            clauses.append(f"{column} IN ({','.join('?' * len(values))})")
            args += values
        if counterpart is not None:
            clauses.append("counterpart=?")
            args.append(counterpart)
        if source is not None:
            clauses.append("source=?")
            args.append(source)
        if current_only:
            clauses.append("is_current=1")
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        rows = self._conn.execute(
            f"SELECT * FROM observations{where} "
            "ORDER BY series, economy, counterpart, year, period, vintage_date DESC, id",
            args,
        )
        return [_row_to_observation(r) for r in rows]

    def series_meta(self, source: str | None = None) -> dict[tuple[str, str], SeriesMeta]:
        sql = "SELECT * FROM series" + (" WHERE source=?" if source else "")
        rows = self._conn.execute(sql, (source,) if source else ())
        return {
            (r["source"], r["series"]): SeriesMeta(
                source=r["source"], series=r["series"], name=r["name"], unit=r["unit"],
                definition=r["definition"], dataset=r["dataset"],
            )
            for r in rows
        }

    def fetches(self, source: str | None = None) -> list[FetchRecord]:
        sql = "SELECT * FROM fetches" + (" WHERE source=?" if source else "") + " ORDER BY id"
        return [
            FetchRecord(
                source=r["source"], url=r["url"], accessed_at=r["accessed_at"],
                publisher_updated=r["publisher_updated"], licence=r["licence"], note=r["note"],
            )
            for r in self._conn.execute(sql, (source,) if source else ())
        ]

    def sources(self) -> list[str]:
        """Sources with observations or a refresh log entry."""
        logged = {r[0] for r in self._conn.execute("SELECT DISTINCT source FROM refreshes")}
        return sorted(logged | set(self.sources_with_data()))

    def summary(self) -> list[dict]:
        """Per source: rows, current rows, series, economies, year range, newest vintage."""
        rows = self._conn.execute(
            "SELECT source, count(*) AS rows, sum(is_current) AS current_rows, "
            "count(DISTINCT series) AS series, count(DISTINCT economy) AS economies, "
            "min(year) AS first_year, max(year) AS last_year, "
            "max(vintage_date) AS newest_vintage FROM observations GROUP BY source ORDER BY source"
        )
        return [dict(r) for r in rows]

    def _distinct(self, column: str) -> list[str]:
        """Distinct values of an indexed column by skip-scan: one index seek per value, so it
        stays fast on a store of millions of rows (a plain DISTINCT reads the whole index)."""
        assert column in ("source", "economy", "counterpart")
        rows = self._conn.execute(
            f"""
            WITH RECURSIVE seen(v) AS (
              SELECT min({column}) FROM observations
              UNION ALL
              SELECT (SELECT min({column}) FROM observations WHERE {column} > v)
              FROM seen WHERE v IS NOT NULL
            ) SELECT v FROM seen WHERE v IS NOT NULL"""
        )
        return [r[0] for r in rows]

    def sources_with_data(self) -> list[str]:
        """Sources that have at least one observation."""
        return self._distinct("source")

    def economies(self) -> list[str]:
        """Every economy and counterpart code that has an observation."""
        return sorted({*self._distinct("economy"), *self._distinct("counterpart")} - {""})

    def is_empty(self) -> bool:
        return self._conn.execute("SELECT 1 FROM observations LIMIT 1").fetchone() is None

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


def _count_changes(before: dict[tuple, float], observations: list[Observation]) -> WriteCounts:
    new = changed = unchanged = 0
    seen: set[tuple] = set()
    for o in observations:
        if o.key in seen:
            continue
        seen.add(o.key)
        old = before.get(o.key)
        if old is None:
            new += 1
        elif abs(old - o.value) <= 1e-12 * max(1.0, abs(old)):
            unchanged += 1
        else:
            changed += 1
    return WriteCounts(new=new, changed=changed, unchanged=unchanged)

