"""USGS MCS adapter: replayed ScienceBase items + the 2026 long (cp1252) and 2025 wide CSVs."""

from __future__ import annotations

import pytest
import requests
import responses

from indicators.sources.base import SourceError
from indicators.sources.sourcekit import load_config
from indicators.sources.usgs import UsgsSource
from tests.replay_other import (
    make_ctx,
    newest_per_key,
    reference_rows,
    usgs_item,
    usgs_long_csv,
    usgs_world_csv,
)

CONFIG = load_config("usgs")
NEW, OLD = CONFIG["editions"]  # MCS 2026 (long layout), MCS 2025 (wide layout)
NEW_ITEM = CONFIG["item_url"].format(item_id=NEW["item_id"])
ITEM_URL = CONFIG["item_url"].format(item_id=OLD["item_id"])
NEW_CSV = (f"https://www.sciencebase.gov/catalog/file/get/{NEW['item_id']}"
           f"?f=__disk__12%2F34%2F56&name={NEW['file_name']}")
CSV_URL = (
    f"https://www.sciencebase.gov/catalog/file/get/{OLD['item_id']}"
    f"?f=__disk__ab%2Fcd%2Fef&name={OLD['file_name']}"
)
NEW_RELEASE = "2026-02-06"
RELEASE = "2025-01-31"


def _register(rsps, csv_text: str | None = None, *, files=None, long_csv: bytes | None = None):
    rsps.get(NEW_ITEM, json=usgs_item(NEW["item_id"], [(NEW["file_name"], NEW_CSV)],
                                      NEW_RELEASE))
    rsps.get(NEW_CSV, body=long_csv if long_csv is not None else usgs_long_csv(),
             content_type="text/csv")
    files = files if files is not None else [
        ("MCS2025_Commodities_Data.csv", CSV_URL.replace("World", "Commodities")),
        (OLD["file_name"], CSV_URL),
    ]
    rsps.get(ITEM_URL, json=usgs_item(OLD["item_id"], files, RELEASE))
    # The 2025 file is cp1252 too (APIS.md); test_a_utf8_file_with_a_byte_order_mark covers a
    # BOM-prefixed UTF-8 export.
    body = csv_text if csv_text is not None else usgs_world_csv()
    rsps.get(CSV_URL, body=body if isinstance(body, bytes)
             else body.removeprefix("\ufeff").encode("cp1252"), content_type="text/csv")


@responses.activate
def test_the_2026_long_cp1252_file_is_read_and_wins_over_the_2025_wide_one():
    _register(responses)
    batch = UsgsSource().fetch(make_ctx())
    snapshot = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    assert {(o.economy, o.year): o.value for o in batch.observations} == {
        (o.economy, o.year): o.value for o in snapshot}
    assert {o.publisher_updated for o in batch.observations} == {NEW_RELEASE}
    assert {o.origin for o in batch.observations} == {NEW_CSV}
    est_year = max(o.year for o in snapshot)
    assert all(("USGS estimate (MCS 2026)" in o.note) == (o.year == est_year)
               for o in batch.observations)
    superseded = [r for r in batch.rejected if "superseded by MCS 2026" in r]
    assert len(superseded) == len(snapshot)  # the same years, published again in 2025's file
    assert "MCS2026_Commodities_Data.csv (MCS 2026, doi:10.5066/P1WKQ63T; read as cp1252)" in [
        f.note for f in batch.fetches]


@responses.activate
def test_a_cp1252_country_name_is_decoded_not_mangled():
    year = min(o.year for o in reference_rows("potash_usgs_mcs2026_world.mine_production"))
    extra = [{"Section": "x", "Commodity": "Potash", "Country": "C\u00f4te d'Ivoire",
              "Statistics": "Mine production", "Statistics_detail": "", "Unit": "t",
              "Year": str(year), "Value": "W"}]
    _register(responses, long_csv=usgs_long_csv(extra_rows=extra))
    batch = UsgsSource().fetch(make_ctx())
    assert any("C\u00f4te d'Ivoire" in r for r in batch.rejected)
    assert not any("\ufffd" in r for r in batch.rejected)


@responses.activate
def test_a_2026_file_without_potash_fails_rather_than_erasing_the_source():
    _register(responses, long_csv=usgs_long_csv(commodity="Lithium"))
    with pytest.raises(SourceError, match="MCS2026_Commodities_Data.csv has no mine production"):
        UsgsSource().fetch(make_ctx())


@responses.activate
def test_the_2025_wide_file_is_read_with_provenance():
    _register(responses)
    batch = _old_only().fetch(make_ctx())

    snapshot = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    expected = {(o.economy, o.year): o.value for o in snapshot}
    got = {(o.economy, o.year): o.value for o in batch.observations}
    assert got == expected
    assert {"BLR", "WLD", "RUS", "CAN"} <= {o.economy for o in batch.observations}
    assert {o.series for o in batch.observations} == {"mcs.potash.mine_production"}
    est_year = max(y for _, y in got)
    assert all(("USGS estimate" in o.note) == (o.year == est_year) for o in batch.observations)
    o = batch.observations[0]
    assert o.unit == "thousand metric tons"
    assert o.publisher_updated == RELEASE and o.origin == CSV_URL
    assert [f.url for f in batch.fetches] == [ITEM_URL, CSV_URL]
    assert "doi:10.5066/P13XCP3R" in batch.fetches[1].note
    assert batch.fetches[0].licence.startswith("Public domain")
    assert batch.rejected == []


