"""Import the reference files (real public data, each row with its origin) into observations.

Two layouts are understood:

* ``worldbank/wdi_observations.csv``: ``source_db, series_code, series_name, economy_code,
  economy_name, year, value, vintage, origin`` → source ``worldbank``, dataset ``WDI``.
* ``other/*.csv`` (tidy long): ``dataset, measure, unit, economy, partner, year, period, value,
  value_raw, note, vintage, origin`` → source ``reference``, series ``<file stem>.<measure slug>``.

Columns are found by name (their order may change, extra columns are ignored); a file without a
column the importer reads is refused with an error naming it. Values are kept as the text the
source gives (parsed to float only when stored); each row keeps its origin and vintage. Rows that
cannot be imported (no year, no value, a value that is not a finite number such as ``inf`` or
``1e400``, an unknown economy) are returned as rejections with the file, line and reason, never
silently dropped.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from indicators.claims.economies import code_for
from indicators.models import SeriesMeta
from indicators.numbers import finite_number, not_a_number_reason

WORLDBANK_SOURCE = "worldbank"
REFERENCE_SOURCE = "reference"
DDF_NOTE = "via open-numbers DDF re-packaging of WDI (values rounded to 5 decimals)"
QUOTED_MARK = "(quoted)"

_UNIT_IN_NAME = re.compile(r"\(([^()]*)\)\s*$")


@dataclass(frozen=True)
class RawObservation:
    """An observation whose value is still the source's text (for byte-exact snapshots)."""

    source: str
    dataset: str
    series: str
    economy: str
    counterpart: str
    year: int
    period: str
    value: str
    unit: str
    publisher_updated: str
    origin: str
    note: str

    @property
    def key(self) -> tuple:
        return (self.source, self.series, self.economy, self.counterpart, self.year, self.period,
                self.publisher_updated, self.origin)


@dataclass
class ImportResult:
    observations: list[RawObservation] = field(default_factory=list)
    series: dict[tuple[str, str], SeriesMeta] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)


def slug(text: str) -> str:
    text = text.replace(QUOTED_MARK, "").lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def unit_from_series_name(name: str) -> str:
    """WDI names end with their unit in parentheses: "Exports ... (% of GDP)" → "% of GDP"."""
    m = _UNIT_IN_NAME.search(name)
    return m.group(1).strip() if m else ""


WDI_COLUMNS = ("source_db", "series_code", "series_name", "economy_code", "year", "value",
               "vintage", "origin")
TIDY_COLUMNS = ("dataset", "measure", "economy", "year", "value", "origin")


class ReferenceFormatError(ValueError):
    """A reference file lacks a column the importer reads; the message names file and columns."""


def _reader(fh, path: Path, required: tuple[str, ...]) -> csv.DictReader:
    """A reader over ``fh`` whose header has every ``required`` column (found by name)."""
    reader = csv.DictReader(fh, restval="")  # a short row reads as blanks, never None
    header = [(h or "").strip().lstrip("\ufeff") for h in reader.fieldnames or []]
    reader.fieldnames = header
    if missing := [c for c in required if c not in header]:
        raise ReferenceFormatError(
            f"{path}: no column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(repr(c) for c in missing)} (header: {header[:14]})")
    return reader


