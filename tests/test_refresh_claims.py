"""`claimcheck refresh` fetches what the claims files read, from the replayed World Bank API.

The replay (tests/wb_replay.py) answers in the API's wire format with the bundled snapshot's
values; a store "from before" an economy's data is a store seeded from the snapshot without
that economy's World Bank rows.
"""

from __future__ import annotations

import csv
import gzip
import json
import shutil
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import responses
from click.testing import CliRunner
from refresh_fakes import make_ctx
from wb_replay import WbApiReplay, knowing

from cache.bundle import OBS_FILE, SNAPSHOT_DIR, seed_store
from cache.store import Store
from indicators.cli import cli
from indicators.sources.wbapi import codes_in_url
from indicators.sources.worldbank import WorldBankSource, load_config

WIDE = {"COLUMNS": "250"}
REMITTANCES = "BX.TRF.PWKR.DT.GD.ZS"  # WDI: personal remittances, received (% of GDP)


def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


def store_without(tmp_path: Path, economy: str) -> Path:
    """A store seeded from the bundled snapshot minus ``economy``'s World Bank rows."""
    snapshot = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT_DIR, snapshot)
    with gzip.open(SNAPSHOT_DIR / OBS_FILE, "rt", encoding="utf-8", newline="") as src, \
            gzip.open(snapshot / OBS_FILE, "wt", encoding="utf-8", newline="") as dst:
        reader = csv.DictReader(src)
        writer = csv.DictWriter(dst, reader.fieldnames, lineterminator="\n")
        writer.writeheader()
        writer.writerows(r for r in reader
                         if not (r["source"] == "worldbank" and r["economy"] == economy))
    path = tmp_path / "store.sqlite"
    with Store.open(path) as store:
        seed_store(store, snapshot)
        assert not store.observations(source="worldbank", economy=economy)
    return path


def claims_file(folder: Path, name: str, subject: str, series: str, year: int,
                peers: tuple[str, ...] = ()) -> Path:
    """A one-claim file: "exports are about 40 percent of GDP" (the article's figure)."""
    path = folder / f"{name}.toml"
    path.write_text(f'''
[article]
title = "A test article about {subject}"
date = "{year + 1}-03-01"
language = "en"

[defaults]
year = {year}
subject = "{subject}"
peers = {json.dumps(list(peers))}

[[claims]]
id = "level"
quote = "about 40 percent"
gloss = "about 40 percent"
value = 40
unit = "percent"
precision = 2

  [[claims.readings]]
  id = "wdi"
  meaning = "The World Bank series {series}."
  [claims.readings.measure]
  kind = "series"
  series = {{ source = "worldbank", series = "{series}", economy = "{subject}" }}
''', encoding="utf-8")
    return path


def reading(store_path, claims: Path) -> dict:
    result = run(store_path, "check", "--claims", str(claims), "--format", "json")
    assert result.exit_code == 0, result.output
    [claim] = json.loads(result.stdout)["claims"]
    [r] = claim["readings"]
    return r


def data_codes(replay) -> tuple[list[str], list[str]]:
    urls = replay.data_calls()
    series = sorted({s for u in urls for s in codes_in_url(u)["series"]})
    economies = sorted({e for u in urls for e in codes_in_url(u)["country"]})
    return series, economies


def test_check_names_the_refresh_and_after_a_replayed_refresh_the_claim_is_judged(
        tmp_path, replay, replay_data):
    store = store_without(tmp_path, "UKR")
    claims = claims_file(tmp_path, "ukraine", "UKR", "NE.EXP.GNFS.ZS", 2021, peers=("USA",))

    before = reading(store, claims)
    assert before["verdict"] == "no data"
    assert f"`claimcheck refresh --claims {claims}` fetches" in before["no_data_reason"]

    result = run(store, "refresh", "--claims", str(claims), "--source", "worldbank",
                 "--retries", "0")

    assert result.exit_code == 0, result.output
    after = reading(store, claims)
    expected = replay_data.values[("NE.EXP.GNFS.ZS", "UKR", 2021)]
    observed = after["at_claim_year"]
    assert (observed["value"], observed["year"], observed["economy"]) == (expected, 2021, "UKR")
    assert observed["source"] == "worldbank" and "/sources/2/series/" in observed["origin"]
    assert after["verdict"] != "no data"
    # the claims' economies joined the configured ones in the same batched request
    config = load_config()
    series, economies = data_codes(replay)
    assert set(economies) == set(config.economies) | {"USA"}
    assert set(series) == set(config.all_series)
    assert len({u.split("?")[0] for u in replay.data_calls()}) == 1  # one URL, its pages
    # a wanted economy the API has no value for is named, with the file that wants it
    flat = " ".join(result.output.split())
    note = ("worldbank: NE.EXP.GNFS.ZS: the World Bank answered no value for USA; any values "
            f"stored before for it were kept (named in {claims.name})")
    usa = any(k[:2] == ("NE.EXP.GNFS.ZS", "USA") for k in replay_data.values)
    assert (note in flat) is not usa
    assert "Claims: 1 file (ukraine.toml) read worldbank: 1 series × 2 economies" in flat


