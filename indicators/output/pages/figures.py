"""Plotly figures as plain dicts: one concept per axis, the deciding source strongest.

On screen the title, subtitle and source line are HTML around the chart (they use the full
width and wrap like text); `export_layout` puts them inside the figure for a PNG or a static
image, wrapped for its fixed width, so a download keeps the whole title. Lines join only
dense annual points; sparse points and sub-year periods (Q1, Jan–Sep) are markers alone.
Pure functions of the points they are given; figures are dicts (what dcc.Graph sends anyway).
"""

from __future__ import annotations

import functools
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from indicators.claims.economies import display_name
from indicators.numbers import is_percent
from indicators.output.pages.words import period_of, share_limits, value_text

CLAIM_COLOUR = "#b3261e"
BAND_COLOUR = "rgba(179, 38, 30, 0.12)"
BAND_CORE_COLOUR = "rgba(179, 38, 30, 0.22)"
ARTICLE_COLOUR = "#555555"
# Okabe–Ito palette: distinguishable with common colour-vision deficiencies.
SERIES_COLOURS = ("#1f4e79", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#0072b2")
DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")
HEIGHT = 300  # the plot area and its axes; the legend's rows are added
EXPORT_WIDTH = 1000  # a downloaded PNG's width in CSS px (scale 2)
HOVER = "%{text}<extra>%{fullData.name}</extra>"  # text from indicators.numbers, not d3


@dataclass(frozen=True)
class Trace:
    """One series to draw: ``meta`` names it for tests and readers (the reading's label)."""

    name: str
    meta: str
    points: Sequence[Any]
    strong: bool = False


def economy_label(code: str) -> str:
    name = display_name(code)
    return f"{name} ({code})" if name != code else code


@functools.cache
def _template() -> dict:
    # Resolved once: plain dicts skip plotly's per-call validation (tens of ms per figure).
    import plotly.io as pio

    return pio.templates["plotly_white"].to_plotly_json()


def dense(points: Sequence[Any]) -> bool:
    """Three or more annual points in consecutive years: a line may join them."""
    years = [p.year for p in points]
    annual = all(period_of(p) == str(p.year) for p in points)
    return (annual and len(years) >= 3 and len(set(years)) == len(years)
            and all(b - a == 1 for a, b in zip(sorted(years), sorted(years)[1:], strict=False)))


def source_line(points: Sequence[Any]) -> str:
    """"Source: USGS, FAOSTAT · retrieved 2026-05-01", from the points' own provenance."""
    from indicators.output.pages.words import leaves, source_name

    names: dict[str, None] = {}
    retrieved: list[str] = []
    for p in points:
        for leaf in leaves(p):
            names.setdefault(source_name(leaf.source, leaf.dataset))
            if leaf.retrieved_at:
                retrieved.append(leaf.retrieved_at[:10])
    text = "Source: " + (", ".join(names) if names else "–")
    if retrieved:
        lo, hi = min(retrieved), max(retrieved)
        text += f" · retrieved {hi}" if lo == hi else f" · retrieved {lo} to {hi}"
    return text


def year_axis(years: Sequence[float]) -> dict:
    """Whole-year ticks, one label per year at most."""
    if not years:
        return {"title": {"text": "year"}, "tickformat": "d"}
    span = max(years) - min(years)
    step = max(1, math.ceil(span / 8))
    return {"title": {"text": "year"}, "tickformat": "d", "tick0": math.floor(min(years)),
            "dtick": step, "automargin": True,
            "range": [min(years) - 0.5, max(years) + 0.5]}


def _fractional_year(day: date) -> float:
    start = date(day.year, 1, 1)
    return day.year + (day - start).days / (date(day.year + 1, 1, 1) - start).days


def _trace(t: Trace, i: int) -> dict:
    colour = SERIES_COLOURS[i % len(SERIES_COLOURS)]
    lines = dense(t.points)
    return {
        "type": "scatter", "x": [p.year for p in t.points], "y": [p.value for p in t.points],
        "mode": "lines+markers" if lines else "markers", "name": t.name, "meta": t.meta,
        "line": {"color": colour, "width": 4 if t.strong else 1.5,
                 "dash": "solid" if t.strong else DASHES[i % len(DASHES)]},
        "marker": {"symbol": MARKERS[i % len(MARKERS)], "size": 11 if t.strong else 7,
                   "color": colour, "line": {"color": "#ffffff", "width": 1}},
        "opacity": 1 if t.strong else 0.75,
        "text": [f"{value_text(p)} ({period_of(p)})" for p in t.points],
        "hovertemplate": HOVER,
    }


def _band_shapes(band: Any, unit: str, y_top: float) -> list[dict]:
    """The accepted range, approximately (light) and consistent (darker), clipped for shares."""
    shapes = []
    for low, high, colour in ((band.approx_low, band.approx_high, BAND_COLOUR),
                              (band.consistent_low, band.consistent_high, BAND_CORE_COLOUR)):
        low, high = share_limits(unit, low, high)
        top = high if math.isfinite(high) else y_top
        bottom = low if math.isfinite(low) else 0.0
        shapes.append({"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                       "y0": bottom, "y1": top, "fillcolor": colour, "line": {"width": 0},
                       "layer": "below"})
    return shapes


def _label(point: Any, text: str, xs: Sequence[float]) -> dict:
    """The deciding value, labelled where it is drawn (anchored away from the edges)."""
    right = bool(xs) and point.year >= (min(xs) + max(xs)) / 2
    return {"x": point.year, "y": point.value, "xref": "x", "yref": "y", "text": text,
            "showarrow": True, "arrowhead": 0, "ax": -24 if right else 24, "ay": -34,
            "xanchor": "right" if right else "left", "align": "left",
            "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": "#1b1b1b", "borderwidth": 1,
            "font": {"size": 12, "color": "#1b1b1b"}, "name": "deciding-label"}


def figure(traces: Sequence[Trace], *, unit: str, claimed_value: float | None = None,
           claimed_label: str = "", band: Any = None, article_date: date | None = None,
           label: tuple[Any, str] | None = None, ring: Sequence[Any] = ()) -> dict:
    """Traces on one axis (one concept), the claimed value and range, the article's date;
    ``label``: (point, text) for the deciding value; ``ring``: the points a verdict used."""
    data = [_trace(t, i) for i, t in enumerate(traces)]
    marked = list({(p.year, p.value): p for p in ring if p is not None}.values())
    if marked:
        data.append({"type": "scatter", "x": [p.year for p in marked],
                     "y": [p.value for p in marked], "mode": "markers",
                     "name": "used for the verdict", "meta": "used for the verdict",
                     "marker": {"symbol": "circle-open", "size": 18, "color": "#000000",
                                "line": {"width": 2}}, "hoverinfo": "skip"})
    every = [p for t in traces for p in t.points]
    xs = [p.year for p in every]
    ys = [p.value for p in every]
    y_top = max([*ys, claimed_value or 0]) * 1.1 if ys else 1.0
    if is_percent(unit) and y_top > 100 >= max([*ys, claimed_value or 0]):
        y_top = 100.0
    shapes: list[dict] = _band_shapes(band, unit, y_top) if band is not None else []
    annotations: list[dict] = []
    if claimed_value is not None:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                       "y0": claimed_value, "y1": claimed_value,
                       "line": {"color": CLAIM_COLOUR, "dash": "dash", "width": 2}})
        annotations.append({"text": f"claimed: {claimed_label}" if claimed_label else "claimed",
                            "xref": "paper", "x": 0, "xanchor": "left", "yref": "y",
                            "y": claimed_value, "yanchor": "bottom", "showarrow": False,
                            "bgcolor": "rgba(255,255,255,0.8)", "font": {"color": CLAIM_COLOUR}})
    if article_date is not None:
        x = _fractional_year(article_date)
        xs.append(x)
        shapes.append({"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "paper",
                       "y0": 0, "y1": 1,
                       "line": {"color": ARTICLE_COLOUR, "dash": "dot", "width": 2}})
        annotations.append({"text": f"article<br>{article_date.isoformat()}", "xref": "x",
                            "x": x, "xanchor": "right", "yref": "paper", "y": 0.02,
                            "yanchor": "bottom", "showarrow": False, "align": "right",
                            "bgcolor": "rgba(255,255,255,0.8)",
                            "font": {"color": ARTICLE_COLOUR, "size": 11}})
    if label is not None:
        annotations.append(_label(label[0], label[1], xs))
    yaxis: dict[str, Any] = {"title": {"text": unit or "value"}, "automargin": True}
    if ys and (is_percent(unit) or all(v >= 0 for v in ys)):
        yaxis["range"] = [0, y_top]  # shares (and other non-negative amounts) from zero
    return {"data": data, "layout": {
        "template": _template(), "height": HEIGHT + 24 * min(len(data), 4),
        "margin": {"l": 56, "r": 16, "t": 16, "b": 48, "autoexpand": True},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0,
                   "font": {"size": 12}},
        "xaxis": year_axis(xs), "yaxis": yaxis, "hovermode": "closest",
        "shapes": shapes, "annotations": annotations}}


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False) or [""]


