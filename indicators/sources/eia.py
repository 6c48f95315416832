"""US EIA International Energy Statistics, total primary energy production and consumption.

EIA Open Data API v2, route ``international`` (needs a free key, from ``$EIA_API_KEY``)::

    https://api.eia.gov/v2/international/data/?frequency=annual&data[0]=value
        &facets[productId][]=44&facets[activityId][]=1&facets[activityId][]=2
        &facets[countryRegionId][]=BLR&…&facets[unit][]=MTOE&start=1990&offset=0&length=5000
        &api_key=<key>

One request asks for every configured activity and country (facets take lists); ``offset`` /
``length`` page on while ``response.total`` says there are more rows. The answer is
``{"response": {"total", "dateFormat", "frequency", "data": [{"period", "productId",
"productName", "activityId", "activityName", "countryRegionId", "countryRegionName", "unit",
"unitName", "value", …}]}, "request": {…}, "apiVersion": "2.x"}``; ``total``, ``value`` and the
ids ``productId`` / ``activityId`` arrive as strings (numbers are read too), and a value may be
``"--"`` / ``"NA"`` (not available) or a letter code. Row keys are read by name, others ignored;
a row without one of the keys the adapter reads is a format change naming it.
Errors come as ``{"error": {"code": "API_KEY_INVALID", "message": …}}`` (key gate, HTTP 403) or
``{"error": "…", "code": 400}`` (parameters); before API 2.1.10 an error could come with HTTP 200.

The API gives no release date (API v1's "updated" field was dropped), so the version recorded
is the access date, labelled as such. The key is passed to the HTTP client only: stored
origins and fetch records carry the URL without it, and every error message is scrubbed of it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from indicators.models import FetchRecord, Observation, SeriesMeta, SourceBatch
from indicators.numbers import finite_number, not_a_number_reason
from indicators.sources.base import FetchContext, MissingKeyError, SourceError
from indicators.sources.sourcekit import load_config, missing_keys, now_iso

NAME = "eia"
NOT_AVAILABLE = frozenset({"", "--", "NA", "na", "n/a"})
# The keys of a data row the adapter reads (by name; any others are ignored).
ROW_KEYS = ("period", "productId", "activityId", "countryRegionId", "unit", "value")
KEY_ERROR_CODES = frozenset({"API_KEY_MISSING", "API_KEY_INVALID"})
# Where the key is read when no mapping is injected (tests swap this, never the real env).
DEFAULT_ENV: Mapping[str, str] = os.environ


def series_code(product: str, activity: str, unit: str) -> str:
    """``("44", "2", "MTOE")`` → ``INTL.44-2.MTOE``: EIA's id INTL.44-2-BLR-MTOE.A minus BLR."""
    return f"INTL.{product}-{activity}.{unit}"


