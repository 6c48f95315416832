"""First chart painted, in a real browser: the real `claimcheck dashboard` on the bundled store,
opened in headless Chromium (Debian's /usr/bin/chromium, as the browser tests use).

    python -m benchmarks.bench_paint [--runs 5]

For every claim page (and the overview, for its text), per run:
* cold: a new browser with an empty cache opens the page; the server was started fresh for
  the run and has evaluated the claims (as after `claimcheck dashboard` printed its address),
  but has served nothing yet;
* warm: the same browser opens the page again (its HTTP cache holds the scripts; the server
  answers the page from its per-state cache — a cache hit, reported beside the cold figure).
Measured inside the page from navigation start (performance.now()): the heading painted
(text) and the first chart's data drawn (the first frame after Plotly has drawn its traces).
Also the bytes the page transferred and their uncompressed size, and whether any grid
bundle was fetched. Medians of ``--runs`` runs; the floor is a bare Dash app serving one
dcc.Graph of the same figure (what a competent Dash user would write for one chart), cold
and warm alike. Results go to benchmarks/results/paint.json (git-ignored); readme_table
writes them into the README. Targets (issue 18): first chart ≤ 1.5 s cold, ≤ 0.8 s warm.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_dashboard import dashboard_cmd, free_port, start_process, stop  # noqa: E402
from benchmarks.environment import installed_env  # noqa: E402

TARGETS = {"cold_s": 1.5, "warm_s": 0.8}
# Recorded from the page's own clock: the first frame after the element exists.
OBSERVER = """
window.__paint = {};
new MutationObserver(function () {
  function mark(key, selector) {
    if (window.__paint[key] === undefined && document.querySelector(selector)) {
      window.__paint[key] = null;
      requestAnimationFrame(function () { window.__paint[key] = performance.now(); });
    }
  }
  mark('text', 'main h1');
  mark('chart', '.js-plotly-plot .scatterlayer .trace');
}).observe(document, {childList: true, subtree: true});
"""
FLOOR_APP = """
import json, sys
import dash
from dash import dcc, html
figure = json.load(open(sys.argv[2]))
app = dash.Dash(__name__, compress=True)
app.layout = html.Main([html.H1("floor"), dcc.Graph(figure=figure)])
app.run(host="127.0.0.1", port=int(sys.argv[1]), debug=False)
"""


def browser():
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options

    options = Options()
    options.binary_location = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--window-size=1440,900"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options)
    driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": OBSERVER})
    return driver


def visit(driver, url: str, *, chart: bool, timeout: float = 60) -> dict:
    driver.get(url)
    deadline = time.monotonic() + timeout
    want = ("text", "chart") if chart else ("text",)
    while time.monotonic() < deadline:
        marks = driver.execute_script("return window.__paint;") or {}
        if all(isinstance(marks.get(k), int | float) for k in want):
            break
        time.sleep(0.02)
    else:
        raise TimeoutError(f"{url}: nothing painted within {timeout} s")
    sizes = driver.execute_script(
        "const e = performance.getEntriesByType('navigation')"
        ".concat(performance.getEntriesByType('resource'));"
        "return {transfer: e.reduce((s, x) => s + (x.transferSize || 0), 0),"
        " decoded: e.reduce((s, x) => s + (x.decodedBodySize || 0), 0),"
        " grid: e.some(x => /ag.?grid/i.test(x.name))};")
    return {"text_s": marks["text"] / 1000, "chart_s": (marks.get("chart") or 0) / 1000,
            **sizes}


def summary(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": len(values)}


def claim_ids(store: Path) -> list[str]:
    from cache.store import Store
    from indicators.judge.compare import evaluate_article

    with Store.open(store, read_only=True) as s:
        return [c.claim.id for c in evaluate_article(s).claims]


def warm_server(base: str, session) -> None:
    """Wait until the server has evaluated the claims (the warm-up thread), serving nothing."""
    from dashboard.probe import callback_request

    deps = session.get(base + "/_dash-dependencies", timeout=60).json()
    body = callback_request(deps, "page.children", {"url.pathname": "/nowhere",
                                                    "url.search": ""})
    session.post(base + "/_dash-update-component", json=body, timeout=120)


def measure_dashboard(store: Path, runs: int, env: dict) -> dict:
    pages = ["/"] + [f"/claim/{cid}" for cid in claim_ids(store)]
    out: dict[str, dict[str, list]] = {p: {"cold": [], "warm": []} for p in pages}
    for _ in range(runs):
        for page in pages:
            port = free_port()
            proc, info = start_process(dashboard_cmd(store, port), port, env)
            try:
                warm_server(info["_base"], info["_session"])
                driver = browser()
                try:
                    url = info["_base"] + page
                    out[page]["cold"].append(visit(driver, url, chart=page != "/"))
                    out[page]["warm"].append(visit(driver, url, chart=page != "/"))
                finally:
                    driver.quit()
            finally:
                stop(proc)
    return out


def measure_floor(figure: dict, runs: int, env: dict) -> dict:
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-paint-") as tmp:
        path = Path(tmp) / "figure.json"
        path.write_text(json.dumps(figure))
        cold, warm = [], []
        for _ in range(runs):
            port = free_port()
            proc, info = start_process([sys.executable, "-c", FLOOR_APP, str(port), str(path)],
                                       port, env)
            try:
                driver = browser()
                try:
                    cold.append(visit(driver, info["_base"] + "/", chart=True))
                    warm.append(visit(driver, info["_base"] + "/", chart=True))
                finally:
                    driver.quit()
            finally:
                stop(proc)
    return {"cold": cold, "warm": warm}


def main_chart_figure(store: Path, claim_id: str) -> dict:
    """The claim page's first chart as the dashboard draws it (for the floor)."""
    from cache.store import Store
    from indicators.judge.compare import evaluate_article, reading_series
    from indicators.output import pages

    with Store.open(store, read_only=True) as s:
        result = evaluate_article(s)

        def series(claim, rid, economy):
            reading = next(r for r in claim.readings if r.id == rid)
            return reading_series(s, reading, economy, subject=claim.subject)

        ctx = pages.PageContext("belarus_2025", result, pages.Links(), series)
        claim = next(c for c in result.claims if c.claim.id == claim_id)
        return pages.claim_page(ctx, claim).main.figure


