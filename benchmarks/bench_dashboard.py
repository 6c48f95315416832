"""Dashboard benchmark: start-up, callback latency and memory, bundled store and ≈15 M rows.

    python -m benchmarks.bench_dashboard --large-store PATH   # a store bench_import kept
    python -m benchmarks.bench_dashboard --indicators 150     # build a smaller large store
    python -m benchmarks.bench_dashboard --indicators 0       # bundled store only

What it measures (each server is the real `claimcheck dashboard` process, over HTTP):
* start: process start → index page served, and → the overview rendered (layout + the page
  callback), beside the *floor*: a bare Dash app importing the same libraries;
* callback latency: every page, every claim × reading with and without a peer, and all
  three downloads (CSV, XLSX, JSON; plain GETs). Each of ``--runs`` runs starts a fresh
  server, waits until ``/healthz`` says its warm-up (the claims evaluated) is done, and
  times a first pass, a reader's first visit (nothing of the view cached), then
  ``--rounds`` passes of repeat visits answered by the response cache; beside it, another
  fresh server is asked at once, during its warm-up. p95 of each, min / median / max over runs;
* resident memory (RSS) of the server after the run.

The large store is the bundled snapshot plus a SYNTHETIC full-WDI-shaped file imported through
`claimcheck refresh --from-file` in two vintages (benchmarks/bench_import.py: codes SYN…BENCH,
values drawn from a seeded random generator — benchmark load, not data), in a temporary
directory deleted afterwards; it is never shipped, never shown as data. Results go to
benchmarks/results/ (git-ignored). Targets: start ≤ 2× floor; p95 ≤ 50 ms on both stores;
RSS ≤ 250 MB / 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import psutil
import requests

from benchmarks.environment import installed_env

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cache.bundle import open_store  # noqa: E402
from dashboard.probe import callback_request  # noqa: E402

TARGETS = {
    "bundled": {"p95_ms": 50, "rss_mb": 250},
    "large": {"p95_ms": 50, "rss_mb": 1024},
    "start_ratio": 2.0,
}

FLOOR_APP = """
import sys
import dash, flask_compress, plotly.graph_objects  # the dashboard's libraries
from dash import html
app = dash.Dash(__name__)
app.layout = html.Div("floor")
app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
"""


# -- the large store ------------------------------------------------------------------------
def build_large_store(path: Path, indicators: int, env: dict) -> dict:
    """The bundled snapshot plus a synthetic WDI-shaped file in two vintages, imported by the
    real command (see bench_import for what the file holds)."""
    from benchmarks.bench_import import VINTAGE_1, VINTAGE_2, write_wdicsv

    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-wdi-") as tmp:
        for n, (when, count) in enumerate(((VINTAGE_1, indicators),
                                           (VINTAGE_2, max(1, indicators // 10)))):
            file = Path(tmp) / f"v{n}" / "WDICSV.csv"
            file.parent.mkdir()
            write_wdicsv(file, range(count), 7 + n, when)
            subprocess.run([sys.executable, "-m", "indicators.cli", "--store", str(path),
                            "refresh", "--from-file", str(file)], env=env, check=True,
                           capture_output=True)
    return {"indicators": indicators, "seconds": round(time.perf_counter() - started, 1),
            "file_mb": round(path.stat().st_size / 2**20)}


def store_rows(path: Path) -> int:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT count(*) FROM observations").fetchone()[0]
    finally:
        con.close()


# -- serving --------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, deadline: float, session: requests.Session) -> None:
    while time.monotonic() < deadline:
        try:
            if session.get(url, timeout=30).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.01)
    raise TimeoutError(url)


def start_process(cmd: list[str], port: int, env: dict,
                  log=subprocess.DEVNULL) -> tuple[subprocess.Popen, dict]:
    """Start a server (its stderr to ``log``); time the index page."""
    session = requests.Session()
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=log)
    wait_for(base + "/", t0 + 120, session)
    timings = {"index_s": time.monotonic() - t0}
    return proc, timings | {"_t0": t0, "_session": session, "_base": base}


def render_overview(info: dict) -> float:
    session, base = info["_session"], info["_base"]
    assert session.get(base + "/_dash-layout", timeout=120).status_code == 200
    deps = session.get(base + "/_dash-dependencies").json()
    body = callback_request(deps, "page.children", {"url.pathname": "/", "url.search": ""})
    response = session.post(base + "/_dash-update-component", json=body, timeout=120)
    assert response.status_code == 200, response.text[:500]
    return time.monotonic() - info["_t0"]


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


def dashboard_cmd(store: Path, port: int) -> list[str]:
    return [sys.executable, "-m", "indicators.cli", "--store", str(store), "dashboard",
            "--port", str(port)]


def measure_start(store: Path, runs: int, env: dict) -> dict:
    floor: list[float] = []
    index: list[float] = []
    overview: list[float] = []
    for _ in range(runs):
        port = free_port()
        proc, info = start_process([sys.executable, "-c", FLOOR_APP, str(port)], port, env)
        floor.append(info["index_s"])
        stop(proc)
        port = free_port()
        proc, info = start_process(dashboard_cmd(store, port), port, env)
        index.append(info["index_s"])
        overview.append(render_overview(info))
        stop(proc)
    return {
        "spread": {name: {"min": min(v), "median": statistics.median(v), "max": max(v)}
                   for name, v in (("floor", floor), ("index", index), ("overview", overview))},
        "floor_index_s": statistics.median(floor),
        "dashboard_index_s": statistics.median(index),
        "dashboard_overview_s": statistics.median(overview),
        "ratio_index": statistics.median(index) / statistics.median(floor),
        "ratio_overview": statistics.median(overview) / statistics.median(floor),
        "runs": runs,
    }


# -- callback latency ------------------------------------------------------------------------
def workload(store: Path) -> list[tuple[str, str, dict, list[str] | None]]:
    """(label, output, values, changed) for every view a reader can open."""
    from cache.store import Store
    from indicators.judge.compare import evaluate_article

    with Store.open(store, read_only=True) as s:
        result = evaluate_article(s)
    calls: list = [("page /", "page.children", {"url.pathname": "/", "url.search": ""}, None),
                   ("page /table", "page.children",
                    {"url.pathname": "/table", "url.search": ""}, None)]
    for c in result.claims:
        cid = c.claim.id
        calls.append((f"page /claim/{cid}", "page.children",
                      {"url.pathname": f"/claim/{cid}", "url.search": ""}, None))
        for r in c.readings:
            base = {"reading-select.value": r.reading_id,
                    "claim-ref.data": {"article": "belarus_2025", "claim": cid}}
            calls.append((f"reading {cid}/{r.reading_id}", "detail-body",
                          {**base, "peer-select.value": []}, None))
            if r.peers:
                calls.append((f"reading {cid}/{r.reading_id} + peer", "detail-body",
                              {**base, "peer-select.value": [r.peers[0].economy]}, None))
    for fmt in ("csv", "xlsx", "json"):  # plain GETs: the CLI export's files
        calls.append((f"download {fmt}", "GET", {"path": f"/download.{fmt}"}, None))
    return calls


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=100)[94]


def wait_warm(info: dict, deadline_s: float = 120) -> float:
    """Poll /healthz until the server's warm-up is done; seconds from its start."""
    session, base = info["_session"], info["_base"]
    while time.monotonic() - info["_t0"] < deadline_s:
        if session.get(base + "/healthz", timeout=30).json().get("warm"):
            return time.monotonic() - info["_t0"]
        time.sleep(0.05)
    raise RuntimeError(f"{base}: not warmed up after {deadline_s} s")


