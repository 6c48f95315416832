"""A replay of the World Bank API v2 (the endpoints wbgapi uses), built from the bundled snapshot.

Every number served comes from ``cache.bundle.snapshot_observations()`` (the current vintage of
each World Bank key, chosen as the store chooses it); economy and region answers hold names and
codes only. Payloads follow the API's wire formats: the "classic" ``[header, rows]`` lists
(``region``, ``incomelevel``, ``lendingtype``, ``country/all``, ``sources/N``) and the
``sources/...`` objects (``{page, pages, per_page: "<string>", total, lastupdated, source}``),
with the concepts inside a data row's ``variable`` list in varying order, as the API sends them.
Unknown codes get the API's error envelope with HTTP 200.

Public API (stable; used by tests, `benchmarks.bench_refresh` and the refresh tests):

* ``ReplayData`` / ``load_replay_data()`` — values, series names, years, economies, lastupdated;
  ``knowing(data, series, economies)`` — the same API knowing more codes, with no values.
* ``WbApiReplay(data=None, endpoint=DEFAULT_ENDPOINT)`` — the router:
  ``handle(url) -> ReplayResponse``; ``calls`` (URLs seen); ``data_calls(db=2)``;
  ``fail_next(pattern, *faults)`` queues faults for URLs whose path matches ``pattern``;
  ``register(rsps)`` installs it on a ``responses.RequestsMock``.
* Faults: ``status_fault``, ``html_fault``, ``timeout_fault``, ``refused_fault``,
  ``error_payload_fault``.
* ``ReplayServer(replay, delay=0.0)`` — the same replay over real HTTP on 127.0.0.1 (a random
  port), adding ``delay`` seconds to every response; a context manager with ``.endpoint``.
* ``ERROR_INVALID_VALUE`` — the API's error envelope for an invalid parameter value.
* Payload builders: ``concepts_payload``, ``time_payload``, ``region_payload``,
  ``incomelevel_payload``, ``lendingtype_payload``, ``country_payload``, ``source_payload``,
  ``features_payload``, ``data_payload``, ``metadata_payload``.
"""

from __future__ import annotations

import functools
import json
import math
import re
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import requests

from cache.bundle import (
    SNAPSHOT_DIR,
    snapshot_catalogue_series,
    snapshot_economies,
    snapshot_observations,
    snapshot_series,
)
from indicators.claims.economies import display_name

DEFAULT_ENDPOINT = "https://api.worldbank.org/v2"
ERROR_INVALID_VALUE = [
    {"message": [{"id": "120", "key": "Invalid value",
                  "value": "The provided parameter value is not valid"}]}
]
DATABASES = {2: ("World Development Indicators", "WDI")}
JSON_TYPE = "application/json;charset=utf-8"
MAINTENANCE_HTML = (
    "<!DOCTYPE html><html><head><title>Service Unavailable - Maintenance</title></head>"
    "<body><h1>The World Bank API is temporarily unavailable for maintenance.</h1></body></html>"
)

# Code tables (not statistics): the World Bank's region, income-group and lending-type codes
# (id, ISO2-style code, name), as its API lists them. Each economy's own classification comes
# from the bundled WDI catalogue (`cache.bundle.snapshot_economies`), by these names.
_REGIONS = [("EAS", "Z4", "East Asia & Pacific"), ("ECS", "Z7", "Europe & Central Asia"),
            ("LCN", "ZJ", "Latin America & Caribbean"), ("MEA", "ZQ", "Middle East & North Africa"),
            ("NAC", "XU", "North America"), ("SAS", "8S", "South Asia"),
            ("SSF", "ZG", "Sub-Saharan Africa"), ("WLD", "1W", "World")]
_INCOME = [("HIC", "XD", "High income"), ("UMC", "XT", "Upper middle income"),
           ("LMC", "XN", "Lower middle income"), ("LIC", "XM", "Low income"),
           ("INX", "XY", "Not classified")]
_LENDING = [("IBD", "XF", "IBRD"), ("IDB", "XH", "Blend"), ("IDX", "XI", "IDA"),
            ("LNX", "XX", "Not classified")]


@functools.cache
def _classification() -> dict[str, tuple[str, str, str, str] | None]:
    """Economy code → (ISO2, region id, income id, lending id); None for an aggregate. An
    economy the catalogue gives no income group or lending type (Venezuela) is "Not classified",
    as the API says."""
    ids = {name: code for code, _, name in _REGIONS + _INCOME + _LENDING}
    return {e.code: None if e.aggregate else (e.iso2, ids.get(e.region, ""),
                                              ids.get(e.income_group, "INX"),
                                              ids.get(e.lending, "LNX"))
            for e in snapshot_economies()}


