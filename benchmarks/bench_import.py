"""Bulk-import benchmark: the full WDI through `claimcheck refresh --from-file`, and what follows.

    python -m benchmarks.bench_import                    # ≈1,500 indicators × 266 economies
    python -m benchmarks.bench_import --indicators 150   # a tenth of it

The input is a SYNTHETIC file in the shape of the World Bank's WDICSV.csv (header `Country Name,
Country Code,Indicator Name,Indicator Code,1960,…,2024`, one row per economy × indicator, ≈60 %
of the cells filled, ≈15.5 M values at full size). Its codes say SYN/BENCH and its values are
benchmark load drawn from ``random.Random(seed)``: not statistics, written to a temporary
folder, deleted afterwards, never committed, never near the snapshot or a test.

Every step runs the real command in its own process, timed with its peak memory (GNU time):

* ``import``: the whole file into a new store (the bundled snapshot only) — target ≤ 60 s, ≤ 1 GB;
* ``re-import``: the same file again — target ≤ 30 s, and nothing changes (checked);
* a second vintage of 20 indicators, so the big store holds ≥ 2 vintages;
* ``one more indicator`` into the 15 M store — target ≤ 2 s;
* ``status`` on the 15 M store — target ≤ 0.3 s;
* ``claimcheck --help`` against ``python -c "import click"`` — target ≤ 2×;
* baseline, same file: pandas ``read_csv`` + ``melt`` + ``to_sql`` into SQLite.

Each figure is min / median / max of ``--runs`` runs (the 15 M imports: ``--import-runs``).
Writes benchmarks/results/import.json; ``--keep-store PATH`` keeps the big store (for
bench_dashboard's ``--large-store``).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "import.json"
YEARS = list(range(1960, 2025))
ECONOMIES = 266
SECOND_VINTAGE = 20  # indicators re-issued in a later vintage, so the store holds two
FILL = 0.6  # share of cells with a value: ≈15.5 M of 1,500 × 266 × 65
VINTAGE_1 = datetime(2025, 7, 1, tzinfo=UTC)  # file dates of the synthetic downloads
VINTAGE_2 = datetime(2025, 12, 16, tzinfo=UTC)
TARGETS = {"import_s": 60, "import_rss_mb": 1024, "reimport_s": 30, "one_more_s": 2,
           "status_s": 0.3, "help_ratio": 2.0}

PANDAS_BASELINE = """
import sqlite3, sys
import pandas as pd
frame = pd.read_csv(sys.argv[1])
long = frame.melt(id_vars=["Country Name", "Country Code", "Indicator Name", "Indicator Code"],
                  var_name="year", value_name="value").dropna(subset=["value"])
con = sqlite3.connect(sys.argv[2])
long.to_sql("observations", con, index=False, chunksize=100_000)
con.close()
print(len(long))
"""


def economy_codes() -> list[str]:
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    return [f"Q{letters[i // 26]}{letters[i % 26]}" for i in range(ECONOMIES)]  # not ISO codes


def indicator(i: int) -> tuple[str, str]:
    return f"SYN.{i:04d}.BENCH", f"Synthetic benchmark indicator {i} (not data)"


def write_wdicsv(path: Path, indicators: range, seed: int, when: datetime) -> int:
    """A WDICSV.csv-shaped file of benchmark load; returns the number of values."""
    rng = random.Random(seed)
    values = 0
    with path.open("w", newline="", encoding="utf-8-sig") as fh:
        out = csv.writer(fh)
        out.writerow(["Country Name", "Country Code", "Indicator Name", "Indicator Code",
                      *map(str, YEARS)])
        for code in economy_codes():
            for i in indicators:
                series, name = indicator(i)
                cells = [f"{rng.random() * 1000:.6g}" if rng.random() < FILL else ""
                         for _ in YEARS]
                values += sum(1 for c in cells if c)
                out.writerow([f"Synthetic economy {code}", code, name, series, *cells])
    os.utime(path, (when.timestamp(), when.timestamp()))
    return values


def timed(cmd: list[str], env: dict) -> dict:
    """Wall time and peak RSS of one command (GNU time), failing loudly if it fails."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", tf.name, *cmd], env=env,
                              capture_output=True, text=True)
        wall = time.perf_counter() - t
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd} exited {proc.returncode}: {proc.stderr[-2000:]}"
                               f"{proc.stdout[-2000:]}")
        rss_kb = int(tf.read().strip().splitlines()[-1])
    return {"wall_s": wall, "rss_mb": rss_kb / 1024, "stdout": proc.stdout}


def stats(runs: list[dict], key: str = "wall_s") -> dict:
    values = [r[key] for r in runs]
    return {"min": min(values), "median": statistics.median(values), "max": max(values),
            "runs": len(values)}


def claimcheck(store: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "indicators.cli", "--store", str(store), *args]


