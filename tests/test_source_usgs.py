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


def _snapshot() -> dict[tuple[str, int], float]:
    rows = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    return {(o.economy, o.year): o.value for o in rows}


@responses.activate
def test_the_2026_file_with_its_real_header_is_read_by_column_name():
    # The real 12-column header (MCS chapter … Other notes), cp1252, "2025_estimated" years,
    # quoted thousands, a Salient-section row for the United States that is not the world table.
    _register(responses)
    batch = UsgsSource().fetch(make_ctx())
    new = [o for o in batch.observations if o.publisher_updated == NEW_RELEASE]
    assert {(o.economy, o.year): o.value for o in new} == _snapshot()
    assert {o.origin for o in new} == {NEW_CSV}
    assert {o.dataset for o in new} == {f"{CONFIG['dataset']} (MCS 2026)"}
    assert batch.rejected == [] and batch.keep_datasets == []
    assert "MCS2026_Commodities_Data.csv (MCS 2026, doi:10.5066/P1WKQ63T; read as cp1252)" in [
        f.note for f in batch.fetches]


@responses.activate
def test_an_estimated_year_keeps_its_mark():
    _register(responses)
    batch = UsgsSource().fetch(make_ctx())
    new = [o for o in batch.observations if o.publisher_updated == NEW_RELEASE]
    est_year = max(o.year for o in new)
    for o in new:
        marked = f"USGS estimate (MCS 2026; year published as '{o.year}_estimated')" in o.note
        assert marked == (o.year == est_year), o
    assert all(o.period == "" for o in new)  # the year stays one key: a later actual replaces it


@responses.activate
def test_columns_are_found_by_name_whatever_their_order_and_extra_ones_are_ignored():
    from tests.replay_other import USGS_LONG_HEADER

    shuffled = [*reversed(USGS_LONG_HEADER), "Footnote added in 2027"]
    _register(responses, long_csv=usgs_long_csv(header=shuffled, line_end="\n"))
    batch = UsgsSource().fetch(make_ctx())
    new = [o for o in batch.observations if o.publisher_updated == NEW_RELEASE]
    assert {(o.economy, o.year): o.value for o in new} == _snapshot()


@responses.activate
def test_a_missing_column_is_named_and_only_that_edition_is_lost():
    from tests.replay_other import USGS_LONG_HEADER

    header = [h for h in USGS_LONG_HEADER if h != "Value"]
    _register(responses, long_csv=usgs_long_csv(header=header))
    batch = UsgsSource().fetch(make_ctx())
    assert batch.rejected[0].startswith("usgs MCS 2026 not read: usgs: MCS2026_Commodities_"
                                        "Data.csv (MCS 2026 long layout) lacks the column "
                                        "'Value'")
    assert batch.keep_datasets == [f"{CONFIG['dataset']} (MCS 2026)"]
    # the 2025 edition's rows are all there
    assert {(o.economy, o.year): o.value for o in batch.observations} == _snapshot()
    assert {o.publisher_updated for o in batch.observations} == {RELEASE}


@responses.activate
def test_both_editions_are_stored_and_the_newest_release_is_current(tmp_path):
    from cache.store import Store
    from indicators.refresh import refresh_sources

    _register(responses)
    with Store.open(tmp_path / "s.sqlite") as store:
        [outcome] = refresh_sources(store, [UsgsSource()], make_ctx())
        assert outcome.ok, outcome.error
        current = store.observations(source="usgs")
        every = store.observations(source="usgs", current_only=False)
    assert {(o.economy, o.year): o.value for o in current} == _snapshot()
    assert {o.publisher_updated for o in current} == {NEW_RELEASE}
    assert {o.publisher_updated for o in every} == {NEW_RELEASE, RELEASE}


