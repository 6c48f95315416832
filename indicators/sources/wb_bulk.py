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

The labels are translated in the other languages of the download ("Indicadores del desarrollo
mundial"), so the layout is recognised by position and by the year columns, never by English
words. Empty cells are values the publisher does not have: skipped, not errors. Rows that cannot
be read become `Rejection`s with their line number and reason; a file that is not one of these
layouts at all raises `SourceError` naming the file and what was expected.

Memory stays bounded: rows are read one at a time and handed on in chunks (`BulkReader.groups`);
only the rejected rows and one line number per (indicator, economy) are kept.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import math
import re
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import compress
from pathlib import Path

from indicators.models import FetchRecord, Observation, SeriesMeta, iso, utc_now
from indicators.sources.base import SourceError
from indicators.sources.reference import WORLDBANK_SOURCE, unit_from_series_name

DATASET = "WDI"
LICENCE = "CC BY 4.0 (World Bank Open Data terms of use)"

_FILE_NAME = re.compile(r"^API_(?P<code>.+?)_DS2_(?P<lang>[a-z]{2})_", re.IGNORECASE)
_WDI_NAME = re.compile(r"^(WDICSV|WDIData)\.csv$", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_ECONOMY = re.compile(r"^[A-Z0-9]{3}$")  # ISO alpha-3 or a World Bank aggregate code (WLD, EAR)
_INDICATOR = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.]*$")
# Stricter than float(): no "nan", "inf" or "1_000" slipping through as numbers.
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_HEADER_SEARCH_ROWS = 20
# Economy rows handed to the store at a time: ≈20 economies of the full WDI, ≈1 M values,
# ≈50 MB; large enough that the store can insert them in index order (see cache.writes).
GROUPS_PER_CHUNK = 30_000
_EXPECTED = (
    "expected the World Bank bulk download API_<code>_DS2_<lang>_csv_v2_<n>.csv (a preamble "
    'with "Data Source" and "Last Updated Date", then the header Country Name, Country Code, '
    "Indicator Name, Indicator Code, 1960, 1961, … and one row per economy) or WDICSV.csv from "
    "WDI_CSV.zip (the same header, no preamble, one row per economy and indicator)"
)

# (series, economy, unit, years, values): one economy row of one indicator
Group = tuple[str, str, str, list[int], list[float]]


@dataclass(frozen=True)
class Rejection:
    """A row that was not imported: where it is and why."""

    file: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.reason}"


@dataclass
class BulkFile:
    """What one bulk CSV holds: filled in while its rows are read."""

    path: Path
    origin: str  # the file (or zip!member) the values were read from
    language: str  # the download's language ("en", "es"), "" when unknown
    data_source: str  # the preamble's "Data Source" value, in the file's language
    publisher_updated: str  # the "Last Updated Date" (or the dated label of the CSV itself)
    retrieved_at: str
    named_series: str = ""  # the one indicator an API_<code>_… file is named after
    series_names: dict[str, str] = field(default_factory=dict)  # code → name, in file order
    rejected: list[Rejection] = field(default_factory=list)
    rows_loaded: int = 0  # economy rows with at least one value
    rows_without_values: int = 0  # economy rows whose cells are all empty (not errors)
    values: int = 0
    observations: list[Observation] = field(default_factory=list)  # `parse_bulk_csv` only

    @property
    def series(self) -> str:
        """The indicator code when the file holds one; else how many it holds."""
        if len(self.series_names) == 1:
            return next(iter(self.series_names))
        return self.named_series or f"{len(self.series_names)} indicators"

    @property
    def series_name(self) -> str:
        return self.series_names.get(self.series, "")

    @property
    def title(self) -> str:
        return f"{self.series} ({self.series_name})" if self.series_name else self.series

    @property
    def is_english(self) -> bool:
        if self.language:
            return self.language.lower() == "en"
        return self.data_source == "World Development Indicators"

    def series_meta(self) -> list[SeriesMeta]:
        return [
            SeriesMeta(source=WORLDBANK_SOURCE, series=code, name=name,
                       unit=unit_from_series_name(name), dataset=DATASET)
            for code, name in self.series_names.items()
        ]

    def fetch_record(self) -> FetchRecord:
        return FetchRecord(
            source=WORLDBANK_SOURCE, url=self.origin, accessed_at=self.retrieved_at,
            publisher_updated=self.publisher_updated, licence=LICENCE,
            note=f"bulk CSV download ({self.data_source or 'World Bank'}), "
                 "imported from a local file",
        )


