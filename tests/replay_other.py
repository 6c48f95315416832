"""Build replay payloads in each publisher's real wire format from the bundled snapshot.

Every number in a payload comes from ``cache.bundle.snapshot_observations()`` (the reference rows
imported from ../shared/reference/other/); nothing here types a statistic. The builders only
rearrange those rows into FAOSTAT's bulk zip, USGS's MCS CSVs, UNSD's yearbook CSV and the World
Bank's IDS JSON (IMF, Comtrade and EIA: tests/replay_api.py), so the adapters parse exactly what
the servers send. The documented facts each reproduces (and the awkward parts):

* `faostat_zip`/`faostat_rows`: the normalized CSV inside the bulk zip with the code-list files,
  M49 codes with a leading apostrophe, FAOSTAT's element names ("Export quantity"), optional
  cp1252 bytes and extra CSV members (APIS.md "FAOSTAT bulk").
* `usgs_long_csv`: MCS 2026's long layout in cp1252 bytes, with a byte (0x96) that is not UTF-8
  (APIS.md "USGS MCS 2026"); `usgs_world_csv`: the 2025 wide layout with the ``PROD_EST_ 2024``
  space and a byte-order mark.
* `syb_energy_csv`: the yearbook's title row, unnamed area column, thousands separators.
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
    """ISO3 → the name a USGS table prints (first English name in the shared table)."""
    from indicators.claims.economies import NAME_TO_CODE

    names: dict[str, str] = {}
    for name, code in NAME_TO_CODE.items():
        if name.isascii():
            names.setdefault(code, name)
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
                   *, extra_rows: list[dict[str, str]] | None = None) -> str:
    """``MCS<year>_World_Data.csv`` for the snapshot's potash rows (estimate year = PROD_EST_)."""
    rows = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    years = sorted({o.year for o in rows})
    estimated = {o.year for o in rows if "estimate" in o.note}
    columns = [f"PROD_EST_ {y}" if y in estimated else f"PROD_{y}" for y in years]
    header = ["SOURCE", "COMMODITY", "COUNTRY", "TYPE", "UNIT_MEAS", *columns,
              f"RESERVES_{years[-1]}", "RESERVES_NOTES"]
    names = usgs_country_names()
    by_economy: dict[str, dict[str, str]] = {}
    for o in rows:
        line = by_economy.setdefault(o.economy, {
            "SOURCE": "MCS2026", "COMMODITY": commodity, "COUNTRY": names.get(o.economy, o.economy),
            "TYPE": type_text, "UNIT_MEAS": "thousand metric tons",
            f"RESERVES_{years[-1]}": "", "RESERVES_NOTES": "",
        })
        line[columns[years.index(o.year)]] = f"{o.value:,.0f}" if o.value >= 1000 else published(
            o.value)
    body = list(by_economy.values()) + list(extra_rows or [])
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=header, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(body)
    # A byte-order mark, as spreadsheet-exported CSVs often carry: the adapter must cope.
    return "\ufeff" + text.getvalue()


USGS_LONG_HEADER = ["Section", "Commodity", "Country", "Statistics", "Statistics_detail", "Unit",
                    "Year", "Value"]


def usgs_long_csv(commodity: str = "Potash", *, extra_rows: list[dict[str, str]] | None = None
                  ) -> bytes:
    """``MCS2026_Commodities_Data.csv`` as USGS ships it (APIS.md "USGS MCS 2026"): the long
    layout, encoded cp1252 (not UTF-8), one value per row, for the snapshot's potash rows.

    Documented: the eight columns and the encoding. Not documented, so chosen here and read
    either way by the adapter: how an estimated year is marked (the tables print ``2025e``) and
    the Section / Statistics_detail wording. The Section text carries an en dash, byte 0x96 in
    cp1252, which is not valid UTF-8.
    """
    rows = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    estimated = {o.year for o in rows if "estimate" in o.note}
    names = usgs_country_names()
    body = [{"Section": "World Mine Production and Reserves \u2013 Potash",
             "Commodity": commodity, "Country": names.get(o.economy, o.economy),
             "Statistics": "Mine production", "Statistics_detail": "K2O equivalent",
             "Unit": "thousand metric tons",
             "Year": f"{o.year}e" if o.year in estimated else str(o.year),
             "Value": f"{o.value:,.0f}" if o.value >= 1000 else published(o.value)}
            for o in rows]
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=USGS_LONG_HEADER, lineterminator="\r\n")
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


def syb_energy_csv(title: str = "Production, trade and supply of energy") -> str:
    """The yearbook CSV for the snapshot's Belarus rows (series text = the snapshot's names)."""
    from cache.bundle import snapshot_series

    names = {s.series: s.name for s in snapshot_series() if s.source == "reference"}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["T23", title, "", "", "", "", ""])
    writer.writerow(["Region/Country/Area", "", "Year", "Series", "Value", "Footnotes", "Source"])
    # A neighbour area first: rows the adapter must skip (code 2 = Africa, values re-used).
    rows = newest_per_key(reference_rows("energy_unsd_syb67_belarus."))
    for code, area in (("2", "Africa"), ("112", "Belarus")):
        for o in rows:
            value = f"{o.value:,.0f}" if o.value.is_integer() else published(o.value)
            writer.writerow([code, area, o.year, names[o.series], value, "", SYB_SOURCE_LINE])
    return out.getvalue()
