"""A chart panel as in Our World in Data's grapher: Chart / Table / Sources tabs and downloads.

The Table tab holds every plotted value as text (keyboard and screen-reader users read the
chart there); the Sources tab lists each series with publisher, dataset, retrieval date and
the publisher's last update. "Download CSV" sends the same rows; "Download PNG" asks Plotly for
an image of the figure, whose title, subtitle and source line travel with it.
"""

from __future__ import annotations

import csv
import io

from dash import dcc, html

from indicators.numbers import fmt_value

CSV_COLUMNS = ("series_label", "economy", "year", "period", "value", "unit", "source",
               "dataset", "series", "retrieved", "publisher_updated")
HEADERS = {"series_label": "Shown as", "economy": "Economy", "year": "Year",
           "period": "Period", "value": "Value", "unit": "Unit", "source": "Source"}


def rows_for(series: list[tuple[str, list]]) -> list[dict]:
    """One row per plotted value, with its provenance (full precision; the CSV keeps it)."""
    out = []
    for label, points in series:
        for p in points:
            out.append({"series_label": label, "economy": p.economy, "year": p.year,
                        "period": p.period or "", "value": p.value, "unit": p.unit,
                        "source": p.source, "dataset": p.dataset, "series": p.series,
                        "retrieved": (p.retrieved_at or "")[:10],
                        "publisher_updated": p.publisher_updated or ""})
    return out


def csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def graph_config(filename: str) -> dict:
    # No floating toolbar: it covered titles on narrow screens; the panel's own buttons
    # download the PNG (with the same options) and the CSV.
    return {"displaylogo": False, "responsive": True, "displayModeBar": False,
            "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2}}


def values_table(rows: list[dict], caption: str) -> html.Table:
    cols = ("series_label", "economy", "year", "period", "value", "source")
    return html.Table(
        [html.Caption(caption),
         html.Thead(html.Tr([html.Th(HEADERS[c], scope="col") for c in cols])),
         html.Tbody([html.Tr([html.Td(fmt_value(r["value"], r["unit"]) if c == "value"
                                      else str(r[c])) for c in cols]) for r in rows])],
        className="values-table",
    )


def sources_list(points: list) -> html.Ul:
    seen: dict[tuple, object] = {}
    for p in points:
        for leaf in p.leaves() if hasattr(p, "leaves") else (p,):
            seen.setdefault((leaf.source, leaf.dataset, leaf.series, leaf.economy), leaf)
    items = []
    for leaf in seen.values():
        items.append(html.Li([
            html.Strong(f"{leaf.source} — {leaf.dataset or leaf.series}"), " · series ",
            html.Code(leaf.series), f" ({leaf.series_name})" if leaf.series_name else "",
            f" · {leaf.economy}",
            html.Br(),
            f"Retrieved {(leaf.retrieved_at or 'unknown')[:10]}",
            f" · publisher last updated {leaf.publisher_updated}" if leaf.publisher_updated
            else " · publisher's last update not stated",
            " · next expected update: not announced in the stored data",
            *((html.Br(), html.Strong(f"Licence: {leaf.licence}", className="licence-note"))
              if getattr(leaf, "licence", "") else ()),
            *((" · ", html.A("origin", href=leaf.origin, rel="noopener", target="_blank"))
              if (leaf.origin or "").startswith(("http://", "https://")) else ()),
        ]))
    return html.Ul(items or [html.Li("No stored observations.")], className="sources-list")


def chart_panel(panel: str, graph_id: str, figure: dict | None, series: list[tuple[str, list]],
                *, caption: str, filename: str) -> html.Section:
    """The Chart / Table / Sources tabs for one figure, with CSV and PNG downloads.

    ``panel`` names the panel in the pattern-matching ids; ``graph_id`` is the dcc.Graph's id
    (a callback may update its figure later); ``figure`` None leaves that to the callback.
    """
    rows = rows_for(series)
    points = [p for _, pts in series for p in pts]
    graph = dcc.Graph(id=graph_id, config=graph_config(filename), className="chart",
                      **({"figure": figure} if figure is not None else {}))
    return html.Section(
        [
            dcc.Tabs(
                [
                    dcc.Tab(graph, label="Chart", value="chart"),
                    dcc.Tab(html.Div(values_table(rows, caption),
                                     id={"type": "chart-table", "panel": panel},
                                     className="table-scroll", tabIndex="0"),
                            label="Table", value="table"),
                    dcc.Tab(html.Div(sources_list(points),
                                     id={"type": "chart-sources", "panel": panel}),
                            label="Sources", value="sources"),
                ],
                value="chart",
                mobile_breakpoint=0,  # tabs stay side by side on a phone
                className="chart-tabs",
                id={"type": "chart-tabs", "panel": panel},
            ),
            html.Div(
                [
                    html.Button("Download CSV", id={"type": "chart-csv", "panel": panel},
                                className="btn"),
                    html.Button("Download PNG", id={"type": "chart-png", "panel": panel},
                                className="btn"),
                ],
                className="chart-downloads",
                role="group",
                **{"aria-label": f"Downloads for: {caption}"},
            ),
            dcc.Store(id={"type": "chart-data", "panel": panel},
                      data={"csv": csv_text(rows), "filename": filename, "graph": graph_id,
                            "panel": f"panel-{panel}"}),
            dcc.Download(id={"type": "chart-download", "panel": panel}),
        ],
        className="chart-panel",
        id=f"panel-{panel}",
        **{"aria-label": caption},
    )