def test_a_plain_refresh_covers_the_claims_in_the_users_folder(store_path, replay):
    folder = store_path.parent / "claims"
    folder.mkdir()
    claims_file(folder, "mine", "USA", "NE.IMP.GNFS.ZS", 2022)

    result = run(store_path, "refresh", "--source", "worldbank", "--retries", "0")

    assert result.exit_code == 0, result.output
    _, economies = data_codes(replay)
    assert "USA" in economies
    claims_line = next(line for line in result.output.splitlines() if line.startswith("Claims:"))
    assert "belarus_2025.toml" in claims_line and "mine.toml" in claims_line


def test_an_unknown_series_is_named_and_the_rest_is_refreshed_with_its_rows_kept(
        store_path, replay, replay_data):
    assert run(store_path, "refresh", "--source", "worldbank", "--retries", "0").exit_code == 0
    gone = "TX.VAL.FUEL.ZS.UN"
    kept = live_rows(store_path, gone)
    assert kept
    # the API no longer knows one configured series
    replay.data = replace(replay_data, names={k: v for k, v in replay_data.names.items()
                                           if k != gone})

    result = run(store_path, "refresh", "--source", "worldbank", "--retries", "0")

    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    assert (f"worldbank: {gone}: the World Bank does not know this series in WDI (db 2); left "
            "out, the others were fetched (listed in indicators/config/worldbank.toml)") in flat
    assert live_rows(store_path, gone) == kept
    with Store.open(store_path) as s:
        last = [r for r in s.refreshes("worldbank") if r.kind == "api"][-1]
    assert last.status == "ok" and last.rows > 0


def live_keys(store_path) -> dict[tuple, tuple]:
    """(series, economy, year) → (value, refresh id) of the rows live refreshes wrote."""
    with Store.open(store_path) as s:
        live = {r.id for r in s.refreshes("worldbank") if r.kind == "api"}
        return {(o.series, o.economy, o.year): (o.value, o.refresh_id)
                for o in s.observations(source="worldbank", current_only=False)
                if o.refresh_id in live}


def live_rows(store_path, series: str) -> set[tuple]:
    with Store.open(store_path) as s:
        return {(o.economy, o.year, o.value, o.refresh_id)
                for o in s.observations(source="worldbank", series=series, current_only=False)
                if o.refresh_id in {r.id for r in s.refreshes("worldbank") if r.kind == "api"}}


def test_a_key_answered_empty_keeps_its_stored_rows_and_the_others_are_replaced(
        store_path, replay, replay_data):
    assert run(store_path, "refresh", "--source", "worldbank", "--retries", "0").exit_code == 0
    first = live_keys(store_path)
    series, economy = "NE.EXP.GNFS.ZS", "BLR"
    # the same API later answers no value for one series of one economy
    replay.data = replace(replay_data, values={k: v for k, v in replay_data.values.items()
                                            if k[:2] != (series, economy)})

    result = run(store_path, "refresh", "--source", "worldbank", "--retries", "0")

    assert result.exit_code == 0, result.output
    now = live_keys(store_path)
    with Store.open(store_path) as s:
        second = max(r.id for r in s.refreshes("worldbank") if r.kind == "api")
    blr = {k: v for k, v in first.items() if k[:2] == (series, economy)}
    assert blr and all(now[k] == v for k, v in blr.items())  # kept from the first refresh
    others = {k for k in now if k[:2] != (series, economy) and k[0] == series}
    assert others and all(now[k][1] == second for k in others)  # replaced by the second


