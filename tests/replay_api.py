"""Replay payloads for the JSON and SDMX APIs (IMF, UN Comtrade, EIA), in their real wire formats.

As in tests/replay_other.py, every number comes from the bundled snapshot; each builder's comment
says which documented fact of the real format it reproduces (APIS.md sections, the providers'
documentation, the comtradeapicall package source).
"""

from __future__ import annotations

import csv
import io
import json

from tests.replay_other import newest_per_key, published, reference_rows

# -- IMF SDMX-CSV ----------------------------------------------------------------------------------

# Snapshot reference series standing in for IMF values: (flow, indicator, counterpart) → series.
IMF_STAND_INS = {
    ("IMTS", "XG_FOB_USD", "RUS"): "trade_russia_share_quoted.exports_to_russia",
    ("IMTS", "MG_CIF_USD", "RUS"): "trade_russia_share_quoted.imports_from_russia",
    ("IMTS", "XG_FOB_USD", "G001"): "trade_russia_share_quoted.total_exports",
    ("IMTS", "MG_CIF_USD", "G001"): "trade_russia_share_quoted.total_imports",
    ("DIP", "INWD_D_NETLA_FALL_ALL", "RUS"):
        "fdi_russia_share_quoted.investment_from_russia_into_belarus",
    ("DIP", "INWD_D_NETLA_FALL_ALL", "G001"):
        "fdi_russia_share_quoted.foreign_investment_received_all_types",
}
IMF_VERSIONS = {"IMTS": "IMF.STA:IMTS(1.0.0)", "DIP": "IMF.STA:DIP(12.0.1)"}


def imf_values(flow: str) -> dict[tuple[str, str, int], float]:
    """(indicator, counterpart, year) → US$ (quoted billions × 1e9, calendar-year rows only)."""
    values = {}
    for (f, indicator, counterpart), quoted in IMF_STAND_INS.items():
        if f != flow:
            continue
        for o in newest_per_key(reference_rows(quoted)):
            if o.period:
                continue
            assert o.unit == "billion US$"
            values[(indicator, counterpart, o.year)] = o.value * 1e9
    return values


# What api.imf.org really sends (APIS.md, "What live IMF SDMX 3.0 CSV responses look like"):
# the first column is written STRUCTURE[;], rows carry the action R, OBS_VALUE is in whole US
# dollars while SCALE says 6 (a display attribute), RFC 4180 line ends (SDMX-CSV is RFC 4180
# based). IMTS's attribute columns are the documented ones; their cells other than SCALE are left
# empty because no stored live row shows their codes. DIP's attribute list beyond SCALE is not
# documented: SCALE, UNIT and STATUS are used (the parser needs none of them).
IMTS_HEADER = ["STRUCTURE[;]", "STRUCTURE_ID", "ACTION", "COUNTRY", "INDICATOR",
               "COUNTERPART_COUNTRY", "FREQUENCY", "TIME_PERIOD", "OBS_VALUE", "SCALE",
               "PRECISION", "DECIMALS_DISPLAYED", "TRADE_FLOW", "VALUATION", "UNIT",
               "DERIVATION_TYPE", "OVERLAP", "STATUS"]
DIP_HEADER = ["STRUCTURE[;]", "STRUCTURE_ID", "ACTION", "COUNTRY", "DV_TYPE", "INDICATOR",
              "COUNTERPART_COUNTRY", "FREQUENCY", "TIME_PERIOD", "OBS_VALUE", "SCALE", "UNIT",
              "STATUS"]


def imf_whole_dollars(value: float) -> str:
    """OBS_VALUE as the API prints it: whole US dollars, no exponent, no decimals."""
    return str(round(value))


