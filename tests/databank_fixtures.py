"""DataBank exports ("Data_Extract_From_World_Development_Indicators") in their real layout.

Values come from the bundled snapshot (`bulk_helpers.snapshot_table`); no statistic is typed
here. Each writer reproduces facts checked against real exports and readers in public
repositories (found with the search tools, 2026-12):

* HEADER — the CSV's first line names the columns, unquoted: ``Country Name,Country Code,
  Series Name,Series Code,2000 [YR2000],…`` (unicode-org/cldr commits a real export as
  tools/cldr-code/src/main/resources/org/unicode/cldr/util/data/external/world_bank_data.csv);
  names holding a comma are quoted (``"Population, total"``), missing values are ``..``.
* FOOTER — after the last row: three rows of nothing but commas (as many cells as the header),
  then ``Data from database: World Development Indicators,,,…`` and ``Last Updated:
  12/22/2022,,,…`` (month/day/year) in the first column (the same CLDR file; R and Stata
  scripts in other repositories drop exactly these two rows by their first cell).
* BOM — ``<uuid>_Data.csv`` starts with a UTF-8 byte-order mark (a Dash app reading
  ``3c7f0f4f-…_Data.csv`` with csv.DictReader keys its first column ``ï»¿Country Name``).
* CRLF — lines end with CRLF (CLDR's instructions unpack the export with ``unzip -a`` "to
  force the file to LF line endings").
* ZIP — the download is ``[P_]Data_Extract_From_World_Development_Indicators.zip`` holding
  ``<uuid>_Data.csv`` and ``<uuid>_Series - Metadata.csv`` (project READMEs list the pair).
* XLSX — the Excel export has the sheets "Data" and "Series - Metadata"; the footer lines are
  in the first column of "Data" (Stata ``import excel …, sheet("Data") firstrow`` then drops
  the rows whose first cell is "Data from database: …" / "Last Updated: …"). Values are
  written as numbers and ``..`` as text (not verified: the readers seen convert both).
* LAYOUTS — the same table with time in rows (``Country Name, Country Code, Time, Time Code,
  GDP per capita (current US$) [NY.GDP.PCAP.CD], …``, an R script's column names) and with
  the series pair first (``Series Name, Series Code, Country Name, Country Code, 1990
  [YR1990]``, a MySQL dump's columns).
"""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

from bulk_helpers import SnapshotTable

UUID = "3c7f0f4f-82f9-4ade-9c6b-fe5f1bfc2273"
DATABASE = "World Development Indicators"
UPDATED = "12/22/2099"  # a vintage date (later than any bundled one), not a statistic
UPDATED_ISO = "2099-12-22"


def _line(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue()


def _cell(value: float | None) -> str:
    return ".." if value is None else repr(value)


def table_rows(tables: list[SnapshotTable], *, years: list[int] | None = None,
               layout: str = "country-series") -> list[list[str]]:
    """Header, data rows and footer as cells (HEADER, FOOTER, LAYOUTS)."""
    years = years or sorted({y for t in tables for v in t.values.values() for y in v})
    economies = sorted({e for t in tables for e in t.values})
    if layout == "time-rows":
        header = ["Country Name", "Country Code", "Time", "Time Code",
                  *(f"{t.name} [{t.series}]" for t in tables)]
        rows = [[f"Economy {e}", e, str(y), f"YR{y}",
                 *(_cell(t.values.get(e, {}).get(y)) for t in tables)]
                for e in economies for y in years]
    else:
        header = ["Country Name", "Country Code", "Series Name", "Series Code",
                  *(f"{y} [YR{y}]" for y in years)]
        rows = [[f"Economy {e}", e, t.name, t.series,
                 *(_cell(t.values.get(e, {}).get(y)) for y in years)]
                for e in economies for t in tables]
        if layout == "series-country":
            header[:4] = header[2:4] + header[:2]
            rows = [r[2:4] + r[:2] + r[4:] for r in rows]
    blank = [""] * len(header)
    footer = [blank, blank, blank,
              [f"Data from database: {DATABASE}"] + blank[1:],
              [f"Last Updated: {UPDATED}"] + blank[1:]]
    return [header, *rows, *footer]


def csv_bytes(rows: list[list[str]]) -> bytes:
    """The _Data.csv: BOM, CRLF."""
    return ("\ufeff" + "\r\n".join(_line(r) for r in rows) + "\r\n").encode("utf-8")


def write_csv(folder: Path, rows: list[list[str]]) -> Path:
    path = folder / f"{UUID}_Data.csv"
    path.write_bytes(csv_bytes(rows))
    return path


def write_zip(folder: Path, rows: list[list[str]], *, prefix: str = "P_") -> Path:
    path = folder / f"{prefix}Data_Extract_From_World_Development_Indicators.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"{UUID}_Data.csv", csv_bytes(rows))
        zf.writestr(f"{UUID}_Series - Metadata.csv",
                    "\ufeffCode,License Type,Indicator Name\r\n")
    return path


def write_xlsx(folder: Path, rows: list[list[str]]) -> Path:
    """The Excel export (XLSX): values as numbers, ".." and the labels as text."""
    from openpyxl import Workbook

    book = Workbook()
    data = book.active
    data.title = "Data"
    data.append(rows[0])
    for row in rows[1:]:
        data.append([*row[:4], *(float(c) if c not in ("", "..") else (c or None)
                                 for c in row[4:])])
    meta = book.create_sheet("Series - Metadata")
    meta.append(["Code", "License Type", "Indicator Name"])
    path = folder / "Data_Extract_From_World_Development_Indicators.xlsx"
    book.save(path)
    return path


def expected(tables: list[SnapshotTable]) -> dict[tuple[str, str, int], float]:
    return {(t.series, e, y): v for t in tables for e, by_year in t.values.items()
            for y, v in by_year.items()}
