"""USGS Mineral Commodity Summaries: world mine production by country, from the data releases.

Endpoints (keyless, ScienceBase):

* item metadata ``https://www.sciencebase.gov/catalog/item/{item_id}?format=json``: a JSON object
  with ``title``, ``files: [{"name", "url", ...}]``, ``dates: [{"type", "dateString", ...}]`` and
  ``provenance: {"lastUpdated", ...}``;
* the data CSV it lists. Two layouts exist (APIS.md, "USGS Mineral Commodity Summaries 2026
  (corrected)"), both encoded **cp1252**, not UTF-8:

  - MCS 2025 ``MCS2025_World_Data.csv``, *wide*: one row per commodity × country × type, with
    ``SOURCE, COMMODITY, COUNTRY, TYPE, UNIT_MEAS, PROD_<year>, PROD_EST_ <year>, …`` (the 2025
    file spells one header ``PROD_EST_ 2024``, with a space);
  - MCS 2026 ``MCS2026_Commodities_Data.csv``, *long*, one value per row, whose header public
    clients check byte for byte: ``MCS chapter, Section, Commodity, Country, Statistics,
    Statistics_detail, Unit, Year, Value, Notes, Is critical mineral 2025, Other notes``.
    ``Statistics`` is e.g. ``Production`` and ``Statistics_detail`` ``Mine production``;
    ``Year`` cells are ``2024`` or ``2025_estimated``; values are quoted with thousands
    separators (``"5,300"``) or a symbol (``W`` withheld).

Both layouts are recognised and read by their column *names*: columns may move, columns we do
not use (``Is critical mineral 2025``, ``Other notes``, those still to come) are ignored, and a
missing column is named in the error. An estimated year keeps its mark in the value's note.

Each configured edition (``[[editions]]`` in usgs.toml, newest first) is fetched and parsed on
its own: one edition that fails (unreachable, a changed layout) is reported and leaves the other
editions' rows to be written; its rows stored by an earlier refresh are kept (each edition is
its own dataset, and the batch names the datasets it could not read). Every edition's values are
stored as their own vintage (the release date), so the newest release's value of a country and
year is the current one and the older ones stay queryable. Cells such as ``W`` (withheld),
``NA`` or ``>10,000,000`` are not numbers, and ``inf``/``nan``/``1e400`` not finite ones: those
rows are reported as rejected, never coerced.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from indicators.claims.economies import code_for
from indicators.models import Observation, SourceBatch
from indicators.sources.base import FetchContext, SourceError, UnreachableError
from indicators.sources.sourcekit import (
    ConfiguredSource,
    Rows,
    date_part,
    decode_text,
    find_columns,
    get_json,
    get_ok,
    not_a_number_reason,
    now_iso,
    parse_number,
)

NAME = "usgs"
_PROD_COLUMN = re.compile(r"^PROD_(?P<est>EST_)?\s*(?P<year>(?:19|20)\d{2})$", re.IGNORECASE)
WIDE_COLUMNS = ("COMMODITY", "COUNTRY", "TYPE", "UNIT_MEAS")
# The MCS 2026 header as public clients of the live file check it (APIS.md); only the columns
# in LONG_COLUMNS are read, by name.
MCS2026_HEADER = ("MCS chapter", "Section", "Commodity", "Country", "Statistics",
                  "Statistics_detail", "Unit", "Year", "Value", "Notes",
                  "Is critical mineral 2025", "Other notes")
LONG_COLUMNS = ("Commodity", "Country", "Statistics", "Statistics_detail", "Unit", "Year",
                "Value")
# "2024", "2025_estimated" (the 2026 file); "2025e", "2025 (e)", "2025 est." also read.
_LONG_YEAR = re.compile(
    r"^(?P<year>(?:19|20)\d{2})(?:[\s_]*\(?(?P<est>e|est\.?|estimated?)\)?)?$", re.IGNORECASE)
ENCODINGS = ("cp1252",)  # USGS files are Windows-1252; a UTF-8 BOM is still honoured first


def layout_of(header: Sequence[str], what: str) -> str:
    """``"long"`` (MCS 2026) or ``"wide"`` (MCS 2025), recognised by column names; a header
    that has some of a layout's columns but not all gets an error naming the missing ones."""
    names = {h.strip().lstrip("\ufeff").strip() for h in header}
    if {"Statistics", "Year", "Value"} & names:
        find_columns(header, LONG_COLUMNS, what=f"{what} (MCS 2026 long layout)")
        return "long"
    if {"COMMODITY", "COUNTRY", "TYPE"} & names:
        find_columns(header, WIDE_COLUMNS, what=f"{what} (MCS 2025 wide layout)")
        if not any(_PROD_COLUMN.match(h.strip()) for h in header):
            raise SourceError(f"{what} (MCS 2025 wide layout) has no PROD_<year> column "
                              f"(header: {[h.strip() for h in header[:14]]})")
        return "wide"
    raise SourceError(
        f"{what} is neither MCS layout (2026 long: columns {', '.join(LONG_COLUMNS)}; 2025 "
        f"wide: {', '.join(WIDE_COLUMNS)} and PROD_<year>); header {list(header[:12])}")


