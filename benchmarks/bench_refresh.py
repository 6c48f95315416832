"""Refresh benchmark: the batched World Bank adapter vs what a user would write with wbgapi.

Every pattern runs against a local stub of the World Bank API on 127.0.0.1 (the replay of
tests/wb_replay.py: real API v2 wire format, values from the bundled snapshot) that adds
100 ms to every response, with wbgapi's caches cold at the start of each run. Two cases:

1. **configured** — the packaged config (21 series × 7 economies):
   * ``adapter``: ``WorldBankSource.fetch`` — one ``wbgapi.data.fetch`` for all series ×
     economies (plus its pages), the database record and one metadata request;
   * ``wbgapi``: the call a user writes, one ``wbgapi.data.DataFrame(series, economies)``
     with all the series and economies (one per database), wbgapi's defaults otherwise.
2. **claims** — claims files that read 20 series × 10 economies (written as TOML files in a
   temporary folder, benchmark load: one file per economy, one claim per series; the series
   and economies are those the bundled snapshot has the most values for), as
   ``claimcheck refresh --claims DIR`` fetches them:
   * ``adapter``: ``WorldBankSource(wanted=<what the files read>)`` — the configured
     defaults *and* the claims' series × economies in one batched request (it fetches more
     than the baselines: the union);
   * ``per series``: one ``wbgapi.data.DataFrame(series, economies)`` per series the claims
     read (a script looping over the claims' series);
   * ``per database``: one ``wbgapi.data.DataFrame`` with the claims' 20 series × 10 economies.

wbgapi sends its requests one after another, so every request is on the critical path.
Each pattern runs ``--runs`` times (min / median / max). Target: the adapter's wall time
stays within 1.5× of (requests on the critical path × 100 ms). Prints Markdown tables and
writes ``benchmarks/results/refresh.json`` (git-ignored).

    python -m benchmarks.bench_refresh [--delay 0.1] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import tempfile
import time
import warnings
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the replay lives with the tests, so both share it

import wbgapi  # noqa: E402
from wb_replay import ReplayData, ReplayServer, WbApiReplay, load_replay_data  # noqa: E402

from indicators.claims.load import load_claims  # noqa: E402
from indicators.claims.needs import claims_needs  # noqa: E402
from indicators.sources.base import FetchContext  # noqa: E402
from indicators.sources.http import HttpClient  # noqa: E402
from indicators.sources.wbapi import wbgapi_bound  # noqa: E402
from indicators.sources.worldbank import WorldBankConfig, WorldBankSource, load_config  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "refresh.json"
WALL_RATIO_TARGET = 1.5
CLAIMS_SERIES, CLAIMS_ECONOMIES = 20, 10


@dataclass(frozen=True)
class RunResult:
    pattern: str
    requests: int  # counted by the stub server
    critical_path_requests: int
    wall_s: float
    values: int  # non-blank values received

    def floor_s(self, delay: float) -> float:
        return self.critical_path_requests * delay


def run_pattern(name: str, replay: WbApiReplay, delay: float, runs: int,
                fetch: Callable[[str], int]) -> list[RunResult]:
    """``fetch(endpoint) -> values`` ``runs`` times through one stub. A first, uncounted run
    makes the stub render its pages (its CPU competes with ours on this machine, unlike the
    real API's servers); the others get them pre-rendered. Each run starts with wbgapi's
    caches cold (a new binding empties them)."""
    results = []
    replay.memoize = True
    with ReplayServer(replay, delay=delay) as server:
        for n in range(runs + 1):
            served_before = server.requests_served
            start = time.perf_counter()
            values = fetch(server.endpoint)
            wall = time.perf_counter() - start
            served = server.requests_served - served_before
            if n:
                results.append(RunResult(name, served, served, wall, values))
    return results


def adapter_fetch(config: WorldBankConfig, wanted: dict | None = None) -> Callable[[str], int]:
    def fetch(endpoint: str) -> int:
        source = WorldBankSource(replace(config, endpoint=endpoint), wanted=wanted)
        ctx = FetchContext(http=HttpClient(), clock=lambda: datetime.now(UTC))
        return len(source.fetch(ctx).observations)

    return fetch


def dataframe_fetch(calls: list[tuple[list[str], list[str], int]]) -> Callable[[str], int]:
    """One ``wbgapi.data.DataFrame(series, economies, db=db)`` per call, wbgapi's defaults
    otherwise (per_page 1000); the binding only points wbgapi at the stub."""
    def fetch(endpoint: str) -> int:
        values = 0
        with wbgapi_bound(HttpClient(), endpoint), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # pandas 3 warns about wbgapi's inplace=True
            for series, economies, db in calls:
                frame = wbgapi.data.DataFrame(series, economies, db=db)
                values += int(frame.notna().sum().sum())
        return values

    return fetch


def claims_workload(data: ReplayData, folder: Path) -> tuple[list[str], list[str], dict]:
    """Claims files reading the ``CLAIMS_SERIES`` series × ``CLAIMS_ECONOMIES`` economies the
    snapshot has the most values for; returns (series, economies, what the files read)."""
    series = [s for s, _ in Counter(k[0] for k in data.values).most_common(CLAIMS_SERIES)]
    economies = [e for e, _ in Counter(k[1] for k in data.values).most_common(CLAIMS_ECONOMIES)]
    for economy in economies:  # benchmark load: the quoted figures are placeholders
        claims = "\n".join(
            f'[[claims]]\nid = "c{i}"\nquote = "about 10"\ngloss = "about 10"\nvalue = 10\n'
            f'unit = "percent"\nprecision = 1\n[[claims.readings]]\nid = "r"\n'
            f'meaning = "benchmark load"\n[claims.readings.measure]\nkind = "series"\n'
            f'series = {{ source = "worldbank", series = "{code}", economy = "{economy}" }}\n'
            for i, code in enumerate(series))
        (folder / f"{economy.lower()}.toml").write_text(
            f'[article]\ntitle = "benchmark {economy}"\ndate = "2025-01-01"\nlanguage = "en"\n'
            f'[defaults]\nyear = 2023\nsubject = "{economy}"\n{claims}', encoding="utf-8")
    files = [load_claims(p) for p in sorted(folder.glob("*.toml"))]
    wanted = claims_needs(files)["worldbank"].economies_by_series()
    return series, economies, wanted


def spread(runs: list[RunResult], key: str) -> dict:
    values = [getattr(r, key) for r in runs]
    return {"min": min(values), "median": statistics.median(values), "max": max(values),
            "runs": len(values)}


def report_case(title: str, patterns: dict[str, tuple[str, list[RunResult]]],
                delay: float) -> dict:
    print(f"\n{title}\n")
    print("| pattern | requests | wall | requests × delay | wall ÷ that | values |")
    print("|---|---:|---:|---:|---:|---:|")
    report = {}
    for key, (label, runs) in patterns.items():
        wall, requests = spread(runs, "wall_s"), spread(runs, "requests")
        ratio = [r.wall_s / r.floor_s(delay) for r in runs]
        report[key] = {"label": label, "wall_s": wall, "requests": requests,
                       "wall_vs_floor": {"min": min(ratio), "median": statistics.median(ratio),
                                         "max": max(ratio)},
                       "values": runs[0].values}
        print(f"| {label} | {requests['median']:g} | {wall['median']:.2f} s "
              f"({wall['min']:.2f}–{wall['max']:.2f}) | "
              f"{requests['median'] * delay:.2f} s | {statistics.median(ratio):.2f} | "
              f"{runs[0].values} |")
    met = report["adapter"]["wall_vs_floor"]["median"] <= WALL_RATIO_TARGET
    print(f"\n- adapter wall ÷ (requests × delay) = "
          f"{report['adapter']['wall_vs_floor']['median']:.2f} (target ≤ {WALL_RATIO_TARGET}): "
          f"{'met' if met else 'NOT met'}")
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--delay", type=float, default=0.1, help="seconds added per response")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    delay, runs = args.delay, args.runs

    config = load_config()
    data = load_replay_data()
    load_start = os.getloadavg()
    print(f"World Bank refresh through a local stub adding {delay * 1000:.0f} ms per response; "
          f"min / median / max of {runs} runs")

    configured = report_case(
        f"Configured: {len(config.all_series)} series × {len(config.economies)} economies, "
        f"per_page {config.per_page}",
        {"adapter": ("Claimcheck adapter: WorldBankSource.fetch, batched",
                     run_pattern("adapter", WbApiReplay(data=data), delay, runs,
                                 adapter_fetch(config))),
         "wbgapi": ("one wbgapi.data.DataFrame(series, economies) call per database",
                    run_pattern("wbgapi", WbApiReplay(data=data), delay, runs,
                                dataframe_fetch([(list(d.series), list(config.economies), d.db)
                                                 for d in config.databases])))},
        delay)

    with tempfile.TemporaryDirectory() as tmp:
        series, economies, wanted = claims_workload(data, Path(tmp))
    union = config.with_wanted(wanted)
    claims = report_case(
        f"Claims files reading {len(series)} series × {len(economies)} economies "
        f"({len(economies)} files); the adapter fetches them with the configured defaults: "
        f"{len(union.all_series)} series × {len(union.economies)} economies",
        {"adapter": ("Claimcheck adapter: WorldBankSource(wanted=…) as `refresh --claims` runs "
                     "it, batched (claims ∪ configured defaults)",
                     run_pattern("adapter", WbApiReplay(data=data), delay, runs,
                                 adapter_fetch(config, wanted))),
         "per_series": ("one wbgapi.data.DataFrame(series, economies) call per series",
                        run_pattern("per_series", WbApiReplay(data=data), delay, runs,
                                    dataframe_fetch([([s], economies, 2) for s in series]))),
         "per_database": ("one wbgapi.data.DataFrame(series, economies) call per database",
                          run_pattern("per_database", WbApiReplay(data=data), delay, runs,
                                      dataframe_fetch([(series, economies, 2)])))},
        delay)

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
        "patterns": configured,
        "claims": {"series": len(series), "economies": len(economies),
                   "files": len(economies), "union_series": len(union.all_series),
                   "union_economies": len(union.economies), "patterns": claims},
        "target_wall_vs_floor": WALL_RATIO_TARGET,
        "machine": {"cpus": os.cpu_count(), "load_avg": list(load_start),
                    "load_avg_at_end": list(os.getloadavg())},
    }, indent=2) + "\n")
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
