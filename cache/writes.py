"""The store's write path: replace a scope's rows while touching only the series written.

A write never rescans the whole store. Per batch it

* deletes the rows its `ReplaceScope` supersedes, series by series, as each series first
  appears (so a streamed multi-indicator file needs no second pass);
* inserts a series no other row of the source has yet with ``is_current=1`` straight away (each
  key appears once in such a batch), and recomputes ``is_current`` only for the series that
  already had rows (other vintages, other kinds) — rows of every other series stay untouched;
* counts new / changed / unchanged values against the previous current values of those series
  only (copied to a temporary table, so memory stays bounded however large the write);
* keeps the per-series and per-economy counts (`series_stats`, `economy_stats`) that `status`
  and the dashboard read instead of counting millions of rows.

Why hand-written and not an ORM bulk helper: the speed comes from SQLite-specific choices
(one transaction, executemany, scoped window function) that a generic layer would hide.
"""

from __future__ import annotations

import sqlite3
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from cache.provenance import VALUES_TABLE, DeferredIndexes, ProvenanceIds, drop_orphaned
from indicators.models import WriteCounts

STATS_SCHEMA = """
CREATE TABLE IF NOT EXISTS series_stats (
    source TEXT NOT NULL,
    series TEXT NOT NULL,
    rows INTEGER NOT NULL,
    current_rows INTEGER NOT NULL,
    first_year INTEGER,
    last_year INTEGER,
    newest_vintage TEXT,
    PRIMARY KEY (source, series)
);
CREATE TABLE IF NOT EXISTS economy_stats (
    source TEXT NOT NULL,
    economy TEXT NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (source, economy)
);
CREATE TABLE IF NOT EXISTS imported_files (
    source TEXT NOT NULL,
    digest TEXT NOT NULL,
    publisher_updated TEXT NOT NULL,
    refresh_id INTEGER NOT NULL,
    rows INTEGER NOT NULL,
    PRIMARY KEY (source, digest, publisher_updated)
);
"""
STATS_META_KEY = "stats_version"  # set once series_stats/economy_stats match the observations
STATS_VERSION = "1"

VALUES_INSERT = (
    f"INSERT INTO {VALUES_TABLE}(source, series, economy, counterpart, year, period, value, "
    "refresh_id, provenance_id, is_current) VALUES (?,?,?,?,?,?,?,?,?,?)"
)
_TOLERANCE = "1e-12"
_ROWS_PER_STATEMENT = 100  # rows in one multi-row INSERT (SQLite binds up to 32,766 values)


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
    # A streamed multi-series file: replace (in these kinds, of this vintage) exactly the
    # series the write contains, each as it first appears.
    only_written: bool = False
    # Datasets the write could not read this time (one edition of several failed): their
    # stored rows stay as they are.
    keep_datasets: frozenset[str] = frozenset()


@dataclass(frozen=True)
class RowTemplate:
    """What every row of a streamed write shares (one file: one origin, one vintage)."""

    source: str
    dataset: str
    publisher_updated: str
    vintage_date: str | None
    retrieved_at: str
    origin: str
    note: str = ""


def _sql_literal(value: str | None) -> str:
    """An SQL literal for a text constant (SQL's own quoting: ' doubled); NUL is refused."""
    if value is None:
        return "NULL"
    if "\x00" in value:
        raise ValueError("a NUL character cannot be stored")
    return "'" + value.replace("'", "''") + "'"


def _marks(n: int) -> str:
    return ",".join("?" * n)


