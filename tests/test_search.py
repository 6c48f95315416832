"""`claimcheck series search / show`: ranked WDI series (FTS5, bm25), German terms, store counts."""

from __future__ import annotations

import json
import shutil
import sqlite3

import pytest
from click.testing import CliRunner

from cache.bundle import snapshot_catalogue_series
from cache.store import Store
from indicators.claims.search import query_groups, search_series, series_info
from indicators.cli import cli


def _run(store_path, *args):
    return CliRunner(env={"COLUMNS": "1000"}).invoke(cli, ["--store", str(store_path), *args])


def _codes(store_path, *args) -> list[str]:
    result = _run(store_path, "series", "search", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return [hit["code"] for hit in json.loads(result.output)]


def test_german_remittances_of_gdp_find_the_wdi_share_in_the_top_three(store_path):
    assert "BX.TRF.PWKR.DT.GD.ZS" in _codes(store_path, "Überweisungen BIP", "--lang", "de")[:3]


def test_external_debt_gni_finds_the_external_debt_share_first(store_path):
    assert _codes(store_path, "external debt GNI")[0] == "DT.DOD.DECT.GN.ZS"


@pytest.mark.parametrize(("words", "expected"), [
    ("Direktinvestitionen BIP", "BX.KLT.DINV.WD.GD.ZS"),
    ("Arbeitslosigkeit", "SL.UEM.TOTL.ZS"),
    ("Inflation Verbraucherpreise", "FP.CPI.TOTL.ZG"),
    ("Exporte BIP", "NE.EXP.GNFS.ZS"),
    ("Einfuhren BIP", "NE.IMP.GNFS.ZS"),
    ("Energieimporte", "EG.IMP.CONS.ZS"),
    ("BIP Wachstum", "NY.GDP.MKTP.KD.ZG"),
])
def test_german_economic_terms_find_the_series_their_english_names_use(store_path, words,
                                                                       expected):
    assert expected in _codes(store_path, words, "--lang", "de", "--limit", "5")


def test_each_hit_counts_the_values_the_store_holds_for_the_economy(store_path):
    with Store.open(store_path, read_only=True) as store:
        hits = search_series(store, "inflation consumer prices", economy="MDA", limit=3)
        cpi = next(h for h in hits if h.code == "FP.CPI.TOTL.ZG")
        held = store.observations(series="FP.CPI.TOTL.ZG", economy="MDA")
    assert cpi.values == len(held) > 0
    assert cpi.licence == "CC BY-4.0" and cpi.licence_note == ""
    assert all(h.values is not None for h in hits)


def test_the_table_names_code_unit_licence_and_the_economys_values(store_path):
    result = _run(store_path, "series", "search", "energy", "use", "oil", "--economy",
                  "Weißrussland", "--lang", "de", "--limit", "3")
    assert result.exit_code == 0, result.output
    assert "EG.USE.PCAP.KG.OE" in result.output and "values for BLR" in result.output
    assert "IEA terms (not CC BY)" in result.output


def test_an_unknown_economy_is_refused(store_path):
    result = _run(store_path, "series", "search", "gdp", "--economy", "Atlantis")
    assert result.exit_code == 2 and "'Atlantis' is not a World Bank economy" in result.output


def test_user_words_cannot_inject_fts_syntax(store_path):
    for words in ('"unbalanced', "NEAR(gdp", "gdp*", "AND OR NOT", "-", "^"):
        result = _run(store_path, "series", "search", words, "--format", "json")
        assert result.exit_code == 0, (words, result.output)
        json.loads(result.output)
    assert query_groups("Überweisungen und BIP", "de") == [["remittances"], ["gdp"]]


def test_series_show_prints_the_full_metadata_and_what_the_store_holds(store_path):
    entry = snapshot_catalogue_series()["EG.IMP.CONS.ZS"]
    result = _run(store_path, "series", "show", "EG.IMP.CONS.ZS")
    assert result.exit_code == 0, result.output
    for text in (entry.name, entry.topic, entry.periodicity, entry.aggregation, entry.licence,
                 "IEA terms (not CC BY)", entry.long_definition[:60], "In the store: worldbank"):
        assert text in result.output
    with Store.open(store_path, read_only=True) as store:
        holdings = series_info(store, "EG.IMP.CONS.ZS").holdings
    assert f"{holdings[0]['current_rows']:,} current values" in result.output


def test_series_show_of_a_series_with_no_values_and_of_a_typo(store_path):
    result = _run(store_path, "series", "show", "BX.TRF.PWKR.DT.GD.ZS")
    assert result.exit_code == 0 and "no values yet" in result.output
    typo = _run(store_path, "series", "show", "NE.EXP.GNFX.ZS")
    assert typo.exit_code == 2 and "did you mean `NE.EXP.GNFS.ZS`" in typo.output


def test_a_store_without_the_catalogue_is_searched_in_the_bundled_one(store_path, tmp_path):
    """An older store opened read-only has no catalogue tables: same answers, from memory."""
    old = tmp_path / "old.sqlite"
    shutil.copyfile(store_path, old)
    con = sqlite3.connect(old)
    con.executescript("DELETE FROM catalogue_series; DELETE FROM catalogue_economies;")
    con.close()
    with Store.open(old, read_only=True) as store:
        assert not store.has_catalogue()
        codes = [h.code for h in search_series(store, "external debt GNI", limit=3)]
    assert codes[0] == "DT.DOD.DECT.GN.ZS"
