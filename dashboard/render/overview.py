"""The overview (one card per claim, built around its ruler) and the list of articles.

A card says, before any paragraph: the claim's verdict with its qualifiers, what was claimed,
the deciding figure and the gap, each source on its own row of the ruler, and one sentence;
the per-source list and the full explanation are one click away (a <details>).
"""

from __future__ import annotations

from dash import html

from dashboard.render.ui import (
    article_bar,
    link,
    page,
    verdict_badge,
    verdict_line,
)
from indicators.output.pages.models import (
    CardView,
    FigureLine,
    IndexView,
    OverviewView,
    RulerView,
)


def overview_page(vm: OverviewView) -> html.Div:
    return page([
        article_bar(vm.article, current="overview"),
        html.H1(vm.heading, id="page-title", tabIndex="-1"),
        html.P(vm.headline, id="headline", className="headline"),
        ruler_key(),
        html.Div([card(c) for c in vm.cards], className="cards"),
    ], page_id="overview", title=vm.page_title, page_key=f"overview:{vm.article.article_id}")


def ruler_key() -> html.P:
    return html.P(
        [html.Span(className="key-band", **{"aria-hidden": "true"}),
         " the claim and the range that counts as matching it · ",
         html.Span("✓", className="key-dot", **{"aria-hidden": "true"}),
         " a source's value, marked ✓ consistent, ≈ approximately, ◷ outdated, "
         "▲ overstated or ▼ understated"],
        className="ruler-key small", id="ruler-key")


def figure_line(f: FigureLine | None, cls: str) -> html.P | None:
    if f is None:
        return None
    return html.P([html.Span(f"{f.term}: ", className="muted"), html.Strong(f.text),
                   html.Br() if f.detail else None,
                   html.Span(f.detail, className="figure-detail") if f.detail else None],
                  className=f"figure {cls}")


def card_figures(claimed: str, quote: str, lang: str, deciding, gap: str, telling) -> html.Div:
    """Claimed, the deciding figure (value, period, source) and the gap; or, for a claim
    without a figure, its most telling figure."""
    return html.Div([
        html.P([html.Span("Claimed: ", className="muted"), html.Strong(claimed),
                html.Span([" · „", html.Span(quote, lang=lang or None), "“"],
                          className="quote-inline")],
               className="figure figure-claimed"),
        html.P([html.Span(f"{deciding.term}: ", className="muted"), html.Strong(deciding.text),
                html.Span([" · gap: ", html.Strong(gap)], className="figure-gap")
                if gap else None], className="figure figure-deciding")
        if deciding is not None else None,
        figure_line(telling, "figure-telling"),
    ], className="card-figures")


def card(c: CardView) -> html.Article:
    title_id = f"card-title-{c.claim_id}"
    return html.Article(
        [
            html.Div([html.H2(link(c.href, f"{c.number}. {c.title}"), id=title_id,
                              className="card-title"),
                      verdict_line("Claim verdict", c.verdict, className="card-verdict")],
                     className="card-head"),
            card_figures(c.claimed, c.quote, c.quote_lang, c.deciding, c.gap, c.telling),
            ruler(c.ruler) if c.ruler is not None else html.P(
                c.ruler_note, className="ruler-none muted small", id=f"ruler-{c.claim_id}")
            if c.ruler_note else None,
            # the sentence says it in words for screen readers and the text-only view; the
            # figures above say it at a glance
            html.P(c.sentence, className="sentence sr-label", id=f"sentence-{c.claim_id}"),
            html.Div([
                html.Details([
                    html.Summary(f"Why: each source ({len(c.readings)})"),
                    html.Ul([html.Li([verdict_badge(r.verdict),
                                      html.Span(r.sentence, className="reading-text"),
                                      link(r.href, ["Chart", html.Span(f" of {r.label}",
                                                                       className="sr-label")],
                                           className="reading-link")],
                                     className="reading-row", id=f"row-{c.claim_id}-"
                                                                 f"{r.reading_id}",
                                     **{"data-verdict": r.verdict.value})
                             for r in c.readings], className="reading-list"),
                    html.P(c.explanation, className="explanation small"),
                ], className="card-more", id=f"more-{c.claim_id}"),
                link(c.href, c.charts_label, className="more"),
            ], className="card-foot"),
        ],
        className="card", id=f"card-{c.claim_id}",
        **{"data-verdict": c.verdict.value, "aria-labelledby": title_id})