@dataclass
class ScopedWriter:
    """One write transaction's bookkeeping; the caller owns BEGIN / COMMIT / ROLLBACK."""

    conn: sqlite3.Connection
    scope: ReplaceScope
    refresh_id: int
    opened: dict[str, bool] = field(default_factory=dict)  # series → fresh (no earlier rows)
    fresh_new: int = 0
    inserted_series: Counter = field(default_factory=Counter)
    economy_delta: Counter = field(default_factory=Counter)
    years: dict[str, tuple[int, int]] = field(default_factory=dict)
    vintages: dict[str, str] = field(default_factory=dict)
    rows_written: int = 0
    _group_statements: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.provenance = ProvenanceIds(self.conn, self.refresh_id)
        self.indexes = DeferredIndexes(self.conn)
        self.conn.execute(
            "CREATE TEMP TABLE IF NOT EXISTS before_values (series TEXT, economy TEXT, "
            "counterpart TEXT, year INTEGER, period TEXT, value REAL, "
            "PRIMARY KEY (series, economy, counterpart, year, period))"
        )
        self.conn.execute("DELETE FROM temp.before_values")
        kinds = self.scope.kinds
        self._kind_ids = [
            r[0] for r in self.conn.execute(
                f"SELECT id FROM refreshes WHERE source=? AND kind IN ({_marks(len(kinds))}) "
                "AND id != ?",
                (self.scope.source, *kinds, self.refresh_id),
            )
        ]
        if self.scope.series is not None:
            for series in sorted(self.scope.series):
                self.open_series(series)
        elif not self.scope.only_written:
            # The whole source's rows of these kinds go: every series they hold is touched.
            for series in self._series_with_scope_rows():
                self.open_series(series)

    def _series_with_scope_rows(self) -> list[str]:
        if not self._kind_ids:
            return []
        rows = self.conn.execute(
            f"SELECT DISTINCT series FROM {VALUES_TABLE} WHERE source=? "
            f"AND refresh_id IN ({_marks(len(self._kind_ids))})",
            (self.scope.source, *self._kind_ids),
        )
        return sorted(r[0] for r in rows)

    def _scope_where(self, series: str) -> tuple[str, list]:
        # "+column" keeps SQLite off the (source, refresh_id) index: with one source holding
        # millions of rows, only the series index narrows a query down to one series.
        sql = f"series=? AND +source=? AND +refresh_id IN ({_marks(len(self._kind_ids))})"
        args: list = [series, self.scope.source, *self._kind_ids]
        if self.scope.publisher_updated is not None:
            sql += " AND provenance_id IN (SELECT id FROM provenance WHERE publisher_updated=?)"
            args.append(self.scope.publisher_updated)
        if self.scope.keep_datasets:
            keep = sorted(self.scope.keep_datasets)
            sql += (" AND provenance_id NOT IN (SELECT id FROM provenance WHERE dataset IN "
                    f"({_marks(len(keep))}))")
            args += keep
        return sql, args

    def open_series(self, series: str) -> bool:
        """Prepare ``series`` for new rows; True when the source has no other row of it."""
        if series in self.opened:
            return self.opened[series]
        conn, source = self.conn, self.scope.source
        if self.indexes.active:
            # Without the series index, ask the maintained counts (a lookup, not a scan); a
            # series that has rows needs the index for its deletes and recount: build it now.
            if conn.execute("SELECT 1 FROM series_stats WHERE source=? AND series=? AND rows > 0",
                            (source, series)).fetchone() is None:
                self.opened[series] = True
                return True
            self.indexes.rebuild()
        elif conn.execute(
            f"SELECT 1 FROM {VALUES_TABLE} WHERE series=? AND +source=? LIMIT 1", (series, source)
        ).fetchone() is None:
            self.opened[series] = True
            return True
        conn.execute(
            # OR IGNORE: a store whose is_current marks were damaged (two current rows for one
            # key) must still take a write, which recomputes the marks for the series.
            "INSERT OR IGNORE INTO temp.before_values SELECT series, economy, counterpart, year, "
            "period, "
            f"value FROM {VALUES_TABLE} WHERE series=? AND +source=? AND is_current=1",
            (series, source),
        )
        if self._kind_ids:
            where, args = self._scope_where(series)
            for economy, n in conn.execute(
                f"SELECT economy, count(*) FROM {VALUES_TABLE} WHERE {where} GROUP BY economy",
                args,
            ):
                self.economy_delta[economy] -= n
            conn.execute(f"DELETE FROM {VALUES_TABLE} WHERE {where}", args)
        self.opened[series] = False
        return False

    def insert(self, rows: Sequence[tuple], *, unique_keys: bool) -> None:
        """Insert full observation rows (as `observation_rows` makes them).

        ``unique_keys``: the caller guarantees no key appears twice in the whole write, so a
        fresh series' rows are current as inserted.
        """
        fresh = {s: self.open_series(s) for s in {r[2] for r in rows}}
        rid, prov = self.refresh_id, self.provenance.id_for
        self.conn.executemany(
            VALUES_INSERT,
            ((r[0], r[2], r[3], r[4], r[5], r[6], r[7], rid,
              prov((r[1], r[8], r[9], r[10], r[11], r[12], r[13])),
              1 if unique_keys and fresh[r[2]] else 0) for r in rows),
        )
        for r in rows:
            self.note_rows(r[2], r[3], r[5], r[5], 1, r[10])
        if unique_keys:
            self.fresh_new += sum(1 for r in rows if fresh[r[2]])

    def insert_groups(self, groups: Sequence[tuple], t: RowTemplate) -> None:
        """Insert (series, economy, unit, years, values) groups; keys must be unique in the
        whole write. This is the path a 15-million-value file takes, so: the rows are
        assembled by itertools rather than a Python loop per value, what every row shares is
        bound once per group, and the groups go in series order, which is the order of the
        index every insert has to find its place in (when it is not deferred)."""
        fresh = {s: self.open_series(s) for s in {g[0] for g in groups}}
        groups = sorted(groups, key=itemgetter(0))
        # One statement per group (an economy's years of one series), its rows listed in one
        # VALUES clause: measured on the full WDI, 2.3× faster than a statement per value.
        # What all the group's rows share is bound once; statements differ only in their
        # number of rows, so SQLite's statement cache holds them all.
        execute, per = self.conn.execute, _ROWS_PER_STATEMENT
        for series, economy, unit, years, values in groups:
            shared = (series, economy, self.provenance.id_for((
                t.dataset, unit, t.publisher_updated, t.vintage_date, t.retrieved_at, t.origin,
                t.note)), 1 if fresh[series] else 0)
            for start in range(0, len(years), per):
                ys, vs = (years, values) if len(years) <= per else (
                    years[start:start + per], values[start:start + per])
                execute(self._group_sql(len(ys), t.source),
                        (*shared, *chain.from_iterable(zip(ys, vs, strict=True))))
        for series, economy, _unit, years, _values in groups:
            self.note_rows(series, economy, years[0], years[-1], len(years), t.vintage_date)
            if fresh[series]:
                self.fresh_new += len(years)
            self.rows_written += len(years)

    def _group_sql(self, rows: int, source: str) -> str:
        if (sql := self._group_statements.get(rows)) is None:
            values = ",".join(
                f"({_sql_literal(source)}, ?1, ?2, '', ?{5 + 2 * i}, '', ?{6 + 2 * i}, "
                f"{int(self.refresh_id)}, ?3, ?4)" for i in range(rows))
            sql = self._group_statements[rows] = (
                f"INSERT INTO {VALUES_TABLE}(source, series, economy, counterpart, year, period, "
                f"value, refresh_id, provenance_id, is_current) VALUES {values}")
        return sql

    def defer_indexes_if_large(self, existing_rows: int) -> None:
        """Drop the secondary indexes once this write has streamed more rows than the store
        held before it: from then on building them anew is cheaper than maintaining them."""
        if not self.indexes.active and self.rows_written >= max(existing_rows, 1):
            self.indexes.drop()

    def note_rows(self, series: str, economy: str, first: int, last: int, n: int,
                  vintage: str | None) -> None:
        self.inserted_series[series] += n
        self.economy_delta[economy] += n
        lo, hi = self.years.get(series, (first, last))
        self.years[series] = (min(lo, first), max(hi, last))
        if vintage and vintage > self.vintages.get(series, ""):
            self.vintages[series] = vintage

    def finish(self, *, unique_keys: bool) -> WriteCounts:
        """Recompute what the write touched; return how the current values changed."""
        conn, source = self.conn, self.scope.source
        self.indexes.rebuild()
        recompute = sorted(s for s, fresh in self.opened.items() if not fresh or not unique_keys)
        for series in recompute:
            _recompute_current(conn, source, series)
        counts = self._counts(recompute)
        if unique_keys:
            counts = WriteCounts(new=counts.new + self.fresh_new, changed=counts.changed,
                                 unchanged=counts.unchanged)
        self._update_stats(recompute, unique_keys)
        drop_orphaned(conn, source, self._kind_ids)
        conn.execute("DELETE FROM temp.before_values")
        return counts

    def _counts(self, series: list[str]) -> WriteCounts:
        if not series:
            return WriteCounts()
        row = self.conn.execute(
            f"""
            SELECT count(*) FILTER (WHERE b.value IS NULL),
                   count(*) FILTER (WHERE b.value IS NOT NULL AND abs(b.value - k.value)
                                    > {_TOLERANCE} * max(1.0, abs(b.value))),
                   count(*) FILTER (WHERE b.value IS NOT NULL AND abs(b.value - k.value)
                                    <= {_TOLERANCE} * max(1.0, abs(b.value)))
            FROM (SELECT series, economy, counterpart, year, period, min(id), value
                  FROM {VALUES_TABLE} WHERE source=? AND refresh_id=?
                  AND series IN ({_marks(len(series))})
                  GROUP BY series, economy, counterpart, year, period) AS k
            LEFT JOIN temp.before_values AS b USING (series, economy, counterpart, year, period)
            """,
            (self.scope.source, self.refresh_id, *series),
        ).fetchone()
        return WriteCounts(new=row[0], changed=row[1], unchanged=row[2])

    def _update_stats(self, recomputed: list[str], unique_keys: bool) -> None:
        conn, source = self.conn, self.scope.source
        for series in recomputed:
            refresh_series_stats(conn, source, series)
        fresh = [s for s, f in self.opened.items() if f and unique_keys]
        conn.executemany(
            "INSERT OR REPLACE INTO series_stats VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                (source, s, self.inserted_series[s], self.inserted_series[s],
                 *self.years[s], self.vintages.get(s))
                for s in fresh if self.inserted_series[s]
            ),
        )
        conn.executemany(
            "INSERT INTO economy_stats(source, economy, rows) VALUES (?, ?, ?) "
            "ON CONFLICT(source, economy) DO UPDATE SET rows = rows + excluded.rows",
            ((source, e, n) for e, n in self.economy_delta.items() if n),
        )
        conn.execute("DELETE FROM economy_stats WHERE source=? AND rows <= 0", (source,))