def export_layout(fig: dict, *, title: str, subtitle: str, source: str,
                  width: int = EXPORT_WIDTH) -> dict:
    """The layout changes for a PNG or static image: title, subtitle and source line inside
    the figure, wrapped for ``width`` (15 px bold ≈ 9 px a character), with room for each."""
    title_lines = wrap(title, max(20, width // 9))
    source_lines = wrap(source, max(30, width // 6))
    top = 24 + 21 * len(title_lines) + 20 + 24 * min(len(fig["data"]), 4)
    bottom = 64 + 15 * len(source_lines)
    annotations = [*fig["layout"].get("annotations", []), {
        "text": "<br>".join(source_lines), "xref": "paper", "x": 0, "xanchor": "left",
        "yref": "paper", "y": 0, "yanchor": "top", "yshift": -52, "showarrow": False,
        "align": "left", "font": {"size": 11, "color": "#444444"}, "name": "source-line"}]
    return {
        "width": width, "height": HEIGHT + top + bottom,
        "title": {"text": "<b>" + "<br>".join(title_lines) + "</b>", "x": 0, "xanchor": "left",
                  "xref": "paper", "yref": "container", "y": 1, "yanchor": "top",
                  "pad": {"t": 16}, "font": {"size": 15},
                  "subtitle": {"text": subtitle, "font": {"size": 12, "color": "#444444"}}},
        "margin": {"l": 64, "r": 24, "t": top, "b": bottom, "autoexpand": True},
        "annotations": annotations,
    }


def export_figure(fig: dict, layout: dict) -> dict:
    """A figure with its export layout merged in (for a static image of the chart)."""
    return {"data": fig["data"], "layout": {**fig["layout"], **layout}}
