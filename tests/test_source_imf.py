"""IMF SDMX 3.0 adapter: replayed live-shaped SDMX-CSV for IMTS and DIP, network blocked; faults.

The replay (tests/replay_other.py `imf_csv`) reproduces the documented live format: the
``STRUCTURE[;]`` first column, action ``R``, OBS_VALUE in whole US dollars with SCALE 6, DIP rows
with DV_TYPE SCC only (Belarus does not report), the empty-match row, STATUS C cells.
"""

from __future__ import annotations

import pytest
import requests
import responses

from indicators.sources.base import SourceError
from indicators.sources.imf import ImfSource, check_key
from indicators.sources.sourcekit import Throttle
from tests.replay_api import (
    imf_csv,
    imf_csv_invented,
    imf_values,
    imf_whole_dollars,
)
from tests.replay_other import (
    make_ctx,
)

CSV_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0"
WAITS: list[float] = []


def _source() -> ImfSource:
    # Record the polite waits instead of sleeping them.
    return ImfSource(throttle=Throttle(0.5, clock=lambda: 0.0, sleep=WAITS.append))


SOURCE = _source()
IMTS, DIP = SOURCE.url("IMTS"), SOURCE.url("DIP")
WITHHOLD_FROM = SOURCE.config["flows"]["IMTS"]["withhold_from_year"]


def _register(rsps, imts: str | None = None, dip: str | None = None):
    rsps.get(IMTS, body=imts if imts is not None else imf_csv("IMTS"), content_type=CSV_TYPE)
    rsps.get(DIP, body=dip if dip is not None else imf_csv("DIP"), content_type=CSV_TYPE)


def _expected(flow: str) -> dict[tuple, float]:
    out = {}
    for (indicator, counterpart, year), value in imf_values(flow).items():
        stored = "WLD" if counterpart == "G001" else counterpart
        if flow == "IMTS" and stored == "RUS" and year >= WITHHOLD_FROM:
            continue
        out[(f"{flow}.{indicator}", stored, year)] = float(imf_whole_dollars(value))
    return out


def _values(batch, prefix: str = "") -> dict[tuple, float]:
    return {(o.series, o.counterpart, o.year): o.value for o in batch.observations
            if o.series.startswith(prefix)}


@responses.activate
def test_live_format_values_are_whole_dollars_and_scale_is_never_applied():
    _register(responses)
    batch = _source().fetch(make_ctx())
    assert _values(batch) == {**_expected("IMTS"), **_expected("DIP")}
    assert {o.counterpart for o in batch.observations} == {"RUS", "WLD"}
    o = next(o for o in batch.observations if o.series.startswith("IMTS"))
    assert "SCALE 6 (display attribute; OBS_VALUE is in US$ as sent, not multiplied)" in o.note
    assert o.source == "imf" and o.unit == "US$" and o.economy == "BLR"
    assert o.publisher_updated == "IMF.STA:IMTS(1.0.0), retrieved 2026-11-20"
    req = responses.calls[0].request
    assert req.headers["Accept"] == "application/vnd.sdmx.data+csv;version=2.0.0"
    assert "c%5BTIME_PERIOD%5D=ge%3A2000" in req.url
    assert [f.url.split("?")[0] for f in batch.fetches] == [IMTS, DIP]
    assert batch.fetches[0].licence.startswith("IMF terms")


@responses.activate
def test_dip_asks_for_reported_and_mirror_series_and_records_which_one_each_value_is():
    assert ".O+SCC." in DIP
    _register(responses)
    batch = _source().fetch(make_ctx())
    dip = [o for o in batch.observations if o.series.startswith("DIP")]
    assert dip and all("DV_TYPE SCC: derived from the counterparts' outward positions" in o.note
                       for o in dip)


@responses.activate
def test_a_reported_value_wins_over_the_mirror_value_and_the_mirror_row_is_listed():
    _register(responses, dip=imf_csv("DIP", dv_types=("SCC", "O")))
    batch = _source().fetch(make_ctx())
    dip = [o for o in batch.observations if o.series.startswith("DIP")]
    assert _values(batch, "DIP") == _expected("DIP")
    assert all("DV_TYPE O: reported by the economy itself" in o.note for o in dip)
    assert sum("not used: the economy's own (DV_TYPE O) value is kept" in r
               for r in batch.rejected) == len(dip)


@pytest.mark.parametrize("first_column", ["STRUCTURE[;]", "STRUCTURE", "DATAFLOW"])
@pytest.mark.parametrize("bom", [False, True])
def test_all_three_header_variants_and_a_byte_order_mark_are_read(first_column, bom):
    with responses.RequestsMock() as rsps:
        _register(rsps, imts=imf_csv("IMTS", first_column=first_column, bom=bom))
        batch = _source().fetch(make_ctx())
    assert _values(batch, "IMTS") == _expected("IMTS")


