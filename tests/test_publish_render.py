"""The static renderer: Dash component trees → escaped HTML; unknown components fail loudly.

Also the link mapping (dashboard addresses → static files) and the tree rewriting the adapter
uses. No browser, no store: pure functions.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from dash import dcc, html

from publish.links import UnknownLink, relative, site_path
from publish.render import UnknownComponent, render
from publish.tree import by_id, replace, walk

ROOT = Path(__file__).resolve().parent.parent


def parse_fragment(text: str):
    return html5lib.HTMLParser(strict=True).parseFragment(text)


def test_text_and_attributes_are_escaped():
    out = render(html.Div([
        "1 < 2 & <script>alert(1)</script>",
        html.A("x", href='/a?b=1&c="><script>', title="it's \"quoted\""),
    ], className='a"b', **{"data-x": "<&>", "aria-label": "l<"}))
    assert "<script>" not in out
    assert "1 &lt; 2 &amp; &lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'href="/a?b=1&amp;c=&quot;&gt;&lt;script&gt;"' in out
    assert 'class="a&quot;b"' in out and 'data-x="&lt;&amp;&gt;"' in out
    parse_fragment(out)


def test_attributes_come_in_the_same_order_in_every_process():
    """Dash sets a component's props in the order of a set of names, which changes with the
    process's hash seed; the same site must give the same bytes from one run to the next."""
    code = ("from dash import html; from publish.render import render; print(render(html.A("
            "'x', href='h', className='c', title='t', id='i', target='_blank', "
            "**{'data-nav': 'page', 'aria-label': 'l'})))")
    outputs = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              check=True, cwd=ROOT,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout
               for seed in (1, 2, 3, 4, 5)}
    assert len(outputs) == 1, outputs
    assert outputs.pop().startswith('<a id="i" ')


def test_react_attribute_names_booleans_styles_and_ids():
    out = render(html.Details([
        html.Summary("s"),
        html.Label("l", htmlFor="f"),
        html.Span(style={"--verdict-colour": "#fff", "marginLeft": 4, "opacity": 0.5,
                         "fontSize": "12px"}, tabIndex="0", hidden=True, n_clicks=3),
        html.Div(id={"type": "chart-table", "panel": "all"}),
        html.Br(),
    ], open=True))
    assert out.startswith("<details open>")
    assert '<label for="f">l</label>' in out
    assert 'style="--verdict-colour: #fff; margin-left: 4px; opacity: 0.5; font-size: 12px"' in out
    assert "tabindex=\"0\"" in out and " hidden" in out and "n_clicks" not in out
    # A dict id is written as Dash writes it into the DOM (JSON, keys sorted).
    assert ('id="{&quot;panel&quot;:&quot;all&quot;,&quot;type&quot;:'
            '&quot;chart-table&quot;}"') in out
    assert "<br>" in out and "</br>" not in out
    parse_fragment(out)


@pytest.mark.parametrize("component", [
    dcc.Dropdown(id="d", options=["a"]),
    dcc.RadioItems(id="r", options=["a"]),
    dcc.Checklist(id="c", options=["a"]),
    dcc.Graph(id="g", figure={"data": []}),
    dcc.Input(id="i"),
    html.Script("alert(1)"),
    html.Iframe(src="https://example.org"),
])
def test_components_without_a_static_form_fail_loudly(component):
    with pytest.raises(UnknownComponent):
        render(html.Div(component))


def test_a_non_component_child_fails():
    with pytest.raises(UnknownComponent):
        render(html.Div([object()]))


def test_holders_of_no_visible_content_render_nothing():
    assert render(html.Div([dcc.Store(id="s", data={"x": 1}), dcc.Download(id="d"),
                            dcc.Location(id="u")])) == "<div></div>"


def test_markdown_without_raw_html_and_links_with_rel():
    out = render(dcc.Markdown("**bold** <b>raw</b> [x](https://example.org)"))
    assert "<strong>bold</strong>" in out and "&lt;b&gt;raw&lt;/b&gt;" in out
    assert render(dcc.Link("a", href="https://x.example", target="_blank")).count(
        'rel="noopener"') == 1
    with pytest.raises(UnknownComponent):
        render(dcc.Markdown("<b>x</b>", dangerously_allow_html=True))


def test_tabs_show_every_tab_without_a_script():
    out = render(dcc.Tabs([dcc.Tab(html.P("chart"), label="Chart", value="chart"),
                           dcc.Tab(html.P("table"), label="Table", value="table"),
                           dcc.Tab(html.P("sources"), label="Sources", value="sources")],
                          value="table"))
    # The chosen tab is open first; each other tab is a disclosure with its label.
    assert out.index("<p>table</p>") < out.index("<p>chart</p>") < out.index("<p>sources</p>")
    assert "<summary>Chart</summary>" in out and "<summary>Sources</summary>" in out
    parse_fragment(out)


def test_replace_and_walk_keep_order_and_reach_tab_content():
    tree = html.Div([html.P("a", id="p1"), dcc.Tabs([dcc.Tab(html.Button("b", id="btn"))]),
                     html.P("c", id="p2")])
    assert [getattr(c, "id", None) for c in walk(tree) if c._type in ("P", "Button")] == [
        "p1", "btn", "p2"]
    out = replace(tree, lambda n: html.Span("swapped") if getattr(n, "id", None) == "btn" else
                  (None if getattr(n, "id", None) == "p2" else n))
    assert by_id(out, "p2") is None and "swapped" in render(out)


def test_dashboard_addresses_map_to_static_files_relative_to_the_page():
    def reading_page(aid, cid, rid):
        return f"a/{aid}/claim/{cid}/{rid}.html" if rid else f"a/{aid}/claim/{cid}/index.html"

    assert site_path("/", "x", reading_page) == "a/x/index.html"
    assert site_path("/table", "x", reading_page) == "a/x/table.html"
    assert site_path("/claim/c1?reading=r2&peers=RUS", "x", reading_page) == (
        "a/x/claim/c1/r2.html")
    assert site_path("/a/y/claim/c1", "x", reading_page) == "a/y/claim/c1/index.html"
    assert site_path("/a/y/", "x", reading_page) == "a/y/index.html"
    assert site_path("/a/y/download.xlsx", "x", reading_page) == (
        "a/y/claimcheck-y.xlsx")
    with pytest.raises(UnknownLink):
        site_path("/admin", "x", reading_page)
    assert relative("a/x/index.html", "a/x/claim/c1/index.html") == "../../index.html"
    assert relative("assets/site.css", "index.html") == "assets/site.css"
    assert relative("a/x/table.html#top", "a/x/index.html") == "table.html#top"
