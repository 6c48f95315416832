"""FAOSTAT RFN adapter: replayed bulk catalogue + zip, network blocked; faults as for WDI."""

from __future__ import annotations

import pytest
import requests
import responses

from indicators.sources.base import SourceError
from indicators.sources.faostat import FaostatSource
from indicators.sources.sourcekit import load_config
from tests.replay_other import (
    FAOSTAT_HEADER,
    faostat_catalogue,
    faostat_rows,
    faostat_zip,
    make_ctx,
    newest_per_key,
    reference_rows,
)

CONFIG = load_config("faostat")
CATALOGUE = CONFIG["catalogue_url"]
ZIP_URL = (
    "https://bulks-faostat.fao.org/production/"
    "Inputs_FertilizersNutrient_E_All_Data_(Normalized).zip"
)
DATE_UPDATE = "2025-12-18T00:00:00"


def _register(rsps, zip_body: bytes | None = None, *, catalogue: dict | None = None):
    rsps.get(CATALOGUE, json=catalogue or faostat_catalogue(ZIP_URL, DATE_UPDATE))
    rsps.get(ZIP_URL, body=zip_body if zip_body is not None else faostat_zip(faostat_rows(CONFIG)),
             content_type="application/zip")


def _expected() -> dict[tuple, float]:
    """Snapshot potash rows for the configured elements and areas, keyed like the adapter's."""
    by_measure = {e["series"].split(".", 1)[1]: e for e in CONFIG["elements"].values()}
    out = {}
    for o in newest_per_key(reference_rows("potash_faostat_rfn_k2o.")):
        measure = o.series.split(".", 1)[1]
        if measure in by_measure and o.economy in CONFIG["areas"]:
            e = by_measure[measure]
            out[(e["series"], o.economy, e["counterpart"], o.year)] = o.value
    return out


@responses.activate
def test_fetch_reads_every_configured_row_with_provenance():
    _register(responses)
    batch = FaostatSource().fetch(make_ctx())

    got = {(o.series, o.economy, o.counterpart, o.year): o.value for o in batch.observations}
    assert got == _expected()
    assert {o.economy for o in batch.observations} >= {"BLR", "WLD"}
    assert {o.series for o in batch.observations} == {
        "rfn_k2o.production", "rfn_k2o.export_quantity", "rfn_k2o.import_quantity"}
    o = batch.observations[0]
    assert o.source == "faostat" and o.unit == "t K2O"
    assert o.publisher_updated == "2025-12-18"
    assert o.retrieved_at == "2026-11-20T09:30:00Z"
    assert o.origin == ZIP_URL
    assert o.note == "FAOSTAT flag A: Official figure"
    assert [f.url for f in batch.fetches] == [CATALOGUE, ZIP_URL]
    assert all(f.licence.startswith("CC BY 4.0") for f in batch.fetches)
    assert batch.publisher_updated == "2025-12-18"
    assert {s.series for s in batch.series} == {o.series for o in batch.observations}
    assert batch.rejected == []


@responses.activate
def test_other_items_elements_and_areas_are_left_out():
    rows = faostat_rows(CONFIG)
    blr = next(r for r in rows if r["Area Code (M49)"] == "'112")
    extra = [
        dict(blr, **{"Area Code": "2", "Area Code (M49)": "'004", "Area": "Afghanistan"}),
        dict(blr, **{"Item Code": "3102", "Item": "Nutrient nitrogen N (total)"}),
        dict(blr, **{"Element Code": "5157", "Element": "Agricultural Use"}),
    ]
    _register(responses, faostat_zip(rows + extra))
    batch = FaostatSource().fetch(make_ctx())
    assert len(batch.observations) == len(rows)
    assert batch.rejected == []


@responses.activate
def test_missing_value_is_reported_with_its_flag_never_dropped_silently():
    rows = faostat_rows(CONFIG)
    rows[0] = dict(rows[0], Value="", Flag="I")
    _register(responses, faostat_zip(rows))
    batch = FaostatSource().fetch(make_ctx())
    assert len(batch.observations) == len(rows) - 1
    assert len(batch.rejected) == 1
    assert "no value" in batch.rejected[0] and "flag I (Imputed value)" in batch.rejected[0]


@responses.activate
def test_fao_area_code_is_used_when_the_m49_column_is_absent():
    header = [h for h in FAOSTAT_HEADER if h != "Area Code (M49)"]
    _register(responses, faostat_zip(faostat_rows(CONFIG), header=header))
    batch = FaostatSource().fetch(make_ctx())
    assert {(o.series, o.economy, o.counterpart, o.year): o.value
            for o in batch.observations} == _expected()


# -- faults ---------------------------------------------------------------------------------------

@responses.activate
def test_timeout_becomes_a_source_error_naming_the_url():
    responses.get(CATALOGUE, body=requests.ReadTimeout("read timed out"))
    with pytest.raises(SourceError, match=r"datasets_E\.json.*timed out"):
        FaostatSource().fetch(make_ctx())
    assert len(responses.calls) == 2  # retried once, then gave up


