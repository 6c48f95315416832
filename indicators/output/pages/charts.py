"""Chart panels as view models: which sources share a chart, their values as text, their CSV.

One concept per axis: the claim page's main chart holds the sources that measure the same
thing as the one that decides (same definition and unit; proxies with the same stand-in);
the others are named under it with their own figure and open in the detail chart. A reading
without data gets a plain panel saying what data would answer it.
"""

from __future__ import annotations

import re
from typing import Any

from indicators.claims.economies import display_name
from indicators.output.pages import figures
from indicators.output.pages.charts_common import chart_view, filename
from indicators.output.pages.choice import concept, has_data, lead_reading
from indicators.output.pages.context import PageContext
from indicators.output.pages.models import ChartView, NoDataView, OtherReading
from indicators.output.pages.sentences import no_data_words
from indicators.output.pages.shape_charts import change_marks, rank_view
from indicators.output.pages.shape_figures import add_change
from indicators.output.pages.words import (
    article_day,
    claimed_words,
    figure_text,
    name,
    period_of,
    reading_verdict,
    shaped,
    unit_key,
    value_text,
)


def main_chart(ctx: PageContext, claim_result: Any, *, tab: str = "chart"
               ) -> tuple[ChartView | NoDataView, tuple[OtherReading, ...]]:
    """The claim's main chart (one concept) and the sources named under it."""
    claim = claim_result.claim
    lead = lead_reading(claim_result)
    title = f"{_cap(claim.gloss)}: the deciding figure and the sources that measure the same"
    if lead is None:
        return NoDataView(panel="main", title=_cap(claim.gloss),
                          message="No source has figures for this claim yet.",
                          would_answer="; ".join(f"{name(r)}: {r.meaning}"
                                                 for r in claim_result.readings)), ()
    key = concept(lead)
    same = [r for r in claim_result.readings if has_data(r) and concept(r) == key]
    traces, series = [], []
    for r in same:
        points = list(ctx.series(claim, r.reading_id, r.economy))
        if not points:
            continue
        strong = r is lead
        # short legend entries (a phone's legend does not wrap): the verdicts are beside
        # the chart, in the list of sources and in the hover text
        legend = name(r) + (" — decides" if strong and r.verdict.scored else "")
        traces.append(figures.Trace(name=legend, meta=name(r), points=points, strong=strong))
        series.append((name(r), points))
    traces.sort(key=lambda t: not t.strong)  # the deciding trace first: the strongest colour
    unit = next((p.unit for _, pts in series for p in pts if p.unit),
                (lead.at_claim_year or lead.latest).unit)
    # a change or a rank is judged in other units than the levels plotted: no band, no line
    # an amount with a scale or currency ("72.5 billion", converted to euros) is judged in
    # other units than the series' own too: its deciding figure is said beside the chart
    scored = lead.verdict.scored and lead.band is not None and on_axis(claim)
    label = lead.at_claim_year if on_axis(claim) else None
    fig = figures.figure(
        traces, unit=unit, claimed_value=claim.value if scored else None,
        claimed_label=claimed_words(claim) if scored else "",
        band=lead.band if scored else None, article_date=article_day(ctx.result.article),
        label=(label, figures.plotly_text(f"{name(lead)}:") + "<br>"
               + figures.plotly_text(f"{value_text(label)} ({period_of(label)})"))
        if label is not None else None)
    marks = change_marks(claim, lead)
    if marks is not None:  # both endpoints and the claimed change (issue 16)
        fig = add_change(fig, marks)
        title = f"{_cap(claim.gloss)}: the change measured and the change claimed"
        scored = True
    ranked = rank_view(ctx, claim_result, lead, tab) if claim.kind == "rank" else None
    if ranked is not None:  # the ranking itself, the subject highlighted
        view: ChartView | NoDataView = ranked
    elif not series:
        view = NoDataView(
            panel="main", title=_cap(claim.gloss), message="No figures to chart yet.",
            would_answer=lead.meaning)
    else:
        view = chart_view(
            "main", title=title if scored else f"{_cap(claim.gloss)}: {name(lead)} and the "
            "sources that measure the same",
            subtitle=f"{unit} · {figures.economy_label(lead.economy)}", series=series,
            fig=fig, filename=filename(claim.id, "main"), tab=tab)
    others = tuple(_other(ctx, claim_result, r, lead) for r in claim_result.readings
                   if r not in same)
    return view, others


