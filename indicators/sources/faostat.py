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

Only item 3104 and element 5510 (Production) are confirmed codes (APIS.md, "FAOSTAT bulk"); the
export and import element codes were found in no stored code list. So an element is matched by
its code *or* by its published name ("Export quantity"), a row matched by name says so in its
note, and a configured element that yields no rows at all is an error naming the elements the
file does have, never a silent skip. The data CSV in the zip is chosen by its name
(``*_All_Data_(Normalized).csv``), not by elimination of the code lists.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Iterable
from typing import Any

from indicators.models import Observation, SourceBatch
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import (
    ConfiguredSource,
    Rows,
    date_part,
    decode_text,
    finite_number,
    get_json,
    get_ok,
    not_a_number_reason,
    now_iso,
)

NAME = "faostat"
_REQUIRED = ("Item Code", "Element Code", "Year", "Unit", "Value")
DATA_SUFFIX = "_all_data_(normalized).csv"


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
    # Newer bulk files are UTF-8 (with or without BOM); older ones were Windows-1252.
    return decode_text(raw, ("utf-8-sig", "cp1252"))[0]


def _members(archive: zipfile.ZipFile, origin: str) -> tuple[str, str | None]:
    names = [n for n in archive.namelist() if n.lower().endswith(".csv")]
    data = [n for n in names if n.rsplit("/", 1)[-1].lower().endswith(DATA_SUFFIX)]
    flags = next((n for n in names if n.lower().endswith("_flags.csv")), None)
    if len(data) != 1:
        raise SourceError(
            f"{NAME}: expected one *_All_Data_(Normalized).csv in {origin}, found "
            f"{sorted(data) or 'none'} among {sorted(names)}"
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
        data_member, flags_member = _members(archive, origin)
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


def match_element(
    code: str, name: str, elements: dict[str, dict[str, str]]
) -> tuple[str | None, str]:
    """The configured element code a row belongs to (by code, else by name) and how it matched."""
    by_name = {e["element"].casefold(): c for c, e in elements.items() if e.get("element")}
    if code in elements:
        return code, "code"
    if name.casefold() in by_name:
        return by_name[name.casefold()], "name"
    return None, ""


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
    result = Rows()
    observations, rejected = result.observations, result.rejected
    seen: set[tuple] = set()
    found: dict[str, int] = dict.fromkeys(elements, 0)  # configured element → rows of our item
    published: set[tuple[str, str]] = set()  # (code, name) of every element of our item
    for line, row in enumerate(rows, start=2):
        if (row.get("Item Code") or "").strip() != item:
            continue
        code = (row.get("Element Code") or "").strip()
        name = (row.get("Element") or "").strip()
        published.add((code, name))
        configured, matched_by = match_element(code, name, elements)
        if configured is None:
            continue
        found[configured] += 1
        element = elements[configured]
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
        value = finite_number(value_text)
        if value is None:
            area = row.get("Area", economy)
            if value_text:
                rejected.append(f"{where}: {area} {year_text}: value "
                                f"{not_a_number_reason(value_text)}")
                continue
            reason = f"flag {flag} ({flags.get(flag, 'no description')})" if flag else "no flag"
            rejected.append(f"{where}: {area} {year_text} has no value; {reason}")
            continue
        key = (element["series"], economy, int(year_text))
        if key in seen:
            rejected.append(f"{where}: duplicate row for {key}")
            continue
        seen.add(key)
        notes = []
        if matched_by == "name":
            notes.append(f"FAOSTAT element {code} {name!r}, matched by name (configured code "
                         f"{configured})")
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
    missing = [c for c, n in found.items() if not n]
    if missing and any(found.values()):
        # One element present and another absent: a wrong code, not an empty file.
        have = ", ".join(f"{c} {n!r}" for c, n in sorted(published)) or "none"
        raise SourceError(
            f"{NAME}: {member} in {origin} has no rows for configured element"
            f"{'s' if len(missing) > 1 else ''} "
            + ", ".join(f"{c} ({elements[c].get('element', elements[c]['name'])})"
                        for c in missing)
            + f" of item {item}; elements published for that item: {have}. Fix the code or "
            "name in indicators/config/faostat.toml"
        )
    return observations, rejected


class FaostatSource(ConfiguredSource):
    """Adapter: FAOSTAT RFN bulk download → potash (K2O) production, exports, imports."""

    name = NAME
    title = "FAOSTAT Fertilizers by Nutrient, potash K2O (bulks-faostat.fao.org bulk download)"

    def series_specs(self):
        cfg = self.config
        for code, e in cfg["elements"].items():
            yield (e["series"], e["name"], "t K2O",
                   f"FAOSTAT domain {cfg['domain']}, item {cfg['item_code']} "
                   f"({cfg['item_label']}), element {code} ({e.get('element', '')}). Fertilizer "
                   "production and trade in nutrient terms; close to, but not the same as, "
                   "mine production.")

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
                self.fetch_record(catalogue_url, catalogue_read, updated,
                                  f"bulk catalogue; {cfg['domain']} DateUpdate {updated}"),
                self.fetch_record(zip_url, retrieved, updated,
                                  f"{len(response.content)} bytes"),
            ],
            rejected=rejected,
        )