@responses.activate
def test_an_edition_that_fails_is_reported_and_its_stored_rows_are_kept(tmp_path):
    from cache.store import Store
    from indicators.refresh import refresh_sources

    _register(responses)
    with Store.open(tmp_path / "s.sqlite") as store:
        [first] = refresh_sources(store, [UsgsSource()], make_ctx())
        before = store.observations(source="usgs", current_only=False)
        responses.replace(responses.GET, NEW_CSV, status=502)
        [second] = refresh_sources(store, [UsgsSource()], make_ctx())
        after = store.observations(source="usgs", current_only=False)
        current = store.observations(source="usgs")
    assert first.ok and second.ok, (first.error, second.error)
    assert second.rejected[0].startswith("usgs MCS 2026 not read: ") and "HTTP 502" in (
        second.rejected[0])
    assert "rows from an earlier refresh are kept" in second.rejected[0]
    # MCS 2026's rows (from the first refresh) are still stored and still current
    new_before = {(o.economy, o.year, o.value, o.refresh_id) for o in before
                  if o.publisher_updated == NEW_RELEASE}
    assert new_before == {(o.economy, o.year, o.value, o.refresh_id) for o in after
                          if o.publisher_updated == NEW_RELEASE}
    assert {o.publisher_updated for o in current} == {NEW_RELEASE}
    # MCS 2025's rows were replaced by the second refresh's
    assert {o.refresh_id for o in after if o.publisher_updated == RELEASE} == {
        second.refresh_id}


@responses.activate
def test_a_cp1252_country_name_is_decoded_not_mangled():
    from tests.replay_other import usgs_long_row

    year = min(o.year for o in reference_rows("potash_usgs_mcs2026_world.mine_production"))
    extra = [usgs_long_row("C\u00f4te d'Ivoire", str(year), "W")]
    _register(responses, long_csv=usgs_long_csv(extra_rows=extra))
    batch = UsgsSource().fetch(make_ctx())
    assert any("C\u00f4te d'Ivoire" in r for r in batch.rejected)
    assert not any("\ufffd" in r for r in batch.rejected)


@responses.activate
def test_a_2026_file_without_potash_fails_rather_than_erasing_the_source():
    _register(responses, long_csv=usgs_long_csv(commodity="Lithium"))
    with pytest.raises(SourceError, match="MCS2026_Commodities_Data.csv has no mine production"):
        _new_only().fetch(make_ctx())
    batch = UsgsSource().fetch(make_ctx())  # with both editions: reported, 2025's rows read
    assert "has no mine production rows for Potash" in batch.rejected[0]


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
    assert o.dataset == f"{CONFIG['dataset']} (MCS 2025)"
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
    assert any("Ukraine" in r and "'W' is not a number" in r for r in batch.rejected)


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


def _new_only() -> UsgsSource:
    return UsgsSource(config={**CONFIG, "editions": [NEW]})


@responses.activate
def test_a_csv_in_neither_layout_is_a_clear_error():
    _register(responses, long_csv=b"Country;Year;Amount\r\nBelarus;2024;1\r\n")
    with pytest.raises(SourceError, match="is neither MCS layout.*Statistics_detail"):
        _new_only().fetch(make_ctx())


@responses.activate
def test_when_every_edition_fails_the_source_fails_naming_each():
    _register(responses, "SOURCE,COUNTRY\r\nMCS2025,Belarus\r\n",
              long_csv=b"Country;Year;Amount\r\n")
    with pytest.raises(SourceError, match=r"MCS 2026: .*neither MCS layout.*; MCS 2025: .*"
                                          r"lacks the columns 'COMMODITY', 'TYPE', 'UNIT_MEAS'"):
        UsgsSource().fetch(make_ctx())


@responses.activate
def test_a_utf8_file_with_a_byte_order_mark_is_read():
    _register(responses, usgs_world_csv(bom=True).encode("utf-8"))
    batch = _old_only().fetch(make_ctx())
    snapshot = newest_per_key(reference_rows("potash_usgs_mcs2026_world.mine_production"))
    assert {(o.economy, o.year): o.value for o in batch.observations} == {
        (o.economy, o.year): o.value for o in snapshot}