class EiaSource:
    """Adapter: EIA international total energy (product 44), production and consumption."""

    name = NAME
    title = "US EIA International Energy Statistics: total energy production and consumption"

    def __init__(
        self,
        config: dict[str, Any] | None = None,
        config_path: Path | None = None,
        env: Mapping[str, str] | None = None,
    ):
        self.config = config or load_config(NAME, config_path)
        self.licence = self.config["licence"]
        self.env = DEFAULT_ENV if env is None else env
        self.key_env: str = self.config["key_env"]

    # -- the key ----------------------------------------------------------------------------

    def _key(self) -> str:
        return (self.env.get(self.key_env) or "").strip()

    def missing_key(self) -> str | None:
        """The `indicators.sources.base` hook: a short reason when the key is not set."""
        if self._key():
            return None
        return f"needs {self.key_env} (free key: {self.config['register_url']})"

    # -- metadata ---------------------------------------------------------------------------

    def series_meta(self) -> list[SeriesMeta]:
        c = self.config
        return [
            SeriesMeta(
                source=NAME, series=series_code(c["product"], activity, c["unit"]), name=text,
                dataset=c["dataset"], unit=c["unit_name"],
                definition=f"EIA international energy statistics, productId {c['product']} "
                           f"(total energy), activityId {activity}, unit {c['unit']}; EIA series "
                           f"INTL.{c['product']}-{activity}-<ISO3>-{c['unit']}.A.",
            )
            for activity, text in c["activities"].items()
        ]

    def query(self) -> list[tuple[str, str]]:
        """The request's parameters, without the key, paging and in a stable order."""
        c = self.config
        params = [("frequency", c["frequency"]), ("data[0]", "value"),
                  ("facets[productId][]", str(c["product"]))]
        params += [("facets[activityId][]", str(a)) for a in c["activities"]]
        params += [("facets[countryRegionId][]", str(r)) for r in c["countries"]]
        params.append(("facets[unit][]", c["unit"]))
        if c.get("start"):
            params.append(("start", str(c["start"])))
        return params

    def public_url(self, offset: int, length: int) -> str:
        """The URL as stored and shown: every parameter but the API key."""
        query = [*self.query(), ("offset", str(offset)), ("length", str(length))]
        return f"{self.config['base_url']}?{urlencode(query, safe='[]')}"

    # -- fetching ---------------------------------------------------------------------------

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        key = self._key()
        if not key:
            raise MissingKeyError(
                f"{NAME}: the EIA API needs a key and {self.key_env} is not set; get a free key "
                f"at {self.config['register_url']} and set {self.key_env}=<key> in the "
                "environment"
            )
        try:
            return self._fetch(ctx, key)
        except SourceError as exc:
            raise type(exc)(_scrub(str(exc), key)) from None
        except Exception as exc:  # a requests/parser error may quote the URL, key included
            raise SourceError(f"{NAME}: {type(exc).__name__}: {_scrub(str(exc), key)}") from None

    def _fetch(self, ctx: FetchContext, key: str) -> SourceBatch:
        length = int(self.config.get("page_length", 5000))
        rows: list[dict] = []
        fetches: list[FetchRecord] = []
        offset, total, pages = 0, None, None
        while total is None or offset < total:
            url = self.public_url(offset, length)
            ctx.progress(len(fetches), pages, f"rows {offset + 1}…" if offset else "first page")
            payload = self._get(ctx, url, key)
            retrieved = now_iso(ctx)
            page_rows, page_total, api_version = _page(payload, url)
            if total is None:
                total = page_total
                pages = max(1, math.ceil(total / length))
            elif page_total != total:
                raise SourceError(f"{NAME}: {url}: the row count changed while paging "
                                  f"({total} then {page_total}); try again later")
            if not page_rows and offset < total:
                raise SourceError(f"{NAME}: {url} returned no rows although {total} were "
                                  f"announced and {offset} read")
            rows += page_rows
            fetches.append(FetchRecord(
                source=NAME, url=url, accessed_at=retrieved,
                publisher_updated=_version(retrieved), licence=self.licence,
                note=f"EIA API v2 ({api_version or 'version not given'}), rows {offset + 1}–"
                     f"{offset + len(page_rows)} of {total}",
            ))
            offset += len(page_rows)
        ctx.progress(len(fetches), pages, "parsing")
        observations, rejected, skipped = self._parse(rows, fetches)
        if not observations:
            raise SourceError(
                f"{NAME}: {fetches[0].url} has no values for the configured countries and "
                f"activities ({total} rows; an unknown facet value gives zero rows, not an "
                "error: check eia.toml)"
            )
        if skipped:
            fetches[-1] = _with_note(fetches[-1], f"{skipped} cells not available ('--'/'NA')")
        return SourceBatch(source=NAME, observations=observations, series=self.series_meta(),
                           fetches=fetches, rejected=rejected)

    def _get(self, ctx: FetchContext, url: str, key: str) -> Any:
        response = ctx.http.get(url, params={"api_key": key})
        try:
            payload = response.json()
        except ValueError:
            payload = None
        code, error = _error_of(payload)
        if error or not response.ok:
            what = error or (f"not JSON (starts with {response.text[:60]!r})"
                             if payload is None else "no error message")
            hint = ""
            if code in KEY_ERROR_CODES or response.status_code in (401, 403):
                hint = (f"; check that {self.key_env} holds a valid key (free key: "
                        f"{self.config['register_url']})")
            raise SourceError(f"{NAME}: GET {url} answered HTTP {response.status_code}: "
                              f"{what}{hint}")
        if payload is None:
            raise SourceError(f"{NAME}: {url} did not return JSON (starts with "
                              f"{response.text[:60]!r})")
        return payload

    def _parse(
        self, rows: list[dict], fetches: list[FetchRecord]
    ) -> tuple[list[Observation], list[str], int]:
        c = self.config
        activities = {str(a) for a in c["activities"]}
        countries = {str(k): v for k, v in c["countries"].items()}
        version = fetches[0].publisher_updated
        observations: dict[tuple[str, str, int], Observation] = {}
        rejected: list[str] = []
        skipped = 0
        for i, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                rejected.append(f"row {i}: not an object ({row!r:.60})")
                continue
            if missing := missing_keys(row, ROW_KEYS):
                raise SourceError(f"{NAME}: {fetches[0].url}: response.data row {i} lacks "
                                  f"{', '.join(missing)} (has {', '.join(sorted(row)[:12])})")
            activity = str(row.get("activityId", ""))
            region = str(row.get("countryRegionId", ""))
            if (str(row.get("productId", c["product"])) != str(c["product"])
                    or activity not in activities or region not in countries
                    or str(row.get("unit", c["unit"])) != c["unit"]):
                continue  # not asked for: the facets should have left it out
            period = str(row.get("period", ""))
            where = f"{region} {period} activity {activity}"
            raw = row.get("value")
            if raw is None or (isinstance(raw, str) and raw.strip() in NOT_AVAILABLE):
                skipped += 1
                continue
            value = _number(raw)
            if value is None:
                rejected.append(f"{where}: value {not_a_number_reason(raw)}")
                continue
            if not (len(period) == 4 and period.isdigit()):
                rejected.append(f"{where}: period {period!r} is not a year")
                continue
            series = series_code(str(c["product"]), activity, c["unit"])
            key = (series, countries[region], int(period))
            if key in observations:
                if observations[key].value != value:
                    rejected.append(f"{where}: a second, different value {raw!r} ignored")
                continue
            flag = str(row.get("dataFlagDescription") or "").strip()
            observations[key] = Observation(
                source=NAME, dataset=c["dataset"], series=series, economy=countries[region],
                year=int(period), value=value, unit=c["unit_name"], publisher_updated=version,
                retrieved_at=fetches[0].accessed_at, origin=fetches[0].url,
                note="; ".join(p for p in (f"EIA {row.get('countryRegionName') or region}",
                                           flag) if p),
            )
        return list(observations.values()), rejected, skipped


