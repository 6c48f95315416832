"""A large stream into a small store builds its indexes once, at the end, in the same
transaction: the rows, the current marks and the indexes come out as a row-by-row write
leaves them, and a failed import rolls the dropped indexes back with its rows.

Chunks of one or two economy rows make the store switch to deferred indexes after its first
chunk, so each path (new series while deferred, a series with earlier rows while deferred)
is taken by a file of snapshot values.
"""

from __future__ import annotations

import sqlite3

import pytest
from bulk_helpers import wdi_lines
from test_bulk_wdi import LATER, expected, stored, tables, write_wdicsv

from cache.store import Store
from indicators.bulk_import import import_bulk_file
from indicators.sources.wb_bulk import BulkReader

INDEXES = {"obs_current", "obs_source", "obs_counterpart"}


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(BulkReader.groups, "__defaults__", (1,))


def in_folder(tmp_path, name: str):
    (tmp_path / name).mkdir()
    return tmp_path / name / "WDICSV.csv"


def indexes(path) -> set[str]:
    con = sqlite3.connect(path)
    try:
        return {r[0] for r in con.execute(
            "SELECT name FROM sqlite_master WHERE type='index' AND tbl_name='observation_values'")}
    finally:
        con.close()


def test_a_stream_into_an_empty_store_keeps_every_value_current_and_indexed(
        tmp_path, small_chunks):
    ts = tables()
    path = write_wdicsv(tmp_path / "WDICSV.csv", wdi_lines(ts))
    store_path = tmp_path / "empty.sqlite"

    with Store.open(store_path) as store:
        outcome = import_bulk_file(store, path).outcome
        summary = store.summary()
        current = store.observations(source="worldbank")

    want = expected(ts)
    got = stored(store_path, "WDICSV.csv")
    assert {k: v[0] for k, v in got.items()} == want
    assert all(v[2] == 1 for v in got.values())
    assert outcome.counts.new == len(want)
    assert INDEXES <= indexes(store_path)
    assert [(s["rows"], s["current_rows"], s["series"]) for s in summary] == [
        (len(want), len(want), len(ts))]
    assert len(current) == len(want)


def test_a_series_with_earlier_rows_met_while_deferred_replaces_them(tmp_path, small_chunks):
    ts = tables()
    store_path = tmp_path / "empty.sqlite"
    # an earlier import of one value of the last series: the next file's first economy row
    # outweighs it, so the store defers its indexes before it meets that series again
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
    assert INDEXES <= indexes(store_path)


def test_a_failed_stream_leaves_the_rows_and_the_indexes_as_they_were(tmp_path, small_chunks):
    ts = tables()
    store_path = tmp_path / "empty.sqlite"
    first = write_wdicsv(in_folder(tmp_path, "a"), wdi_lines(ts[:1]), LATER)
    full = write_wdicsv(in_folder(tmp_path, "b"), wdi_lines(ts), LATER)
    with Store.open(store_path) as store:
        import_bulk_file(store, first)
    con = sqlite3.connect(store_path)
    before = con.execute("SELECT * FROM observations ORDER BY id").fetchall()
    con.close()
    before_indexes = indexes(store_path)

    def fail():
        raise RuntimeError("killed before commit")

    with Store.open(store_path) as store, pytest.raises(RuntimeError):
        import_bulk_file(store, full, before_commit=fail)

    con = sqlite3.connect(store_path)
    assert con.execute("SELECT * FROM observations ORDER BY id").fetchall() == before
    con.close()
    assert indexes(store_path) == before_indexes
    assert INDEXES <= before_indexes
