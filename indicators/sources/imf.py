"""IMF SDMX 3.0 API: goods trade by partner (IMTS) and direct investment positions (DIP).

``GET https://api.imf.org/external/sdmx/3.0/data/dataflow/{agency}/{flow}/{version}/{key}
?c[TIME_PERIOD]=ge:{first_year}`` with ``Accept: application/vnd.sdmx.data+csv;version=2.0.0``
answers SDMX-CSV 2.0, as described in ../shared/reference/other/APIS.md ("What live IMF SDMX 3.0
CSV responses look like")::

    STRUCTURE[;],STRUCTURE_ID,ACTION,COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,TIME_PERIOD,
    OBS_VALUE,SCALE,PRECISION,…,UNIT,DERIVATION_TYPE,OVERLAP,STATUS
    dataflow,IMF.STA:IMTS(1.0.0),R,BLR,XG_FOB_USD,RUS,A,2019,<whole US dollars>,6,…

What the parser relies on, and why:

* the first column may be written ``STRUCTURE[;]`` (the live API), ``STRUCTURE`` or ``DATAFLOW``
  (other clients and older files); the field separator is whatever follows that first name;
* the action is ``R`` (replace) or ``I`` (information); ``D`` rows (deletions) are rejected;
* ``SCALE`` is a *display* attribute: ``OBS_VALUE`` is already in US dollars, so it is stored as
  sent and SCALE only goes into the value's note (multiplying by 10^SCALE inflates every value
  a million times);
* DIP's ``DV_TYPE``: ``O`` = reported by the economy itself, ``SCC`` = derived from the
  counterparts' outward positions (mirror). An economy that does not report has only ``SCC``;
  both are queried (``O+SCC``), the reported value wins when both exist, and each value's note
  says which one it is;
* an empty match is HTTP 200, the header and one row whose cells are all empty; an empty key
  slot (``..``) also returns no data, so keys must use ``*`` and a config with ``..`` is refused;
* ``STATUS`` = ``C`` marks a confidential cell with no value: rejected with that reason;
* the IMF asks clients to stay near 10 requests per 5 seconds: requests are spaced 0.5 s apart.

Belarus–Russia trade values from 2022 are withheld with the reason (see imf.toml) instead of
storing a misleading partner-based figure.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import requests

import indicators.sources.stdjson  # noqa: F401 (requests parses with json)
from indicators.models import Observation, SourceBatch
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import (
    ConfiguredSource,
    Rows,
    Throttle,
    decode_text,
    html_title,
    looks_like_html,
    not_a_number_reason,
    now_iso,
    parse_number,
)

NAME = "imf"
FIRST_COLUMNS = ("STRUCTURE[;]", "STRUCTURE", "DATAFLOW")
_REQUIRED = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "TIME_PERIOD", "OBS_VALUE")
_ACTIONS = {"R", "I", "A", ""}  # replace, information, append; "" in files without actions
DERIVATION = {
    "O": "DV_TYPE O: reported by the economy itself",
    "SCC": "DV_TYPE SCC: derived from the counterparts' outward positions (mirror data)",
}
REQUESTS_PER_SECOND = 2.0  # the reported limit is about 10 requests per 5 seconds


def read_header(text: str, origin: str) -> tuple[list[str], str]:
    """The header and the field separator; `SourceError` unless it is SDMX-CSV."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    for name in FIRST_COLUMNS:
        if first_line.startswith(name) and len(first_line) > len(name):
            delimiter = first_line[len(name)]
            if delimiter in ",;\t":
                header = next(csv.reader([first_line], delimiter=delimiter))
                missing = [c for c in _REQUIRED if c not in header]
                if not missing:
                    return [h.strip() for h in header], delimiter
                raise SourceError(
                    f"{NAME}: {origin} is SDMX-CSV without the columns {', '.join(missing)} "
                    f"(header {header[:12]})")
    raise SourceError(
        f"{NAME}: {origin} is not SDMX-CSV (first column must be one of "
        f"{', '.join(FIRST_COLUMNS)}; body starts {text[:60]!r})")


