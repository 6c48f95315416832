"""WDI values for every economy in the bundled snapshot, and two claims files that use them.

Expected values come from the snapshot's own rows (newest vintage), never typed here; the
verdicts are checked against the claim's interval computed from those values.
"""

from __future__ import annotations

import functools
import hashlib
import json

import pytest
from click.testing import CliRunner
from conftest import REFERENCE_DIR

from cache.bundle import read_manifest, read_snapshot_rows
from cache.store import Store
from indicators.claims.load import CLAIMFILES_DIR, load_claims
from indicators.claims.model import Measure, SeriesRef
from indicators.cli import cli
from indicators.judge.measuring import measure_series
from indicators.models import vintage_sort_date


@functools.cache
def _newest() -> dict[tuple[str, str, int], tuple[str, float]]:
    """(series, economy, year) → (vintage, value) of the newest World Bank vintage bundled."""
    best: dict[tuple[str, str, int], tuple[str, float]] = {}
    for row in read_snapshot_rows():
        if row["source"] == "worldbank" and row["economy"] in ("MDA", "GEO"):
            key = (row["series"], row["economy"], int(row["year"]))
            vintage = vintage_sort_date(row["publisher_updated"]) or ""
            if key not in best or vintage > best[key][0]:
                best[key] = (vintage, float(row["value"]))
    return best


def _current(series: str, economy: str) -> dict[int, float]:
    """year → the newest vintage's value of a World Bank series in the snapshot."""
    return {y: v for (s, e, y), (_, v) in _newest().items() if (s, e) == (series, economy)}


def _check(store_path, name: str) -> dict:
    result = CliRunner().invoke(cli, ["--store", str(store_path), "check", "--claims",
                                      str(CLAIMFILES_DIR / name), "--format", "json"])
    assert result.exit_code == 0, result.output
    return {c["claim"]["id"]: c for c in json.loads(result.output)["claims"]}


def test_every_economy_is_bundled_and_older_vintages_stay_beside_the_newer():
    economies = {r["economy"] for r in read_snapshot_rows()
                 if r["source"] == "worldbank" and r["series"] == "NY.GDP.MKTP.KD.ZG"}
    assert len(economies) > 150 and {"MDA", "GEO", "WLD", "EUU"} <= economies
    vintages = {r["publisher_updated"] for r in read_snapshot_rows()
                if r["series"] == "BX.KLT.DINV.CD.WD" and r["economy"] == "BLR"}
    assert len(vintages) >= 3


def test_a_spanish_file_is_shown_with_english_names_and_units(store_path):
    """NE.EXP.GNFS.ZS for most economies comes only from the Spanish download."""
    ref = SeriesRef(source="worldbank", series="NE.EXP.GNFS.ZS", economy="MDA")
    with Store.open(store_path, read_only=True) as store:
        points = measure_series(store, Measure(kind="series", alternatives=((ref,),)))
    assert points and {p.unit for p in points} == {"% of GDP"}
    assert {p.unit_original for p in points} == {"% del PIB"}
    assert {p.series_name for p in points} == {"Exports of goods and services (% of GDP)"}


def test_the_two_iea_series_say_so(store_path):
    with Store.open(store_path, read_only=True) as store:
        from indicators.claims.search import series_info

        for code in ("EG.IMP.CONS.ZS", "EG.USE.PCAP.KG.OE"):
            assert series_info(store, code).licence_note == "IEA terms (not CC BY)"


def test_moldova_2023_is_judged_offline_on_the_bundled_snapshot(store_path):
    claims = {c.id: c for c in load_claims(CLAIMFILES_DIR / "moldova_2024.toml").claims}
    result = _check(store_path, "moldova_2024.toml")
    for claim_id, series in (("inflation-2023", "FP.CPI.TOTL.ZG"),
                             ("growth-2023", "NY.GDP.MKTP.KD.ZG")):
        claim, value = claims[claim_id], _current(series, "MDA")[2023]
        observed = result[claim_id]["readings"][0]["at_claim_year"]
        assert observed["year"] == 2023 and observed["value"] == pytest.approx(value)
        assert claim.value - claim.precision <= value <= claim.value + claim.precision
        assert result[claim_id]["verdict"] == "consistent"
    # remittances: the WDI share is not bundled (no data, with the refresh that fills it); the
    # share computed from the two bundled levels decides, within the wider band only
    claim = claims["remittances-share"]
    share = _current("BX.TRF.PWKR.CD.DT", "MDA")[2023] / _current("NY.GDP.MKTP.CD", "MDA")[2023]
    share *= 100
    readings = {r["reading_id"]: r for r in result["remittances-share"]["readings"]}
    assert readings["remittances-share-wdi"]["verdict"] == "no data"
    assert "claimcheck refresh --source worldbank" in readings[
        "remittances-share-wdi"]["no_data_reason"]
    assert readings["remittances-over-gdp"]["at_claim_year"]["value"] == pytest.approx(share)
    wider = claim.precision + claim.approx_relative * claim.value
    assert abs(share - claim.value) > claim.precision and abs(share - claim.value) <= wider
    assert result["remittances-share"]["verdict"] == "approximately"


def test_georgia_2024_level_share_and_an_outdated_debt_claim(store_path):
    claims = {c.id: c for c in load_claims(CLAIMFILES_DIR / "georgia_2025.toml").claims}
    result = _check(store_path, "georgia_2025.toml")
    gdp_pc = _current("NY.GDP.PCAP.CD", "GEO")[2024]
    assert gdp_pc > claims["gdp-per-capita"].value
    assert result["gdp-per-capita"]["verdict"] == "consistent"
    unemployment = _current("SL.UEM.TOTL.ZS", "GEO")[2024]
    assert abs(unemployment - claims["unemployment"].value) <= claims["unemployment"].precision
    assert result["unemployment"]["verdict"] == "consistent"
    debt = _current("GC.DOD.TOTL.GD.ZS", "GEO")
    assert debt[2024] < 50 and any(v > 50 for y, v in debt.items() if 2014 <= y < 2024)
    assert result["public-debt"]["verdict"].startswith("outdated")


@pytest.mark.reference
@pytest.mark.skipif(not REFERENCE_DIR.exists(),
                    reason=f"{REFERENCE_DIR} is not here (a user's clone); CI has it")
def test_every_reference_csv_is_an_input_with_its_hash_and_every_row_accounted_for():
    manifest = read_manifest()
    inputs = {i["path"]: i for i in manifest["inputs"]}
    files = {str(p.relative_to(REFERENCE_DIR)): p for p in REFERENCE_DIR.rglob("*.csv")}
    assert set(inputs) == set(files)
    for path, p in files.items():
        assert inputs[path]["sha256"] == hashlib.sha256(p.read_bytes()).hexdigest()
    values = inputs["worldbank/all_economies/observations.csv"]
    with files["worldbank/all_economies/observations.csv"].open(encoding="utf-8") as fh:
        data_rows = sum(1 for _ in fh) - 1
    assert values["rows"] + values["rejected"] + values["already_imported"] == data_rows
