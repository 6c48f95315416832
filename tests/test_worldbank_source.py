"""World Bank source through wbgapi: batching, paging, faults, retries and wbgapi's global state.

The API is replayed (tests/wb_replay.py) in its v2 wire format with values from the bundled
snapshot; the network stays blocked. Sleeps are recorded, never waited.
"""

from __future__ import annotations

import math
import socket
from dataclasses import replace
from datetime import UTC, datetime
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
import wbgapi
from wb_replay import (
    ERROR_INVALID_VALUE,
    WbApiReplay,
    dns_fault,
    error_payload_fault,
    html_fault,
    refused_fault,
    reset_fault,
    status_fault,
    timeout_fault,
)

from indicators.sources.base import (
    FetchContext,
    SourceAdapter,
    SourceError,
    UnknownCodeError,
    UnreachableError,
)
from indicators.sources.http import HttpClient
from indicators.sources.wbapi import codes_in_url, wbgapi_bound, wbgapi_state
from indicators.sources.worldbank import (
    ConfigError,
    WorldBankSource,
    load_config,
    validate_codes,
)

DATA_PATH = r"/sources/2/series/[^/]+/country/[^/]+/time/"
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.fixture
def sleeps() -> list[float]:
    return []


@pytest.fixture
def http(sleeps) -> HttpClient:
    return HttpClient(sleep=sleeps.append)


def context(http: object, progress=None) -> FetchContext:
    ctx = FetchContext(http=http, clock=lambda: NOW)
    if progress:
        ctx.progress = progress
    return ctx


def source(**overrides) -> WorldBankSource:
    return WorldBankSource(replace(load_config(), **overrides))


def with_series(*extra: str) -> WorldBankSource:
    config = load_config()
    database = replace(config.databases[0], series=config.databases[0].series + extra)
    return WorldBankSource(replace(config, databases=(database,)))


def page_of(url: str) -> int:
    return int(parse_qs(urlsplit(url).query)["page"][0])


# -- the happy path ----------------------------------------------------------------------------
def test_values_equal_the_snapshot_for_every_configured_key(replay, http, replay_data):
    config = load_config()
    batch = WorldBankSource(config).fetch(context(http))

    got = {(o.series, o.economy, o.year): o.value for o in batch.observations}
    wanted = {
        k: v for k, v in replay_data.values.items()
        if k[0] in config.all_series and k[1] in config.economies
    }
    assert got == wanted
    assert len(batch.observations) == len(got)  # no duplicates
    assert not batch.rejected
    data_url = replay.data_calls()[0]
    for o in batch.observations:
        assert (o.source, o.dataset) == ("worldbank", "WDI")
        assert o.publisher_updated == replay_data.lastupdated
        assert o.retrieved_at == "2026-11-25T12:00:00Z"
        assert o.origin.split("?")[0] == data_url.split("?")[0]
        assert "&page=" not in o.origin and "?page=" not in o.origin


def test_one_data_request_per_database_plus_its_pages(replay, http, replay_data):
    config = load_config()
    WorldBankSource(config).fetch(context(http))

    cells = len(config.all_series) * len(config.economies) * len(replay_data.years)
    pages = math.ceil(cells / config.per_page)
    data_calls = replay.data_calls()
    assert [page_of(u) for u in data_calls] == list(range(1, pages + 1))
    assert len({u.split("?")[0] for u in data_calls}) == 1  # one URL, all series and economies
    codes = codes_in_url(data_calls[0])
    assert codes["series"] == list(config.all_series)
    assert codes["country"] == list(config.economies)
    # wbgapi's cold-start lookups (6) + database record + data pages + metadata
    assert len(replay.calls) == http.requests_made == 6 + 1 + pages + 1


def test_paging_across_several_pages(replay, http, replay_data):
    batch = source(per_page=700).fetch(context(http))

    data_calls = replay.data_calls()
    assert len(data_calls) >= 3
    assert [page_of(u) for u in data_calls] == list(range(1, len(data_calls) + 1))
    got = {(o.series, o.economy, o.year): o.value for o in batch.observations}
    config = load_config()
    assert got == {
        k: v for k, v in replay_data.values.items()
        if k[0] in config.all_series and k[1] in config.economies
    }


