"""Series search and seeding speed: `claimcheck series search` on the bundled catalogue.

    python -m benchmarks.bench_search [--rounds 20] [--seed-runs 3]

* **seed**: a new store built from the bundled snapshot (what a user's first command waits for),
  each run in its own process: wall time and peak RSS.
* **search**: realistic queries in English and German (an editor's words for the figures
  articles quote), on a seeded store. The *cold* figure is the first query of a fresh process
  (imports, opening the store, the vocabulary, SQLite's page cache empty); the *warm* figures
  are every query repeated ``--rounds`` times in one process (p50 / p95 / max per query). The
  baseline is what a competent user would write without a full-text index: one SQL ``LIKE``
  per word over name and definitions, all words required (no ranking).
* **cli**: ``claimcheck series search …`` as a user runs it (process start to exit).

Writes ``benchmarks/results/search.json`` (git-ignored); `benchmarks.readme_table` puts the
figures into the README. Figures, not assertions.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "search.json"
P95_TARGET_MS = 50.0

# (words, lang): what an editor types to find the series behind an article's figure
QUERIES: list[tuple[str, str]] = [
    ("external debt GNI", "en"), ("remittances GDP", "en"), ("inflation consumer prices", "en"),
    ("GDP growth annual", "en"), ("unemployment youth", "en"), ("exports goods services GDP", "en"),
    ("imports of goods and services", "en"), ("foreign direct investment net inflows", "en"),
    ("FDI inflows", "en"), ("central government debt", "en"), ("energy imports net", "en"),
    ("fuel exports merchandise", "en"), ("GDP per capita current US$", "en"),
    ("population total", "en"), ("official exchange rate", "en"), ("military expenditure", "en"),
    ("life expectancy at birth", "en"), ("CO2 emissions per capita", "en"),
    ("electricity access rural", "en"), ("tax revenue", "en"), ("poverty headcount", "en"),
    ("current account balance", "en"), ("total reserves months of imports", "en"),
    ("tourism receipts", "en"),
    ("Überweisungen BIP", "de"), ("Auslandsverschuldung BNE", "de"),
    ("Direktinvestitionen Zuflüsse", "de"), ("Arbeitslosigkeit Jugend", "de"),
    ("Inflation Verbraucherpreise", "de"), ("BIP Wachstum", "de"), ("Exporte BIP", "de"),
    ("Ausfuhren Waren", "de"), ("Einfuhren Dienstleistungen", "de"), ("Energieimporte", "de"),
    ("Energieverbrauch pro Kopf", "de"), ("Staatsverschuldung", "de"),
    ("Militärausgaben", "de"), ("Bevölkerung", "de"), ("Wechselkurs", "de"),
    ("Lebenserwartung", "de"), ("Stromverbrauch", "de"), ("Leistungsbilanz", "de"),
    ("Devisenreserven", "de"), ("Steuereinnahmen BIP", "de"),
]
TARGETS = [("Überweisungen BIP", "de", "BX.TRF.PWKR.DT.GD.ZS", 3),
           ("external debt GNI", "en", "DT.DOD.DECT.GN.ZS", 1)]

_COLD = """
import json, sys, time
t0 = time.perf_counter()
from cache.store import Store
from indicators.claims.search import search_series
with Store.open(sys.argv[1], read_only=True) as store:
    t1 = time.perf_counter()
    hits = search_series(store, sys.argv[2], lang=sys.argv[3], economy="MDA")
    t2 = time.perf_counter()
print(json.dumps({"import_open_ms": (t1 - t0) * 1000, "first_query_ms": (t2 - t1) * 1000,
                  "hits": len(hits)}))
