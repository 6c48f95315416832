"""Build replay payloads in each publisher's real wire format from the bundled snapshot.

Every number in a payload comes from ``cache.bundle.snapshot_observations()`` (the reference rows
imported from ../shared/reference/other/); nothing here types a statistic. The builders only
rearrange those rows into FAOSTAT's bulk zip, USGS's MCS CSVs, UNSD's yearbook CSV and the World
Bank's IDS JSON (IMF, Comtrade and EIA: tests/replay_api.py), so the adapters parse exactly what
the servers send. The documented facts each reproduces (and the awkward parts):

* `faostat_zip`/`faostat_rows`: the normalized CSV inside the bulk zip with the code-list files,
  M49 codes with a leading apostrophe, FAOSTAT's element names ("Export quantity"), optional
  cp1252 bytes and extra CSV members (APIS.md "FAOSTAT bulk").
* `usgs_long_csv`: MCS 2026's long layout with its real 12-column header (``MCS chapter`` …
  ``Other notes``), ``2025_estimated`` year cells, quoted thousands, cp1252 bytes (APIS.md "USGS
  MCS 2026 (corrected)"); `usgs_world_csv`: the 2025 wide layout with the ``PROD_EST_ 2024``
  space.
* `syb_energy_csv`: the yearbook's UTF-8 byte-order mark and LF line ends, title row, unnamed
  area column, thousands separators.
* `IdsReplay`: API v2 JSON of the four-dimension IDS request, as wbgapi pages it.
HTML error pages served with HTTP 200 and empty answers are built in the tests themselves.
"""

from __future__ import annotations

import csv
import io
import json
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from functools import lru_cache

from cache.bundle import snapshot_observations
from indicators.models import Observation
from indicators.sources.base import FetchContext
from indicators.sources.http import HttpClient

FIXED_NOW = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def fast_client() -> HttpClient:
    """The real client, with short timeouts, two attempts and no real sleeping."""
    return HttpClient(timeout=2.0, max_attempts=2, backoff=0.0, sleep=lambda _s: None)


def make_ctx(http: HttpClient | None = None) -> FetchContext:
    return FetchContext(http=http or fast_client(), clock=lambda: FIXED_NOW)


@lru_cache(maxsize=1)
def _snapshot() -> tuple[Observation, ...]:
    return tuple(snapshot_observations())


def reference_rows(series_prefix: str) -> list[Observation]:
    """Snapshot rows of the reference series whose code starts with ``series_prefix``."""
    rows = [
        o for o in _snapshot() if o.source == "reference" and o.series.startswith(series_prefix)
    ]
    assert rows, f"the bundled snapshot has no reference rows for {series_prefix!r}"
    return rows


def newest_per_key(rows: Iterable[Observation]) -> list[Observation]:
    """One row per (series, economy, counterpart, year, period): the newest vintage."""
    best: dict[tuple, Observation] = {}
    for o in rows:
        k = (o.series, o.economy, o.counterpart, o.year, o.period)
        if k not in best or (o.vintage_date or "") > (best[k].vintage_date or ""):
            best[k] = o
    return sorted(best.values(), key=lambda o: (o.series, o.economy, o.year))


def published(value: float) -> str:
    """A number as a publisher prints it (no trailing ".0" on whole numbers)."""
    return str(int(value)) if float(value).is_integer() else repr(value)


# -- FAOSTAT -------------------------------------------------------------------------------------

FAOSTAT_HEADER = [
    "Area Code", "Area Code (M49)", "Area", "Item Code", "Item", "Element Code", "Element",
    "Year Code", "Year", "Unit", "Value", "Flag", "Note",
]
FAOSTAT_FLAGS = [("A", "Official figure"), ("E", "Estimated value"), ("I", "Imputed value")]
# The Element column as FAOSTAT publishes it (APIS.md "FAOSTAT bulk": element names
# "Production", "Export quantity", "Import quantity"), whatever our config calls the series.
FAOSTAT_ELEMENT_NAMES = {"production": "Production", "export_quantity": "Export quantity",
                         "import_quantity": "Import quantity"}


