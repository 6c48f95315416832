"""How well and how fast `claimcheck draft` reads claims from article text.

    python -m benchmarks.bench_draft          # writes benchmarks/results/draft.json

Quality, scored by `benchmarks.draft_scoring` (the labelled sets' rule): recall, precision,
fields (value, bound, subject and year all right; and with the counterpart too) and series
top-3, on the project's own labelled set (benchmarks/draft_dev/) and, where present, on the five
real passages of ../shared/draft-dev/ (read from there, never copied). The baseline is what a
competent user would write in a few lines: every number followed by a percent sign or a
currency, read as written (a regex).

The Belarus article (../shared/article/article.txt, where present): its six claims' values,
bounds, subjects and counterparts, and whether `claimcheck check` runs on the drafted file as it
is.

Speed: a 10,000-word article built from the project's own German passages (repeated, each copy
its own paragraph), drafted in this process with the store's series search (median of 5 after
the process's first draft, wall and CPU time, the load average before and after), and the whole
`claimcheck draft` command in its own process (wall, CPU and peak RSS, 5 runs). The command
answers each distinct series question once (`series_search(remember=True)`): the repeated
passages ask the same questions again, so the figure with every search sent to the store is
measured beside it. The store is seeded from the bundled snapshot in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.draft_scoring import Score, load_passages, score_passage  # noqa: E402

DEV = ROOT / "benchmarks" / "draft_dev"
SHARED = ROOT.parent / "shared"
TARGETS = {"recall": 0.90, "precision": 0.85, "fields": 0.85, "series_top3": 0.70,
           "draft_s": 1.0, "rss_mb": 200}
BELARUS_EXPECTED = [  # value, qualitative, subject, counterpart (the bundled claims file)
    (20, False, "BLR", "WLD"), (100, False, "BLR", "RUS"), (40, False, "BLR", "RUS"),
    (55, False, "BLR", "RUS"), (None, True, "BLR", "RUS"), (55, False, "BLR", "RUS")]


def _stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": len(values)}


def score_set(folder: Path, names, search) -> dict:
    from indicators.draft.pipeline import draft_text

    total, baseline = Score(), Score()
    for passage in load_passages(folder):
        result = draft_text(passage.text, names=names, search=search, lang=passage.language,
                            published=dt.date.fromisoformat(passage.published),
                            title=passage.title)
        total.add(score_passage(passage, result.claims))
        baseline.add(score_passage(passage, regex_baseline(passage.text)))
    return {"passages": len(load_passages(folder)), "labels": total.labels,
            "drafts": total.drafts, "matched": total.matched,
            "distractors": total.distractors, "distractors_drafted": total.distractors_drafted,
            "metrics": total.metrics(), "baseline": baseline.metrics(),
            "misses": total.misses, "extras": total.extras, "wrong_fields": total.wrong_fields}


class _Bare:  # the baseline's drafted claim: enough for the scorer
    def __init__(self, start, end, value, unit):
        from indicators.draft.model import Figure

        self.quote_start, self.quote_end, self.value, self.unit = start, end, value, unit
        self.quote = ""
        self.figure = Figure(start, end, value, value)
        self.qualitative, self.bound, self.subject, self.year = False, "exactly", "", 0
        self.counterpart, self.readings = [], []


def regex_baseline(text: str) -> list:
    out = []
    pattern = re.compile(r"([$€£]?)(\d+(?:[.,]\d+)?)\s*(%|Prozent|percent|per cent|"
                         r"Milliarden|billion|bn|Millionen|million)")
    for m in pattern.finditer(text):
        value = float(m.group(2).replace(",", "."))
        scale = {"Milliarden": 1e9, "billion": 1e9, "bn": 1e9, "Millionen": 1e6,
                 "million": 1e6}.get(m.group(3), 1)
        out.append(_Bare(m.start(), m.end(), value * scale, m.group(3)))
    return out


def belarus(store_path: Path) -> dict | None:
    article = SHARED / "article" / "article.txt"
    if not article.exists():
        return None
    from click.testing import CliRunner

    from indicators.claims.load import load_claims
    from indicators.cli import cli

    out = Path(tempfile.mkdtemp()) / "belarus.toml"
    runner = CliRunner()
    env = {"CLAIMCHECK_STORE": str(store_path)}
    drafted = runner.invoke(cli, ["draft", str(article), "--published", "2025-02-20", "-o",
                                  str(out)], env=env)
    if drafted.exit_code != 0:
        return {"drafted": False, "error": drafted.output}
    claims = load_claims(out).claims
    text = out.read_text(encoding="utf-8")
    counterparts = [block.split("counterpart ", 1)[1].split(";")[0].split('"')[0].strip()
                    if "counterpart " in block.split("[[claims.readings]]")[0] else ""
                    for block in text.split("[[claims]]")[1:]]
    got = [(c.value, c.qualitative, c.subject, cp) for c, cp in zip(claims, counterparts,
                                                                   strict=False)]
    right = sum(1 for g in got if g in BELARUS_EXPECTED)
    check = runner.invoke(cli, ["check", "--claims", str(out), "--format", "json"], env=env)
    return {"drafted": True, "claims": len(claims), "right": right,
            "expected": len(BELARUS_EXPECTED), "bounds": [c.bound for c in claims],
            "check_exit": check.exit_code,
            "headline": json.loads(check.stdout)["headline"] if check.exit_code == 0 else ""}


def long_article(words: int = 10_000) -> str:
    texts = [p.text for p in load_passages(DEV) if p.language == "de"]
    out, count = [], 0
    while count < words:
        for text in texts:
            out.append(text)
            count += len(text.split())
            if count >= words:
                break
    return "\n\n".join(out)


def _timed_drafts(text: str, names, make_search, runs: int = 5) -> tuple[list, list, list]:
    """Wall and CPU seconds of ``runs`` drafts, each with a new search (as each command has),
    and the queries the last one sent."""
    from indicators.draft.pipeline import draft_text

    wall, cpu, asked = [], [], []

    def counting(search, asked):
        def ask(words, **kw):
            asked.append((words, kw.get("lang"), kw.get("economy")))
            return search(words, **kw)
        return ask

    for _ in range(runs):
        asked = []
        search = counting(make_search(), asked)
        start, start_cpu = time.perf_counter(), time.process_time()
        draft_text(text, names=names, search=search, lang="de", published=dt.date(2024, 6, 1))
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return wall, cpu, asked


def speed(store_path: Path, store, names) -> dict:
    from indicators.claims.search import series_search
    from indicators.draft.pipeline import draft_text

    text = long_article()
    load_before = list(os.getloadavg())
    start = time.perf_counter()  # cold: the first draft of the process (patterns, name index)
    result = draft_text(text, names=names, search=series_search(store), lang="de",
                        published=dt.date(2024, 6, 1))
    cold = time.perf_counter() - start
    runs, cpu, asked = _timed_drafts(text, names, lambda: series_search(store))
    every_runs, every_cpu, _ = _timed_drafts(
        text, names, lambda: series_search(store, remember=False))
    folder = Path(tempfile.mkdtemp())
    article = folder / "long.txt"
    article.write_text(text, encoding="utf-8")
    cli_runs, cli_cpu, rss = [], [], []
    for _ in range(5):
        start = time.perf_counter()
        proc = subprocess.run(
            [sys.executable, "-c", _CHILD, str(article), str(folder / "long.toml")],
            env={**os.environ, "CLAIMCHECK_STORE": str(store_path)}, capture_output=True,
            text=True, check=True)
        cli_runs.append(time.perf_counter() - start)
        peak, used = proc.stdout.strip().splitlines()[-1].split()
        rss.append(float(peak))
        cli_cpu.append(float(used))
    return {"words": len(text.split()), "claims": len(result.claims),
            "figures": result.figures_found, "searches": len(asked),
            "distinct_searches": len(set(asked)),
            "in_process_s": _stats(runs), "in_process_cpu_s": _stats(cpu),
            "every_search_s": _stats(every_runs), "every_search_cpu_s": _stats(every_cpu),
            "in_process_cold_s": cold, "command_s": _stats(cli_runs),
            "command_cpu_s": _stats(cli_cpu), "command_rss_mb": _stats(rss),
            "load_avg_before": load_before, "load_avg_after": list(os.getloadavg())}


# The whole command in a child process; prints its peak RSS (MB) last.
_CHILD = """
import resource, sys
from indicators.cli import cli
try:
    cli(["draft", sys.argv[1], "--lang", "de", "--published", "2024-06-01", "-o", sys.argv[2]],
        standalone_mode=False)
