"""Offline, `claimcheck refresh` fails fast: one attempt per source, no back-off, data untouched.

The network is blocked by tests/conftest.py the way a machine without one behaves (the name
lookup or the connect fails). The HTTP client gets a recording sleeper, so the test proves
"no waiting" by counting attempts and sleeps, never by timing.
"""

from __future__ import annotations

from click.testing import CliRunner

from cache.store import Store
from indicators.cli import cli
from indicators.commands import refresh as refresh_command
from indicators.sources.http import HttpClient
from indicators.sources.registry import source_names

WIDE = {"COLUMNS": "200"}


def test_refresh_without_network_fails_fast_per_source_and_keeps_the_data(
    store_path, monkeypatch
):
    monkeypatch.delenv("EIA_API_KEY", raising=False)
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    sleeps: list[float] = []
    clients: list[HttpClient] = []

    def client(*, timeout: float, retries: int) -> HttpClient:
        clients.append(HttpClient(timeout=timeout, max_attempts=retries + 1,
                                  sleep=sleeps.append))
        return clients[0]

    monkeypatch.setattr(refresh_command, "make_http_client", client)
    with Store.open(store_path) as store:
        before = sorted(o.key + (o.value,) for o in store.observations())
    result = CliRunner().invoke(cli, ["--store", str(store_path), "refresh"], env=WIDE)
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    keyless = [n for n in source_names() if n not in ("eia",)]
    for name in keyless:
        assert f"{name} " in out
    assert out.count("unreachable, not retried") == len(keyless)  # wbgapi sources too
    assert sleeps == []  # nothing waited for a network that is not there
    assert clients[0].requests_made <= len(keyless)  # one attempt per source at most
    assert "Their previous data is still in the store" in out
    with Store.open(store_path) as store:
        after = sorted(o.key + (o.value,) for o in store.observations())
    assert after == before
