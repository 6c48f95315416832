"""Parse the World Bank's bulk CSV download of one indicator (``API_<code>_DS2_<lang>_csv_v2_*``).

data.worldbank.org offers every indicator as a zip holding ``API_<code>_DS2_<lang>_csv_v2_<n>.csv``
(plus two ``Metadata_*`` files). The CSV has a short preamble, then one row per economy and one
column per year::

    "Data Source","World Development Indicators",
    <blank>
    "Last Updated Date","2026-04-08",
    <blank>
    "Country Name","Country Code","Indicator Name","Indicator Code","1960",...,"2025",
    "Aruba","ABW","Trade (% of GDP)","NE.TRD.GNFS.ZS","","",...,"171.36",...,"",

The labels are translated in the other languages of the download ("Indicadores del desarrollo
mundial"), so the layout is recognised by position and by the year columns, never by English
words. Empty cells are values the publisher does not have: skipped, not errors. Rows that cannot
be read are returned as `Rejection`s with their line number and reason; a file that is not this
layout at all raises `SourceError` naming the file and what was expected.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from indicators.models import FetchRecord, Observation, SeriesMeta, SourceBatch, iso, utc_now
from indicators.sources.base import SourceError
from indicators.sources.reference import WORLDBANK_SOURCE, unit_from_series_name

DATASET = "WDI"
LICENCE = "CC BY 4.0 (World Bank Open Data terms of use)"

_FILE_NAME = re.compile(r"^API_(?P<code>.+?)_DS2_(?P<lang>[a-z]{2})_", re.IGNORECASE)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_YEAR = re.compile(r"^\d{4}$")
_ECONOMY = re.compile(r"^[A-Z0-9]{3}$")  # ISO alpha-3 or a World Bank aggregate code (WLD, EAR)
# Stricter than float(): no "nan", "inf" or "1_000" slipping through as numbers.
_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")
_HEADER_SEARCH_ROWS = 20
_EXPECTED = (
    "expected the World Bank bulk download API_<code>_DS2_<lang>_csv_v2_<n>.csv: a preamble "
    'with "Data Source" and "Last Updated Date", then the header Country Name, Country Code, '
    "Indicator Name, Indicator Code, 1960, 1961, … and one row per economy"
)


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
    """What one bulk CSV holds, after parsing."""

    path: Path
    origin: str  # the file (or zip!member) the values were read from
    series: str
    series_name: str
    language: str  # the download's language from the file name ("en", "es"), "" when unknown
    data_source: str  # the preamble's "Data Source" value, in the file's language
    publisher_updated: str  # the preamble's "Last Updated Date"
    retrieved_at: str
    observations: list[Observation] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    rows_loaded: int = 0  # economy rows with at least one value
    rows_without_values: int = 0  # economy rows whose cells are all empty (not errors)

    @property
    def is_english(self) -> bool:
        if self.language:
            return self.language.lower() == "en"
        return self.data_source == "World Development Indicators"

    def series_meta(self) -> SeriesMeta:
        return SeriesMeta(
            source=WORLDBANK_SOURCE, series=self.series, name=self.series_name,
            unit=unit_from_series_name(self.series_name), dataset=DATASET,
        )

    def fetch_record(self) -> FetchRecord:
        return FetchRecord(
            source=WORLDBANK_SOURCE, url=self.origin, accessed_at=self.retrieved_at,
            publisher_updated=self.publisher_updated, licence=LICENCE,
            note=f"bulk CSV download ({self.data_source}), imported from a local file",
        )

    def batch(self) -> SourceBatch:
        return SourceBatch(
            source=WORLDBANK_SOURCE,
            observations=list(self.observations),
            series=[self.series_meta()],
            fetches=[self.fetch_record()],
            rejected=[str(r) for r in self.rejected],
        )


def _read_text(path: Path) -> tuple[str, str, str]:
    """(text, origin, name of the CSV) — from the CSV itself or the API_*.csv inside a zip."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                members = [
                    n for n in zf.namelist() if _FILE_NAME.match(Path(n).name)
                    and n.lower().endswith(".csv")
                ]
                if len(members) != 1:
                    raise SourceError(
                        f"{path}: a zip file, but it holds {len(members)} API_<code>_DS2_*.csv "
                        f"files instead of one; {_EXPECTED}"
                    )
                raw = zf.read(members[0])
                origin, name = f"{path.resolve()}!{members[0]}", Path(members[0]).name
        else:
            raw = path.read_bytes()
            origin, name = str(path.resolve()), path.name
    except (OSError, zipfile.BadZipFile) as exc:
        raise SourceError(f"{path}: cannot be read ({exc})") from exc
    try:
        return raw.decode("utf-8-sig"), origin, name  # the downloads start with a BOM
    except UnicodeDecodeError as exc:
        raise SourceError(
            f"{path}: not UTF-8 text (undecodable byte at offset {exc.start}); {_EXPECTED}. "
            "Was it re-saved by a spreadsheet? Use the file from the download as it is."
        ) from None


