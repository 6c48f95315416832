"""Hostile numbers (``inf``, ``nan``, ``1e400``, ``-1e999``) are rejected rows with a reason in
every adapter and in the reference import: never a stored value.

Each case puts one such cell into an otherwise real-shaped answer (the replay builders of
tests/replay_other.py and tests/replay_api.py) and checks that the row is rejected saying it is
not a finite number, and that every value kept is finite. A JSON number like 1e400 is read by
Python as infinity, so the JSON sources get the parsed value as well as the text.
"""

from __future__ import annotations

import csv
import io
import json
import math
from dataclasses import replace

import pytest
import responses

from indicators.sources.sourcekit import load_config
from tests.replay_other import (
    faostat_rows,
    faostat_zip,
    make_ctx,
    reference_rows,
    syb_energy_csv,
    usgs_long_csv,
    usgs_long_row,
    usgs_world_csv,
)

HOSTILE = ["inf", "nan", "1e400", "-1e999"]
REASON = "not a finite number"


def _all_finite(observations) -> bool:
    return all(math.isfinite(o.value) for o in observations)


def _rejects(rejected: list[str], cell: str) -> bool:
    return any(REASON in r and repr(cell) in r for r in rejected)


@pytest.mark.parametrize("cell", HOSTILE)
def test_usgs_long_and_wide_layouts(cell):
    from indicators.sources.usgs import parse_mcs_csv

    config = load_config("usgs")
    year = min(o.year for o in reference_rows("potash_usgs_mcs2026_world.mine_production"))
    long_csv = usgs_long_csv(extra_rows=[usgs_long_row("Ukraine", str(year), cell)])
    wide_csv = usgs_world_csv(extra_rows=[{
        "COMMODITY": "Potash", "COUNTRY": "Ukraine", "TYPE": "Mine production",
        "UNIT_MEAS": "thousand metric tons", f"PROD_{year}": cell}])
    for text in (long_csv.decode("cp1252"), wide_csv):
        observations, rejected = parse_mcs_csv(
            text, config, "MCS 2026", origin="https://x/get?name=MCS.csv",
            publisher_updated="2026-02-06", retrieved_at="2026-11-20T09:30:00Z")
        assert observations and _all_finite(observations)
        assert _rejects(rejected, cell), rejected


@pytest.mark.parametrize("cell", HOSTILE)
def test_unsd_yearbook(cell):
    from indicators.sources.unsd import parse_syb_energy

    config = load_config("unsd")
    lines = syb_energy_csv().splitlines()
    belarus = next(i for i, line in enumerate(lines) if ",Belarus," in line)
    fields = next(csv.reader([lines[belarus]]))
    fields[4] = cell  # Value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(fields)
    lines[belarus] = out.getvalue()
    observations, rejected = parse_syb_energy(
        "\n".join(lines), config, origin="https://x/SYB.csv", publisher_updated="2025-11",
        retrieved_at="2026-11-20T09:30:00Z")
    assert observations and _all_finite(observations)
    assert _rejects(rejected, cell), rejected


@pytest.mark.parametrize("cell", HOSTILE)
def test_faostat_bulk_zip(cell):
    from indicators.sources.faostat import parse_rfn_zip

    config = load_config("faostat")
    rows = faostat_rows(config)
    rows[0] = {**rows[0], "Value": cell}
    observations, rejected = parse_rfn_zip(
        faostat_zip(rows), config, origin="https://x/RFN.zip", publisher_updated="2025-12-18",
        retrieved_at="2026-11-20T09:30:00Z")
    assert observations and _all_finite(observations)
    assert _rejects(rejected, cell), rejected


@pytest.mark.parametrize("cell", HOSTILE)
def test_imf_sdmx_csv(cell):
    from indicators.sources.imf import parse_sdmx_csv
    from tests.replay_api import imf_csv

    config = load_config("imf")
    lines = imf_csv("IMTS").splitlines()
    fields = lines[1].split(",")
    fields[8] = cell  # OBS_VALUE
    lines[1] = ",".join(fields)
    rows = parse_sdmx_csv("\r\n".join(lines), "IMTS", config["flows"]["IMTS"], config,
                          origin="https://x/IMTS", retrieved_at="2026-11-20T09:30:00Z")
    assert rows.observations and _all_finite(rows.observations)
    assert _rejects(rows.rejected, cell), rows.rejected