def faostat_catalogue(file_location: str, date_update: str, domain: str = "RFN") -> dict:
    """``datasets_E.json``: the bulk catalogue, with a neighbour domain before ours."""
    return {
        "Datasets": {
            "Dataset": [
                {
                    "DatasetCode": "QCL",
                    "DatasetName": "Production: Crops and livestock products",
                    "DateUpdate": date_update,
                    "FileLocation": file_location.replace(
                        "Inputs_FertilizersNutrient", "Production_Crops_Livestock"
                    ),
                    "FileSize": "34MB", "FileRows": 4000000, "CompressionFormat": "zip",
                    "FileType": "csv",
                },
                {
                    "DatasetCode": domain,
                    "DatasetName": "Fertilizers by Nutrient",
                    "DateUpdate": date_update,
                    "FileLocation": file_location,
                    "FileSize": "1MB", "FileRows": 100000, "CompressionFormat": "zip",
                    "FileType": "csv",
                },
            ]
        }
    }


def faostat_rows(config: dict, *, flag: str = "A") -> list[dict[str, str]]:
    """Normalized RFN rows for every snapshot potash row whose element the config knows."""
    element_by_series = {
        e["series"].split(".", 1)[1]: (code, e) for code, e in config["elements"].items()
    }
    rows = []
    for o in newest_per_key(reference_rows("potash_faostat_rfn_k2o.")):
        measure = o.series.split(".", 1)[1]
        if measure not in element_by_series or o.economy not in config["areas"]:
            continue
        code, element = element_by_series[measure]
        area = config["areas"][o.economy]
        rows.append({
            "Area Code": area["fao"], "Area Code (M49)": "'" + area["m49"].zfill(3),
            "Area": o.economy, "Item Code": config["item_code"],
            "Item": "Nutrient potash K2O (total)", "Element Code": code,
            "Element": FAOSTAT_ELEMENT_NAMES[measure],
            "Year Code": str(o.year), "Year": str(o.year),
            "Unit": "t", "Value": published(o.value), "Flag": flag, "Note": "",
        })
    return rows


def faostat_zip(rows: list[dict[str, str]], *, with_flags: bool = True,
                header: list[str] | None = None, extra_members: tuple[str, ...] = (),
                encoding: str = "utf-8") -> bytes:
    """The bulk zip: the normalized data CSV plus FAOSTAT's code-list files (and, to prove the
    data file is chosen by name, any ``extra_members`` CSVs with the same header)."""
    header = header or FAOSTAT_HEADER
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for member in extra_members:
            zf.writestr(member, _csv(header, []))
        zf.writestr("Inputs_FertilizersNutrient_E_All_Data_(Normalized).csv",
                    _csv(header, rows).encode(encoding))
        zf.writestr("Inputs_FertilizersNutrient_E_AreaCodes.csv",
                    _csv(["Area Code", "M49 Code", "Area"], []))
        if with_flags:
            zf.writestr("Inputs_FertilizersNutrient_E_Flags.csv",
                        _csv(["Flag", "Description"],
                             [{"Flag": f, "Description": d} for f, d in FAOSTAT_FLAGS]))
    return out.getvalue()


def _csv(header: list[str], rows: list[dict[str, str]]) -> str:
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header, quoting=csv.QUOTE_ALL,
                            lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def dumps(payload: object) -> str:
    return json.dumps(payload)


# -- USGS ScienceBase ----------------------------------------------------------------------------

def usgs_country_names() -> dict[str, str]:
    """ISO3 → the name a USGS table prints: the World Bank's English name, the name of a
    non-economy row ("Other countries"), and USGS's world row."""
    from indicators.claims.economies import NON_ECONOMIES, bundled

    names = {code: e.name for code, e in bundled().by_code.items()}
    names |= {code: name for name, code in NON_ECONOMIES.items()}
    names["WLD"] = "World total (rounded)"
    return names


