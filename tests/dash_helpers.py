"""Shared helpers for the browser tests: waiting, reading charts, screenshots, axe-core.

axe-core comes from the npm registry (scripts/install-axe.sh puts it in .test-tools/); it is
injected into the page under test and run there, the way the axe browser extensions do.
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from click.testing import CliRunner

from indicators.claims.load import DEFAULT_CLAIMS_FILE
from indicators.cli import cli

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / ".test-tools" / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP, PHONE = (1440, 900), (390, 844)
SCORED = {"consistent", "approximately", "outdated", "overstated", "understated"}


def belarus_app(store_path: Path, **options):
    """The dashboard of the bundled Belarus article alone (one article: `/` is its overview).
    With every bundled article (the default), `/` lists them; tests of that are in
    test_dashboard_articles.py."""
    from dashboard.app import create_app
    from indicators.claims.load import DEFAULT_CLAIMS_FILE

    options.setdefault("claims_paths", [DEFAULT_CLAIMS_FILE])
    return create_app(store_path, **options)


def run_cli(store_path: Path, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["--store", str(store_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def check_json(store_path: Path) -> dict:
    return json.loads(run_cli(store_path, "check", "--format", "json", "--claims",
                              str(DEFAULT_CLAIMS_FILE)))


def until(condition, timeout: float = 10.0, poll: float = 0.1):
    """Wait for ``condition()`` to be truthy; errors while the page updates count as 'not yet'."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as exc:  # e.g. an element being replaced by a callback
            last_error = exc
        time.sleep(poll)
    raise AssertionError(f"condition not met within {timeout} s (last error: {last_error!r})")


def graph(dash_duo, graph_id: str) -> dict | None:
    """A rendered Plotly figure as the browser holds it (traces, shapes, annotations, axes)."""
    return dash_duo.driver.execute_script(
        "const g = document.querySelector('#' + arguments[0] + ' .js-plotly-plot')"
        " || document.querySelector('#' + arguments[0] + '.js-plotly-plot');"
        "if (!g || !g.data || !g._fullLayout) return null;"
        "const L = g.layout, F = g._fullLayout;"
        "return {names: g.data.map(t => t.name), x: g.data.map(t => t.x), y: g.data.map(t => t.y),"
        " modes: g.data.map(t => t.mode || ''), meta: g.data.map(t => t.meta || ''),"
        " widths: g.data.map(t => (t.line || {}).width || 0),"
        " shapes: L.shapes || [], annotations: (L.annotations || []).map(a => a.text),"
        " title: (L.title || {}).text || '', subtitle: ((L.title || {}).subtitle || {}).text || '',"
        " ytick0: F.yaxis.range[0],"
        " xticks: Array.from(g.querySelectorAll('.xtick text')).map(t => t.textContent),"
        " annotationBoxes: Array.from(g.querySelectorAll('.annotation')).map(a => {"
        "   const r = a.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }),"
        " box: (() => { const r = g.getBoundingClientRect();"
        "   return [r.left, r.top, r.right, r.bottom]; })()};",
        graph_id,
    )


def url_state(dash_duo) -> dict[str, list[str]]:
    return parse_qs(urlparse(dash_duo.driver.current_url).query)


def assert_no_console_errors(dash_duo) -> None:
    errors = [e["message"] for e in dash_duo.get_logs() if e.get("level") == "SEVERE"]
    assert errors == [], "\n".join(errors)


def page_width_fits(dash_duo, width: int) -> bool:
    """No horizontal scrolling at a device ``width``: compared with the device's width, not
    ``innerWidth`` (a phone's layout viewport widens to fit content that is too wide)."""
    return dash_duo.driver.execute_script(
        "return Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " <= arguments[0] + 1;", width)


def visible_text(dash_duo, *, open_details: bool = False, skip: str = "") -> str:
    """The page's text as a reader sees it (``open_details``: every disclosure opened first;
    ``skip``: a selector whose elements are left out, e.g. a technical disclosure)."""
    return dash_duo.driver.execute_script(
        "if (arguments[0]) document.querySelectorAll('details').forEach(d => d.open = true);"
        "const root = document.body.cloneNode(true);"
        "if (arguments[1]) root.querySelectorAll(arguments[1]).forEach(e => e.remove());"
        "document.body.appendChild(root); root.style.position = 'absolute';"
        "const text = root.innerText; root.remove(); return text;", open_details, skip)


def no_horizontal_overflow(dash_duo) -> bool:
    return dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1;"
    )


