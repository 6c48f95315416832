"""Read the World Bank's bulk CSV downloads, streamed: one indicator or the whole WDI.

Two layouts, as data.worldbank.org and databank ship them:

* ``API_<code>_DS2_<lang>_csv_v2_<n>.csv`` (alone or in its zip, beside two ``Metadata_*``
  files): a short preamble, then the header and one row per economy of that one indicator::

    "Data Source","World Development Indicators",
    <blank>
    "Last Updated Date","2026-04-08",
    <blank>
    "Country Name","Country Code","Indicator Name","Indicator Code","1960",...,"2025",
    "Aruba","ABW","Trade (% of GDP)","NE.TRD.GNFS.ZS","","",...,"171.36",...,"",

* ``WDICSV.csv`` (alone or in ``WDI_CSV.zip`` beside WDICountry.csv, WDISeries.csv, …): the
  same header with no preamble, then one row per economy *and indicator* — all of WDI.
  With no "Last Updated Date" in the file, the vintage is the date the World Bank stamped on
  the CSV inside the zip, or else the file's own modification date; the label says which.

(DataBank exports, "Data_Extract_From_World_Development_Indicators", are read by `databank`.)

The labels are translated in the other languages of the download ("Indicadores del desarrollo
mundial"), so the layout is recognised by position and by the year columns, never by English
words. Empty cells are values the publisher does not have: skipped, not errors. Rows that cannot
be read are counted as rejected with their line number and reason (`bulk_report`); a file that is
not one of these layouts at all raises `SourceError` naming the file and what was expected.

Memory stays bounded: rows are read one at a time and handed on in chunks (`BulkReader.groups`);
rejections are counted, not kept (`bulk_report.Rejections`), and zip members and lines are
read within caps (`bulk_open`).
"""

from __future__ import annotations

import contextlib
import csv
import re
import zipfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

from indicators.models import iso, utc_now
from indicators.sources.base import SourceError
from indicators.sources.bulk_cells import Group, RowChecker
from indicators.sources.bulk_open import ZIP_ERRORS, LineGuard, check_member, is_utf8, utf8_text
from indicators.sources.bulk_report import COLUMNS, NOT_UTF8, BulkFile, Rejections

DATASET = "WDI"

