"""UN Comtrade API v1: Belarus's trade in mineral fuels (HS 27) and in total, by partner.

``GET https://comtradeapi.un.org/public/v1/preview/C/A/HS?reporterCode=112&period=2017
&partnerCode=0,643&flowCode=M,X&cmdCode=27,TOTAL&partner2Code=0&customsCode=C00&motCode=0
&breakdownMode=classic&includeDesc=true``
(keyless preview, at most 500 records, one period per call), or the same query on
``https://comtradeapi.un.org/data/v1/get/C/A/HS`` with ``$COMTRADE_API_KEY`` in the
``Ocp-Apim-Subscription-Key`` header. The answer is JSON::

    {"elapsedTime": "…", "count": 4, "data": [{"typeCode": "C", "freqCode": "A",
      "period": "2017", "refYear": 2017, "reporterCode": 112, "reporterISO": "BLR",
      "flowCode": "M", "partnerCode": 643, "partner2Code": 0, "cmdCode": "27",
      "customsCode": "C00", "motCode": 0, "primaryValue": 7069452364.0, …}], "error": ""}

Rows are read by key name; keys we do not use are ignored and a missing one is named. The flags
are reported as UN Comtrade documents them: ``legacyEstimationFlag`` is the quantity / net
weight estimation code of UNSD's "Quantity and Weight Data in UN Comtrade" (October 2009, §4.1:
0 none, 2 quantity, 4 net weight, 6 both estimated) and says nothing about the trade value; a
code it does not define, and ``isReported`` / ``isAggregate`` (whose meaning for a value no
UN Comtrade page found defines), are shown as sent, not interpreted.

Each query in comtrade.toml is asked for each year: Belarus as reporter (its own customs data),
and Russia as reporter with partner Belarus (the mirror view). Values are stored with
economy = reporter and counterpart = partner, so "as reported by" is the economy. Rows that
break a total down (partner2, customs procedure or transport mode other than the total) are
rejected, never summed; a full preview page (500 records) is an error, not a silent cut.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from indicators.models import Observation, SourceBatch
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import (
    ConfiguredSource,
    Rows,
    Throttle,
    finite_number,
    get_json,
    missing_keys,
    not_a_number_reason,
    now_iso,
)

NAME = "comtrade"
_TOTALS = {"partner2Code": {"0", ""}, "customsCode": {"C00", ""}, "motCode": {"0", ""}}
_REQUIRED = ("reporterCode", "partnerCode", "flowCode", "cmdCode", "primaryValue")
# legacyEstimationFlag as UNSD defines it ("Quantity and Weight Data in UN Comtrade", October
# 2009, §4.1): which of quantity and net weight UN Comtrade estimated. 0 = neither.
ESTIMATION_FLAGS = {2: "quantity", 4: "net weight", 6: "quantity and net weight"}


def flag_notes(row: dict[str, Any]) -> list[str]:
    """The row's flags in words where UN Comtrade defines them, else as sent."""
    notes = []
    flag = row.get("legacyEstimationFlag")
    code = int(flag) if isinstance(flag, int | str) and str(flag).strip().isdigit() else None
    if code in ESTIMATION_FLAGS:
        notes.append(f"{ESTIMATION_FLAGS[code]} estimated by UN Comtrade (legacyEstimationFlag "
                     f"{code}); the trade value is as reported")
    elif flag not in (None, "", 0) and code != 0:
        notes.append(f"legacyEstimationFlag {flag} (not defined in UN Comtrade's documentation)")
    if row.get("isReported") is False:
        aggregate = row.get("isAggregate")
        notes.append("isReported false" + (f", isAggregate {str(aggregate).lower()}"
                                           if isinstance(aggregate, bool) else "")
                     + " (UN Comtrade's flags, as sent)")
    return notes


def parse_comtrade(payload: Any, config: dict[str, Any], *, origin: str, retrieved_at: str,
                   dataset: str) -> Rows:
    """Observations from one answer; `SourceError` if the JSON is not Comtrade's shape."""
    if not isinstance(payload, dict) or not isinstance(payload.get("data"), list):
        keys = sorted(payload)[:8] if isinstance(payload, dict) else type(payload).__name__
        raise SourceError(f"{NAME}: {origin} is not a Comtrade data answer (no 'data' list; "
                          f"got {keys})")
    if payload.get("error"):
        raise SourceError(f"{NAME}: {origin} answered with an error: {payload['error']}")
    codes = {str(k): v for k, v in config["codes"].items()}
    rows = Rows()
    seen: set[tuple] = set()
    for i, row in enumerate(payload["data"]):
        if missing := missing_keys(row, _REQUIRED):
            raise SourceError(f"{NAME}: {origin} data row {i} lacks {', '.join(sorted(missing))}")
        year = str(row.get("refYear") or row.get("period") or "")
        reporter, partner = (codes.get(str(row[k])) for k in ("reporterCode", "partnerCode"))
        commodity = config["commodities"].get(str(row["cmdCode"]))
        flow = config["flows"].get(str(row["flowCode"]))
        where = (f"{origin.split('?')[0]} {year} reporter {row['reporterCode']} partner "
                 f"{row['partnerCode']} {row['flowCode']} {row['cmdCode']}")
        if None in (reporter, partner, commodity, flow):
            continue  # a code we did not ask for (re-exports, other partners)
        breakdown = [f"{k} {row[k]}" for k, ok in _TOTALS.items()
                     if k in row and str(row[k] if row[k] is not None else "") not in ok]
        if breakdown:
            rows.reject(where, f"a breakdown ({', '.join(breakdown)}), not the total")
            continue
        if not year.isdigit():
            rows.reject(where, f"period {year!r} is not a calendar year")
            continue
        value = finite_number(row["primaryValue"])
        if value is None:
            rows.reject(where, f"primaryValue {not_a_number_reason(row['primaryValue'])}")
            continue
        key = (commodity, flow, reporter, partner, int(year))
        if key in seen:
            rows.reject(where, "duplicate row for the same flow and year")
            continue
        seen.add(key)
        notes = [f"reported by {row.get('reporterDesc') or reporter}"]
        if row.get("classificationCode"):
            notes.append(f"classification {row['classificationCode']}")
        notes += flag_notes(row)
        rows.keep(Observation(
            source=NAME, dataset=dataset, series=f"{commodity}.{flow}", economy=reporter,
            counterpart=partner, year=int(year), value=value, unit="US$",
            publisher_updated=f"UN Comtrade, retrieved {retrieved_at[:10]}",
            retrieved_at=retrieved_at, origin=origin, note="; ".join(notes)))
    return rows


