"""A claim's page: verdict and figures, the main chart (one concept) with the sources measured
differently named under it, the verdict by year, then one source in detail.

``interactive``: the dashboard offers the sources and peers as radio buttons and checkboxes
(a callback redraws the detail); a static page offers the same choices as links.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.render.overview import card_figures
from dashboard.render.panels import chart_panel
from dashboard.render.ui import (
    article_bar,
    facts,
    link,
    page,
    technical,
    verdict_badge,
    verdict_line,
)
from indicators.output.pages.models import ClaimPageView, ReadingDetail, StripView


def claim_page(vm: ClaimPageView, *, interactive: bool = True) -> html.Div:
    d = vm.detail
    return page([
        article_bar(vm.article, current="claim"),
        html.Nav(link(vm.article.overview_href, "← Overview of the article's claims"),
                 className="crumbs", **{"aria-label": "Breadcrumb"}),
        html.Div([html.H1(vm.heading, id="claim-title", tabIndex="-1"),
                  verdict_line("Claim verdict", vm.verdict, id="claim-verdict")],
                 className="card-head claim-head"),
        card_figures(vm.claimed, vm.quote, vm.quote_lang, vm.deciding, vm.gap, vm.telling),
        html.P(vm.sentence, id="claim-sentence", className="sentence"),
        html.Details([html.Summary("Full explanation"),
                      html.P(vm.explanation, className="explanation"),
                      *[html.P(n, className="small") for n in vm.notes],
                      technical(vm.technical)], id="claim-explanation"),
        html.Section([
            html.H2(vm.main_heading, id="main-heading"),
            chart_panel(vm.main),
            others(vm),
            strip(vm.strip) if vm.strip is not None else None,
        ], className="detail", **{"aria-labelledby": "main-heading"}),
        html.Section([
            html.H2("One source in detail", id="one-heading"),
            controls(vm, interactive),
            html.Div(detail_body(d), id="detail-body", **{"aria-live": "polite"}),
        ], className="detail", id="one-source", **{"aria-labelledby": "one-heading"}),
        dcc.Store(id="claim-ref", data={"article": vm.article.article_id,
                                        "claim": vm.claim_id}) if interactive else None,
    ], page_id="claim-page", title=vm.page_title,
        page_key=f"claim:{vm.article.article_id}:{vm.claim_id}", **{"data-claim": vm.claim_id})


def others(vm: ClaimPageView) -> html.Div | None:
    """Sources measured in another unit or concept: named with their figure, not drawn."""
    if not vm.others:
        return None
    return html.Div([
        html.P("Measured differently (not on this chart):", className="others-title"),
        html.Ul([html.Li([verdict_badge(o.verdict), " ",
                          html.Strong(o.label + (":" if o.figure else "")),
                          f" {o.figure}" if o.figure else "",
                          html.Span(f" — {o.why}", className="muted"), " ",
                          # a choice within the page: it replaces the history entry
                          link(o.href, ["Show", html.Span(f" {o.label} in detail",
                                                          className="sr-label")],
                               className="reading-link", **{"data-replace": "true"})],
                         className="reading-row", **{"data-reading": o.reading_id})
                 for o in vm.others], className="reading-list")],
        id="others", className="others")


def strip(s: StripView) -> html.Div:
    """Verdict per source × year: a table on wide screens, one line per source on a phone."""
    head = html.Thead(html.Tr([html.Th("Source", scope="col"),
                               *[html.Th(str(y), scope="col") for y in s.years]]))
    body = []
    for row in s.rows:
        cells = []
        for cell in row.cells:
            if cell is None:
                cells.append(html.Td("", className="strip-empty"))
                continue
            text = f"{cell.verdict.label}, {cell.value_text}"
            cells.append(html.Td(
                [html.Span(cell.verdict.glyph, **{"aria-hidden": "true"}),
                 html.Span(text, className="sr-label")],
                className="strip-cell", title=f"{cell.year}: {text}",
                style={"--verdict-colour": cell.verdict.colour},
                **{"data-verdict": cell.verdict.value, "data-year": str(cell.year)}))
        body.append(html.Tr([html.Th(row.label, scope="row"), *cells]))
    lines = html.Ul([html.Li([html.Strong(row.label + ": "), *[
        html.Span(f"{c.year} {c.verdict.glyph} {c.verdict.label}", className="strip-chip",
                  style={"--verdict-colour": c.verdict.colour})
        for c in row.cells if c is not None]]) for row in s.rows],
        className="strip-list phone-only", **{"aria-label": s.caption})
    return html.Div([
        html.Div(html.Table([html.Caption(s.caption), head, html.Tbody(body)],
                            className="strip"),
                 className="strip-wrap wide-only", tabIndex="0", role="region",
                 **{"aria-label": s.caption}),
        lines], id="robustness-strip")


def controls(vm: ClaimPageView, interactive: bool) -> html.Div:
    d = vm.detail
    if not interactive:
        return html.Div([
            html.Nav([html.P("Sources for this claim:"), html.Ul([html.Li(link(
                o.href, o.label, **({"aria-current": "true"} if o.selected else {})))
                for o in vm.options])], **{"aria-label": "Sources"}),
            html.Nav([html.P("Compare with:"), html.Ul([html.Li(link(p.href, p.label))
                                                        for p in d.peers])],
                     **{"aria-label": "Peers"}) if d.peers else None,
            html.P(d.peer_note, className="muted small"),
        ], className="controls")
    return html.Div([
        html.Fieldset([html.Legend("Source", id="reading-legend"),
                       dcc.RadioItems(id="reading-select",
                                      options=[{"label": o.label, "value": o.reading_id}
                                               for o in vm.options],
                                      value=next((o.reading_id for o in vm.options
                                                  if o.selected), None),
                                      className="choices", labelClassName="choice",
                                      inputClassName="choice-input")],
                      className="control"),
        html.Fieldset([html.Legend("Compare with"),
                       dcc.Checklist(id="peer-select",
                                     options=[{"label": p.label, "value": p.code}
                                              for p in d.peers],
                                     value=[p.code for p in d.peers if p.selected],
                                     className="choices", labelClassName="choice",
                                     inputClassName="choice-input"),
                       html.P(d.peer_note, id="peer-note", className="muted small")],
                      className="control"),
    ], className="controls")


def detail_body(d: ReadingDetail) -> list:
    """The chosen source: its verdict, figures, chart and provenance (redrawn on a choice)."""
    return [
        html.Div([
            html.H3([html.Span(d.heading, className="reading-title"),
                     html.Span("Verdict on this source:", className="verdict-kind"),
                     verdict_badge(d.verdict, id="reading-verdict")],
                    className="reading-head"),
            html.P(d.sentence, id="reading-sentence"),
            facts(d.facts),
            html.Details([html.Summary("Full explanation"),
                          html.P(d.explanation, id="reading-explanation"),
                          html.P([html.Strong("Why this may not be what the article meant: "),
                                  d.caveat]) if d.caveat else None],
                         id="reading-more"),
        ], id="reading-summary"),
        chart_panel(d.chart),
        html.Details([
            html.Summary("Where the numbers come from"),
            html.Section([
                html.P(d.computed_from, className="muted") if d.computed_from else None,
                *[html.Div([html.P([html.Strong(e.source), html.Br(), e.value]),
                            html.P(e.description, className="muted small")
                            if e.description else None,
                            facts(e.facts),
                            html.P(html.A("The publisher's page", href=e.link, rel="noopener"))
                            if e.link else None], className="provenance-block")
                  for e in d.provenance],
                html.P("No stored values behind this source yet.")
                if not d.provenance else None,
                technical(tuple(f for e in d.provenance for f in e.technical) + d.technical),
            ], className="provenance", id="provenance"),
        ], id="provenance-details"),
    ]