def set_viewport(dash_duo, size: tuple[int, int]) -> None:
    """Make the *viewport* (not the window) width × height, as a phone or laptop screen."""
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600})
    settle(dash_duo)


def settle(dash_duo) -> None:
    """Wait until the page has laid itself out again (two animation frames after a resize, and
    Plotly's own resize, which it debounces by 100 ms after the window's resize event) instead of a
    fixed sleep."""
    dash_duo.driver.set_script_timeout(10)
    dash_duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.dispatchEvent(new Event('resize'));"
        "requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(done, 150)));")


def page_height(dash_duo) -> int:
    return dash_duo.driver.execute_script("return document.documentElement.scrollHeight;")


def screenshot(dash_duo, path: Path, size: tuple[int, int]) -> int:
    """A full-page screenshot at this viewport width; returns the page height in CSS px."""
    set_viewport(dash_duo, size)
    height = page_height(dash_duo)
    dash_duo.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": min(height, 12000), "deviceScaleFactor": 1,
        "mobile": size[0] < 600})
    settle(dash_duo)
    dash_duo.driver.save_screenshot(str(path))
    set_viewport(dash_duo, size)
    return height


def require_browser_and_axe() -> None:
    """Fail (never skip) when Chromium, chromedriver or axe-core is missing."""
    import os
    import shutil

    import pytest

    binary = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    if not Path(binary).exists() or shutil.which("chromedriver") is None:
        pytest.fail(f"browser tests need Chromium ({binary}) and chromedriver on PATH")
    assert "axe" in axe_source()[:2000], "axe-core could not be installed"


def axe_source() -> str:
    if not AXE.exists():
        # Installs from the npm registry; a failure here fails the test (never a skip).
        subprocess.run([str(ROOT / "scripts" / "install-axe.sh")], check=True)
    return AXE.read_text(encoding="utf-8")


def axe_serious(dash_duo) -> list[dict]:
    """axe-core's serious and critical violations on the current page (WCAG 2.x A/AA + best
    practices), each with the rule id and the offending nodes."""
    driver = dash_duo.driver
    if not driver.execute_script("return !!window.axe;"):
        driver.execute_script(axe_source())
    driver.set_script_timeout(60)
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )
    return [v for v in result if v["impact"] in ("serious", "critical")]


def axe_violations(browser) -> list[dict]:
    """Every axe-core violation on the current page, whatever its impact (``browser``: a
    dash_duo or a Selenium driver)."""
    driver = getattr(browser, "driver", browser)
    if not driver.execute_script("return !!window.axe;"):
        driver.execute_script(axe_source())
    driver.set_script_timeout(60)
    return driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']})"
        ".then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,"
        " nodes: v.nodes.map(n => n.target.join(' '))}))))"
        ".catch(e => done([{id: 'axe-error', impact: 'critical', help: String(e), nodes: []}]));"
    )


def small_tap_targets(dash_duo) -> list[str]:
    """Visible links, buttons and inputs smaller than 24 × 24 CSS px (WCAG 2.2 target size),
    except inline links inside a sentence (the criterion's own exception)."""
    return dash_duo.driver.execute_script(
        "const out = [];"
        "for (const el of document.querySelectorAll('a, button, input, summary, [role=tab]')) {"
        "  const r = el.getBoundingClientRect();"
        "  if (r.width === 0 || r.height === 0) continue;"
        "  const style = getComputedStyle(el);"
        "  if (style.visibility === 'hidden') continue;"
        "  if (el.closest('.skip-link')) continue;"
        "  const inline = el.tagName === 'A' && style.display === 'inline'"
        "    && el.parentElement && el.parentElement.textContent.trim() !== el.textContent.trim();"
        "  if (inline) continue;"
        "  let w = r.width, h = r.height;"
        "  if (el.tagName === 'INPUT' && el.closest('label')) {"
        "    const l = el.closest('label').getBoundingClientRect(); w = l.width; h = l.height; }"
        "  if (w < 24 || h < 24) out.push((el.id || el.className || el.tagName) + ' '"
        "    + Math.round(w) + 'x' + Math.round(h) + ' ' + el.textContent.slice(0, 30));"
        "}"
        "return out;"
    )