class ComtradeSource(ConfiguredSource):
    """Adapter: UN Comtrade HS 27 and total trade of Belarus with Russia and the world."""

    name = NAME
    title = "UN Comtrade API (comtradeapi.un.org): HS 27 and total trade by partner"

    def __init__(self, config: dict[str, Any] | None = None, config_path: Path | None = None,
                 throttle: Throttle | None = None, environ: dict[str, str] | None = None):
        super().__init__(config, config_path)
        self.environ = os.environ if environ is None else environ
        self.throttle = throttle or Throttle(float(self.config["seconds_between_requests"]))

    @property
    def key(self) -> str:
        return self.environ.get(self.config["key_env"], "").strip()

    @property
    def mode(self) -> str:
        return "full API" if self.key else "keyless preview"

    def series_specs(self) -> Iterable[tuple[str, str, str, str]]:
        for cmd, prefix in self.config["commodities"].items():
            for flow, suffix in self.config["flows"].items():
                what = "HS 27 (mineral fuels, oils)" if cmd == "27" else "all goods"
                yield (f"{prefix}.{suffix}",
                       f"{'Imports' if flow == 'M' else 'Exports'} of {what}, "
                       f"{'CIF' if flow == 'M' else 'FOB'} (US$)", "US$",
                       f"UN Comtrade cmdCode {cmd}, flowCode {flow}, primaryValue. Economy = "
                       "the reporter (whose customs data it is), counterpart = the partner "
                       "(WLD = world); the partner's own report is the mirror view.")

    def request(self, query: dict[str, str], year: int) -> tuple[str, dict[str, str], dict]:
        params = {"reporterCode": query["reporterCode"], "period": str(year),
                  "partnerCode": query["partnerCode"],
                  "flowCode": ",".join(self.config["flows"]),
                  "cmdCode": ",".join(self.config["commodities"]),
                  # The totals only: without these the answer also breaks each flow down by
                  # second partner, customs procedure and transport mode.
                  "partner2Code": "0", "customsCode": "C00", "motCode": "0",
                  "breakdownMode": "classic", "includeDesc": "true"}
        if self.key:
            return self.config["data_url"], params, {self.config["key_header"]: self.key}
        return self.config["preview_url"], params, {}

    def years(self, now: datetime) -> range:
        return range(int(self.config["first_year"]), now.year)

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        batch = SourceBatch(source=NAME, series=self.series_meta())
        years = self.years(ctx.clock())
        steps = len(years) * len(self.config["queries"])
        done = 0
        for query in self.config["queries"]:
            for year in years:
                ctx.progress(done, steps, f"Comtrade {query['name']} {year} ({self.mode})")
                rows, note, origin, retrieved = self._fetch_one(ctx, query, year)
                batch.observations += rows.observations
                batch.rejected += rows.rejected
                batch.fetches.append(self.fetch_record(
                    origin, retrieved, f"UN Comtrade, retrieved {retrieved[:10]}", note))
                done += 1
        ctx.progress(steps, steps, f"{len(batch.observations)} observations")
        return batch

    def _fetch_one(self, ctx: FetchContext, query: dict[str, str], year: int):
        url, params, headers = self.request(query, year)
        self.throttle.wait()
        payload = get_json(ctx, url, what=f"{NAME} {query['name']} {year}", params=params,
                           headers=headers)
        retrieved = now_iso(ctx)
        origin = f"{url}?" + "&".join(f"{k}={v}" for k, v in params.items())
        rows = parse_comtrade(payload, self.config, origin=origin, retrieved_at=retrieved,
                              dataset=self.dataset)
        count = len(payload["data"])
        if not self.key and count >= int(self.config["preview_max_records"]):
            raise SourceError(f"{NAME}: the preview answered {count} records for {origin}, its "
                              "maximum, so the answer may be cut short; set "
                              f"{self.config['key_env']} to use the full API")
        note = f"{query['name']}, {year}: {len(rows.observations)} values ({self.mode})"
        if not count:
            note = f"{query['name']}, {year}: no data published ({self.mode})"
            rows.reject(f"{NAME} {query['name']} {year}", "no data published")
        return rows, note, origin, retrieved
