"""`claimcheck refresh` and `status`: orchestration, summary, exit codes, failures keep old rows.

Sources are the `FakeSource` adapter (values from the bundled snapshot); the end-to-end tests
at the bottom run the real World Bank adapter on replayed API payloads when those exist.
"""

from __future__ import annotations

import sqlite3

import click
import pytest
import requests
from click.testing import CliRunner
from refresh_fakes import FakeSource, make_ctx

import indicators.commands.refresh as refresh_command
from cache.store import Store, StoreBusy
from indicators.cli import cli
from indicators.refresh import INTERRUPTED, refresh_sources
from indicators.sources.base import SourceError

WIDE = {"COLUMNS": "250"}


def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


def rows_of(store_path, source) -> list[tuple]:
    con = sqlite3.connect(store_path)
    try:
        return con.execute(
            "SELECT series, economy, year, value, publisher_updated, refresh_id, is_current "
            "FROM observations WHERE source=? ORDER BY id", (source,)
        ).fetchall()
    finally:
        con.close()


def summary_rows(output: str) -> dict[str, list[str]]:
    """The summary table's body rows, by source label."""
    table = output[output.index("Refresh summary"):]
    rows = {}
    for line in table.splitlines():
        if line.startswith("│"):
            cells = [c.strip() for c in line.strip().strip("│").split("│")]
            rows[cells[0]] = cells
    return rows


@pytest.fixture
def fakes(monkeypatch):
    """Make the CLI build `FakeSource`s; returns the dict to fill with name → adapter."""
    adapters: dict[str, FakeSource] = {}

    def create(name, **_):
        return adapters.setdefault(name, FakeSource(name))

    monkeypatch.setattr(refresh_command, "create_adapter", create)
    return adapters


# -- orchestration ------------------------------------------------------------------------

def test_counts_new_changed_unchanged_against_the_current_values(store_path):
    same = FakeSource(limit=40)
    with Store.open(store_path) as store:
        [first] = refresh_sources(store, [same], make_ctx())
        [second] = refresh_sources(store, [FakeSource(limit=40, scale=2.0, extra_year=True)],
                                   make_ctx())
    assert first.ok and (first.counts.new, first.counts.changed) == (0, 0)
    assert first.counts.unchanged == len(same.observations())
    nonzero = sum(1 for o in same.observations() if o.value != 0)
    assert (second.counts.new, second.counts.changed) == (1, nonzero)
    assert second.counts.unchanged == len(same.observations()) - nonzero


def test_one_failing_source_does_not_stop_the_others_and_is_logged(store_path):
    broken = FakeSource("faostat", error=SourceError("GET https://example.test/x returned 502"))
    good = FakeSource("worldbank", scale=3.0)
    with Store.open(store_path) as store:
        outcomes = refresh_sources(store, [broken, good], make_ctx())
        log = {r.source: r for r in store.refreshes() if r.kind == "api"}
    assert [o.status for o in outcomes] == ["failed", "ok"]
    assert outcomes[0].error == "GET https://example.test/x returned 502"
    assert log["faostat"].status == "failed" and "returned 502" in log["faostat"].error
    assert log["worldbank"].status == "ok" and log["worldbank"].rows == len(good.observations())
    assert rows_of(store_path, "faostat") == []


@pytest.mark.parametrize(
    "error, shown",
    [
        (requests.ReadTimeout("read timed out"), "timed out: read timed out"),
        (requests.ConnectionError("refused"), "network error: refused"),
        (KeyError("data"), "KeyError: 'data'"),
    ],
)
def test_errors_escaping_an_adapter_become_a_failed_source(store_path, error, shown):
    with Store.open(store_path) as store:
        [outcome] = refresh_sources(store, [FakeSource(error=error)], make_ctx())
        [entry] = [r for r in store.refreshes("worldbank") if r.kind == "api"]
    assert (outcome.status, outcome.error) == ("failed", shown)
    assert (entry.status, entry.error) == ("failed", shown)


def test_an_empty_answer_keeps_the_previous_rows(store_path):
    with Store.open(store_path) as store:
        refresh_sources(store, [FakeSource(scale=2.0)], make_ctx())
    before = rows_of(store_path, "worldbank")
    with Store.open(store_path) as store:
        [outcome] = refresh_sources(store, [FakeSource(empty=True)], make_ctx())
    assert not outcome.ok and "no observations" in outcome.error
    assert rows_of(store_path, "worldbank") == before


def test_progress_is_reported_per_source(store_path):
    seen: list[tuple] = []

    def on_start(adapter):
        return lambda done, total, msg: seen.append((adapter.name, done, total, msg))

    with Store.open(store_path) as store:
        refresh_sources(store, [FakeSource("faostat"), FakeSource("worldbank")], make_ctx(),
                        on_start=on_start)
    assert [s[0] for s in seen] == ["faostat"] * 3 + ["worldbank"] * 3
    assert seen[-1][1:3] == (2, 2)


