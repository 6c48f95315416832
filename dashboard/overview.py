"""The overview: one compact card per claim, built around its claim ruler.

A card says, before any paragraph: what was claimed, where each source's value falls (the
ruler), the claim's verdict and one sentence. The per-source list and the full technical
explanation are one click away (a <details>), so the page stays within two desktop screens.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.common import claim_href, claimed_text, verdict_badge, verdict_line
from dashboard.prose import claim_sentence, reading_sentence
from dashboard.ruler import claim_ruler


def overview_page(snap, app) -> html.Div:
    result = snap.result
    return html.Div(
        [
            html.H1("Which of the article's figures hold?"),
            html.P(result.headline(), id="headline", className="headline"),
            ruler_key(),
            html.Div([claim_card(c, i, app) for i, c in enumerate(result.claims, start=1)],
                     className="cards"),
        ],
        id="overview",
    )


def ruler_key() -> html.P:
    """How to read a ruler, in one line (the verdict colours are the badges' colours)."""
    return html.P(
        [html.Span(className="key-band", **{"aria-hidden": "true"}),
         " the claim and the range that counts as matching it · ",
         html.Span(className="key-dot", **{"aria-hidden": "true"}),
         " one source's value, coloured by its verdict, with its year"],
        className="ruler-key small", id="ruler-key",
    )


def claim_card(claim_result, number: int, app) -> html.Article:
    claim = claim_result.claim
    title_id = f"card-title-{claim.id}"
    return html.Article(
        [
            html.Div(
                [
                    html.H2(dcc.Link(f"{number}. {claim.gloss}", href=claim_href(app, claim.id)),
                            id=title_id),
                    verdict_line("Claim verdict", claim_result.verdict,
                                 className="card-verdict"),
                ],
                className="card-head",
            ),
            html.P([html.Span("Claimed: ", className="muted"), html.Strong(claimed_text(claim)),
                    f" for {claim.year}" if claim.year else "",
                    html.Span(f" · „{claim.quote}“", lang="de", className="quote-inline")],
                   className="claimed"),
            claim_ruler(claim_result, ruler_id=f"ruler-{claim.id}"),
            html.P(claim_sentence(claim_result), className="sentence",
                   id=f"sentence-{claim.id}"),
            html.Div(
                [
                    html.Details(
                        [
                            html.Summary(f"Why: each source ({len(claim_result.readings)})"),
                            html.Ul([reading_row(claim_result, r, app)
                                     for r in claim_result.readings],
                                    className="reading-list"),
                            html.P(claim_result.explanation, className="explanation small"),
                        ],
                        className="card-more",
                        id=f"more-{claim.id}",
                    ),
                    dcc.Link(f"Charts for claim {number}",
                             href=claim_href(app, claim.id), className="more"),
                ],
                className="card-foot",
            ),
        ],
        className="card",
        id=f"card-{claim.id}",
        **{"data-verdict": claim_result.verdict.value, "aria-labelledby": title_id},
    )


def reading_row(claim_result, reading, app) -> html.Li:
    return html.Li(
        [
            verdict_badge(reading.verdict),
            html.Span(reading_sentence(claim_result.claim, reading), className="reading-text"),
            dcc.Link(["details", html.Span(f" of {reading.label or reading.reading_id}",
                                           className="sr-label")],
                     href=claim_href(app, reading.claim_id, reading.reading_id),
                     className="reading-link"),
        ],
        className="reading-row",
        id=f"row-{reading.claim_id}-{reading.reading_id}",
        **{"data-verdict": reading.verdict.value},
    )
