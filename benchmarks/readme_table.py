"""Write the README's benchmark figures from the benchmarks' own result files.

    python -m benchmarks.readme_table   # after the five benchmarks (make bench runs them)

Replaces what lies between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` in README.md
with tables built from benchmarks/results/{refresh,import,dashboard,load,paint,publish}
.json: no figure in that section is typed by hand. A benchmark whose result file is absent
keeps its table as the README has it (from its own earlier run), so one benchmark can be
rerun alone.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"
README = ROOT / "README.md"
START, END = "<!-- bench:start -->", "<!-- bench:end -->"


def spread(s: dict, unit: str = "s", digits: int = 2) -> str:
    """median (min–max)"""
    f = f"{{:.{digits}f}}"
    return (f"{f.format(s['median'])} {unit} ({f.format(s['min'])}–{f.format(s['max'])}, "
            f"{s.get('runs', '?')} runs)")


def ok(met: bool) -> str:
    return "met" if met else "**not met**"


def refresh_table(r: dict) -> list[str]:
    lines = [
        f"**Refresh** (`bench_refresh`): a local stub of the World Bank API adding "
        f"{r['delay_s'] * 1000:.0f} ms per response, {r['series']} series × {r['economies']} "
        "economies, cold wbgapi caches; wall time median (min–max).",
        "",
        "| pattern | requests | wall | wall ÷ (requests × delay) |",
        "|---|---:|---:|---:|",
    ]
    for p in r["patterns"].values():
        lines.append(f"| {p['label']} | {p['requests']['median']:g} | {spread(p['wall_s'])} | "
                     f"{p['wall_vs_floor']['median']:.2f} |")
    return lines


def import_table(r: dict) -> list[str]:
    t = r["targets"]
    imp, re_, one, st, hl = r["import"], r["reimport"], r["one_more"], r["status"], r["help"]
    import_met = (imp["wall_s"]["median"] <= t["import_s"]
                  and imp["rss_mb"]["max"] <= t["import_rss_mb"])
    lines = [
        f"**Bulk import** (`bench_import`): a synthetic WDICSV.csv of {r['indicators']:,} "
        f"indicators × {r['economies']} economies × {r['years']} ({r['values']:,} values, "
        f"{r['file_mb']} MB; benchmark load from a seeded generator, not data), each step the "
        f"real `claimcheck` command in its own process; the store ends with "
        f"{r['store_rows']:,} rows. Load average at the start: "
        f"{', '.join(f'{x:.1f}' for x in r['machine']['load_avg'])} on "
        f"{r['machine']['cpus']} cores.",
        "",
        "| step | wall, median (min–max) | peak RSS | target | |",
        "|---|---|---:|---|---|",
        f"| import into a new store | {spread(imp['wall_s'], digits=1)} | "
        f"{imp['rss_mb']['max']:.0f} MB | ≤ {t['import_s']} s, ≤ {t['import_rss_mb']} MB | "
        f"{ok(import_met)} |",
        f"| re-import the same file | {spread(re_['wall_s'], digits=1)} | "
        f"{re_['rss_mb']['max']:.0f} MB | ≤ {t['reimport_s']} s, store unchanged | "
        f"{ok(re_['wall_s']['median'] <= t['reimport_s'] and re_['unchanged'])} |",
        f"| a later vintage of {r['second_vintage']['indicators']} indicators | "
        f"{r['second_vintage']['wall_s']:.1f} s (1 run) | "
        f"{r['second_vintage']['rss_mb']:.0f} MB | – | |",
        f"| one more indicator into the big store | {spread(one['wall_s'])} | "
        f"{one['rss_mb']['max']:.0f} MB | ≤ {t['one_more_s']} s | "
        f"{ok(one['wall_s']['median'] <= t['one_more_s'])} |",
        f"| `claimcheck status` on the big store | {spread(st['wall_s'])} | | "
        f"≤ {t['status_s']} s | {ok(st['wall_s']['median'] <= t['status_s'])} |",
        f"| `claimcheck --help` | {spread(hl['wall_s'], digits=3)} | | ≤ {t['help_ratio']}× "
        f"`python -c \"import click\"` ({hl['import_click_s']['median']:.3f} s): "
        f"{hl['ratio']:.2f}× | {ok(hl['ratio'] <= t['help_ratio'])} |",
    ]
    if "pandas" in r:
        p = r["pandas"]
        lines.append(f"| baseline: pandas `read_csv` + `melt` + `to_sql`, same file (one bare "
                     "table: no row checks, provenance, vintages or indexes) | "
                     f"{p['wall_s']:.1f} s (1 run) | {p['rss_mb']:.0f} MB | – | |")
    return lines


def dashboard_table(r: dict) -> list[str]:
    lines = [
        "**Dashboard** (`bench_dashboard`): the real `claimcheck dashboard` process over HTTP; "
        "every page, claim × reading (with and without a peer) and the CSV, XLSX and JSON "
        "downloads; p95 per run, median (min–max) over the runs. Load average "
        f"at the end: {', '.join(f'{x:.1f}' for x in r['machine'].get('load_avg_at_end', []))}"
        ".",
        "",
        "| store | start → index page | start → overview | callbacks p50 | callbacks p95 "
        "| RSS | targets |",
        "|---|---|---|---:|---|---:|---|",
    ]
    for case in r["results"]:
        s, c = case["start"], case["callbacks"]
        key = "bundled" if case["store"] == "bundled" else "large"
        t = r["targets"][key]
        met = (c["p95_runs_ms"]["median"] <= t["p95_ms"] and c["rss_mb"] <= t["rss_mb"]
               and s["ratio_overview"] <= r["targets"]["start_ratio"])
        lines.append(
            f"| {case['store']} | {s['dashboard_index_s']:.2f} s ({s['ratio_index']:.2f}× floor) "
            f"| {s['dashboard_overview_s']:.2f} s ({s['ratio_overview']:.2f}× floor) "
            f"| {c['p50_runs_ms']['median']:.1f} ms "
            f"| {spread(c['p95_runs_ms'], 'ms', 1)} | {c['rss_mb']:.0f} MB "
            f"| p95 ≤ {t['p95_ms']} ms, ≤ {t['rss_mb']} MB, start ≤ 2× floor: {ok(met)} |")
    return lines


def load_table(r: dict) -> list[str]:
    runs = {run["clients"]: run for run in r["runs"]}
    met_50 = 50 in runs and runs[50]["errors"] == 0 and runs[50]["p99_ms"] <= 400
    met_200 = 200 in runs and runs[200]["errors"] == 0
    lines = [
        f"**Load** (`bench_load`): {r['server']} on 127.0.0.1, clients in an asyncio loop "
        f"beside it on the same {r['cpus']} cores, no think time; each client repeats page views "
        "(index, layout, dependencies, the page callback; reading callbacks on claim pages); "
        "static bundles not fetched (browser-cached).",
        "",
        "| clients | duration | requests | errors | p50 | p95 | p99 |",
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in r["runs"]:
        lines.append(f"| {run['clients']} | {run['seconds']:.1f} s | {run['requests']:,} | "
                     f"{run['errors']} | {run['p50_ms']:.1f} ms | {run['p95_ms']:.1f} ms | "
                     f"{run['p99_ms']:.1f} ms |")
    lines += ["", f"Targets: 50 clients → 0 errors and p99 ≤ 400 ms: {ok(met_50)}; "
              f"200 clients → 0 errors: {ok(met_200)}."]
    return lines


def paint_table(r: dict) -> list[str]:
    """First chart painted in Chromium, cold and warm, per page (bench_paint)."""
    t = r["targets"]
    lines = [
        f"**Paint** (`bench_paint`): the real `claimcheck dashboard` on the bundled store, each "
        "page opened in headless Chromium; *cold*: a new browser with an empty cache and a "
        "freshly started server that has served nothing yet; *warm*: the same page again in "
        "the same browser (its HTTP cache full; the page answered from the server's per-state "
        "cache — a cache hit). Times from navigation start to the heading painted and to the "
        f"first chart's data drawn; median (min–max) of {r['runs']} runs. Floor: a bare Dash "
        "app serving one dcc.Graph of the same figure. Load average at the end: "
        f"{', '.join(f'{x:.1f}' for x in r['machine']['load_avg'])} on "
        f"{r['machine']['cpus']} cores.",
        "",
        "| page | heading, cold | first chart, cold | first chart, warm | transferred, cold "
        "(uncompressed) | grid bundle |",
        "|---|---|---|---|---|---|",
    ]
    rows = [(page, v) for page, v in r["pages"].items()] + [("floor: one dcc.Graph",
                                                               r["floor"])]
    for page, v in rows:
        cold, warm = v["cold"], v["warm"]
        chart = (spread(cold["chart_s"]), spread(warm["chart_s"])) if cold["chart_s"] \
            else ("–", "–")
        lines.append(f"| `{page}` | {spread(cold['text_s'])} | {chart[0]} | {chart[1]} | "
                     f"{cold['transfer_kb']:,.0f} kB ({cold['decoded_kb']:,.0f} kB) | "
                     f"{'loaded' if cold['grid'] else 'none'} |")
    worst = r["worst_claim_chart_s"]
    lines += ["", f"Targets: first chart ≤ {t['cold_s']} s cold: {ok(r['met']['cold'])} "
              f"(slowest claim page {worst['cold']:.2f} s); ≤ {t['warm_s']} s warm: "
              f"{ok(r['met']['warm'])} (slowest {worst['warm']:.2f} s)."]
    return lines


def publish_table(r: dict) -> list[str]:
    t = r["targets"]
    cold, reuse = r["publish_cold_s"], r["publish_reuse_s"]
    loaded, chart = r["as_loaded"], r["with_chart"]
    paint, interactive = r["paint_s"], r["interactive_s"]
    return [
        f"**Publish** (`bench_publish`): the real `claimcheck publish` of the bundled article "
        f"({r['pages']} pages, {r['images']} chart pictures and share cards) into a new folder; "
        "the claim page in headless Chromium over `python -m http.server`, a new browser (empty "
        f"cache) per run. Load average {', '.join(map(str, r['load_start']))} at the start, "
        f"{', '.join(map(str, r['load_end']))} at the end, on {r['cpus']} cores.",
        "",
        "| measure | figure | target | |",
        "|---|---|---|---|",
        f"| publish, cold (every image made): wall | {spread(cold, 's', 1)} "
        f"| ≤ {t['publish_s']:.0f} s | {ok(cold['median'] <= t['publish_s'])} |",
        f"| publish, cold: CPU time (user + system of the process tree, Chromium's "
        f"renderers included) "
        f"| {spread(r['publish_cold_cpu_s'], 's', 1)} | – | |",
        f"| publish into the previous site (unchanged images reused: a cache hit) "
        f"| {spread(reuse, 's', 1)} | – | |",
        f"| claim page as loaded ({loaded['files']} files), gzip "
        f"| {loaded['gzip_mb'] * 1000:.0f} kB ({loaded['raw_mb'] * 1000:.0f} kB uncompressed) "
        f"| ≤ {t['page_mb']:.0f} MB | {ok(loaded['gzip_mb'] <= t['page_mb'])} |",
        f"| the same page once a chart is made interactive (plotly.js loaded), gzip "
        f"| {chart['gzip_mb']:.2f} MB ({chart['raw_mb']:.1f} MB uncompressed; plotly.js's "
        f"basic bundle alone "
        f"{r['plotly_gzip_mb']:.2f} MB) | ≤ {t['page_mb']:.0f} MB "
        f"| {ok(chart['gzip_mb'] <= t['page_mb'])} |",
        f"| first chart painted (its picture), cold | {spread(paint, 's', 2)} "
        f"| ≤ {t['paint_s']:.0f} s | {ok(paint['median'] <= t['paint_s'])} |",
        f"| reaching for a chart → interactive chart drawn, cold | {spread(interactive, 's', 2)}"
        " | – | |",
    ]


BENCHMARKS = (("refresh", refresh_table), ("import", import_table),
              ("dashboard", dashboard_table), ("load", load_table), ("paint", paint_table),
              ("publish", publish_table))


def existing_sections(block: str) -> dict[str, str]:
    """The README's current table of each benchmark (each ends with its ``<sub>`` line)."""
    out, start = {}, 0
    for m in re.finditer(r"<sub>(\w+): run [^<]*</sub>", block):
        out[m[1]] = block[start:m.end()].strip()
        start = m.end()
    return out


def main() -> int:
    text = README.read_text()
    head, rest = text.split(START, 1)
    current, tail = rest.split(END, 1)
    kept = existing_sections(current)
    sections = []
    for name, build in BENCHMARKS:
        path = RESULTS / f"{name}.json"
        if not path.exists():
            if name in kept:
                sections.append(kept[name])
                continue
            print(f"missing {path.relative_to(ROOT)}: run its benchmark first", file=sys.stderr)
            return 2
        data = json.loads(path.read_text())
        sections.append("\n".join(build(data)) + f"\n\n<sub>{name}: run "
                        f"{data.get('run_at') or data.get('when')}</sub>")
    README.write_text(f"{head}{START}\n" + "\n\n".join(sections) + f"\n{END}{tail}")
    print(f"wrote the benchmark tables into {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