def usgs_item(item_id: str, files: list[tuple[str, str]], release: str) -> dict:
    """A ScienceBase item document (``?format=json``) with the given (name, url) files."""
    return {
        "link": {"rel": "self", "url": f"https://www.sciencebase.gov/catalog/item/{item_id}"},
        "id": item_id,
        "title": "Mineral Commodity Summaries Data Release",
        "provenance": {
            "dateCreated": release + "T10:00:00Z", "lastUpdated": "2026-03-02T15:00:00Z",
        },
        "dates": [
            {"type": "Publication", "dateString": release, "label": "Publication Date"},
            {"type": "Start", "dateString": "2024", "label": ""},
        ],
        "files": [
            {"name": name, "title": "", "contentType": "text/csv", "size": 250000, "url": url}
            for name, url in files
        ],
    }


def usgs_world_csv(commodity: str = "Potash", type_text: str = "Mine production, K2O equivalent",
                   *, extra_rows: list[dict[str, str]] | None = None, bom: bool = False) -> str:
    """``MCS2025_World_Data.csv`` (the wide layout) for the snapshot's potash rows.

    Reproduces the header a third-party test quotes from the real 2025 file (APIS.md): SOURCE,
    COMMODITY, COUNTRY, TYPE, UNIT_MEAS, PROD_<y>, PROD_EST_ <y> (with the space), PROD_NOTES,
    CAP_…, RESERVES_<y>, RESERVE_NOTES; the snapshot's two years stand in for 2023/2024, the
    estimated one as PROD_EST_. ``bom`` prefixes a UTF-8 byte-order mark (a re-saved export; the
    published file is cp1252 without one).
    """
    rows = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    years = sorted({o.year for o in rows})
    estimated = {o.year for o in rows if "estimate" in o.note}
    columns = [f"PROD_EST_ {y}" if y in estimated else f"PROD_{y}" for y in years]
    capacity = [c.replace("PROD", "CAP") for c in columns]
    header = ["SOURCE", "COMMODITY", "COUNTRY", "TYPE", "UNIT_MEAS", *columns, "PROD_NOTES",
              *capacity, "CAP_NOTES", f"RESERVES_{years[-1]}", "RESERVE_NOTES"]
    names = usgs_country_names()
    by_economy: dict[str, dict[str, str]] = {}
    for o in rows:
        line = by_economy.setdefault(o.economy, {
            "SOURCE": "MCS2025", "COMMODITY": commodity,
            "COUNTRY": names.get(o.economy, o.economy), "TYPE": type_text,
            "UNIT_MEAS": "thousand metric tons"})
        line[columns[years.index(o.year)]] = _usgs_number(o.value)
    body = list(by_economy.values()) + list(extra_rows or [])
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header, lineterminator="\r\n",
                            extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(body)
    return ("\ufeff" if bom else "") + text.getvalue()


def _usgs_number(value: float) -> str:
    """A value as the MCS files print it: thousands separated ("5,300", quoted by the CSV)."""
    return f"{value:,.0f}" if value >= 1000 else published(value)


# The MCS 2026 header as public clients of the live file check it, byte for byte (APIS.md,
# "USGS Mineral Commodity Summaries 2026 (corrected)").
USGS_LONG_HEADER = ["MCS chapter", "Section", "Commodity", "Country", "Statistics",
                    "Statistics_detail", "Unit", "Year", "Value", "Notes",
                    "Is critical mineral 2025", "Other notes"]