def parse_sdmx_csv(
    text: str, flow: str, spec: dict[str, Any], config: dict[str, Any], *, origin: str,
    retrieved_at: str,
) -> Rows:
    """Observations for the configured indicators; every other published row rejected or skipped
    (rows of indicators not configured are skipped: a ``*`` key may return more than we use)."""
    header, delimiter = read_header(text, origin)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    next(reader)
    counterparts = config.get("counterparts", {})
    withheld = set(spec.get("withhold_counterparts", []))
    withhold_from = int(spec.get("withhold_from_year", 10_000))
    rows = Rows()
    kept: dict[tuple, tuple[int, str]] = {}  # key → (index in rows.observations, DV_TYPE)
    for line, cells in enumerate(reader, start=2):
        row = dict(zip(header, (c.strip() for c in cells), strict=False))
        if not any(row.get(c) for c in _REQUIRED):
            continue  # the all-empty row of an empty match
        indicator = row["INDICATOR"]
        if indicator not in spec["series"]:
            continue
        economy, period = row["COUNTRY"], row["TIME_PERIOD"]
        counterpart = counterparts.get(row["COUNTERPART_COUNTRY"], row["COUNTERPART_COUNTRY"])
        dv_type = row.get("DV_TYPE", "")
        where = (f"{flow} {economy} {indicator} {counterpart} {period}"
                 + (f" {dv_type}" if dv_type else "") + f" (line {line})")
        action = row.get("ACTION", "").upper()
        if action not in _ACTIONS:
            rows.reject(where, f"action {action!r} (only R, I and A rows carry values)")
            continue
        if not period.isdigit():
            rows.reject(where, f"period {period!r} is not a calendar year")
            continue
        status = row.get("STATUS", "") or row.get("OBS_STATUS", "")
        value = parse_number(row["OBS_VALUE"])
        if value is None:
            reason = ("confidential (STATUS C), no value published" if status == "C"
                      else f"value {not_a_number_reason(row['OBS_VALUE'])}")
            rows.reject(where, reason)
            continue
        if dv_type and dv_type not in DERIVATION:
            rows.reject(where, f"unknown derivation type DV_TYPE {dv_type!r}")
            continue
        if counterpart in withheld and int(period) >= withhold_from:
            rows.reject(where, f"withheld: {spec['withhold_reason']}")
            continue
        observation = _observation(row, flow, spec, counterpart, origin, retrieved_at)
        key = (indicator, economy, counterpart, int(period))
        if key in kept:
            index, other = kept[key]
            if other == "O" or dv_type != "O":
                rows.reject(where, f"not used: the DV_TYPE {other or '-'} value is kept")
                continue
            rows.reject(where.replace(f" {dv_type} ", f" {other} "),
                        "not used: the economy's own (DV_TYPE O) value is kept")
            rows.observations[index] = observation
            kept[key] = (index, dv_type)
            continue
        kept[key] = (len(rows.observations), dv_type)
        rows.keep(observation)
    return rows


def _observation(row: dict[str, str], flow: str, spec: dict[str, Any], counterpart: str,
                 origin: str, retrieved_at: str) -> Observation:
    notes = []
    if row.get("DV_TYPE"):
        notes.append(DERIVATION[row["DV_TYPE"]])
    if row.get("SCALE"):
        notes.append(f"SCALE {row['SCALE']} (display attribute; OBS_VALUE is in US$ as sent, "
                     "not multiplied)")
    for attribute in ("DERIVATION_TYPE", "STATUS", "OBS_STATUS", "UNIT"):
        if row.get(attribute):
            notes.append(f"{attribute} {row[attribute]}")
    structure = row.get("STRUCTURE_ID") or flow
    return Observation(
        source=NAME, dataset=spec["dataset"], series=f"{flow}.{row['INDICATOR']}",
        economy=row["COUNTRY"], counterpart=counterpart, year=int(row["TIME_PERIOD"]),
        value=parse_number(row["OBS_VALUE"]), unit="US$",
        publisher_updated=f"{structure}, retrieved {retrieved_at[:10]}",
        retrieved_at=retrieved_at, origin=origin, note="; ".join(notes),
    )


