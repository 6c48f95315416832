"""Text from a claims file is shown as text where Plotly renders HTML, never as markup.

tests/data/html_labels.toml puts ``<a href=…>``, ``<b>`` and ``&`` into an article's claim
gloss, quote and reading label. In the figures the dashboard builds (and in the layout a PNG
download merges into them) they arrive as entities, and in real headless Chromium the charts hold
no link: the reader sees the characters typed, in the chart's labels and in its title above it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from dash_helpers import assert_no_console_errors, until

from dashboard.app import create_app
from dashboard.probe import callback_request

CLAIMS = Path(__file__).parent / "data" / "html_labels.toml"
LINK = '<a href="https://evil.example/">click</a>'


def _page_figures(store_path) -> tuple[list[dict], list[dict]]:
    """The page's figures and their export layouts (title, subtitle and source line inside the
    figure, for a PNG: carried beside each chart as JSON)."""
    client = create_app(store_path, claims_path=CLAIMS, warm_up=False).server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    body = callback_request(deps, "page.children",
                            {"url.pathname": "/claim/html-label", "url.search": ""})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    found: list[dict] = []
    exports: list[dict] = []

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if node.get("type") == "Graph" and "figure" in props:
                found.append(props["figure"])
            if "chart-data" in str(props.get("className", "")):
                exports.append(json.loads(props["children"])["export"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(response.get_json())
    return found, exports


def test_the_figure_json_carries_claims_text_as_entities_not_tags(store_path):
    figures, exports = _page_figures(store_path)

    assert len(figures) >= 2 and len(exports) == len(figures)  # every source, one in detail
    text = json.dumps(figures + exports)
    assert "<a " not in text and "</a>" not in text and "<i>" not in text
    assert "&lt;a href=\\\"https://evil.example/\\\"&gt;click&lt;/a&gt; &amp; " \
           "&lt;b&gt;bold&lt;/b&gt;" in text
    assert "Exports &lt;a href=" in json.dumps(exports)  # the gloss in the PNG's title
    assert "<b>" in json.dumps(exports)  # the figure's own title markup stays


@pytest.mark.browser
def test_a_link_in_a_label_is_never_a_live_link_in_the_browser(dash_duo, store_path):
    binary = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    if not Path(binary).exists() or shutil.which("chromedriver") is None:
        pytest.fail(f"browser tests need Chromium ({binary}) and chromedriver on PATH")
    dash_duo.start_server(create_app(store_path, claims_path=CLAIMS))
    dash_duo.driver.get(dash_duo.server_url + "/claim/html-label")

    def charts():
        return dash_duo.driver.execute_script(
            "const plots = Array.from(document.querySelectorAll('.js-plotly-plot'));"
            "if (plots.length < 2 || plots.some(p => !p._fullLayout)) return null;"
            "return {links: plots.reduce((n, p) => n + p.querySelectorAll('a').length, 0),"
            " bold: plots.reduce((n, p) => n + p.querySelectorAll('.legendtext b, "
            "  .legendtext [style*=\"bold\"]').length, 0),"
            " notes: plots.flatMap(p => Array.from(p.querySelectorAll('.annotation-text'))"
            "  .map(t => t.textContent)),"
            " titles: Array.from(document.querySelectorAll('.chart-title'))"
            "  .map(t => t.textContent),"
            " titleLinks: Array.from(document.querySelectorAll('.chart-title a')).length};")

    seen = until(charts, timeout=30)

    assert seen["links"] == 0 and seen["bold"] == 0 and seen["titleLinks"] == 0
    # the deciding value's label, drawn by Plotly, shows the characters typed
    assert any(t.startswith(LINK + " & <b>bold</b>:") for t in seen["notes"]), seen
    # and so does the chart's title above it (HTML text, never markup)
    assert any('Exports <a href="https://evil.example/">click here</a> share' in t
               for t in seen["titles"]), seen
    assert_no_console_errors(dash_duo)