@functools.cache
def _iso2() -> dict[str, str]:
    return {e.code: e.iso2 for e in snapshot_economies()}


# -- the data behind the replay ----------------------------------------------------------------
@dataclass(frozen=True)
class ReplayData:
    values: dict[tuple[str, str, int], float]  # (series, economy, year) → current value
    names: dict[str, str]  # series → name
    years: tuple[int, ...]
    economies: tuple[str, ...]  # economies with data, plus USA (wbgapi looks it up)
    lastupdated: str  # YYYY-MM-DD

    @property
    def series(self) -> tuple[str, ...]:
        return tuple(sorted(self.names))


def load_replay_data(snapshot_dir: Path = SNAPSHOT_DIR) -> ReplayData:
    """The snapshot's current World Bank values (newest vintage per key, as the store picks),
    for every economy the World Bank's catalogue lists (all of them, as the API serves); the
    series the API knows are every series of the bundled WDI catalogue."""
    served = set(_classification())
    best: dict[tuple[str, str, int], tuple[tuple[bool, str], float]] = {}
    for o in snapshot_observations(snapshot_dir):
        if (o.source != "worldbank" or o.counterpart or o.period
                or o.economy not in served):
            continue
        key = (o.series, o.economy, o.year)
        rank = (o.vintage_date is not None, o.vintage_date or "")
        # ">=": among equal vintages the later row wins, as the store's "id DESC" does.
        if key not in best or rank >= best[key][0]:
            best[key] = (rank, o.value)
    values = {k: v for k, (_, v) in best.items()}
    # The API knows every WDI series (the bundled catalogue), values or not: one without a
    # value in the snapshot is answered with nulls, never with a made-up number.
    names = {code: s.name for code, s in snapshot_catalogue_series(snapshot_dir).items()}
    names |= {s.series: s.name for s in snapshot_series(snapshot_dir)
              if s.source == "worldbank" and any(k[0] == s.series for k in values)}
    years = sorted({k[2] for k in values})
    economies = sorted({k[1] for k in values} | {"USA"})
    lastupdated = max(r[1] for r, _ in best.values() if r[0])
    return ReplayData(
        values=values, names=names, years=tuple(range(years[0], years[-1] + 1)),
        economies=tuple(economies), lastupdated=lastupdated,
    )


def knowing(data: ReplayData, series: dict[str, str] | None = None,
            economies: tuple[str, ...] = ()) -> ReplayData:
    """``data`` for an API that also knows these series (code → name) and economies but has no
    value for them in the replay: a request for them is answered, with null values (the
    replay never makes a number up). For the "answered no value" path and request shapes."""
    from dataclasses import replace

    return replace(data, names={**data.names, **(series or {})},
                   economies=tuple(sorted(set(data.economies) | set(economies))))


# -- payload builders --------------------------------------------------------------------------
def _classic(rows: list[dict[str, Any]], page: int, per_page: int, **extra: Any) -> list[Any]:
    pages = max(1, math.ceil(len(rows) / per_page))
    chunk = rows[(page - 1) * per_page: page * per_page]
    header = {"page": page, "pages": pages, "per_page": str(per_page), "total": len(rows), **extra}
    return [header, chunk]


def _concept_list(db: int, concept: list[dict[str, Any]], total: int, page: int,
                  per_page: int, lastupdated: str | None = None) -> dict[str, Any]:
    name, _ = DATABASES[db]
    body: dict[str, Any] = {
        "page": page, "pages": max(1, math.ceil(total / per_page)), "per_page": str(per_page),
        "total": total,
    }
    if lastupdated:
        body["lastupdated"] = lastupdated
    body["source"] = [{"id": str(db), "name": name, "concept": concept}]
    return body


def concepts_payload(db: int, page: int = 1, per_page: int = 1000) -> dict[str, Any]:
    concept = [{"id": c, "value": c} for c in ("Country", "Series", "Time")]
    return _concept_list(db, concept, len(concept), page, per_page)


def _paged_variables(concept_id: str, variables: list[dict[str, Any]], db: int, page: int,
                     per_page: int) -> dict[str, Any]:
    chunk = variables[(page - 1) * per_page: page * per_page]
    return _concept_list(db, [{"id": concept_id, "variable": chunk}], len(variables), page,
                         per_page)


