"""Read DataBank exports ("Data_Extract_From_World_Development_Indicators"), CSV or XLSX.

What databank.worldbank.org really sends (checked against files and readers in public
repositories; the test fixtures in tests/databank_fixtures.py reproduce each fact):

* a zip ``[P_]Data_Extract_From_World_Development_Indicators.zip`` holding
  ``<uuid>_Data.csv`` and ``<uuid>_Series - Metadata.csv`` (only the first holds values);
  or the same table as an XLSX workbook with the sheets "Data" and "Series - Metadata";
* the CSV starts with a UTF-8 byte-order mark and ends its lines with CRLF; its header names
  the columns, e.g. ``Country Name,Country Code,Series Name,Series Code,2000 [YR2000],…``
  (names with commas are quoted: ``"Population, total"``); ``..`` is a missing value;
* after the last row come rows of empty cells and then two footer lines in the first column:
  ``Data from database: World Development Indicators`` and ``Last Updated: 12/22/2022``
  (month/day/year), the vintage of every value in the file;
* the table can be laid out three ways, found here by the column names: one row per economy and
  series with a column per year (the default; either pair first), one row per economy and year
  (``Time``, ``Time Code`` = ``YR2000``) with a column per series (``GDP (current US$)
  [NY.GDP.MKTP.CD]``), or one row per series and year with a column per economy
  (``Belarus [BLR]``). Columns it does not need are passed over; a column of another dimension
  (a ``Counterpart-Area Code``) is refused, as its values would be mistaken for totals.

The vintage is in the footer, after the values, so the file is read twice: once for the footer
(cheap; DataBank exports are small) and once for the values.
"""

from __future__ import annotations

import contextlib
import csv
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from indicators.models import iso, utc_now
from indicators.sources.base import SourceError
from indicators.sources.bulk_cells import Group, RowChecker
from indicators.sources.bulk_open import (
    ZIP_ERRORS,
    LineGuard,
    check_member,
    check_zip,
    is_utf8,
    utf8_text,
)
from indicators.sources.bulk_report import NOT_UTF8, YEAR, BulkFile, Rejections

_VALUE_HEADER = re.compile(r"^(?P<label>.*?)\s*\[(?P<code>[^\[\]]{1,80})\]\s*$")
_YEAR_CODE = re.compile(r"^YR(?P<year>\d{4})$")
_DATA_MEMBER = re.compile(r"_Data\.csv$", re.IGNORECASE)
_DATABASE = re.compile(r"^\s*Data from database:\s*(?P<name>.+?)\s*$")
_UPDATED = re.compile(r"^\s*Last Updated:\s*(?P<date>\d{1,2}/\d{1,2}/\d{4})\s*$")
CODE_COLUMNS = {"Country Code": "economy", "Series Code": "series", "Time Code": "time"}
NAME_COLUMNS = {"Country Name": "economy", "Series Name": "series", "Time": "time"}
MISSING = ".."
EXPECTED = (
    "expected a DataBank export: a header such as Country Name, Country Code, Series Name, "
    "Series Code, 2000 [YR2000], … and the footer lines \"Data from database: …\" and "
    "\"Last Updated: MM/DD/YYYY\""
)
DATASETS = {"World Development Indicators": "WDI"}


def is_data_member(name: str) -> bool:
    return bool(_DATA_MEMBER.search(Path(name).name))


def looks_like_databank(header: list[str]) -> bool:
    cells = {c.strip().lstrip("\ufeff") for c in header}
    return bool(cells & set(CODE_COLUMNS)) and any(_VALUE_HEADER.match(c) for c in cells)