def _other(ctx: PageContext, claim_result: Any, r: Any, lead: Any) -> OtherReading:
    point = r.at_claim_year or r.latest
    if not has_data(r):
        why = "no data yet"
    elif r.quality.definition == "proxy":
        why = f"a proxy: {r.quality.definition_reason}"
    elif r.at_claim_year is None or (r.verdict.value == "no data"):
        why = "too old to test the claim"
    elif unit_key(point.unit) != unit_key((lead.at_claim_year or lead.latest).unit):
        why = f"in {re.sub(r'^percent', '%', point.unit)}"
    else:
        why = "the claim's own definition, where the deciding source is a proxy"
    return OtherReading(
        reading_id=r.reading_id, label=name(r), figure=figure_text(point) if point else "",
        verdict=reading_verdict(r), why=why,
        href=ctx.links.claim(ctx.article_id, claim_result.claim.id, reading=r.reading_id,
                             anchor="one-source"))


def detail_chart(ctx: PageContext, claim_result: Any, reading: Any, peers: list[str], *,
                 tab: str = "chart") -> ChartView | NoDataView:
    """One reading over time for the claim's economy (and the chosen peers)."""
    claim = claim_result.claim
    title = name(reading) + (" (most likely)" if reading.likely else "")
    points = list(ctx.series(claim, reading.reading_id, reading.economy)) \
        if has_data(reading) else []
    if not points:
        would, why = no_data_words(reading, ctx.measure(claim, reading.reading_id))
        return NoDataView(panel="detail", title=title,
                          message=f"No figures to chart yet for {name(reading)}.",
                          would_answer=would, why=why)
    series = [(f"{name(reading)}, {display_name(reading.economy)}", points)]
    traces = [figures.Trace(name=figures.economy_label(reading.economy), meta=name(reading),
                            points=points, strong=True)]
    for code in peers:
        peer_points = list(ctx.series(claim, reading.reading_id, code))
        if peer_points:
            series.append((f"{name(reading)}, {display_name(code)}", peer_points))
            traces.append(figures.Trace(name=figures.economy_label(code),
                                        meta=figures.economy_label(code), points=peer_points))
    unit = next((p.unit for p in points if p.unit), reading.claimed_unit)
    scored = reading.verdict.scored and reading.band is not None and on_axis(claim)
    fig = figures.figure(
        traces, unit=unit, claimed_value=reading.claimed_value if scored else None,
        claimed_label=claimed_words(claim) if scored else "",
        band=reading.band if scored else None, article_date=article_day(ctx.result.article),
        ring=ringed(claim, reading))
    marks = change_marks(claim, reading)
    if marks is not None:  # both endpoints and the claimed change (issue 16)
        fig = add_change(fig, marks)
    subtitle = f"{unit} · {figures.economy_label(reading.economy)}" + (
        f" and {len(traces) - 1} peer{'s' if len(traces) > 2 else ''}" if len(traces) > 1
        else "")
    return chart_view("detail", title=f"{_cap(claim.gloss)}: {title}", subtitle=subtitle,
                 series=series, fig=fig,
                 filename=filename(claim.id, reading.reading_id), tab=tab)


def on_axis(claim: Any) -> bool:
    """The claimed value is in the plotted series' own units (a level without scale or
    currency): its line and accepted range can be drawn on the chart."""
    return not shaped(claim) and not claim.scale and not claim.currency


def ringed(claim: Any, reading: Any) -> list:
    """The plotted points a verdict used: a level's value (and the latest); a change's or a
    rank's inputs of this economy (a change's two endpoints), never the computed value."""
    if on_axis(claim):
        return [reading.at_claim_year, reading.latest]
    if claim.kind == "change":
        return []  # its endpoints are drawn and labelled by add_change
    point = reading.at_claim_year
    return [p for p in (point.inputs if point is not None else ())
            if p.economy == reading.economy and not p.inputs]


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
