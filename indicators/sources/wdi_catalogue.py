"""Import the World Bank's WDI metadata (every series and economy) into catalogue records.

Inputs (``worldbank/catalogue/`` of the reference folder, described by its ``PROVENANCE.md``):

* ``wdi_series.csv``: the WDI bulk download's ``WDISeries.csv``, trimmed: ``Series Code, Topic,
  Indicator Name, Short definition, Long definition, Unit of measure, Periodicity,
  Aggregation method, Source, License Type``;
* ``wdi_economies.csv``: its ``WDICountry.csv``, trimmed: ``Country Code, Short Name, Table
  Name, Long Name, 2-alpha code, Currency Unit, Region, Income Group, Lending category, …``;
* ``../all_economies/economies_seen.csv`` (``economy_code, economy_name``): codes that data files
  carry and the catalogue may lack (e.g. ``INX`` "Not classified").

Columns are found by name (case and spacing ignored); columns not listed here pass unread, a
missing required column is an error naming the file. Every row is kept or rejected with its
file, line and reason (no code, a code twice). The origin of each file (the public copy of the
World Bank file, ``owner/repo@commit:path``) is read from the folder's ``PROVENANCE.md`` and
kept on every record.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from indicators.models import CatalogueEconomy, CatalogueSeries
from indicators.sources.reference import unit_from_series_name

SERIES_FILE = "wdi_series.csv"
ECONOMIES_FILE = "wdi_economies.csv"

# our field → the header names it may have (compared lower-cased, spaces collapsed)
SERIES_COLUMNS = {
    "code": ("series code", "indicator code", "code"),
    "name": ("indicator name", "series name", "name"),
    "topic": ("topic",),
    "short_definition": ("short definition",),
    "long_definition": ("long definition", "definition"),
    "unit": ("unit of measure", "unit"),
    "periodicity": ("periodicity",),
    "aggregation": ("aggregation method",),
    "source": ("source",),
    "licence": ("license type", "licence type", "license", "licence"),
}
SERIES_REQUIRED = ("code", "name")
ECONOMY_COLUMNS = {
    "code": ("country code", "economy code", "code"),
    "name": ("short name",),
    "table_name": ("table name",),
    "long_name": ("long name",),
    "iso2": ("2-alpha code", "iso2 code", "iso2code"),
    "currency": ("currency unit",),
    "region": ("region",),
    "income_group": ("income group",),
    "lending": ("lending category",),
    "other_groups": ("other groups",),
}
ECONOMY_REQUIRED = ("code", "name")
SEEN_COLUMNS = {"code": ("economy_code", "country code"), "name": ("economy_name", "country name")}

_SERIES_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.]{1,60}$")  # WDI has lower-case ASPIRE codes
_ECONOMY_CODE = re.compile(r"^[A-Z0-9]{3}$")
_ORIGIN = re.compile(r"`([^`\s]+@[0-9a-f]{7,40}:[^`]+)`")


@dataclass
class CatalogueResult:
    series: dict[str, CatalogueSeries] = field(default_factory=dict)
    economies: dict[str, CatalogueEconomy] = field(default_factory=dict)
    rejected: list[str] = field(default_factory=list)
    kept: dict[Path, int] = field(default_factory=dict)  # input file → rows kept


def _norm(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").strip().lower().split())


def column_map(fieldnames: Iterable[str] | None, wanted: dict[str, tuple[str, ...]],
               required: Iterable[str], where: Path) -> dict[str, str]:
    """our field → the file's own header, found by name; a missing required one is an error."""
    by_norm = {_norm(h): h for h in (fieldnames or ())}
    found = {}
    for ours, names in wanted.items():
        header = next((by_norm[n] for n in names if n in by_norm), None)
        if header is not None:
            found[ours] = header
    missing = [f"{wanted[f][0]!r}" for f in required if f not in found]
    if missing:
        raise ValueError(f"{where}: no column {' or '.join(missing)} in the header "
                         f"(found: {', '.join(fieldnames or ()) or 'nothing'})")
    return found


def read_rows(path: Path, wanted: dict[str, tuple[str, ...]], required: Iterable[str]
              ) -> Iterator[tuple[str, dict[str, str]]]:
    """("folder/file:line", our field → the cell's text) for each data row, columns by name."""
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        cols = column_map(reader.fieldnames, wanted, required, path)
        for line_no, row in enumerate(reader, start=2):
            yield (f"{path.parent.name}/{path.name}:{line_no}",
                   {k: (row.get(h) or "").strip() for k, h in cols.items()})


