"""The store's reads of values and their metadata (mixed into `cache.store.Store`, which
provides ``_conn``, ``_values``, ``_finite_only`` and ``meta``): observations with their
provenance, series names, fetches, per-source summaries and the codes that have data."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable

from cache.runs import RUNS_TABLE
from cache.writes import STATS_META_KEY, STATS_VERSION, summary_from_stats
from indicators.models import FetchRecord, Observation, SeriesMeta


def _row_to_observation(row: sqlite3.Row) -> Observation:
    return Observation(
        source=row["source"], dataset=row["dataset"], series=row["series"],
        economy=row["economy"], counterpart=row["counterpart"], year=row["year"],
        period=row["period"], value=row["value"], unit=row["unit"],
        publisher_updated=row["publisher_updated"], retrieved_at=row["retrieved_at"],
        origin=row["origin"], note=row["note"], refresh_id=row["refresh_id"],
    )



class StoreReads:
    _conn: sqlite3.Connection
    _values: str
    _finite_only: str
    version: int

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
        if self._finite_only:
            where = (where or " WHERE 1") + self._finite_only
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

    def series_name(self, source: str, series: str) -> str | None:
        """One series' name (a primary-key lookup), None if the store does not know it."""
        row = self._conn.execute("SELECT name FROM series WHERE source=? AND series=?",
                                 (source, series)).fetchone()
        return row[0] if row else None

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
        """Per source: rows, current rows, series, economies, year range, newest vintage.

        Read from the counts every write maintains (`cache.writes`), never by counting rows.
        """
        if self.meta(STATS_META_KEY) == STATS_VERSION:
            return summary_from_stats(self._conn)
        rows = self._conn.execute(  # a read-only store written before the counts existed
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
        # counterpart's index leaves out '' (see _SCHEMA); the condition lets SQLite use it.
        also = f" AND {column} != ''" if column == "counterpart" else ""
        # Since schema 8 sources and counterparts are in the runs (`cache.runs`), not per value.
        table = RUNS_TABLE if self.version >= 8 else self._values
        rows = self._conn.execute(
            f"""
            WITH RECURSIVE seen(v) AS (
              SELECT min({column}) FROM {table} WHERE 1{also}
              UNION ALL
              SELECT (SELECT min({column}) FROM {table} WHERE {column} > v{also})
              FROM seen WHERE v IS NOT NULL
            ) SELECT v FROM seen WHERE v IS NOT NULL"""
        )
        return [r[0] for r in rows]

    def sources_with_data(self) -> list[str]:
        """Sources that have at least one observation."""
        if self.version >= 8:  # the maintained counts (the runs have no index by source)
            return [r[0] for r in self._conn.execute(
                "SELECT DISTINCT source FROM series_stats WHERE rows > 0 ORDER BY source")]
        return self._distinct("source")

    def economies(self) -> list[str]:
        """Every economy and counterpart code that has an observation."""
        if self.meta(STATS_META_KEY) == STATS_VERSION:
            economies = [r[0] for r in self._conn.execute(
                "SELECT DISTINCT economy FROM economy_stats WHERE rows > 0")]
        else:  # a read-only store written before the counts existed
            economies = self._distinct("economy")
        return sorted({*economies, *self._distinct("counterpart")} - {""})
