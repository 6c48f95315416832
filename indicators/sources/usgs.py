"""USGS Mineral Commodity Summaries: world mine production by country, from the data release CSV.

Endpoints (keyless, ScienceBase):

* item metadata ``https://www.sciencebase.gov/catalog/item/{item_id}?format=json``: a JSON object
  with ``title``, ``files: [{"name", "url", ...}]``, ``dates: [{"type", "dateString", ...}]`` and
  ``provenance: {"lastUpdated", ...}``;
* the world-data CSV it lists (``MCS2025_World_Data.csv``): one row per commodity × country ×
  type, with ``COMMODITY, COUNTRY, TYPE, UNIT_MEAS, PROD_<year>, PROD_EST_<year>, …,
  RESERVES_<year>`` (the 2025 file spells one header ``PROD_EST_ 2024``, with a space).

Cells such as ``W`` (withheld), ``NA`` or ``>10,000,000`` are not numbers: those rows are
reported as rejected, never coerced. ``PROD_EST_*`` values are USGS estimates and say so.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from indicators.economies import code_for
from indicators.models import FetchRecord, Observation, SeriesMeta, SourceBatch
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import (
    date_part,
    get_json,
    get_ok,
    load_config,
    now_iso,
    parse_number,
)

NAME = "usgs"
_PROD_COLUMN = re.compile(r"^PROD_(?P<est>EST_)?\s*(?P<year>(?:19|20)\d{2})$", re.IGNORECASE)
_REQUIRED = ("COMMODITY", "COUNTRY", "TYPE", "UNIT_MEAS")


def find_csv_file(item: Any, file_name: str, url: str) -> dict[str, Any]:
    """The item's world-data CSV entry (by exact name, else any ``*World_Data*.csv``)."""
    if not isinstance(item, dict) or not isinstance(item.get("files"), list):
        raise SourceError(f"{NAME}: {url} is not a ScienceBase item (no files list)")
    files = [f for f in item["files"] if isinstance(f, dict) and f.get("url") and f.get("name")]
    for f in files:
        if f["name"].lower() == file_name.lower():
            return f
    for f in files:
        if "world_data" in f["name"].lower() and f["name"].lower().endswith(".csv"):
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


def parse_world_data(
    text: str,
    config: dict[str, Any],
    *,
    origin: str,
    publisher_updated: str,
    retrieved_at: str,
) -> tuple[list[Observation], list[str]]:
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
            f"{NAME}: {origin} is not the MCS world-data layout (need {', '.join(_REQUIRED)} and "
            f"PROD_<year> columns; header {header[:12]})"
        )
    names = {k.strip(): v for k, v in (config.get("country_names") or {}).items()}
    observations: list[Observation] = []
    rejected: list[str] = []
    file_name = origin.rsplit("=", 1)[-1].rsplit("/", 1)[-1]
    for line, raw_row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in raw_row.items()}
        commodity = _commodity_for(row, config)
        if commodity is None:
            continue
        where = f"{file_name}:{line}"
        country = row["COUNTRY"]
        economy = names.get(country) or code_for(country)
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
            note = f"USGS estimate ({config['edition']})" if estimated else ""
            observations.append(
                Observation(
                    source=NAME, dataset=config["dataset"], series=commodity["series"],
                    economy=economy, year=year, value=value, unit=row["UNIT_MEAS"],
                    publisher_updated=publisher_updated, retrieved_at=retrieved_at,
                    origin=origin, note=note,
                )
            )
    return observations, rejected


def _commodity_for(row: dict[str, str], config: dict[str, Any]) -> dict[str, str] | None:
    for commodity in config["commodities"].values():
        if row["COMMODITY"].lower() == commodity["commodity"].lower() and row[
            "TYPE"
        ].lower().startswith(commodity["type_prefix"].lower()):
            return commodity
    return None


class UsgsSource:
    """Adapter: USGS MCS data release (ScienceBase) → potash mine production by country."""

    name = NAME
    title = "USGS Mineral Commodity Summaries, world data release (sciencebase.gov)"

    def __init__(self, config: dict[str, Any] | None = None, config_path: Path | None = None):
        self.config = config or load_config(NAME, config_path)
        self.licence = self.config["licence"]

    def series_meta(self) -> list[SeriesMeta]:
        cfg = self.config
        return [
            SeriesMeta(
                source=NAME, series=c["series"], name=c["name"], dataset=cfg["dataset"],
                unit="as published in UNIT_MEAS (thousand metric tons)",
                definition=(
                    f"{cfg['edition']} data release (doi:{cfg['doi']}), commodity "
                    f"{c['commodity']}, rows of type '{c['type_prefix']}…'. Mine production, "
                    "not fertilizer output; the latest year is a USGS estimate."
                ),
            )
            for c in cfg["commodities"].values()
        ]

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        cfg = self.config
        item_url = cfg["item_url"].format(item_id=cfg["item_id"])
        ctx.progress(0, 2, f"ScienceBase item {cfg['item_id']}")
        item = get_json(ctx, item_url, what=f"{NAME} ScienceBase item")
        item_read = now_iso(ctx)
        entry = find_csv_file(item, cfg["file_name"], item_url)
        released = release_date(item)
        ctx.progress(1, 2, entry["name"])
        response = get_ok(ctx, entry["url"], what=f"{NAME} {entry['name']}")
        retrieved = now_iso(ctx)
        text = response.content.decode("utf-8-sig", errors="replace")
        observations, rejected = parse_world_data(
            text, cfg, origin=entry["url"], publisher_updated=released, retrieved_at=retrieved,
        )
        if not observations:
            raise SourceError(
                f"{NAME}: {entry['url']} has no mine production rows for "
                f"{', '.join(c['commodity'] for c in cfg['commodities'].values())}"
            )
        ctx.progress(2, 2, f"{len(observations)} observations")
        version = f"{cfg['edition']}, doi:{cfg['doi']}"
        return SourceBatch(
            source=NAME,
            observations=observations,
            series=self.series_meta(),
            fetches=[
                FetchRecord(source=NAME, url=item_url, accessed_at=item_read,
                            publisher_updated=released, licence=self.licence,
                            note=f"{item.get('title', 'ScienceBase item')} ({version})"),
                FetchRecord(source=NAME, url=entry["url"], accessed_at=retrieved,
                            publisher_updated=released, licence=self.licence,
                            note=f"{entry['name']} ({version})"),
            ],
            rejected=rejected,
        )