def ruler(r: RulerView) -> html.Figure:
    """The claim ruler: the accepted range and the claimed value across every row, one row
    per source with its name, its dot (the verdict's symbol inside) and its value."""
    bands = [html.Div(className=f"ruler-band ruler-band-{b.kind}"
                      + (" open-right" if b.open_right else "")
                      + (" open-left" if b.open_left else ""),
                      style={"left": f"{b.left}%", "width": f"{b.width}%"}) for b in r.bands]
    rows = []
    for row in r.rows:
        right = row.position > 60
        rows.append(html.Div(
            [html.Div([html.Span(row.label, className="ruler-label-name"),
                       html.Span(f"{row.source}, {row.period}", className="ruler-label-source")],
                      className="ruler-label"),
             html.Div([html.Span(row.verdict.glyph, className="ruler-dot"
                                 + (" ruler-dot-deciding" if row.deciding else ""),
                                 style={"left": f"{row.position}%",
                                        "--verdict-colour": row.verdict.colour},
                                 title=f"{row.label} ({row.source}): {row.value_text} in "
                                       f"{row.period}, {row.verdict.label}",
                                 **{"data-verdict": row.verdict.value,
                                    "data-reading": row.reading_id,
                                    "data-value": repr(row.value)}),
                       html.Span(row.value_text, className="ruler-value"
                                 + (" ruler-value-left" if right else ""),
                                 style={"left": f"{row.position}%"})],
                      className="ruler-track")],
            className="ruler-row" + (" ruler-row-deciding" if row.deciding else ""),
            **{"data-reading": row.reading_id}))
    ticks = [html.Span(text, className="ruler-tick", style=_anchor(pos)) for pos, text in r.ticks]
    return html.Figure(
        [html.Div(
            [html.Div([*bands, html.Div(className="ruler-claim",
                                        style={"left": f"{r.claimed_position}%"}),
                       # the claimed label is wide: it leans away from the nearer edge
                       html.Span(r.claimed_label, className="ruler-claim-label",
                                 style=_anchor(r.claimed_position, edge=50))],
                      className="ruler-overlay"),
             *rows,
             html.Div(html.Div(ticks, className="ruler-ticks"), className="ruler-row ruler-axis")],
            className="ruler-body", **{"aria-hidden": "true"})],
        className="ruler", id=r.ruler_id, role="img",
        **{"aria-label": r.summary, "data-low": repr(r.low), "data-high": repr(r.high)})


def _anchor(pos: float, edge: float = 8) -> dict:
    # Labels near an edge start or end at their mark, so they never spill out of the card.
    if pos < edge:
        return {"left": f"{pos}%"}
    if pos > 100 - edge:
        return {"right": f"{round(100 - pos, 2)}%"}
    return {"left": f"{pos}%", "transform": "translateX(-50%)"}


def index_page(vm: IndexView) -> html.Div:
    return page([
        html.H1(vm.heading, id="page-title", tabIndex="-1"),
        html.P(vm.intro, className="muted"),
        html.Ul([html.Li(html.Article([
            html.H2(link(a.href, a.title), className="article-item-title",
                    id=f"article-title-{a.article_id}"),
            html.P(" · ".join(x for x in (a.publisher, a.date,
                                          f"language: {a.language}" if a.language else "",
                                          f"{a.claims} claims" if a.claims else "") if x),
                   className="muted"),
            html.P(a.headline, className="article-headline"),
        ], **{"aria-labelledby": f"article-title-{a.article_id}"}),
            className="article-item", **{"data-article": a.article_id})
            for a in vm.articles], className="article-list", id="article-index"),
    ], page_id="index", title=vm.page_title, page_key="index")