def measure_callbacks(store: Path, rounds: int, runs: int, env: dict) -> dict:
    """Each run starts a fresh server twice. The first one is asked at once, while its
    warm-up is still evaluating the claims (*during warm-up*). The second one is asked once
    /healthz says it is warm: its first pass over every view is a reader's first visit
    (nothing of that view cached: not the response, not its series), and ``rounds`` more
    passes are repeat visits (the response cache answers). p95 per run, min/median/max."""
    calls = workload(store)
    first: list[list[float]] = []
    early: list[list[float]] = []
    cached: list[list[float]] = []
    slowest: dict[str, float] = {}
    first_call: list[float] = []
    warm_s: list[float] = []
    rss = 0.0
    for _ in range(runs):
        for waits in (False, True):
            port = free_port()
            log = tempfile.TemporaryFile("w+")  # the server's stderr, shown if a call fails
            proc, info = start_process(dashboard_cmd(store, port), port, env, log)
            try:
                session, base = info["_session"], info["_base"]
                if waits:
                    warm_s.append(wait_warm(info))
                deps = session.get(base + "/_dash-dependencies").json()
                bodies = [(label, values["path"] if out == "GET" else
                           callback_request(deps, out, values, changed))
                          for label, out, values, changed in calls]
                url = base + "/_dash-update-component"

                def call(body, session=session, base=base, url=url):
                    if isinstance(body, str):  # a download: a plain GET
                        return session.get(base + body, timeout=300)
                    return session.post(url, json=body, timeout=300)

                passes = (first if waits else early)
                passes.append([])
                if waits:
                    cached.append([])
                for round_no in range(1 + rounds if waits else 1):
                    for label, body in bodies:
                        t = time.perf_counter()
                        response = call(body)
                        elapsed = time.perf_counter() - t
                        if response.status_code != 200:
                            log.seek(0)
                            raise AssertionError(f"{label}: HTTP {response.status_code}; the "
                                                 f"server said: {log.read()[-3000:]}")
                        (passes if round_no == 0 else cached)[-1].append(elapsed)
                        if round_no == 0 and waits:
                            slowest[label] = max(slowest.get(label, 0.0), elapsed)
                if not waits:
                    first_call.append(early[-1][0])
                rss = max(rss, psutil.Process(proc.pid).memory_info().rss / 2**20)
            finally:
                stop(proc)
                log.close()
    every_cached = [t for run in cached for t in run]
    every_first = [t for run in first for t in run]
    q = statistics.quantiles(every_cached, n=100)
    q1 = statistics.quantiles(every_first, n=100)

    def spread(per_run: list[list[float]], quantile) -> dict:
        v = [quantile(r) * 1000 for r in per_run]
        return {"min": min(v), "median": statistics.median(v), "max": max(v), "runs": len(v)}

    return {
        "first_call_s": statistics.median(first_call),
        "calls": len(every_cached) + len(every_first),
        "distinct_calls": len(calls),
        "p50_ms": q[49] * 1000,
        "p95_ms": q[94] * 1000,
        "p95_runs_ms": spread(cached, p95),
        "p50_runs_ms": spread(cached, statistics.median),
        "first_round_p50_ms": q1[49] * 1000,
        "first_round_p95_ms": q1[94] * 1000,
        "first_p95_runs_ms": spread(first, p95),
        "during_warm_up_p95_runs_ms": spread(early, p95),
        "warm_s": statistics.median(warm_s),
        "max_ms": max(every_cached) * 1000,
        "slowest_first_visit": sorted(((k, round(v * 1000, 1)) for k, v in slowest.items()),
                                      key=lambda kv: -kv[1])[:5],
        "rss_mb": rss,
    }