def test_a_series_the_api_knows_but_has_no_value_for_is_requested_in_the_batch_and_named(
        replay_data):
    """BX.TRF.PWKR.DT.GD.ZS for Moldova: not in the bundled data, so the replay knows the code
    and answers nulls (it never makes a value up): the request shape and the "no value" path."""
    data = knowing(replay_data, {REMITTANCES: "Personal remittances, received (% of GDP)"},
                   ("MDA",))
    replay = WbApiReplay(data=data)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        replay.register(rsps)
        batch = WorldBankSource(wanted={REMITTANCES: {"MDA"}}).fetch(make_ctx())

    config = load_config()
    series, economies = data_codes(replay)
    assert series == sorted({*config.all_series, REMITTANCES})
    assert economies == sorted({*config.economies, "MDA"})
    assert len({u.split("?")[0] for u in replay.data_calls()}) == 1  # never one per series
    assert [n.message for n in batch.notes] == [
        f"{REMITTANCES}: the World Bank answered no value for MDA; any values stored before "
        "for it were kept"]
    assert {o.series for o in batch.observations} <= set(config.all_series)
    assert batch.replace_fetched_only
    metadata = [unquote(u) for u in replay.calls if u.split("?")[0].endswith("/metadata")]
    assert len(metadata) == 1 and REMITTANCES in metadata[0]


def test_long_code_lists_are_chunked_by_wbgapi_never_one_request_per_series(replay_data):
    # 90 codes the replayed API knows without values: the URL would pass wbgapi's api_maxlen
    extra = {f"SYN.CHUNK.CODE.{i:02d}.ZS": f"synthetic request-shape code {i}" for i in range(90)}
    replay = WbApiReplay(data=knowing(replay_data, extra))
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        replay.register(rsps)
        WorldBankSource(wanted={code: {"BLR"} for code in extra}).fetch(make_ctx())

    urls = {u.split("?")[0] for u in replay.data_calls()}
    assert 2 <= len(urls) <= 4  # a few chunks, each with its pages
    seen = [s for u in urls for s in codes_in_url(u)["series"]]
    assert sorted(seen) == sorted({*load_config().all_series, *extra})  # each code once


def test_a_broken_claims_file_stops_the_refresh_before_any_request(store_path, replay, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text("[article\n", encoding="utf-8")
    result = run(store_path, "refresh", "--claims", str(bad), "--source", "worldbank")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {bad}:1: not valid TOML")
    assert replay.calls == []


def test_claims_with_offline_or_only_other_sources_is_a_usage_error(store_path, tmp_path):
    result = run(store_path, "refresh", "--offline", "--claims", str(tmp_path))
    assert result.exit_code == 2 and "--claims says what a network refresh fetches" in (
        result.output)
    result = run(store_path, "refresh", "--source", "faostat", "--claims", str(tmp_path))
    assert result.exit_code == 2 and "--claims says what ids and worldbank fetch" in (
        result.output)


def test_the_no_data_hint_names_the_file_for_world_bank_series_and_the_source_otherwise():
    from indicators.claims.load import DEFAULT_CLAIMS_FILE
    from indicators.claims.model import Measure, SeriesRef
    from indicators.judge.explain import no_observation_reason

    wdi = Measure("series", (SeriesRef("worldbank", REMITTANCES, "MDA"),))
    imf = Measure("series", (SeriesRef("imf", "IMTS.XG_FOB_USD", "MDA", "RUS"),))
    mine = "/home/me/claims/moldova 2025.toml"
    assert ("`claimcheck refresh --claims '/home/me/claims/moldova 2025.toml'` fetches"
            in no_observation_reason(wdi, {"worldbank"}, mine))
    # a bundled article's series are fetched by every refresh: the hint names the source
    assert "`claimcheck refresh --source worldbank` fetches" in no_observation_reason(
        wdi, {"worldbank"}, str(DEFAULT_CLAIMS_FILE))
    # a source that fetches no claims-wanted series keeps its --source hint
    assert "`claimcheck refresh --source imf` fetches" in no_observation_reason(imf, set(), mine)
