"""USGS Mineral Commodity Summaries: world mine production by country, from the data releases.

Endpoints (keyless, ScienceBase):

* item metadata ``https://www.sciencebase.gov/catalog/item/{item_id}?format=json``: a JSON object
  with ``title``, ``files: [{"name", "url", ...}]``, ``dates: [{"type", "dateString", ...}]`` and
  ``provenance: {"lastUpdated", ...}``;
* the data CSV it lists. Two layouts exist (APIS.md, "USGS Mineral Commodity Summaries 2026"),
  both encoded **cp1252**, not UTF-8:

  - MCS 2025 ``MCS2025_World_Data.csv``, *wide*: one row per commodity × country × type, with
    ``COMMODITY, COUNTRY, TYPE, UNIT_MEAS, PROD_<year>, PROD_EST_<year>, …, RESERVES_<year>``
    (the 2025 file spells one header ``PROD_EST_ 2024``, with a space);
  - MCS 2026 ``MCS2026_Commodities_Data.csv``, *long*: ``Section, Commodity, Country,
    Statistics, Statistics_detail, Unit, Year, Value``, one row per value. There is no
    ``*World_Data*.csv`` in 2026.

Each configured edition (``[[editions]]`` in usgs.toml, newest first) is read; where two
editions give the same country and year, the newer one is kept and the older one is listed as
superseded. Cells such as ``W`` (withheld), ``NA`` or ``>10,000,000`` are not numbers: those
rows are reported as rejected, never coerced. Estimates (``PROD_EST_*``, a year marked ``e``)
say so in their note.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from indicators.claims.economies import code_for
from indicators.models import Observation, SourceBatch
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import (
    ConfiguredSource,
    Rows,
    date_part,
    decode_text,
    get_json,
    get_ok,
    now_iso,
    parse_number,
)

NAME = "usgs"
_PROD_COLUMN = re.compile(r"^PROD_(?P<est>EST_)?\s*(?P<year>(?:19|20)\d{2})$", re.IGNORECASE)
_REQUIRED = ("COMMODITY", "COUNTRY", "TYPE", "UNIT_MEAS")
LONG_COLUMNS = ("Section", "Commodity", "Country", "Statistics", "Statistics_detail", "Unit",
                "Year", "Value")
_LONG_YEAR = re.compile(r"^(?P<year>(?:19|20)\d{2})\s*(?P<est>\(?e(?:st\.?|stimated?)?\)?)?$",
                        re.IGNORECASE)
ENCODINGS = ("cp1252",)  # USGS files are Windows-1252; a UTF-8 BOM is still honoured first


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
    """Either layout; `SourceError` naming the header if it is neither."""
    first = next(csv.reader(io.StringIO(text.split("\n", 1)[0])), [])
    if [h.strip() for h in first][: len(LONG_COLUMNS)] == list(LONG_COLUMNS):
        return parse_long_data(text, config, edition, origin=origin,
                               publisher_updated=publisher_updated, retrieved_at=retrieved_at)
    return parse_world_data(text, config, edition, origin=origin,
                            publisher_updated=publisher_updated, retrieved_at=retrieved_at)


def parse_long_data(
    text: str,
    config: dict[str, Any],
    edition: str,
    *,
    origin: str,
    publisher_updated: str,
    retrieved_at: str,
) -> tuple[list[Observation], list[str]]:
    """MCS 2026 ``Commodities_Data``: one value per row."""
    rows = Rows()
    file_name = origin.rsplit("=", 1)[-1].rsplit("/", 1)[-1]
    for line, raw in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw.items()}
        commodity = _commodity_for(row["Commodity"], row["Statistics"], config)
        if commodity is None:
            continue
        where = f"{file_name}:{line}"
        country = row["Country"]
        economy = _economy(country, config)
        year = _LONG_YEAR.match(row["Year"])
        estimated = bool(year and year["est"]) or "estimat" in row["Statistics_detail"].lower()
        value = parse_number(row["Value"])
        if economy is None:
            rows.reject(where, f"country {country!r} is not in the economy name table")
        elif year is None:
            rows.reject(where, f"{country}: year {row['Year']!r} is not a calendar year")
        elif value is None:
            if row["Value"]:
                rows.reject(where, f"{country} {year['year']} is {row['Value']!r}, not a number")
        else:
            notes = [f"USGS estimate ({edition})"] if estimated else []
            if row.get("Statistics_detail"):
                notes.append(row["Statistics_detail"])
            rows.keep(_observation(config, commodity, economy, int(year["year"]), value,
                                   row["Unit"], "; ".join(notes), origin, publisher_updated,
                                   retrieved_at))
    return rows.observations, rows.rejected


def _economy(country: str, config: dict[str, Any]) -> str | None:
    names = {k.strip(): v for k, v in (config.get("country_names") or {}).items()}
    return names.get(country) or code_for(country)


def _observation(config: dict[str, Any], commodity: dict[str, str], economy: str, year: int,
                 value: float, unit: str, note: str, origin: str, publisher_updated: str,
                 retrieved_at: str) -> Observation:
    return Observation(
        source=NAME, dataset=config["dataset"], series=commodity["series"], economy=economy,
        year=year, value=value, unit=unit, publisher_updated=publisher_updated,
        retrieved_at=retrieved_at, origin=origin, note=note,
    )


def parse_world_data(
    text: str,
    config: dict[str, Any],
    edition: str,
    *,
    origin: str,
    publisher_updated: str,
    retrieved_at: str,
) -> tuple[list[Observation], list[str]]:
    """MCS 2025 ``World_Data``: one row per country, one column per year."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    missing = [c for c in _REQUIRED if c not in header]
    year_columns = [
        (raw, int(m["year"]), bool(m["est"]))
        for raw in reader.fieldnames or []
        if (m := _PROD_COLUMN.match(raw.strip()))
    ]
    if missing or not year_columns:
        raise SourceError(
            f"{NAME}: {origin} is neither MCS layout (2025 world data: {', '.join(_REQUIRED)} and "
            f"PROD_<year> columns; 2026 commodities data: {', '.join(LONG_COLUMNS)}); "
            f"header {header[:12]}"
        )
    observations: list[Observation] = []
    rejected: list[str] = []
    file_name = origin.rsplit("=", 1)[-1].rsplit("/", 1)[-1]
    for line, raw_row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw_row.items()}
        commodity = _commodity_for(row["COMMODITY"], row["TYPE"], config)
        if commodity is None:
            continue
        where = f"{file_name}:{line}"
        country = row["COUNTRY"]
        economy = _economy(country, config)
        if economy is None:
            rejected.append(f"{where}: country {country!r} is not in the economy name table")
            continue
        for column, year, estimated in year_columns:
            cell = (raw_row.get(column) or "").strip()
            value = parse_number(cell)
            if value is None:
                if cell:
                    rejected.append(f"{where}: {country} {year} is {cell!r}, not a number")
                continue
            note = f"USGS estimate ({edition})" if estimated else ""
            observations.append(_observation(config, commodity, economy, year, value,
                                             row["UNIT_MEAS"], note, origin, publisher_updated,
                                             retrieved_at))
    return observations, rejected


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
                   "year is a USGS estimate; a newer edition's value replaces an older one's.")

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        editions = self.config["editions"]
        batch = SourceBatch(source=NAME, series=self.series_meta())
        kept: dict[tuple, str] = {}
        for i, edition in enumerate(editions):
            ctx.progress(i, len(editions), f"{edition['edition']} (item {edition['item_id']})")
            observations, rejected, fetches = self._fetch_edition(ctx, edition)
            batch.rejected += rejected
            batch.fetches += fetches
            for o in observations:
                key = (o.series, o.economy, o.year)
                if key in kept:
                    batch.rejected.append(f"{edition['edition']} {o.economy} {o.year}: "
                                          f"superseded by {kept[key]}")
                    continue
                kept[key] = edition["edition"]
                batch.observations.append(o)
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