def test_a_busy_lock_stops_the_refresh_with_a_clear_message(store_path):
    with Store.open(store_path) as holder, holder.refresh_lock():
        with Store.open(store_path) as store, pytest.raises(StoreBusy,
                                                            match="another refresh is writing"):
            refresh_sources(store, [FakeSource()], make_ctx(), lock_wait=0)


def test_a_refresh_left_running_by_a_dead_process_is_marked_interrupted(store_path):
    with Store.open(store_path) as store:
        dead = store.begin_refresh("worldbank", "api")
        refresh_sources(store, [FakeSource("faostat")], make_ctx())
        entry = next(r for r in store.refreshes() if r.id == dead)
    assert (entry.status, entry.error) == ("failed", INTERRUPTED)


# -- the CLI ------------------------------------------------------------------------------

def test_refresh_prints_a_summary_per_source_and_exits_0(store_path, fakes):
    fakes["worldbank"] = FakeSource("worldbank", scale=2.0, keep_vintage=False)
    fakes["faostat"] = FakeSource("faostat", limit=30)

    result = run(store_path, "refresh")

    assert result.exit_code == 0, result.output
    rows = summary_rows(result.output)
    expected_changed = sum(1 for o in fakes["worldbank"].observations() if o.value != 0)
    wb = rows["worldbank"]
    assert wb[1:4] == ["0", str(expected_changed),
                       str(len(fakes["worldbank"].observations()) - expected_changed)]
    assert wb[4] == "ok" and wb[5] == fakes["worldbank"].publisher_updated
    assert rows["faostat"][1:5] == [str(len(fakes["faostat"].observations())), "0", "0", "ok"]
    assert {"worldbank", "faostat"} <= {r.source for r in _api_refreshes(store_path)}


def _api_refreshes(store_path):
    with Store.open(store_path) as store:
        return [r for r in store.refreshes() if r.kind == "api"]


def test_a_failed_source_exits_1_says_why_and_keeps_its_previous_rows(store_path, fakes):
    fakes["worldbank"] = FakeSource("worldbank", scale=2.0)
    assert run(store_path, "refresh", "--source", "worldbank").exit_code == 0
    before = rows_of(store_path, "worldbank")
    reason = "GET https://api.example.test/v2/sources failed after 4 attempts: HTTP 503"
    fakes["worldbank"] = FakeSource("worldbank", scale=5.0, error=SourceError(reason))

    result = run(store_path, "refresh", "--source", "worldbank")

    assert result.exit_code == 1, result.output
    assert reason in result.output and "previous rows kept" in result.output
    assert "Their previous data is still in the store" in result.output
    assert rows_of(store_path, "worldbank") == before

    status = run(store_path, "status")
    assert status.exit_code == 0
    line = next(ln for ln in status.output.splitlines() if ln.startswith("│ worldbank"))
    assert "failed" in line and "HTTP 503" in line
    good = next(r for r in _api_refreshes(store_path) if r.status == "ok")
    assert f"{good.finished_at} (api)" in line  # when the kept data was last refreshed


def test_source_option_limits_the_refresh(store_path, fakes):
    result = run(store_path, "refresh", "--source", "faostat")
    assert result.exit_code == 0, result.output
    assert list(fakes) == ["faostat"]
    assert set(summary_rows(result.output)) == {"faostat"}
    assert [r.source for r in _api_refreshes(store_path)] == ["faostat"]


def test_unknown_source_is_bad_input(store_path, fakes):
    result = run(store_path, "refresh", "--source", "nowhere")
    assert result.exit_code == 2
    assert "nowhere" in result.output and "worldbank" in result.output
    assert fakes == {}


def test_refresh_stops_with_exit_2_when_another_refresh_holds_the_lock(store_path, fakes):
    with Store.open(store_path) as holder, holder.refresh_lock():
        result = run(store_path, "refresh", "--wait", "0")
    assert result.exit_code == 2, result.output
    assert "another refresh is writing to" in result.output and str(store_path) in result.output
    assert all(f.calls == 0 for f in fakes.values())


def test_offline_seeds_a_new_store_and_shows_what_it_holds(tmp_path, fakes):
    path = tmp_path / "fresh.sqlite"
    result = run(path, "refresh", "--offline")
    assert result.exit_code == 0, result.output
    assert fakes == {}  # no adapter, no network
    with Store.open(path) as store:
        summary = {s["source"]: s for s in store.summary()}
        assert not [r for r in store.refreshes() if r.kind == "api"]
    for source, s in summary.items():
        line = next(ln for ln in result.output.splitlines() if ln.startswith(f"│ {source}"))
        assert f"│ {s['rows']} " in line