def check_key(flow: str, key: str) -> str:
    """A key with an empty slot silently matches nothing on this API: refuse it, ask for ``*``."""
    slots = key.split(".")
    if any(not s for s in slots) or any(not p for s in slots for p in s.split("+")):
        raise SourceError(f"{NAME}: key {key!r} of flow {flow} has an empty slot; the IMF API "
                          "answers an empty slot with no data, use * for 'all'")
    return key


class ImfSource(ConfiguredSource):
    """Adapter: IMF IMTS (Belarus goods trade with Russia and the world) and DIP (FDI stocks)."""

    name = NAME
    title = "IMF data portal, SDMX 3.0 (api.imf.org): IMTS trade by partner, DIP FDI positions"

    def __init__(self, config: dict[str, Any] | None = None, config_path: Path | None = None,
                 throttle: Throttle | None = None):
        super().__init__(config, config_path)
        for flow, spec in self.config["flows"].items():
            check_key(flow, spec["key"])
        self.throttle = throttle or Throttle(1 / REQUESTS_PER_SECOND)

    def url(self, flow: str) -> str:
        spec = self.config["flows"][flow]
        return (f"{self.config['base_url']}/{spec['agency']}/{flow}/{spec['version']}/"
                f"{spec['key']}")

    def series_specs(self) -> Iterable[tuple[str, str, str, str]]:
        for flow, spec in self.config["flows"].items():
            for code, name in spec["series"].items():
                yield (f"{flow}.{code}", name, "US$",
                       f"IMF {flow} {code}; counterpart = partner economy (WLD = world total)."
                       + (" DV_TYPE O (reported) preferred over SCC (mirror); each value's "
                          "note says which." if "DV_TYPE" in spec.get("dimensions", "") else ""))

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        batch = SourceBatch(source=NAME, series=self.series_meta())
        flows = self.config["flows"]
        params = {"c[TIME_PERIOD]": f"ge:{self.config['first_year']}"}
        for i, (flow, spec) in enumerate(flows.items()):
            ctx.progress(i, len(flows), f"IMF {flow}")
            rows, note, origin, retrieved = self._fetch_flow(ctx, flow, spec, params)
            batch.observations += rows.observations
            batch.rejected += rows.rejected
            batch.fetches.append(self.fetch_record(origin, retrieved,
                                                   f"retrieved {retrieved[:10]}", note))
        ctx.progress(len(flows), len(flows), f"{len(batch.observations)} observations")
        return batch

    def _fetch_flow(self, ctx: FetchContext, flow: str, spec: dict[str, Any],
                    params: dict[str, str]) -> tuple[Rows, str, str, str]:
        url = self.url(flow)
        self.throttle.wait()
        response = ctx.http.get(url, params=params, headers={"Accept": self.config["accept"]})
        retrieved = now_iso(ctx)
        origin = response.url or url
        if response.status_code == 404:
            rows = Rows()
        else:
            response = _checked(response, flow, origin)
            text, _ = decode_text(response.content)
            rows = parse_sdmx_csv(text, flow, spec, self.config, origin=origin,
                                  retrieved_at=retrieved)
        note = f"{len(rows.observations)} values"
        if not rows.observations:
            if spec.get("required", True):
                raise SourceError(f"{NAME}: {origin} returned no {flow} data for {spec['key']} "
                                  f"({len(rows.rejected)} rows rejected"
                                  + (f", first: {rows.rejected[0]}" if rows.rejected else "")
                                  + ")")
            note = f"no data: the IMF has no {flow} series for {spec['key']}"
            rows.reject(f"{flow} {spec['key']}", note)
        if spec.get("withhold_counterparts"):
            note += (f"; values for {', '.join(spec['withhold_counterparts'])} from "
                     f"{spec['withhold_from_year']} withheld: {spec['withhold_reason']}")
        return rows, note, origin, retrieved


def _checked(response: requests.Response, flow: str, origin: str) -> requests.Response:
    if not response.ok:
        raise SourceError(f"{NAME}: GET {origin} returned HTTP {response.status_code}")
    if looks_like_html(response):
        raise SourceError(f"{NAME}: GET {origin} returned an HTML page (HTTP "
                          f"{response.status_code}) instead of {flow} data: "
                          f"{html_title(response.content)!r}")
    return response
