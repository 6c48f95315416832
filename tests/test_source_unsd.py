"""UNSD yearbook energy adapter: replayed SYB CSV (title row first), network blocked."""

from __future__ import annotations

import pytest
import requests
import responses

from cache.bundle import snapshot_series
from indicators.sources.base import SourceError
from indicators.sources.sourcekit import load_config
from indicators.sources.unsd import UnsdEnergySource
from tests.replay_other import make_ctx, newest_per_key, reference_rows, syb_energy_csv

CONFIG = load_config("unsd")
NEWEST, OLDER = CONFIG["urls"][0], CONFIG["urls"][1]


def _expected() -> dict[tuple, float]:
    names = {s.series: s.name for s in snapshot_series() if s.source == "reference"}
    return {(CONFIG["series"][names[o.series]], o.year): o.value
            for o in newest_per_key(reference_rows("energy_unsd_syb67_belarus."))}


@responses.activate
def test_fetch_reads_belarus_energy_balance_with_the_edition_as_version():
    responses.get(NEWEST, body=syb_energy_csv().encode("utf-8"), content_type="text/csv")
    batch = UnsdEnergySource().fetch(make_ctx())
    got = {(o.series, o.year): o.value for o in batch.observations}
    assert got == _expected()
    assert {o.economy for o in batch.observations} == {"BLR"}
    o = next(o for o in batch.observations if o.series == "energy.net_imports_pj")
    assert o.unit == "petajoules" and o.publisher_updated == "2025-11 (SYB68)"
    assert "Energy Statistics Yearbook 2021" in o.note and o.origin == NEWEST
    assert batch.fetches[0].url == NEWEST and batch.fetches[0].licence.startswith("UN data")
    assert len(batch.series) == 5 and batch.rejected == []


@responses.activate
def test_the_real_bytes_a_byte_order_mark_and_lf_line_ends_are_read():
    body = syb_energy_csv().encode("utf-8")
    assert body.startswith(b"\xef\xbb\xbfT23,") and b"\r" not in body
    responses.get(NEWEST, body=body, content_type="text/csv")
    batch = UnsdEnergySource().fetch(make_ctx())
    assert {(o.series, o.year): o.value for o in batch.observations} == _expected()


@responses.activate
def test_columns_are_found_by_name_and_extra_ones_ignored():
    header = ["Region/Country/Area", "", "Series", "Year", "Source", "Value", "Footnotes",
              "Value footnote (new)"]
    responses.get(NEWEST, body=syb_energy_csv(header=header).encode("utf-8"))
    batch = UnsdEnergySource().fetch(make_ctx())
    assert {(o.series, o.year): o.value for o in batch.observations} == _expected()
    assert all("Energy Statistics Yearbook 2021" in o.note for o in batch.observations)


@responses.activate
def test_a_missing_column_is_named():
    header = ["Region/Country/Area", "", "Year", "Series", "Amount", "Footnotes", "Source"]
    responses.get(NEWEST, body=syb_energy_csv(header=header).encode("utf-8"))
    with pytest.raises(SourceError, match="lacks the column 'Value'"):
        UnsdEnergySource().fetch(make_ctx())


@responses.activate
def test_a_missing_edition_falls_back_to_the_previous_one_and_says_so():
    responses.get(NEWEST, status=404)
    # An older edition in Latin-1 (no byte-order mark): the adapter decodes either.
    responses.get(OLDER, body=syb_energy_csv().removeprefix("\ufeff").encode("latin-1"),
                  content_type="text/csv")
    batch = UnsdEnergySource().fetch(make_ctx())
    assert {o.publisher_updated for o in batch.observations} == {"2024-11 (SYB67)"}
    assert "not found first: SYB68" in batch.fetches[0].note


@responses.activate
def test_no_edition_found_is_a_clear_error():
    for url in CONFIG["urls"]:
        responses.get(url, status=404)
    with pytest.raises(SourceError, match="none of the configured yearbook files exists"):
        UnsdEnergySource().fetch(make_ctx())


@responses.activate
def test_timeout_is_a_source_error():
    responses.get(NEWEST, body=requests.ReadTimeout("timed out"))
    with pytest.raises(SourceError, match="timed out"):
        UnsdEnergySource().fetch(make_ctx())


@responses.activate
def test_server_error_is_not_mistaken_for_a_missing_edition():
    responses.get(NEWEST, status=500)
    with pytest.raises(SourceError, match="HTTP 500"):
        UnsdEnergySource().fetch(make_ctx())
    assert all(c.request.url == NEWEST for c in responses.calls)


@responses.activate
def test_html_page_served_with_http_200_is_a_clear_error():
    responses.get(NEWEST, body="<html><body>UNdata is being updated</body></html>")
    with pytest.raises(SourceError, match=r"HTML page \(HTTP 200\) instead of the yearbook CSV"):
        UnsdEnergySource().fetch(make_ctx())


@responses.activate
def test_garbage_body_is_a_clear_error():
    responses.get(NEWEST, body="Region,Year\r\nBelarus,2020\r\n", content_type="text/csv")
    with pytest.raises(SourceError, match="not a UN Statistical Yearbook table"):
        UnsdEnergySource().fetch(make_ctx())


@responses.activate
def test_a_table_without_belarus_fails_rather_than_erasing_the_source():
    text = "\n".join(line for line in syb_energy_csv().splitlines() if ",Belarus," not in line)
    responses.get(NEWEST, body=text.encode("utf-8"))
    with pytest.raises(SourceError, match="no rows for the configured areas"):
        UnsdEnergySource().fetch(make_ctx())
