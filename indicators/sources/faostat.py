"""FAOSTAT "Fertilizers by Nutrient" (RFN): potash (K2O) production and trade by country.

Endpoints (keyless; FAOSTAT's query API now wants an FAO account token, the bulk files do not):

* catalogue ``https://bulks-faostat.fao.org/production/datasets_E.json``:
  ``{"Datasets": {"Dataset": [{"DatasetCode": "RFN", "DateUpdate": "...", "FileLocation":
  "https://bulks-faostat.fao.org/production/Inputs_FertilizersNutrient_E_All_Data_(Normalized).zip",
  ...}, ...]}}``
* the domain's zip of normalized CSVs: the data file (``..._All_Data_(Normalized).csv``:
  ``Area Code, Area Code (M49), Area, Item Code, Item, Element Code, Element, Year Code, Year,
  Unit, Value, Flag[, Note]``) plus code lists, among them ``..._Flags.csv`` (Flag, Description).

Only the configured item, elements and areas are kept (``indicators/config/faostat.toml``); the
Belarus share of world production or exports is a ratio the comparison computes, not a series.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from indicators.models import FetchRecord, Observation, SeriesMeta, SourceBatch
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import date_part, get_json, get_ok, load_config, now_iso

NAME = "faostat"
_REQUIRED = ("Item Code", "Element Code", "Year", "Unit", "Value")
_CODE_LIST_MARKERS = ("areacodes", "itemcodes", "elements", "flags", "symbols")


def find_dataset(catalogue: Any, domain: str, url: str) -> dict[str, Any]:
    """The catalogue entry of ``domain``; `SourceError` if the catalogue has another shape."""
    try:
        entries = catalogue["Datasets"]["Dataset"]
    except (KeyError, TypeError):
        raise SourceError(
            f"{NAME}: {url} is not the FAOSTAT bulk catalogue (no Datasets.Dataset list)"
        ) from None
    if isinstance(entries, dict):  # a one-entry catalogue may come as an object
        entries = [entries]
    for entry in entries:
        if isinstance(entry, dict) and entry.get("DatasetCode") == domain:
            if not entry.get("FileLocation"):
                raise SourceError(f"{NAME}: catalogue entry {domain} in {url} has no FileLocation")
            return entry
    raise SourceError(f"{NAME}: the catalogue {url} does not list domain {domain}")


def _decode(raw: bytes) -> str:
    # Newer bulk files are UTF-8; older ones were Latin-1 ("Côte d'Ivoire" breaks either way).
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _members(archive: zipfile.ZipFile) -> tuple[str, str | None]:
    names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
    data = [n for n in names if not any(m in n.lower() for m in _CODE_LIST_MARKERS)]
    flags = next((n for n in names if "flags" in n.lower()), None)
    if len(data) != 1:
        raise SourceError(
            f"{NAME}: expected one normalized data CSV in the RFN zip, found {sorted(data)}"
        )
    return data[0], flags


def _flag_descriptions(archive: zipfile.ZipFile, member: str | None) -> dict[str, str]:
    if member is None:
        return {}
    rows = csv.DictReader(io.StringIO(_decode(archive.read(member))))
    return {
        (r.get("Flag") or "").strip(): (r.get("Description") or "").strip()
        for r in rows
        if (r.get("Flag") or "").strip()
    }


def parse_rfn_zip(
    content: bytes,
    config: dict[str, Any],
    *,
    origin: str,
    publisher_updated: str,
    retrieved_at: str,
) -> tuple[list[Observation], list[str]]:
    """Observations for the configured item, elements and areas; rows not kept, with reasons."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except zipfile.BadZipFile:
        raise SourceError(f"{NAME}: {origin} is not a zip archive") from None
    with archive:
        data_member, flags_member = _members(archive)
        flags = _flag_descriptions(archive, flags_member)
        reader = csv.DictReader(io.StringIO(_decode(archive.read(data_member))))
        header = [h.strip() for h in reader.fieldnames or []]
        missing = [c for c in _REQUIRED if c not in header]
        if missing or not ({"Area Code (M49)", "Area Code"} & set(header)):
            raise SourceError(
                f"{NAME}: {data_member} in {origin} is not FAOSTAT's normalized layout "
                f"(missing columns {missing or ['Area Code']}; header {header[:14]})"
            )
        return _rows_to_observations(
            reader, data_member, config, flags,
            origin=origin, publisher_updated=publisher_updated, retrieved_at=retrieved_at,
        )


def _area_lookup(config: dict[str, Any]) -> tuple[dict[str, str], dict[str, str]]:
    by_m49 = {str(v["m49"]).zfill(3): iso3 for iso3, v in config["areas"].items() if "m49" in v}
    by_fao = {str(v["fao"]): iso3 for iso3, v in config["areas"].items() if "fao" in v}
    return by_m49, by_fao