@responses.activate
def test_server_error_on_the_zip_is_retried_then_reported():
    responses.get(CATALOGUE, json=faostat_catalogue(ZIP_URL, DATE_UPDATE))
    responses.get(ZIP_URL, status=503)
    with pytest.raises(SourceError, match=r"Normalized\)\.zip.*HTTP 503"):
        FaostatSource().fetch(make_ctx())


@responses.activate
def test_not_found_is_reported_without_retrying():
    responses.get(CATALOGUE, status=404)
    with pytest.raises(SourceError, match="HTTP 404"):
        FaostatSource().fetch(make_ctx())
    assert len(responses.calls) == 1


@responses.activate
def test_html_instead_of_the_catalogue_is_a_clear_error():
    responses.get(CATALOGUE, body="<html><body>Maintenance</body></html>",
                  content_type="text/html")
    with pytest.raises(SourceError, match="returned an HTML page"):
        FaostatSource().fetch(make_ctx())


@responses.activate
def test_catalogue_without_the_domain_is_a_clear_error():
    cat = faostat_catalogue(ZIP_URL, DATE_UPDATE, domain="RFB")
    _register(responses, catalogue=cat)
    with pytest.raises(SourceError, match="does not list domain RFN"):
        FaostatSource().fetch(make_ctx())


@responses.activate
def test_garbage_instead_of_the_zip_is_a_clear_error():
    _register(responses, b"PK\x03\x04 truncated download")
    with pytest.raises(SourceError, match="is not a zip archive"):
        FaostatSource().fetch(make_ctx())


@responses.activate
def test_a_zip_with_another_layout_is_a_clear_error():
    _register(responses, faostat_zip([], header=["Country", "Year", "Amount"]))
    with pytest.raises(SourceError, match="not FAOSTAT's normalized layout"):
        FaostatSource().fetch(make_ctx())


@responses.activate
def test_a_file_with_none_of_our_rows_fails_rather_than_erasing_the_source():
    _register(responses, faostat_zip([]))
    with pytest.raises(SourceError, match="holds no rows for item 3104"):
        FaostatSource().fetch(make_ctx())



# -- element codes and names (only 5510 is a confirmed code) --------------------------------------

@responses.activate
def test_an_element_with_another_code_is_matched_by_its_published_name():
    rows = [dict(r, **{"Element Code": "5911"}) if r["Element"] == "Export quantity" else r
            for r in faostat_rows(CONFIG)]
    _register(responses, faostat_zip(rows))
    batch = FaostatSource().fetch(make_ctx())
    got = {(o.series, o.economy, o.counterpart, o.year): o.value for o in batch.observations}
    assert got == _expected()
    exports = [o for o in batch.observations if o.series == "rfn_k2o.export_quantity"]
    assert exports and all("element 5911 'Export quantity', matched by name (configured code "
                           "5910)" in o.note for o in exports)


@responses.activate
def test_a_configured_element_with_no_rows_is_an_error_naming_what_the_file_has():
    rows = [dict(r, **{"Element Code": "5922", "Element": "Import Quantity (nutrients)"})
            if r["Element"] == "Import quantity" else r for r in faostat_rows(CONFIG)]
    _register(responses, faostat_zip(rows))
    with pytest.raises(SourceError) as err:
        FaostatSource().fetch(make_ctx())
    message = str(err.value)
    assert "no rows for configured element 5610 (Import quantity) of item 3104" in message
    assert "5922 'Import Quantity (nutrients)'" in message and "faostat.toml" in message


@responses.activate
def test_the_data_csv_is_chosen_by_name_among_other_csv_files():
    extra = ("Inputs_FertilizersNutrient_E_Units.csv", "README_Inputs_FertilizersNutrient.csv")
    _register(responses, faostat_zip(faostat_rows(CONFIG), extra_members=extra))
    batch = FaostatSource().fetch(make_ctx())
    assert {(o.series, o.economy, o.counterpart, o.year): o.value
            for o in batch.observations} == _expected()


@responses.activate
def test_a_zip_without_the_normalized_data_file_names_its_members():
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("Inputs_FertilizersNutrient_E_Flags.csv", "Flag,Description\r\n")
    _register(responses, out.getvalue())
    with pytest.raises(SourceError, match=r"expected one \*_All_Data_\(Normalized\)\.csv.*"
                                          r"Inputs_FertilizersNutrient_E_Flags\.csv"):
        FaostatSource().fetch(make_ctx())


@responses.activate
def test_a_windows_1252_data_file_is_read():
    _register(responses, faostat_zip(faostat_rows(CONFIG), encoding="cp1252"))
    batch = FaostatSource().fetch(make_ctx())
    assert {(o.series, o.economy, o.counterpart, o.year): o.value
            for o in batch.observations} == _expected()


@responses.activate
def test_html_error_page_with_http_200_instead_of_the_zip_is_a_clear_error():
    responses.get(CATALOGUE, json=faostat_catalogue(ZIP_URL, DATE_UPDATE))
    responses.get(ZIP_URL, body="<!DOCTYPE html><html><title>503 Service Unavailable</title>",
                  status=200, content_type="text/html; charset=utf-8")
    with pytest.raises(SourceError, match=r"HTML page \(HTTP 200\).*503 Service Unavailable"):
        FaostatSource().fetch(make_ctx())