@pytest.mark.parametrize("cell", [*HOSTILE, float("inf"), float("nan"), float("-inf")])
def test_comtrade_json(cell):
    from indicators.sources.comtrade import parse_comtrade
    from tests.replay_api import comtrade_row, comtrade_values

    config = load_config("comtrade")
    items = sorted(comtrade_values().items())
    year = items[0][0][4]
    data = [comtrade_row(*k, v) for k, v in items if k[4] == year]
    data[0]["primaryValue"] = cell
    # through the wire: what json.loads makes of it (1e400 in JSON text is infinity)
    payload = json.loads(json.dumps({"data": data, "error": ""}))
    rows = parse_comtrade(payload, config, origin="https://x/preview", dataset="d",
                          retrieved_at="2026-11-20T09:30:00Z")
    assert rows.observations and _all_finite(rows.observations)
    assert any(REASON in r for r in rows.rejected), rows.rejected


@pytest.mark.parametrize("cell", HOSTILE)
def test_eia_json(cell):
    from indicators.sources.eia import EiaSource
    from tests.replay_api import EiaReplay, eia_rows

    rows = eia_rows()
    first = next(r for r in rows if r["value"] != "--" and r["unit"] == "MTOE")
    first["value"] = cell
    replay = EiaReplay("k", rows=rows)
    with responses.RequestsMock() as rsps:
        replay.register(rsps)
        batch = EiaSource(env={"EIA_API_KEY": "k"}).fetch(make_ctx())
    assert batch.observations and _all_finite(batch.observations)
    assert _rejects(batch.rejected, cell), batch.rejected


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_ids_json(value):
    from indicators.sources.ids import IdsSource
    from tests.replay_other import IdsReplay

    replay = IdsReplay()
    key = sorted(replay.values)[0]
    replay.values[key] = value  # sent as JSON Infinity / NaN: what 1e400 parses to
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        replay.register(rsps)
        batch = IdsSource().fetch(make_ctx())
    assert batch.observations and _all_finite(batch.observations)
    assert any(REASON in r and key[0] in r for r in batch.rejected), batch.rejected


@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_worldbank_json(value):
    from indicators.sources.worldbank import WorldBankSource, load_config
    from tests.wb_replay import WbApiReplay, load_replay_data

    config = load_config()
    data = load_replay_data()
    key = next(k for k in sorted(data.values)
               if k[0] in config.all_series and k[1] in config.economies)
    data = replace(data, values={**data.values, key: value})
    replay = WbApiReplay(data=data)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        replay.register(rsps)
        batch = WorldBankSource().fetch(make_ctx())
    assert batch.observations and _all_finite(batch.observations)
    assert any(REASON in r and key[0] in r and key[1] in r for r in batch.rejected), (
        batch.rejected[:3])


@pytest.mark.parametrize("cell", HOSTILE)
def test_reference_import(tmp_path, cell):
    from indicators.sources.reference import import_tidy_reference, import_wdi_observations

    tidy = tmp_path / "potash_share_quoted.csv"
    tidy.write_text(
        "dataset,measure,unit,economy,partner,year,period,value,value_raw,note,vintage,origin\n"
        "d,Share,percent,Belarus,,2021,,20,20,,v,o\n"
        f"d,Share,percent,Belarus,,2022,,{cell},{cell},,v,o\n", encoding="utf-8")
    result = import_tidy_reference(tidy)
    assert [o.year for o in result.observations] == [2021]
    assert _rejects(result.rejected, cell) and "potash_share_quoted.csv:3" in result.rejected[0]

    wdi = tmp_path / "wdi_observations.csv"
    wdi.write_text(
        "source_db,series_code,series_name,economy_code,economy_name,year,value,vintage,origin\n"
        "WDI,NE.EXP.GNFS.ZS,Exports (% of GDP),BLR,Belarus,2021,60.1,2025-07-01,o\n"
        f"WDI,NE.EXP.GNFS.ZS,Exports (% of GDP),BLR,Belarus,2022,{cell},2025-07-01,o\n",
        encoding="utf-8")
    result = import_wdi_observations(wdi)
    assert [o.year for o in result.observations] == [2021]
    assert _rejects(result.rejected, cell) and "wdi_observations.csv:3" in result.rejected[0]


def test_a_world_bank_row_without_a_dimension_names_it():
    from indicators.sources.base import SourceError
    from indicators.sources.ids import IdsSource
    from indicators.sources.worldbank import WorldBankDatabase, WorldBankSource

    row = {"series": {"id": "X", "value": "x"}, "economy": {"id": "BLR"}, "value": 1.0}
    with pytest.raises(SourceError, match="a data row lacks time"):
        WorldBankSource()._observation(row, WorldBankDatabase(2, "WDI", ("X",)), "", "", {}, {})
    with pytest.raises(SourceError, match="a data row lacks time, counterpart_area"):
        IdsSource()._observation(row, {}, "", "", "", {})