@responses.activate
def test_the_old_invented_fixture_shape_is_now_read_as_sent_not_rescaled():
    # The old replay divided values by 10^6 and wrote SCALE "Millions" so that the old parser's
    # multiplication gave them back. The real API never applies SCALE to OBS_VALUE, so such a
    # file is now read at face value: every IMTS value comes out a million times smaller than
    # the snapshot's, which is exactly why that fixture could not catch the inflation bug.
    _register(responses, imts=imf_csv_invented("IMTS", scale="Millions"))
    batch = _source().fetch(make_ctx())
    got = _values(batch, "IMTS")
    assert got == pytest.approx({k: v / 1e6 for k, v in _expected("IMTS").items()}, rel=1e-6)


@responses.activate
def test_confidential_cell_is_rejected_with_the_reason():
    year = max(y for (i, c, y) in imf_values("IMTS") if c == "G001")
    _register(responses, imts=imf_csv("IMTS", confidential=("XG_FOB_USD", "G001", year)))
    batch = _source().fetch(make_ctx())
    assert ("IMTS.XG_FOB_USD", "WLD", year) not in _values(batch)
    assert any(f"XG_FOB_USD WLD {year}" in r and "confidential (STATUS C)" in r
               for r in batch.rejected)


@responses.activate
def test_belarus_russia_trade_from_2022_is_withheld_with_the_reason():
    _register(responses)
    batch = _source().fetch(make_ctx())
    assert not [o for o in batch.observations
                if o.series.startswith("IMTS") and o.counterpart == "RUS"
                and o.year >= WITHHOLD_FROM]
    withheld = [r for r in batch.rejected if "withheld" in r]
    assert withheld and all("mirror" in r for r in withheld)
    assert "stopped reporting" in batch.fetches[0].note


@responses.activate
def test_empty_match_for_fdi_is_recorded_as_no_data_not_a_failure():
    _register(responses, dip=imf_csv("DIP", empty=True))
    batch = _source().fetch(make_ctx())
    assert not [o for o in batch.observations if o.series.startswith("DIP")]
    assert any("no data: the IMF has no DIP series" in r for r in batch.rejected)
    assert batch.fetches[1].note.startswith("no data")


@responses.activate
def test_empty_match_for_trade_is_an_error():
    _register(responses, imts=imf_csv("IMTS", empty=True))
    with pytest.raises(SourceError, match="returned no IMTS data"):
        _source().fetch(make_ctx())


def test_a_key_with_an_empty_slot_is_refused_and_star_is_accepted():
    with pytest.raises(SourceError, match=r"empty slot.*use \*"):
        check_key("IMTS", "BLR..RUS.A")
    assert check_key("IMTS", "BLR.*.RUS+G001.A") == "BLR.*.RUS+G001.A"


@responses.activate
def test_a_wildcard_key_keeps_only_the_configured_indicators():
    source = _source()
    source.config["flows"]["IMTS"]["key"] = "BLR.*.RUS+G001.A"
    url = source.url("IMTS")
    extra = imf_csv("IMTS").replace("XG_FOB_USD", "TXG_FOB_USD_OTHER")
    body = imf_csv("IMTS") + extra.split("\r\n", 1)[1]
    responses.get(url, body=body, content_type=CSV_TYPE)
    responses.get(DIP, body=imf_csv("DIP"), content_type=CSV_TYPE)
    batch = source.fetch(make_ctx())
    assert _values(batch, "IMTS") == _expected("IMTS")


@responses.activate
def test_requests_are_spaced_politely():
    WAITS.clear()
    _register(responses)
    _source().fetch(make_ctx())
    assert WAITS == [0.5]  # two requests, one wait of the full interval (clock frozen)


@responses.activate
def test_not_found_for_the_optional_flow_is_no_data_too():
    _register(responses)
    responses.replace(responses.GET, DIP, status=404)
    batch = _source().fetch(make_ctx())
    assert batch.observations and batch.fetches[1].note.startswith("no data")


@responses.activate
def test_html_error_page_with_http_200_is_a_clear_error():
    page = "<!DOCTYPE html><html><head><title>Service unavailable</title></head></html>"
    responses.get(IMTS, body=page, status=200, content_type="text/html")
    with pytest.raises(SourceError, match="HTML page.*Service unavailable"):
        _source().fetch(make_ctx())


@responses.activate
def test_timeout_is_a_source_error():
    responses.get(IMTS, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(SourceError, match=r"api\.imf\.org.*timed out"):
        _source().fetch(make_ctx())


@responses.activate
def test_server_error_is_retried_then_reported():
    responses.get(IMTS, status=503)
    with pytest.raises(SourceError, match="HTTP 503"):
        _source().fetch(make_ctx())
    assert len(responses.calls) == 2


@responses.activate
def test_garbage_body_is_a_clear_error():
    _register(responses, imts='{"errors": [{"code": 500, "message": "Internal"}]}')
    with pytest.raises(SourceError, match="is not SDMX-CSV"):
        _source().fetch(make_ctx())


@responses.activate
def test_a_deletion_row_is_rejected_not_stored():
    body = imf_csv("IMTS").replace(",R,", ",D,")
    _register(responses, imts=body)
    with pytest.raises(SourceError, match=r"no IMTS data.*action 'D'"):
        _source().fetch(make_ctx())
