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


def test_a_write_scoped_to_keys_replaces_only_those_keys_of_its_series(store_path):
    """A live refresh that asked for some economies (or got no value for some) replaces only
    the (series, economy, counterpart) keys it holds; the others keep their earlier rows."""
    from cache.store import ReplaceScope
    from indicators.models import Observation

    bundled = [o for o in snapshot_observations() if o.source == "worldbank"
               and o.series == "NE.EXP.GNFS.ZS" and o.economy in ("BLR", "UKR")]
    first = [Observation(source="live", dataset="WDI", series=o.series, economy=o.economy,
                         year=o.year, value=o.value, publisher_updated="2099-01-01")
             for o in {(o.economy, o.year): o for o in bundled}.values()]
    with Store.open(store_path) as store:
        one = store.begin_refresh("live", "api")
        store.write_batch(one, ReplaceScope(source="live", kinds=("api",)), first)
        blr = [o for o in first if o.economy == "BLR"]
        again = [Observation(**{**o.__dict__, "publisher_updated": "2099-02-01",
                                "refresh_id": None}) for o in blr[:-1]]
        two = store.begin_refresh("live", "api")
        counts = store.write_batch(
            two, ReplaceScope(source="live", kinds=("api",),
                              keys={"NE.EXP.GNFS.ZS": frozenset({("BLR", "")})}), again)
        rows = store.observations(source="live", current_only=False)
    by_economy = {e: {(o.year, o.refresh_id) for o in rows if o.economy == e}
                  for e in ("BLR", "UKR")}
    assert by_economy["UKR"] == {(o.year, one) for o in first if o.economy == "UKR"}
    assert by_economy["BLR"] == {(o.year, two) for o in again}  # BLR's rows: the new ones only
    assert (counts.new, counts.changed, counts.unchanged) == (0, 0, len(again))
