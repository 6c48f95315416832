"""One small request per source, checking the format its adapter relies on.

Each probe asks its publisher for the smallest answer that still shows the format (a page of
five values, a catalogue entry, a CSV's first 4 KB through an HTTP Range request) and runs it
through the adapter's own parsing code where there is one. It returns what it verified, or
raises `FormatChanged` saying what differs. Network failures surface as the usual
`SourceError` / `UnreachableError`; `indicators.sources.canary` sorts them into the four
verdicts of ``claimcheck sources check``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from typing import Any

import requests

import indicators.sources.stdjson  # noqa: F401 (requests parses with json)
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import (
    decode_text,
    get_json,
    get_ok,
    looks_like_html,
    now_iso,
)

HEAD_BYTES = 4096  # enough for any header line, small enough for any connection


class FormatChanged(SourceError):
    """The publisher answered, but not in the format the adapter reads."""


def _head(ctx: FetchContext, url: str, what: str, encodings=("utf-8-sig",)) -> str:
    """The first lines of a text file (a Range request; a server ignoring it sends it all)."""
    return _text_head(get_ok(ctx, url, what=what, headers=RANGE), encodings)


RANGE = {"Range": f"bytes=0-{HEAD_BYTES - 1}"}


def _text_head(response: requests.Response, encodings) -> str:
    raw = response.content[:HEAD_BYTES]
    try:
        text, _ = decode_text(raw, encodings)
    except SourceError:  # a multi-byte character cut at the range's end
        text, _ = decode_text(raw[:-3], encodings)
    return text


def _wb_source_data(ctx: FetchContext, url: str, what: str) -> tuple[dict, set[str]]:
    """The first row of an API v2 ``sources/…`` data answer and its dimension names."""
    payload = get_json(ctx, url, what=what, params={"format": "json", "per_page": 5})
    try:
        row = payload["source"]["data"][0]
        concepts = {v["concept"] for v in row["variable"]}
        row["value"]  # noqa: B018 - the key must exist (None for a blank cell)
    except (KeyError, IndexError, TypeError):
        raise FormatChanged(f"{url}: not an API v2 source/data answer "
                            f"({str(payload)[:120]})") from None
    return payload, concepts


def probe_worldbank(adapter: Any, ctx: FetchContext) -> str:
    # The request shape wbgapi itself sends (sources/{db}/series/…/country/…/time/…).
    cfg = adapter.config
    db, series = cfg.databases[0].db, cfg.databases[0].series[0]
    url = f"{cfg.endpoint}/en/sources/{db}/series/{series}/country/BLR/time/YR2020"
    payload, concepts = _wb_source_data(ctx, url, "worldbank probe")
    if not {"Country", "Series", "Time"} <= concepts:
        raise FormatChanged(f"{url}: dimensions {sorted(concepts)}, expected Country, Series, "
                            "Time")
    return f"{series} for BLR: last updated {payload.get('lastupdated', '?')}"


def probe_ids(adapter: Any, ctx: FetchContext) -> str:
    cfg = adapter.config
    url = (f"{cfg['endpoint']}/en/sources/{cfg['db']}/series/{cfg['series'][0]}/country/"
           f"{cfg['economies'][0]}/time/YR2020/counterpart-area/WLD")
    _, concepts = _wb_source_data(ctx, url, "ids probe")
    if "Counterpart-Area" not in concepts:
        raise FormatChanged(f"{url}: no Counterpart-Area (creditor) dimension; has "
                            f"{sorted(concepts)}")
    return f"IDS {cfg['series'][0]} by creditor: dimensions {', '.join(sorted(concepts))}"


def probe_faostat(adapter: Any, ctx: FetchContext) -> str:
    from indicators.sources.faostat import DATA_SUFFIX, find_dataset

    cfg = adapter.config
    catalogue = get_json(ctx, cfg["catalogue_url"], what="faostat probe")
    try:
        entry = find_dataset(catalogue, cfg["domain"], cfg["catalogue_url"])
    except SourceError as exc:
        raise FormatChanged(str(exc)) from None
    location = str(entry["FileLocation"])
    if not location.lower().endswith(DATA_SUFFIX.replace(".csv", ".zip")):
        raise FormatChanged(f"{cfg['domain']} bulk file is now {location}")
    return f"catalogue lists {cfg['domain']} ({location.rsplit('/', 1)[-1]}, updated " \
           f"{entry.get('DateUpdate', '?')}); the zip itself is read by refresh"


def probe_usgs(adapter: Any, ctx: FetchContext) -> str:
    from indicators.sources.usgs import ENCODINGS, find_csv_file, layout_of

    edition = adapter.config["editions"][0]
    item_url = adapter.config["item_url"].format(item_id=edition["item_id"])
    item = get_json(ctx, item_url, what="usgs probe")
    try:
        entry = find_csv_file(item, edition["file_name"], item_url, edition["file_pattern"])
    except SourceError as exc:
        raise FormatChanged(str(exc)) from None
    head = _head(ctx, entry["url"], "usgs probe", ENCODINGS)
    header = next(csv.reader(io.StringIO(head.removeprefix("\ufeff"))), [])
    try:  # the adapter's own test: every column it reads, found by name
        layout = layout_of(header, entry["name"])
    except SourceError as exc:
        raise FormatChanged(str(exc)) from None
    return (f"{edition['edition']} item lists {entry['name']} ({layout} layout); header "
            f"{', '.join(h.strip() for h in header[:12])}")


def probe_unsd(adapter: Any, ctx: FetchContext) -> str:
    for url in adapter.config["urls"]:
        response = ctx.http.get(url, headers=RANGE)
        if response.status_code == 404:
            continue
        if not response.ok or looks_like_html(response):
            raise SourceError(f"unsd probe: GET {url} returned HTTP {response.status_code}"
                              + (" (an HTML page)" if looks_like_html(response) else ""))
        from indicators.sources.unsd import syb_header

        text = _text_head(response, ("utf-8-sig", "cp1252"))
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
        try:  # the adapter's own test: every column it reads, found by name
            syb_header(rows, url)
        except SourceError as exc:
            raise FormatChanged(str(exc)) from None
        return f"{url.rsplit('/', 1)[-1]}: title row and header as expected"
    raise FormatChanged("none of the configured yearbook files exists (HTTP 404); add the "
                        "current edition's URL to unsd.toml")


def probe_imf(adapter: Any, ctx: FetchContext) -> str:

    spec = dict(adapter.config["flows"]["IMTS"], withhold_counterparts=[])
    key = "BLR.XG_FOB_USD.G001.A"
    year = ctx.clock().year - 5
    url, text, rows = _imf_rows(adapter, ctx, "IMTS", spec, key, year)
    if not rows.observations:
        raise FormatChanged(f"{url}: no Belarus exports to the world since {year} "
                            f"({rows.rejected[:1] or 'empty match'})")
    smallest = min(o.value for o in rows.observations)
    if smallest < 1e6:  # a country's yearly world exports are billions of whole US dollars
        raise FormatChanged(f"{url}: OBS_VALUE {smallest:g} is not in whole US dollars (is a "
                            "SCALE now applied to the values?)")
    return (f"IMTS {key}: {len(rows.observations)} values in whole US$, header "
            f"{text.split(',', 1)[0]!r}; " + _probe_dip(adapter, ctx, year))


def _imf_rows(adapter: Any, ctx: FetchContext, flow: str, spec: dict, key: str, year: int):
    """One small SDMX-CSV request for ``key`` since ``year``, parsed as the adapter parses it;
    a parser error is a changed format. Returns (url, text, rows)."""
    from indicators.sources.imf import parse_sdmx_csv

    url = adapter.url(flow).rsplit("/", 1)[0] + "/" + key
    response = get_ok(ctx, url, what=f"imf probe ({flow})",
                      params={"c[TIME_PERIOD]": f"ge:{year}"},
                      headers={"Accept": adapter.config["accept"]})
    text, _ = decode_text(response.content)
    try:
        rows = parse_sdmx_csv(text, flow, spec, adapter.config, origin=url,
                              retrieved_at=now_iso(ctx))
    except SourceError as exc:
        raise FormatChanged(str(exc)) from None
    return url, text, rows


def _probe_dip(adapter: Any, ctx: FetchContext, year: int) -> str:
    """The configured DIP key order, tried on an economy that surely reports (the USA): an
    empty match means the order is wrong, since Belarus's own DIP may legitimately be empty."""

    spec = adapter.config["flows"]["DIP"]
    dims = spec["dimensions"].split(".")
    slots = spec["key"].split(".")
    slots[dims.index("COUNTRY")] = "USA"
    slots[dims.index("COUNTERPART_COUNTRY")] = "G001"
    url, _, rows = _imf_rows(adapter, ctx, "DIP", spec, ".".join(slots), year)
    if not rows.observations:
        raise FormatChanged(f"{url}: no DIP data even for the USA: the key order "
                            f"{spec['dimensions']} in imf.toml is probably wrong")
    return f"DIP key order {spec['dimensions']} answers"


