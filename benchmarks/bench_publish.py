"""Publish benchmark: the static site of the bundled articles, its weight and its first paint.

    python -m benchmarks.bench_publish [--runs 3] [--paint-runs 5]

What it measures:
* publish: the real `claimcheck publish` command (its own process) writing the bundled
  article's site into a new folder — every page, chart picture and share card made (cold) —
  median of ``--runs``, wall time and CPU time (user + system of the whole process tree, the
  browser and its renderers included: what the work costs whatever else the machine runs;
  sampled every 50 ms, since Chromium's renderers are not children the command reaps, so its
  own accounting misses them); and, labelled as such, a second publish into the same folder,
  which takes unchanged images from the site it replaces (a cache hit);
* weight: what a browser fetches for a claim page (headless Chromium over
  `python -m http.server`, resource timing), each file's size gzip-compressed (level 9, what a
  host compressing its responses sends): as loaded, and after the reader reaches for the first
  chart (plotly.js loaded, interactive chart drawn);
* first chart painted: the claim page opened in a new browser (empty cache) from the local
  static server; the first chart's picture paint time (Element Timing API), median of
  ``--paint-runs``; and the time from reaching for the chart to the interactive chart drawn.
Results go to benchmarks/results/publish.json (git-ignored); `readme_table` writes the README.
Targets: publish ≤ 15 s; claim page ≤ 1 MB compressed including scripts; first chart ≤ 1 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import psutil

from benchmarks.environment import installed_env

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

TARGETS = {"publish_s": 15.0, "page_mb": 1.0, "paint_s": 1.0}
PAGE = "a/belarus_2025/claim/potash-share/index.html"


def stats(values: list[float]) -> dict:
    return {"median": statistics.median(values), "min": min(values), "max": max(values),
            "runs": len(values)}


CPU: list[float] = []  # CPU seconds (user + system) of each cold run, browser included
SAMPLE_S = 0.05


def tree_cpu(root: psutil.Process, seen: dict) -> None:
    """The CPU time so far of ``root`` and every process below it, by (pid, start time)."""
    try:
        procs = [root, *root.children(recursive=True)]
    except psutil.Error:
        return
    for proc in procs:
        try:
            with proc.oneshot():
                times = proc.cpu_times()
                seen[(proc.pid, proc.create_time())] = times.user + times.system
        except psutil.Error:  # ended between the listing and the reading
            continue


def run_publish(store: Path, out: Path, env: dict, *, cpu: list | None = None) -> float:
    seen: dict = {}
    with tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            [sys.executable, "-m", "indicators.cli", "--store", str(store), "publish",
             "--output", str(out), "--base-url", "https://example.org/checks/"],
            env=env, stdout=subprocess.DEVNULL, stderr=err)
        root = psutil.Process(proc.pid)
        while proc.poll() is None:
            tree_cpu(root, seen)
            time.sleep(SAMPLE_S)
        wall = time.perf_counter() - started
        if proc.returncode:
            err.seek(0)
            raise SystemExit(f"publish failed: {err.read().decode(errors='replace')}")
    if cpu is not None:
        cpu.append(sum(seen.values()))
    return wall


def browser():
    from publish_helpers import chromium

    return chromium()


def fetched(driver) -> list[str]:
    return driver.execute_script(
        "return [location.href].concat(performance.getEntriesByType('resource')"
        ".map(e => e.name));")


def weight(site: Path, urls: list[str], origin: str) -> dict:
    raw = gz = 0
    files = []
    for url in dict.fromkeys(urls):
        path = urlsplit(url).path.lstrip("/")
        if not url.startswith(origin):
            raise SystemExit(f"the page fetched {url} from outside the site")
        file = site / (path + "index.html" if path.endswith("/") or not path else path)
        data = file.read_bytes()
        raw += len(data)
        gz += len(gzip.compress(data, 9))
        files.append(path)
    return {"files": len(files), "raw_mb": raw / 1e6, "gzip_mb": gz / 1e6}


PAINT = """
const done = arguments[arguments.length - 1];
new PerformanceObserver((list, obs) => {
  const e = list.getEntries().find(x => x.identifier === 'chart');
  if (e) { obs.disconnect(); done(e.renderTime || e.loadTime); }
}).observe({type: 'element', buffered: true});
"""
INTERACTIVE = """
const done = arguments[arguments.length - 1];
const box = document.querySelector('.static-chart[data-chart]');
const t0 = performance.now();
box.dispatchEvent(new PointerEvent('pointerenter'));
(function wait() {
  if (box.getAttribute('data-interactive') === 'true') {
    requestAnimationFrame(() => done(performance.now() - t0));
  } else { setTimeout(wait, 10); }
})();
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--paint-runs", type=int, default=5)
    args = parser.parse_args()
    from publish_helpers import StaticServer

    from cache.bundle import open_store
    from publish.site import PLOTLY_JS

    env = installed_env()
    with tempfile.TemporaryDirectory(prefix="claimcheck-bench-publish-") as tmp:
        store = Path(tmp) / "store.sqlite"
        open_store(store).close()
        env["CLAIMCHECK_STORE"] = str(store)
        load_start = os.getloadavg()
        cold = []
        for i in range(args.runs):
            out = Path(tmp) / f"site{i}"
            cold.append(run_publish(store, out, env, cpu=CPU))
        site = Path(tmp) / "site0"
        warm = [run_publish(store, site, env) for _ in range(args.runs)]
        articles = sum(1 for p in (site / "a").iterdir() if p.is_dir())
        pages = sum(1 for _ in site.rglob("*.html"))
        images = sum(1 for p in site.rglob("*") if p.suffix in (".svg", ".png"))
        server = StaticServer(site, offset=70)
        paints, interactive = [], []
        try:
            for _ in range(args.paint_runs):
                driver = browser()  # a new browser each time: an empty cache
                try:
                    driver.set_script_timeout(60)
                    driver.get(server.url + PAGE)
                    paints.append(driver.execute_async_script(PAINT) / 1000)
                    first = fetched(driver)
                    interactive.append(driver.execute_async_script(INTERACTIVE) / 1000)
                    after = fetched(driver)
                finally:
                    driver.quit()
            as_loaded = weight(site, first, server.url)
            with_chart = weight(site, after, server.url)
        finally:
            server.stop()
        plotly_gz = len(gzip.compress((site / PLOTLY_JS).read_bytes(), 9)) / 1e6
    result = {
        "run_at": datetime.now(UTC).replace(microsecond=0).isoformat(),
        "cpus": os.cpu_count(), "load_start": [round(x, 1) for x in load_start],
        "load_end": [round(x, 1) for x in os.getloadavg()],
        "articles": articles, "pages": pages, "images": images,
        "publish_cold_s": stats(cold), "publish_cold_cpu_s": stats(CPU),
        "publish_reuse_s": stats(warm),
        "page": PAGE, "as_loaded": as_loaded, "with_chart": with_chart,
        "plotly_gzip_mb": plotly_gz,
        "paint_s": stats(paints), "interactive_s": stats(interactive),
        "targets": TARGETS,
    }
    out = ROOT / "benchmarks" / "results" / "publish.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(json.dumps(result, indent=1))
    shutil.rmtree(Path(tmp), ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