def find_csv_file(
    item: Any, file_name: str, url: str, pattern: str = "world_data"
) -> dict[str, Any]:
    """The item's data CSV entry (by exact name, else any ``*<pattern>*.csv``)."""
    if not isinstance(item, dict) or not isinstance(item.get("files"), list):
        raise SourceError(f"{NAME}: {url} is not a ScienceBase item (no files list)")
    files = [f for f in item["files"] if isinstance(f, dict) and f.get("url") and f.get("name")]
    for f in files:
        if f["name"].lower() == file_name.lower():
            return f
    for f in files:
        if pattern.lower() in f["name"].lower() and f["name"].lower().endswith(".csv"):
            return f
    names = ", ".join(sorted(f["name"] for f in files)) or "none"
    raise SourceError(f"{NAME}: ScienceBase item {url} has no {file_name} (files: {names})")


def release_date(item: dict[str, Any]) -> str:
    """The release's own date: a Release/Publication date, else the item's lastUpdated."""
    for wanted in ("release", "publication"):
        for d in item.get("dates") or []:
            if isinstance(d, dict) and wanted in str(d.get("type", "")).lower() and d.get(
                "dateString"
            ):
                return date_part(str(d["dateString"]))
    return date_part(str((item.get("provenance") or {}).get("lastUpdated", "")))


