"""Plotly figures for the claim page: every reading of a claim, or one reading with its peers.

Every figure carries its own title, subtitle (unit, economy), source line and retrieval date
inside the figure, so a PNG saved from the toolbar still says what it shows and where it comes
from. Pure functions of the points they are given (``ObservedPoint``-like objects); they never
read the store themselves. Figures are plain dicts (what dcc.Graph sends to the browser anyway).

Plotly renders a subset of HTML in every text it draws (titles, legend names, annotations, axis
titles, hover labels): ``<a href=…>`` becomes a live link. Text from a claims file or the store
(a bulk file's own series names and units) is therefore passed through `plotly_text` where it
enters a figure; only the figure's own ``<b>`` and ``<br>`` stay markup.
"""

from __future__ import annotations

import functools
import html
import math
from collections.abc import Mapping, Sequence
from datetime import date

from indicators.claims.economies import display_name
from indicators.numbers import fmt_value, is_percent

MAIN_COLOUR = "#1f4e79"
CLAIM_COLOUR = "#b3261e"
BAND_COLOUR = "rgba(179, 38, 30, 0.12)"
BAND_CORE_COLOUR = "rgba(179, 38, 30, 0.22)"
ARTICLE_COLOUR = "#555555"
# Okabe–Ito palette: distinguishable with common colour-vision deficiencies.
SERIES_COLOURS = ("#1f4e79", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#0072b2")
PEER_COLOURS = SERIES_COLOURS[1:]
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")
HEIGHT = 260  # the plot area; title, legend and source-line margins are added per figure


def _fractional_year(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def plotly_text(text: object) -> str:
    """``text`` shown as it is where Plotly renders HTML: ``<``, ``>`` and ``&`` as entities
    (Plotly turns ``&lt;`` back into "<" on screen, but never into a tag)."""
    return html.escape(str(text), quote=False)


def economy_label(code: str) -> str:
    name = display_name(code)
    return f"{name} ({code})" if name != code else code


@functools.cache
def _template() -> dict:
    # Resolved once: building figures as plain dicts skips plotly's per-call validation
    # (tens of ms per figure), which would dominate the callback's latency.
    import plotly.io as pio

    return pio.templates["plotly_white"].to_plotly_json()


# Hover text is written by indicators.numbers (the one formatter), not by d3 in the browser.
HOVER = "%{x}: %{text}<extra>%{fullData.name}</extra>"


def source_line(points: Sequence) -> str:
    """"Source: FAOSTAT (QCL), USGS · retrieved 2026-05-01" from the points' own provenance."""
    names: dict[str, None] = {}
    retrieved: list[str] = []
    for p in points:
        for leaf in p.leaves() if hasattr(p, "leaves") else (p,):
            names.setdefault(f"{leaf.source} ({leaf.dataset})" if leaf.dataset else leaf.source)
            if leaf.retrieved_at:
                retrieved.append(leaf.retrieved_at[:10])
    text = "Source: " + ", ".join(names) if names else "Source: –"
    if retrieved:
        lo, hi = min(retrieved), max(retrieved)
        text += f" · retrieved {hi}" if lo == hi else f" · retrieved {lo} to {hi}"
    return text


def wrap(text: str, width: int = 52) -> list[str]:
    """Plotly annotations do not wrap: break the source line ourselves (fits a phone's width)."""
    import textwrap

    return textwrap.wrap(text, width=width, break_long_words=True) or [""]


def year_axis(years: Sequence[float]) -> dict:
    """Whole-year ticks, one label per year at most (no duplicated years on short series)."""
    if not years:
        return {"title": {"text": "year"}, "tickformat": "d"}
    span = max(years) - min(years)
    step = max(1, math.ceil(span / 8))
    return {"title": {"text": "year"}, "tickformat": "d", "tick0": math.floor(min(years)),
            "dtick": step, "automargin": True,
            # Half a year of room each side: the end points and the article label stay inside.
            "range": [min(years) - 0.5, max(years) + 0.5]}


def _band_shapes(band, y_top: float | None) -> list[dict]:
    """The claimed band: approximately (light) and consistent (darker); open sides to the edge."""
    if band is None:
        return []
    shapes = []
    for low, high, colour in ((band.approx_low, band.approx_high, BAND_COLOUR),
                              (band.consistent_low, band.consistent_high, BAND_CORE_COLOUR)):
        top = high if math.isfinite(high) else (y_top if y_top is not None else low)
        bottom = low if math.isfinite(low) else 0.0
        shapes.append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                       "y0": bottom, "y1": top, "fillcolor": colour, "line": {"width": 0},
                       "layer": "below"})
    return shapes