def test_series_metadata_and_one_fetch_record_per_request_kind(replay, http, replay_data):
    batch = WorldBankSource().fetch(context(http))

    assert {s.series for s in batch.series} == set(load_config().all_series)
    meta = {s.series: s for s in batch.series}["NE.EXP.GNFS.ZS"]
    assert meta.name == replay_data.names["NE.EXP.GNFS.ZS"]
    assert meta.unit == "% of GDP" and meta.definition
    kinds = [urlsplit(f.url).path.rsplit("/", 1)[-1] for f in batch.fetches]
    assert len(batch.fetches) == 3
    assert kinds[0] == "2" and kinds[1] == "all" and kinds[2] == "metadata"
    assert all(f.licence == "CC BY 4.0" for f in batch.fetches)
    assert batch.publisher_updated == replay_data.lastupdated


def test_is_a_source_adapter_and_reports_progress(replay, http):
    messages: list[tuple[int, int | None, str]] = []
    adapter = WorldBankSource()
    assert isinstance(adapter, SourceAdapter)
    assert (adapter.name, adapter.licence) == ("worldbank", "CC BY 4.0")
    adapter.fetch(context(http, progress=lambda d, t, m: messages.append((d, t, m))))
    assert messages[0][0] == 0 and messages[-1][0] == messages[-1][1] == 3
    assert "values" in messages[-1][2]


# -- unknown codes -----------------------------------------------------------------------------
def test_an_unknown_series_is_left_out_and_named_and_the_others_are_fetched(replay, http,
                                                                            replay_data):
    batch = with_series("XYZ.NOT.A.CODE").fetch(context(http))

    [note] = batch.notes
    assert note.code == "XYZ.NOT.A.CODE"
    assert note.message.startswith("XYZ.NOT.A.CODE: the World Bank does not know this series "
                                   "in WDI (db 2); left out, the others were fetched")
    assert "indicators/config/worldbank.toml" in note.message  # where the code comes from
    config = load_config()
    got = {(o.series, o.economy, o.year): o.value for o in batch.observations}
    assert got == {k: v for k, v in replay_data.values.items()
                   if k[0] in config.all_series and k[1] in config.economies}
    assert "XYZ.NOT.A.CODE" not in {s.series for s in batch.series}
    # the rejected request, then one batched lookup per concept, then the request without it
    data_urls = [u.split("?")[0] for u in replay.data_calls()]
    assert "XYZ.NOT.A.CODE" in data_urls[0] and "XYZ.NOT.A.CODE" not in data_urls[-1]


def test_an_unknown_economy_is_left_out_and_named(replay, http):
    config = load_config()
    batch = source(economies=config.economies + ("ZZZ",)).fetch(context(http))
    assert [n.code for n in batch.notes] == ["ZZZ"]
    assert "this economy in WDI (db 2)" in batch.notes[0].message
    assert {o.economy for o in batch.observations} == set(config.economies)


def test_error_payload_with_http_200_is_not_retried(replay, http, sleeps):
    fault = error_payload_fault()
    assert fault.status == 200 and ERROR_INVALID_VALUE[0]["message"][0]["id"] == "120"
    replay.fail_next(DATA_PATH, fault)
    with pytest.raises(UnknownCodeError, match="rejected a code"):
        WorldBankSource().fetch(context(http))
    assert sleeps == []


def test_validate_codes_helper(replay, http):
    validate_codes(http, ["NE.EXP.GNFS.ZS"], ["BLR"])
    with pytest.raises(UnknownCodeError, match="series 'BAD.CODE'.*economy 'QQQ'"):
        validate_codes(http, ["NE.EXP.GNFS.ZS", "BAD.CODE"], ["BLR", "QQQ"])


# -- faults and retries ------------------------------------------------------------------------
def test_5xx_then_success_is_retried_with_backoff(replay, http, sleeps, replay_data):
    replay.fail_next(DATA_PATH, status_fault(503, "Service Unavailable"), status_fault(502))
    batch = WorldBankSource().fetch(context(http))

    assert sleeps == [0.5, 1.0]  # exponential back-off
    assert [page_of(u) for u in replay.data_calls()][:3] == [1, 1, 1]
    assert len(batch.observations) > 0


