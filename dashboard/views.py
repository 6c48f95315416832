"""What the claim page shows, read from the cached store state: series, figures, panels.

The one place (with dashboard.data) where the dashboard reads observations; everything it
returns is cached per store state by DashboardData.series, so these stay cheap.
"""

from __future__ import annotations

from collections import Counter

from dashboard import figures, layout
from dashboard.claim_view import has_data, reading_label, reading_summary
from dashboard.panels import chart_panel, csv_text, rows_for, sources_list, values_table
from indicators.claims.economies import display_name
from indicators.numbers import fmt_value


def _stem(claim_id: str, what: str) -> str:
    return f"claimcheck-{claim_id}-{what}"


def all_readings_panel(data, snap, claim_result):
    """Every reading sharing the claim's unit on one chart; the others named, not hidden."""
    claim = claim_result.claim
    with_data = [r for r in claim_result.readings if has_data(r)]
    scored = [r for r in with_data if r.verdict.scored]
    if scored:
        shown = scored
    else:  # a qualitative claim: the readings in the commonest unit
        units = Counter((r.latest or r.at_claim_year).unit for r in with_data)
        common = units.most_common(1)[0][0] if units else None
        shown = [r for r in with_data if (r.latest or r.at_claim_year).unit == common]
    series = []
    for r in shown:
        points = data.series(claim, r.reading_id, r.economy)
        if points:
            series.append((f"{r.label or r.reading_id} ({r.verdict.label})", points))
    left_out = [f"{r.label or r.reading_id} ({'no data' if not has_data(r) else 'other unit'})"
                for r in claim_result.readings if r not in shown]
    if not series:
        return None, left_out
    band_from = next((r for r in shown if r.band is not None and r.verdict.scored), None)
    unit = series[0][1][0].unit if not claim.unit or claim.qualitative else claim.unit
    levels_only = _levels_only(claim)
    figure = figures.all_readings_figure(
        series, title=f"{claim.gloss}: every source", economy=shown[0].economy,
        unit=unit, claimed_value=None if claim.qualitative or levels_only else claim.value,
        claimed_unit=claim.unit,
        band=band_from.band if band_from and not levels_only else None,
        article_date=layout.article_date(snap.result.article))
    panel = chart_panel("all", "all-readings-chart", figure, series,
                        caption=f"{claim.gloss}: every source", filename=_stem(claim.id, "all"))
    return panel, left_out


def _levels_only(claim) -> bool:
    """A change or a rank is judged in other units than the series plotted (its levels): the
    chart shows the levels without the claim's band until its own chart exists (issue 16)."""
    return getattr(claim, "kind", "level") in ("change", "rank")


def peer_options(claim, with_data: set[str]) -> tuple[list[dict], str]:
    """Only peers with data for this reading are offered; the others are named in a note."""
    options = [{"label": f"{display_name(p)} ({p})", "value": p}
               for p in claim.peers if p in with_data]
    missing = [display_name(p) for p in claim.peers if p not in with_data]
    if not claim.peers:
        note = "No peer economies are listed for this claim."
    elif len(missing) == len(claim.peers):
        note = ("No peer comparison for this reading: none of "
                + ", ".join(missing) + " has comparable data in the store.")
    elif missing:
        note = "No comparable data for " + ", ".join(missing) + "."
    else:
        note = ""
    return options, note


def reading_parts(data, snap, claim_result, reading, peers: list[str]) -> dict:
    """The detail of one reading: summary, figure, table, sources, CSV, provenance, peers."""
    claim = claim_result.claim
    with_data = {p.economy for p in reading.peers}
    options, note = peer_options(claim, with_data)
    shown_peers = [p for p in peers if p in with_data]
    series: list[tuple[str, list]] = []
    figure = None
    if has_data(reading):
        points = data.series(claim, reading.reading_id, reading.economy)
        if points:
            series.append((f"{reading.label or reading.reading_id}, "
                           f"{display_name(reading.economy)}", points))
            peer_points = {code: data.series(claim, reading.reading_id, code)
                           for code in shown_peers}
            series += [(f"{reading.label or reading.reading_id}, {display_name(code)}", pts)
                       for code, pts in peer_points.items()]
            unit = next((p.unit for p in points if p.unit), reading.claimed_unit)
            scored = reading.verdict.scored and not _levels_only(claim)
            figure = figures.reading_figure(
                points, economy=reading.economy, unit=unit,
                claimed_value=reading.claimed_value if scored else None,
                claimed_label=fmt_value(reading.claimed_value, reading.claimed_unit),
                article_date=layout.article_date(snap.result.article),
                highlight=[reading.at_claim_year, reading.latest], peers=peer_points,
                title=reading_label(reading),
                band=reading.band if scored else None)
    if figure is None:
        figure = no_data_figure(reading.no_data_reason or "No public data can test this "
                                                          "reading.", reading_label(reading))
    caption = f"{claim.gloss}: {reading_label(reading)}"
    filename = _stem(claim.id, reading.reading_id)
    rows = rows_for(series)
    return {
        "summary": reading_summary(claim_result, reading),
        "figure": figure,
        "table": values_table(rows, caption),
        "sources": sources_list([p for _, pts in series for p in pts]),
        "chart_data": {"csv": csv_text(rows), "filename": filename, "graph": "reading-chart",
                       "panel": "panel-reading"},
        "provenance": layout.provenance_panel(reading, snap),
        "peer_options": options,
        "peer_note": note,
        "caption": caption,
        "filename": filename,
        "series": series,
    }


def reading_panel(parts: dict):
    return chart_panel("reading", "reading-chart", parts["figure"], parts["series"],
                       caption=parts["caption"], filename=parts["filename"])


def no_data_figure(message: str, title: str) -> dict:
    """Only for a reading the reader chose that has no data (the page never opens on one)."""
    return {
        "data": [],
        "layout": {
            "height": 220, "xaxis": {"visible": False}, "yaxis": {"visible": False},
            "margin": {"l": 16, "r": 16, "t": 48, "b": 16},
            "title": {"text": f"<b>{figures.plotly_text(title)}</b>", "x": 0,
                      "xanchor": "left"},
            "plot_bgcolor": "#ffffff", "paper_bgcolor": "#ffffff",
            "annotations": [{"text": figures.plotly_text(message), "showarrow": False,
                             "x": 0.5, "y": 0.5,
                             "xref": "paper", "yref": "paper", "font": {"size": 14}}],
        },
    }