def _recompute_current(conn: sqlite3.Connection, source: str, series: str) -> None:
    """Newest vintage wins, for one series of one source (other rows are not read)."""
    conn.execute(
        f"UPDATE {VALUES_TABLE} SET is_current=0 WHERE series=? AND +source=? AND is_current=1",
        (series, source),
    )
    conn.execute(
        f"""
        UPDATE {VALUES_TABLE} SET is_current=1 WHERE id IN (
          SELECT id FROM (
            SELECT id, ROW_NUMBER() OVER (
              PARTITION BY economy, counterpart, year, period
              ORDER BY (vintage_date IS NULL), vintage_date DESC, retrieved_at DESC, id DESC
            ) AS rn FROM observations WHERE series=? AND +source=?
          ) WHERE rn=1
        )""",
        (series, source),
    )


def refresh_series_stats(conn: sqlite3.Connection, source: str, series: str) -> None:
    conn.execute("DELETE FROM series_stats WHERE source=? AND series=?", (source, series))
    conn.execute(
        "INSERT INTO series_stats SELECT source, series, count(*), sum(is_current), min(year), "
        "max(year), max(vintage_date) FROM observations WHERE series=? AND +source=? "
        "GROUP BY source, series",
        (series, source),
    )


# Count everything once (a store written before the counts existed); one full scan. Run by the
# store's schema migration 3.
REBUILD_STATS_SQL = """
DELETE FROM series_stats;
DELETE FROM economy_stats;
INSERT INTO series_stats SELECT source, series, count(*), sum(is_current), min(year),
    max(year), max(vintage_date) FROM observations GROUP BY source, series;
INSERT INTO economy_stats SELECT source, economy, count(*) FROM observations
    GROUP BY source, economy;
"""