def imf_csv(flow: str, *, empty: bool = False, dv_types: tuple[str, ...] = ("SCC",),
            confidential: tuple[str, str, int] | None = None, bom: bool = False,
            first_column: str = "STRUCTURE[;]") -> str:
    """A live-shaped SDMX-CSV answer for ``flow`` built from the snapshot's quoted values.

    DIP defaults to mirror rows only (``DV_TYPE`` SCC): an economy that does not report to the
    IMF has no ``O`` series. ``confidential`` = (indicator, counterpart, year) publishes that
    cell as the API does for confidential data: STATUS C and no value. ``empty`` gives the
    empty-match shape: HTTP 200, the header and one row whose dimension and value cells are
    empty.
    """
    header = list(IMTS_HEADER if flow == "IMTS" else DIP_HEADER)
    header[0] = first_column
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    if empty:
        writer.writerow(["dataflow", IMF_VERSIONS[flow], "R"] + [""] * (len(header) - 3))
        return ("\ufeff" if bom else "") + out.getvalue()
    for (indicator, counterpart, year), value in sorted(imf_values(flow).items()):
        for dv_type in (dv_types if flow == "DIP" else ("",)):
            row = dict.fromkeys(header, "")
            row.update({first_column: "dataflow", "STRUCTURE_ID": IMF_VERSIONS[flow],
                        "ACTION": "R", "COUNTRY": "BLR", "DV_TYPE": dv_type,
                        "INDICATOR": indicator, "COUNTERPART_COUNTRY": counterpart,
                        "FREQUENCY": "A", "TIME_PERIOD": str(year),
                        "OBS_VALUE": imf_whole_dollars(value), "SCALE": "6"})
            if confidential == (indicator, counterpart, year):
                row.update({"OBS_VALUE": "", "STATUS": "C"})
            writer.writerow([row[h] for h in header])
    return ("\ufeff" if bom else "") + out.getvalue()


def imf_csv_invented(flow: str, *, scale: str = "Units") -> str:
    """The OLD replay shape, invented to match the old parser (kept only to show how the adapter
    treats it now): a plain STRUCTURE column, action I, SCALE as a word and OBS_VALUE divided by
    that scale. No IMF server sends this."""
    dims = (["COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY"] if flow == "IMTS"
            else ["COUNTRY", "DV_TYPE", "INDICATOR", "COUNTERPART_COUNTRY", "FREQUENCY"])
    header = ["STRUCTURE", "STRUCTURE_ID", "ACTION", *dims, "TIME_PERIOD", "OBS_VALUE", "SCALE"]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    divisor = {"Units": 1, "Millions": 1e6}[scale]
    for (indicator, counterpart, year), value in sorted(imf_values(flow).items()):
        key = {"COUNTRY": "BLR", "DV_TYPE": "O", "INDICATOR": indicator,
               "COUNTERPART_COUNTRY": counterpart, "FREQUENCY": "A"}
        writer.writerow(["dataflow", IMF_VERSIONS[flow], "I", *(key[d] for d in dims), year,
                         published(value / divisor), scale])
    return out.getvalue()


# -- US EIA API v2, international ------------------------------------------------------------------

EIA_ENDPOINT = "https://api.eia.gov/v2/international/data/"
# Snapshot reference series standing in for EIA values, by activityId. Consumption is the EIA's
# own total (INTL.44-2-BLR-MTOE.A, as kept in OWID's inputs); the snapshot holds no EIA production
# total, so OWID's oil production row stands in for activity 1 (numbers to round-trip, no claim).
EIA_STAND_INS = {
    "1": "energy_eia_owid_belarus.oil_production",
    "2": "energy_eia_owid_belarus.total_primary_energy_consumption",
}
EIA_ACTIVITY_NAMES = {"1": "Production", "2": "Consumption"}


def eia_expected() -> dict[tuple[str, str, int], float]:
    """(activityId, ISO3, year) → value: what the replayed rows carry."""
    return {(activity, o.economy, o.year): o.value
            for activity, series in EIA_STAND_INS.items()
            for o in newest_per_key(reference_rows(series))}


def eia_row(activity: str, region: str, year: int, value: str, *, unit: str = "MTOE",
            ids_as_text: bool = True) -> dict:
    """One ``response.data`` row of the international route, as the API v2 sends it: the ids
    ``productId`` / ``activityId`` arrive as strings ("44", "1"; issue 20), as do ``period``
    and ``value``. ``ids_as_text=False`` sends them as JSON numbers (the adapter reads both)."""
    def ident(text: str):
        return text if ids_as_text else int(text)

    return {
        "period": str(year), "productId": ident("44"), "productName": "Total energy",
        "activityId": ident(activity), "activityName": EIA_ACTIVITY_NAMES[activity],
        "countryRegionId": region, "countryRegionName": {"BLR": "Belarus"}.get(region, region),
        "countryRegionTypeId": "c", "countryRegionTypeName": "country",
        "dataFlagId": None, "dataFlagDescription": None,
        "unit": unit, "unitName": unit, "value": value,
    }


def eia_rows(*, ids_as_text: bool = True) -> list[dict]:
    """Belarus's rows from the snapshot, with "--" for the two years before its first value and
    the same values once more in another unit (rows the adapter must leave out)."""
    rows = []
    for activity, series in EIA_STAND_INS.items():
        observations = newest_per_key(reference_rows(series))
        first = min(o.year for o in observations)
        rows += [eia_row(activity, "BLR", y, "--", ids_as_text=ids_as_text)
                 for y in (first - 2, first - 1)]
        for o in observations:
            rows.append(eia_row(activity, o.economy, o.year, published(o.value),
                                ids_as_text=ids_as_text))
            rows.append(eia_row(activity, o.economy, o.year, published(o.value), unit="QBTU",
                                ids_as_text=ids_as_text))
    return rows


