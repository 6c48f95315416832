"""The WDI catalogue inside the store: every series' and economy's metadata and a full-text index.

Schema migration 6 creates the tables (empty); `fill_catalogue` loads them from the bundled
snapshot's catalogue records (`cache.bundle` calls it when it seeds a store, and when a writable
store's catalogue is older than the snapshot's). `catalogue_fts` is an FTS5 index (porter
stemming, accents removed) over each series' code, name, topic and definitions, ranked with
bm25; its rowid is the series row's.

The same functions fill an in-memory database (`memory_catalogue`) for a store that cannot hold
the tables (an older store opened read-only), so a search works on any store.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from dataclasses import astuple, fields

from indicators.models import CatalogueEconomy, CatalogueSeries

CATALOGUE_META_KEY = "catalogue_built_at"
_SERIES_COLUMNS = [f.name for f in fields(CatalogueSeries)]
_ECONOMY_COLUMNS = [f.name for f in fields(CatalogueEconomy)]

# bm25 weights per indexed column (code, name, topic, definition): a word in the name says far
# more about what a series is than the same word in its long definition.
BM25_WEIGHTS = (4.0, 10.0, 2.0, 1.0)

# Schema migration 6 (run by `cache.store`): the catalogue's tables, filled by `fill_catalogue`.
MIGRATION_6 = f"""
CREATE TABLE catalogue_series ({", ".join(
    f"{c} TEXT NOT NULL DEFAULT ''" if c != "code" else "code TEXT PRIMARY KEY"
    for c in _SERIES_COLUMNS)});
CREATE TABLE catalogue_economies ({", ".join(
    "code TEXT PRIMARY KEY" if c == "code" else
    f"{c} INTEGER NOT NULL DEFAULT 0" if c == "aggregate" else f"{c} TEXT NOT NULL DEFAULT ''"
    for c in _ECONOMY_COLUMNS)});
CREATE VIRTUAL TABLE catalogue_fts USING fts5(
    code, name, topic, definition, content='',
    tokenize='porter unicode61 remove_diacritics 2');
UPDATE meta SET value='6' WHERE key='schema_version';
"""


def has_catalogue(conn: sqlite3.Connection) -> bool:
    """Whether this database holds a filled catalogue."""
    try:
        return conn.execute("SELECT 1 FROM catalogue_series LIMIT 1").fetchone() is not None
    except sqlite3.OperationalError:  # a store older than schema 6
        return False


def fill_catalogue(conn: sqlite3.Connection, series: Iterable[CatalogueSeries],
                   economies: Iterable[CatalogueEconomy]) -> int:
    """Replace the catalogue's rows (the caller owns the transaction); returns series loaded."""
    conn.execute("DELETE FROM catalogue_series")
    conn.execute("DELETE FROM catalogue_economies")
    conn.execute("INSERT INTO catalogue_fts(catalogue_fts) VALUES ('delete-all')")
    rows = [astuple(s) for s in series]
    conn.executemany(
        f"INSERT INTO catalogue_series({', '.join(_SERIES_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_SERIES_COLUMNS))})", rows)
    conn.executemany(
        f"INSERT INTO catalogue_economies({', '.join(_ECONOMY_COLUMNS)}) "
        f"VALUES ({', '.join('?' * len(_ECONOMY_COLUMNS))})",
        (astuple(e) for e in economies))
    conn.execute(
        "INSERT INTO catalogue_fts(rowid, code, name, topic, definition) "
        "SELECT rowid, code, name, topic, short_definition || ' ' || long_definition "
        "FROM catalogue_series")
    return len(rows)


def memory_catalogue(series: Iterable[CatalogueSeries],
                     economies: Iterable[CatalogueEconomy]) -> sqlite3.Connection:
    """An in-memory database holding only the catalogue (for a store without one)."""
    conn = sqlite3.connect(":memory:", check_same_thread=False)
    conn.executescript(MIGRATION_6.replace("UPDATE meta SET value='6' WHERE key='schema_version';",
                                           ""))
    with conn:
        fill_catalogue(conn, series, economies)
    return conn


