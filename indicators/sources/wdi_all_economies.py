"""Import ``worldbank/all_economies/`` (WDI values for every economy) into raw observations.

Layout (see its ``PROVENANCE.md``): ``sources.csv`` (``source_id, series_code, series_name,
origin, vintage, language, rows``: one row per World Bank bulk file) and ``observations.csv``
(``series_code, economy_code, year, value, source_id``: one row per non-empty cell). Columns are
found by name. Each value keeps its file's origin and vintage (the file's own "Last Updated
Date"), so a series that another input also holds in another vintage keeps both.

A row that another input already holds (the same file: same origin, vintage, series, economy
and year, and the same value) is kept once; the same key with another value, an unknown
economy or source id, a series code that is not its file's, or a value that is not a finite
number is rejected with its line and reason.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from indicators.sources.reference import (
    WORLDBANK_SOURCE,
    ImportResult,
    RawObservation,
    unit_from_series_name,
)
from indicators.sources.wdi_catalogue import read_rows

SOURCES_COLUMNS = {
    "source_id": ("source_id",), "series": ("series_code",), "name": ("series_name",),
    "origin": ("origin",), "vintage": ("vintage",), "language": ("language",),
}
OBS_COLUMNS = {
    "series": ("series_code",), "economy": ("economy_code",), "year": ("year",),
    "value": ("value",), "source_id": ("source_id",),
}


@dataclass(frozen=True)
class SourceFile:
    """One World Bank bulk file the values came from."""

    source_id: str
    series: str
    name: str  # the file's own Indicator Name (Spanish for a Spanish download)
    origin: str
    vintage: str
    language: str


def read_sources(path: Path) -> dict[str, SourceFile]:
    return {get["source_id"]: SourceFile(get["source_id"], get["series"], get["name"],
                                         get["origin"], get["vintage"], get["language"])
            for _, get in read_rows(path, SOURCES_COLUMNS, SOURCES_COLUMNS)}


def _line_ranges(lines: list[int]) -> str:
    runs: list[list[int]] = []
    for n in lines:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    text = ", ".join(f"{a}" if a == b else f"{a}–{b}" for a, b in runs[:12])
    return text + (f" and {len(runs) - 12} more runs" if len(runs) > 12 else "")


def import_all_economies(folder: Path, result: ImportResult,
                         known_economy: Callable[[str], bool]) -> tuple[int, int]:
    """Add ``folder``'s values to ``result``; return the rows kept and the rows another input
    already held. ``known_economy(code)`` says whether a code is a World Bank economy or
    aggregate (the catalogue)."""
    sources = read_sources(folder / "sources.csv")
    path = folder / "observations.csv"
    seen = {o.key: o.value for o in result.observations if o.source == WORLDBANK_SOURCE}
    duplicates: dict[str, list[int]] = {}
    kept = 0
    for where, get in read_rows(path, OBS_COLUMNS, OBS_COLUMNS):
        src = sources.get(get["source_id"])
        reason = _problem(get, src, known_economy)
        if reason:
            result.rejected.append(f"{where}: {reason}")
            continue
        o = RawObservation(
            source=WORLDBANK_SOURCE, dataset="WDI", series=get["series"],
            economy=get["economy"], counterpart="", year=int(get["year"]), period="",
            value=get["value"], unit=unit_from_series_name(src.name),
            publisher_updated=src.vintage, origin=src.origin, note="",
        )
        if (before := seen.get(o.key)) is not None:
            if before == o.value:
                duplicates.setdefault(src.source_id, []).append(int(where.rsplit(":", 1)[1]))
            else:
                result.rejected.append(
                    f"{where}: {o.series} {o.economy} {o.year} of vintage {o.publisher_updated}"
                    f" is {o.value} here but {before} in another input from the same file")
            continue
        seen[o.key] = o.value
        result.observations.append(o)
        kept += 1
    for source_id, lines in sorted(duplicates.items()):
        src = sources[source_id]
        result.rejected.append(
            f"{folder.name}/{path.name}: {len(lines)} rows of {source_id} ({src.series}, "
            f"vintage {src.vintage}) are already imported from another input with the same "
            f"origin, vintage and value, so they are stored once (lines {_line_ranges(lines)})")
    for src in sources.values():
        if src.language == "en":  # a Spanish download's names stay in its rows' provenance
            result.note_english_name(src.series, src.vintage, src.name)
    result.add_wdi_series_meta()
    return kept, sum(len(lines) for lines in duplicates.values())


def _problem(get: dict[str, str], src: SourceFile | None,
             known_economy: Callable[[str], bool]) -> str:
    if src is None:
        return f"source id {get['source_id']!r} is not in sources.csv"
    if get["series"] != src.series:
        return f"series {get['series']!r} is not its file's ({src.source_id}: {src.series})"
    if not known_economy(get["economy"]):
        return f"economy {get['economy']!r} is not a World Bank economy or aggregate"
    if not get["year"].isdigit():
        return f"year {get['year']!r} is not a year"
    try:
        number = float(get["value"])
    except ValueError:
        return f"value {get['value']!r} is not a number"
    if not math.isfinite(number):
        return f"value {get['value']!r} is not a finite number"
    return ""