def time_payload(data: ReplayData, db: int, years: list[int], page: int = 1,
                 per_page: int = 1000) -> dict[str, Any]:
    variables = [{"id": f"YR{y}", "value": str(y)} for y in years]
    return _paged_variables("Time", variables, db, page, per_page)


def features_payload(data: ReplayData, db: int, concept: str, codes: list[str], page: int = 1,
                     per_page: int = 1000) -> dict[str, Any]:
    if concept == "Series":
        variables = [{"id": c, "value": data.names[c]} for c in codes]
    else:
        variables = [{"id": c, "value": display_name(c)} for c in codes]
    return _paged_variables(concept, variables, db, page, per_page)


def metadata_payload(data: ReplayData, db: int, codes: list[str], page: int = 1,
                     per_page: int = 1000) -> dict[str, Any]:
    variables = [
        {"id": c, "metatype": [
            {"id": "IndicatorName", "value": data.names[c]},
            {"id": "Longdefinition", "value": f"(replay) definition of {data.names[c]}"},
            {"id": "Source", "value": "(replay) World Bank API replay"},
            {"id": "Unitofmeasure", "value": ""},
        ]}
        for c in codes
    ]
    return _paged_variables("Series", variables, db, page, per_page)


def source_payload(data: ReplayData, db: int, page: int = 1, per_page: int = 1) -> list[Any]:
    name, code = DATABASES[db]
    row = {"id": str(db), "lastupdated": data.lastupdated, "name": name, "code": code,
           "description": "", "url": "", "dataavailability": "Y", "metadataavailability": "Y",
           "concepts": "3"}
    return _classic([row], page, per_page)


def region_payload(page: int = 1, per_page: int = 1000) -> list[Any]:
    rows = [{"id": "", "code": c, "iso2code": i, "name": n} for c, i, n in _REGIONS]
    return _classic(rows, page, per_page)


def incomelevel_payload(page: int = 1, per_page: int = 1000) -> list[Any]:
    return _classic([{"id": c, "iso2code": i, "value": n} for c, i, n in _INCOME], page, per_page)


def lendingtype_payload(page: int = 1, per_page: int = 1000) -> list[Any]:
    return _classic([{"id": c, "iso2code": i, "value": n} for c, i, n in _LENDING], page,
                    per_page)


def country_payload(data: ReplayData, page: int = 1, per_page: int = 1000) -> list[Any]:
    names = {c: n for c, _, n in _REGIONS} | {c: n for c, _, n in _INCOME + _LENDING}
    iso2 = {c: i for c, i, _ in _REGIONS + _INCOME + _LENDING}

    def ref(code: str) -> dict[str, str]:
        return {"id": code, "iso2code": iso2.get(code, ""), "value": names.get(code, "")}

    rows = []
    for code in data.economies:
        known = _classification().get(code, ("", "", "", ""))
        if known is None:  # an aggregate: the API marks it with region "NA"
            agg = {"id": "NA", "iso2code": "NA", "value": "Aggregates"}
            rows.append({"id": code, "iso2Code": _iso2().get(code, ""), "name": display_name(code),
                         "region": agg, "adminregion": {"id": "", "iso2code": "", "value": ""},
                         "incomeLevel": agg, "lendingType": agg, "capitalCity": "",
                         "longitude": "", "latitude": ""})
            continue
        code2, region, income, lending = known
        rows.append({"id": code, "iso2Code": code2, "name": display_name(code),
                     "region": ref(region), "adminregion": {"id": "", "iso2code": "", "value": ""},
                     "incomeLevel": ref(income), "lendingType": ref(lending), "capitalCity": "",
                     "longitude": "", "latitude": ""})
    return _classic(rows, page, per_page)


