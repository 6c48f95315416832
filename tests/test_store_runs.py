"""Value rows are found through their runs (`cache.runs`): every write keeps each row in exactly
one run of its key, a replaced series leaves no empty run behind, a failed write leaves rows and
runs as they were, and migration 8 finds the runs of rows stored any which way.

What a user sees is checked (the values `observations` reads, the counts `status` shows); the
invariant is checked on the file, since a row outside every run would silently vanish from every
read.
"""

from __future__ import annotations

import sqlite3
from collections import Counter

import pytest
from bulk_helpers import wdi_lines
from test_bulk_wdi import LATER, expected, stored, tables, write_wdicsv

from cache import schema
from cache.bundle import snapshot_observations
from cache.store import MIGRATIONS, SCHEMA_VERSION, Store
from indicators.bulk_import import import_bulk_file
from indicators.sources.wb_bulk import BulkReader


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(BulkReader.groups, "__defaults__", (1,))


def in_folder(tmp_path, name: str):
    (tmp_path / name).mkdir()
    return tmp_path / name / "WDICSV.csv"


def assert_runs_cover_every_row_once(path) -> int:
    """Every value row lies in exactly one run; no run is empty. Returns the number of runs."""
    con = sqlite3.connect(path)
    try:
        runs = con.execute("SELECT first_id, last_id FROM value_runs ORDER BY first_id").fetchall()
        ids = [r[0] for r in con.execute("SELECT id FROM observation_values ORDER BY id")]
    finally:
        con.close()
    assert all(a[1] < b[0] for a, b in zip(runs, runs[1:], strict=False)), "runs overlap"
    at, covered = 0, 0
    for first, last in runs:
        inside = 0
        while at < len(ids) and ids[at] <= last:
            assert ids[at] >= first, f"row {ids[at]} lies in no run"
            inside += 1
            at += 1
        assert inside, f"run {first}–{last} holds no row"
        covered += inside
    assert at == len(ids), f"rows from {ids[at] if at < len(ids) else None} lie in no run"
    assert covered == len(ids)
    return len(runs)


def test_a_file_into_an_empty_store_is_one_run_per_row_of_the_file(tmp_path, small_chunks):
    ts = tables()
    path = write_wdicsv(tmp_path / "WDICSV.csv", wdi_lines(ts))
    store_path = tmp_path / "empty.sqlite"

    with Store.open(store_path) as store:
        outcome = import_bulk_file(store, path).outcome
        summary = store.summary()
        current = store.observations(source="worldbank")
        one = store.observations(series=ts[0].series, economy=current[0].economy)

    want = expected(ts)
    got = stored(store_path, "WDICSV.csv")
    assert {k: v[0] for k, v in got.items()} == want
    assert all(v[2] == 1 for v in got.values())
    assert outcome.counts.new == len(want)
    assert [(s["rows"], s["current_rows"], s["series"]) for s in summary] == [
        (len(want), len(want), len(ts))]
    assert len(current) == len(want)
    assert {(o.series, o.economy, o.year) for o in one} == {
        k for k in want if k[:2] == (ts[0].series, current[0].economy)}
    filled_rows = len({k[:2] for k in want})  # a file row with at least one value
    assert assert_runs_cover_every_row_once(store_path) == filled_rows


def test_a_replaced_series_leaves_no_empty_run(tmp_path, small_chunks):
    ts = tables()
    store_path = tmp_path / "empty.sqlite"
    header, row = wdi_lines([ts[-1]])[:2]
    cells = row.split(",")
    keep = next(i for i in range(4, len(cells)) if cells[i])
    cells[keep + 1:] = [""] * (len(cells) - keep - 1)
    first = write_wdicsv(in_folder(tmp_path, "a"), [header, ",".join(cells)], LATER)
    full = write_wdicsv(in_folder(tmp_path, "b"), wdi_lines(ts), LATER)
    with Store.open(store_path) as store:
        import_bulk_file(store, first)
        outcome = import_bulk_file(store, full).outcome

    got = stored(store_path, "WDICSV.csv")
    want = expected(ts)
    assert {k: v[0] for k, v in got.items()} == want  # the earlier rows were replaced
    assert all(v[2] == 1 for v in got.values())
    assert (outcome.counts.changed, outcome.counts.unchanged) == (0, 1)
    assert_runs_cover_every_row_once(store_path)


def test_a_failed_write_leaves_the_rows_and_the_runs_as_they_were(tmp_path, small_chunks):
    ts = tables()
    store_path = tmp_path / "empty.sqlite"
    first = write_wdicsv(in_folder(tmp_path, "a"), wdi_lines(ts[:1]), LATER)
    full = write_wdicsv(in_folder(tmp_path, "b"), wdi_lines(ts), LATER)
    with Store.open(store_path) as store:
        import_bulk_file(store, first)

    def snapshot():
        con = sqlite3.connect(store_path)
        try:
            return (con.execute("SELECT * FROM observations ORDER BY id").fetchall(),
                    con.execute("SELECT * FROM value_runs ORDER BY first_id").fetchall())
        finally:
            con.close()

    before = snapshot()

    def fail():
        raise RuntimeError("killed before commit")

    with Store.open(store_path) as store, pytest.raises(RuntimeError):
        import_bulk_file(store, full, before_commit=fail)

    assert snapshot() == before
    assert_runs_cover_every_row_once(store_path)


