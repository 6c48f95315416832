"""EIA API v2 adapter and the refresh UX for sources that need a key: replayed answers built from
the snapshot's EIA rows (network blocked), faults, a missing key, and the key never leaking."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
import requests
import responses
from click.testing import CliRunner

import indicators.commands.refresh as refresh_command
import indicators.sources.eia as eia_module
from cache.store import Store
from indicators.cli import cli
from indicators.refresh import refresh_sources
from indicators.sources.base import MissingKeyError, SourceAdapter, SourceError
from indicators.sources.eia import EiaSource
from indicators.sources.registry import SOURCES, create_adapter, source_names
from indicators.sources.sourcekit import load_config
from tests.refresh_fakes import FakeSource
from tests.replay_api import (
    EIA_ENDPOINT,
    EiaReplay,
    eia_expected,
    eia_row,
    eia_rows,
)
from tests.replay_other import (
    make_ctx,
)

KEY = "k3y-Test-0123456789abcdefXYZ"  # a made-up key; it must never leave the HTTP request
REGISTER = "https://www.eia.gov/opendata/register.php"
WIDE = {"COLUMNS": "250"}


def adapter(key: str | None = KEY, **config_changes) -> EiaSource:
    config = {**load_config("eia"), **config_changes}
    return EiaSource(config=config, env={} if key is None else {"EIA_API_KEY": key})


def got(batch) -> dict[tuple[str, str, int], float]:
    """(activityId, economy, year) → value, read back from the stored series code."""
    return {(o.series.split("-")[1].split(".")[0], o.economy, o.year): o.value
            for o in batch.observations}


def replayed(replay: EiaReplay):
    rsps = responses.RequestsMock(assert_all_requests_are_fired=False)
    rsps.start()
    replay.register(rsps)
    return rsps


@pytest.fixture
def replay():
    r = EiaReplay(KEY)
    rsps = replayed(r)
    yield r
    rsps.stop()
    rsps.reset()


# -- fetching -------------------------------------------------------------------------------------

def test_one_request_reads_production_and_consumption_equal_to_the_snapshot(replay):
    batch = adapter().fetch(make_ctx())
    assert got(batch) == eia_expected()
    assert len(replay.calls) == 1
    assert {o.series for o in batch.observations} == {"INTL.44-1.MTOE", "INTL.44-2.MTOE"}
    o = batch.observations[0]
    assert o.source == "eia" and o.economy == "BLR" and o.unit.startswith("million tonnes")
    assert o.publisher_updated.startswith("retrieved 2026-11-20")
    assert o.origin == batch.fetches[0].url and o.origin.startswith(EIA_ENDPOINT)
    assert "api_key" not in o.origin
    for part in ("facets[activityId][]=1", "facets[activityId][]=2", "facets[productId][]=44",
                 "facets[countryRegionId][]=BLR", "facets[unit][]=MTOE", "data[0]=value"):
        assert part in o.origin
    fetch = batch.fetches[0]
    assert fetch.licence.startswith("Public domain") and "2.1.12" in fetch.note
    assert "4 cells not available" in fetch.note  # the "--" years, not rejected rows
    assert batch.rejected == [] and len(batch.series) == 2


def test_pages_with_offset_and_length_until_total_is_read(replay):
    batch = adapter(page_length=10).fetch(make_ctx())
    assert got(batch) == eia_expected()
    offsets = [int(u.split("offset=")[1].split("&")[0]) for u in replay.calls]
    assert offsets == list(range(0, 10 * len(offsets), 10)) and len(offsets) > 3
    assert [f.url.split("offset=")[1].split("&")[0] for f in batch.fetches] == \
        [str(o) for o in offsets]


def test_ids_as_numbers_and_rows_outside_the_request_are_handled():
    # The API sends the ids as strings (the default replay); numbers are read the same way.
    r = EiaReplay(KEY, rows=eia_rows(ids_as_text=False))
    r.honour_facets = False  # the QBTU copies come back too: the adapter must drop them
    rsps = replayed(r)
    try:
        batch = adapter().fetch(make_ctx())
    finally:
        rsps.stop()
    assert got(batch) == eia_expected() and batch.rejected == []


def test_timeout_is_a_source_error(replay):
    replay.fail(requests.ReadTimeout("read timed out"), requests.ReadTimeout("read timed out"))
    with pytest.raises(SourceError, match="timed out") as exc:
        adapter().fetch(make_ctx())
    assert KEY not in str(exc.value)


def test_a_server_error_is_retried_then_succeeds(replay):
    replay.fail((503, {"Content-Type": "text/plain"}, "Service Unavailable"))
    batch = adapter().fetch(make_ctx())
    assert len(replay.calls) == 2 and got(batch) == eia_expected()


def test_persistent_server_error_fails_clearly(replay):
    replay.fail(*[(500, {"Content-Type": "text/plain"}, "oops")] * 2)
    with pytest.raises(SourceError, match="HTTP 500") as exc:
        adapter().fetch(make_ctx())
    assert KEY not in str(exc.value)


def test_garbage_body_is_a_clear_error(replay):
    replay.fail((200, {"Content-Type": "text/html"}, "<html><body>Maintenance</body></html>"))
    with pytest.raises(SourceError, match="did not return JSON"):
        adapter().fetch(make_ctx())


def test_json_without_data_is_a_clear_error(replay):
    replay.fail((200, {"Content-Type": "application/json"}, '{"response": {"total": "0"}}'))
    with pytest.raises(SourceError, match="not an EIA API v2 data answer"):
        adapter().fetch(make_ctx())


def test_an_invalid_key_is_a_clear_error_without_the_key():
    r = EiaReplay("the-real-key")  # the server echoes the key it got in its message
    rsps = replayed(r)
    try:
        with pytest.raises(SourceError) as exc:
            adapter().fetch(make_ctx())
    finally:
        rsps.stop()
    text = str(exc.value)
    assert "HTTP 403" in text and "API_KEY_INVALID" in text and "EIA_API_KEY" in text
    assert REGISTER in text and KEY not in text and "***" in text


def test_an_error_body_sent_with_http_200_is_still_an_error(replay):
    body = '{"error": "Invalid frequency \'yearly\' provided.", "code": 400}'
    replay.fail((200, {"Content-Type": "application/json"}, body))
    with pytest.raises(SourceError, match="Invalid frequency"):
        adapter().fetch(make_ctx())


def test_no_rows_fails_rather_than_erasing_the_source():
    rsps = replayed(EiaReplay(KEY, rows=[]))
    try:
        with pytest.raises(SourceError, match="unknown facet value gives zero rows"):
            adapter().fetch(make_ctx())
    finally:
        rsps.stop()


def test_the_ids_arrive_as_strings_in_the_replay():
    assert {(type(r["productId"]), type(r["activityId"])) for r in eia_rows()} == {(str, str)}


def test_a_row_without_a_key_the_adapter_reads_names_it():
    rows = eia_rows()
    del rows[0]["period"], rows[0]["value"]
    rsps = replayed(EiaReplay(KEY, rows=rows))
    try:
        with pytest.raises(SourceError, match=r"response\.data row 1 lacks period, value"):
            adapter().fetch(make_ctx())
    finally:
        rsps.stop()


def test_a_letter_code_value_is_rejected_with_its_reason():
    rows = eia_rows()
    rows.append(eia_row("2", "RUS", int(rows[-1]["period"]), "w"))
    rsps = replayed(EiaReplay(KEY, rows=rows))
    try:
        batch = adapter().fetch(make_ctx())
    finally:
        rsps.stop()
    assert got(batch) == eia_expected()
    assert len(batch.rejected) == 1 and "RUS" in batch.rejected[0] and "'w'" in batch.rejected[0]


# -- the missing key ------------------------------------------------------------------------------

def test_missing_key_raises_missing_key_error_naming_the_variable_and_makes_no_request(replay):
    source = adapter(key=None)
    assert source.missing_key() == f"needs EIA_API_KEY (free key: {REGISTER})"
    with pytest.raises(MissingKeyError) as exc:
        source.fetch(make_ctx())
    assert "EIA_API_KEY" in str(exc.value) and REGISTER in str(exc.value)
    assert replay.calls == []
    assert adapter(key="   ").missing_key() is not None  # blank is not a key
    assert adapter().missing_key() is None


def test_registered_and_implements_the_interface(monkeypatch):
    monkeypatch.setattr(eia_module, "DEFAULT_ENV", {})
    assert "eia" in source_names() and SOURCES["eia"].needs_key
    source = create_adapter("eia")
    assert isinstance(source, SourceAdapter) and source.licence and source.title
    assert source.missing_key() is not None


def test_orchestration_reports_not_run_and_leaves_the_store_alone(store_path):
    other = FakeSource("unsd", limit=20)
    with Store.open(store_path) as store:
        before = len(store.refreshes("eia"))
        outcomes = refresh_sources(store, [adapter(key=None), other], make_ctx())
        assert [o.status for o in outcomes] == ["not run", "ok"]
        assert "EIA_API_KEY" in outcomes[0].error and not outcomes[0].ok
        assert len(store.refreshes("eia")) == before == 0 and "eia" not in store.sources()
        # Nothing at all can run: not even the store's lock is taken.
        [alone] = refresh_sources(store, [adapter(key=None)], make_ctx())
        assert alone.not_run and store.refreshes("eia") == []


# -- the command line ----------------------------------------------------------------------------

def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


@pytest.fixture
def cli_sources(monkeypatch):
    """The CLI builds `FakeSource`s, and the real EIA adapter with the env given here."""
    env: dict[str, str] = {}
    fakes: dict[str, FakeSource] = {}

    def create(name, **_):
        if name == "eia":
            return EiaSource(env=env)
        return fakes.setdefault(name, FakeSource(name, limit=20))

    monkeypatch.setattr(refresh_command, "create_adapter", create)
    monkeypatch.setattr(eia_module, "DEFAULT_ENV", env)  # what `status` sees
    return env


def _line(output: str, start: str) -> str:
    return next(ln for ln in output.splitlines() if ln.startswith(start))


def test_default_refresh_lists_eia_as_not_run_and_exits_0(store_path, cli_sources):
    result = run(store_path, "refresh")
    assert result.exit_code == 0, result.output
    row = _line(result.output, "│ eia")
    assert "not run: needs EIA_API_KEY (free key:" in row
    assert f"eia: not run: needs EIA_API_KEY (free key: {REGISTER})" in result.output
    for name in source_names():
        if name != "eia":
            assert "ok" in _line(result.output, f"│ {name} "), name
    assert "failed" not in result.output
    with Store.open(store_path) as store:
        assert store.refreshes("eia") == [] and "eia" not in store.sources()


def test_refresh_source_eia_without_the_key_is_a_failure(store_path, cli_sources):
    result = run(store_path, "refresh", "--source", "eia")
    assert result.exit_code == 1, result.output
    assert f"eia: not run: needs EIA_API_KEY (free key: {REGISTER})" in result.output
    assert "1 of 1 failed" in result.output


def test_status_says_the_key_is_missing(store_path, cli_sources):
    result = run(store_path, "status")
    assert result.exit_code == 0, result.output
    assert "key missing: needs EIA_API_KEY" in _line(result.output, "│ eia")
    cli_sources["EIA_API_KEY"] = KEY
    result = run(store_path, "status")
    assert "key missing" not in _line(result.output, "│ eia")


def test_refresh_help_explains_sources_that_need_a_key():
    result = CliRunner().invoke(cli, ["refresh", "--help"], env=WIDE)
    assert result.exit_code == 0
    assert "EIA_API_KEY" in result.output and "not run" in result.output


def _store_bytes(store_path: Path) -> bytes:
    """The store, its side files and its raw-response archive (bodies decompressed)."""
    import gzip

    files = [p for p in store_path.parent.glob(store_path.name + "*") if p.is_file()]
    archive = store_path.with_name(store_path.name + ".archive")
    files += [p for p in archive.rglob("*") if p.is_file()]
    assert any(p.suffix == ".gz" for p in files)  # the archive was written and is searched
    return b"".join(gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
                    for p in files)


def test_the_key_never_reaches_the_store_or_the_output(store_path, cli_sources, replay):
    cli_sources["EIA_API_KEY"] = KEY
    result = run(store_path, "refresh", "--source", "eia")
    assert result.exit_code == 0, result.output
    assert replay.calls and all(f"api_key={KEY}" in u for u in replay.calls)  # it was sent
    assert KEY not in result.output
    con = sqlite3.connect(store_path)
    try:
        origins = {r[0] for r in con.execute("SELECT origin FROM observations WHERE source='eia'")}
    finally:
        con.close()
    assert origins and all(o.startswith(EIA_ENDPOINT) and "api_key" not in o for o in origins)
    with Store.open(store_path) as store:
        assert store.last_refresh("eia").status == "ok"
    assert KEY.encode() not in _store_bytes(store_path)

    # A refused key: the failure is logged and printed, the key in neither.
    cli_sources["EIA_API_KEY"] = KEY + "-wrong"
    result = run(store_path, "refresh", "--source", "eia")
    assert result.exit_code == 1 and "API_KEY_INVALID" in result.output
    assert KEY not in result.output
    with Store.open(store_path) as store:
        last = store.last_refresh("eia")
        assert last.status == "failed" and KEY not in (last.error or "")
    assert KEY.encode() not in _store_bytes(store_path)


def test_not_run_is_yellow_by_default_and_red_when_asked_for():
    from indicators.refresh import SourceOutcome

    outcome = SourceOutcome(source="eia", kind="api", status="not run", label="eia",
                            error=f"needs EIA_API_KEY (free key: {REGISTER})")
    default = refresh_command._summary_table([outcome])
    asked = refresh_command._summary_table([outcome], frozenset({"eia"}))
    assert default.columns[4]._cells[0].startswith("[yellow]not run[/yellow]")
    assert asked.columns[4]._cells[0].startswith("[red]not run[/red]")
