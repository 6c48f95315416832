"""Dashboard benchmark: start-up, callback latency and memory, bundled store and 10 M rows.

    python benchmarks/bench_dashboard.py                 # bundled store + 10 M-row store
    python benchmarks/bench_dashboard.py --rows 1000000  # a smaller synthetic store
    python benchmarks/bench_dashboard.py --rows 0        # bundled store only

What it measures (each server is the real `claimcheck dashboard` process, over HTTP):
* start: process start → index page served, and → the overview rendered (layout + the page
  callback), beside the *floor*: a bare Dash app importing the same libraries (median of runs);
* callback latency p50/p95: every page, every claim × reading with and without a peer, the URL
  callback and a CSV download, repeated; the first (cold) call is reported apart;
* resident memory (RSS) of the server after the run.

The large store is the bundled snapshot plus SYNTHETIC rows (source "synthetic-benchmark",
dataset and note saying so), written to a temporary directory and deleted afterwards; it is
never shipped, never shown as data. Results go to benchmarks/results/ (git-ignored).
Targets: start ≤ 2× floor; p95 ≤ 50 ms (bundled) and ≤ 150 ms (10 M); RSS ≤ 250 MB / 1 GB.
"""

from __future__ import annotations

import argparse
import json
import os
import random
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

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cache.bundle import open_store  # noqa: E402
from dashboard.probe import callback_request  # noqa: E402

SYNTHETIC_SOURCE = "synthetic-benchmark"
SYNTHETIC_DATASET = "SYNTHETIC benchmark rows (not data)"
TARGETS = {
    "bundled": {"p95_ms": 50, "rss_mb": 250},
    "large": {"p95_ms": 150, "rss_mb": 1024},
    "start_ratio": 2.0,
}

FLOOR_APP = """
import sys
import dash, dash_ag_grid, plotly.graph_objects  # the dashboard's libraries
from dash import html
app = dash.Dash(__name__)
app.layout = html.Div("floor")
app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
"""


# -- the synthetic store ------------------------------------------------------------------
def generate_large_store(path: Path, rows: int, *, batch: int = 200_000, seed: int = 1) -> dict:
    """The bundled snapshot plus ``rows`` synthetic observations, clearly marked as such."""
    started = time.perf_counter()
    open_store(path).close()  # the real data first, seeded the normal way
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA cache_size=-400000")
    now = datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    cur = conn.execute(
        "INSERT INTO refreshes(source, kind, started_at, finished_at, status, rows, detail) "
        "VALUES (?, 'file', ?, ?, 'ok', ?, ?)",
        (SYNTHETIC_SOURCE, now, now, rows, "synthetic rows for the benchmark only"),
    )
    refresh_id = cur.lastrowid
    # Some rows reuse the real series codes (with synthetic economies), so the index the
    # dashboard's queries use is as crowded around its keys as elsewhere.
    real_series = [r[0] for r in conn.execute("SELECT DISTINCT series FROM observations")]
    years = list(range(1975, 2025))
    economies = [f"X{i:03d}" for i in range(200)]
    rng = random.Random(seed)

    def generate():
        n = 0
        k = 0
        while n < rows:
            series = real_series[k % len(real_series)] if k % 10 == 0 else f"SYNTH.{k:06d}"
            k += 1
            for economy in economies:
                for year in years:
                    if n >= rows:
                        return
                    n += 1
                    yield (SYNTHETIC_SOURCE, SYNTHETIC_DATASET, series, economy, year,
                           rng.random() * 100, "synthetic", now, "synthetic:benchmark",
                           "SYNTHETIC benchmark row, not data", refresh_id)

    sql = (
        "INSERT INTO observations(source, dataset, series, economy, year, value, unit, "
        "retrieved_at, origin, note, refresh_id) VALUES (?,?,?,?,?,?,?,?,?,?,?)"
    )
    gen = generate()
    while True:
        chunk = [row for _, row in zip(range(batch), gen, strict=False)]
        if not chunk:
            break
        conn.executemany(sql, chunk)
        conn.commit()
    # Every synthetic key has one vintage, so each row is its key's current one.
    conn.execute("UPDATE observations SET is_current=1 WHERE source=?", (SYNTHETIC_SOURCE,))
    conn.commit()
    total = conn.execute("SELECT count(*) FROM observations").fetchone()[0]
    conn.close()
    return {"rows_total": total, "rows_synthetic": rows,
            "seconds": round(time.perf_counter() - started, 1),
            "file_mb": round(path.stat().st_size / 2**20)}


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


def start_process(cmd: list[str], port: int, env: dict) -> tuple[subprocess.Popen, dict]:
    """Start a server; time the index page and (for the dashboard) the rendered overview."""
    session = requests.Session()
    base = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
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
    floor, index, overview = [], [], []
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
    from indicators.compare import evaluate_article

    with Store.open(store, read_only=True) as s:
        result = evaluate_article(s)
    calls: list = [("page /", "page.children", {"url.pathname": "/", "url.search": ""}, None),
                   ("page /table", "page.children",
                    {"url.pathname": "/table", "url.search": ""}, None)]
    # (view-state is None: the page callback renders, as on a first visit)
    for c in result.claims:
        cid = c.claim.id
        calls.append((f"page /claim/{cid}", "page.children",
                      {"url.pathname": f"/claim/{cid}", "url.search": ""}, None))
        for r in c.readings:
            base = {"reading-select.value": r.reading_id, "claim-id.data": cid}
            calls.append((f"reading {cid}/{r.reading_id}", "reading-chart",
                          {**base, "peer-select.value": []}, None))
            if r.peers:
                calls.append((f"reading {cid}/{r.reading_id} + peer", "reading-chart",
                              {**base, "peer-select.value": [r.peers[0].economy]}, None))
            calls.append((f"url {cid}/{r.reading_id}", "url.search",
                          {"reading-select.value": r.reading_id, "peer-select.value": [],
                           "url.pathname": f"/claim/{cid}", "url.search": ""},
                          ["reading-select.value"]))
    calls.append(("download csv", "download.data", {"download-csv.n_clicks": 1},
                  ["download-csv.n_clicks"]))
    return calls