finally:
    u = resource.getrusage(resource.RUSAGE_SELF)
    print(u.ru_maxrss / 1024, u.ru_utime + u.ru_stime)
"""


def main() -> int:
    from cache.bundle import open_store
    from indicators.claims import economies
    from indicators.claims.search import series_search

    folder = Path(tempfile.mkdtemp(prefix="bench-draft-"))
    store_path = folder / "store.sqlite"
    open_store(store_path).close()
    from cache.store import Store

    store = Store.open(store_path, read_only=True)
    names, search = economies.bundled(), series_search(store)
    report = {"run_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
              "machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0],
                          "load_avg": list(os.getloadavg())},
              "targets": TARGETS,
              "own": score_set(DEV, names, search)}
    shared = SHARED / "draft-dev"
    if (shared / "labels.json").exists():
        report["shared"] = score_set(shared, names, search)
    else:
        report["shared_skipped"] = f"{shared} is absent (only the lead's checkout has it)"
    report["belarus"] = belarus(store_path) or {
        "skipped": f"{SHARED / 'article' / 'article.txt'} is absent"}
    report["speed"] = speed(store_path, store, names)
    store.close()
    out = ROOT / "benchmarks" / "results"
    out.mkdir(parents=True, exist_ok=True)
    (out / "draft.json").write_text(json.dumps(report, indent=2, ensure_ascii=False),
                                    encoding="utf-8")
    for key in ("own", "shared"):
        if key in report:
            m = report[key]["metrics"]
            print(key, {k: (round(v, 3) if v is not None else None) for k, v in m.items()},
                  "baseline", {k: (round(v, 3) if v is not None else None)
                               for k, v in report[key]["baseline"].items()})
    print("belarus", {k: v for k, v in report["belarus"].items() if k != "headline"})
    s = report["speed"]
    print(f"speed: {s['words']} words, {s['claims']} claims, {s['searches']} searches "
          f"({s['distinct_searches']} distinct); in process {s['in_process_s']['median']:.3f} s "
          f"wall, {s['in_process_cpu_s']['median']:.3f} s CPU (every search sent: "
          f"{s['every_search_s']['median']:.3f} s wall, {s['every_search_cpu_s']['median']:.3f}"
          f" s CPU; first of the process {s['in_process_cold_s']:.3f} s); command "
          f"{s['command_s']['median']:.2f} s wall, {s['command_cpu_s']['median']:.2f} s CPU, "
          f"{s['command_rss_mb']['max']:.0f} MB; load average {s['load_avg_before']} → "
          f"{s['load_avg_after']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