def usgs_long_row(country: str, year: str, value: str, *, commodity: str = "Potash",
                  section: str = "World Mine Production and Reserves",
                  statistics: str = "Production", detail: str = "Mine production",
                  notes: str = "") -> dict[str, str]:
    """One row of the long layout, shaped as public clients' fixtures of the real file show it:
    ``MCS chapter`` in capitals, ``Statistics`` ``Production`` with the detail ``Mine
    production``, the world table's Section."""
    return {"MCS chapter": commodity.upper(), "Section": section, "Commodity": commodity,
            "Country": country, "Statistics": statistics, "Statistics_detail": detail,
            "Unit": "thousand metric tons", "Year": year, "Value": value, "Notes": notes,
            "Is critical mineral 2025": "", "Other notes": ""}


def usgs_long_csv(commodity: str = "Potash", *, extra_rows: list[dict[str, str]] | None = None,
                  header: list[str] | None = None, line_end: str = "\r\n") -> bytes:
    """``MCS2026_Commodities_Data.csv`` as USGS ships it, for the snapshot's potash rows.

    Documented facts it reproduces (APIS.md, "USGS MCS 2026 (corrected)", and public clients'
    fixtures of the live file): the 12-column header beginning ``MCS chapter``; cp1252 bytes
    (the Salient section's em dash is byte 0x97, not UTF-8); one value per row; the estimated
    year written ``2025_estimated`` beside plain ``2024``; values quoted with thousands
    separators (``"5,300"``); the world total's detail ``Mine production: rounded``; a
    "Salient Statistics—United States" row the world table must not take. Not documented, so
    chosen: CRLF line ends (one client's fixture; LF is read too) and an empty ``Is critical
    mineral 2025`` cell (its potash value was not seen).
    """
    rows = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    estimated = {o.year for o in rows if "estimate" in o.note}
    names = usgs_country_names()
    body = []
    for o in rows:
        world = o.economy == "WLD"
        body.append(usgs_long_row(
            "World total" if world else names.get(o.economy, o.economy),
            f"{o.year}_estimated" if o.year in estimated else str(o.year),
            _usgs_number(o.value), commodity=commodity,
            detail="Mine production: rounded" if world else "Mine production",
            notes="Estimated." if o.year in estimated else ""))
    us = next(o for o in rows if o.economy == "USA")
    body.append(usgs_long_row("United States", str(us.year), _usgs_number(us.value),
                              commodity=commodity,
                              section="Salient Statistics\u2014United States",
                              detail="Production, marketable"))
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header or USGS_LONG_HEADER, lineterminator=line_end,
                            extrasaction="ignore", restval="")
    writer.writeheader()
    writer.writerows(body + list(extra_rows or []))
    return text.getvalue().encode("cp1252")


# -- World Bank IDS (db 6), by creditor ------------------------------------------------------------

IDS_RUSSIA_CODE = "999"  # placeholder: the adapter must find Russia's code by name, whatever it is
IDS_SERIES_NAMES = {
    "DT.DOD.DPPG.CD": (
        "External debt stocks, public and publicly guaranteed (PPG) (DOD, current US$)"
    ),
    "DT.DOD.BLAT.CD": "PPG, bilateral (DOD, current US$)",
}
# Snapshot reference series standing in for IDS values: (IDS series, creditor) → quoted series.
IDS_STAND_INS = {
    ("DT.DOD.DPPG.CD", IDS_RUSSIA_CODE): "debt_russia_quoted.belarus_debt_owed_to_russia",
    ("DT.DOD.BLAT.CD", IDS_RUSSIA_CODE): "debt_russia_quoted.belarus_debt_owed_to_russia_bilateral",
    ("DT.DOD.DPPG.CD", "WLD"): "debt_russia_quoted.external_state_debt",
}
IDS_CREDITORS = [("WLD", "World"), ("730", "China"), (IDS_RUSSIA_CODE, "Russian Federation")]