def _rows_to_observations(
    rows: Iterable[dict[str, str]],
    member: str,
    config: dict[str, Any],
    flags: dict[str, str],
    *,
    origin: str,
    publisher_updated: str,
    retrieved_at: str,
) -> tuple[list[Observation], list[str]]:
    by_m49, by_fao = _area_lookup(config)
    elements: dict[str, dict[str, str]] = config["elements"]
    item = str(config["item_code"])
    observations: list[Observation] = []
    rejected: list[str] = []
    seen: set[tuple] = set()
    for line, row in enumerate(rows, start=2):
        if (row.get("Item Code") or "").strip() != item:
            continue
        element = elements.get((row.get("Element Code") or "").strip())
        if element is None:
            continue
        # The M49 code is published with a leading apostrophe so spreadsheets keep the zeros.
        m49 = (row.get("Area Code (M49)") or "").strip().lstrip("'")
        fao = (row.get("Area Code") or "").strip()
        economy = by_m49.get(m49.zfill(3)) if m49 else by_fao.get(fao)
        if economy is None:
            continue
        where = f"{member}:{line}"
        year_text = (row.get("Year") or "").strip()
        value_text = (row.get("Value") or "").strip()
        flag = (row.get("Flag") or "").strip()
        if not year_text.isdigit():
            rejected.append(f"{where}: year {year_text!r} is not a calendar year")
            continue
        try:
            value = float(value_text)
        except ValueError:
            reason = f"flag {flag} ({flags.get(flag, 'no description')})" if flag else "no flag"
            area = row.get("Area", economy)
            rejected.append(f"{where}: {area} {year_text} has no value; {reason}")
            continue
        key = (element["series"], economy, int(year_text))
        if key in seen:
            rejected.append(f"{where}: duplicate row for {key}")
            continue
        seen.add(key)
        notes = []
        if flag:
            notes.append(f"FAOSTAT flag {flag}: {flags.get(flag, 'see the FAOSTAT flag list')}")
        if (row.get("Note") or "").strip():
            notes.append(row["Note"].strip())
        observations.append(
            Observation(
                source=NAME,
                dataset=config["dataset"],
                series=element["series"],
                economy=economy,
                counterpart=element.get("counterpart", ""),
                year=int(year_text),
                value=value,
                unit=f"{row['Unit'].strip()} K2O",
                publisher_updated=publisher_updated,
                retrieved_at=retrieved_at,
                origin=origin,
                note="; ".join(notes),
            )
        )
    return observations, rejected


class FaostatSource:
    """Adapter: FAOSTAT RFN bulk download → potash (K2O) production, exports, imports."""

    name = NAME
    title = "FAOSTAT Fertilizers by Nutrient, potash K2O (bulks-faostat.fao.org bulk download)"

    def __init__(self, config: dict[str, Any] | None = None, config_path: Path | None = None):
        self.config = config or load_config(NAME, config_path)
        self.licence = self.config["licence"]

    def series_meta(self) -> list[SeriesMeta]:
        return [
            SeriesMeta(
                source=NAME, series=e["series"], name=e["name"], unit="t K2O",
                dataset=self.config["dataset"],
                definition=(
                    f"FAOSTAT domain {self.config['domain']}, item {self.config['item_code']} "
                    f"({self.config['item_label']}), element {code}. Fertilizer production "
                    "and trade in nutrient terms; close to, but not the same as, mine production."
                ),
            )
            for code, e in self.config["elements"].items()
        ]

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        cfg = self.config
        ctx.progress(0, 2, "FAOSTAT bulk catalogue")
        catalogue_url = cfg["catalogue_url"]
        catalogue = get_json(ctx, catalogue_url, what=f"{NAME} catalogue")
        entry = find_dataset(catalogue, cfg["domain"], catalogue_url)
        catalogue_read = now_iso(ctx)
        updated = date_part(str(entry.get("DateUpdate", "")))
        zip_url = entry["FileLocation"]
        ctx.progress(1, 2, f"FAOSTAT {cfg['domain']} zip")
        response = get_ok(ctx, zip_url, what=f"{NAME} {cfg['domain']} bulk file")
        retrieved = now_iso(ctx)
        observations, rejected = parse_rfn_zip(
            response.content, cfg, origin=zip_url, publisher_updated=updated,
            retrieved_at=retrieved,
        )
        if not observations:
            raise SourceError(
                f"{NAME}: {zip_url} holds no rows for item {cfg['item_code']} and the "
                f"configured areas ({', '.join(cfg['areas'])})"
            )
        ctx.progress(2, 2, f"{len(observations)} observations")
        return SourceBatch(
            source=NAME,
            observations=observations,
            series=self.series_meta(),
            fetches=[
                FetchRecord(source=NAME, url=catalogue_url, accessed_at=catalogue_read,
                            publisher_updated=updated, licence=self.licence,
                            note=f"bulk catalogue; {cfg['domain']} DateUpdate {updated}"),
                FetchRecord(source=NAME, url=zip_url, accessed_at=retrieved,
                            publisher_updated=updated, licence=self.licence,
                            note=f"{len(response.content)} bytes"),
            ],
            rejected=rejected,
        )