def test_429_with_retry_after_then_success(replay, http, sleeps):
    replay.fail_next(DATA_PATH, status_fault(429, "slow down", {"Retry-After": "7"}))
    batch = WorldBankSource().fetch(context(http))
    assert sleeps == [7.0]
    assert batch.observations


def test_timeout_gives_up_after_bounded_attempts(replay, http, sleeps):
    replay.fail_next(DATA_PATH, *[timeout_fault() for _ in range(4)])
    with pytest.raises(SourceError) as err:
        WorldBankSource().fetch(context(http))
    message = str(err.value)
    assert "timed out after 30 s" in message
    assert "after 4 attempts" in message
    assert "/sources/2/series/" in message and "page=1" in message
    assert sleeps == [0.5, 1.0, 2.0]


def test_connection_refused_through_the_replay_is_not_retried(replay, http, sleeps):
    replay.fail_next(r"/concepts", refused_fault())
    with pytest.raises(UnreachableError, match=r"concepts.*not retried.*Connection refused"):
        WorldBankSource().fetch(context(http))
    assert sleeps == []


def test_a_failed_name_lookup_is_not_retried(replay, http, sleeps):
    replay.fail_next(r"/concepts", dns_fault())
    with pytest.raises(UnreachableError, match=r"unreachable.*name resolution"):
        WorldBankSource().fetch(context(http))
    assert sleeps == []


def test_a_reset_connection_is_retried(replay, http, sleeps):
    replay.fail_next(r"/concepts", reset_fault())
    batch = WorldBankSource().fetch(context(http))
    assert batch.observations and sleeps == [0.5]


def test_connection_refused_by_a_real_closed_port(sleeps):
    with socket.socket() as probe:  # a free loopback port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    http = HttpClient(timeout=2, max_attempts=2, sleep=sleeps.append)
    with pytest.raises(SourceError) as err:
        source(endpoint=f"http://127.0.0.1:{port}/v2").fetch(context(http))
    assert f"127.0.0.1:{port}/v2/en/sources/2" in str(err.value)
    assert "unreachable, not retried" in str(err.value)
    assert http.requests_made == 1 and sleeps == []


def test_html_maintenance_page_instead_of_json(replay, http, sleeps):
    replay.fail_next(DATA_PATH, html_fault(200))
    with pytest.raises(SourceError) as err:
        WorldBankSource().fetch(context(http))
    message = str(err.value)
    assert "HTML page" in message and "instead of JSON" in message
    assert "Maintenance" in message
    assert "/sources/2/series/" in message
    assert sleeps == []  # a 200 is not retried


def test_html_maintenance_page_with_503_is_retried_then_reported(replay, http):
    replay.fail_next(DATA_PATH, *[html_fault(503) for _ in range(4)])
    with pytest.raises(SourceError, match=r"after 4 attempts: HTTP 503.*HTML page"):
        WorldBankSource().fetch(context(http))


def test_non_retryable_4xx_is_reported_with_url(replay, http, sleeps):
    replay.fail_next(DATA_PATH, status_fault(404, "gone"))
    with pytest.raises(SourceError, match=r"HTTP 404 .*sources/2/series/"):
        WorldBankSource().fetch(context(http))
    assert sleeps == []


# -- wbgapi's module-level state ---------------------------------------------------------------
@pytest.fixture
def caller_state(monkeypatch):
    """A caller's own wbgapi settings and caches, which a fetch must leave exactly as they were."""
    monkeypatch.setattr(wbgapi, "endpoint", "http://caller.invalid/v2")
    monkeypatch.setattr(wbgapi, "per_page", 123)
    monkeypatch.setattr(wbgapi, "get_options", {"proxies": {"http": "caller"}})
    monkeypatch.setattr(wbgapi.source, "_concepts", {99: {"caller": {"key": "x", "value": "y"}}})
    return wbgapi_state()