def ids_values() -> dict[tuple[str, str, str, int], float]:
    """(series, debtor, creditor code, year) → US$, from the quoted billions in the snapshot."""
    values = {}
    for (series, creditor), quoted in IDS_STAND_INS.items():
        for o in newest_per_key(reference_rows(quoted)):
            assert o.unit == "billion US$"
            values[(series, o.economy, creditor, o.year)] = o.value * 1e9
    return values


class IdsReplay:
    """The API v2 endpoints wbgapi calls for an IDS fetch by creditor, in their wire formats."""

    def __init__(self, endpoint: str = "https://api.worldbank.org/v2",
                 lastupdated: str = "2025-12-03"):
        from tests.wb_replay import ReplayData

        self.endpoint = endpoint
        self.lastupdated = lastupdated
        self.values = ids_values()
        self.years = list(range(1970, FIXED_NOW.year + 1))
        self.creditors = list(IDS_CREDITORS)
        self.calls: list[str] = []
        self.faults: dict[str, list[tuple[int, str, str] | Exception]] = {}
        self._economies = ReplayData(values={}, names={}, years=(), economies=("BLR", "USA"),
                                     lastupdated=lastupdated)

    def fail(self, path_part: str, *faults: tuple[int, str, str] | Exception) -> None:
        """The next requests whose path contains ``path_part`` get ``faults`` in turn."""
        self.faults.setdefault(path_part, []).extend(faults)

    def register(self, rsps) -> None:
        import re

        import responses

        rsps.add_callback(responses.GET, re.compile(re.escape(self.endpoint) + r"/.*"),
                          callback=self._callback)

    def _callback(self, request):
        from urllib.parse import parse_qs, unquote, urlsplit

        self.calls.append(request.url)
        parts = urlsplit(request.url)
        path = unquote(parts.path)
        for part, queue in self.faults.items():
            if part in path and queue:
                return queue.pop(0)  # an exception is raised by responses, a tuple answered
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        page, per_page = int(query.get("page", 1)), int(query.get("per_page", 50))
        rest = [p for p in path.split("/") if p][2:]  # drop "v2", "en"
        body = self._route(rest, page, per_page)
        if body is None:
            return (404, {"Content-Type": "text/plain"}, f"no route for {path}")
        return (200, {"Content-Type": "application/json;charset=utf-8"}, json.dumps(body))

    def _route(self, rest: list[str], page: int, per_page: int):
        from tests import wb_replay as wb

        if rest == ["region"]:
            return wb.region_payload(page, per_page)
        if rest == ["incomelevel"]:
            return wb.incomelevel_payload(page, per_page)
        if rest == ["lendingtype"]:
            return wb.lendingtype_payload(page, per_page)
        if rest == ["country", "all"]:
            return wb.country_payload(self._economies, page, per_page)
        if rest[:2] != ["sources", "6"]:
            return None
        rest = rest[2:]
        if not rest:
            row = {"id": "6", "lastupdated": self.lastupdated,
                   "name": "International Debt Statistics", "code": "IDS", "description": "",
                   "url": "", "dataavailability": "Y", "metadataavailability": "Y",
                   "concepts": "4"}
            return [{"page": 1, "pages": 1, "per_page": str(per_page), "total": 1}, [row]]
        if rest == ["concepts"]:
            concept = [{"id": c, "value": c} for c in ("Country", "Series", "Counterpart-Area",
                                                        "Time")]
            return self._concepts(concept, len(concept), page, per_page)
        if rest == ["counterpart-area", "all"]:
            variables = [{"id": c, "value": n} for c, n in self.creditors]
            return self._variables("Counterpart-Area", variables, page, per_page)
        if rest == ["time", "all"]:
            variables = [{"id": f"YR{y}", "value": str(y)} for y in self.years]
            return self._variables("Time", variables, page, per_page)
        if len(rest) == 8 and rest[0::2] == ["series", "country", "time", "counterpart-area"]:
            series, economies = rest[1].split(";"), rest[3].split(";")
            if not set(series) <= set(IDS_SERIES_NAMES) or not set(economies) <= {"BLR"}:
                return wb.ERROR_INVALID_VALUE  # the API's envelope for an unknown code, HTTP 200
            return self._data(*(rest[i].split(";") for i in (1, 3, 5, 7)), page, per_page)
        if len(rest) == 2 and rest[0] in ("series", "country"):  # which codes the API knows
            known = IDS_SERIES_NAMES if rest[0] == "series" else {"BLR": "Belarus"}
            codes = rest[1].split(";")
            if not set(codes) <= set(known):
                return wb.ERROR_INVALID_VALUE
            return self._variables(rest[0].capitalize(),
                                   [{"id": c, "value": known[c]} for c in codes], page, per_page)
        return None

    def _concepts(self, concept, total, page, per_page):
        return {"page": page, "pages": max(1, -(-total // per_page)), "per_page": str(per_page),
                "total": total,
                "source": [{"id": "6", "name": "International Debt Statistics",
                            "concept": concept}]}

    def _variables(self, concept_id, variables, page, per_page):
        chunk = variables[(page - 1) * per_page: page * per_page]
        return self._concepts([{"id": concept_id, "variable": chunk}], len(variables), page,
                              per_page)

    def _data(self, series, economies, times, creditors, page, per_page):
        years = [int(t.removeprefix("YR")) for t in times]
        names = dict(self.creditors)
        cells = [(s, e, y, c) for s in series for e in economies for y in years for c in creditors]
        total = len(cells)
        rows = []
        for s, e, y, c in cells[(page - 1) * per_page: page * per_page]:
            rows.append({"variable": [
                {"concept": "Country", "id": e, "value": "Belarus"},
                {"concept": "Series", "id": s, "value": IDS_SERIES_NAMES[s]},
                {"concept": "Counterpart-Area", "id": c, "value": names[c]},
                {"concept": "Time", "id": f"YR{y}", "value": str(y)},
            ], "value": self.values.get((s, e, c, y))})
        return {"page": page, "pages": max(1, -(-total // per_page)), "per_page": str(per_page),
                "lastupdated": self.lastupdated, "total": total,
                "source": {"id": "6", "name": "International Debt Statistics", "data": rows}}


# -- UNSD Statistical Yearbook -------------------------------------------------------------------

SYB_SOURCE_LINE = ("United Nations Statistics Division, New York, Energy Statistics Yearbook 2021, "
                   "last accessed April 2024.")


SYB_HEADER = ["Region/Country/Area", "", "Year", "Series", "Value", "Footnotes", "Source"]


def syb_energy_csv(title: str = "Production, trade and supply of energy", *,
                   header: list[str] | None = None) -> str:
    """The yearbook CSV for the snapshot's Belarus rows (series text = the snapshot's names).

    Reproduces the real file (issue 20, and a copy of SYB67 kept in tjg311/breathless): a UTF-8
    byte-order mark, LF line ends, the title row ``T23,"…",,,,,``, the header with an unnamed
    area-name column, thousands separators in quoted values. ``header`` reorders or renames
    columns (the rows follow it by name).
    """
    from cache.bundle import snapshot_series

    header = header or SYB_HEADER
    names = {s.series: s.name for s in snapshot_series() if s.source == "reference"}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["T23", title, "", "", "", "", ""])
    writer.writerow(header)
    # A neighbour area first: rows the adapter must skip (code 2 = Africa, values re-used).
    rows = newest_per_key(reference_rows("energy_unsd_syb67_belarus."))
    for code, area in (("2", "Africa"), ("112", "Belarus")):
        for o in rows:
            value = f"{o.value:,.0f}" if o.value.is_integer() else published(o.value)
            cells = dict(zip(SYB_HEADER, [code, area, o.year, names[o.series], value, "",
                                          SYB_SOURCE_LINE], strict=True))
            writer.writerow([cells.get(h, "") for h in header])
    return "\ufeff" + out.getvalue()