def file_origins(provenance: Path) -> dict[str, str]:
    """file name → ``owner/repo@commit:path (committed …)`` from a PROVENANCE.md table row."""
    if not provenance.exists():
        return {}
    out: dict[str, str] = {}
    for line in provenance.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) < 3 or not (m := _ORIGIN.search(line)):
            continue
        name = cells[0].strip("`")
        when = re.search(r"\(committed ([0-9-]+)", line)
        out[name] = m.group(1) + (f" (committed {when.group(1)})" if when else "")
    return out


def import_series_catalogue(path: Path, origin: str, result: CatalogueResult) -> None:
    kept = 0
    for where, get in read_rows(path, SERIES_COLUMNS, SERIES_REQUIRED):
        code, name = get["code"], get["name"]
        if not _SERIES_CODE.match(code):
            result.rejected.append(f"{where}: series code {code!r} is not a WDI code")
        elif not name:
            result.rejected.append(f"{where}: series {code} has no name")
        elif code in result.series:
            result.rejected.append(f"{where}: series {code} listed twice (first kept)")
        else:
            result.series[code] = CatalogueSeries(
                code=code, name=name, topic=get.get("topic", ""),
                unit=get.get("unit", "") or unit_from_series_name(name),
                periodicity=get.get("periodicity", ""), aggregation=get.get("aggregation", ""),
                licence=get.get("licence", ""), source=get.get("source", ""),
                short_definition=get.get("short_definition", ""),
                long_definition=get.get("long_definition", ""), origin=origin,
            )
            kept += 1
    result.kept[path] = kept


def import_economy_catalogue(path: Path, origin: str, result: CatalogueResult) -> None:
    kept = 0
    for where, get in read_rows(path, ECONOMY_COLUMNS, ECONOMY_REQUIRED):
        code = get["code"]
        if not _ECONOMY_CODE.match(code):
            result.rejected.append(f"{where}: economy code {code!r} is not 3 letters/digits")
        elif code in result.economies:
            result.rejected.append(f"{where}: economy {code} listed twice (first kept)")
        else:
            name = get["name"] or get.get("table_name", "") or code
            result.economies[code] = CatalogueEconomy(
                code=code, name=name, table_name=get.get("table_name", "") or name,
                long_name=get.get("long_name", "") or name, iso2=get.get("iso2", ""),
                region=get.get("region", ""), income_group=get.get("income_group", ""),
                lending=get.get("lending", ""), other_groups=get.get("other_groups", ""),
                currency=get.get("currency", ""),
                # WDI lists aggregates (regions, income groups, World) with no region of their own
                aggregate=not get.get("region", ""), origin=origin,
            )
            kept += 1
    result.kept[path] = kept


def import_economies_seen(path: Path, origin: str, result: CatalogueResult) -> None:
    """Codes a data file carries that the catalogue lacks, known by the file's own name."""
    kept = 0
    for where, get in read_rows(path, SEEN_COLUMNS, ("code", "name")):
        code, name = get["code"], get["name"] or get["code"]
        if not _ECONOMY_CODE.match(code):
            result.rejected.append(f"{where}: economy code {code!r} is not 3 letters/digits")
            continue
        kept += 1  # read, and either in the catalogue already or added here
        if code not in result.economies:
            result.economies[code] = CatalogueEconomy(
                code=code, name=name, table_name=name, long_name=name, aggregate=True,
                origin=origin)
    result.kept[path] = kept


def import_catalogue(worldbank_dir: Path) -> tuple[CatalogueResult, list[Path]]:
    """The WDI catalogue under ``worldbank_dir`` (the files that exist); the inputs read."""
    result = CatalogueResult()
    inputs: list[Path] = []
    folder = worldbank_dir / "catalogue"
    origins = file_origins(folder / "PROVENANCE.md")
    for name, importer in ((SERIES_FILE, import_series_catalogue),
                           (ECONOMIES_FILE, import_economy_catalogue)):
        path = folder / name
        if path.exists():
            importer(path, origins.get(name, f"worldbank/catalogue/{name}"), result)
            inputs.append(path)
    seen = worldbank_dir / "all_economies" / "economies_seen.csv"
    if seen.exists():
        import_economies_seen(seen, "worldbank/all_economies/economies_seen.csv "
                              "(names as written in the World Bank files)", result)
        inputs.append(seen)
    return result, inputs
