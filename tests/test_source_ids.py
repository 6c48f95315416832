"""IDS by creditor through wbgapi: replayed API v2 (db 6), network blocked; faults as for WDI."""

from __future__ import annotations

import pytest
import requests
import responses
import wbgapi

from indicators.sources.base import SourceError, UnknownCodeError
from indicators.sources.ids import IdsSource
from indicators.sources.sourcekit import load_config
from indicators.sources.wbapi import wbgapi_state
from tests.replay_other import IDS_RUSSIA_CODE, IdsReplay, ids_values, make_ctx

HTML = (503, {"Content-Type": "text/html"}, "<html><title>Maintenance</title></html>")


@pytest.fixture
def replay():
    r = IdsReplay()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        r.register(rsps)
        yield r


def test_fetch_reads_debt_by_creditor_with_codes_resolved_by_name(replay):
    before = wbgapi_state()
    batch = IdsSource().fetch(make_ctx())
    assert wbgapi_state() == before  # wbgapi's globals are put back

    first = load_config("ids")["first_year"]
    expected = {(s, e, "RUS" if c == IDS_RUSSIA_CODE else c, y): v
                for (s, e, c, y), v in ids_values().items() if y >= first}
    got = {(o.series, o.economy, o.counterpart, o.year): o.value for o in batch.observations}
    assert got == expected
    assert {o.counterpart for o in batch.observations} == {"RUS", "WLD"}
    rus = next(o for o in batch.observations if o.counterpart == "RUS")
    assert f"IDS code {IDS_RUSSIA_CODE}" in rus.note and "PPG" in rus.note
    assert rus.unit == "DOD, current US$" and rus.publisher_updated == "2025-12-03"
    assert "/sources/6/series/" in rus.origin and "counterpart-area" in rus.origin
    data_calls = [u for u in replay.calls if "/series/" in u]
    assert len(data_calls) == 1  # one request for every series × creditor
    assert f"WLD%3B{IDS_RUSSIA_CODE}" in data_calls[0] or f"WLD;{IDS_RUSSIA_CODE}" in data_calls[0]
    assert {f.note.split(";")[0] for f in batch.fetches} >= {
        "database record of International Debt Statistics",
        "creditor list, to find creditor codes by name", "IDS data by creditor"}
    assert {s.series for s in batch.series} == {"DT.DOD.DPPG.CD", "DT.DOD.BLAT.CD"}
    assert batch.rejected == []


def test_unknown_creditor_name_is_an_unknown_code_error(replay):
    replay.creditors = [c for c in replay.creditors if c[0] != IDS_RUSSIA_CODE]
    with pytest.raises(UnknownCodeError, match="no creditor named 'Russian Federation'"):
        IdsSource().fetch(make_ctx())


def test_timeout_is_a_source_error_and_wbgapi_is_restored(replay):
    before = wbgapi_state()
    replay.fail("/series/", requests.ReadTimeout("timed out"), requests.ReadTimeout("timed out"))
    with pytest.raises(SourceError, match="timed out"):
        IdsSource().fetch(make_ctx())
    assert wbgapi_state() == before


def test_server_error_is_retried_then_reported(replay):
    replay.fail("/series/", (502, {}, ""), (502, {}, ""))
    with pytest.raises(SourceError, match="HTTP 502"):
        IdsSource().fetch(make_ctx())


def test_html_maintenance_page_is_a_clear_error(replay):
    replay.fail("counterpart-area/all", (200, {"Content-Type": "text/html"}, HTML[2]))
    with pytest.raises(SourceError, match="HTML page"):
        IdsSource().fetch(make_ctx())


def test_the_apis_error_envelope_names_the_codes(replay):
    envelope = [{"message": [{"id": "120", "key": "Invalid value",
                              "value": "The provided parameter value is not valid"}]}]
    import json

    replay.fail("/series/", (200, {"Content-Type": "application/json"}, json.dumps(envelope)))
    with pytest.raises(UnknownCodeError, match="each series and economy exists on its own.*"
                                               "counterparts WLD"):
        IdsSource().fetch(make_ctx())


def test_wbgapi_module_is_unchanged_after_success(replay):
    endpoint = wbgapi.endpoint
    IdsSource().fetch(make_ctx())
    assert wbgapi.endpoint == endpoint


def test_wanted_creditors_and_series_join_the_request_and_unknown_ones_are_named(replay):
    """What claims files read: a creditor found by its name (China), one the list lacks, and a
    series IDS does not know; none of them stops the configured data."""
    wanted = {"DT.DOD.DPPG.CD": {("BLR", "CHN"), ("BLR", "RUS")},
              "DT.DOD.BLAT.CD": {("BLR", "QQQ")}, "DT.NOT.A.CODE": {("BLR", "RUS")}}
    batch = IdsSource(wanted=wanted).fetch(make_ctx())

    data_calls = [u for u in replay.calls if "/series/" in u and "/country/" in u]
    last = data_calls[-1]
    assert "730" in last and "DT.NOT.A.CODE" not in last  # China's code, looked up by name
    messages = [n.message for n in batch.notes]
    assert any(m.startswith("QQQ: ids: no creditor named 'QQQ'") for m in messages)
    assert ("DT.NOT.A.CODE: the World Bank does not know this series in IDS (db 6); left out, "
            "the others were fetched") in messages
    assert ("DT.DOD.DPPG.CD: IDS answered no value for BLR owed to CHN; any values stored "
            "before for it were kept") in messages
    # the configured creditors' values are all there
    first = load_config("ids")["first_year"]
    expected = {(s, e, "RUS" if c == IDS_RUSSIA_CODE else c, y): v
                for (s, e, c, y), v in ids_values().items() if y >= first}
    got = {(o.series, o.economy, o.counterpart, o.year): o.value for o in batch.observations}
    assert got == expected
    assert batch.replace_fetched_only
