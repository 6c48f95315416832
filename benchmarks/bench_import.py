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
* baselines on the same file (`benchmarks.import_baselines`): the plain-Python floor (csv →
  float → executemany into a bare table), DuckDB's read_csv + UNPIVOT (a reference line, not a
  product dependency), pandas read_csv + melt + to_sql. The import's CPU time (user + sys, what
  the machine spent, whatever else ran beside it) against the floor's — target ≤ 1.0×;
* hostile input: a 1 GB WDICSV.csv of one row repeated (every repeat a rejected duplicate,
  counted not kept: memory stays flat), and a zip of a few MB that would unpack to 1.2 GB
  (refused unread).

Each figure is min / median / max of ``--runs`` runs (the 15 M imports: ``--import-runs``).
The import and the floor are run alternately, so a change in the machine's load hits both.
Writes benchmarks/results/import.json; ``--keep-store PATH`` keeps the big store (for
bench_dashboard's ``--large-store``).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import json
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.environment import installed_env
from benchmarks.import_baselines import DUCKDB, FLOOR, PANDAS

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "import.json"
YEARS = list(range(1960, 2025))
ECONOMIES = 266
SECOND_VINTAGE = 20  # indicators re-issued in a later vintage, so the store holds two
FILL = 0.6  # share of cells with a value: ≈15.5 M of 1,500 × 266 × 65
VINTAGE_1 = datetime(2025, 7, 1, tzinfo=UTC)  # file dates of the synthetic downloads
VINTAGE_2 = datetime(2025, 12, 16, tzinfo=UTC)
TARGETS = {"import_s": 60, "import_rss_mb": 1024, "reimport_s": 1.0, "one_more_s": 2,
           "status_s": 0.3, "help_ratio": 2.0, "cpu_vs_floor": 1.0, "hostile_rss_mb": 500}
REPEATED_BYTES = 1 << 30  # the repeated-row file
BOMB_BYTES = 1_200_000_000  # what the zip bomb's member unpacks to


def hostile_inputs(tmp_dir: Path, template: Path, env: dict, size: int) -> dict:
    """A file of ``size`` bytes of one row repeated, and a zip that would unpack to 1.2 GB."""
    out: dict = {}
    row_file = tmp_dir / "repeated" / "WDICSV.csv"
    row_file.parent.mkdir()
    write_repeated(row_file, size)
    store = tmp_dir / "hostile.sqlite"
    shutil.copyfile(template, store)
    print(f"one repeated row, {row_file.stat().st_size / 2**30:.2f} GB…", flush=True)
    run = timed(claimcheck(store, "refresh", "--from-file", str(row_file)), env)
    rejected = int(re.search(r"rejected (\d+) rows", run["stdout"]).group(1))
    out["repeated"] = {"file_mb": row_file.stat().st_size / 2**20, "rejected": rejected,
                       **{k: run[k] for k in ("wall_s", "cpu_s", "rss_mb")}}
    print(f"  {run['wall_s']:.1f} s, {run['rss_mb']:.0f} MB, {rejected:,} rows rejected",
          flush=True)
    row_file.unlink()
    bomb = tmp_dir / "bomb" / "WDI_CSV.zip"
    bomb.parent.mkdir()
    write_bomb(bomb, BOMB_BYTES)
    run = timed(claimcheck(store, "refresh", "--from-file", str(bomb)), env, ok=(2,))
    out["zip_bomb"] = {"packed_mb": bomb.stat().st_size / 2**20,
                       "unpacks_mb": BOMB_BYTES / 2**20, "exit": run["exit"],
                       "message": run["stderr"].strip().splitlines()[0][:300],
                       **{k: run[k] for k in ("wall_s", "cpu_s", "rss_mb")}}
    print(f"  zip bomb: exit {run['exit']} in {run['wall_s']:.2f} s, {run['rss_mb']:.0f} MB",
          flush=True)
    return out


def _one_row() -> tuple[str, str]:
    series, name = indicator(0)
    rng = random.Random(1)
    cells = [f"{rng.random() * 1000:.6g}" for _ in YEARS]
    header = ",".join(["Country Name", "Country Code", "Indicator Name", "Indicator Code",
                       *map(str, YEARS)])
    return header + "\n", ",".join(['"Synthetic economy QAA"', "QAA", f'"{name}"', series,
                                    *cells]) + "\n"


def write_repeated(path: Path, size: int) -> None:
    """WDICSV.csv-shaped: the header, then one row repeated until the file has ``size`` bytes."""
    header, row = _one_row()
    block = (row * max(1, (1 << 20) // len(row))).encode()
    with path.open("wb") as fh:
        fh.write(header.encode())
        written = len(header)
        while written < size:
            fh.write(block)
            written += len(block)


def write_bomb(path: Path, size: int) -> None:
    """A WDI_CSV.zip whose WDICSV.csv (one row repeated) unpacks to ``size`` bytes."""
    header, row = _one_row()
    block = (row * max(1, (1 << 20) // len(row))).encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf, \
            zf.open("WDICSV.csv", "w", force_zip64=True) as member:
        member.write(header.encode())
        written = len(header)
        while written < size:
            member.write(block)
            written += len(block)


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


def timed(cmd: list[str], env: dict, ok: tuple[int, ...] = (0,)) -> dict:
    """Wall time, CPU time (user + sys) and peak RSS of one command (GNU time)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as tf:
        t = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", tf.name, *cmd],
                              env=env, capture_output=True, text=True)
        wall = time.perf_counter() - t
        if proc.returncode not in ok:
            raise RuntimeError(f"{cmd} exited {proc.returncode}: {proc.stderr[-2000:]}"
                               f"{proc.stdout[-2000:]}")
        user, system, rss_kb = tf.read().strip().splitlines()[-1].split()
    return {"wall_s": wall, "cpu_s": float(user) + float(system), "rss_mb": int(rss_kb) / 1024,
            "stdout": proc.stdout, "stderr": proc.stderr, "exit": proc.returncode}


def baseline(script: str, src: Path, out: Path, env: dict) -> dict:
    for leftover in (out, out.with_name(out.name + ".wal")):
        leftover.unlink(missing_ok=True)
    run = timed([sys.executable, "-c", script, str(src), str(out)], env)
    run["values"] = int(run["stdout"].strip().splitlines()[-1])
    out.unlink(missing_ok=True)
    return run


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
    parser.add_argument("--repeated-mb", type=int, default=REPEATED_BYTES >> 20,
                        help="size of the repeated-row file (1024: the README's figure)")
    args = parser.parse_args(argv)
    env = installed_env(COLUMNS="200")
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

        runs, floors = [], []
        for n in range(args.import_runs):
            target = tmp_dir / f"import-{n}.sqlite"
            shutil.copyfile(template, target)
            print(f"import run {n + 1}…", flush=True)
            runs.append(timed(claimcheck(target, "refresh", "--from-file", str(full)), env))
            print(f"  {runs[-1]['wall_s']:.1f} s, CPU {runs[-1]['cpu_s']:.1f} s, "
                  f"{runs[-1]['rss_mb']:.0f} MB", flush=True)
            if n == 0:
                target.rename(big)
            else:
                target.unlink()
            floors.append(baseline(FLOOR, full, tmp_dir / "floor.sqlite", env))
            print(f"  plain-Python floor: CPU {floors[-1]['cpu_s']:.1f} s", flush=True)
        report["import"] = {"wall_s": stats(runs), "rss_mb": stats(runs, "rss_mb"),
                            "cpu_s": stats(runs, "cpu_s")}
        report["floor"] = {"wall_s": stats(floors), "cpu_s": stats(floors, "cpu_s"),
                           "rss_mb": stats(floors, "rss_mb"), "values": floors[0]["values"]}
        report["cpu_vs_floor"] = [r["cpu_s"] / f["cpu_s"] for r, f in zip(runs, floors,
                                                                          strict=True)]
        if importlib.util.find_spec("duckdb") is not None:
            ducks = [baseline(DUCKDB, full, tmp_dir / "duck.db", env)
                     for _ in range(args.import_runs)]
            report["duckdb"] = {"wall_s": stats(ducks), "cpu_s": stats(ducks, "cpu_s"),
                                "rss_mb": stats(ducks, "rss_mb"), "values": ducks[0]["values"]}
            print(f"  DuckDB: CPU {report['duckdb']['cpu_s']['median']:.1f} s", flush=True)

        before = store_rows(big)
        runs = []
        for n in range(args.runs):
            runs.append(timed(claimcheck(big, "refresh", "--from-file", str(full)), env))
            print(f"re-import run {n + 1}: {runs[-1]['wall_s']:.1f} s", flush=True)
        report["reimport"] = {"wall_s": stats(runs), "rss_mb": stats(runs, "rss_mb"),
                              "cpu_s": stats(runs, "cpu_s"),
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
            run = baseline(PANDAS, full, tmp_dir / "pandas.sqlite", env)
            report["pandas"] = {k: run[k] for k in ("wall_s", "cpu_s", "rss_mb", "values")}
            print(f"  {run['wall_s']:.1f} s, {run['rss_mb']:.0f} MB", flush=True)

        report["hostile"] = hostile_inputs(tmp_dir, template, env, args.repeated_mb << 20)

        if args.keep_store:
            shutil.move(big, args.keep_store)

    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
