"""IMF SDMX 3.0 API: goods trade by partner (IMTS) and direct investment positions (DIP).

``GET https://api.imf.org/external/sdmx/3.0/data/dataflow/{agency}/{flow}/{version}/{key}
?c[TIME_PERIOD]=ge:{first_year}`` with ``Accept: application/vnd.sdmx.data+csv;version=2.0.0``
answers SDMX-CSV 2.0::

    STRUCTURE,STRUCTURE_ID,ACTION,COUNTRY,INDICATOR,COUNTERPART_COUNTRY,FREQUENCY,TIME_PERIOD,
    OBS_VALUE[,SCALE,…attributes]
    dataflow,IMF.STA:IMTS(1.0.0),I,BLR,XG_FOB_USD,RUS,A,2019,…

Keys use ``+`` for "or" (``XG_FOB_USD+MG_CIF_USD``); ``G001`` is the world. An empty match
comes back as a header (and at most a blank row) or HTTP 404: for an optional flow (DIP) that is
recorded as "no data", never as a failure. Belarus–Russia trade values from 2022 are withheld
with the reason (see imf.toml) instead of storing a misleading partner-based figure.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from indicators.models import FetchRecord, Observation, SeriesMeta, SourceBatch
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import load_config, now_iso, parse_number

NAME = "imf"
_DIMENSIONS = ("COUNTRY", "INDICATOR", "COUNTERPART_COUNTRY", "TIME_PERIOD", "OBS_VALUE")
_SCALE_WORDS = {"units": 0, "thousands": 3, "millions": 6, "billions": 9}


def _scale(text: str) -> int | None:
    text = (text or "").strip().lower()
    if not text:
        return 0
    if text.lstrip("-").isdigit():
        return int(text)
    return _SCALE_WORDS.get(text)


def parse_sdmx_csv(
    text: str, flow: str, spec: dict[str, Any], config: dict[str, Any], *, origin: str,
    retrieved_at: str,
) -> tuple[list[Observation], list[str]]:
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in reader.fieldnames or []]
    if not header or header[0] not in ("STRUCTURE", "DATAFLOW") or not set(_DIMENSIONS) <= set(
        header
    ):
        raise SourceError(
            f"{NAME}: {origin} is not SDMX-CSV with {', '.join(_DIMENSIONS)} "
            f"(header {header[:10]}; body starts {text[:60]!r})"
        )
    counterparts = config.get("counterparts", {})
    withheld = set(spec.get("withhold_counterparts", []))
    withhold_from = int(spec.get("withhold_from_year", 10_000))
    observations: list[Observation] = []
    rejected: list[str] = []
    for raw in reader:
        row = {k.strip(): (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()) or not row["TIME_PERIOD"]:
            continue  # the blank row of an empty match
        indicator = row["INDICATOR"]
        counterpart = counterparts.get(row["COUNTERPART_COUNTRY"], row["COUNTERPART_COUNTRY"])
        economy = row["COUNTRY"]
        period = row["TIME_PERIOD"]
        where = f"{flow} {economy} {indicator} {counterpart} {period}"
        if indicator not in spec["series"]:
            continue
        if not period.isdigit():
            rejected.append(f"{where}: period {period!r} is not a calendar year")
            continue
        value = parse_number(row["OBS_VALUE"])
        exponent = _scale(row.get("SCALE", ""))
        if value is None or exponent is None:
            if row["OBS_VALUE"]:
                rejected.append(f"{where}: value {row['OBS_VALUE']!r} "
                                f"(scale {row.get('SCALE', '')!r}) not read")
            continue
        if counterpart in withheld and int(period) >= withhold_from:
            rejected.append(f"{where}: withheld: {spec['withhold_reason']}")
            continue
        notes = [f"{k} {row[k]}" for k in ("OBS_STATUS", "STATUS") if row.get(k)]
        observations.append(Observation(
            source=NAME, dataset=spec["dataset"], series=f"{flow}.{indicator}",
            economy=economy, counterpart=counterpart, year=int(period),
            value=value * 10**exponent, unit="US$",
            publisher_updated=f"{row.get('STRUCTURE_ID') or flow}, retrieved {retrieved_at[:10]}",
            retrieved_at=retrieved_at, origin=origin, note="; ".join(notes),
        ))
    return observations, rejected


class ImfSource:
    """Adapter: IMF IMTS (Belarus goods trade with Russia and the world) and DIP (FDI stocks)."""

    name = NAME
    title = "IMF data portal, SDMX 3.0 (api.imf.org): IMTS trade by partner, DIP FDI positions"

    def __init__(self, config: dict[str, Any] | None = None, config_path: Path | None = None):
        self.config = config or load_config(NAME, config_path)
        self.licence = self.config["licence"]

    def url(self, flow: str) -> str:
        spec = self.config["flows"][flow]
        return (f"{self.config['base_url']}/{spec['agency']}/{flow}/{spec['version']}/"
                f"{spec['key']}")

    def series_meta(self) -> list[SeriesMeta]:
        return [
            SeriesMeta(source=NAME, series=f"{flow}.{code}", name=name, unit="US$",
                       dataset=spec["dataset"],
                       definition=f"IMF {flow} {code}; counterpart = partner economy "
                                  "(WLD = world total).")
            for flow, spec in self.config["flows"].items()
            for code, name in spec["series"].items()
        ]

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        batch = SourceBatch(source=NAME, series=self.series_meta())
        flows = self.config["flows"]
        params = {"c[TIME_PERIOD]": f"ge:{self.config['first_year']}"}
        for i, (flow, spec) in enumerate(flows.items()):
            ctx.progress(i, len(flows), f"IMF {flow}")
            url = self.url(flow)
            response = ctx.http.get(url, params=params, headers={"Accept": self.config["accept"]})
            retrieved = now_iso(ctx)
            origin = response.url or url
            if response.status_code == 404:
                observations, rejected = [], []
            elif not response.ok:
                raise SourceError(f"{NAME}: GET {origin} returned HTTP {response.status_code}")
            else:
                observations, rejected = parse_sdmx_csv(
                    response.content.decode("utf-8-sig", errors="replace"), flow, spec,
                    self.config, origin=origin, retrieved_at=retrieved)
            note = f"{len(observations)} values"
            if not observations:
                if spec.get("required", True):
                    raise SourceError(f"{NAME}: {origin} returned no {flow} data for {spec['key']}")
                note = f"no data: the IMF has no {flow} series for {spec['key']}"
                rejected.append(f"{flow} {spec['key']}: {note}")
            if spec.get("withhold_counterparts"):
                note += (f"; values for {', '.join(spec['withhold_counterparts'])} from "
                         f"{spec['withhold_from_year']} withheld: {spec['withhold_reason']}")
            batch.observations += observations
            batch.rejected += rejected
            batch.fetches.append(FetchRecord(source=NAME, url=origin, accessed_at=retrieved,
                                             licence=self.licence, note=note,
                                             publisher_updated=f"retrieved {retrieved[:10]}"))
        ctx.progress(len(flows), len(flows), f"{len(batch.observations)} observations")
        return batch