def import_wdi_observations(path: Path, result: ImportResult | None = None) -> ImportResult:
    result = result or ImportResult()
    english_names: dict[str, tuple[str, str]] = {}  # series → (vintage, name)
    with path.open(newline="", encoding="utf-8") as fh:
        for line_no, row in enumerate(_reader(fh, path, WDI_COLUMNS), start=2):
            where = f"{path.name}:{line_no}"
            value = (row.get("value") or "").strip()
            year = (row.get("year") or "").strip()
            if finite_number(value) is None:
                result.rejected.append(f"{where}: value {not_a_number_reason(value)}")
                continue
            if not year.isdigit():
                result.rejected.append(f"{where}: year {year!r} is not a year")
                continue
            series = row["series_code"].strip()
            via_ddf = "DDF" in row["source_db"]
            result.observations.append(
                RawObservation(
                    source=WORLDBANK_SOURCE,
                    dataset="WDI",
                    series=series,
                    economy=row["economy_code"].strip(),
                    counterpart="",
                    year=int(year),
                    period="",
                    value=value,
                    unit=unit_from_series_name(row["series_name"]),
                    publisher_updated=row["vintage"].strip(),
                    origin=row["origin"].strip(),
                    note=DDF_NOTE if via_ddf else "",
                )
            )
            # The Spanish download names series in Spanish; prefer the newest English name.
            if "_es_csv" not in row["origin"]:
                vintage = row["vintage"]
                if series not in english_names or vintage > english_names[series][0]:
                    english_names[series] = (vintage, row["series_name"].strip())
    for series, (_, name) in english_names.items():
        result.series[(WORLDBANK_SOURCE, series)] = SeriesMeta(
            source=WORLDBANK_SOURCE, series=series, name=name,
            unit=unit_from_series_name(name), dataset="WDI",
        )
    return result


def import_tidy_reference(path: Path, result: ImportResult | None = None) -> ImportResult:
    result = result or ImportResult()
    stem = path.stem
    with path.open(newline="", encoding="utf-8") as fh:
        for line_no, row in enumerate(_reader(fh, path, TIDY_COLUMNS), start=2):
            where = f"{path.name}:{line_no}"
            value = (row.get("value") or "").strip()
            year = (row.get("year") or "").strip()
            if value and finite_number(value) is None:
                result.rejected.append(f"{where}: value {not_a_number_reason(value)}")
                continue
            if not value:
                raw = row.get("value_raw", "")
                result.rejected.append(f"{where}: no numeric value (source text {raw!r})")
                continue
            if not year.isdigit():
                result.rejected.append(
                    f"{where}: no reference year (period {row.get('period', '')!r})"
                )
                continue
            economy = code_for(row["economy"])
            partner = row.get("partner", "").strip()
            counterpart = code_for(partner) if partner else ""
            if economy is None or counterpart is None:
                unknown = row["economy"] if economy is None else partner
                result.rejected.append(f"{where}: unknown economy name {unknown!r}")
                continue
            measure = row["measure"].strip()
            series = f"{stem}.{slug(measure)}"
            notes = [n for n in (row.get("note", "").strip(),) if n]
            raw_text = row.get("value_raw", "").strip()
            if raw_text and raw_text != value:
                notes.append(f"as published: {raw_text}")
            result.observations.append(
                RawObservation(
                    source=REFERENCE_SOURCE,
                    dataset=row["dataset"].strip(),
                    series=series,
                    economy=economy,
                    counterpart=counterpart,
                    year=int(year),
                    period=row.get("period", "").strip(),
                    value=value,
                    unit=row.get("unit", "").strip(),
                    publisher_updated=row.get("vintage", "").strip(),
                    origin=row["origin"].strip(),
                    note="; ".join(notes),
                )
            )
            result.series.setdefault(
                (REFERENCE_SOURCE, series),
                SeriesMeta(
                    source=REFERENCE_SOURCE, series=series, name=measure,
                    unit=row.get("unit", "").strip(), dataset=stem,
                    definition=(
                        "Figure quoted in a publication (secondary evidence), not a table "
                        "from the statistical producer." if measure.endswith(QUOTED_MARK) else ""
                    ),
                ),
            )
    return result


def import_reference_folder(reference_dir: Path) -> tuple[ImportResult, list[Path]]:
    """Import every reference file under ``reference_dir``; return the result and inputs read."""
    result = ImportResult()
    inputs: list[Path] = []
    wdi = reference_dir / "worldbank" / "wdi_observations.csv"
    if wdi.exists():
        import_wdi_observations(wdi, result)
        inputs.append(wdi)
    for path in sorted((reference_dir / "other").glob("*.csv")):
        import_tidy_reference(path, result)
        inputs.append(path)
    if not inputs:
        raise FileNotFoundError(f"no reference files found under {reference_dir}")
    return result, inputs