def report(name: str, visits: list[dict]) -> dict:
    return {"text_s": summary([v["text_s"] for v in visits]),
            "chart_s": summary([v["chart_s"] for v in visits]) if visits[0]["chart_s"] else None,
            "transfer_kb": statistics.median(v["transfer"] for v in visits) / 1024,
            "decoded_kb": statistics.median(v["decoded"] for v in visits) / 1024,
            "grid": any(v["grid"] for v in visits), "page": name}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--output", type=Path, default=ROOT / "benchmarks" / "results")
    args = parser.parse_args()
    env = installed_env()
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-paint-") as tmp:
        store = Path(tmp) / "store.sqlite"
        from cache.bundle import open_store

        open_store(store).close()
        env["CLAIMCHECK_STORE"] = str(store)
        print(f"dashboard pages, {args.runs} runs…", flush=True)
        measured = measure_dashboard(store, args.runs, env)
        first_claim = next(p for p in measured if p.startswith("/claim/"))
        floor = measure_floor(main_chart_figure(store, first_claim.split("/")[-1]), args.runs,
                              env)
    pages = {page: {kind: report(page, visits) for kind, visits in v.items()}
             for page, v in measured.items()}
    claims = [v for page, v in pages.items() if page != "/"]
    worst = {kind: max(c[kind]["chart_s"]["median"] for c in claims) for kind in ("cold", "warm")}
    result = {
        "run_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "runs": args.runs, "targets": TARGETS, "pages": pages,
        "floor": {kind: report("floor", visits) for kind, visits in floor.items()},
        "worst_claim_chart_s": worst,
        "met": {"cold": worst["cold"] <= TARGETS["cold_s"],
                "warm": worst["warm"] <= TARGETS["warm_s"]},
        "machine": {"cpus": os.cpu_count(), "load_avg": list(os.getloadavg())},
    }
    args.output.mkdir(parents=True, exist_ok=True)
    (args.output / "paint.json").write_text(json.dumps(result, indent=2))
    for page, v in pages.items():
        chart = {k: v[k]["chart_s"] for k in ("cold", "warm")}
        print(f"{page}: text {v['cold']['text_s']['median']:.2f} s cold / "
              f"{v['warm']['text_s']['median']:.2f} s warm"
              + (f"; first chart {chart['cold']['median']:.2f} s cold / "
                 f"{chart['warm']['median']:.2f} s warm" if chart["cold"] else "")
              + f"; {v['cold']['transfer_kb']:.0f} kB transferred "
              f"({v['cold']['decoded_kb']:.0f} kB uncompressed); grid: {v['cold']['grid']}")
    print(f"floor: first chart {result['floor']['cold']['chart_s']['median']:.2f} s cold / "
          f"{result['floor']['warm']['chart_s']['median']:.2f} s warm; targets met: "
          f"{result['met']}")


if __name__ == "__main__":
    main()
