"""Which bulk file this is, opened by the reader for its layout.

* a zip: an XLSX workbook (a DataBank export), or a download holding one API_<code>_… CSV,
  WDICSV.csv, or a DataBank ``…_Data.csv`` (the companion metadata files are left alone);
* a CSV: a DataBank export when its header has code columns and ``[YR2000]``-style value
  columns, else a World Bank bulk download (API_… or WDICSV.csv), whose reader says what it
  expected when the file is neither.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from indicators.models import Observation, utc_now
from indicators.sources.base import SourceError
from indicators.sources.bulk_open import ZIP_ERRORS
from indicators.sources.bulk_report import BulkFile, Rejections
from indicators.sources.databank import DataBankReader, is_data_member, looks_like_databank
from indicators.sources.reference import WORLDBANK_SOURCE
from indicators.sources.wb_bulk import EXPECTED, BulkReader, is_wb_member

Reader = BulkReader | DataBankReader
_SNIFF_BYTES = 64 << 10


def open_bulk(path: Path | str, *, clock: Callable[[], datetime] = utc_now,
              rejected: Rejections | None = None) -> Reader:
    """The reader for the bulk file at ``path``; `SourceError` if it is none we know."""
    path = Path(path)
    try:
        is_zip = zipfile.is_zipfile(path)
        members = []
        if is_zip:
            with zipfile.ZipFile(path) as zf:
                members = zf.infolist()
    except ZIP_ERRORS as exc:
        raise SourceError(f"{path}: cannot be read ({exc})") from exc
    if is_zip:
        names = {m.filename for m in members}
        if "xl/workbook.xml" in names:
            return DataBankReader(path, clock=clock, rejected=rejected, xlsx=True)
        chosen = ([m for m in members if is_wb_member(m.filename)]
                  or [m for m in members if is_data_member(m.filename)])
        if len(chosen) != 1:
            raise SourceError(
                f"{path}: a zip file, but it holds {len(chosen)} API_<code>_DS2_*.csv, "
                f"WDICSV.csv or DataBank …_Data.csv files instead of one; {EXPECTED}"
            )
        if is_data_member(chosen[0].filename) and not is_wb_member(chosen[0].filename):
            return DataBankReader(path, clock=clock, rejected=rejected, member=chosen[0])
        return BulkReader(path, clock=clock, rejected=rejected, member=chosen[0])
    if _databank_header(path):
        return DataBankReader(path, clock=clock, rejected=rejected)
    return BulkReader(path, clock=clock, rejected=rejected)


def _databank_header(path: Path) -> bool:
    """True when the file's first line is a DataBank header (read from its first 64 kB)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc})") from exc
    text = head.decode("utf-8-sig", errors="replace")
    first = next((line for line in text.splitlines() if line.strip()), "")
    try:
        header = next(csv.reader(io.StringIO(first)), [])
    except csv.Error:
        return False
    return looks_like_databank(header)


def parse_bulk_csv(path: Path | str, *, clock: Callable[[], datetime] = utc_now) -> BulkFile:
    """Read a whole (small) bulk file into `BulkFile.observations`; `SourceError` if it is not
    one. Large files are streamed through `open_bulk` instead."""
    with open_bulk(path, clock=clock) as reader:
        result = reader.file
        for chunk in reader.groups():
            result.observations.extend(
                Observation(
                    source=WORLDBANK_SOURCE, dataset=result.dataset, series=series,
                    economy=economy, year=year, value=value, unit=unit,
                    publisher_updated=result.publisher_updated,
                    retrieved_at=result.retrieved_at, origin=result.origin,
                )
                for series, economy, unit, years, values in chunk
                for year, value in zip(years, values, strict=True)
            )
    return result
