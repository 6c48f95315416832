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
silently dropped. A quoted figure with no reference year but the exact day it was said
(period '"traditionally" (statement 2025-01-24)') is an undated statement: stored with that
day's year and the period "undated, stated 2025-01-24", the published period kept in its note.
"""

from __future__ import annotations

import csv
import datetime as _dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from indicators.claims.economies import code_for
from indicators.models import SeriesMeta
from indicators.numbers import finite_number, not_a_number_reason
from indicators.periods import undated_period

WORLDBANK_SOURCE = "worldbank"
REFERENCE_SOURCE = "reference"
DDF_NOTE = "via open-numbers DDF re-packaging of WDI (values rounded to 5 decimals)"
QUOTED_MARK = "(quoted)"

_UNIT_IN_NAME = re.compile(r"\(([^()]*)\)\s*$")
_STATED = re.compile(r"\((?:statement|article) (\d{4}-\d\d-\d\d)\)")


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
    # WDI series → (vintage, English name) of the newest English file that names it
    english_names: dict[str, tuple[str, str]] = field(default_factory=dict)

    def note_english_name(self, series: str, vintage: str, name: str) -> None:
        if series not in self.english_names or vintage > self.english_names[series][0]:
            self.english_names[series] = (vintage, name)

    def add_wdi_series_meta(self) -> None:
        for series, (_, name) in self.english_names.items():
            self.series[(WORLDBANK_SOURCE, series)] = SeriesMeta(
                source=WORLDBANK_SOURCE, series=series, name=name,
                unit=unit_from_series_name(name), dataset="WDI",
            )


def slug(text: str) -> str:
    text = text.replace(QUOTED_MARK, "").lower()
    return re.sub(r"[^a-z0-9]+", "_", text).strip("_")


def unit_from_series_name(name: str) -> str:
    """WDI names end with their unit in parentheses: "Exports ... (% of GDP)" → "% of GDP"."""
    m = _UNIT_IN_NAME.search(name)
    return m.group(1).strip() if m else ""


def statement_date_of(period: str) -> _dt.date | None:
    """The exact day a figure without a reference year was stated, when its period says so:
    '"traditionally" (statement 2025-01-24)', 'reference period not stated (article
    2020-10-27)'. None for anything vaguer ("statement ~2026", "undated")."""
    m = _STATED.search(period)
    if not m:
        return None
    try:
        return _dt.date.fromisoformat(m.group(1))
    except ValueError:
        return None


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
                result.note_english_name(series, row["vintage"], row["series_name"].strip())
    result.add_wdi_series_meta()
    return result


def import_tidy_reference(path: Path, result: ImportResult | None = None,
                          code_for: Callable[[str], str | None] = code_for) -> ImportResult:
    """``code_for`` resolves the file's economy names (default: the bundled catalogue's)."""
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
            period = row.get("period", "").strip()
            stated = None
            if not year.isdigit():
                stated = statement_date_of(period)
                if stated is None:
                    result.rejected.append(f"{where}: no reference year (period {period!r})")
                    continue
                # An undated statement: evidence as of the day it was said (docs/verdicts.md,
                # rule 14); the period as published stays in the note.
                year, period = str(stated.year), undated_period(stated)
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
            if stated is not None:
                notes.append(f"no reference period; period as published: "
                             f"{row.get('period', '').strip()}")
            result.observations.append(
                RawObservation(
                    source=REFERENCE_SOURCE,
                    dataset=row["dataset"].strip(),
                    series=series,
                    economy=economy,
                    counterpart=counterpart,
                    year=int(year),
                    period=period,
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
