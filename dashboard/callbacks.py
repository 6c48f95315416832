"""Callbacks: routing, URL ⇄ controls, the selected reading's chart and provenance, downloads.

State lives in the URL (``/claim/<id>?reading=<rid>&peers=RUS,UKR``): the page is rendered
from it, and changing a control rewrites it (history entry, no reload), so a copied URL opens
the same view.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

from dash import Input, Output, State, ctx, dcc, html, no_update

from dashboard import figures, layout
from dashboard.data import DashboardData, StoreUnavailable
from indicators.display import verdict_colour
from indicators.economies import display_name
from indicators.verdicts import Verdict


def _route(app, pathname: str | None) -> tuple[str, str | None]:
    path = "/" + (app.strip_relative_path(pathname or "/") or "")
    if path in ("/", "/overview"):
        return "overview", None
    if path == "/table":
        return "table", None
    if path.startswith("/claim/"):
        return "claim", path.removeprefix("/claim/").strip("/")
    return "unknown", path


def _empty_figure(message: str) -> dict:
    return {
        "data": [],
        "layout": {
            "height": 200, "xaxis": {"visible": False}, "yaxis": {"visible": False},
            "margin": {"l": 16, "r": 16, "t": 16, "b": 16},
            "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
            "annotations": [{"text": message, "showarrow": False, "x": 0.5, "y": 0.5,
                             "xref": "paper", "yref": "paper", "font": {"size": 14}}],
        },
    }


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
            return layout.overview_page(snap, app)
        if page == "table":
            rows, columns = table_data(snap)
            return layout.table_page(snap, rows, columns)
        if page == "claim":
            claim_result = layout.find_claim(snap.result, arg)
            if claim_result is None:
                return layout.not_found_page(app, f"There is no claim {arg!r} in this article.")
            return layout.claim_page(claim_result, search, app)
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
        Output("reading-provenance", "children"),
        Output("peer-select", "options"),
        Output("peer-note", "children"),
        Input("reading-select", "value"),
        Input("peer-select", "value"),
        State("claim-id", "data"),
    )
    def render_reading(reading_id, peers, claim_id):
        try:
            snap = data.evaluated()
        except StoreUnavailable as exc:
            return html.P(exc.message), _empty_figure("No store"), None, no_update, no_update
        claim_result = layout.find_claim(snap.result, claim_id)
        if claim_result is None:
            return (no_update,) * 5
        reading = next((r for r in claim_result.readings if r.reading_id == reading_id),
                       layout.primary_reading(claim_result))
        claim = claim_result.claim
        reading_def = next((r for r in claim.readings if r.id == reading.reading_id), None)
        with_data = {p.economy for p in reading.peers}
        options, note = peer_options(claim, with_data)
        shown = [p for p in (peers or []) if p in with_data]
        return (
            layout.reading_summary(claim_result, reading, reading_def),
            reading_chart(data, snap, claim_result, reading, shown),
            layout.provenance_panel(reading, snap),
            options,
            note,
        )

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


def peer_options(claim, with_data: set[str]) -> tuple[list[dict], str]:
    """Every peer of the claim; those without data for this reading are disabled (and said)."""
    options = [
        {"label": f" {display_name(p)} ({p})", "value": p, "disabled": p not in with_data}
        for p in claim.peers
    ]
    missing = [display_name(p) for p in claim.peers if p not in with_data]
    if not claim.peers:
        note = "No peer economies are listed for this claim."
    elif len(missing) == len(claim.peers):
        note = "This reading has no comparable data for the peer economies."
    elif missing:
        note = "No comparable data for " + ", ".join(missing) + "."
    else:
        note = ""
    return options, note


def reading_chart(data: DashboardData, snap, claim_result, reading, peers: list[str]):
    claim = claim_result.claim
    if reading.measure_kind == "none":
        return _empty_figure("No public data can test this reading.")
    points = data.series(claim, reading.reading_id, reading.economy)
    if not points:
        return _empty_figure("No observations of this reading in the store.")
    peer_points = {code: data.series(claim, reading.reading_id, code) for code in peers}
    unit = next((p.unit for p in points if p.unit), reading.claimed_unit)
    return figures.reading_figure(
        points,
        economy=reading.economy,
        unit=unit,
        claimed_value=reading.claimed_value,
        claimed_label=layout.fmt_value(reading.claimed_value, reading.claimed_unit),
        article_date=layout.article_date(snap.result.article),
        highlight=[reading.at_claim_year, reading.latest],
        peers=peer_points,
    )


# Columns shown first in the grid; every other export column follows (nothing is dropped).
LEADING_COLUMNS = ("claim_id", "reading_id", "verdict", "claimed_value", "claimed_unit",
                   "observed_value", "observed_unit", "observed_year", "latest_value",
                   "latest_year", "diff_points", "diff_percent", "claim_verdict",
                   "reading_meaning", "source", "series")
NUMERIC = {"claimed_value", "claim_year", "claim_precision", "observed_value", "observed_year",
           "diff_points", "diff_percent", "latest_value", "latest_year", "latest_diff_points",
           "latest_diff_percent"}
# Shown rounded to 4 significant digits; the cell keeps the full value (sorting, filtering and
# the downloads use it).
ROUNDED = NUMERIC - {"claim_year", "observed_year", "latest_year"}


def table_data(snap) -> tuple[list[dict], list[dict]]:
    """The export's own rows (`indicators.export.rows`), so the grid shows what CSV holds."""
    from indicators import export

    columns = [*LEADING_COLUMNS, *(c for c in export.COLUMNS if c not in LEADING_COLUMNS)]
    defs = []
    for col in columns:
        d = {"field": col, "headerName": col.replace("_", " ")}
        if col in NUMERIC:
            d["filter"] = "agNumberColumnFilter"
            d["type"] = "numericColumn"
        if col in ROUNDED:
            d["valueFormatter"] = {
                "function": "params.value == null ? '' : d3.format(',.4~r')(params.value)"
            }
        if col in ("claim_id", "reading_id"):
            d["pinned"] = "left"
        if col == "verdict":
            # A colour bar beside the verdict's text (the text carries the meaning).
            d["cellStyle"] = {"styleConditions": [
                {"condition": f"params.value == {v.value!r}",
                 "style": {"boxShadow": f"inset 6px 0 {verdict_colour(v)}"}}
                for v in Verdict
            ]}
        defs.append(d)
    return export.rows(snap.result), defs


def export_bytes(snap, fmt: str) -> tuple[bytes, str]:
    """Exactly `claimcheck export --format <fmt>` of the same store and claims file."""
    from indicators import export

    stem = Path(snap.result.claims_path).stem or "claimcheck"
    return export.export_bytes(snap.result, fmt), f"claimcheck-{stem}.{fmt}"
