"""Load test: N concurrent readers with no think time against the dashboard on gunicorn.

    python -m benchmarks.bench_load                       # 50 clients 60 s, then 200 clients 30 s
    python -m benchmarks.bench_load --clients 50 --seconds 60 --no-second

It seeds a store from the bundled snapshot in a temporary directory, starts
``gunicorn -c dashboard/gunicorn_conf.py dashboard.app:server`` on 127.0.0.1 (a free port),
and runs the clients in this process beside it (the same 2-core machine). Each client loops
over *page views* the way the browser makes them (keep-alive connection): ``GET /``,
``GET /_dash-layout``, ``GET /_dash-dependencies`` and the page callback (``POST
/_dash-update-component``) for the overview, a claim page or the table, and on claim pages the
reading callback too. Static JS/CSS bundles are not fetched: browsers cache them (and a
reverse proxy serves them in production). Bounded: a fixed number of clients for a fixed time,
loopback only. Prints requests, errors, p50/p95/p99 and writes JSON to benchmarks/results/.
Targets: 50 clients → 0 errors, p99 ≤ 400 ms; 200 clients → 0 errors.

The client is a small asyncio HTTP/1.1 loop instead of locust or httpx: no extra dependency,
and it costs the shared CPU far less than a full client library, so the figures measure the
server rather than the load generator.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from dashboard.probe import callback_request  # noqa: E402

TARGETS = {"p99_ms_50": 400}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Connection:
    """One keep-alive HTTP/1.1 connection (Content-Length or chunked responses)."""

    def __init__(self, port: int):
        self.port = port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> tuple[int, bytes]:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)
        head = (f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{self.port}\r\n"
                "Connection: keep-alive\r\nAccept: */*\r\n")
        if body:
            head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
        self.writer.write(head.encode() + b"\r\n" + body)
        await self.writer.drain()
        status_line = await self.reader.readline()
        if not status_line:
            raise ConnectionError("connection closed")
        status = int(status_line.split()[1])
        headers = {}
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            key, _, value = line.decode("latin-1").partition(":")
            headers[key.strip().lower()] = value.strip()
        if headers.get("transfer-encoding") == "chunked":
            data = b""
            while (size := int((await self.reader.readline()).strip(), 16)):
                data += await self.reader.readexactly(size)
                await self.reader.readline()
            await self.reader.readline()
        else:
            data = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection") == "close":
            await self.close()
        return status, data

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None


def page_views(deps: list[dict], claims: list[dict]) -> list[list[tuple[str, str, bytes]]]:
    """The request sequence of each kind of page view."""
    def page(path: str) -> bytes:
        return json.dumps(callback_request(deps, "page.children", {
            "url.pathname": path, "url.search": ""})).encode()

    shell = [("GET", "/", b""), ("GET", "/_dash-layout", b""),
             ("GET", "/_dash-dependencies", b"")]
    views = [shell + [("POST", "/_dash-update-component", page("/"))],
             shell + [("POST", "/_dash-update-component", page("/table"))]]
    for claim in claims:
        cid = claim["claim"]["id"]
        views.append(shell + [("POST", "/_dash-update-component", page(f"/claim/{cid}"))])
        for r in claim["readings"]:
            views.append([("POST", "/_dash-update-component", json.dumps(callback_request(
                deps, "detail-body", {"reading-select.value": r["reading_id"],
                                      "peer-select.value": [],
                                      "claim-ref.data": {"article": "belarus_2025",
                                                         "claim": cid}},
                ["reading-select.value"])).encode())])
    return views


async def run_clients(port: int, views, clients: int, seconds: float) -> dict:
    latencies: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    async def client(i: int) -> None:
        conn = Connection(port)
        n = i
        while time.monotonic() < deadline:
            for method, path, body in views[n % len(views)]:
                started = time.perf_counter()
                try:
                    status, _ = await conn.request(method, path, body)
                    if status != 200:
                        errors.append(f"{status} {method} {path}")
                except Exception as exc:  # counted, never hidden
                    errors.append(f"{type(exc).__name__} {method} {path}")
                    await conn.close()
                latencies.append(time.perf_counter() - started)
            n += 1
        await conn.close()

    started = time.monotonic()
    await asyncio.gather(*(client(i) for i in range(clients)))
    elapsed = time.monotonic() - started
    ms = sorted(x * 1000 for x in latencies)

    def pct(p: float) -> float:
        return round(ms[min(len(ms) - 1, int(p / 100 * len(ms)))], 1) if ms else float("nan")

    return {"clients": clients, "seconds": round(elapsed, 1), "requests": len(ms),
            "errors": len(errors), "error_kinds": sorted(set(errors))[:10],
            "rps": round(len(ms) / elapsed, 1), "p50_ms": pct(50), "p95_ms": pct(95),
            "p99_ms": pct(99), "max_ms": round(ms[-1], 1) if ms else None,
            "mean_ms": round(statistics.fmean(ms), 1) if ms else None}


def start_server(store: Path, port: int) -> subprocess.Popen:
    env = {**os.environ, "CLAIMCHECK_STORE": str(store), "PORT": str(port)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", str(ROOT / "dashboard" / "gunicorn_conf.py"),
         "dashboard.app:server"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return proc
        except OSError:
            if proc.poll() is not None:
                raise SystemExit("gunicorn exited: "
                                 + proc.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    proc.terminate()
    raise SystemExit("gunicorn did not start within 60 s")


async def prepare(port: int) -> list:
    conn = Connection(port)
    status, deps = await conn.request("GET", "/_dash-dependencies")
    assert status == 200
    # warm every page once (the first evaluation of the claims is not what we measure)
    status, _ = await conn.request("GET", "/_dash-layout")
    await conn.close()
    return json.loads(deps)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--second-clients", type=int, default=200)
    parser.add_argument("--second-seconds", type=float, default=30)
    parser.add_argument("--no-second", action="store_true")
    args = parser.parse_args(argv)

    from click.testing import CliRunner

    from cache.bundle import open_store
    from indicators.cli import cli

    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store.sqlite"
        open_store(store).close()
        claims = json.loads(CliRunner().invoke(
            cli, ["--store", str(store), "check", "--format", "json"]).stdout)["claims"]
        port = free_port()
        proc = start_server(store, port)
        try:
            deps = asyncio.run(prepare(port))
            views = page_views(deps, claims)
            # one pass over every view so each worker has built its caches
            asyncio.run(run_clients(port, views, clients=4, seconds=3))
            runs = [asyncio.run(run_clients(port, views, args.clients, args.seconds))]
            if not args.no_second:
                runs.append(asyncio.run(run_clients(port, views, args.second_clients,
                                                    args.second_seconds)))
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    report = {"when": datetime.now(UTC).isoformat(timespec="seconds"),
              "server": "gunicorn -c dashboard/gunicorn_conf.py (gthread)",
              "cpus": os.cpu_count(), "runs": runs}
    for run in runs:
        print(f"{run['clients']:>4} clients {run['seconds']:>5} s: {run['requests']} requests "
              f"({run['rps']}/s), {run['errors']} errors, p50 {run['p50_ms']} ms, "
              f"p95 {run['p95_ms']} ms, p99 {run['p99_ms']} ms, max {run['max_ms']} ms")
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "load.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    ok = runs[0]["errors"] == 0 and runs[0]["p99_ms"] <= TARGETS["p99_ms_50"] and all(
        r["errors"] == 0 for r in runs)
    print("targets met" if ok else "TARGETS MISSED")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
