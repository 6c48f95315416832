"""Callbacks: routing, URL ⇄ controls, the selected reading's chart and provenance, downloads.

State lives in the URL (``/claim/<id>?reading=<rid>&peers=RUS,UKR``): the page is rendered
from it, and changing a control rewrites it (history entry, no reload), so a copied URL opens
the same view.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from dash import MATCH, ClientsideFunction, Input, Output, State, ctx, dcc, html, no_update

from dashboard import layout, overview, table, views
from dashboard.claim_view import claim_page, default_reading
from dashboard.data import DashboardData, StoreUnavailable


def _route(app, pathname: str | None) -> tuple[str, str | None]:
    path = "/" + (app.strip_relative_path(pathname or "/") or "")
    if path in ("/", "/overview"):
        return "overview", None
    if path == "/table":
        return "table", None
    if path.startswith("/claim/"):
        return "claim", path.removeprefix("/claim/").strip("/")
    return "unknown", path


def register(app, data: DashboardData) -> None:
    @app.callback(
        Output("page", "children"),
        Output("view-state", "data"),
        Input("url", "pathname"),
        Input("url", "search"),
        State("view-state", "data"),
    )
    def render_page(pathname, search, shown):
        view = {"path": pathname, "search": search or ""}
        if view == shown:
            # The URL changed because a control on this page changed: the page is already
            # showing it (re-rendering would only lose the reader's focus).
            return no_update, no_update
        return page_for(pathname, search), view

    def page_for(pathname, search):
        try:
            snap = data.evaluated()
        except StoreUnavailable as exc:
            return layout.unavailable_page(exc, data)
        if snap.error:
            return layout.analysis_error_page(snap)
        page, arg = _route(app, pathname)
        if page == "overview":
            return overview.overview_page(snap, app)
        if page == "table":
            rows, columns = table.table_data(snap)
            return table.table_page(snap, rows, columns, app)
        if page == "claim":
            claim_result = layout.find_claim(snap.result, arg)
            if claim_result is None:
                return layout.not_found_page(app, f"There is no claim {arg!r} in this article.")
            return claim_page_for(data, snap, claim_result, search, app)
        return layout.not_found_page(app, f"There is no page {arg!r}.")

    @app.callback(
        Output("url", "search"),
        Output("view-state", "data", allow_duplicate=True),
        Input("reading-select", "value"),
        Input("peer-select", "value"),
        State("url", "pathname"),
        State("url", "search"),
        prevent_initial_call=True,
    )
    def controls_to_url(reading_id, peers, pathname, search):
        # A new history entry per choice (Back steps through them); `view-state` tells the
        # page callback that this page already shows the new URL.
        query = {"reading": reading_id} if reading_id else {}
        if peers:
            query["peers"] = ",".join(peers)
        new_search = "?" + urlencode(query, safe=",") if query else ""
        if new_search == (search or ""):
            return no_update, no_update
        return new_search, {"path": pathname, "search": new_search}

    @app.callback(
        Output("reading-summary", "children"),
        Output("reading-chart", "figure"),
        Output({"type": "chart-table", "panel": "reading"}, "children"),
        Output({"type": "chart-sources", "panel": "reading"}, "children"),
        Output({"type": "chart-data", "panel": "reading"}, "data"),
        Output("reading-provenance", "children"),
        Output("peer-select", "options"),
        Output("peer-note", "children"),
        Input("reading-select", "value"),
        Input("peer-select", "value"),
        State("claim-id", "data"),
        # The page arrives with its first reading already drawn (no empty chart meanwhile).
        prevent_initial_call=True,
    )
    def render_reading(reading_id, peers, claim_id):
        try:
            snap = data.evaluated()
        except StoreUnavailable as exc:
            return (html.P(exc.message), views.no_data_figure("No store", "–"),
                    *(no_update,) * 6)
        claim_result = layout.find_claim(snap.result, claim_id)
        if claim_result is None:
            return (no_update,) * 8
        reading = next((r for r in claim_result.readings if r.reading_id == reading_id),
                       default_reading(claim_result, None))
        parts = views.reading_parts(data, snap, claim_result, reading, peers or [])
        return (parts["summary"], parts["figure"], parts["table"], parts["sources"],
                parts["chart_data"], parts["provenance"], parts["peer_options"],
                parts["peer_note"])

    @app.callback(
        Output({"type": "chart-download", "panel": MATCH}, "data"),
        Input({"type": "chart-csv", "panel": MATCH}, "n_clicks"),
        State({"type": "chart-data", "panel": MATCH}, "data"),
        prevent_initial_call=True,
    )
    def download_chart_csv(_clicks, chart_data):
        # The rows are already on the page (the Table tab): send them back as a file.
        if not chart_data:
            return no_update
        return dcc.send_string(chart_data["csv"], chart_data["filename"] + ".csv")

    # A function in assets/charts.js (no inline script, so a strict CSP allows it).
    app.clientside_callback(
        ClientsideFunction(namespace="claimcheck", function_name="downloadPng"),
        Output({"type": "chart-png", "panel": MATCH}, "title"),
        Input({"type": "chart-png", "panel": MATCH}, "n_clicks"),
        State({"type": "chart-data", "panel": MATCH}, "data"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output("readings-grid", "columnDefs"),
        Input("column-select", "value"),
        State("readings-grid", "columnDefs"),
        prevent_initial_call=True,
    )
    def choose_columns(visible, defs):
        visible = set(visible or [])
        return [{**d, "hide": d["field"] not in visible} for d in defs or []]

    exports: dict = {}  # "result": the ArticleResult the files were built from; fmt → file

    @app.callback(
        Output("download", "data"),
        Input("download-csv", "n_clicks"),
        Input("download-xlsx", "n_clicks"),
        Input("download-json", "n_clicks"),
        prevent_initial_call=True,
    )
    def download(_csv, _xlsx, _json):
        fmt = {"download-csv": "csv", "download-xlsx": "xlsx", "download-json": "json"}.get(
            ctx.triggered_id)
        if fmt is None:
            return no_update
        snap = data.evaluated()
        if snap.result is None:
            return no_update
        # The file depends only on the evaluated store state: built once per state and
        # format (an XLSX workbook takes ~200 ms), then served from memory.
        if exports.get("result") is not snap.result:
            exports.clear()
            exports["result"] = snap.result
        if fmt not in exports:
            exports[fmt] = dcc.send_bytes(*export_bytes(snap, fmt))
        return exports[fmt]


def claim_page_for(data, snap, claim_result, search, app):
    wanted_reading, wanted_peers = layout.parse_search(search)
    reading = default_reading(claim_result, wanted_reading)
    all_panel, left_out = views.all_readings_panel(data, snap, claim_result)
    parts = views.reading_parts(data, snap, claim_result, reading, wanted_peers)
    return claim_page(claim_result, app, reading=reading, all_panel=all_panel,
                      left_out=left_out, peers=[p for p in wanted_peers if p in
                                                {o["value"] for o in parts["peer_options"]}],
                      reading_parts={**parts, "panel": views.reading_panel(parts)})


def export_bytes(snap, fmt: str) -> tuple[bytes, str]:
    """Exactly `claimcheck export --format <fmt>` of the same store and claims file."""
    from indicators.output import export

    stem = Path(snap.result.claims_path).stem or "claimcheck"
    return export.export_bytes(snap.result, fmt), f"claimcheck-{stem}.{fmt}"
