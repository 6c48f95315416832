"""One row of a bulk file: its codes checked, its cells turned into values, repeats found.

Shared by every bulk layout (`wb_bulk`, `databank`). Numbers are stricter than ``float()``: no
"nan", "inf", "1_000" or non-ASCII digits pass as numbers, and a number that overflows a float
("1e400") is a rejected row, never an infinity in the store.
"""

from __future__ import annotations

import re
import sqlite3
from itertools import compress
from math import isfinite

from indicators.sources.bulk_report import (
    DUPLICATE,
    ECONOMY,
    NOT_A_NUMBER,
    NOT_FINITE,
    OTHER_SERIES,
    SERIES,
    TOO_MANY_SERIES,
    BulkFile,
)
from indicators.sources.reference import unit_from_series_name

ECONOMY_CODE = re.compile(r"[A-Z0-9]{3}\Z")  # ISO alpha-3 or a World Bank aggregate (WLD, EAR)
SERIES_CODE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.]*\Z")
# A cell's number: ASCII digits only (``\d`` would let Arabic-Indic digits through).
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?\Z")
_SHOWN = 5  # bad cells named in a rejection's detail
_CELL_SHOWN = 40  # characters of one bad cell shown


class RowRejected(Exception):  # noqa: N818 (a row's verdict, not a failure)
    """This row is not imported: ``reason`` (one of `bulk_report.REASONS`) and ``detail``."""

    def __init__(self, reason: str, detail: str):
        super().__init__(detail)
        self.reason = reason
        self.detail = detail


def values_of(years: list[int], cells: list[str]) -> tuple[list[int], list[float]]:
    """The years and values of a row's cells (an empty cell is a value the publisher lacks).

    Raises `RowRejected` when any cell is not a number (none of the row's values is trusted:
    a row with text among its numbers may be shifted) or not finite.
    """
    joined = "".join(cells)
    # float() also takes "1_000", non-ASCII digits and spaces: those rows go the careful way
    # ("inf" and "nan" pass float() but not the sum below). isascii() is O(1) in CPython.
    if joined.isascii() and "_" not in joined:
        try:
            values = list(map(float, compress(cells, cells)))
        except ValueError:  # "1.2.3", "e5": named by the careful path below
            pass
        else:
            if isfinite(sum(values)):  # any inf or nan makes the sum so
                return list(compress(years, cells)), values
    return _careful(years, cells)


def _careful(years: list[int], cells: list[str]) -> tuple[list[int], list[float]]:
    out_years: list[int] = []
    out_values: list[float] = []
    bad: list[str] = []
    infinite: list[str] = []
    for year, cell in zip(years, cells, strict=True):
        text = cell.strip()
        if not text:
            continue
        shown = repr(text if len(text) <= _CELL_SHOWN else text[:_CELL_SHOWN] + "…")
        try:
            value = float(text)
        except ValueError:
            bad.append(f"{year}: {shown}")
            continue
        if not isfinite(value):
            what = "overflows a float" if _NUMBER.match(text) else "is not finite"
            infinite.append(f"{year}: {shown} {what}")
        elif not _NUMBER.match(text):
            bad.append(f"{year}: {shown}")  # "1_000", non-ASCII digits
        else:
            out_years.append(year)
            out_values.append(value)
    if bad:
        raise RowRejected(NOT_A_NUMBER, "not a number in " + _listed(bad))
    if infinite:
        raise RowRejected(NOT_FINITE, "not a finite number: " + _listed(infinite))
    return out_years, out_values


def _listed(items: list[str]) -> str:
    more = len(items) - _SHOWN
    return ", ".join(items[:_SHOWN]) + (f" and {more} more" if more > 0 else "")


