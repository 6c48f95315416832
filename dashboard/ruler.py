"""The claim ruler: the claimed value or interval on a number line, each source's value a dot.

Plain HTML and CSS rather than a Plotly figure: six small rulers on the overview would
otherwise load six chart widgets; here every mark is text, readable without a pointer and
printable. Positions are percentages of the ruler's width, so it scales from phone to desktop.
"""

from __future__ import annotations

import math

from dash import html

from dashboard.prose import claimed_words, name, observed_words
from indicators.numbers import fmt_number, fmt_value, is_percent, unit_suffix
from indicators.output.display import verdict_colour

LABEL_GAP = 11.0  # % of the width two year labels need not to overlap in one lane
# The scale is computed on values clamped to ±SCALE_LIMIT: a stored value near the float limit
# (1.7e308) would otherwise overflow the span to infinity; beyond it a dot sits at the end.
SCALE_LIMIT = 1e300


def plotted(claim_result) -> list:
    """The readings on the ruler: scored ones with an observation (same unit as the claim)."""
    return [r for r in claim_result.readings if r.verdict.scored and r.at_claim_year is not None]


def nice_step(span: float, target: int = 4) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def scale(claim_result, readings) -> tuple[float, float]:
    """The ruler's range: zero-based for shares, always showing the claim, the band and dots."""
    claim = claim_result.claim
    values = [claim.value] + [r.at_claim_year.value for r in readings]
    band = next((r.band for r in readings if r.band is not None), None)
    if band is not None:
        values += [v for v in (band.approx_low, band.approx_high) if math.isfinite(v)]
    values = [max(-SCALE_LIMIT, min(SCALE_LIMIT, v)) for v in values if not math.isnan(v)]
    lo, hi = min(values), max(values)
    span = hi - lo or abs(hi) or 1.0
    if is_percent(claim.unit) and lo >= 0:
        lo = 0.0
    else:
        lo -= span * 0.1
    hi += span * 0.1
    step = nice_step(hi - lo)
    return math.floor(lo / step) * step, math.ceil(hi / step) * step


def _pct(value: float, lo: float, hi: float) -> float:
    if not math.isfinite(value):
        return 0.0 if value < 0 else 100.0
    return max(0.0, min(100.0, (value - lo) / (hi - lo) * 100))


def lanes(positions: list[float]) -> list[int]:
    """A label lane per dot (in position order), so close year labels never overlap."""
    ends: list[float] = []
    out = []
    for pos in positions:
        lane = next((i for i, end in enumerate(ends) if pos - end >= LABEL_GAP), len(ends))
        if lane == len(ends):
            ends.append(pos)
        else:
            ends[lane] = pos
        out.append(lane)
    return out


def claim_ruler(claim_result, *, ruler_id: str) -> html.Div:
    claim = claim_result.claim
    readings = plotted(claim_result)
    if claim.qualitative or claim.value is None:
        return html.P("No figure to place on a ruler: the claim is qualitative.",
                      className="ruler-none muted", id=ruler_id)
    if not readings:
        return html.P("No source has data to compare with the claimed "
                      f"{claimed_words(claim)}.", className="ruler-none muted", id=ruler_id)
    lo, hi = scale(claim_result, readings)
    band = next((r.band for r in readings if r.band is not None), None)
    marks = []
    if band is not None:
        for kind, low, high in (("approx", band.approx_low, band.approx_high),
                                ("consistent", band.consistent_low, band.consistent_high)):
            left, right = _pct(low, lo, hi), _pct(high, lo, hi)
            marks.append(html.Div(className=f"ruler-band ruler-band-{kind}"
                                  + (" open-right" if math.isinf(high) else "")
                                  + (" open-left" if math.isinf(low) else ""),
                                  style={"left": f"{left:.2f}%", "width": f"{right - left:.2f}%"}))
    claimed_at = _pct(claim.value, lo, hi)
    marks.append(html.Div(className="ruler-claim", style={"left": f"{claimed_at:.2f}%"}))
    marks.append(html.Span(f"claimed: {claimed_words(claim)}", className="ruler-claim-label",
                           style=_label_anchor(claimed_at)))
    order = sorted(readings, key=lambda r: r.at_claim_year.value)
    positions = [_pct(r.at_claim_year.value, lo, hi) for r in order]
    for r, pos, lane in zip(order, positions, lanes(positions), strict=True):
        point = r.at_claim_year
        colour = verdict_colour(r.verdict)
        marks.append(html.Span(
            className="ruler-dot",
            style={"left": f"{pos:.2f}%", "background": colour},
            title=f"{name(r)}: {observed_words(point)} ({r.verdict.label})",
            **{"data-verdict": r.verdict.value, "data-reading": r.reading_id,
               "data-value": repr(point.value), "aria-hidden": "true"},
        ))
        marks.append(html.Span(
            str(point.year), className=f"ruler-year lane-{lane}",
            style={**_label_anchor(pos), "--verdict-colour": colour},
            **{"data-reading": r.reading_id, "aria-hidden": "true"},
        ))
    step = nice_step(hi - lo)
    ticks = []
    n = round((hi - lo) / step)
    for i in range(n + 1):
        value = lo + i * step
        ticks.append(html.Span(fmt_number(value) + (unit_suffix(claim.unit).split(" ")[0]
                                                    if is_percent(claim.unit) else ""),
                               className="ruler-tick", style=_label_anchor(i / n * 100)))
    n_lanes = max(lanes(positions)) + 1
    summary = (f"Claimed {claimed_words(claim)}; "
               + "; ".join(f"{name(r)} {fmt_value(r.at_claim_year.value, r.at_claim_year.unit)}"
                           f" in {r.at_claim_year.year}, {r.verdict.label}" for r in order))
    return html.Div(
        [html.Div(marks, className="ruler-line"), html.Div(ticks, className="ruler-ticks")],
        className=f"ruler lanes-{n_lanes}",
        id=ruler_id,
        role="img",
        **{"aria-label": summary, "data-low": repr(lo), "data-high": repr(hi)},
    )


def _label_anchor(pos: float) -> dict:
    # Labels near an edge are anchored to it, so they never spill out of the card.
    if pos < 8:
        return {"left": f"{pos:.2f}%"}
    if pos > 92:
        return {"right": f"{100 - pos:.2f}%"}
    return {"left": f"{pos:.2f}%", "transform": "translateX(-50%)"}
