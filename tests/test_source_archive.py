"""The raw-response archive and `claimcheck refresh --reparse SOURCE` (no network).

A refresh over the replayed IMF API archives the exact bytes it parsed; a reparse with the
network blocked and nothing replayed rebuilds the same rows from them.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re

import responses
from click.testing import CliRunner

from cache.archive import ResponseArchive
from cache.store import Store
from indicators.cli import cli
from indicators.sources.archiving import RecordingClient, ReplayClient, request_key
from indicators.sources.imf import ImfSource
from tests.replay_api import (
    imf_csv,
)
from tests.replay_other import (
    FIXED_NOW,
    fast_client,
)

WIDE = {"COLUMNS": "200"}
CSV_TYPE = "application/vnd.sdmx.data+csv; version=2.0.0"


def _run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


def _imf_rows(store_path) -> list[tuple]:
    with Store.open(store_path) as store:
        return sorted((o.key, o.value, o.unit, o.note, o.origin, o.retrieved_at,
                       o.publisher_updated) for o in store.observations() if o.source == "imf")


def _refresh_imf(store_path):
    source = ImfSource()
    bodies = {source.url("IMTS"): imf_csv("IMTS"), source.url("DIP"): imf_csv("DIP")}
    with responses.RequestsMock() as rsps:
        for url, body in bodies.items():
            rsps.get(url, body=body, content_type=CSV_TYPE)
        result = _run(store_path, "refresh", "--source", "imf")
    assert result.exit_code == 0, result.output
    return bodies


def test_a_refresh_archives_the_exact_bytes_with_checksum_url_time_version_and_licence(
    store_path,
):
    bodies = _refresh_imf(store_path)
    archive = ResponseArchive.beside(store_path)
    run = archive.latest_run("imf")
    assert run.status == "ok" and run.licence.startswith("IMF terms")
    assert run.publisher_updated and run.refresh_id is not None
    assert [r.url.split("?")[0] for r in run.responses] == list(bodies)
    for entry, body in zip(run.responses, bodies.values(), strict=True):
        raw = body.encode("utf-8")
        assert entry.sha256 == hashlib.sha256(raw).hexdigest() and entry.size == len(raw)
        blob = archive.root / "blobs" / entry.sha256[:2] / f"{entry.sha256}.gz"
        assert gzip.decompress(blob.read_bytes()) == raw  # compressed, byte for byte
        assert entry.status == 200 and entry.content_type.startswith("application/vnd.sdmx")
        assert entry.retrieved_at.endswith("Z")
    manifest = json.loads(run.path.read_text())
    assert manifest["source"] == "imf" and len(manifest["responses"]) == 2


def test_reparse_rebuilds_the_same_rows_from_the_archive_with_no_network(store_path):
    _refresh_imf(store_path)
    before = _imf_rows(store_path)
    assert before
    result = _run(store_path, "refresh", "--reparse", "imf")  # nothing replayed: net blocked
    assert result.exit_code == 0, result.output
    out = " ".join(result.output.split())
    assert f"Rebuilt {len(before)} rows of imf" in out and "no network used" in out
    assert re.search(rf"imf \(reparsed [^│]*│\s*0\s*│\s*0\s*│\s*{len(before)}\s*│", out)
    assert _imf_rows(store_path) == before
    with Store.open(store_path) as store:
        assert [r.status for r in store.refreshes("imf")][-2:] == ["ok", "ok"]


def test_reparse_with_nothing_archived_is_bad_input_and_changes_nothing(store_path):
    result = _run(store_path, "refresh", "--reparse", "imf")
    assert result.exit_code == 2
    assert "no archived successful refresh of 'imf'" in result.output


def test_reparse_cannot_be_combined_with_a_network_refresh(store_path):
    result = _run(store_path, "refresh", "--reparse", "imf", "--source", "imf")
    assert result.exit_code == 2 and "--reparse uses only the archive" in result.output


@responses.activate
def test_api_keys_never_reach_the_archive_and_replay_still_matches(tmp_path):
    url = "https://api.eia.gov/v2/international/data/"
    responses.get(url, json={"response": {"data": []}})
    archive = ResponseArchive(tmp_path / "a.archive")
    run = archive.start_run("eia", started_at="2026-11-20T09:30:00Z")
    client = RecordingClient(fast_client(), archive, run, lambda: FIXED_NOW)
    client.get(url, params={"api_key": "SECRET-KEY-123", "frequency": "annual"})
    archive.finish(run, finished_at="2026-11-20T09:31:00Z", status="ok")
    text = run.path.read_text()
    assert "SECRET-KEY-123" not in text and "api_key=***" in text
    replay = ReplayClient(archive, archive.latest_run("eia"))
    answer = replay.get(url, params={"api_key": "another-key", "frequency": "annual"})
    assert answer.json() == {"response": {"data": []}}
    assert request_key(url, {"api_key": "x"}) == request_key(url, {"api_key": "y"})


def _rows(store, source: str) -> list[tuple]:
    return sorted((o.key, o.value, o.unit, o.note, o.origin, o.retrieved_at, o.publisher_updated)
                  for o in store.observations() if o.source == source)


def test_reparse_works_through_wbgapi_and_for_a_binary_zip_too(store_path):
    """worldbank goes through wbgapi's own requests (many, paged); faostat's body is a zip."""
    from indicators.refresh import refresh_sources, reparse_source
    from indicators.sources.faostat import FaostatSource
    from indicators.sources.worldbank import WorldBankSource
    from tests.replay_other import faostat_catalogue, faostat_rows, faostat_zip, make_ctx
    from tests.wb_replay import WbApiReplay

    fao = FaostatSource()
    zip_url = ("https://bulks-faostat.fao.org/production/"
               "Inputs_FertilizersNutrient_E_All_Data_(Normalized).zip")
    archive = ResponseArchive.beside(store_path)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        WbApiReplay().register(rsps)
        rsps.get(fao.config["catalogue_url"], json=faostat_catalogue(zip_url, "2025-12-18"))
        rsps.get(zip_url, body=faostat_zip(faostat_rows(fao.config)),
                 content_type="application/zip")
        with Store.open(store_path) as store:
            outcomes = refresh_sources(store, [WorldBankSource(), fao],
                                       make_ctx(), archive=archive)
            assert all(o.ok for o in outcomes), [o.error for o in outcomes]
            before = {s: _rows(store, s) for s in ("worldbank", "faostat")}
    assert all(before.values())
    with Store.open(store_path) as store:  # no RequestsMock now: the network is blocked
        for adapter in (WorldBankSource(), FaostatSource()):
            outcome = reparse_source(store, adapter, archive)
            assert outcome.ok, outcome.error
            assert outcome.counts.new == outcome.counts.changed == 0
        assert {s: _rows(store, s) for s in before} == before