def test_offline_reloads_a_snapshot_that_is_missing_from_the_store(store_path):
    with Store.open(store_path) as store:
        store.set_meta("snapshot_built_at", "an older build")
    before = rows_of(store_path, "worldbank")
    result = run(store_path, "refresh", "--offline")
    assert result.exit_code == 0, result.output
    assert "Loaded the bundled snapshot" in result.output
    after = rows_of(store_path, "worldbank")
    assert [r[:5] for r in after] == [r[:5] for r in before]  # same rows, newer refresh ids


def test_offline_with_source_is_a_usage_error(store_path, fakes):
    result = run(store_path, "refresh", "--offline", "--source", "worldbank")
    assert result.exit_code == 2 and "--offline" in result.output


def test_status_shows_every_source_and_its_last_refresh(store_path, fakes):
    assert run(store_path, "refresh", "--source", "faostat").exit_code == 0
    result = run(store_path, "status")
    assert result.exit_code == 0, result.output
    with Store.open(store_path) as store:
        last = store.last_refresh("faostat")
        sources = store.sources()
    for source in sources:
        assert any(ln.startswith(f"│ {source}") for ln in result.output.splitlines()), source
    line = next(ln for ln in result.output.splitlines() if ln.startswith("│ faostat"))
    assert f"{last.finished_at} (api)" in line and "ok" in line


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in sorted(group.list_commands(ctx)):  # subcommands load lazily
        command = group.get_command(ctx, name)
        yield (*prefix, name)
        if isinstance(command, click.Group):
            yield from _all_commands(command, (*prefix, name))


def test_every_command_has_help():
    commands = list(_all_commands(cli))
    assert ("refresh",) in commands and ("status",) in commands
    for path in [(), *commands]:
        result = CliRunner().invoke(cli, [*path, "--help"])
        assert result.exit_code == 0, (path, result.output)
        assert "Usage:" in result.output
        doc = (cli if not path else _resolve(path)).help or ""
        assert doc.strip(), f"{' '.join(path)} has no help text"


def _resolve(path):
    command = cli
    for name in path:
        command = command.get_command(click.Context(command), name)
    return command



# -- end to end: the real World Bank adapter on replayed API payloads ---------------------

@pytest.fixture
def wb_api():
    """The World Bank API v2 replayed from the bundled snapshot, on a `responses` mock."""
    responses = pytest.importorskip("responses")
    wb_replay = pytest.importorskip("wb_replay")
    replay = wb_replay.WbApiReplay()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        replay.register(rsps)
        yield replay, wb_replay


def test_refresh_end_to_end_on_the_replayed_world_bank_api(store_path, wb_api):
    replay, _ = wb_api

    result = run(store_path, "refresh", "--source", "worldbank", "--retries", "0")

    assert result.exit_code == 0, result.output
    assert replay.data_calls(), "the adapter must have asked for data"
    with Store.open(store_path) as store:
        [entry] = [r for r in store.refreshes("worldbank") if r.kind == "api"]
        live = [o for o in store.observations(source="worldbank", current_only=False)
                if o.refresh_id == entry.id]
    assert entry.status == "ok" and entry.rows == len(live) > 0
    # the values served are the store's current ones: nothing new, nothing changed
    assert {(o.series, o.economy, o.year): o.value for o in live}.items() <= (
        replay.data.values.items()
    )
    row = summary_rows(result.output)["worldbank"]
    assert row[1:5] == ["0", "0", str(len(live)), "ok"]
    assert row[5] == entry.publisher_updated != ""


@pytest.mark.parametrize(
    "fault, shown",
    [
        ("html_fault", "HTML"),
        ("timeout_fault", "timed out"),
        ("error_payload_fault", "rejected a code"),
    ],
)
def test_an_api_fault_fails_the_source_and_keeps_its_rows(store_path, wb_api, fault, shown):
    replay, wb_replay = wb_api
    assert run(store_path, "refresh", "--source", "worldbank", "--retries", "0").exit_code == 0
    before = rows_of(store_path, "worldbank")
    replay.fail_next(r"/sources/2/series/.*/country/", getattr(wb_replay, fault)())

    result = run(store_path, "refresh", "--source", "worldbank", "--retries", "0")

    assert result.exit_code == 1, result.output
    row = summary_rows(result.output)["worldbank"]
    assert row[4].startswith("failed") and shown.lower() in result.output.lower()
    assert rows_of(store_path, "worldbank") == before
    with Store.open(store_path) as store:
        last = store.refreshes("worldbank")[-1]
    assert last.status == "failed" and last.error
