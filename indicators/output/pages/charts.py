"""Chart panels as view models: which sources share a chart, their values as text, their CSV.

One concept per axis: the claim page's main chart holds the sources that measure the same
thing as the one that decides (same definition and unit; proxies with the same stand-in);
the others are named under it with their own figure and open in the detail chart. A reading
without data gets a plain panel saying what data would answer it.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any

from indicators.claims.economies import display_name
from indicators.output.pages import figures
from indicators.output.pages.choice import concept, has_data, lead_reading
from indicators.output.pages.context import PageContext
from indicators.output.pages.models import ChartView, NoDataView, OtherReading, ValueRow
from indicators.output.pages.provenance import source_entries
from indicators.output.pages.sentences import no_data_words
from indicators.output.pages.words import (
    article_day,
    claimed_words,
    figure_text,
    name,
    period_of,
    reading_verdict,
    source_name_of,
    unit_key,
    value_text,
)

CSV_COLUMNS = ("series_label", "economy", "year", "period", "value", "unit", "source",
               "dataset", "series", "retrieved", "publisher_updated")


def csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def _rows(series: list[tuple[str, list]]) -> tuple[tuple[ValueRow, ...], str]:
    """Every plotted value as text (the Table tab) and at full precision (the CSV)."""
    shown, raw = [], []
    for label, points in series:
        for p in points:
            shown.append(ValueRow(shown_as=label, economy=display_name(p.economy),
                                  period=period_of(p), value_text=value_text(p),
                                  source=source_name_of(p)))
            raw.append({"series_label": label, "economy": p.economy, "year": p.year,
                        "period": p.period or "", "value": p.value, "unit": p.unit,
                        "source": p.source, "dataset": p.dataset, "series": p.series,
                        "retrieved": (p.retrieved_at or "")[:10],
                        "publisher_updated": p.publisher_updated or ""})
    return tuple(shown), csv_text(raw)


def _view(panel: str, *, title: str, subtitle: str, series: list[tuple[str, list]],
          fig: dict, filename: str, tab: str) -> ChartView:
    points = [p for _, pts in series for p in pts]
    rows, text = _rows(series)
    source = figures.source_line(points)
    return ChartView(
        panel=panel, graph_id=f"{panel}-chart", title=title, subtitle=subtitle,
        source_line=source, figure=fig,
        export_layout=figures.export_layout(fig, title=title, subtitle=subtitle, source=source),
        rows=rows, sources=source_entries(points), csv=text, filename=filename, tab=tab)


def _filename(ctx: PageContext, *parts: str) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9._-]+", "-", p) for p in ("claimcheck", *parts))


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
        decides = " — decides" if strong and r.verdict.scored else ""
        legend = f"{name(r)} ({r.verdict.label}){decides}"
        traces.append(figures.Trace(name=legend, meta=name(r), points=points, strong=strong))
        series.append((name(r), points))
    traces.sort(key=lambda t: not t.strong)  # the deciding trace first: the strongest colour
    unit = (lead.at_claim_year or lead.latest).unit
    scored = lead.verdict.scored and lead.band is not None
    label = lead.at_claim_year
    fig = figures.figure(
        traces, unit=unit, claimed_value=claim.value if scored else None,
        claimed_label=claimed_words(claim) if scored else "",
        band=lead.band if scored else None, article_date=article_day(ctx.result.article),
        label=(label, f"{name(lead)}:<br>{value_text(label)} ({period_of(label)})")
        if label is not None else None)
    if not series:
        view: ChartView | NoDataView = NoDataView(
            panel="main", title=_cap(claim.gloss), message="No figures to chart yet.",
            would_answer=lead.meaning)
    else:
        view = _view("main", title=title if scored else f"{_cap(claim.gloss)}: {name(lead)} "
                     "and the sources that measure the same",
                     subtitle=f"{unit} · {figures.economy_label(lead.economy)}", series=series,
                     fig=fig, filename=_filename(ctx, claim.id, "main"), tab=tab)
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
    scored = reading.verdict.scored and reading.band is not None
    fig = figures.figure(
        traces, unit=unit, claimed_value=reading.claimed_value if scored else None,
        claimed_label=claimed_words(claim) if scored else "",
        band=reading.band if scored else None, article_date=article_day(ctx.result.article),
        ring=[reading.at_claim_year, reading.latest])
    subtitle = f"{unit} · {figures.economy_label(reading.economy)}" + (
        f" and {len(traces) - 1} peer{'s' if len(traces) > 2 else ''}" if len(traces) > 1
        else "")
    return _view("detail", title=f"{_cap(claim.gloss)}: {title}", subtitle=subtitle,
                 series=series, fig=fig,
                 filename=_filename(ctx, claim.id, reading.reading_id), tab=tab)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]
