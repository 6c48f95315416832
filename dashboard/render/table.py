"""The table of every claim × source: a plain HTML table (sortable by its column headers, its
columns chosen under "Choose columns"), a list on a phone, and the CLI export's files.

Sorting and the column choice are links and a checklist whose state is in the URL
(``?sort=…&desc=1&cols=…``), replaced rather than added to the history; a static page shows
the default order and columns.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.render.ui import article_bar, link, page, verdict_badge
from indicators.output.pages.models import TableView


def table_page(vm: TableView, *, interactive: bool = True) -> html.Div:
    columns = {c.key: c for c in vm.columns}
    shown = [columns[k] for k in vm.shown]
    sort_links = dict(vm.sort_links)
    head = []
    for c in shown:
        active = vm.sort == c.key
        state = ("descending" if vm.descending else "ascending") if active else "none"
        arrow = (" ▼" if vm.descending else " ▲") if active else ""
        head.append(html.Th(
            link(sort_links[c.key], [c.header, html.Span(arrow, **{
                "aria-hidden": "true"})], className="sort-link", **{"data-replace": "true"}),
            scope="col", className="num" if c.numeric else None, **{"aria-sort": state}))
    body = [html.Tr([html.Td(row.get(c.key, ""), className="num" if c.numeric else None)
                     for c in shown]) for row in vm.rows]
    chooser = html.Details([
        html.Summary("Choose columns"),
        dcc.Checklist(id="column-select",
                      options=[{"label": c.header, "value": c.key}
                               for c in vm.columns if not c.technical],
                      value=list(vm.shown), className="column-choices",
                      labelClassName="choice", inputClassName="choice-input"),
        html.Details([html.Summary("Technical provenance"),
                      dcc.Checklist(id="column-select-technical",
                                    options=[{"label": c.header, "value": c.key}
                                             for c in vm.columns if c.technical],
                                    value=[k for k in vm.shown if columns[k].technical],
                                    className="column-choices", labelClassName="choice",
                                    inputClassName="choice-input")],
                     className="technical"),
    ], className="column-picker wide-only") if interactive else None
    return page([
        article_bar(vm.article, current="table"),
        html.H1(vm.heading, id="page-title", tabIndex="-1"),
        html.P("Sort by a column's heading. The downloads hold exactly what claimcheck "
               "export writes.", className="muted table-help"),
        chooser,
        html.Div(html.Table([
            html.Caption(f"{vm.heading}: {len(vm.rows)} rows"),
            html.Thead(html.Tr(head)), html.Tbody(body)], className="claims-table",
            id="claims-table"), className="table-scroll wide-only", tabIndex="0",
            role="region", **{"aria-label": vm.heading}),
        html.Div([html.Section([
            html.H2(title),
            html.Ul([html.Li([verdict_badge(r.verdict), " ", html.Span(r.sentence), " ",
                              link(r.href, ["Chart", html.Span(f" of {r.label}",
                                                               className="sr-label")])],
                             className="reading-row") for r in rows],
                    className="reading-list")]) for title, rows in vm.phone],
            className="table-phone phone-only", id="table-phone"),
    ], page_id="table-page", title=vm.page_title, page_key=f"table:{vm.article.article_id}")
