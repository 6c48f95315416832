"""The store: seeding from the bundled snapshot, vintages, and refusing non-SQLite files."""

from __future__ import annotations

import pytest

from cache.bundle import open_store, snapshot_observations
from cache.store import Store, StoreError


def test_new_store_is_seeded_with_every_snapshot_row(store_path):
    expected = snapshot_observations()
    with Store.open(store_path) as store:
        stored = store.observations(current_only=False)
    assert len(stored) == len(expected)
    assert {o.source for o in stored} == {o.source for o in expected}


def test_newest_vintage_wins_and_older_vintages_stay_queryable(store_path):
    by_key: dict[tuple, list] = {}
    for o in snapshot_observations():
        by_key.setdefault(o.key, []).append(o)
    # a key with several dated vintages, from the snapshot itself
    key, versions = next(
        (k, v) for k, v in sorted(by_key.items())
        if len({o.vintage_date for o in v if o.vintage_date}) > 1
    )
    newest = max(versions, key=lambda o: o.vintage_date or "")
    source, series, economy, counterpart, year, period = key
    with Store.open(store_path) as store:
        current = [
            o for o in store.observations(series=series, economy=economy, source=source)
            if o.key == key
        ]
        every = [
            o for o in store.observations(
                series=series, economy=economy, source=source, current_only=False
            )
            if o.key == key
        ]
    assert [o.value for o in current] == [newest.value]
    assert current[0].publisher_updated == newest.publisher_updated
    assert len(every) == len(versions)


def test_a_file_that_is_not_sqlite_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    payload = b"these are my notes, not a database\n" * 10
    path.write_bytes(payload)
    with pytest.raises(StoreError, match="not an SQLite database"):
        open_store(path)
    assert path.read_bytes() == payload
