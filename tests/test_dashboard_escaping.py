"""Text from a claims file is shown as text where Plotly renders HTML, never as markup.

tests/data/html_labels.toml puts ``<a href=…>``, ``<b>`` and ``&`` into an article's claim
gloss, quote and reading label. In the figures the dashboard builds they arrive as entities, and
in real headless Chromium the charts hold no link: the reader sees the characters typed.
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


def _page_figures(store_path) -> list[dict]:
    client = create_app(store_path, claims_path=CLAIMS, warm_up=False).server.test_client()
    deps = client.get("/_dash-dependencies").get_json()
    body = callback_request(deps, "page.children",
                            {"url.pathname": "/claim/html-label", "url.search": ""})
    response = client.post("/_dash-update-component", json=body)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    found: list[dict] = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "Graph" and "figure" in node.get("props", {}):
                found.append(node["props"]["figure"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(response.get_json())
    return found


def test_the_figure_json_carries_claims_text_as_entities_not_tags(store_path):
    figures = _page_figures(store_path)

    assert len(figures) >= 2  # every reading together, and the one reading in detail
    text = json.dumps(figures)
    assert "<a " not in text and "</a>" not in text and "<i>" not in text
    assert "&lt;a href=\\\"https://evil.example/\\\"&gt;click&lt;/a&gt; &amp; " \
           "&lt;b&gt;bold&lt;/b&gt;" in text
    assert "<b>" in text  # the figure's own title markup stays


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
            " legend: plots.flatMap(p => Array.from(p.querySelectorAll('.legendtext'))"
            "  .map(t => t.textContent)),"
            " titles: plots.map(p => (p.querySelector('.gtitle') || {}).textContent || '')};")

    seen = until(charts, timeout=30)

    assert seen["links"] == 0 and seen["bold"] == 0
    # the titles show the characters typed (a long title wraps, so its spaces may go)
    assert any(t.startswith(LINK + " & <b>bold</b>") for t in seen["titles"]), seen
    assert any("clickhere</a>" in t.replace(" ", "") for t in seen["titles"]), seen
    assert_no_console_errors(dash_duo)
