"""Write the README's benchmark figures from the benchmarks' own result files.

    python -m benchmarks.readme_table   # after the benchmarks (make bench runs them all)
    python -m benchmarks.readme_table --only draft   # just the drafting table

Replaces what lies between ``<!-- bench:start -->`` and ``<!-- bench:end -->`` in README.md
with tables built from
benchmarks/results/{refresh,import,dashboard,load,search,paint,publish}.json, and what
lies between ``<!-- bench-draft:start -->`` and ``<!-- bench-draft:end -->`` from
draft.json: no figure in those sections is typed by hand. A benchmark whose result file is
missing keeps the table the README has for it (written by an earlier run, with its run date),
and says so.
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
DRAFT_START, DRAFT_END = "<!-- bench-draft:start -->", "<!-- bench-draft:end -->"


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
        "economies, cold wbgapi caches; wall time median (min–max)."
        + (f" Load average at the start: {', '.join(f'{x:.1f}' for x in m['load_avg'])} on "
           f"{m['cpus']} cores." if (m := r.get("machine")) else ""),
        "",
        "| pattern | requests | wall | wall ÷ (requests × delay) |",
        "|---|---:|---:|---:|",
    ]
    for p in r["patterns"].values():
        lines.append(f"| {p['label']} | {p['requests']['median']:g} | {spread(p['wall_s'])} | "
                     f"{p['wall_vs_floor']['median']:.2f} |")
    if c := r.get("claims"):
        lines += [
            "",
            f"Claims files reading {c['series']} series × {c['economies']} economies "
            f"({c['files']} files, benchmark load), as `claimcheck refresh --claims DIR` fetches "
            f"them: the adapter asks for them together with the configured defaults "
            f"({c['union_series']} series × {c['union_economies']} economies), the baselines "
            "for the claims' series and economies only.",
            "",
            "| pattern | requests | wall | wall ÷ (requests × delay) | values |",
            "|---|---:|---:|---:|---:|",
        ]
        for p in c["patterns"].values():
            lines.append(f"| {p['label']} | {p['requests']['median']:g} | "
                         f"{spread(p['wall_s'])} | {p['wall_vs_floor']['median']:.2f} | "
                         f"{p['values']:,} |")
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
        f"{r['store_rows']:,} rows. CPU is user + sys time (what the process cost the machine, "
        "whatever else ran beside it); the import and the plain-Python floor were run "
        "alternately. Load average at the start: "
        f"{', '.join(f'{x:.1f}' for x in r['machine']['load_avg'])} on "
        f"{r['machine']['cpus']} cores.",
        "",
        "| step | wall, median (min–max) | CPU | peak RSS | target | |",
        "|---|---|---:|---:|---|---|",
        f"| import into a new store | {spread(imp['wall_s'], digits=1)} | "
        f"{_cpu(imp)} | {imp['rss_mb']['max']:.0f} MB | ≤ {t['import_s']} s, "
        f"≤ {t['import_rss_mb']} MB | {ok(import_met)} |",
    ]
    if "floor" in r:
        ratios = r["cpu_vs_floor"]
        ratio = sorted(ratios)[len(ratios) // 2]
        lines.append(
            f"| baseline: plain Python, `csv` → `float` → `executemany` into a bare table (no "
            f"checks, provenance, vintages or indexes) | {spread(r['floor']['wall_s'], digits=1)}"
            f" | {_cpu(r['floor'])} | {r['floor']['rss_mb']['max']:.0f} MB | import CPU ≤ "
            f"{t['cpu_vs_floor']:.1f}× this: {ratio:.2f}× | {ok(ratio <= t['cpu_vs_floor'])} |")
    if "duckdb" in r:
        d = r["duckdb"]
        lines.append(
            f"| reference: DuckDB `read_csv` + `UNPIVOT` into its own table (C++, columnar; not "
            f"used by Claimcheck) | {spread(d['wall_s'], digits=1)} | {_cpu(d)} | "
            f"{d['rss_mb']['max']:.0f} MB | import CPU "
            f"{imp['cpu_s']['median'] / d['cpu_s']['median']:.1f}× this | |")
    if "pandas" in r:
        p = r["pandas"]
        lines.append(f"| baseline: pandas `read_csv` + `melt` + `to_sql`, same file (one bare "
                     f"table) | {p['wall_s']:.1f} s (1 run) | "
                     f"{p['cpu_s']:.1f} s | {p['rss_mb']:.0f} MB | – | |"
                     if "cpu_s" in p else
                     f"| baseline: pandas `read_csv` + `melt` + `to_sql`, same file (one bare "
                     f"table) | {p['wall_s']:.1f} s (1 run) | | {p['rss_mb']:.0f} MB | – | |")
    lines += [
        f"| re-import the same file (answered from its stored report) | "
        f"{spread(re_['wall_s'], digits=2)} | {_cpu(re_)} | {re_['rss_mb']['max']:.0f} MB | "
        f"≤ {t['reimport_s']:g} s, store unchanged | "
        f"{ok(re_['wall_s']['median'] <= t['reimport_s'] and re_['unchanged'])} |",
        f"| a later vintage of {r['second_vintage']['indicators']} indicators | "
        f"{r['second_vintage']['wall_s']:.1f} s (1 run) | | "
        f"{r['second_vintage']['rss_mb']:.0f} MB | – | |",
        f"| one more indicator into the big store | {spread(one['wall_s'])} | | "
        f"{one['rss_mb']['max']:.0f} MB | ≤ {t['one_more_s']} s | "
        f"{ok(one['wall_s']['median'] <= t['one_more_s'])} |",
        f"| `claimcheck status` on the big store | {spread(st['wall_s'])} | | | "
        f"≤ {t['status_s']} s | {ok(st['wall_s']['median'] <= t['status_s'])} |",
        f"| `claimcheck --help` | {spread(hl['wall_s'], digits=3)} | | | ≤ {t['help_ratio']}× "
        f"`python -c \"import click\"` ({hl['import_click_s']['median']:.3f} s): "
        f"{hl['ratio']:.2f}× | {ok(hl['ratio'] <= t['help_ratio'])} |",
    ]
    if "hostile" in r:
        rep, bomb = r["hostile"]["repeated"], r["hostile"]["zip_bomb"]
        limit = t.get("hostile_rss_mb", 500)
        lines += [
            f"| hostile: {rep['file_mb'] / 1024:.1f} GB WDICSV.csv of one row repeated "
            f"({rep['rejected']:,} duplicates rejected, counted by reason) | "
            f"{rep['wall_s']:.1f} s (1 run) | {rep['cpu_s']:.1f} s | {rep['rss_mb']:.0f} MB | "
            f"≤ {limit} MB | {ok(rep['rss_mb'] <= limit)} |",
            f"| hostile: a {bomb['packed_mb']:.1f} MB WDI_CSV.zip that would unpack to "
            f"{bomb['unpacks_mb'] / 1024:.1f} GB (refused unread, exit {bomb['exit']}) | "
            f"{bomb['wall_s']:.2f} s (1 run) | {bomb['cpu_s']:.2f} s | {bomb['rss_mb']:.0f} MB | "
            f"exit 2, ≤ {limit} MB | {ok(bomb['exit'] == 2 and bomb['rss_mb'] <= limit)} |",
        ]
    return lines


def _cpu(section: dict) -> str:
    cpu = section.get("cpu_s")
    if not cpu:
        return ""
    return f"{cpu['median']:.1f} s" if cpu["median"] >= 1 else f"{cpu['median']:.2f} s"


def dashboard_table(r: dict) -> list[str]:
    lines = [
        "**Dashboard** (`bench_dashboard`): the real `claimcheck dashboard` process over HTTP; "
        "every page, claim × reading (with and without a peer) and the CSV, XLSX and JSON "
        "downloads. Each run starts a fresh server and waits until `/healthz` says its "
        "warm-up (every article's claims evaluated) is done; its first pass is then a reader's "
        "*first visit* (nothing of the view cached: neither the response nor its series), the "
        "following passes are *repeat visits*, answered from the response cache (cached per "
        "store state). *During warm-up*: another fresh server, asked the same at once. p95 "
        "per run, median (min–max) over the runs. Load average at the end: "
        f"{', '.join(f'{x:.1f}' for x in r['machine'].get('load_avg_at_end', []))}.",
        "",
        "| store | start → index page | start → overview | warm after | first visit p95 "
        "| during warm-up p95 | repeat visit p50 | repeat visit p95 (cached) | RSS | targets |",
        "|---|---|---|---:|---|---|---:|---|---:|---|",
    ]
    for case in r["results"]:
        s, c = case["start"], case["callbacks"]
        key = "bundled" if case["store"] == "bundled" else "large"
        t = r["targets"][key]
        first = c.get("first_p95_runs_ms")
        met = (c["p95_runs_ms"]["median"] <= t["p95_ms"] and c["rss_mb"] <= t["rss_mb"]
               and s["ratio_overview"] <= r["targets"]["start_ratio"]
               and (first is None or first["median"] <= t["p95_ms"]))
        warm = f"{c['warm_s']:.1f} s" if "warm_s" in c else "–"
        early = c.get("during_warm_up_p95_runs_ms")
        lines.append(
            f"| {case['store']} | {s['dashboard_index_s']:.2f} s ({s['ratio_index']:.2f}× floor) "
            f"| {s['dashboard_overview_s']:.2f} s ({s['ratio_overview']:.2f}× floor) "
            f"| {warm} | {spread(first, 'ms', 1) if first else '–'} "
            f"| {spread(early, 'ms', 1) if early else '–'} "
            f"| {c['p50_runs_ms']['median']:.1f} ms "
            f"| {spread(c['p95_runs_ms'], 'ms', 1)} | {c['rss_mb']:.0f} MB "
            f"| both p95 ≤ {t['p95_ms']} ms, ≤ {t['rss_mb']} MB, start ≤ 2× floor: {ok(met)} |")
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


def _pct(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f}%"


def draft_table(r: dict) -> list[str]:
    t = r["targets"]
    lines = [
        "**Drafting claims** (`bench_draft`): `claimcheck draft` scored against hand labels "
        "(a drafted claim matches a label when its quote overlaps the label's and the values "
        "are equal; fields = value, bound, subject and year all right; series top-3 over the "
        "labels with WDI series). Baseline: every number followed by a percent sign or a "
        "currency, read as written (a regex).",
        "",
        "| set | passages | labels | drafted | recall | precision | fields | fields + "
        "counterpart | series top-3 | distractors drafted | baseline recall / precision |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for key, label in (("own", "own (benchmarks/draft_dev)"), ("shared", "real passages "
                                                                         "(../shared)")):
        if key not in r:
            lines.append(f"| {label} | skipped: {r.get('shared_skipped', 'absent')} "
                         "| | | | | | | | | |")
            continue
        s, m, b = r[key], r[key]["metrics"], r[key]["baseline"]
        lines.append(
            f"| {label} | {s['passages']} | {s['labels']} | {s['drafts']} | {_pct(m['recall'])} "
            f"| {_pct(m['precision'])} | {_pct(m['fields'])} "
            f"| {_pct(m['fields_with_counterpart'])} | {_pct(m['series_top3'])} "
            f"| {s['distractors_drafted']} of {s['distractors']} "
            f"| {_pct(b['recall'])} / {_pct(b['precision'])} |")
    lines += ["", f"Targets on both sets: recall ≥ {_pct(t['recall'])}, precision ≥ "
              f"{_pct(t['precision'])}, fields ≥ {_pct(t['fields'])}, series top-3 ≥ "
              f"{_pct(t['series_top3'])}."]
    for key, label in (("own", "own set"), ("shared", "real passages")):
        if key in r:
            m = r[key]["metrics"]
            missed = [name for name, target in (("recall", t["recall"]),
                                                ("precision", t["precision"]),
                                                ("fields", t["fields"]),
                                                ("series_top3", t["series_top3"]))
                      if m[name] is None or m[name] < target]
            lines.append(f"{label}: " + ("all met." if not missed else
                                         "**not met**: " + ", ".join(missed) + "."))
    bel = r.get("belarus", {})
    if "skipped" in bel:
        lines += ["", f"Belarus article: skipped ({bel['skipped']})."]
    else:
        lines += ["", f"Belarus article: {bel.get('right')} of {bel.get('expected')} claims "
                  "drafted with the right value, subject and counterpart "
                  f"(bounds {', '.join(bel.get('bounds', []))}); `claimcheck check` on the "
                  f"drafted file: exit {bel.get('check_exit')} ({bel.get('headline', '')})."]
    sp = r["speed"]
    met = sp["command_rss_mb"]["max"] <= t["rss_mb"]
    load = ", ".join(f"{x:.1f}" for x in sp["load_avg_before"])
    lines += ["", f"Speed: a {sp['words']:,}-word article made of the own German passages "
              f"repeated ({sp['figures']:,} numbers, {sp['claims']} claims drafted, "
              f"{sp['searches']} series searches of which {sp['distinct_searches']} distinct): "
              f"drafting in process {spread(sp['in_process_s'], digits=2)} wall, "
              f"{sp['in_process_cpu_s']['median']:.2f} s CPU (target ≤ {t['draft_s']} s: "
              f"{ok(sp['in_process_s']['median'] <= t['draft_s'])} on wall time, "
              f"{ok(sp['in_process_cpu_s']['median'] <= t['draft_s'])} on CPU time), each "
              "distinct search answered once as the command does; with every search sent to "
              f"the store {spread(sp['every_search_s'], digits=2)} wall, "
              f"{sp['every_search_cpu_s']['median']:.2f} s CPU. The whole `claimcheck draft` "
              f"command (start-up, imports, validating the file) "
              f"{spread(sp['command_s'], digits=2)} wall, "
              f"{sp['command_cpu_s']['median']:.2f} s CPU, peak RSS "
              f"{sp['command_rss_mb']['max']:.0f} MB (≤ {t['rss_mb']} MB: {ok(met)}). Load "
              f"average before the timed runs: {load} on {r['machine']['cpus']} cores (wall "
              "times on a busy shared machine are longer than the CPU they use)."]
    return lines


def write_draft_section() -> int:
    path = RESULTS / "draft.json"
    if not path.exists():
        print(f"missing {path.relative_to(ROOT)}: run benchmarks.bench_draft first",
              file=sys.stderr)
        return 2
    data = json.loads(path.read_text())
    body = "\n".join(draft_table(data)) + f"\n\n<sub>draft: run {data.get('run_at')}</sub>"
    text = README.read_text()
    head, rest = text.split(DRAFT_START, 1)
    _, tail = rest.split(DRAFT_END, 1)
    README.write_text(f"{head}{DRAFT_START}\n{body}\n{DRAFT_END}{tail}")
    print(f"wrote the drafting table into {README.relative_to(ROOT)}")
    return 0


def search_table(r: dict) -> list[str]:
    seed, cold, warm, base = r["seed"], r["cold"], r["warm"], r["baseline_like"]
    met = warm["p95_ms"] <= r["p95_target_ms"]
    targets = "; ".join(
        f"`{words}` → `{t['code']}` at rank {t['rank']} (target: top {t['target_top']})"
        for words, t in r["targets"].items())
    return [
        f"**Series search** (`bench_search`): {r['queries']} queries an editor would type "
        f"({', '.join(r['languages'])}), each repeated {r['rounds']} times on a store seeded "
        "from the bundled snapshot; cold = the first query of a fresh process. Load average at "
        f"the start: {', '.join(f'{x:.1f}' for x in r['machine']['load_avg'])} on "
        f"{r['machine']['cpus']} cores.",
        "",
        "| what | figure | target | |",
        "|---|---|---|---|",
        f"| warm search, p50 / p95 / max | {warm['p50_ms']:.2f} / {warm['p95_ms']:.2f} / "
        f"{warm['max_ms']:.1f} ms | p95 ≤ {r['p95_target_ms']:g} ms | {ok(met)} |",
        f"| cold: first query of a process (+ imports and opening the store) | "
        f"{cold['first_query_ms']['median']:.1f} ms (+ {cold['import_open_ms']['median']:.0f} ms)"
        " | – | |",
        f"| baseline: one SQL `LIKE` per word over name and definition (no index, no ranking), "
        f"p50 / p95 | {base['p50_ms']:.2f} / {base['p95_ms']:.2f} ms | – | |",
        f"| `claimcheck series search …` as a command, process start to exit | "
        f"{spread(r['cli_s'])} | – | |",
        f"| seeding a new store from the bundled snapshot ({seed['rows']:,} rows) | "
        f"{spread(seed['wall_s'])}, peak RSS {seed['peak_rss_mb']:.0f} MB, store "
        f"{seed['store_mb']} MB | – | |",
        "",
        f"Ranking targets: {targets}.",
    ]


def _previous_blocks(section: str) -> dict[str, str]:
    """name → the README's current table for that benchmark (ending with its run line)."""
    blocks = re.findall(r"(.*?<sub>(\w+): run [^<]*</sub>)\s*", section, flags=re.S)
    return {name: block.strip() for block, name in blocks}


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
        f"**Publish** (`bench_publish`): the real `claimcheck publish` of the "
        f"{r.get('articles', 'bundled')} bundled articles "
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


