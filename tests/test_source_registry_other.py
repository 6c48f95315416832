"""The FAOSTAT, USGS, IDS, UNSD and IMF adapters are registered and satisfy the interface."""

from __future__ import annotations

import pytest

from indicators.sources.base import SourceAdapter
from indicators.sources.registry import create_adapter, source_names

OTHER = ["faostat", "usgs", "ids", "unsd", "imf"]


@pytest.mark.parametrize("name", OTHER)
def test_registered_and_implements_the_interface(name):
    assert name in source_names()
    adapter = create_adapter(name)
    assert isinstance(adapter, SourceAdapter)
    assert adapter.name == name and adapter.title and adapter.licence


def test_a_refresh_stores_the_adapters_rows_with_provenance(store_path):
    import responses

    from cache.store import Store
    from indicators.refresh import refresh_sources
    from indicators.sources.unsd import UnsdEnergySource
    from tests.replay_other import make_ctx, syb_energy_csv

    adapter = UnsdEnergySource()
    with responses.RequestsMock() as rsps, Store.open(store_path) as store:
        rsps.get(adapter.config["urls"][0], body=syb_energy_csv().encode("utf-8"))
        (outcome,) = refresh_sources(store, [adapter], make_ctx())
        assert outcome.ok, outcome.error
        assert outcome.rows > 0
        assert "unsd" in store.sources()