@dataclass(frozen=True)
class Layout:
    """Where a DataBank table keeps its economy, series and year, found by the column names."""

    width: int
    codes: dict[str, int]  # dimension → column of its code ("time" may be the Time column)
    names: dict[str, int]  # dimension → column of its label
    across: str  # the dimension the value columns carry
    columns: list[tuple[int, str, str]]  # (column, code, label) of each value column

    @classmethod
    def of(cls, header: list[str], where: str) -> Layout:
        cells = [c.strip().lstrip("\ufeff") for c in header]
        codes = {dim: i for i, c in enumerate(cells) if (dim := CODE_COLUMNS.get(c))}
        names = {dim: i for i, c in enumerate(cells) if (dim := NAME_COLUMNS.get(c))}
        if "time" not in codes and "time" in names:
            codes["time"] = names["time"]  # a "Time" column of plain years
        other = [c for c in cells if c.endswith(" Code") and c not in CODE_COLUMNS]
        if other:
            raise SourceError(f"{where}: a DataBank table with a {other[0]!r} column (another "
                              "dimension); only economy × series × year tables are imported")
        missing = [d for d in ("economy", "series", "time") if d not in codes]
        if len(missing) != 1:
            raise SourceError(f"{where}: not a DataBank table Claimcheck can read (found the "
                              f"code columns {sorted(codes)}); {EXPECTED}")
        across = missing[0]
        columns = []
        for i, c in enumerate(cells):
            m = _VALUE_HEADER.match(c)
            if not m or i in codes.values() or i in names.values():
                continue
            code = m.group("code").strip()
            if across == "time":
                year = _YEAR_CODE.match(code)
                if year is None:
                    continue  # not a year column: passed over
                code = year.group("year")
            columns.append((i, code, m.group("label")))
        if not columns:
            example = "2000 [YR2000]" if across == "time" else "Name [CODE]"
            raise SourceError(f"{where}: no value columns ({example}) in the header; {EXPECTED}")
        return cls(len(cells), codes, names, across, columns)