def search(conn: sqlite3.Connection, match: str, limit: int,
           exclude: Iterable[str] = ()) -> list[tuple[CatalogueSeries, float]]:
    """Series matching an FTS5 ``match`` expression, best first, with their bm25 score
    (lower is better, as SQLite gives it)."""
    skip = list(exclude)
    not_in = f" AND s.code NOT IN ({','.join('?' * len(skip))})" if skip else ""
    weights = ", ".join(str(w) for w in BM25_WEIGHTS)
    rows = conn.execute(
        f"SELECT {', '.join('s.' + c for c in _SERIES_COLUMNS)}, "
        f"bm25(catalogue_fts, {weights}) AS score "
        "FROM catalogue_fts JOIN catalogue_series AS s ON s.rowid = catalogue_fts.rowid "
        f"WHERE catalogue_fts MATCH ?{not_in} ORDER BY score, s.code LIMIT ?",
        (match, *skip, limit),
    ).fetchall()
    return [(CatalogueSeries(*tuple(r)[:-1]), float(r[-1])) for r in rows]


def series_entry(conn: sqlite3.Connection, code: str) -> CatalogueSeries | None:
    """One series by code (exact, else case-insensitive)."""
    cols = ", ".join(_SERIES_COLUMNS)
    row = conn.execute(f"SELECT {cols} FROM catalogue_series WHERE code = ?", (code,)
                       ).fetchone() or conn.execute(
        f"SELECT {cols} FROM catalogue_series WHERE code = ? COLLATE NOCASE", (code,)).fetchone()
    return CatalogueSeries(*tuple(row)) if row else None


class CatalogueReads:
    """The store's catalogue methods and per-series counts (mixed into `cache.store.Store`,
    which provides ``_conn``, ``_values`` and ``writing``)."""

    _conn: sqlite3.Connection
    _values: str

    def has_catalogue(self) -> bool:
        return has_catalogue(self._conn)

    def fill_catalogue(self, series: Iterable, economies: Iterable, built_at: str) -> int:
        """Replace the catalogue (one transaction) and record which snapshot it came from."""
        with self.writing("loading the WDI catalogue"), self._conn:
            n = fill_catalogue(self._conn, series, economies)
            self._conn.execute(
                "INSERT INTO meta(key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
                (CATALOGUE_META_KEY, built_at))
        return n

    def search_catalogue(self, match: str, limit: int, exclude: Iterable[str] = ()):
        return search(self._conn, match, limit, exclude)

    def catalogue_series(self, code: str):
        return series_entry(self._conn, code)

    def catalogue_names(self) -> dict[str, str] | None:
        """code → name of every series in the store's catalogue; None when it has none."""
        if not has_catalogue(self._conn):
            return None
        return dict(self._conn.execute("SELECT code, name FROM catalogue_series"))

    def current_counts(self, series: Iterable[str], economy: str) -> dict[str, int]:
        """Current values per series for one economy (one index range per series)."""
        codes = list(series)
        if not codes:
            return {}
        rows = self._conn.execute(
            f"SELECT series, count(*) FROM observations WHERE series IN "
            f"({','.join('?' * len(codes))}) AND economy=? AND is_current=1 GROUP BY series",
            (*codes, economy))
        return {s: 0 for s in codes} | {r[0]: r[1] for r in rows}

    def current_counts_all(self, series: Iterable[str]) -> dict[str, int]:
        """Current values per series over every economy and source (the maintained counts)."""
        codes = list(series)
        if not codes:
            return {}
        try:
            rows = self._conn.execute(
                f"SELECT series, sum(current_rows) FROM series_stats WHERE series IN "
                f"({','.join('?' * len(codes))}) GROUP BY series", codes)
            return {r[0]: int(r[1] or 0) for r in rows}
        except sqlite3.OperationalError:  # a schema-1 store opened read-only: no counts
            return {}

    def series_holdings(self, series: str) -> list[dict]:
        """What the store holds of one series, per source: values, current values, years,
        newest vintage and economies with a current value."""
        out = []
        for r in self._conn.execute(
                "SELECT source, count(*) AS rows, sum(is_current) AS current_rows, "
                "min(year) AS first_year, max(year) AS last_year, "
                "count(DISTINCT CASE WHEN is_current=1 THEN economy END) AS economies "
                "FROM observations WHERE series=? GROUP BY source ORDER BY source",
                (series,)):
            d = dict(zip(("source", "rows", "current_rows", "first_year", "last_year",
                          "economies"), tuple(r), strict=True))
            (d["newest_vintage"],) = self._conn.execute(
                "SELECT max(vintage_date) FROM observations WHERE series=? AND source=?",
                (series, d["source"])).fetchone()
            out.append(d)
        return out