class SeenKeys:
    """The line each key (a series and economy, or with a year) first appeared on.

    A full WDI file has ≈400,000 keys, held in a dict. A hostile file can have as many as it
    has lines, so past ``in_memory`` keys they move to a temporary SQLite file (on disk, in the
    system's temporary folder): memory stays bounded whatever the file holds.
    """

    def __init__(self, in_memory: int = 500_000):
        self._limit = in_memory
        self._mem: dict[str, int] = {}
        self._db: sqlite3.Connection | None = None

    def first(self, key: str, line: int) -> int | None:
        """Note ``key`` at ``line``: None the first time, else the line it first appeared on."""
        if self._db is None:
            first = self._mem.setdefault(key, line)
            if first != line:
                return first
            if len(self._mem) > self._limit:
                self._spill()
            return None
        cur = self._db.execute("INSERT OR IGNORE INTO seen VALUES (?, ?)", (key, line))
        if cur.rowcount == 1:
            return None
        return self._db.execute("SELECT line FROM seen WHERE key=?", (key,)).fetchone()[0]

    def _spill(self) -> None:
        db = sqlite3.connect("")  # "": a private temporary database on disk
        db.execute("PRAGMA cache_size=-16384")  # 16 MB
        db.execute("CREATE TABLE seen (key TEXT PRIMARY KEY, line INTEGER) WITHOUT ROWID")
        db.executemany("INSERT INTO seen VALUES (?, ?)", self._mem.items())
        self._mem = {}
        self._db = db

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None


# (series, economy, unit, years, values): one row's values of one series for one economy
Group = tuple[str, str, str, list[int], list[float]]
# Series one file may bring (the full WDI has ≈1,500): what a file holds is kept per series.
MAX_SERIES = 50_000


class RowChecker:
    """Checks a row's codes and cells and turns it into a `Group`, filling in the file's counts.

    This runs once per row of a 400,000-row file, so a code is checked by its pattern the first
    time only, and a rejection's text is written only for a rejected row.
    """

    def __init__(self, file: BulkFile, name: str):
        self.file = file
        self.name = name  # the file name rejections are reported under
        self.seen = SeenKeys()
        self._units: dict[str, str] = {}  # series → unit: the series seen (and checked)
        self._economies: set[str] = set()  # the economy codes checked

    def reject(self, line: int, reason: str, detail: str) -> None:
        self.file.rejected.add(self.name, line, reason, detail)

    def group(self, line: int, economy: str, series: str, series_name: str,
              years: list[int], cells: list[str], key: str = "") -> Group | None:
        """The row's group, or None (rejected, or no values); ``key`` extends the repeat check
        (a year, where each row holds one year)."""
        unit = self._units.get(series)
        try:
            if economy not in self._economies:
                self._check_economy(economy)
            if unit is None:
                self._check_series(series)
            first = self.seen.first(f"{series}\t{economy}{key}", line)
            if first is not None:
                raise RowRejected(DUPLICATE, f"{series} for {economy}"
                                  + (f" in {key.strip()}" if key else "")
                                  + f" already appears on line {first}")
            years, values = values_of(years, cells)
        except RowRejected as exc:
            self.reject(line, exc.reason, f"{economy[:40]}: {exc.detail}"
                        if exc.reason in (NOT_A_NUMBER, NOT_FINITE) else exc.detail)
            return None
        file = self.file
        if unit is None:
            name = series_name.strip()[:500]
            file.series_names[series] = name
            unit = self._units[series] = unit_from_series_name(name)
        if not values:
            file.rows_without_values += 1
            return None
        file.rows_loaded += 1
        file.values += len(values)
        return series, economy, unit, years, values

    def _check_economy(self, economy: str) -> None:
        if not ECONOMY_CODE.match(economy):
            raise RowRejected(ECONOMY, f"economy code {economy[:40]!r} is not a 3-letter "
                                       "World Bank code")
        self._economies.add(economy)  # at most 36³ codes match

    def _check_series(self, series: str) -> None:
        named = self.file.named_series
        if named and series != named:
            raise RowRejected(OTHER_SERIES, f"indicator code {series[:60]!r} differs from the "
                                            f"file's {named!r} (from its name)")
        if not SERIES_CODE.match(series) or len(series) > 80:
            raise RowRejected(SERIES, f"indicator code {series[:60]!r} is not a World Bank "
                                      "series code")
        if len(self._units) >= MAX_SERIES:
            raise RowRejected(TOO_MANY_SERIES, f"{series} is one indicator more than the "
                                               f"{MAX_SERIES:,} one file may hold")

    def close(self) -> None:
        self.seen.close()
