"""The WDI catalogue: every series and economy valid in a claims file, mistakes refused with the
closest codes, licences that are not CC BY shown, and a missing series answered by a refresh."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from click.testing import CliRunner

from cache.bundle import snapshot_catalogue_series, snapshot_economies
from indicators.claims.load import DEFAULT_CLAIMS_FILE
from indicators.cli import cli

DATA = Path(__file__).parent / "data"


def _run(store_path, *args):
    # a wide terminal: table cells are not wrapped, so their text can be read whole
    return CliRunner(env={"COLUMNS": "1000"}).invoke(cli, ["--store", str(store_path), *args])


def test_the_bundled_catalogue_holds_every_wdi_series_and_economy_with_its_origin():
    series = snapshot_catalogue_series()
    economies = {e.code: e for e in snapshot_economies()}
    assert len(series) == 1496 and len(economies) == 266  # as the World Bank's files list them
    assert all(s.name and s.origin for s in series.values())
    assert all(e.name and e.origin for e in economies.values())
    assert economies["MDA"].iso2 == "MD" and not economies["MDA"].aggregate
    assert economies["WLD"].aggregate and economies["EUU"].aggregate
    assert series["NE.EXP.GNFS.ZS"].name == "Exports of goods and services (% of GDP)"


def test_any_wdi_series_validates_and_check_names_the_refresh_that_fills_it(store_path):
    """BX.TRF.PWKR.DT.GD.ZS for MDA is in no config and not in the snapshot: not an error."""
    result = _run(store_path, "check", "--claims", str(DATA / "moldova_remittances.toml"),
                  "--format", "json")
    assert result.exit_code == 0, result.output
    reading = json.loads(result.output)["claims"][0]["readings"][0]
    assert reading["verdict"] == "no data"
    reason = reading["no_data_reason"]
    claims = DATA / "moldova_remittances.toml"
    assert f"`claimcheck refresh --claims {claims}` fetches" in reason  # any code, no config
    table = _run(store_path, "check", "--claims", str(claims))
    assert table.exit_code == 0
    assert f"claimcheck refresh --claims {claims}" in " ".join(table.output.split())


def test_a_mistyped_series_is_refused_with_the_closest_codes_and_their_names(store_path):
    result = _run(store_path, "check", "--claims", str(DATA / "unknown_series.toml"))
    assert result.exit_code == 2
    name = snapshot_catalogue_series()["NE.EXP.GNFS.ZS"].name
    assert "unknown_series.toml:23" in result.output
    assert f"did you mean `NE.EXP.GNFS.ZS` {name}" in result.output
    assert "claimcheck series search" in result.output


def test_an_economy_written_as_a_name_is_refused_with_its_code(store_path):
    result = _run(store_path, "check", "--claims", str(DATA / "economy_by_name.toml"))
    assert result.exit_code == 2
    assert "economy_by_name.toml:12" in result.output and "'Moldau'" in result.output
    assert "did you mean `MDA` Moldova?" in result.output


def test_an_unknown_economy_code_gets_close_codes(store_path):
    result = _run(store_path, "check", "--claims", str(DATA / "unknown_economy.toml"))
    assert result.exit_code == 2
    assert "unknown economy 'ATL'" in result.output and "did you mean `" in result.output


def test_series_not_under_cc_by_say_so_in_check_json_table_and_exports(store_path, tmp_path):
    iea = {c for c, s in snapshot_catalogue_series().items() if "IEA" in s.licence}
    assert {"EG.IMP.CONS.ZS", "EG.USE.PCAP.KG.OE"} <= iea
    BELARUS = ("--claims", str(DEFAULT_CLAIMS_FILE))  # noqa: N806  (the article with IEA series)
    result = _run(store_path, "check", "--format", "json", *BELARUS)
    assert result.exit_code == 0, result.output
    sources = json.loads(result.output)["sources"]
    licences = {p["series"]: p["licence"] for p in sources}
    assert licences["EG.IMP.CONS.ZS"] == "IEA terms (not CC BY)"
    assert licences["NE.EXP.GNFS.ZS"] == ""  # CC BY: nothing to say
    table = _run(store_path, "check", *BELARUS)
    assert "licence: IEA terms (not CC BY)" in table.output
    out = tmp_path / "claims.csv"
    assert _run(store_path, "export", "--format", "csv", "--output", str(out),
                *BELARUS).exit_code == 0
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    energy = [r for r in rows if r["series"] == "EG.IMP.CONS.ZS"]
    assert energy and all(r["licence"] == "IEA terms (not CC BY)" for r in energy)
    assert all(r["licence"] == "" for r in rows if r["series"] == "NE.EXP.GNFS.ZS")
    md = tmp_path / "claims.md"
    assert _run(store_path, "export", "--format", "md", "--output", str(md),
                *BELARUS).exit_code == 0
    assert "licence: IEA terms (not CC BY)" in md.read_text(encoding="utf-8")