class BulkReader:
    """An opened bulk file: the layout is checked on construction, rows are read by `groups`."""

    def __init__(self, path: Path | str, *, clock: Callable[[], datetime] = utc_now):
        self.path = Path(path)
        self._seen: dict[str, int] = {}  # "indicator\teconomy" → line, to catch repeats
        self._stack = contextlib.ExitStack()
        try:
            self._open(clock)
        except BaseException:
            self._stack.close()
            raise

    def close(self) -> None:
        self._stack.close()

    def __enter__(self) -> BulkReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def digest(self) -> str:
        """SHA-256 of the file as given (the zip, or the CSV): identifies an identical file."""
        h = hashlib.sha256()
        with self.path.open("rb") as fh:
            while block := fh.read(1 << 20):
                h.update(block)
        return h.hexdigest()

    def _open(self, clock: Callable[[], datetime]) -> None:
        path = self.path
        try:
            if zipfile.is_zipfile(path):
                zf = self._stack.enter_context(zipfile.ZipFile(path))
                members = [i for i in zf.infolist() if _FILE_NAME.match(Path(i.filename).name)
                           and i.filename.lower().endswith(".csv")]
                members = members or [i for i in zf.infolist()
                                      if _WDI_NAME.match(Path(i.filename).name)]
                if len(members) != 1:
                    raise SourceError(
                        f"{path}: a zip file, but it holds {len(members)} API_<code>_DS2_*.csv "
                        f"or WDICSV.csv files instead of one; {_EXPECTED}"
                    )
                info = members[0]
                binary = self._stack.enter_context(zf.open(info))
                origin, name = f"{path.resolve()}!{info.filename}", Path(info.filename).name
                stamped = (f"{datetime(*info.date_time).date().isoformat()} "
                           f"(date of {name} in {path.name})")
            else:
                binary = self._stack.enter_context(path.open("rb"))
                origin, name = str(path.resolve()), path.name
                modified = datetime.fromtimestamp(path.stat().st_mtime, UTC).date().isoformat()
                stamped = f"{modified} (modification date of {name})"
        except (OSError, zipfile.BadZipFile) as exc:
            raise SourceError(f"{path}: cannot be read ({exc})") from exc
        self.name = name
        # The downloads start with a byte-order mark. Undecodable bytes become lone surrogates,
        # so that the row holding them can be named (the decoder reads ahead in blocks).
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape",
                                newline="")
        self._reader = csv.reader(text)
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
                f"{_EXPECTED}. Import the file exactly as downloaded."
            )
        language = name_match.group("lang").lower() if name_match else ""
        if not preamble and header[0].strip() == "Country Name":
            language = "en"  # WDICSV.csv: English labels, no preamble to say so
        self.file = BulkFile(
            path=path, origin=origin, language=language,
            data_source=(preamble[0][1].strip() if preamble and len(preamble[0]) > 1 else ""),
            publisher_updated=dates[0] if dates else stamped, retrieved_at=iso(clock()),
            named_series=name_match.group("code") if name_match else "",
        )

    def _read_to_header(self) -> tuple[list[list[str]], list[str]]:
        preamble: list[list[str]] = []
        try:
            for row in self._reader:
                if not any(c.strip() for c in row):
                    continue
                if not _is_utf8(row):
                    raise self._not_utf8()
                if _is_header(row):
                    return preamble, _trim(row)
                preamble.append(row)
                if len(preamble) >= _HEADER_SEARCH_ROWS:
                    break
        except csv.Error as exc:
            raise SourceError(
                f"{self.path}:{self._reader.line_num}: not readable as CSV ({exc}); {_EXPECTED}"
            ) from None
        first = preamble[0][:4] if preamble else []
        raise SourceError(
            f"{self.path}: not a World Bank bulk CSV: no header row with year columns found "
            f"(first line starts {first!r}); {_EXPECTED}"
        )

    def _not_utf8(self) -> SourceError:
        return SourceError(
            f"{self.path}:{self._reader.line_num}: not UTF-8 text; {_EXPECTED}. "
            "Was it re-saved by a spreadsheet? Use the file from the download as it is."
        )

    def groups(self, per_chunk: int = GROUPS_PER_CHUNK) -> Iterator[list[Group]]:
        """The file's values in chunks of economy rows; fills in `file` as it goes."""
        chunk: list[Group] = []
        try:
            for row in self._reader:
                if not any(row):
                    continue
                group = self._row(self._reader.line_num, row)
                if group is not None:
                    chunk.append(group)
                    if len(chunk) >= per_chunk:
                        yield chunk
                        chunk = []
        except csv.Error as exc:
            raise SourceError(
                f"{self.path}:{self._reader.line_num}: not readable as CSV ({exc})"
            ) from None
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            # a download cut short or corrupted: found only once the stream gets there
            raise SourceError(
                f"{self.path}: cannot be read after line {self._reader.line_num} ({exc}); "
                "download it again"
            ) from None
        if chunk:
            yield chunk

    def _row(self, line: int, raw: list[str]) -> Group | None:
        result = self.file
        # The API_ downloads end every line with a comma (one empty cell more than the header
        # has after trimming); WDICSV.csv does not, and its last cell may be a real empty one.
        cells = raw[:-1] if len(raw) == self._width + 1 and raw[-1] == "" else raw

        def reject(reason: str) -> None:
            result.rejected.append(Rejection(self.name, line, reason))

        if not _is_utf8(cells):
            reject("not UTF-8 text (re-saved in another encoding?)")
            return None
        if len(cells) != self._width:
            if not any(c.strip() for c in cells):
                return None
            reject(f"{len(cells)} columns where the header (line {self.header_line}) has "
                   f"{self._width}")
            return None
        economy, indicator_name, indicator = (c.strip() for c in cells[1:4])
        if not _ECONOMY.match(economy):
            reject(f"economy code {economy!r} is not a 3-letter World Bank code")
            return None
        if result.named_series and indicator != result.named_series:
            reject(f"indicator code {indicator!r} differs from the file's "
                   f"{result.named_series!r} (from its name)")
            return None
        if not _INDICATOR.match(indicator):
            reject(f"indicator code {indicator!r} is not a World Bank series code")
            return None
        seen = self._seen
        key = f"{indicator}\t{economy}"
        if key in seen:
            reject(f"{indicator} for {economy} already appears on line {seen[key]}")
            return None
        data = cells[4:]
        try:
            values = list(map(float, compress(data, data)))
            clean = all(map(math.isfinite, values)) and "_" not in "".join(data)
        except ValueError:
            clean = False
        if not clean:
            bad = [f"{year}: {cell.strip()!r}" for year, cell in zip(self.years, data, strict=True)
                   if cell.strip() and not _NUMBER.match(cell.strip())]
            if bad:
                # A row with text among its numbers may be shifted; none of its values is trusted.
                reject(f"{economy}: not a number in {', '.join(bad)}")
                return None
            values = [float(c) for c in data if c.strip()]  # blanks padded with spaces
            data = [c.strip() for c in data]
        seen[key] = line
        result.series_names.setdefault(indicator, indicator_name)
        if not values:
            result.rows_without_values += 1
            return None
        result.rows_loaded += 1
        result.values += len(values)
        years = list(compress(self.years, data))
        return indicator, economy, unit_from_series_name(indicator_name), years, values


def _is_utf8(row: list[str]) -> bool:
    """False when the row held bytes that are not UTF-8 (decoded as lone surrogates)."""
    text = "".join(row)
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


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


def parse_bulk_csv(path: Path | str, *, clock: Callable[[], datetime] = utc_now) -> BulkFile:
    """Read a whole (small) bulk file into `BulkFile.observations`; `SourceError` if it is not
    one. Large files go through `BulkReader` instead."""
    with BulkReader(path, clock=clock) as reader:
        result = reader.file
        for chunk in reader.groups():
            result.observations.extend(
                Observation(
                    source=WORLDBANK_SOURCE, dataset=DATASET, series=series, economy=economy,
                    year=year, value=value, unit=unit,
                    publisher_updated=result.publisher_updated,
                    retrieved_at=result.retrieved_at, origin=result.origin,
                )
                for series, economy, unit, years, values in chunk
                for year, value in zip(years, values, strict=True)
            )
    return result