_FILE_NAME = re.compile(r"^API_(?P<code>.+?)_DS2_(?P<lang>[a-z]{2})_", re.IGNORECASE)
_WDI_NAME = re.compile(r"^(WDICSV|WDIData)\.csv$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_HEADER_SEARCH_ROWS = 20
# Economy rows handed to the store at a time: ≈20 economies of the full WDI, ≈1 M values,
# ≈50 MB; large enough that the store can insert them in index order (see cache.writes).
GROUPS_PER_CHUNK = 30_000
EXPECTED = (
    "expected the World Bank bulk download API_<code>_DS2_<lang>_csv_v2_<n>.csv (a preamble "
    'with "Data Source" and "Last Updated Date", then the header Country Name, Country Code, '
    "Indicator Name, Indicator Code, 1960, 1961, … and one row per economy), WDICSV.csv from "
    "WDI_CSV.zip (the same header, no preamble, one row per economy and indicator) or a "
    "DataBank export (Country Name, Country Code, Series Name, Series Code, 2000 [YR2000], …)"
)


def is_wb_member(name: str) -> bool:
    """An API_<code>_… CSV or WDICSV.csv inside a zip."""
    base = Path(name).name
    return bool((_FILE_NAME.match(base) and base.lower().endswith(".csv"))
                or _WDI_NAME.match(base))


class BulkReader:
    """An opened bulk file: the layout is checked on construction, rows are read by `groups`."""

    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] = utc_now,
                 rejected: Rejections | None = None, member: zipfile.ZipInfo | None = None):
        self.path = Path(path)
        self._stack = contextlib.ExitStack()
        try:
            self._open(clock, rejected if rejected is not None else Rejections(), member)
        except BaseException:
            self._stack.close()
            raise

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> BulkReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def vintage_from_content(self) -> bool:
        """False when the vintage is the file's modification date (not part of its bytes)."""
        return "(modification date of" not in self.file.publisher_updated

    def _open(self, clock: Callable[[], datetime], rejected: Rejections,
              member: zipfile.ZipInfo | None) -> None:
        path = self.path
        try:
            if member is not None:
                zf = self._stack.enter_context(zipfile.ZipFile(path))
                check_member(path, member)
                binary = self._stack.enter_context(zf.open(member))
                origin, name = f"{path.resolve()}!{member.filename}", Path(member.filename).name
                stamped = (f"{datetime(*member.date_time).date().isoformat()} "
                           f"(date of {name} in {path.name})")
            else:
                binary = self._stack.enter_context(path.open("rb"))
                origin, name = str(path.resolve()), path.name
                modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
                stamped = f"{modified} (modification date of {name})"
        except ZIP_ERRORS as exc:
            raise SourceError(f"{path}: cannot be read ({exc})") from exc
        self.name = name
        self._lines = LineGuard(self._stack.enter_context(utf8_text(binary)), path)
        self._reader = csv.reader(self._lines)
        preamble, header = self._read_to_header()
        self.header_line = self._reader.line_num
        self._width = len(header)
        self.years = [int(c) for c in header[4:]]
        name_match = _FILE_NAME.match(name)
        dates = [r[1].strip() for r in preamble if len(r) > 1 and _ISO_DATE.match(r[1].strip())]
        if not dates and (preamble or name_match):
            raise SourceError(
                f"{path}: no \"Last Updated Date\" line in the preamble above line "
                f"{self.header_line}, so the vintage of its values is unknown; "
                f"{EXPECTED}. Import the file exactly as downloaded."
            )
        language = name_match.group("lang").lower() if name_match else ""
        if not preamble and header[0].strip() == "Country Name":
            language = "en"  # WDICSV.csv: English labels, no preamble to say so
        self.file = BulkFile(
            path=path, origin=origin, layout="API" if name_match else "WDICSV",
            language=language,
            data_source=(preamble[0][1].strip() if preamble and len(preamble[0]) > 1 else ""),
            publisher_updated=dates[0] if dates else stamped, retrieved_at=iso(clock()),
            dataset=DATASET, named_series=name_match.group("code") if name_match else "",
            rejected=rejected,
        )
        self._rows = RowChecker(self.file, name)
        self._stack.callback(self._rows.close)

    def _read_to_header(self) -> tuple[list[list[str]], list[str]]:
        preamble: list[list[str]] = []
        try:
            for row in self._reader:
                self._lines.start_record(self._reader.line_num)
                if not any(c.strip() for c in row):
                    continue
                if not is_utf8(row):
                    raise SourceError(
                        f"{self.path}:{self._reader.line_num}: not UTF-8 text; {EXPECTED}. "
                        "Was it re-saved by a spreadsheet? Use the file from the download as "
                        "it is."
                    )
                if _is_header(row):
                    return preamble, _trim(row)
                preamble.append(row[:4])
                if len(preamble) >= _HEADER_SEARCH_ROWS:
                    break
        except csv.Error as exc:
            raise SourceError(
                f"{self.path}:{self._reader.line_num}: not readable as CSV ({exc}); {EXPECTED}"
            ) from None
        first = [c[:40] for c in preamble[0][:4]] if preamble else []
        raise SourceError(
            f"{self.path}: not a World Bank bulk CSV: no header row with year columns found "
            f"(first line starts {first!r}); {EXPECTED}"
        )

    def groups(self, per_chunk: int = GROUPS_PER_CHUNK) -> Iterator[list[Group]]:
        """The file's values in chunks of economy rows; fills in `file` as it goes."""
        chunk: list[Group] = []
        reader, lines, row_of = self._reader, self._lines, self._row
        try:
            for row in reader:
                lines.start_record(reader.line_num)
                if not any(row):
                    continue
                group = row_of(reader.line_num, row)
                if group is not None:
                    chunk.append(group)
                    if len(chunk) >= per_chunk:
                        yield chunk
                        chunk = []
        except csv.Error as exc:
            raise SourceError(
                f"{self.path}:{reader.line_num}: not readable as CSV ({exc})"
            ) from None
        if chunk:
            yield chunk

    def _row(self, line: int, raw: list[str]) -> Group | None:
        # The API_ downloads end every line with a comma (one empty cell more than the header
        # has after trimming); WDICSV.csv does not, and its last cell may be a real empty one.
        cells = raw[:-1] if len(raw) == self._width + 1 and raw[-1] == "" else raw
        if not is_utf8(cells):
            self._rows.reject(line, NOT_UTF8, "not UTF-8 text (re-saved in another encoding?)")
            return None
        if len(cells) != self._width:
            if not any(c.strip() for c in cells):
                return None
            self._rows.reject(line, COLUMNS, f"{len(cells)} columns where the header (line "
                                             f"{self.header_line}) has {self._width}")
            return None
        return self._rows.group(line, cells[1].strip(), cells[3].strip(), cells[2],
                                self.years, cells[4:])


def _trim(row: list[str]) -> list[str]:
    # The API_ downloads end every line with a comma: one empty trailing cell.
    return row[:-1] if row and row[-1] == "" else row


def _is_header(row: list[str]) -> bool:
    cells = _trim(row)
    return (
        len(cells) >= 5
        and all(c.strip() for c in cells[:4])
        and all(_YEAR.match(c.strip()) for c in cells[4:])
    )