def _trim(row: list[str]) -> list[str]:
    # The downloads end every line with a comma: one empty trailing cell.
    return row[:-1] if row and row[-1] == "" else row


def _is_header(row: list[str]) -> bool:
    cells = _trim(row)
    return (
        len(cells) >= 5
        and all(c.strip() for c in cells[:4])
        and all(_YEAR.match(c.strip()) for c in cells[4:])
    )


def parse_bulk_csv(path: Path | str, *, clock: Callable[[], datetime] = utc_now) -> BulkFile:
    """Parse one bulk CSV (or the zip it came in); raise `SourceError` if it is not one."""
    path = Path(path)
    text, origin, name = _read_text(path)
    reader = csv.reader(io.StringIO(text, newline=""))
    preamble: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    header_line = 0
    try:
        for row in reader:
            if not any(c.strip() for c in row):
                continue
            if _is_header(row):
                header, header_line = _trim(row), reader.line_num
                break
            preamble.append((reader.line_num, row))
            if len(preamble) >= _HEADER_SEARCH_ROWS:
                break
    except csv.Error as exc:
        raise SourceError(
            f"{path}:{reader.line_num}: not readable as CSV ({exc}); {_EXPECTED}"
        ) from None
    if header is None:
        first = preamble[0][1][:4] if preamble else []
        raise SourceError(
            f"{path}: not a World Bank bulk CSV: no header row with year columns found "
            f"(first line starts {first!r}); {_EXPECTED}"
        )
    dates = [r[1].strip() for _, r in preamble if len(r) > 1 and _ISO_DATE.match(r[1].strip())]
    if not dates:
        raise SourceError(
            f"{path}: no \"Last Updated Date\" line in the preamble above line {header_line}, "
            "so the vintage of its values is unknown; "
            f"{_EXPECTED}. Import the file exactly as downloaded."
        )
    data_source = preamble[0][1][1].strip() if len(preamble[0][1]) > 1 else ""
    years = [int(c) for c in header[4:]]
    name_match = _FILE_NAME.match(name)

    rows: list[tuple[int, list[str]]] = []
    try:
        for row in reader:
            if any(c.strip() for c in row):
                rows.append((reader.line_num, row))
    except csv.Error as exc:
        raise SourceError(f"{path}:{reader.line_num}: not readable as CSV ({exc})") from None

    if name_match:
        code, code_from = name_match.group("code"), "its name"
    else:  # renamed downloads are common; trust the rows then
        counted = Counter(_trim(r)[3].strip() for _, r in rows if len(r) > 3)
        code, code_from = (counted.most_common(1)[0][0], "most rows") if counted else ("", "")

    result = BulkFile(
        path=path, origin=origin, series=code, series_name="",
        language=name_match.group("lang").lower() if name_match else "",
        data_source=data_source, publisher_updated=dates[0], retrieved_at=iso(clock()),
    )
    seen: dict[str, int] = {}
    for line, raw in rows:
        cells = _trim(raw)

        def reject(reason: str, line: int = line) -> None:
            result.rejected.append(Rejection(name, line, reason))

        if len(cells) != len(header):
            reject(f"{len(cells)} columns where the header (line {header_line}) has "
                   f"{len(header)}")
            continue
        economy, indicator_name, indicator = (c.strip() for c in cells[1:4])
        if not _ECONOMY.match(economy):
            reject(f"economy code {economy!r} is not a 3-letter World Bank code")
            continue
        if indicator != code:
            reject(f"indicator code {indicator!r} differs from the file's {code!r} "
                   f"(from {code_from})")
            continue
        if economy in seen:
            reject(f"economy {economy} already appears on line {seen[economy]}")
            continue
        bad = [
            f"{year}: {cell.strip()!r}"
            for year, cell in zip(years, cells[4:], strict=True)
            if cell.strip() and not _NUMBER.match(cell.strip())
        ]
        if bad:
            # A row with text among its numbers may be shifted; none of its values is trusted.
            reject(f"{economy}: not a number in {', '.join(bad)}")
            continue
        seen[economy] = line
        result.series_name = result.series_name or indicator_name
        values = [(y, float(c)) for y, c in zip(years, cells[4:], strict=True) if c.strip()]
        if not values:
            result.rows_without_values += 1
            continue
        result.rows_loaded += 1
        unit = unit_from_series_name(indicator_name)
        result.observations.extend(
            Observation(
                source=WORLDBANK_SOURCE, dataset=DATASET, series=code, economy=economy,
                year=year, value=value, unit=unit, publisher_updated=result.publisher_updated,
                retrieved_at=result.retrieved_at, origin=origin,
            )
            for year, value in values
        )
    return result