class EiaReplay:
    """``/v2/international/data/`` honouring ``offset``/``length`` and checking ``api_key``."""

    def __init__(self, key: str, rows: list[dict] | None = None, api_version: str = "2.1.12"):
        self.key = key
        self.rows = eia_rows() if rows is None else rows
        self.api_version = api_version
        self.calls: list[str] = []  # request URLs as sent (key included): for assertions only
        self.faults: list[tuple[int, dict, str] | Exception] = []
        self.honour_facets = True  # False: answer every row, as a server ignoring a facet would

    def fail(self, *faults: tuple[int, dict, str] | Exception) -> None:
        """The next requests get ``faults`` in turn (an exception is raised, a tuple answered)."""
        self.faults.extend(faults)

    def register(self, rsps) -> None:
        import re

        import responses

        rsps.add_callback(responses.GET, re.compile(re.escape(EIA_ENDPOINT) + r".*"),
                          callback=self._callback)

    def _callback(self, request):
        from urllib.parse import parse_qs, urlsplit

        self.calls.append(request.url)
        if self.faults:
            return self.faults.pop(0)
        query = parse_qs(urlsplit(request.url).query)
        if query.get("api_key") != [self.key]:
            body = {"error": {"code": "API_KEY_INVALID",
                              "message": f"The API key {query.get('api_key', [''])[0]} is not "
                                         "valid. Please register at "
                                         "https://www.eia.gov/opendata/register.php"}}
            return (403, {"Content-Type": "application/json"}, json.dumps(body))
        offset = int(query.get("offset", ["0"])[0])
        length = int(query.get("length", ["5000"])[0])
        wanted = {k: set(v) for k, v in query.items()
                  if k.startswith("facets[") and self.honour_facets}

        def keep(row: dict) -> bool:
            return all(str(row[k[len("facets["):-len("][]")]]) in v for k, v in wanted.items())

        rows = [r for r in self.rows if keep(r)]
        body = {
            "response": {"total": str(len(rows)), "dateFormat": "YYYY", "frequency": "annual",
                         "data": rows[offset: offset + length],
                         "description": "International energy data"},
            "request": {"command": "/v2/international/data/",
                        "params": {k: v for k, v in query.items() if k != "api_key"}},
            "apiVersion": self.api_version,
        }
        return (200, {"Content-Type": "application/json"}, json.dumps(body))


# -- UN Comtrade API v1 ----------------------------------------------------------------------------

COMTRADE_PREVIEW = "https://comtradeapi.un.org/public/v1/preview/C/A/HS"
COMTRADE_FULL = "https://comtradeapi.un.org/data/v1/get/C/A/HS"
_M49 = {"BLR": 112, "RUS": 643, "WLD": 0}
# Snapshot series standing in for Comtrade values: (cmdCode, flowCode) → reference series and
# the factor to US$. HS 27 rows are Comtrade's own (pmacg/UNComtrade extraction, reporter =
# economy, partner = counterpart); the snapshot has no Comtrade total, so the quoted IMF-style
# totals stand in for cmdCode TOTAL (numbers to round-trip, no claim about Comtrade).
COMTRADE_STAND_INS = {
    ("27", "M"): ("energy_comtrade_hs27_belarus_russia.import_value_hs_27_reported_by_", 1.0),
    ("27", "X"): ("energy_comtrade_hs27_belarus_russia.export_value_hs_27_reported_by_", 1.0),
    ("TOTAL", "X"): ("trade_russia_share_quoted.exports_to_russia", 1e9),
    ("TOTAL", "M"): ("trade_russia_share_quoted.imports_from_russia", 1e9),
}


def comtrade_values() -> dict[tuple[str, str, str, str, int], float]:
    """(cmdCode, flowCode, reporter ISO3, partner ISO3, year) → US$ from the snapshot."""
    values = {}
    for (cmd, flow), (prefix, factor) in COMTRADE_STAND_INS.items():
        for o in newest_per_key(reference_rows(prefix)):
            if o.period or o.economy not in _M49 or (o.counterpart or "WLD") not in _M49:
                continue
            values[(cmd, flow, o.economy, o.counterpart or "WLD", o.year)] = o.value * factor
    return values


