"""A chart panel as in Our World in Data's grapher: Chart / Table / Sources tabs, downloads.

The title and subtitle are HTML above the chart (full width, wrapping like text), the source
line below it; the figure itself holds only the data. The Table tab holds every plotted value
as text (a table on wide screens, a list on a phone); Sources names each series' publisher,
dataset, retrieval date and last update. Tabs and downloads are handled in the browser by
assets/ui.js (no server callback), so the same markup works in a static site; the panel's
data (CSV, PNG layout) travels in a hidden element beside it.
"""

from __future__ import annotations

import json

from dash import dcc, html

from indicators.output.pages.links import TABS
from indicators.output.pages.models import ChartView, NoDataView, SourceEntry, ValueRow

TAB_LABELS = {"chart": "Chart", "table": "Table", "sources": "Sources"}


def graph_config(filename: str) -> dict:
    # No floating toolbar (it covered titles on phones): the panel's buttons download.
    return {"displaylogo": False, "responsive": True, "displayModeBar": False,
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}


def values_table(rows: tuple[ValueRow, ...], caption: str) -> html.Div:
    """Every plotted value: a table on wide screens, the same values as a list on a phone."""
    head = ("Shown as", "Economy", "Period", "Value", "Source")
    table = html.Table(
        [html.Caption(caption),
         html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
         html.Tbody([html.Tr([html.Td(r.shown_as), html.Td(r.economy), html.Td(r.period),
                              html.Td(r.value_text, className="num"), html.Td(r.source)])
                     for r in rows])],
        className="values-table wide-only")
    # Two components an item (a page can list a few hundred values, and each component costs
    # the first visit ~30 µs to build and send).
    items = html.Ul([html.Li([html.Strong(r.value_text),
                              f" ({r.period}) — {r.shown_as} · {r.economy} · {r.source}"])
                     for r in rows], className="values-list phone-only",
                    **{"aria-label": caption})
    return html.Div([table, items], className="table-scroll")


def sources_list(entries: tuple[SourceEntry, ...]) -> html.Div:
    items = [html.Li([
        html.Strong(e.title), html.Br(),
        html.Span(e.description, className="muted") if e.description else None,
        html.Br() if e.description else None,
        f"{e.economy} · retrieved {e.retrieved} · {e.updated}",
        *((" · ", html.A("publisher's page", href=e.link, rel="noopener")) if e.link else ()),
        *((html.Br(), html.Strong(f"Licence: {e.licence}", className="licence-note"))
          if e.licence else ()),
    ]) for e in entries]
    return html.Div([
        html.Ul(items or [html.Li("No stored observations.")], className="sources-list"),
        html.P("No source in the store announces the date of its next update.",
               className="small")])


def no_data_panel(v: NoDataView) -> html.Div:
    """A plain panel: what is missing, what data would answer it, and why there is none."""
    return html.Div([
        html.P(html.Strong(v.message)),
        html.P([html.Span("What would answer it: ", className="muted"), v.would_answer]),
        html.P(v.why, className="small") if v.why else None,
    ], className="no-data-panel", id=f"{v.panel}-no-data")


def tabs(panel: str, selected: str, contents: dict, label: str) -> list:
    """A tablist of buttons and its tab panels (ARIA tabs; keys handled by assets/ui.js)."""
    buttons = [html.Button(TAB_LABELS[t], type="button", role="tab", id=f"{panel}-tab-{t}",
                           className="tab", tabIndex="0" if t == selected else "-1",
                           **{"aria-selected": "true" if t == selected else "false",
                              "aria-controls": f"{panel}-tabpanel-{t}", "data-tab": t})
               for t in TABS]
    panels = [html.Div(contents[t], role="tabpanel", id=f"{panel}-tabpanel-{t}",
                       hidden=t != selected, className="tabpanel",
                       **{"aria-labelledby": f"{panel}-tab-{t}", "data-tab": t,
                          **({"tabIndex": "0"} if t != "chart" else {})})
              for t in TABS]
    return [html.Div(buttons, role="tablist", className="tablist",
                     **{"aria-label": f"{label}: chart, table or sources"}), *panels]


def chart_panel(v: ChartView | NoDataView) -> html.Section:
    if isinstance(v, NoDataView):
        return html.Section([html.H3(v.title, className="chart-title", id=f"{v.panel}-title"),
                             no_data_panel(v)],
                            className="chart-panel chart-panel-empty", id=f"panel-{v.panel}",
                            **{"aria-labelledby": f"{v.panel}-title", "data-panel": v.panel})
    graph = dcc.Graph(id=v.graph_id, figure=v.figure, config=graph_config(v.filename),
                      className="chart", responsive=True)
    data = {"csv": v.csv, "filename": v.filename, "export": v.export_layout,
            "graph": v.graph_id, "title": v.title}
    return html.Section(
        [
            html.H3(v.title, className="chart-title", id=f"{v.panel}-title"),
            html.P(v.subtitle, className="chart-subtitle"),
            *tabs(v.panel, v.tab, {"chart": graph, "table": values_table(v.rows, v.title),
                                   "sources": sources_list(v.sources)}, v.title),
            html.P(v.note, className="chart-note", id=f"{v.panel}-note") if v.note else None,
            html.P(v.source_line, className="chart-source small"),
            html.Div([html.Button("Download CSV", type="button", className="btn",
                                  **{"data-action": "csv"}),
                      html.Button("Download PNG", type="button", className="btn",
                                  **{"data-action": "png"})],
                     className="chart-downloads", role="group",
                     **{"aria-label": f"Downloads for: {v.title}"}),
            html.Div(json.dumps(data, ensure_ascii=False), hidden=True, className="chart-data",
                     id=f"{v.panel}-data"),
        ],
        className="chart-panel", id=f"panel-{v.panel}",
        **{"aria-labelledby": f"{v.panel}-title", "data-panel": v.panel})