def store_rows(store: Path) -> tuple[int, list]:
    con = sqlite3.connect(store)
    try:
        n = con.execute("SELECT count(*) FROM observations").fetchone()[0]
        digest = con.execute(
            "SELECT count(*), sum(is_current), total(value) FROM observations").fetchone()
        return n, list(digest)
    finally:
        con.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indicators", type=int, default=1500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--import-runs", type=int, default=1)
    parser.add_argument("--seed", type=int, default=20251)
    parser.add_argument("--keep-store", type=Path, help="keep the big store here")
    parser.add_argument("--skip-pandas", action="store_true")
    args = parser.parse_args(argv)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "COLUMNS": "200"}
    report: dict = {"benchmark": "import", "indicators": args.indicators,
                    "economies": ECONOMIES, "years": f"{YEARS[0]}–{YEARS[-1]}",
                    "run_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
                    "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                                "load_avg": os.getloadavg()},
                    "targets": TARGETS}

    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-import-") as tmp:
        tmp_dir = Path(tmp)
        print(f"writing a synthetic WDICSV.csv: {args.indicators} indicators × {ECONOMIES} "
              "economies…", flush=True)
        full = tmp_dir / "v1" / "WDICSV.csv"
        full.parent.mkdir()
        report["values"] = write_wdicsv(full, range(args.indicators), args.seed, VINTAGE_1)
        report["file_mb"] = round(full.stat().st_size / 2**20)
        second = tmp_dir / "v2" / "WDICSV.csv"
        second.parent.mkdir()
        write_wdicsv(second, range(min(SECOND_VINTAGE, args.indicators)), args.seed + 1, VINTAGE_2)
        print(f"  {report['values']:,} values, {report['file_mb']} MB", flush=True)

        template = tmp_dir / "template.sqlite"
        subprocess.run(claimcheck(template, "refresh", "--offline"), env=env, check=True,
                       capture_output=True)
        big = tmp_dir / "big.sqlite"

        runs = []
        for n in range(args.import_runs):
            target = tmp_dir / f"import-{n}.sqlite"
            shutil.copyfile(template, target)
            print(f"import run {n + 1}…", flush=True)
            runs.append(timed(claimcheck(target, "refresh", "--from-file", str(full)), env))
            print(f"  {runs[-1]['wall_s']:.1f} s, {runs[-1]['rss_mb']:.0f} MB", flush=True)
            if n == 0:
                target.rename(big)
            else:
                target.unlink()
        report["import"] = {"wall_s": stats(runs), "rss_mb": stats(runs, "rss_mb")}

        before = store_rows(big)
        runs = []
        for n in range(args.runs):
            runs.append(timed(claimcheck(big, "refresh", "--from-file", str(full)), env))
            print(f"re-import run {n + 1}: {runs[-1]['wall_s']:.1f} s", flush=True)
        report["reimport"] = {"wall_s": stats(runs), "rss_mb": stats(runs, "rss_mb"),
                              "unchanged": store_rows(big) == before}

        run = timed(claimcheck(big, "refresh", "--from-file", str(second)), env)
        report["second_vintage"] = {"indicators": min(SECOND_VINTAGE, args.indicators),
                                    "wall_s": run["wall_s"], "rss_mb": run["rss_mb"]}
        print(f"second vintage: {run['wall_s']:.1f} s", flush=True)

        runs = []
        for n in range(args.runs):
            one = tmp_dir / f"one-{n}" / "WDICSV.csv"
            one.parent.mkdir()
            write_wdicsv(one, range(args.indicators + n, args.indicators + n + 1),
                         args.seed + 10 + n, VINTAGE_2)
            runs.append(timed(claimcheck(big, "refresh", "--from-file", str(one)), env))
            print(f"one more indicator run {n + 1}: {runs[-1]['wall_s']:.2f} s", flush=True)
        report["one_more"] = {"wall_s": stats(runs), "rss_mb": stats(runs, "rss_mb")}
        report["store_rows"] = store_rows(big)[0]

        runs = [timed(claimcheck(big, "status"), env) for _ in range(args.runs)]
        report["status"] = {"wall_s": stats(runs)}
        print(f"status: {report['status']['wall_s']['median']:.2f} s", flush=True)

        helps = [timed([sys.executable, "-m", "indicators.cli", "--help"], env)
                 for _ in range(args.runs)]
        clicks = [timed([sys.executable, "-c", "import click"], env) for _ in range(args.runs)]
        report["help"] = {"wall_s": stats(helps), "import_click_s": stats(clicks),
                          "ratio": statistics.median(r["wall_s"] for r in helps)
                          / statistics.median(r["wall_s"] for r in clicks)}

        if not args.skip_pandas:
            print("pandas baseline…", flush=True)
            run = timed([sys.executable, "-c", PANDAS_BASELINE, str(full),
                         str(tmp_dir / "pandas.sqlite")], env)
            report["pandas"] = {"wall_s": run["wall_s"], "rss_mb": run["rss_mb"],
                                "values": int(run["stdout"].strip() or 0)}
            print(f"  {run['wall_s']:.1f} s, {run['rss_mb']:.0f} MB", flush=True)

        if args.keep_store:
            shutil.move(big, args.keep_store)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
