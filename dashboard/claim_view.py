"""The claim page: every source on one chart with the claimed band, the verdict-by-year strip,
then one source in detail (with peers where they have data).

The page opens on data: the first chart holds every reading that shares the claim's unit, and
the detail starts on the most likely reading only if it has observations (else on the first
one that has). The claim's verdict and each reading's verdict are labelled as such.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.common import claimed_text, relative, verdict_badge, verdict_line
from dashboard.prose import claim_sentence
from indicators.judge.explain import band_description
from indicators.numbers import fmt_difference, fmt_value, is_percent
from indicators.output.display import verdict_colour

VERDICT_GLYPHS = {"consistent": "✓", "approximately": "≈", "outdated": "◷", "overstated": "▲",
                  "understated": "▼", "context": "ℹ", "no data": "∅"}


def reading_label(reading) -> str:
    return (reading.label or reading.reading_id) + (" (most likely)" if reading.likely else "")


def has_data(reading) -> bool:
    return reading.measure_kind != "none" and (reading.latest is not None
                                               or reading.at_claim_year is not None)


def default_reading(claim_result, wanted: str | None):
    """The URL's reading; else the most likely one if it has data; else the first with data."""
    readings = claim_result.readings
    by_id = {r.reading_id: r for r in readings}
    if wanted in by_id:
        return by_id[wanted]
    for rid in (claim_result.likely_reading, claim_result.deciding_reading):
        if rid in by_id and has_data(by_id[rid]):
            return by_id[rid]
    return next((r for r in readings if has_data(r)), readings[0] if readings else None)


def claim_page(claim_result, app, *, reading, all_panel, left_out: list, peers: list[str],
               reading_parts: dict) -> html.Div:
    claim = claim_result.claim
    return html.Div(
        [
            html.Nav([dcc.Link("← Overview", href=relative(app, "/"))], className="crumbs",
                     **{"aria-label": "Breadcrumb"}),
            html.Div([html.H1(claim.gloss, id="claim-title"),
                      verdict_line("Claim verdict", claim_result.verdict, id="claim-verdict")],
                     className="card-head"),
            html.P([html.Span("Claimed: ", className="muted"), html.Strong(claimed_text(claim)),
                    f" for {claim.year}" if claim.year else "",
                    html.Span(f" · „{claim.quote}“", lang="de", className="quote-inline")],
                   className="claimed"),
            html.P(claim_sentence(claim_result), id="claim-sentence", className="sentence"),
            html.Details([html.Summary("Full explanation"),
                          html.P(claim_result.explanation, className="explanation"),
                          html.P(claim.precision_note, className="small")
                          if claim.precision_note else None,
                          html.P(claim.context, className="small") if claim.context else None],
                         id="claim-explanation"),
            html.Section(
                [
                    html.H2("Every source for this claim", id="all-heading"),
                    all_panel if all_panel is not None else html.P(
                        "No source has observations for this claim yet.", id="all-empty"),
                    html.P("Not on this chart: " + "; ".join(left_out) + ".",
                           className="small", id="left-out") if left_out else None,
                    robustness_strip(claim_result),
                ],
                className="detail", **{"aria-labelledby": "all-heading"},
            ),
            dcc.Store(id="claim-id", data=claim.id),
            html.Section(
                [
                    html.H2("One source in detail", id="one-heading"),
                    html.Div(
                        [
                            html.Fieldset(
                                [html.Legend("Source (reading)", id="reading-legend"),
                                 dcc.RadioItems(
                                     id="reading-select",
                                     options=[{"label": f"{reading_label(r)} — reading "
                                                        f"verdict: {r.verdict.label}",
                                               "value": r.reading_id}
                                              for r in claim_result.readings],
                                     value=reading.reading_id if reading else None,
                                     className="choices", labelClassName="choice",
                                     inputClassName="choice-input")],
                                className="control",
                            ),
                            html.Fieldset(
                                [html.Legend("Compare with"),
                                 # Only peers with data for this reading are offered.
                                 dcc.Checklist(id="peer-select",
                                               options=reading_parts["peer_options"],
                                               value=peers, className="choices",
                                               labelClassName="choice",
                                               inputClassName="choice-input"),
                                 html.P(reading_parts["peer_note"], id="peer-note",
                                        className="muted small")],
                                className="control",
                            ),
                        ],
                        className="controls",
                    ),
                    html.Div(reading_parts["summary"], id="reading-summary",
                             **{"aria-live": "polite"}),
                    reading_parts["panel"],
                    html.Details([html.Summary("Every stored value behind this reading "
                                               "(provenance)"),
                                  html.Div(reading_parts["provenance"],
                                           id="reading-provenance")],
                                 id="provenance-details"),
                ],
                className="detail", **{"aria-labelledby": "one-heading"},
            ),
        ],
        id="claim-page",
        **{"data-claim": claim.id},
    )