# -- report ---------------------------------------------------------------------------------
def run_case(name: str, store: Path, args, env: dict) -> dict:
    print(f"[{name}] start-up ({args.start_runs} runs each)…", flush=True)
    start = measure_start(store, args.start_runs, env)
    print(f"[{name}] callbacks ({args.rounds} rounds)…", flush=True)
    callbacks = measure_callbacks(store, args.rounds, args.runs, env)
    return {"store": name, "start": start, "callbacks": callbacks}


def verdicts(results: list[dict]) -> list[str]:
    lines = []
    for r in results:
        key = "bundled" if r["store"] == "bundled" else "large"
        t = TARGETS[key]
        s, c = r["start"], r["callbacks"]
        ok = {k: "ok" if s[k] <= TARGETS["start_ratio"] else "MISSED"
              for k in ("ratio_index", "ratio_overview")}
        cold_ok = ("ok" if c["first_p95_runs_ms"]["median"] <= t["p95_ms"] else "MISSED")
        lines.append(
            f"{r['store']}: start → index page {s['dashboard_index_s']:.2f} s "
            f"({s['ratio_index']:.2f}× floor, {ok['ratio_index']}), → overview rendered "
            f"{s['dashboard_overview_s']:.2f} s ({s['ratio_overview']:.2f}× floor, "
            f"{ok['ratio_overview']}); floor {s['floor_index_s']:.2f} s; "
            f"callbacks p50 {c['p50_ms']:.1f} ms, p95 {c['p95_ms']:.1f} ms "
            f"[{'ok' if c['p95_ms'] <= t['p95_ms'] else 'MISSED'} ≤ {t['p95_ms']} ms] "
            f"(first visit, nothing cached: p50 {c['first_round_p50_ms']:.1f} ms, "
            f"p95 {c['first_p95_runs_ms']['median']:.1f} ms [{cold_ok}]; warm "
            f"{c['warm_s']:.1f} s after start; asked during the warm-up: p95 "
            f"{c['during_warm_up_p95_runs_ms']['median']:.1f} ms); "
            f"first call {c['first_call_s'] * 1000:.0f} ms; RSS {c['rss_mb']:.0f} MB "
            f"[{'ok' if c['rss_mb'] <= t['rss_mb'] else 'MISSED'} ≤ {t['rss_mb']} MB]"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--large-store", type=Path,
                        help="a large store to measure (bench_import --keep-store)")
    parser.add_argument("--indicators", type=int, default=1500,
                        help="without --large-store: synthetic indicators to build one from "
                             "(0: bundled store only)")
    parser.add_argument("--rounds", type=int, default=4, help="passes over every callback per run")
    parser.add_argument("--runs", type=int, default=5, help="runs to take min/median/max of")
    parser.add_argument("--start-runs", type=int, default=5, help="start-ups to take a median")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()

    env = installed_env()
    results = []
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as tmp:
        bundled = Path(tmp) / "bundled.sqlite"
        open_store(bundled).close()
        results.append(run_case("bundled", bundled, args, env))
        large, generated = args.large_store, None
        if large is None and args.indicators:
            large = Path(tmp) / "large.sqlite"
            print(f"importing {args.indicators} synthetic indicators into {large}…", flush=True)
            generated = build_large_store(large, args.indicators, env)
            print(f"  {generated}", flush=True)
        if large is not None:
            rows = store_rows(large)
            case = run_case(f"{rows / 1e6:.1f} M rows", large, args, env)
            case["rows"] = rows
            case["generated"] = generated
            results.append(case)

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                    "load_avg_at_end": os.getloadavg()},
        "targets": TARGETS,
        "results": results,
        "summary": verdicts(results),
    }
    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / f"dashboard-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    (args.output / "dashboard.json").write_text(out.read_text())  # the latest, for the README
    print("\n".join(report["summary"]))
    print(f"details: {out}")


if __name__ == "__main__":
    main()
