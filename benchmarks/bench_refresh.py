"""Refresh benchmark: the batched World Bank adapter vs the usual notebook pattern.

Both run, in the same process and run, against a local stub of the World Bank API on 127.0.0.1
(the replay of tests/wb_replay.py: real API v2 wire format, values from the bundled snapshot)
that adds 100 ms to every response, with wbgapi's caches cold at the start:

* ``adapter``: ``WorldBankSource.fetch`` — one ``wbgapi.data.fetch`` for all series × economies
  (plus its pages), the database record and one metadata request;
* ``notebook``: one ``wbgapi.data.DataFrame(series, economy)`` per series and economy.

wbgapi sends its requests one after another, so every request is on the critical path.
Targets: the adapter makes at least 10× fewer requests, and its wall time stays within 1.5× of
(requests on the critical path × 100 ms). Prints a Markdown table and writes
``benchmarks/results/refresh.json`` (git-ignored).

    python -m benchmarks.bench_refresh [--delay 0.1]
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
import warnings
from dataclasses import asdict, dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the replay lives with the tests, so both share it

import wbgapi  # noqa: E402
from wb_replay import ReplayServer, WbApiReplay, load_replay_data  # noqa: E402

from indicators.sources.base import FetchContext  # noqa: E402
from indicators.sources.http import HttpClient  # noqa: E402
from indicators.sources.wbapi import wbgapi_bound  # noqa: E402
from indicators.sources.worldbank import WorldBankConfig, WorldBankSource, load_config  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "refresh.json"
REQUEST_RATIO_TARGET = 10.0
WALL_RATIO_TARGET = 1.5


@dataclass(frozen=True)
class RunResult:
    pattern: str
    requests: int  # counted by the stub server
    critical_path_requests: int
    wall_s: float
    values: int  # non-blank values received

    def floor_s(self, delay: float) -> float:
        return self.critical_path_requests * delay


def run_adapter(config: WorldBankConfig, replay: WbApiReplay, delay: float) -> list[RunResult]:
    """Two fetches through one stub: the first makes the stub render its pages (its CPU competes
    with ours on this machine, unlike the real API's servers); the second gets them pre-rendered.
    wbgapi's caches are cold for both (the binding empties them)."""
    results = []
    replay.memoize = True
    with ReplayServer(replay, delay=delay) as server:
        source = WorldBankSource(replace(config, endpoint=server.endpoint))
        for label in ("stub rendering", "stub pre-rendered"):
            ctx = FetchContext(http=HttpClient(), clock=lambda: datetime.now(UTC))
            served_before = server.requests_served
            start = time.perf_counter()
            batch = source.fetch(ctx)
            wall = time.perf_counter() - start
            served = server.requests_served - served_before
            results.append(RunResult(f"adapter: WorldBankSource.fetch, batched ({label})",
                                     served, served, wall, len(batch.observations)))
    return results


def run_notebook(config: WorldBankConfig, replay: WbApiReplay, delay: float) -> RunResult:
    values = 0
    with ReplayServer(replay, delay=delay) as server:
        # wbgapi's defaults otherwise (per_page 1000); the binding only points it at the stub.
        with wbgapi_bound(HttpClient(), server.endpoint), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas 3 warns about wbgapi's inplace=True
            start = time.perf_counter()
            for database in config.databases:
                for series in database.series:
                    for economy in config.economies:
                        frame = wbgapi.data.DataFrame(series, economy, db=database.db)
                        values += int(frame.notna().sum().sum())
            wall = time.perf_counter() - start
        served = server.requests_served
    return RunResult("notebook: one wbgapi.data.DataFrame per series × economy", served, served,
                     wall, values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delay", type=float, default=0.1, help="seconds added per response")
    args = parser.parse_args(argv)
    delay = args.delay

    config = load_config()
    data = load_replay_data()
    adapter_cold, adapter = run_adapter(config, WbApiReplay(data=data), delay)
    notebook = run_notebook(config, WbApiReplay(data=data), delay)

    request_ratio = notebook.requests / adapter.requests
    rows = []
    for r in (adapter_cold, adapter, notebook):
        rows.append(
            f"| {r.pattern} | {r.requests} | {r.critical_path_requests} | {r.wall_s:.2f} s "
            f"| {r.floor_s(delay):.2f} s | {r.wall_s / r.floor_s(delay):.2f} | {r.values} |"
        )
    targets = {
        "requests_ratio": {"value": round(request_ratio, 2), "target": f">= {REQUEST_RATIO_TARGET}",
                           "met": request_ratio >= REQUEST_RATIO_TARGET},
        "adapter_wall_vs_floor": {
            "value": round(adapter.wall_s / adapter.floor_s(delay), 3),
            "run": adapter.pattern,
            "with_stub_rendering": round(adapter_cold.wall_s / adapter_cold.floor_s(delay), 3),
            "target": f"<= {WALL_RATIO_TARGET}",
            "met": adapter.wall_s <= WALL_RATIO_TARGET * adapter.floor_s(delay),
        },
    }
    print(f"World Bank refresh through a local stub adding {delay * 1000:.0f} ms per response "
          f"({len(config.all_series)} series × {len(config.economies)} economies, "
          f"per_page {config.per_page})\n")
    print("| pattern | requests | on critical path | wall | critical path × delay "
          "| wall ÷ that | values |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print("\n".join(rows))
    print()
    verdict = {True: "met", False: "NOT met"}
    print(f"- requests: notebook ÷ adapter = {request_ratio:.1f}× "
          f"(target ≥ {REQUEST_RATIO_TARGET:g}×): {verdict[targets['requests_ratio']['met']]}")
    print(f"- adapter wall ÷ (critical-path requests × delay), stub pre-rendered = "
          f"{targets['adapter_wall_vs_floor']['value']:.2f} (target ≤ {WALL_RATIO_TARGET}): "
          f"{verdict[targets['adapter_wall_vs_floor']['met']]}")

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "benchmark": "refresh",
        "run_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "python": platform.python_version(),
        "wbgapi": getattr(wbgapi, "__version__", ""),
        "delay_s": delay,
        "series": len(config.all_series),
        "economies": len(config.economies),
        "per_page": config.per_page,
        "runs": [asdict(adapter_cold), asdict(adapter), asdict(notebook)],
        "targets": targets,
    }, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0 if all(t["met"] for t in targets.values()) else 1


if __name__ == "__main__":
    raise SystemExit(main())
