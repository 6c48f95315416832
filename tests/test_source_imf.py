"""IMF SDMX 3.0 adapter: replayed SDMX-CSV for IMTS and DIP, network blocked; faults."""

from __future__ import annotations

import pytest
import requests
import responses

from indicators.sources.base import SourceError
from indicators.sources.imf import ImfSource
from tests.replay_other import imf_csv, imf_values, make_ctx

SOURCE = ImfSource()
IMTS, DIP = SOURCE.url("IMTS"), SOURCE.url("DIP")
WITHHOLD_FROM = SOURCE.config["flows"]["IMTS"]["withhold_from_year"]


def _register(rsps, imts: str | None = None, dip: str | None = None):
    rsps.get(IMTS, body=imts if imts is not None else imf_csv("IMTS"),
             content_type="application/vnd.sdmx.data+csv; version=2.0.0")
    rsps.get(DIP, body=dip if dip is not None else imf_csv("DIP"),
             content_type="application/vnd.sdmx.data+csv; version=2.0.0")


def _expected(flow: str) -> dict[tuple, float]:
    out = {}
    for (indicator, counterpart, year), value in imf_values(flow).items():
        stored = "WLD" if counterpart == "G001" else counterpart
        if flow == "IMTS" and stored == "RUS" and year >= WITHHOLD_FROM:
            continue
        out[(f"{flow}.{indicator}", stored, year)] = value
    return out


@responses.activate
def test_fetch_reads_trade_and_fdi_by_partner_with_provenance():
    _register(responses)
    batch = ImfSource().fetch(make_ctx())
    got = {(o.series, o.counterpart, o.year): o.value for o in batch.observations}
    assert got == {**_expected("IMTS"), **_expected("DIP")}
    assert {o.counterpart for o in batch.observations} == {"RUS", "WLD"}
    req = responses.calls[0].request
    assert req.headers["Accept"] == "application/vnd.sdmx.data+csv;version=2.0.0"
    assert "c%5BTIME_PERIOD%5D=ge%3A2000" in req.url
    o = batch.observations[0]
    assert o.source == "imf" and o.unit == "US$" and o.economy == "BLR"
    assert o.publisher_updated.startswith("IMF.STA:")
    assert "retrieved 2026-11-20" in o.publisher_updated
    assert [f.url.split("?")[0] for f in batch.fetches] == [IMTS, DIP]
    assert batch.fetches[0].licence.startswith("IMF terms")


@responses.activate
def test_belarus_russia_trade_from_2022_is_withheld_with_the_reason():
    _register(responses)
    batch = ImfSource().fetch(make_ctx())
    assert not [o for o in batch.observations
                if o.series.startswith("IMTS") and o.counterpart == "RUS"
                and o.year >= WITHHOLD_FROM]
    withheld = [r for r in batch.rejected if "withheld" in r]
    assert withheld and all("mirror" in r for r in withheld)
    assert "stopped reporting" in batch.fetches[0].note


@responses.activate
def test_scale_attribute_is_applied():
    _register(responses, imts=imf_csv("IMTS", scale="Millions"))
    batch = ImfSource().fetch(make_ctx())
    got = {(o.series, o.counterpart, o.year): o.value for o in batch.observations
           if o.series.startswith("IMTS")}
    assert got == pytest.approx(_expected("IMTS"))


@responses.activate
def test_no_fdi_data_for_belarus_is_recorded_as_no_data_not_a_failure():
    _register(responses, dip=imf_csv("DIP", empty=True))
    batch = ImfSource().fetch(make_ctx())
    assert not [o for o in batch.observations if o.series.startswith("DIP")]
    assert any("no data: the IMF has no DIP series" in r for r in batch.rejected)
    assert batch.fetches[1].note.startswith("no data")


@responses.activate
def test_not_found_for_the_optional_flow_is_no_data_too():
    _register(responses)
    responses.replace(responses.GET, DIP, status=404)
    batch = ImfSource().fetch(make_ctx())
    assert batch.observations and batch.fetches[1].note.startswith("no data")


@responses.activate
def test_no_trade_data_is_an_error():
    _register(responses, imts=imf_csv("IMTS", empty=True))
    with pytest.raises(SourceError, match="returned no IMTS data"):
        ImfSource().fetch(make_ctx())


@responses.activate
def test_timeout_is_a_source_error():
    responses.get(IMTS, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(SourceError, match=r"api\.imf\.org.*timed out"):
        ImfSource().fetch(make_ctx())


@responses.activate
def test_server_error_is_retried_then_reported():
    responses.get(IMTS, status=503)
    with pytest.raises(SourceError, match="HTTP 503"):
        ImfSource().fetch(make_ctx())
    assert len(responses.calls) == 2


@responses.activate
def test_garbage_body_is_a_clear_error():
    _register(responses, imts='{"errors": [{"code": 500, "message": "Internal"}]}')
    with pytest.raises(SourceError, match="is not SDMX-CSV"):
        ImfSource().fetch(make_ctx())


@responses.activate
def test_unknown_scale_is_reported_not_guessed():
    _register(responses, imts=imf_csv("IMTS").replace(",Units", ",Gazillions"))
    with pytest.raises(SourceError, match="returned no IMTS data"):
        ImfSource().fetch(make_ctx())
