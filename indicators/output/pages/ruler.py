"""The claim ruler as data: the claimed value and its accepted range on a number line, and one
row per source with its dot (a dot plot), so dots never overlap and each says whose it is.

Positions are percentages of the ruler's width, so it scales from phone to desktop; a share's
range is clipped to 0–100%. Rendered as plain HTML and CSS (no chart library on the overview).
"""

from __future__ import annotations

import math
from typing import Any

from indicators.numbers import fmt_number, is_percent
from indicators.output.pages.models import RulerBand, RulerRow, RulerView
from indicators.output.pages.words import (
    claimed_words,
    name,
    period_of,
    range_words,
    reading_verdict,
    share_limits,
    source_name_of,
    value_text,
)


def plotted(claim_result: Any) -> list:
    """The readings on the ruler: scored ones with an observation (the claim's unit)."""
    return [r for r in claim_result.readings if r.verdict.scored and r.at_claim_year is not None]


def nice_step(span: float, target: int = 4) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def scale(claim: Any, readings: list, band: Any) -> tuple[float, float]:
    """The ruler's range: from zero for shares, showing the claim, its range and every dot;
    a share's ruler ends at 100% unless a value lies above it."""
    values = [claim.value] + [r.at_claim_year.value for r in readings]
    if band is not None:
        low, high = share_limits(claim.unit, band.approx_low, band.approx_high)
        values += [v for v in (low, high) if math.isfinite(v)]
    lo, hi = min(values), max(values)
    span = hi - lo or abs(hi) or 1.0
    share = is_percent(claim.unit) and lo >= 0
    lo = 0.0 if share else lo - span * 0.1
    hi += span * 0.1
    step = nice_step(hi - lo)
    lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step
    if share and hi > 100 >= max(values):
        hi = 100.0
    return lo, hi


def _pct(value: float, lo: float, hi: float) -> float:
    if not math.isfinite(value):
        return 0.0 if value < 0 else 100.0
    return max(0.0, min(100.0, (value - lo) / (hi - lo) * 100))


def claim_ruler(claim_result: Any, *, ruler_id: str) -> tuple[RulerView | None, str]:
    """The ruler, or None with the reason there is none."""
    claim = claim_result.claim
    readings = plotted(claim_result)
    if claim.qualitative or claim.value is None:
        return None, "No figure to place on a ruler: the claim is qualitative."
    if not readings:
        return None, (f"No source has data to compare with the claimed {claimed_words(claim)}.")
    band = next((r.band for r in readings if r.band is not None), None)
    lo, hi = scale(claim, readings, band)
    bands = []
    if band is not None:
        for kind, low, high in (("approx", band.approx_low, band.approx_high),
                                ("consistent", band.consistent_low, band.consistent_high)):
            c_low, c_high = share_limits(claim.unit, low, high)
            left, right = _pct(c_low, lo, hi), _pct(c_high, lo, hi)
            bands.append(RulerBand(kind, round(left, 2), round(right - left, 2),
                                   open_left=math.isinf(low), open_right=math.isinf(high)))
    rows = []
    for r in readings:
        point = r.at_claim_year
        rows.append(RulerRow(
            reading_id=r.reading_id, label=name(r), source=source_name_of(point),
            period=period_of(point), value_text=value_text(point), value=point.value,
            position=round(_pct(point.value, lo, hi), 2), verdict=reading_verdict(r),
            deciding=r.reading_id == claim_result.deciding_reading))
    step = nice_step(hi - lo)
    n = max(1, round((hi - lo) / step))
    suffix = "%" if is_percent(claim.unit) else ""
    ticks = tuple((round(i / n * 100, 2), fmt_number(lo + i * step) + suffix)
                  for i in range(n + 1))
    summary = (f"Claimed {claimed_words(claim)} for {claim.year}"
               + (f", counting as consistent "
                  f"{range_words(band.consistent_low, band.consistent_high, claim.unit)}"
                  if band else "") + ". "
               + " ".join(f"{row.label} ({row.source}): {row.value_text} in {row.period}, "
                          f"{row.verdict.label}{', decides the verdict' if row.deciding else ''}."
                          for row in rows))
    return RulerView(
        ruler_id=ruler_id, low=lo, high=hi, ticks=ticks, bands=tuple(bands),
        claimed_position=round(_pct(claim.value, lo, hi), 2),
        claimed_label=f"claimed: {claimed_words(claim)}", rows=tuple(rows), summary=summary,
    ), ""