def summary_from_stats(conn: sqlite3.Connection) -> list[dict]:
    economies = dict(conn.execute("SELECT source, count(*) FROM economy_stats GROUP BY source"))
    rows = conn.execute(
        "SELECT source, sum(rows) AS rows, sum(current_rows) AS current_rows, "
        "count(*) AS series, min(first_year) AS first_year, max(last_year) AS last_year, "
        "max(newest_vintage) AS newest_vintage FROM series_stats WHERE rows > 0 "
        "GROUP BY source ORDER BY source"
    )
    out = []
    for r in rows:
        d = dict(r) if isinstance(r, sqlite3.Row) else dict(zip(
            ("source", "rows", "current_rows", "series", "first_year", "last_year",
             "newest_vintage"), r, strict=True))
        d["economies"] = economies.get(d["source"], 0)
        out.append(d)
    return out


def observation_rows(observations: Iterable, now: str, vintage_of) -> list[tuple]:
    """`Observation`s as rows of all the view's columns but id, refresh_id and is_current."""
    return [
        (o.source, o.dataset, o.series, o.economy, o.counterpart, o.year, o.period, o.value,
         o.unit, o.publisher_updated, vintage_of(o.publisher_updated), o.retrieved_at or now,
         o.origin, o.note)
        for o in observations
    ]