def parse_mcs_csv(
    text: str,
    config: dict[str, Any],
    edition: str,
    *,
    origin: str,
    publisher_updated: str,
    retrieved_at: str,
) -> tuple[list[Observation], list[str]]:
    """Either layout, recognised by its column names; `SourceError` naming what is missing."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff")))
    header = next(reader, [])
    file_name = origin.rsplit("=", 1)[-1].rsplit("/", 1)[-1]
    parse = (parse_long_data if layout_of(header, f"{NAME}: {file_name}") == "long"
             else parse_world_data)
    rows = parse(header, reader, config, edition, _Provenance(
        file_name, origin, publisher_updated, retrieved_at, _dataset(config, edition)))
    return rows.observations, rows.rejected


@dataclass(frozen=True)
class _Provenance:
    """What every value of one file shares."""

    file_name: str
    origin: str
    publisher_updated: str
    retrieved_at: str
    dataset: str


def _dataset(config: dict[str, Any], edition: str) -> str:
    """Each edition is its own dataset, so a refresh that cannot read one keeps its rows."""
    return f"{config['dataset']} ({edition})"


def _cells(header: Sequence[str], rows: Iterator[list[str]]) -> Iterator[tuple[int, list[str]]]:
    """(line, cells padded to the header's width) for every non-empty row."""
    width = len(header)
    for line, cells in enumerate(rows, start=2):
        if any(c.strip() for c in cells):
            yield line, [c.strip() for c in cells] + [""] * (width - len(cells))


def parse_long_data(header: Sequence[str], rows: Iterator[list[str]], config: dict[str, Any],
                    edition: str, p: _Provenance) -> Rows:
    """MCS 2026 ``Commodities_Data``: one value per row, columns found by name."""
    col = find_columns(header, LONG_COLUMNS, what=f"{NAME}: {p.file_name}")
    section = col.get("Section")
    world_section = str(config.get("world_section", "")).lower()
    notes_cols = [col[c] for c in ("Notes", "Other notes") if c in col]
    result = Rows()
    seen: set[tuple[str, str, int]] = set()
    for line, cells in _cells(header, rows):
        kind = cells[col["Statistics_detail"]] or cells[col["Statistics"]]
        commodity = _commodity_for(cells[col["Commodity"]], kind, config)
        if commodity is None and cells[col["Statistics_detail"]]:
            commodity = _commodity_for(cells[col["Commodity"]], cells[col["Statistics"]],
                                       config)
        if commodity is None:
            continue
        if section is not None and world_section and world_section not in (
                cells[section].lower()):
            continue  # e.g. "Salient Statistics—United States": not the world table
        where = f"{p.file_name}:{line}"
        country, year_text, value_text = (cells[col[c]] for c in ("Country", "Year", "Value"))
        economy = _economy(country, config)
        year = _LONG_YEAR.match(year_text)
        value = parse_number(value_text)
        if economy is None:
            result.reject(where, f"country {country!r} is not in the economy name table")
        elif year is None:
            result.reject(where, f"{country}: year {year_text!r} is not a calendar year")
        elif value is None:
            if value_text:
                result.reject(where, f"{country} {year['year']} is "
                              f"{not_a_number_reason(value_text)}")
        elif (commodity["series"], economy, int(year["year"])) in seen:
            result.reject(where, f"{country} {year['year']}: a second row for the same country "
                          "and year (the first is kept)")
        else:
            seen.add((commodity["series"], economy, int(year["year"])))
            notes = ([f"USGS estimate ({edition}; year published as {year_text!r})"]
                     if year["est"] else [])
            if cells[col["Statistics_detail"]]:
                notes.append(cells[col["Statistics_detail"]])
            notes += [cells[i] for i in notes_cols if cells[i]]
            result.keep(_observation(commodity, economy, int(year["year"]), value,
                                     cells[col["Unit"]], "; ".join(notes), p))
    return result


def _economy(country: str, config: dict[str, Any]) -> str | None:
    names = {k.strip(): v for k, v in (config.get("country_names") or {}).items()}
    return names.get(country) or code_for(country)


def _observation(commodity: dict[str, str], economy: str, year: int, value: float, unit: str,
                 note: str, p: _Provenance) -> Observation:
    return Observation(
        source=NAME, dataset=p.dataset, series=commodity["series"], economy=economy,
        year=year, value=value, unit=unit, publisher_updated=p.publisher_updated,
        retrieved_at=p.retrieved_at, origin=p.origin, note=note,
    )


def parse_world_data(header: Sequence[str], rows: Iterator[list[str]], config: dict[str, Any],
                     edition: str, p: _Provenance) -> Rows:
    """MCS 2025 ``World_Data``: one row per country, one column per year, found by name."""
    col = find_columns(header, WIDE_COLUMNS, what=f"{NAME}: {p.file_name}")
    year_columns = [(i, int(m["year"]), bool(m["est"])) for i, raw in enumerate(header)
                    if (m := _PROD_COLUMN.match(raw.strip()))]
    result = Rows()
    for line, cells in _cells(header, rows):
        commodity = _commodity_for(cells[col["COMMODITY"]], cells[col["TYPE"]], config)
        if commodity is None:
            continue
        where = f"{p.file_name}:{line}"
        country = cells[col["COUNTRY"]]
        economy = _economy(country, config)
        if economy is None:
            result.reject(where, f"country {country!r} is not in the economy name table")
            continue
        for index, year, estimated in year_columns:
            cell = cells[index]
            value = parse_number(cell)
            if value is None:
                if cell:
                    result.reject(where, f"{country} {year} is {not_a_number_reason(cell)}")
                continue
            note = f"USGS estimate ({edition})" if estimated else ""
            result.keep(_observation(commodity, economy, year, value, cells[col["UNIT_MEAS"]],
                                     note, p))
    return result


def _commodity_for(name: str, kind: str, config: dict[str, Any]) -> dict[str, str] | None:
    """The configured commodity for a row's commodity name and TYPE / Statistics text."""
    for commodity in config["commodities"].values():
        if name.lower() == commodity["commodity"].lower() and kind.lower().startswith(
            commodity["type_prefix"].lower()
        ):
            return commodity
    return None


class UsgsSource(ConfiguredSource):
    """Adapter: USGS MCS data releases (ScienceBase) → potash mine production by country."""

    name = NAME
    title = "USGS Mineral Commodity Summaries, data releases (sciencebase.gov)"

    def series_specs(self):
        editions = ", ".join(f"{e['edition']} (doi:{e['doi']})" for e in self.config["editions"])
        for c in self.config["commodities"].values():
            yield (c["series"], c["name"], "as published (thousand metric tons)",
                   f"USGS data releases {editions}, commodity {c['commodity']}, rows of type "
                   f"'{c['type_prefix']}…'. Mine production, not fertilizer output; the latest "
                   "year is a USGS estimate; the newest edition's value is the current one.")

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        """Every edition on its own: one that fails is reported (and its stored rows kept), the
        others' rows are returned; `SourceError` only when no edition could be read."""
        editions = self.config["editions"]
        batch = SourceBatch(source=NAME, series=self.series_meta())
        failed: list[tuple[str, SourceError]] = []
        for i, edition in enumerate(editions):
            ctx.progress(i, len(editions), f"{edition['edition']} (item {edition['item_id']})")
            try:
                observations, rejected, fetches = self._fetch_edition(ctx, edition)
            except SourceError as exc:
                if isinstance(exc, UnreachableError) and not batch.observations:
                    raise  # every edition is on the same host: no point asking it again
                failed.append((edition["edition"], exc))
                batch.keep_datasets.append(_dataset(self.config, edition["edition"]))
                continue
            batch.observations += observations
            batch.rejected += rejected
            batch.fetches += fetches
        if not batch.observations:
            if len(failed) == 1:
                raise failed[0][1]
            raise SourceError("; ".join(f"{name}: {exc}" for name, exc in failed))
        # One line per edition not read, first in the list: the summary shows it.
        batch.rejected[:0] = [f"{NAME} {name} not read: {exc}. Its rows from an earlier refresh "
                              "are kept; the other editions were read" for name, exc in failed]
        ctx.progress(len(editions), len(editions), f"{len(batch.observations)} observations")
        return batch

    def _fetch_edition(self, ctx: FetchContext, edition: dict[str, Any]):
        item_url = self.config["item_url"].format(item_id=edition["item_id"])
        item = get_json(ctx, item_url, what=f"{NAME} ScienceBase item")
        item_read = now_iso(ctx)
        entry = find_csv_file(item, edition["file_name"], item_url, edition["file_pattern"])
        released = release_date(item)
        response = get_ok(ctx, entry["url"], what=f"{NAME} {entry['name']}")
        retrieved = now_iso(ctx)
        text, encoding = decode_text(response.content, ENCODINGS)
        observations, rejected = parse_mcs_csv(
            text, self.config, edition["edition"], origin=entry["url"],
            publisher_updated=released, retrieved_at=retrieved,
        )
        if not observations:
            raise SourceError(
                f"{NAME}: {entry['url']} has no mine production rows for "
                f"{', '.join(c['commodity'] for c in self.config['commodities'].values())}"
            )
        version = f"{edition['edition']}, doi:{edition['doi']}"
        return observations, rejected, [
            self.fetch_record(item_url, item_read, released,
                              f"{item.get('title', 'ScienceBase item')} ({version})"),
            self.fetch_record(entry["url"], retrieved, released,
                              f"{entry['name']} ({version}; read as {encoding})"),
        ]
