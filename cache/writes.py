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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain
from operator import itemgetter

from cache import imports
from cache.provenance import VALUES_TABLE, ProvenanceIds, drop_orphaned
from cache.runs import JOINED, RUNS_TABLE, add_runs, drop_empty_runs, next_id, runs_of
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
    f"INSERT INTO {VALUES_TABLE}(id, year, period, value, provenance_id, is_current) "
    "VALUES (?,?,?,?,?,?)"
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
    # Series → the (economy, counterpart) keys to replace: only those rows of only those series
    # (a refresh that asked for some economies, or got no value for some, keeps the others).
    keys: Mapping[str, frozenset[tuple[str, str]]] | None = None
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
    replaced_refreshes: set[int] = field(default_factory=set)  # earlier refreshes that lost rows
    _group_statements: dict[int, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.provenance = ProvenanceIds(self.conn, self.refresh_id)
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
        if self.scope.keys is not None:
            for series in sorted(self.scope.keys):
                self.open_series(series)
        elif self.scope.series is not None:
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
            f"SELECT DISTINCT series FROM {RUNS_TABLE} WHERE source=? "
            f"AND refresh_id IN ({_marks(len(self._kind_ids))})",
            (self.scope.source, *self._kind_ids),
        )
        return sorted(r[0] for r in rows)

    def _scope_where(self, series: str) -> tuple[str, list, str, list]:
        """The runs (columns of r) and value rows (of v) of ``series`` this write replaces."""
        runs = f"r.series=? AND r.source=? AND r.refresh_id IN ({_marks(len(self._kind_ids))})"
        run_args: list = [series, self.scope.source, *self._kind_ids]
        rows, row_args = "1", []
        if self.scope.keys is not None:
            keys = sorted(self.scope.keys.get(series, ()))
            runs += (" AND (r.economy, r.counterpart) IN (VALUES "
                     + ",".join("(?, ?)" for _ in keys) + ")") if keys else " AND 0"
            run_args += [code for key in keys for code in key]
        if self.scope.publisher_updated is not None:
            rows += " AND v.provenance_id IN (SELECT id FROM provenance WHERE publisher_updated=?)"
            row_args.append(self.scope.publisher_updated)
        if self.scope.keep_datasets:
            keep = sorted(self.scope.keep_datasets)
            rows += (" AND v.provenance_id NOT IN (SELECT id FROM provenance WHERE dataset IN "
                     f"({_marks(len(keep))}))")
            row_args += keep
        return runs, run_args, rows, row_args

    def open_series(self, series: str) -> bool:
        """Prepare ``series`` for new rows; True when the source has no other row of it."""
        if series in self.opened:
            return self.opened[series]
        conn, source = self.conn, self.scope.source
        if conn.execute(
            f"SELECT 1 FROM {JOINED} WHERE r.series=? AND r.source=? LIMIT 1", (series, source)
        ).fetchone() is None:
            self.opened[series] = True
            return True
        conn.execute(
            # OR IGNORE: a store whose is_current marks were damaged (two current rows for one
            # key) must still take a write, which recomputes the marks for the series.
            "INSERT OR IGNORE INTO temp.before_values SELECT r.series, r.economy, r.counterpart, "
            f"v.year, v.period, v.value FROM {JOINED} WHERE r.series=? AND r.source=? "
            "AND v.is_current=1",
            (series, source),
        )
        if self._kind_ids:
            runs, run_args, rows, row_args = self._scope_where(series)
            for economy, refresh_id, n in conn.execute(
                f"SELECT r.economy, r.refresh_id, count(*) FROM {JOINED} WHERE {runs} "
                f"AND {rows} GROUP BY r.economy, r.refresh_id",
                run_args + row_args,
            ):
                self.economy_delta[economy] -= n
                self.replaced_refreshes.add(refresh_id)
            conn.execute(f"DELETE FROM {VALUES_TABLE} WHERE id IN (SELECT v.id FROM {JOINED} "
                         f"WHERE {runs} AND {rows})", run_args + row_args)
            drop_empty_runs(conn, runs, run_args)
        self.opened[series] = False
        return False

    def insert(self, rows: Sequence[tuple], *, unique_keys: bool) -> None:
        """Insert full observation rows (as `observation_rows` makes them).

        ``unique_keys``: the caller guarantees no key appears twice in the whole write, so a
        fresh series' rows are current as inserted.
        """
        fresh = {s: self.open_series(s) for s in {r[2] for r in rows}}
        rid, prov = self.refresh_id, self.provenance.id_for
        # Ids given, not left to SQLite, so the runs (`cache.runs`) are known without asking.
        first = next_id(self.conn)
        self.conn.executemany(
            VALUES_INSERT,
            ((first + i, r[5], r[6], r[7], prov((r[1], r[8], r[9], r[10], r[11], r[12], r[13])),
              1 if unique_keys and fresh[r[2]] else 0) for i, r in enumerate(rows)),
        )
        add_runs(self.conn, runs_of((first + i, (r[0], r[2], r[3], r[4], rid))
                                    for i, r in enumerate(rows)))
        for r in rows:
            self.note_rows(r[2], r[3], r[5], r[5], 1, r[10])
        if unique_keys:
            self.fresh_new += sum(1 for r in rows if fresh[r[2]])

    def insert_groups(self, groups: Sequence[tuple], t: RowTemplate, *,
                      unique_keys: bool = True) -> None:
        """Insert (series, economy, unit, years, values) groups. With ``unique_keys`` (no key
        twice in the whole write) a fresh series' rows are current as inserted; without, the
        write's `finish` decides (several vintages of one key in one write). This is the
        path a 15-million-value file takes, so: the rows are assembled by itertools rather
        than a Python loop per value, what every row shares is bound once per group, and the
        groups go in series order, which is the order of the index every insert has to find
        its place in: the runs' (`cache.runs`), one entry per group."""
        fresh = {s: self.open_series(s) for s in {g[0] for g in groups}}
        groups = sorted(groups, key=itemgetter(0))
        # One statement per group (an economy's years of one series), its rows listed in one
        # VALUES clause: measured on the full WDI, 2.3× faster than a statement per value.
        # What all the group's rows share is bound once; statements differ only in their
        # number of rows, so SQLite's statement cache holds them all.
        execute, per = self.conn.execute, _ROWS_PER_STATEMENT
        statements, source = self._group_statements, t.source
        provenance: dict[str, int] = {}  # unit → the provenance row (one per unit per stream)
        inserted, economies, spans = self.inserted_series, self.economy_delta, self.years
        fresh_rows = written = 0
        # SQLite gives an inserted row the largest id plus one, so a group's rows get
        # consecutive ids from here on (checked after the last group).
        first_id = start_id = next_id(self.conn)
        runs: list[tuple] = []
        refresh_id = self.refresh_id
        for series, economy, unit, years, values in groups:
            if (prov := provenance.get(unit)) is None:
                prov = provenance[unit] = self.provenance.id_for((
                    t.dataset, unit, t.publisher_updated, t.vintage_date, t.retrieved_at,
                    t.origin, t.note))
            n = len(years)
            current = fresh[series] and unique_keys
            shared = (prov, 1 if current else 0)
            if n <= per:
                execute(statements.get(n) or self._group_sql(n),
                        (*shared, *chain.from_iterable(zip(years, values, strict=True))))
            else:
                for start in range(0, n, per):
                    ys, vs = years[start:start + per], values[start:start + per]
                    execute(statements.get(len(ys)) or self._group_sql(len(ys)),
                            (*shared, *chain.from_iterable(zip(ys, vs, strict=True))))
            runs.append((first_id, first_id + n - 1, source, series, economy, "", refresh_id))
            first_id += n
            # the counts note_rows keeps, kept here without a call per group
            inserted[series] += n
            economies[economy] += n
            first, last = min(years), max(years)  # (a snapshot's groups may be unsorted)
            span = spans.get(series)
            if span is None:
                spans[series] = (first, last)
            elif first < span[0] or last > span[1]:
                spans[series] = (min(span[0], first), max(span[1], last))
            written += n
            if current:
                fresh_rows += n
        if first_id != next_id(self.conn):
            raise RuntimeError(f"value rows got ids other than {start_id}–{first_id - 1}: the "
                               "store's runs would not match them; nothing was written")
        add_runs(self.conn, runs)
        if t.vintage_date:
            for series in fresh:
                if t.vintage_date > self.vintages.get(series, ""):
                    self.vintages[series] = t.vintage_date
        self.fresh_new += fresh_rows
        self.rows_written += written

    def _group_sql(self, rows: int) -> str:
        if (sql := self._group_statements.get(rows)) is None:
            values = ",".join(f"(?{3 + 2 * i}, '', ?{4 + 2 * i}, ?1, ?2)" for i in range(rows))
            sql = self._group_statements[rows] = (
                f"INSERT INTO {VALUES_TABLE}(year, period, value, provenance_id, is_current) "
                f"VALUES {values}")
        return sql

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
        recompute = sorted(s for s, fresh in self.opened.items() if not fresh or not unique_keys)
        # Series by series, each found through its runs: one pass over the source would sort
        # every row it holds (15 M after a WDI import) for the few series a write shares.
        for series in recompute:
            _recompute_current(conn, source, series)
        counts = self._counts(recompute)
        if unique_keys:
            counts = WriteCounts(new=counts.new + self.fresh_new, changed=counts.changed,
                                 unchanged=counts.unchanged)
        self._update_stats(recompute, unique_keys)
        drop_orphaned(conn, source, self._kind_ids)
        imports.forget(conn, self.replaced_refreshes)
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
            FROM (SELECT r.series, r.economy, r.counterpart, v.year, v.period, min(v.id),
                         v.value
                  FROM {JOINED} WHERE r.source=? AND r.refresh_id=?
                  AND r.series IN ({_marks(len(series))})
                  GROUP BY r.series, r.economy, r.counterpart, v.year, v.period) AS k
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
    """Newest vintage wins, for one series of one source (other rows are not read).
    Through the view, which finds a series' rows by index whatever the schema (its runs since
    schema 8, `cache.runs`; this also runs in migration 5)."""
    where, args = "series=? AND +source=?", (series, source)
    conn.execute(f"UPDATE {VALUES_TABLE} SET is_current=0 WHERE id IN (SELECT id FROM "
                 f"observations WHERE {where} AND is_current=1)", args)
    conn.execute(
        f"""
        UPDATE {VALUES_TABLE} SET is_current=1 WHERE id IN (
          SELECT id FROM (
            SELECT id, ROW_NUMBER() OVER (
              PARTITION BY series, economy, counterpart, year, period
              ORDER BY (vintage_date IS NULL), vintage_date DESC, retrieved_at DESC, id DESC
            ) AS rn FROM observations WHERE {where}
          ) WHERE rn=1
        )""",
        args,
    )


def refresh_series_stats(conn: sqlite3.Connection, source: str, series: str) -> None:
    conn.execute("DELETE FROM series_stats WHERE source=? AND series=?", (source, series))
    conn.execute(
        "INSERT INTO series_stats SELECT source, series, count(*), sum(is_current), min(year), "
        "max(year), max(vintage_date) FROM observations WHERE series=? AND +source=? "
        "GROUP BY series",  # (source, series): SQLite might walk an index in that order
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
