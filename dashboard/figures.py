"""Plotly figures for the claim detail: a reading's series, its peers, the claimed value, the date.

Pure functions of the points they are given (``ObservedPoint``-like objects with ``year`` and
``value``); they never read the store themselves.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from datetime import date

from indicators.economies import display_name

MAIN_COLOUR = "#1f4e79"
CLAIM_COLOUR = "#b3261e"
ARTICLE_COLOUR = "#555555"
# Okabe–Ito palette: distinguishable with common colour-vision deficiencies.
PEER_COLOURS = ("#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#0072b2", "#f0e442")
PEER_DASHES = ("dash", "dot", "dashdot", "longdash", "longdashdot")
MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star", "cross")


def _fractional_year(day: date) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day - start).days / length


def economy_label(code: str) -> str:
    name = display_name(code)
    return f"{name} ({code})" if name != code else code


@functools.cache
def _template() -> dict:
    # Resolved once: building figures as plain dicts skips plotly's per-call validation
    # (tens of ms per figure), which would dominate the callback's latency.
    import plotly.io as pio

    return pio.templates["plotly_white"].to_plotly_json()


def _hover(unit: str) -> str:
    return "%{x}: %{y:,.4~g}" + (f" {unit}" if unit else "") + "<extra>%{fullData.name}</extra>"


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
) -> dict:
    """The observed series (plus peers) with the claimed value and the article's date marked.

    Returns a plotly figure as a plain dict (what dcc.Graph sends to the browser anyway).
    """
    traces: list[dict] = [{
        "type": "scatter",
        "x": [p.year for p in points],
        "y": [p.value for p in points],
        "mode": "lines+markers",
        "name": economy_label(economy),
        "line": {"color": MAIN_COLOUR, "width": 3},
        "marker": {"symbol": MARKERS[0], "size": 7},
        "hovertemplate": _hover(unit),
    }]
    for i, (code, series) in enumerate((peers or {}).items()):
        traces.append({
            "type": "scatter",
            "x": [p.year for p in series],
            "y": [p.value for p in series],
            "mode": "lines+markers",
            "name": economy_label(code),
            "line": {"color": PEER_COLOURS[i % len(PEER_COLOURS)], "width": 2,
                     "dash": PEER_DASHES[i % len(PEER_DASHES)]},
            "marker": {"symbol": MARKERS[(i + 1) % len(MARKERS)], "size": 6},
            "hovertemplate": _hover(unit),
        })
    marked = list({(p.year, p.value): p for p in highlight if p is not None}.values())
    if marked:
        # The points the verdict used, ringed so they stand out without relying on colour.
        traces.append({
            "type": "scatter",
            "x": [p.year for p in marked],
            "y": [p.value for p in marked],
            "mode": "markers",
            "name": "used for the verdict",
            "marker": {"symbol": "circle-open", "size": 16, "color": "#000000",
                       "line": {"width": 2}},
            "hoverinfo": "skip",
        })
    shapes: list[dict] = []
    annotations: list[dict] = []
    if claimed_value is not None:
        shapes.append({"type": "line", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
                       "y0": claimed_value, "y1": claimed_value,
                       "line": {"color": CLAIM_COLOUR, "dash": "dash", "width": 2}})
        annotations.append({"text": f"claimed: {claimed_label}" if claimed_label else "claimed",
                            "xref": "paper", "x": 0, "xanchor": "left", "yref": "y",
                            "y": claimed_value, "yanchor": "bottom", "showarrow": False,
                            "font": {"color": CLAIM_COLOUR}})
    if article_date is not None:
        x = _fractional_year(article_date)
        shapes.append({"type": "line", "xref": "x", "x0": x, "x1": x, "yref": "paper",
                       "y0": 0, "y1": 1,
                       "line": {"color": ARTICLE_COLOUR, "dash": "dot", "width": 2}})
        annotations.append({"text": f"article ({article_date.isoformat()})", "xref": "x",
                            "x": x, "xanchor": "right", "yref": "paper", "y": 1,
                            "yanchor": "bottom", "showarrow": False,
                            "font": {"color": ARTICLE_COLOUR}})
    layout = {
        "template": _template(),
        "margin": {"l": 56, "r": 16, "t": 48 if title else 28, "b": 40},
        "height": 380,
        "legend": {"orientation": "h", "yanchor": "top", "y": -0.15, "x": 0},
        "xaxis": {"title": {"text": "year"}, "tickformat": "d", "automargin": True},
        "yaxis": {"title": {"text": unit or "value"}, "automargin": True},
        "hovermode": "closest",
        "shapes": shapes,
        "annotations": annotations,
    }
    if title:
        layout["title"] = {"text": title, "x": 0, "xanchor": "left", "font": {"size": 15}}
    return {"data": traces, "layout": layout}
