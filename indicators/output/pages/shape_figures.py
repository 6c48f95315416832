"""Figures for claims that are not levels (issue 16), as plain Plotly dicts.

* A change: the levels as plotted by `figures.figure`, plus both endpoints the change was
  measured between (ringed and labelled with value and period), the claimed change drawn from
  the base endpoint to the end value it implies (dashed, in the claim's colour), and a label
  with the measured and the claimed change in the claim's terms.
* A rank: the members of the ranking as horizontal bars in rank order, the subject in the
  strongest colour, the rank the claim names (or the ranks a bound accepts) shaded.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from indicators.claims.economies import display_name
from indicators.output.pages.figures import (
    BAND_COLOUR,
    CLAIM_COLOUR,
    HEIGHT,
    HOVER,
    SERIES_COLOURS,
    _template,
    plotly_text,
)
from indicators.output.pages.words import period_of, value_text
from indicators.wording import amount

OTHER_BAR = "#b8b8b8"


def short(point: Any) -> str:
    """A value as a label on a chart: "2.29 trillion current US$", "61% of GDP"."""
    if abs(point.value) >= 1e6:
        return f"{amount(point.value, point.unit)} {point.unit}".strip()
    return value_text(point)


@dataclass(frozen=True)
class ChangeMarks:
    """What a change's chart adds to the levels: the endpoints and the claimed change."""

    base: Any  # the base endpoint (an observation), or None for growth rates read directly
    end: Any
    used: tuple[Any, ...]  # every point the change was computed from
    claimed_end: float | None  # the end value the claimed change implies (None: not a level)
    measured: str  # "+9.8 points (2020 → 2021)"
    claimed: str  # "+9.8 points"


def add_change(fig: dict, marks: ChangeMarks) -> dict:
    """``fig`` (the levels) with the endpoints, the claimed change and their label."""
    data, layout = list(fig["data"]), dict(fig["layout"])
    used = list(marks.used)
    data.append({"type": "scatter", "x": [p.year for p in used], "y": [p.value for p in used],
                 "mode": "markers+text", "name": "the change's endpoints" if marks.base
                 else "used for the verdict", "meta": "endpoints",
                 "text": [plotly_text(f"{short(p)} ({period_of(p)})") for p in used],
                 "textposition": "top center", "cliponaxis": False,
                 "textfont": {"size": 12, "color": "#1b1b1b"},
                 "marker": {"symbol": "circle-open", "size": 18, "color": "#000000",
                            "line": {"width": 3}},
                 "hovertemplate": HOVER})
    annotations = list(layout.get("annotations", []))
    if marks.base is not None and marks.claimed_end is not None:
        data.append({"type": "scatter", "x": [marks.base.year, marks.end.year],
                     "y": [marks.base.value, marks.claimed_end], "mode": "lines+markers",
                     "name": plotly_text(f"claimed: {marks.claimed}"), "meta": "claimed change",
                     "line": {"color": CLAIM_COLOUR, "dash": "dash", "width": 2},
                     "marker": {"symbol": ["circle", "diamond"], "size": [1, 13],
                                "color": CLAIM_COLOUR},
                     "text": ["", plotly_text(f"claimed: {marks.claimed}")],
                     "hovertemplate": HOVER})
        yaxis = dict(layout.get("yaxis", {}))
        if "range" in yaxis:  # the implied end value stays on the axis
            top = max(yaxis["range"][1], marks.claimed_end * 1.1)
            yaxis["range"] = [min(yaxis["range"][0], marks.claimed_end * 1.1), top]
        layout["yaxis"] = yaxis
    end = marks.end
    annotations.append({
        "x": end.year, "y": end.value, "xref": "x", "yref": "y", "showarrow": True,
        "arrowhead": 0, "ax": -40, "ay": -56, "xanchor": "right", "align": "left",
        "text": plotly_text(f"measured: {marks.measured}") + "<br>"
        + plotly_text(f"claimed: {marks.claimed}"),
        "bgcolor": "rgba(255,255,255,0.9)", "bordercolor": CLAIM_COLOUR, "borderwidth": 1,
        "font": {"size": 12, "color": "#1b1b1b"}, "name": "change-label"})
    layout["annotations"] = annotations
    layout["height"] = HEIGHT + 24 * min(len(data), 4)
    return {"data": data, "layout": layout}


def rank_figure(members: Sequence[Any], *, subject: str, shown: int, claimed_low: int,
                claimed_high: int, claimed_label: str, unit: str) -> dict:
    """The first ``shown`` members in rank order (rank 1 on top), the subject highlighted and
    the claimed rank (or the ranks a bound accepts) shaded."""
    top = list(members)[:shown]
    ranks = list(range(1, len(top) + 1))
    labels = [plotly_text(f"{n}. {display_name(p.economy)}") for n, p in zip(ranks, top,
                                                                             strict=True)]
    colours = [SERIES_COLOURS[0] if p.economy == subject else OTHER_BAR for p in top]
    data = [{"type": "bar", "orientation": "h", "x": [p.value for p in top], "y": ranks,
             "name": "ranked members", "meta": [p.economy for p in top],
             "marker": {"color": colours, "line": {"color": "#1b1b1b",
                                                   "width": [2 if p.economy == subject else 0
                                                             for p in top]}},
             "text": [plotly_text(short(p)) for p in top], "textposition": "outside",
             "cliponaxis": False, "hovertemplate": "%{text}<extra></extra>"}]
    low, high = max(claimed_low, 1), min(claimed_high, len(top))
    shapes = [{"type": "rect", "xref": "paper", "x0": 0, "x1": 1, "yref": "y",
               "y0": low - 0.5, "y1": high + 0.5, "fillcolor": BAND_COLOUR,
               "line": {"color": CLAIM_COLOUR, "dash": "dash", "width": 1.5},
               "layer": "below"}] if low <= high else []
    annotations = [{"xref": "paper", "x": 1, "xanchor": "right", "yref": "y", "y": low - 0.5,
                    "yanchor": "bottom", "showarrow": False,
                    "text": plotly_text(f"claimed: {claimed_label}"),
                    "bgcolor": "rgba(255,255,255,0.85)", "font": {"color": CLAIM_COLOUR},
                    "name": "claimed-rank"}] if low <= high else []
    return {"data": data, "layout": {
        "template": _template(), "height": 90 + 28 * len(top),
        "margin": {"l": 8, "r": 56, "t": 28, "b": 48, "autoexpand": True},
        "showlegend": False, "bargap": 0.25,
        "xaxis": {"title": {"text": plotly_text(unit or "value")}, "automargin": True,
                  "rangemode": "tozero"},
        "yaxis": {"tickmode": "array", "tickvals": ranks, "ticktext": labels,
                  "autorange": "reversed", "automargin": True},
        "shapes": shapes, "annotations": annotations}}