def main() -> int:
    if "--only" in sys.argv and sys.argv[sys.argv.index("--only") + 1:][:1] == ["draft"]:
        return write_draft_section()
    if (RESULTS / "draft.json").exists():
        write_draft_section()
    text = README.read_text()
    head, rest = text.split(START, 1)
    section, tail = rest.split(END, 1)
    previous = _previous_blocks(section)
    sections = []
    for name, build in (("refresh", refresh_table), ("import", import_table),
                        ("dashboard", dashboard_table), ("load", load_table),
                        ("search", search_table), ("paint", paint_table),
                        ("publish", publish_table)):
        path = RESULTS / f"{name}.json"
        if not path.exists():
            if name not in previous:
                print(f"missing {path.relative_to(ROOT)}: run its benchmark first",
                      file=sys.stderr)
                return 2
            print(f"{name}: no result file; the README's table of its last run is kept",
                  file=sys.stderr)
            sections.append(previous[name])
            continue
        data = json.loads(path.read_text())
        sections.append("\n".join(build(data)) + f"\n\n<sub>{name}: run "
                        f"{data.get('run_at') or data.get('when')}</sub>")
    README.write_text(f"{head}{START}\n" + "\n\n".join(sections) + f"\n{END}{tail}")
    print(f"wrote the benchmark tables into {README.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