def comtrade_row(cmd: str, flow: str, reporter: str, partner: str, year: int,
                 value: float, **extra) -> dict:
    """One ``data`` row as API v1 sends it with includeDesc=true and breakdownMode=classic.

    Reproduces a real preview response recorded from ``comtradeapi.un.org/public/v1/preview/
    C/A/HS?cmdCode=TOTAL…`` (issue 20): the same 47 keys (names as in the comtradeapicall 1.3.2
    package); ``qty``, ``netWgt`` and ``grossWgt`` 0, not null, where nothing is published;
    ``classificationCode`` ``H6``; and on the reporter's TOTAL rows ``isReported`` false with
    ``legacyEstimationFlag`` 4 (and ``isAggregate`` true). The HS 27 rows' flags were not in
    that recording: they keep ``isReported`` true and flag 0.
    """
    desc = {"BLR": "Belarus", "RUS": "Russian Federation", "WLD": "World"}
    total = cmd == "TOTAL"
    row = {
        "typeCode": "C", "freqCode": "A", "refPeriodId": int(f"{year}0101"), "refYear": year,
        "refMonth": 52, "period": str(year), "reporterCode": _M49[reporter],
        "reporterISO": reporter, "reporterDesc": desc[reporter], "flowCode": flow,
        "flowDesc": {"M": "Import", "X": "Export"}[flow], "partnerCode": _M49[partner],
        "partnerISO": "W00" if partner == "WLD" else partner, "partnerDesc": desc[partner],
        "partner2Code": 0, "partner2ISO": "W00", "partner2Desc": "World",
        "classificationCode": "H6", "classificationSearchCode": "HS",
        "isOriginalClassification": True, "cmdCode": cmd,
        "cmdDesc": "All Commodities" if total else "Mineral fuels, mineral oils",
        "aggrLevel": 0 if total else 2, "isLeaf": False, "customsCode": "C00",
        "customsDesc": "TOTAL CPC", "mosCode": "0", "motCode": 0, "motDesc": "TOTAL MOT",
        "qtyUnitCode": -1, "qtyUnitAbbr": "N/A", "qty": 0.0, "isQtyEstimated": False,
        "altQtyUnitCode": -1, "altQtyUnitAbbr": "N/A", "altQty": None,
        "isAltQtyEstimated": False, "netWgt": 0.0, "isNetWgtEstimated": False,
        "grossWgt": 0.0, "isGrossWgtEstimated": False,
        "cifvalue": value if flow == "M" else None, "fobvalue": value if flow == "X" else None,
        "primaryValue": value, "legacyEstimationFlag": 4 if total else 0,
        "isReported": not total, "isAggregate": True,
    }
    row.update(extra)
    return row


class ComtradeReplay:
    """The preview and full endpoints, answering each one-period query from the snapshot."""

    def __init__(self, key: str | None = None):
        self.key = key
        self.calls: list[str] = []
        self.faults: list[tuple[int, dict, str] | Exception] = []
        self.extra_rows: list[dict] = []

    def register(self, rsps) -> None:
        import re

        import responses

        for url in (COMTRADE_PREVIEW, COMTRADE_FULL):
            rsps.add_callback(responses.GET, re.compile(re.escape(url) + r".*"),
                              callback=self._callback)

    def _callback(self, request):
        from urllib.parse import parse_qs, urlsplit

        self.calls.append(request.url)
        if self.faults:
            return self.faults.pop(0)
        full = request.url.startswith(COMTRADE_FULL)
        if full and request.headers.get("Ocp-Apim-Subscription-Key") != self.key:
            body = {"statusCode": 401, "message": "Access denied due to invalid subscription "
                    "key. Make sure to provide a valid key for an active subscription."}
            return (401, {"Content-Type": "application/json"}, json.dumps(body))
        q = {k: v[-1] for k, v in parse_qs(urlsplit(request.url).query).items()}
        by_code = {str(c): iso for iso, c in _M49.items()}
        reporters = {by_code[c] for c in q["reporterCode"].split(",")}
        partners = {by_code[c] for c in q["partnerCode"].split(",")}
        data = [comtrade_row(cmd, flow, r, p, y, v)
                for (cmd, flow, r, p, y), v in sorted(comtrade_values().items())
                if r in reporters and p in partners and str(y) == q["period"]
                and flow in q["flowCode"].split(",") and cmd in q["cmdCode"].split(",")]
        data += [r for r in self.extra_rows if r["period"] == q["period"]]
        body = {"elapsedTime": "0.12 secs", "count": len(data), "data": data, "error": ""}
        return (200, {"Content-Type": "application/json; charset=utf-8"}, json.dumps(body))