def data_payload(data: ReplayData, db: int, series: list[str], economies: list[str],
                 years: list[int], page: int = 1, per_page: int = 1000) -> dict[str, Any]:
    """Every series × economy × year (null where there is no value), one page of it."""
    name, _ = DATABASES[db]
    total = len(series) * len(economies) * len(years)
    start, stop = (page - 1) * per_page, min(page * per_page, total)
    rows = []
    per_series = len(economies) * len(years)
    for i in range(start, stop):
        s = series[i // per_series]
        e = economies[(i // len(years)) % len(economies)]
        y = years[i % len(years)]
        variable = [
            {"concept": "Country", "id": e, "value": display_name(e)},
            {"concept": "Series", "id": s, "value": data.names[s]},
            {"concept": "Time", "id": f"YR{y}", "value": str(y)},
        ]
        shift = i % 3  # the API does not keep the concepts in a fixed order
        rows.append({"variable": variable[shift:] + variable[:shift],
                     "value": data.values.get((s, e, y))})
    return {
        "page": page, "pages": max(1, math.ceil(total / per_page)), "per_page": str(per_page),
        "lastupdated": data.lastupdated, "total": total,
        "source": {"id": str(db), "name": name, "data": rows},
    }


# -- faults ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReplayResponse:
    status: int
    headers: dict[str, str]
    body: str | Exception


def _json(payload: Any, status: int = 200) -> ReplayResponse:
    body = json.dumps(payload, separators=(",", ":"))  # compact, as the API sends it
    return ReplayResponse(status, {"Content-Type": JSON_TYPE}, body)


def status_fault(status: int, body: str = "", headers: dict[str, str] | None = None
                 ) -> ReplayResponse:
    return ReplayResponse(status, {"Content-Type": "text/plain", **(headers or {})}, body)


def html_fault(status: int = 200) -> ReplayResponse:
    return ReplayResponse(status, {"Content-Type": "text/html; charset=utf-8"}, MAINTENANCE_HTML)


def timeout_fault() -> ReplayResponse:
    return ReplayResponse(0, {}, requests.exceptions.ReadTimeout("Read timed out. (replay)"))


def refused_fault() -> ReplayResponse:
    """What requests raises for a refused TCP connection: the socket error is the cause."""
    return ReplayResponse(0, {}, _wrapped(ConnectionRefusedError(111, "Connection refused")))


def reset_fault() -> ReplayResponse:
    """A connection dropped mid-answer: transient, so it is retried (unlike a refusal)."""
    return ReplayResponse(0, {}, requests.exceptions.ConnectionError(
        "('Connection aborted.', ConnectionResetError(104, 'Connection reset by peer'))"))


def dns_fault() -> ReplayResponse:
    """What requests raises when the host name does not resolve (no network)."""
    import socket

    return ReplayResponse(0, {}, _wrapped(socket.gaierror(-3, "Temporary failure in name "
                                                              "resolution")))


def _wrapped(cause: OSError) -> requests.exceptions.ConnectionError:
    # requests.ConnectionError(MaxRetryError(reason=NewConnectionError)) with the OSError as
    # the NewConnectionError's cause: the chain requests/urllib3 really build.
    from urllib3.exceptions import MaxRetryError, NewConnectionError

    try:
        try:
            raise cause
        except OSError as exc:
            raise NewConnectionError(None, f"Failed to establish a new connection: {exc}") from exc
    except NewConnectionError as new:
        reason = new
    return requests.exceptions.ConnectionError(MaxRetryError(None, "/replay", reason=reason))


def error_payload_fault() -> ReplayResponse:
    return _json(ERROR_INVALID_VALUE)


# -- the router --------------------------------------------------------------------------------
@dataclass
class WbApiReplay:
    data: ReplayData = field(default_factory=load_replay_data)
    endpoint: str = DEFAULT_ENDPOINT
    memoize: bool = False  # keep rendered answers per URL (takes the stub's CPU off the clock)
    calls: list[str] = field(default_factory=list)
    _memo: dict[str, ReplayResponse] = field(default_factory=dict)
    _faults: list[tuple[re.Pattern[str], deque[ReplayResponse]]] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def fail_next(self, pattern: str, *faults: ReplayResponse) -> None:
        """Answer the next requests whose path matches ``pattern`` with ``faults``, in order."""
        self._faults.append((re.compile(pattern), deque(faults)))

    def data_calls(self, db: int = 2) -> list[str]:
        return [u for u in self.calls if _is_data_path(_rel_path(u, self.endpoint), db)]

    def register(self, rsps: Any) -> None:
        import responses

        def callback(request: Any) -> tuple[int, dict[str, str], str | Exception]:
            answer = self.handle(request.url)
            return answer.status, answer.headers, answer.body

        rsps.add_callback(responses.GET, re.compile(re.escape(self.endpoint) + r"(/.*)?$"),
                          callback=callback)

    def handle(self, url: str) -> ReplayResponse:
        with self._lock:
            self.calls.append(url)
            path = _rel_path(url, self.endpoint)
            for pattern, queue in self._faults:
                if queue and pattern.search(path):
                    return queue.popleft()
            if self.memoize and url in self._memo:
                return self._memo[url]
        query = {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}
        page = int(query.get("page", 1))
        per_page = int(query.get("per_page", 50))
        try:
            answer = self._route(path, page, per_page)
        except _Unknown:
            answer = _json(ERROR_INVALID_VALUE)
        if self.memoize:
            with self._lock:
                self._memo[url] = answer
        return answer

    def _route(self, path: str, page: int, per_page: int) -> ReplayResponse:
        parts = [unquote(p) for p in path.strip("/").split("/") if p]
        if parts and parts[0] == "en":  # wbgapi puts the language first
            parts = parts[1:]
        d = self.data
        if parts == ["region"]:
            return _json(region_payload(page, per_page))
        if parts == ["incomelevel"]:
            return _json(incomelevel_payload(page, per_page))
        if parts == ["lendingtype"]:
            return _json(lendingtype_payload(page, per_page))
        if parts == ["country", "all"]:
            return _json(country_payload(d, page, per_page))
        if len(parts) >= 2 and parts[0] == "sources":
            db = _db(parts[1])
            rest = parts[2:]
            if not rest:
                return _json(source_payload(d, db, page, per_page))
            if rest == ["concepts"]:
                return _json(concepts_payload(db, page, per_page))
            if len(rest) == 2 and rest[0] == "time":
                return _json(time_payload(d, db, self._years(rest[1]), page, per_page))
            if len(rest) == 2 and rest[0] == "series":
                return _json(features_payload(d, db, "Series", self._series(rest[1]), page,
                                              per_page))
            if len(rest) == 2 and rest[0] == "country":
                return _json(features_payload(d, db, "Country", self._economies(rest[1]), page,
                                              per_page))
            if len(rest) == 3 and rest[0] == "series" and rest[2] == "metadata":
                return _json(metadata_payload(d, db, self._series(rest[1]), page, per_page))
            if len(rest) == 6 and (rest[0], rest[2], rest[4]) == ("series", "country", "time"):
                return _json(data_payload(
                    d, db, self._series(rest[1]), self._economies(rest[3]),
                    self._years(rest[5]), page, per_page))
        return status_fault(404, f"replay: no route for {path}")

    def _series(self, text: str) -> list[str]:
        codes = [c.upper() for c in text.split(";") if c]
        if text == "all":
            return list(self.data.series)
        if not codes or any(c not in self.data.names for c in codes):
            raise _Unknown
        return codes

    def _economies(self, text: str) -> list[str]:
        if text == "all":
            return list(self.data.economies)
        codes = [c.upper() for c in text.split(";") if c]
        if not codes or any(c not in self.data.economies for c in codes):
            raise _Unknown
        return codes

    def _years(self, text: str) -> list[int]:
        if text == "all":
            return list(self.data.years)
        try:
            years = [int(c.upper().removeprefix("YR")) for c in text.split(";") if c]
        except ValueError:
            raise _Unknown from None
        if not years or any(y not in self.data.years for y in years):
            raise _Unknown
        return years


class _Unknown(Exception):
    """A code the replayed API does not know: answered with the error envelope."""


def _db(text: str) -> int:
    if not text.isdigit() or int(text) not in DATABASES:
        raise _Unknown
    return int(text)


def _rel_path(url: str, endpoint: str) -> str:
    path = urlsplit(url).path
    prefix = urlsplit(endpoint).path.rstrip("/")
    return path[len(prefix):] if path.startswith(prefix) else path


def _is_data_path(path: str, db: int) -> bool:
    return re.search(rf"/sources/{db}/series/[^/]+/country/[^/]+/time/", path) is not None


# -- over real HTTP (benchmarks, CLI tests) ---------------------------------------------------
class ReplayServer:
    """Serve a `WbApiReplay` on 127.0.0.1 (random port), ``delay`` seconds added per response."""

    def __init__(self, replay: WbApiReplay | None = None, delay: float = 0.0) -> None:
        self.replay = replay or WbApiReplay()
        self.delay = delay
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    @property
    def endpoint(self) -> str:
        assert self._server is not None, "server not started"
        return f"http://127.0.0.1:{self._server.server_address[1]}/v2"

    @property
    def requests_served(self) -> int:
        return len(self.replay.calls)

    def __enter__(self) -> ReplayServer:
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as the real API offers

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in two writes; without this, Nagle's algorithm and
                # the client's delayed ACK add ~40 ms to every response.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                if outer.delay:
                    time.sleep(outer.delay)
                answer = outer.replay.handle(outer.endpoint.rsplit("/v2", 1)[0] + self.path)
                if isinstance(answer.body, Exception):
                    self.close_connection = True  # an exception fault: drop the connection
                    return
                body = answer.body.encode("utf-8")  # small next to the 100 ms delay
                self.send_response(answer.status)
                for key, value in answer.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                return None

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.replay.endpoint = self.endpoint
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._server is not None
        self._server.shutdown()
        self._server.server_close()
