"""USGS MCS adapter: replayed ScienceBase item JSON + world-data CSV, network blocked."""

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
    usgs_world_csv,
)

CONFIG = load_config("usgs")
ITEM_URL = CONFIG["item_url"].format(item_id=CONFIG["item_id"])
CSV_URL = (
    f"https://www.sciencebase.gov/catalog/file/get/{CONFIG['item_id']}"
    f"?f=__disk__ab%2Fcd%2Fef&name={CONFIG['file_name']}"
)
RELEASE = "2025-01-31"


def _register(rsps, csv_text: str | None = None, *, files=None):
    files = files if files is not None else [
        ("MCS2025_Commodities_Data.csv", CSV_URL.replace("World", "Commodities")),
        (CONFIG["file_name"], CSV_URL),
    ]
    rsps.get(ITEM_URL, json=usgs_item(CONFIG["item_id"], files, RELEASE))
    rsps.get(CSV_URL, body=(csv_text or usgs_world_csv()).encode("utf-8"),
             content_type="text/csv")


@responses.activate
def test_fetch_reads_mine_production_by_country_with_provenance():
    _register(responses)
    batch = UsgsSource().fetch(make_ctx())

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
    batch = UsgsSource().fetch(make_ctx())
    assert len(batch.observations) == len(rows)
    assert len(batch.rejected) == 2
    assert any("'Atlantis'" in r for r in batch.rejected)
    assert any("Ukraine" in r and "'W', not a number" in r for r in batch.rejected)


@responses.activate
def test_the_csv_is_found_by_pattern_when_the_file_name_changes():
    files = [("MCS2026_World_Data.csv", CSV_URL)]
    _register(responses, files=files)
    assert UsgsSource().fetch(make_ctx()).observations


# -- faults ---------------------------------------------------------------------------------------

@responses.activate
def test_timeout_on_the_item_is_a_source_error():
    responses.get(ITEM_URL, body=requests.ConnectTimeout("connect timed out"))
    with pytest.raises(SourceError, match=r"sciencebase\.gov.*timed out"):
        UsgsSource().fetch(make_ctx())


@responses.activate
def test_server_error_on_the_csv_is_a_source_error():
    responses.get(ITEM_URL, json=usgs_item(CONFIG["item_id"], [(CONFIG["file_name"], CSV_URL)],
                                           RELEASE))
    responses.get(CSV_URL, status=502)
    with pytest.raises(SourceError, match="HTTP 502"):
        UsgsSource().fetch(make_ctx())
    assert len(responses.calls) == 3  # item once, CSV twice (retried)


@responses.activate
def test_item_without_the_file_names_what_it_has():
    _register(responses, files=[("MCS2025_Commodities_Data.csv", CSV_URL)])
    with pytest.raises(SourceError, match="has no MCS2025_World_Data.csv.*Commodities_Data"):
        UsgsSource().fetch(make_ctx())


@responses.activate
def test_garbage_item_body_is_a_clear_error():
    responses.get(ITEM_URL, body="<!DOCTYPE html><title>ScienceBase is down</title>")
    with pytest.raises(SourceError, match="did not return JSON"):
        UsgsSource().fetch(make_ctx())


@responses.activate
def test_json_that_is_not_an_item_is_a_clear_error():
    responses.get(ITEM_URL, json={"error": "Item not found"})
    with pytest.raises(SourceError, match="not a ScienceBase item"):
        UsgsSource().fetch(make_ctx())


@responses.activate
def test_csv_in_another_layout_is_a_clear_error():
    _register(responses, "<html><body>Access denied</body></html>")
    with pytest.raises(SourceError, match="not the MCS world-data layout"):
        UsgsSource().fetch(make_ctx())


@responses.activate
def test_csv_without_potash_fails_rather_than_erasing_the_source():
    _register(responses, usgs_world_csv(commodity="Lithium"))
    with pytest.raises(SourceError, match="no mine production rows for Potash"):
        UsgsSource().fetch(make_ctx())