def _page(payload: Any, url: str) -> tuple[list, int, str]:
    """(rows, total, apiVersion) of one answer; `SourceError` if it is not a v2 data answer."""
    response = payload.get("response") if isinstance(payload, dict) else None
    data = response.get("data") if isinstance(response, dict) else None
    if not isinstance(data, list):
        raise SourceError(f"{NAME}: {url} is not an EIA API v2 data answer (no response.data "
                          f"list; got {str(payload)[:120]!r})")
    try:
        total = int(str(response.get("total", len(data))))
    except ValueError:
        raise SourceError(f"{NAME}: {url}: response.total {response.get('total')!r} is not a "
                          "number") from None
    return data, total, str(payload.get("apiVersion") or "")


def _error_of(payload: Any) -> tuple[str, str]:
    """(code, text) of an EIA error body in either shape; ("", "") when it is none."""
    if not isinstance(payload, dict) or "error" not in payload:
        return "", ""
    error = payload["error"]
    if isinstance(error, dict):
        code, message = str(error.get("code") or ""), str(error.get("message") or "")
        return code, " ".join(p for p in (code, message) if p) or str(error)
    return str(payload.get("code") or ""), str(error)


def _number(raw: Any) -> float | None:
    return finite_number(raw.replace(",", "") if isinstance(raw, str) else raw)


def _version(retrieved_at: str) -> str:
    return f"retrieved {retrieved_at[:10]} (the EIA API gives no release date)"


def _with_note(fetch: FetchRecord, extra: str) -> FetchRecord:
    return replace(fetch, note=f"{fetch.note}; {extra}" if fetch.note else extra)


def _scrub(text: str, key: str) -> str:
    """``text`` with the API key (raw or URL-encoded) replaced by ``***``."""
    for form in {key, quote(key, safe=""), quote(key)}:
        if form:
            text = text.replace(form, "***")
    return text