def test_wbgapi_state_restored_after_a_fetch(replay, http, caller_state):
    seen = {}

    def progress(done, total, message):
        if done == 1:  # inside the binding, before the data request
            seen.update(endpoint=wbgapi.endpoint, options=dict(wbgapi.get_options),
                        shim=wbgapi.requests is not requests,
                        concepts_cleared=99 not in wbgapi.source._concepts)

    WorldBankSource().fetch(context(http, progress=progress))
    assert seen == {"endpoint": "https://api.worldbank.org/v2", "options": {}, "shim": True,
                    "concepts_cleared": True}
    assert wbgapi_state() == caller_state
    assert wbgapi.requests is requests


def test_wbgapi_state_restored_after_a_failed_fetch(replay, http, caller_state):
    replay.fail_next(DATA_PATH, html_fault(200))
    with pytest.raises(SourceError):
        WorldBankSource().fetch(context(http))
    assert wbgapi_state() == caller_state


def test_wbgapi_state_restored_after_unknown_code(replay, http, caller_state):
    replay.fail_next(DATA_PATH, error_payload_fault())
    with pytest.raises(UnknownCodeError):
        WorldBankSource().fetch(context(http))
    assert wbgapi_state() == caller_state


def test_binding_starts_with_cold_caches_and_restores_on_any_exception(http):
    before = wbgapi_state()
    with pytest.raises(RuntimeError):
        with wbgapi_bound(http, "http://127.0.0.1:9/v2", per_page=7):
            assert (wbgapi.endpoint, wbgapi.per_page) == ("http://127.0.0.1:9/v2", 7)
            assert wbgapi.economy._class_data is None and wbgapi.time._time_values == {}
            raise RuntimeError("boom")
    assert wbgapi_state() == before


# -- the HTTP client on its own ----------------------------------------------------------------
class _FakeSession:
    def __init__(self, answers):
        self.answers = list(answers)
        self.calls: list[dict] = []
        self.headers: dict[str, str] = {}

    def get(self, url, **kwargs):
        self.calls.append({"url": url, **kwargs})
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        response = requests.Response()
        response.status_code, response.url = answer[0], url
        response.headers.update(answer[1] if len(answer) > 1 else {})
        response._content, response._content_consumed = b"{}", True
        return response


def test_client_always_passes_a_timeout_and_ignores_callers_options():
    session = _FakeSession([(200,)])
    client = HttpClient(session, timeout=12.5)
    client.get("http://x.test/a", timeout=None, proxies={"http": "p"})
    assert session.calls == [{"url": "http://x.test/a", "params": None, "headers": None,
                              "timeout": 12.5}]
    assert client.requests_made == 1


def test_client_does_not_retry_client_errors():
    sleeps: list[float] = []
    client = HttpClient(_FakeSession([(404,)]), sleep=sleeps.append)
    assert client.get("http://x.test/a").status_code == 404
    assert sleeps == [] and client.requests_made == 1


def test_client_backoff_is_exponential_and_capped():
    sleeps: list[float] = []
    client = HttpClient(_FakeSession([(500,)] * 6), max_attempts=6, backoff=1, max_backoff=5,
                        sleep=sleeps.append)
    with pytest.raises(SourceError, match=r"GET http://x.test/a failed after 6 attempts: HTTP 500"):
        client.get("http://x.test/a")
    assert sleeps == [1, 2, 4, 5, 5]
    assert client.requests_made == 6