def robustness_strip(claim_result) -> html.Div | None:
    """Verdict per reading × year (from the verdict rules): does the verdict hang on a year?"""
    data = claim_result.robustness_json()
    years = data["years"]
    if not years:
        return None
    rows = []
    for r, row in zip(claim_result.readings, data["readings"], strict=True):
        if not any(row["verdicts"]):
            continue
        cells = []
        for year, verdict, value in zip(years, row["verdicts"], row["values"], strict=True):
            if verdict is None:
                cells.append(html.Td("", className="strip-empty"))
                continue
            text = f"{verdict}, {fmt_value(value, r.claimed_unit)}"
            cells.append(html.Td(
                [html.Span(VERDICT_GLYPHS.get(verdict, "•"), **{"aria-hidden": "true"}),
                 html.Span(text, className="sr-label")],
                className="strip-cell", title=f"{year}: {text}",
                style={"--verdict-colour": verdict_colour(verdict),
                       "color": ink_on(verdict_colour(verdict))},
                **{"data-verdict": verdict, "data-year": str(year)},
            ))
        rows.append(html.Tr([html.Th(reading_label(r), scope="row"), *cells]))
    return html.Div(
        html.Table(
            [html.Caption("Verdict by year for each source (robustness): a verdict that "
                          "changes across years or sources is fragile"),
             html.Thead(html.Tr([html.Th("Source", scope="col"),
                                 *[html.Th(str(y), scope="col") for y in years]])),
             html.Tbody(rows)],
            className="strip",
        ),
        className="strip-wrap", id="robustness-strip", tabIndex="0",
        role="region", **{"aria-label": "Verdict by year for each source"},
    )


def ink_on(background: str) -> str:
    """Black or white text, whichever reads better on ``background`` (WCAG luminance)."""
    def channel(h: str) -> float:
        c = int(h, 16) / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    hexes = background.lstrip("#")
    r, g, b = (channel(hexes[i:i + 2]) for i in (0, 2, 4))
    return "#000000" if 0.2126 * r + 0.7152 * g + 0.0722 * b > 0.179 else "#ffffff"


def reading_summary(claim_result, reading) -> html.Div:
    """The reading's verdict (labelled as such), its sentence and the key facts."""
    from dashboard.prose import reading_sentence

    claim = claim_result.claim
    values = [
        ("Claimed", claimed_text(claim) + (f" ({claim.year})" if claim.year else "")),
        (f"Observed for {claim.year}" if claim.year else "Observed",
         _observed(reading.at_claim_year)),
        ("Latest", _observed(reading.latest)),
    ]
    if reading.diff_points is not None:
        values.append(("Difference", fmt_difference(reading.diff_points, reading.diff_percent,
                                                    share=is_percent(reading.claimed_unit))))
    if reading.band is not None and reading.verdict.scored:
        values.append(("Tolerance", band_description(reading.band)))
    if reading.qualifiers:
        values.append(("Evidence", "; ".join(reading.qualifiers)))
    why = reading.caveat
    return html.Div([
        html.H3([html.Span(reading_label(reading), className="reading-title"),
                 html.Span("Reading verdict:", className="verdict-kind"),
                 verdict_badge(reading.verdict, id="reading-verdict")],
                className="reading-head"),
        html.P(reading_sentence(claim, reading), id="reading-sentence"),
        html.Dl([x for k, v in values for x in (html.Dt(k), html.Dd(v))], className="facts"),
        html.Details([html.Summary("Full explanation"),
                      html.P(reading.explanation, id="reading-explanation"),
                      html.P([html.Strong("Why this may not be what the article meant: "), why])
                      if why else None]),
    ])


def _observed(point) -> str:
    if point is None:
        return "no data"
    period = f", {point.period}" if point.period and not point.computed else ""
    return f"{fmt_value(point.value, point.unit)} ({point.year}{period})"

