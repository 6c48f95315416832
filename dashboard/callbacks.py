"""Callbacks: the URL to a page, the chosen source to its detail, choices into the URL.

State lives in the URL (``/a/<article>/claim/<id>?reading=<rid>&peers=RUS,UKR&detail=table``):
a page is rendered from it, so a copied URL opens the same view. A choice on a page
(a source, a peer, a tab, the table's columns) *replaces* the page's history entry rather
than adding one, so Back always leaves the page; links between pages add entries as usual.
"""

from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, html, no_update

from dashboard import pages
from dashboard.data import DashboardData, StoreUnavailable
from dashboard.render.claim import detail_body


def register(app, data: DashboardData) -> None:
    @app.callback(
        Output("page", "children"),
        Input("url", "pathname"),
        Input("url", "search"),
    )
    def render_page(pathname, search):
        return pages.page_for(data, app, pathname, search)

    @app.callback(
        Output("detail-body", "children"),
        Output("peer-select", "options"),
        Output("peer-note", "children"),
        Input("reading-select", "value"),
        Input("peer-select", "value"),
        State("claim-ref", "data"),
        # The page arrives with its first source already drawn (no empty chart meanwhile).
        prevent_initial_call=True,
    )
    def render_reading(reading_id, peers, ref):
        # The detail's tab is restored from the URL in the browser (assets/ui.js).
        try:
            detail = pages.detail_for(data, app, ref or {}, reading_id, peers or [], None)
        except StoreUnavailable as exc:
            return html.P(exc.message), no_update, no_update
        if detail is None:
            return no_update, no_update, no_update
        return (detail_body(detail), [{"label": p.label, "value": p.code} for p in detail.peers],
                detail.peer_note)

    # In the browser (assets/ui.js): the choice goes into the URL, replacing the entry.
    app.clientside_callback(
        ClientsideFunction(namespace="claimcheck", function_name="claimChoice"),
        Output("reading-select", "title"),
        Input("reading-select", "value"),
        Input("peer-select", "value"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        ClientsideFunction(namespace="claimcheck", function_name="tableColumns"),
        Output("column-select", "title"),
        Input("column-select", "value"),
        Input("column-select-technical", "value"),
        prevent_initial_call=True,
    )

