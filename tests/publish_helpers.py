"""Shared by the publish tests: one real published site per test session, static servers,
a headless Chromium, and the checks every page must pass.

The site is published once per session (per xdist worker) by the real command — kaleido and
Chromium included — from a copy of the bundled store, with two articles: the bundled Belarus
article (its claims file names no URL or publisher) and a small test article whose claims file
gives both, so every ClaimReview field can be checked.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import html5lib
from click.testing import CliRunner

from indicators.claims.load import CLAIMFILES_DIR
from indicators.cli import cli

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
BASE_URL = "https://factcheck.example/checks/"
AUTHOR = "Example Fact Desk"
DATE = "2026-12-01"


@dataclass
class Site:
    root: Path  # the site folder
    store: Path
    claims: Path
    stderr: str

    def pages(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    def read(self, path: str) -> str:
        return (self.root / path).read_text(encoding="utf-8")


def claims_folder(folder: Path) -> Path:
    """The bundled article, and the Poland test article with its publisher added."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(CLAIMFILES_DIR / "belarus_2025.toml", folder / "belarus_2025.toml")
    poland = (DATA / "poland_2024.toml").read_text(encoding="utf-8")
    poland = poland.replace('url = "https://example.org/polen-2024"',
                            'url = "https://example.org/polen-2024"\n'
                            'publisher = "Beispiel-Zeitung"')
    (folder / "poland_2024.toml").write_text(poland, encoding="utf-8")
    return folder


def publish(store: Path, claims: Path, out: Path, *extra: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [
        "--store", str(store), "publish", "--output", str(out), "--claims", str(claims),
        "--base-url", BASE_URL, "--author", AUTHOR, "--date", DATE, *extra],
        catch_exceptions=False)
    return result.exit_code, result.stderr


def parse_strict(text: str):
    """The page as html5lib parses it in strict mode (raises on any parse error)."""
    return html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(text)


def chart_figures(site_root: Path, article: str) -> dict[str, dict]:
    """The figure of every chart the article's pages hold, by its pictures' file stem."""
    figures = {}
    for page in sorted((site_root / "a" / article).rglob("*.html")):
        doc = parse_strict(page.read_text(encoding="utf-8"))
        for box in doc.iter("div"):
            if box.get("data-chart") is None:
                continue
            for script in box.iter("script"):
                if "chart-figure" in (script.get("class") or "").split():
                    figures[box.get("data-chart")] = json.loads(script.text)["figure"]
    return figures


def chart_traces(site_root: Path, article: str) -> list[dict]:
    """Every trace of every chart figure the article's pages hold."""
    return [t for f in chart_figures(site_root, article).values() for t in f.get("data") or []]


def references(doc) -> list[str]:
    """Every address a page refers to: links, stylesheets, scripts, images, sources, frames."""
    out = []
    for el in doc.iter():
        for attr in ("href", "src"):
            if el.get(attr):
                out.append(el.get(attr))
        if el.get("srcset"):
            out += [part.strip().split(" ")[0] for part in el.get("srcset").split(",")]
    return out


def internal_target(site_root: Path, page: str, ref: str) -> tuple[Path, str] | None:
    """The file (and fragment) an internal reference of ``page`` points to; None if external."""
    if ref.startswith(BASE_URL):
        ref = ref[len(BASE_URL):]
        base = ""
    elif re.match(r"^[a-z][a-z0-9+.-]*:", ref) or ref.startswith("//"):
        return None
    else:
        base = page
    resolved = urljoin("/" + base, ref) if base else "/" + ref
    parts = urlsplit(resolved)
    path = parts.path.lstrip("/")
    if path == "" or path.endswith("/"):
        path += "index.html"
    return site_root / path, parts.fragment


# -- servers and browser --------------------------------------------------------------------
def free_port(offset: int, span: int = 10) -> int:
    """A free port among ``span`` from ``offset`` in this run's range (CLAIMCHECK_TEST_PORT_BASE,
    per xdist worker)."""
    base = int(os.environ.get("CLAIMCHECK_TEST_PORT_BASE") or 8050)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")
    start = base + (100 * (1 + int(worker[2:])) if worker.startswith("gw") else 0) + offset
    for port in range(start, start + span):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError(f"no free port in {start}–{start + span - 1}")


class StaticServer:
    """`python -m http.server` serving a folder on 127.0.0.1 (a real, separate process)."""

    def __init__(self, folder: Path, offset: int):
        self.port = free_port(offset)
        self.url = f"http://127.0.0.1:{self.port}/"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "http.server", str(self.port), "--bind", "127.0.0.1",
             "--directory", str(folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        self.stop()
        raise RuntimeError("http.server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=10)


def chromium():
    """Headless Debian Chromium through selenium, with the browser console captured."""
    from conftest import pytest_setup_options
    from selenium import webdriver

    options = pytest_setup_options()
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(options=options)


def console_errors(driver) -> list[str]:
    return [e["message"] for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def outside_requests(driver, origin: str) -> list[str]:
    """Resources the page fetched from anywhere but ``origin`` (the site's own server)."""
    names = driver.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".concat([location.href]);")
    return [n for n in names if not n.startswith(origin) and not n.startswith("data:")]