def _frame(*, title: str, subtitle: str, source: str, unit: str, x_values: Sequence[float],
           y_values: Sequence[float], claimed_value: float | None, claimed_label: str,
           band, article_date: date | None, n_legend: int = 1) -> dict:
    shapes: list[dict] = []
    annotations: list[dict] = []
    y_top = max([*y_values, claimed_value or 0]) * 1.1 if y_values else None
    shapes += _band_shapes(band, y_top)
    if claimed_value is not None:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                       "y0": claimed_value, "y1": claimed_value,
                       "line": {"color": CLAIM_COLOUR, "dash": "dash", "width": 2}})
        annotations.append({"text": f"claimed: {plotly_text(claimed_label)}" if claimed_label
                            else "claimed",
                            "xref": "paper", "x": 0, "xanchor": "left", "yref": "y",
                            "y": claimed_value, "yanchor": "bottom", "showarrow": False,
                            "bgcolor": "rgba(255,255,255,0.8)",
                            "font": {"color": CLAIM_COLOUR}})
    xs = list(x_values)
    if article_date is not None:
        x = _fractional_year(article_date)
        xs.append(x)
        shapes.append({"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "paper",
                       "y0": 0, "y1": 1,
                       "line": {"color": ARTICLE_COLOUR, "dash": "dot", "width": 2}})
        # Inside the plot, below its top edge: never under the toolbar or the legend.
        annotations.append({"text": f"article<br>{article_date.isoformat()}", "xref": "x",
                            "x": x, "xanchor": "right", "yref": "paper", "y": 0.04,
                            "yanchor": "bottom", "showarrow": False, "align": "right",
                            "bgcolor": "rgba(255,255,255,0.8)",
                            "font": {"color": ARTICLE_COLOUR, "size": 11}})
    source_lines = wrap(source)
    annotations.append({"text": "<br>".join(map(plotly_text, source_lines)), "xref": "paper",
                        "x": 0,
                        "xanchor": "left",
                        "yref": "paper", "y": 0, "yanchor": "top", "yshift": -62,
                        "showarrow": False, "align": "left",
                        "font": {"size": 11, "color": "#444444"}, "name": "source-line"})
    yaxis = {"title": {"text": plotly_text(unit or "value")}, "automargin": True}
    if is_percent(unit) or all(v >= 0 for v in y_values):
        yaxis["rangemode"] = "tozero"  # shares (and other non-negative amounts) from zero
    top = 70 + 18 * len(wrap(title, 36)) + 22 * min(n_legend, 5)
    bottom = 70 + 14 * len(source_lines)
    return {
        "template": _template(),
        "title": {"text": "<b>" + "<br>".join(map(plotly_text, wrap(title, 36))) + "</b>",
                  "x": 0,
                  "xanchor": "left", "xref": "paper",
                  "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 10},
                  "font": {"size": 15},
                  "subtitle": {"text": plotly_text(subtitle),
                               "font": {"size": 12, "color": "#444444"}}},
        # Room above the plot for title, subtitle and a legend that may wrap on a phone.
        "margin": {"l": 56, "r": 16, "t": top, "b": bottom},
        "height": HEIGHT + top + bottom,
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                   "font": {"size": 11}},
        "xaxis": year_axis(xs),
        "yaxis": yaxis,
        "hovermode": "closest",
        "shapes": shapes,
        "annotations": annotations,
    }


def _trace(points: Sequence, *, name: str, unit: str, i: int, width: int = 3) -> dict:
    return {
        "type": "scatter", "x": [p.year for p in points], "y": [p.value for p in points],
        "mode": "lines+markers", "name": plotly_text(name),
        "line": {"color": SERIES_COLOURS[i % len(SERIES_COLOURS)], "width": width,
                 "dash": DASHES[i % len(DASHES)]},
        "marker": {"symbol": MARKERS[i % len(MARKERS)], "size": 7},
        "text": [plotly_text(fmt_value(p.value, p.unit or unit)) for p in points],
        "hovertemplate": HOVER,
    }


def reading_figure(
    points: Sequence,
    *,
    economy: str,
    unit: str,
    claimed_value: float | None = None,
    claimed_label: str = "",
    article_date: date | None = None,
    highlight: Sequence = (),
    peers: Mapping[str, Sequence] | None = None,
    title: str = "",
    band=None,
) -> dict:
    """One reading's series (plus peers) with the claimed band, value and the article date."""
    traces = [_trace(points, name=economy_label(economy), unit=unit, i=0)]
    for i, (code, series) in enumerate((peers or {}).items(), start=1):
        traces.append(_trace(series, name=economy_label(code), unit=unit, i=i, width=2))
    marked = list({(p.year, p.value): p for p in highlight if p is not None}.values())
    if marked:
        # The points the verdict used, ringed so they stand out without relying on colour.
        traces.append({
            "type": "scatter", "x": [p.year for p in marked], "y": [p.value for p in marked],
            "mode": "markers", "name": "used for the verdict",
            "marker": {"symbol": "circle-open", "size": 16, "color": "#000000",
                       "line": {"width": 2}},
            "hoverinfo": "skip",
        })
    every = [*points, *(p for s in (peers or {}).values() for p in s)]
    subtitle = f"{unit or 'value'} · {economy_label(economy)}" + (
        f" + {len(peers)} peer{'s' if len(peers) > 1 else ''}" if peers else "")
    layout = _frame(title=title or "Observed values", subtitle=subtitle,
                    source=source_line(every), unit=unit,
                    x_values=[p.year for p in every], y_values=[p.value for p in every],
                    claimed_value=claimed_value, claimed_label=claimed_label, band=band,
                    article_date=article_date, n_legend=len(traces))
    return {"data": traces, "layout": layout}


def all_readings_figure(series: Sequence[tuple[str, Sequence]], *, title: str, economy: str,
                        unit: str, claimed_value: float | None, claimed_unit: str, band,
                        article_date: date | None) -> dict:
    """Every reading of a claim that shares the claim's unit on one chart, with the band.

    ``series``: (legend name, points) per reading, in the claims file's order.
    """
    traces = [_trace(points, name=name, unit=unit, i=i) for i, (name, points) in
              enumerate(series)]
    every = [p for _, points in series for p in points]
    layout = _frame(title=title, subtitle=f"{unit or 'value'} · {economy_label(economy)}",
                    source=source_line(every), unit=unit,
                    x_values=[p.year for p in every], y_values=[p.value for p in every],
                    claimed_value=claimed_value,
                    claimed_label=fmt_value(claimed_value, claimed_unit), band=band,
                    article_date=article_date, n_legend=len(traces))
    return {"data": traces, "layout": layout}