"""

_SEED = """
import sys, time
t0 = time.perf_counter()
from cache.bundle import create_store
rows = create_store(__import__("pathlib").Path(sys.argv[1]))
print(time.perf_counter() - t0, sum(rows.values()))
"""


def _spread(values: list[float]) -> dict:
    return {"min": min(values), "median": statistics.median(values), "max": max(values),
            "runs": len(values)}


def _p(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def seed(runs: int, folder: Path) -> dict:
    walls, rows = [], 0
    for i in range(runs):
        path = folder / f"seed-{i}.sqlite"
        out = subprocess.run([sys.executable, "-c", _SEED, str(path)], cwd=ROOT, check=True,
                             capture_output=True, text=True).stdout.split()
        walls.append(float(out[0]))
        rows = int(out[1])
    rss_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    size_mb = (folder / "seed-0.sqlite").stat().st_size / 1e6
    return {"wall_s": _spread(walls), "rows": rows, "peak_rss_mb": rss_mb,
            "store_mb": round(size_mb, 1)}


def like_baseline(store_path: Path, words: str) -> int:
    """Every word somewhere in name or definitions (SQL LIKE, no index, no ranking)."""
    import sqlite3

    con = sqlite3.connect(f"file:{store_path}?mode=ro", uri=True)
    parts = [w for w in words.split() if len(w) > 1]
    where = " AND ".join("(name || ' ' || long_definition LIKE ?)" for _ in parts) or "1"
    n = len(con.execute(f"SELECT code FROM catalogue_series WHERE {where}",
                        [f"%{w}%" for w in parts]).fetchall())
    con.close()
    return n


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seed-runs", type=int, default=3)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    from cache.store import Store
    from indicators.claims.search import search_series

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        seeded = seed(args.seed_runs, folder)
        store_path = folder / "seed-0.sqlite"
        print(f"seed: {seeded['rows']:,} rows in {seeded['wall_s']['median']:.2f} s "
              f"(median of {args.seed_runs}), peak RSS {seeded['peak_rss_mb']:.0f} MB, "
              f"store {seeded['store_mb']} MB")

        cold = []
        for words, lang in QUERIES[:: max(1, len(QUERIES) // 8)]:
            out = subprocess.run([sys.executable, "-c", _COLD, str(store_path), words, lang],
                                 cwd=ROOT, check=True, capture_output=True, text=True)
            cold.append(json.loads(out.stdout))
        cli = []
        env = {**os.environ, "CLAIMCHECK_STORE": str(store_path)}
        for words, lang in QUERIES[:5]:
            t = time.perf_counter()
            subprocess.run([sys.executable, "-m", "indicators.cli", "series", "search", words,
                            "--lang", lang, "--economy", "MDA"], cwd=ROOT, env=env, check=True,
                           capture_output=True)
            cli.append(time.perf_counter() - t)

        warm: list[float] = []
        baseline: list[float] = []
        per_query: dict[str, float] = {}
        ranks = {}
        with Store.open(store_path, read_only=True) as store:
            for words, lang in QUERIES:  # one untimed pass: warm caches
                search_series(store, words, lang=lang, economy="MDA")
            for _ in range(args.rounds):
                for words, lang in QUERIES:
                    t = time.perf_counter()
                    search_series(store, words, lang=lang, economy="MDA")
                    ms = (time.perf_counter() - t) * 1000
                    warm.append(ms)
                    per_query[words] = max(per_query.get(words, 0.0), ms)
                    t = time.perf_counter()
                    like_baseline(store_path, words)
                    baseline.append((time.perf_counter() - t) * 1000)
            for words, lang, code, top in TARGETS:
                codes = [h.code for h in search_series(store, words, lang=lang)]
                ranks[words] = {"code": code, "rank": codes.index(code) + 1 if code in codes
                                else None, "target_top": top}

    report = {
        "benchmark": "search",
        "run_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "python": platform.python_version(),
        "machine": {"cpus": os.cpu_count(), "load_avg": list(os.getloadavg())},
        "queries": len(QUERIES), "rounds": args.rounds,
        "languages": sorted({lang for _, lang in QUERIES}),
        "seed": seeded,
        "cold": {"import_open_ms": _spread([c["import_open_ms"] for c in cold]),
                 "first_query_ms": _spread([c["first_query_ms"] for c in cold])},
        "warm": {"p50_ms": _p(warm, 0.5), "p95_ms": _p(warm, 0.95), "max_ms": max(warm),
                 "slowest_query": max(per_query, key=per_query.get)},
        "baseline_like": {"p50_ms": _p(baseline, 0.5), "p95_ms": _p(baseline, 0.95)},
        "cli_s": _spread(cli),
        "targets": ranks,
        "p95_target_ms": P95_TARGET_MS,
    }
    print(f"cold first query: {report['cold']['first_query_ms']['median']:.1f} ms "
          f"(+ {report['cold']['import_open_ms']['median']:.0f} ms imports and opening)")
    print(f"warm: p50 {report['warm']['p50_ms']:.2f} ms, p95 {report['warm']['p95_ms']:.2f} ms, "
          f"max {report['warm']['max_ms']:.2f} ms over {len(warm)} searches "
          f"(target p95 ≤ {P95_TARGET_MS:g} ms)")
    print(f"baseline LIKE: p50 {report['baseline_like']['p50_ms']:.2f} ms, "
          f"p95 {report['baseline_like']['p95_ms']:.2f} ms")
    print(f"CLI: {report['cli_s']['median']:.2f} s per `claimcheck series search`")
    for words, r in ranks.items():
        print(f"{words!r}: {r['code']} at rank {r['rank']} (target: top {r['target_top']})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