def measure_callbacks(store: Path, rounds: int, env: dict) -> dict:
    port = free_port()
    proc, info = start_process(dashboard_cmd(store, port), port, env)
    try:
        session, base = info["_session"], info["_base"]
        deps = session.get(base + "/_dash-dependencies").json()
        calls = workload(store)
        bodies = [(label, callback_request(deps, out, values, changed))
                  for label, out, values, changed in calls]
        url = base + "/_dash-update-component"
        cold = []
        for label, body in bodies[:1]:
            t = time.perf_counter()
            assert session.post(url, json=body, timeout=300).status_code == 200, label
            cold.append(time.perf_counter() - t)
        times: list[float] = []
        first_round: list[float] = []  # each view's first call: its series not cached yet
        slowest: dict[str, float] = {}
        for round_no in range(rounds):
            for label, body in bodies:
                t = time.perf_counter()
                response = session.post(url, json=body, timeout=300)
                elapsed = time.perf_counter() - t
                assert response.status_code == 200, (label, response.text[:300])
                times.append(elapsed)
                if round_no == 0:
                    first_round.append(elapsed)
                slowest[label] = max(slowest.get(label, 0.0), elapsed)
        rss = psutil.Process(proc.pid).memory_info().rss
        q = statistics.quantiles(times, n=100)
        q1 = statistics.quantiles(first_round, n=100)
        return {
            "first_call_s": cold[0],
            "calls": len(times),
            "distinct_calls": len(bodies),
            "p50_ms": q[49] * 1000,
            "p95_ms": q[94] * 1000,
            "first_round_p50_ms": q1[49] * 1000,
            "first_round_p95_ms": q1[94] * 1000,
            "max_ms": max(times) * 1000,
            "slowest": sorted(((k, round(v * 1000, 1)) for k, v in slowest.items()),
                              key=lambda kv: -kv[1])[:5],
            "rss_mb": rss / 2**20,
        }
    finally:
        stop(proc)


# -- report ---------------------------------------------------------------------------------
def run_case(name: str, store: Path, args, env: dict) -> dict:
    print(f"[{name}] start-up ({args.start_runs} runs each)…", flush=True)
    start = measure_start(store, args.start_runs, env)
    print(f"[{name}] callbacks ({args.rounds} rounds)…", flush=True)
    callbacks = measure_callbacks(store, args.rounds, env)
    return {"store": name, "start": start, "callbacks": callbacks}


def verdicts(results: list[dict]) -> list[str]:
    lines = []
    for r in results:
        key = "bundled" if r["store"] == "bundled" else "large"
        t = TARGETS[key]
        s, c = r["start"], r["callbacks"]
        ok = {k: "ok" if s[k] <= TARGETS["start_ratio"] else "MISSED"
              for k in ("ratio_index", "ratio_overview")}
        cold_ok = "ok" if c["first_round_p95_ms"] <= t["p95_ms"] else "MISSED"
        lines.append(
            f"{r['store']}: start → index page {s['dashboard_index_s']:.2f} s "
            f"({s['ratio_index']:.2f}× floor, {ok['ratio_index']}), → overview rendered "
            f"{s['dashboard_overview_s']:.2f} s ({s['ratio_overview']:.2f}× floor, "
            f"{ok['ratio_overview']}); floor {s['floor_index_s']:.2f} s; "
            f"callbacks p50 {c['p50_ms']:.1f} ms, p95 {c['p95_ms']:.1f} ms "
            f"[{'ok' if c['p95_ms'] <= t['p95_ms'] else 'MISSED'} ≤ {t['p95_ms']} ms] "
            f"(first pass, nothing cached: p50 {c['first_round_p50_ms']:.1f} ms, "
            f"p95 {c['first_round_p95_ms']:.1f} ms [{cold_ok}]); "
            f"first call {c['first_call_s'] * 1000:.0f} ms; RSS {c['rss_mb']:.0f} MB "
            f"[{'ok' if c['rss_mb'] <= t['rss_mb'] else 'MISSED'} ≤ {t['rss_mb']} MB]"
        )
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000_000,
                        help="synthetic rows in the large store (0: bundled store only)")
    parser.add_argument("--rounds", type=int, default=20, help="passes over every callback")
    parser.add_argument("--start-runs", type=int, default=5, help="start-ups to take a median")
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    results = []
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-") as tmp:
        bundled = Path(tmp) / "bundled.sqlite"
        open_store(bundled).close()
        results.append(run_case("bundled", bundled, args, env))
        if args.rows:
            large = Path(tmp) / "large.sqlite"
            print(f"generating {args.rows:,} synthetic rows in {large}…", flush=True)
            generated = generate_large_store(large, args.rows)
            print(f"  {generated}", flush=True)
            case = run_case(f"{args.rows / 1e6:g} M rows", large, args, env)
            case["generated"] = generated
            results.append(case)

    report = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
        "targets": TARGETS,
        "results": results,
        "summary": verdicts(results),
    }
    args.output.mkdir(parents=True, exist_ok=True)
    out = args.output / f"dashboard-{datetime.now(UTC):%Y%m%dT%H%M%S}.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print("\n".join(report["summary"]))
    print(f"details: {out}")


if __name__ == "__main__":
    main()