def test_client_retry_after_is_capped_and_accepts_http_dates():
    sleeps: list[float] = []
    client = HttpClient(
        _FakeSession([(429, {"Retry-After": "3600"}),
                      (429, {"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}), (200,)]),
        max_backoff=30, sleep=sleeps.append,
    )
    assert client.get("http://x.test/a").status_code == 200
    assert sleeps == [30, 0.0]  # capped; a date in the past means "now"


def test_client_connect_timeout_is_reported_as_timeout():
    client = HttpClient(_FakeSession([requests.ConnectTimeout("ct")]), max_attempts=1,
                        timeout=4)
    with pytest.raises(SourceError, match=r"after 1 attempt: timed out after 4 s"):
        client.get("http://x.test/a")


# -- configuration -----------------------------------------------------------------------------
def test_packaged_config_lists_the_required_series_and_economies():
    config = load_config()
    required = {
        "NE.EXP.GNFS.ZS", "NE.IMP.GNFS.ZS", "NE.TRD.GNFS.ZS", "EG.IMP.CONS.ZS",
        "EG.USE.PCAP.KG.OE", "BX.KLT.DINV.WD.GD.ZS", "BX.KLT.DINV.CD.WD", "DT.DOD.DECT.CD",
        "DT.DOD.DECT.GN.ZS", "NY.GDP.MKTP.CD", "TX.VAL.FUEL.ZS.UN", "TM.VAL.FUEL.ZS.UN",
        "TX.VAL.MRCH.CD.WT", "TM.VAL.MRCH.CD.WT",
    }
    assert required <= set(config.all_series)
    assert config.economies == ("BLR", "RUS", "UKR", "POL", "LTU", "KAZ", "WLD")
    assert [d.db for d in config.databases] == [2]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('economies = ["BLR"]\ncolour = 1\n[[database]]\ndb = 2\ndataset = "WDI"\n'
         'series = ["A.B"]\n', r"unknown key 'colour'"),
        ('economies = []\n[[database]]\ndb = 2\ndataset = "WDI"\nseries = ["A.B"]\n',
         r"economies must be a non-empty list"),
        ('economies = ["BLR"]\n[[database]]\ndb = 2\ndataset = "WDI"\nseries = []\n',
         r"series must be a non-empty list"),
        ('economies = ["BLR"]\n[[database]]\ndb = 2\ndataset = "WDI"\nseries = ["A;B"]\n',
         r"'A;B' is not a valid code"),
        ('economies = ["BLR"]\n[[database]]\ndb = 2\ndataset = "WDI"\nsereis = ["A"]\n',
         r"unknown key 'sereis' at \[\[database\]\] #1"),
        ('economies = ["BLR"]\n', r"needs at least one \[\[database\]\]"),
        ("economies = [", r"not valid TOML"),
    ],
)
def test_invalid_config_is_rejected_naming_the_file(tmp_path, text, expected):
    path = tmp_path / "wb.toml"
    path.write_text(text)
    with pytest.raises(ConfigError, match=expected) as err:
        load_config(path)
    assert str(err.value).startswith(str(path))


def test_year_range_from_config_limits_the_request(replay, http):
    batch = source(first_year=2010, last_year=2012).fetch(context(http))
    assert {o.year for o in batch.observations} <= {2010, 2011, 2012}
    assert "/time/YR2010;YR2011;YR2012" in replay.data_calls()[0]


def test_fetch_over_real_loopback_http_through_the_replay_server(replay_data):
    from wb_replay import ReplayServer

    with ReplayServer(WbApiReplay(data=replay_data)) as server:
        http = HttpClient(timeout=10)
        batch = source(endpoint=server.endpoint).fetch(context(http))
        assert server.requests_served == http.requests_made == len(server.replay.calls)
    assert len(batch.observations) > 0
    assert batch.observations[0].origin.startswith(server.endpoint)


@pytest.mark.parametrize("version", ["1.0.14", "1.0.15", "1.0.99"])
def test_wbgapi_in_the_tested_range_is_accepted(version):
    from indicators.sources.wbapi import check_wbgapi_version

    assert check_wbgapi_version(version) == version


@pytest.mark.parametrize("version", ["1.0.12", "1.1.0", "2.0"])
def test_wbgapi_outside_the_tested_range_is_refused_with_what_to_install(version):
    from indicators.sources.wbapi import WbgapiVersionError, check_wbgapi_version

    with pytest.raises(WbgapiVersionError,
                       match=rf"wbgapi {version} is installed.*pip install 'wbgapi>=1.0.14,<1.1'"):
        check_wbgapi_version(version)


def test_only_wbapi_assigns_wbgapi_module_state():
    """The one place that touches wbgapi's globals stays the only one."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    offenders = []
    for path in [*root.glob("indicators/**/*.py"), *root.glob("cache/**/*.py"),
                 *root.glob("dashboard/**/*.py")]:
        if path.name == "wbapi.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"wbgapi(\.\w+)+\s*=[^=]|setattr\(\s*wbgapi", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