class DataBankReader:
    """An opened DataBank export; same interface as `wb_bulk.BulkReader`."""

    vintage_from_content = True

    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] = utc_now,
                 rejected: Rejections | None = None, member: zipfile.ZipInfo | None = None,
                 xlsx: bool = False):
        self.path = Path(path)
        self._member = member
        self._xlsx = xlsx
        self.name = Path(member.filename).name if member else self.path.name
        self._stack = contextlib.ExitStack()
        header_line, header = self._header()
        self.layout = Layout.of(header, f"{self.path}:{header_line}")
        self.header_line = header_line
        database, updated = self._footer()
        origin = (f"{self.path.resolve()}!{member.filename}" if member
                  else f"{self.path.resolve()}!Data" if xlsx else str(self.path.resolve()))
        self.file = BulkFile(
            path=self.path, origin=origin, layout="DataBank XLSX" if xlsx else "DataBank CSV",
            language="en", data_source=database, publisher_updated=updated,
            retrieved_at=iso(clock()), dataset=DATASETS.get(database, database[:80]),
            rejected=rejected if rejected is not None else Rejections(),
        )
        self._rows = RowChecker(self.file, self.name)
        self._stack.callback(self._rows.close)

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> DataBankReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading the table -------------------------------------------------------------------
    def _table(self) -> Iterator[tuple[int, list[str]]]:
        """(line or sheet row, cells as text) of every row, header included."""
        return _xlsx_rows(self.path) if self._xlsx else self._csv_rows()

    def _csv_rows(self) -> Iterator[tuple[int, list[str]]]:
        with contextlib.ExitStack() as stack:
            try:
                if self._member is not None:
                    zf = stack.enter_context(zipfile.ZipFile(self.path))
                    check_member(self.path, self._member)
                    binary = stack.enter_context(zf.open(self._member))
                else:
                    binary = stack.enter_context(self.path.open("rb"))
            except ZIP_ERRORS as exc:
                raise SourceError(f"{self.path}: cannot be read ({exc})") from exc
            lines = LineGuard(stack.enter_context(utf8_text(binary)), self.path)
            reader = csv.reader(lines)
            try:
                for row in reader:
                    lines.start_record(reader.line_num)
                    yield reader.line_num, row
            except csv.Error as exc:
                raise SourceError(f"{self.path}:{reader.line_num}: not readable as CSV "
                                  f"({exc})") from None

    def _header(self) -> tuple[int, list[str]]:
        for line, row in self._table():
            if any(c.strip() for c in row):
                if not is_utf8(row):
                    raise SourceError(f"{self.path}:{line}: not UTF-8 text; {EXPECTED}")
                return line, row
        raise SourceError(f"{self.path}: empty; {EXPECTED}")

    def _footer(self) -> tuple[str, str]:
        """The database and the "Last Updated" date (ISO) from the lines after the table."""
        database = updated = ""
        for _, row in self._table():
            first = row[0] if row else ""
            if (m := _DATABASE.match(first)) and not self._has_codes(row):
                database = m.group("name")[:200]
            elif (m := _UPDATED.match(first)) and not self._has_codes(row):
                try:
                    updated = datetime.strptime(m.group("date"), "%m/%d/%Y").date().isoformat()
                except ValueError:
                    continue
        if not updated:
            raise SourceError(
                f"{self.path}: no \"Last Updated: MM/DD/YYYY\" line at the end, so the vintage "
                f"of its values is unknown; {EXPECTED}. Import the file exactly as exported."
            )
        return database or "World Development Indicators", updated

    def _has_codes(self, row: list[str]) -> bool:
        return any(i < len(row) and row[i].strip() for i in self.layout.codes.values())

    def groups(self, per_chunk: int = 30_000) -> Iterator[list[Group]]:
        chunk: list[Group] = []
        for line, row in self._table():
            if line <= self.header_line or not self._has_codes(row):
                continue  # the header, blank rows and the footer
            for group in self._row(line, row):
                chunk.append(group)
            if len(chunk) >= per_chunk:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def _row(self, line: int, row: list[str]) -> Iterator[Group]:
        layout, rows = self.layout, self._rows
        if not is_utf8(row):
            rows.reject(line, NOT_UTF8, "not UTF-8 text (re-saved in another encoding?)")
            return
        row = row + [""] * (layout.width - len(row))
        key = {dim: row[i].strip() for dim, i in layout.codes.items()}
        label = {dim: row[i].strip() for dim, i in layout.names.items()}
        cells = ["" if (c := row[i].strip()) == MISSING else c for i, _, _ in layout.columns]
        if layout.across == "time":
            years = [int(code) for _, code, _ in layout.columns]
            group = rows.group(line, key["economy"], key["series"], label.get("series", ""),
                               years, cells)
            if group is not None:
                yield _sorted(group)
            return
        year_text = key["time"]
        year = _YEAR_CODE.match(year_text) or re.match(r"^(?P<year>\d{4})$", year_text)
        if year is None:
            rows.reject(line, YEAR, f"time {year_text[:40]!r} is not a year (YR2000 or 2000)")
            return
        y = int(year.group("year"))
        for (_, code, name), cell in zip(layout.columns, cells, strict=True):
            economy, series, series_name = ((key["economy"], code, name)
                                            if layout.across == "series"
                                            else (code, key["series"], label.get("series", "")))
            group = rows.group(line, economy, series, series_name, [y], [cell], key=f"\t{y}")
            if group is not None:
                yield group


def _sorted(group: Group) -> Group:
    series, economy, unit, years, values = group
    if years == sorted(years):
        return group
    pairs = sorted(zip(years, values, strict=True))
    return series, economy, unit, [y for y, _ in pairs], [v for _, v in pairs]


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """The "Data" sheet's rows as text (numbers as their exact repr), streamed by openpyxl."""
    try:
        with zipfile.ZipFile(path) as zf:
            check_zip(path, zf)
        from openpyxl import load_workbook

        book = load_workbook(path, read_only=True, data_only=True)
    except SourceError:
        raise
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise SourceError(f"{path}: not a readable XLSX workbook ({type(exc).__name__}: "
                          f"{str(exc)[:200]}); {EXPECTED}") from None
    try:
        sheet = book["Data"] if "Data" in book.sheetnames else book.worksheets[0]
        rows = sheet.iter_rows(values_only=True)
        n = 0
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:  # a damaged sheet, found only where the stream gets
                raise SourceError(f"{path}: cannot be read after row {n} ({type(exc).__name__}"
                                  f": {str(exc)[:200]})") from None
            n += 1
            yield n, [_text(v) for v in row]
    finally:
        book.close()


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)  # exact: float(repr(x)) == x; "inf" and "nan" are refused later
    return str(value)