@pytest.mark.parametrize("where", [
    "series=? AND economy=?",
    "series IN (?, ?) AND is_current=1",
    "series=? AND source='worldbank' AND is_current=1",  # a source named too
    "series=? AND +source='worldbank' GROUP BY series",  # as the write path counts a series
])
def test_reading_a_series_asks_the_runs_index_not_every_row(tmp_path, where):
    args = ("NY.GDP.MKTP.CD", "BLR")[:where.count("?")]
    with Store.open(tmp_path / "s.sqlite") as store:
        plan = " | ".join(r[3] for r in store._conn.execute(
            f"EXPLAIN QUERY PLAN SELECT count(*) FROM observations WHERE {where}", args))
    assert "SEARCH r USING INDEX runs_key" in plan, plan
    assert "SCAN v" not in plan and "AUTOMATIC" not in plan, plan


def test_an_economy_alone_is_read_by_id_range_not_by_a_temporary_index(store_path):
    with Store.open(store_path) as store:
        plan = " | ".join(r[3] for r in store._conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM observations WHERE economy='BLR' AND is_current=1"))
        rows = store._conn.execute(
            "SELECT count(*) FROM observations WHERE economy='BLR' AND is_current=1").fetchone()
    assert "AUTOMATIC" not in plan and "SEARCH v USING INTEGER PRIMARY KEY" in plan, plan
    assert rows[0] > 0


def schema_7_store(path) -> tuple[list[tuple], tuple[str, str]]:
    """A schema-7 store of bundled snapshot values whose rows of three keys are interleaved,
    with holes and a second refresh of one key, the way row-by-row writes and later deletes
    left them. Returns the rows and the key stored twice."""
    observations = [o for o in snapshot_observations()
                    if o.source == "worldbank" and not o.counterpart and not o.period]
    counts = Counter((o.series, o.economy) for o in observations)
    full = sorted(k for k, n in counts.items() if n >= 15)  # enough years for every slot
    first = next(o for o in observations if (o.series, o.economy) == full[0])
    keys = [full[0], next(k for k in full[1:] if k[0] == full[0][0]),
            next(k for k in full if k[0] != full[0][0])]
    values = {k: iter(sorted((o for o in observations if (o.series, o.economy) == k),
                             key=lambda o: o.year)) for k in keys}
    again = iter(sorted((o for o in observations if (o.series, o.economy) == keys[0]),
                        key=lambda o: o.year))
    con = sqlite3.connect(path)
    schema.migrate(con, 0, [m for m in MIGRATIONS if m[0] <= 7])
    with con:
        for rid, vintage in ((1, first.publisher_updated), (2, LATER.date().isoformat())):
            con.execute("INSERT INTO refreshes(id, source, kind, started_at, status) "
                        "VALUES (?, 'worldbank', 'api', ?, 'ok')", (rid, first.retrieved_at))
            con.execute("INSERT INTO provenance(id, refresh_id, dataset, unit, retrieved_at, "
                        "origin, vintage_date) VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (rid, rid, first.dataset, first.unit, first.retrieved_at, first.origin,
                         vintage))
        slots = [(keys[0], 1), (keys[1], 1), (keys[2], 1), (keys[0], 2)]
        rows = []
        for i in range(1, 41):
            key, rid = slots[(i // 3) % len(slots)]
            o = next(again if rid == 2 else values[key])
            if i % 7 == 0:
                continue  # a hole: a row deleted since
            rows.append((i, "worldbank", o.series, o.economy, o.year, o.value, rid, rid,
                         0 if key == keys[0] and rid == 1 else 1))
        con.executemany(
            "INSERT INTO observation_values(id, source, series, economy, year, value, "
            "refresh_id, provenance_id, is_current) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    dumped = con.execute("SELECT * FROM observations ORDER BY id").fetchall()
    con.close()
    return dumped, keys[0]


def test_migration_8_finds_the_runs_of_interleaved_rows_and_keeps_every_row(tmp_path):
    path = tmp_path / "v7.sqlite"
    before, (series, economy) = schema_7_store(path)

    with Store.open(path) as store:
        twice = store.observations(series=series, economy=economy, current_only=False)
        current = store.observations(series=series, economy=economy)
    con = sqlite3.connect(path)
    after = con.execute("SELECT * FROM observations ORDER BY id").fetchall()
    version = con.execute("PRAGMA user_version").fetchone()[0]
    indexes = {r[0] for r in con.execute(
        "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='observation_values'")}
    columns = {r[1] for r in con.execute("PRAGMA table_info(observation_values)")}
    con.close()

    assert version == SCHEMA_VERSION
    assert after == before  # every column of every row, ids and marks included
    assert sorted((o.year, o.value) for o in twice) == sorted(
        (r[6], r[8]) for r in before if r[3:5] == (series, economy))
    assert {o.refresh_id for o in current} == {2}
    assert not indexes & {"obs_current", "obs_source"}
    assert columns == {"id", "year", "period", "value", "provenance_id", "is_current"}
    assert assert_runs_cover_every_row_once(path) > 4  # interleaved keys: many runs