@responses.activate
def test_other_commodities_and_types_are_left_out_and_symbols_reported():
    rows = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    year = min(o.year for o in rows)
    extra = [
        {"COMMODITY": "Phosphate rock", "COUNTRY": "Belarus", "TYPE": "Mine production",
         "UNIT_MEAS": "thousand metric tons", f"PROD_{year}": "1"},
        {"COMMODITY": "Potash", "COUNTRY": "Belarus", "TYPE": "Capacity",
         "UNIT_MEAS": "thousand metric tons", f"PROD_{year}": "1"},
        {"COMMODITY": "Potash", "COUNTRY": "Atlantis", "TYPE": "Mine production",
         "UNIT_MEAS": "thousand metric tons", f"PROD_{year}": "1"},
        {"COMMODITY": "Potash", "COUNTRY": "Ukraine", "TYPE": "Mine production",
         "UNIT_MEAS": "thousand metric tons", f"PROD_{year}": "W"},
    ]
    _register(responses, usgs_world_csv(extra_rows=extra))
    batch = _old_only().fetch(make_ctx())
    assert len(batch.observations) == len(rows)
    assert len(batch.rejected) == 2
    assert any("'Atlantis'" in r for r in batch.rejected)
    assert any("Ukraine" in r and "'W', not a number" in r for r in batch.rejected)


@responses.activate
def test_the_csv_is_found_by_pattern_when_the_file_name_changes():
    files = [("MCS2026_World_Data.csv", CSV_URL)]
    _register(responses, files=files)
    assert _old_only().fetch(make_ctx()).observations


# -- faults ---------------------------------------------------------------------------------------

@responses.activate
def test_timeout_on_the_item_is_a_source_error():
    responses.get(ITEM_URL, body=requests.ConnectTimeout("connect timed out"))
    with pytest.raises(SourceError, match=r"sciencebase\.gov.*timed out"):
        _old_only().fetch(make_ctx())


@responses.activate
def test_server_error_on_the_csv_is_a_source_error():
    responses.get(ITEM_URL, json=usgs_item(OLD["item_id"], [(OLD["file_name"], CSV_URL)],
                                           RELEASE))
    responses.get(CSV_URL, status=502)
    with pytest.raises(SourceError, match="HTTP 502"):
        _old_only().fetch(make_ctx())
    assert len(responses.calls) == 3  # item once, CSV twice (retried)


@responses.activate
def test_item_without_the_file_names_what_it_has():
    _register(responses, files=[("MCS2025_Commodities_Data.csv", CSV_URL)])
    with pytest.raises(SourceError, match="has no MCS2025_World_Data.csv.*Commodities_Data"):
        _old_only().fetch(make_ctx())


@responses.activate
def test_garbage_item_body_is_a_clear_error():
    responses.get(ITEM_URL, body="<!DOCTYPE html><title>ScienceBase is down</title>")
    with pytest.raises(SourceError, match="returned an HTML page"):
        _old_only().fetch(make_ctx())


@responses.activate
def test_json_that_is_not_an_item_is_a_clear_error():
    responses.get(ITEM_URL, json={"error": "Item not found"})
    with pytest.raises(SourceError, match="not a ScienceBase item"):
        _old_only().fetch(make_ctx())


@responses.activate
def test_csv_in_another_layout_is_a_clear_error():
    _register(responses, "<html><body>Access denied</body></html>")
    with pytest.raises(SourceError, match="HTML page"):
        _old_only().fetch(make_ctx())


@responses.activate
def test_csv_without_potash_fails_rather_than_erasing_the_source():
    _register(responses, usgs_world_csv(commodity="Lithium"))
    with pytest.raises(SourceError, match="no mine production rows for Potash"):
        _old_only().fetch(make_ctx())


def _old_only() -> UsgsSource:
    """The adapter with only the MCS 2025 edition configured (the wide layout's own tests)."""
    return UsgsSource(config={**CONFIG, "editions": [OLD]})


@responses.activate
def test_a_csv_in_neither_layout_is_a_clear_error():
    _register(responses, long_csv=b"Country;Year;Amount\r\nBelarus;2024;1\r\n")
    with pytest.raises(SourceError, match="is neither MCS layout.*Statistics_detail"):
        UsgsSource().fetch(make_ctx())


@responses.activate
def test_a_utf8_file_with_a_byte_order_mark_is_read():
    _register(responses, usgs_world_csv().encode("utf-8"))  # starts with "\ufeff"
    batch = _old_only().fetch(make_ctx())
    snapshot = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    assert {(o.economy, o.year): o.value for o in batch.observations} == {
        (o.economy, o.year): o.value for o in snapshot}