def probe_eia(adapter: Any, ctx: FetchContext) -> str:
    cfg = adapter.config
    params = [*adapter.query(), ("offset", "0"), ("length", "1"), ("api_key", adapter._key())]
    payload = get_json(ctx, cfg["base_url"], what="eia probe", params=params)
    data = (payload.get("response") or {}).get("data") if isinstance(payload, dict) else None
    if not isinstance(data, list) or not data or not {"period", "value"} <= set(data[0]):
        raise FormatChanged(f"{cfg['base_url']}: no response.data rows with period/value "
                            f"({str(payload)[:120]})")
    return f"international route: {data[0].get('productName', '?')}, unit {data[0].get('unit')}"


def probe_comtrade(adapter: Any, ctx: FetchContext) -> str:
    from indicators.sources.comtrade import parse_comtrade

    year = 2017  # a year Belarus reported HS 27 by partner
    url, params, headers = adapter.request(adapter.config["queries"][0], year)
    payload = get_json(ctx, url, what="comtrade probe", params=params, headers=headers)
    try:
        rows = parse_comtrade(payload, adapter.config, origin=url, retrieved_at=now_iso(ctx),
                              dataset=adapter.dataset)
    except SourceError as exc:
        raise FormatChanged(str(exc)) from None
    if not rows.observations:
        raise FormatChanged(f"{url}: no Belarus rows for {year} ({rows.rejected[:1]})")
    return f"{adapter.mode}: {len(rows.observations)} Belarus values for {year}"


PROBES: dict[str, Callable[[Any, FetchContext], str]] = {
    "worldbank": probe_worldbank, "ids": probe_ids, "faostat": probe_faostat,
    "usgs": probe_usgs, "unsd": probe_unsd, "imf": probe_imf, "eia": probe_eia,
    "comtrade": probe_comtrade,
}
