"""Rulers for claims that are not levels (issue 16): a change and a rank on their own scales.

* A change: the claimed change and each source's measured change on one number line, in the
  claim's terms (points, percent or a multiple), with the range that counts as matching it and
  a mark at "no change" (0, or ×1 for a multiple), so a rise and a fall read at a glance.
* A rank: "ranked N of M" on a line from 1 (the largest) to the last member, the claimed rank
  and the range a bound claim accepts ("among the top five": 1 to 5).

Same `RulerView` as a level's ruler (the renderer draws both); positions are percentages.
"""

from __future__ import annotations

import math
from typing import Any

from indicators.numbers import fmt_number, when
from indicators.output.pages.models import Fact, RulerBand, RulerRow, RulerView
from indicators.output.pages.ruler_scale import nice_step, ordinal, position
from indicators.output.pages.words import name, reading_verdict, source_name_of
from indicators.wording import change_value_text, claim_text, rank_word


def change_kind(claim: Any) -> str:
    """How the change is measured: "points", "percent" or "multiple" (both quoted endpoints
    are judged as the difference between them, in points for a share)."""
    return claim.change if claim.change in ("points", "percent", "multiple") else "points"


def change_words(claim: Any, value: float) -> str:
    """A change in the claim's terms: "+9.8 points", "−40.5%", "1.6 times"."""
    return change_value_text(change_kind(claim), value, claim.unit, claim.scale)


def span_of(point: Any) -> str:
    """"2020 → 2021" for a change between two endpoints, "2023–2024" for compounded growth."""
    inputs = point.inputs
    if point.derivation == "change" and len(inputs) == 2:
        return f"{when(inputs[0])} → {when(inputs[1])}"
    if len(inputs) > 1:
        return f"{when(inputs[0])}–{when(inputs[-1])}"
    return when(point)


def _bands(band: Any, lo: float, hi: float, floor: float | None = None) -> tuple:
    out = []
    if band is None:
        return ()
    for kind, low, high in (("approx", band.approx_low, band.approx_high),
                            ("consistent", band.consistent_low, band.consistent_high)):
        if floor is not None:
            low = max(low, floor)
        left, right = position(low, lo, hi), position(high, lo, hi)
        out.append(RulerBand(kind, round(left, 2), round(max(right - left, 0.6), 2),
                             open_left=math.isinf(low), open_right=math.isinf(high)))
    return tuple(out)


def _claimed(readings: list) -> float:
    # every reading carries the claimed change (both endpoints quoted: their difference)
    return next(r.claimed_value for r in readings if r.claimed_value is not None)


def change_ruler(claim_result: Any, readings: list, ruler_id: str) -> RulerView:
    """The claimed change and every source's measured change on one scale."""
    claim = claim_result.claim
    claimed = _claimed(readings)
    band = next((r.band for r in readings if r.band is not None), None)
    neutral = 1.0 if change_kind(claim) == "multiple" else 0.0
    values = [claimed, neutral] + [r.at_claim_year.value for r in readings]
    if band is not None:
        values += [v for v in (band.approx_low, band.approx_high) if math.isfinite(v)]
    values = [v for v in values if math.isfinite(v)]
    lo, hi = min(values), max(values)
    span = hi - lo or abs(hi) or 1.0
    step = nice_step(span * 1.2)
    lo, hi = math.floor((lo - span * 0.1) / step) * step, math.ceil((hi + span * 0.1) / step) * step
    n = max(1, round((hi - lo) / step))
    ticks = tuple((round(i / n * 100, 2), _tick(claim, lo + i * step)) for i in range(n + 1))
    rows = tuple(RulerRow(
        reading_id=r.reading_id, label=name(r), source=source_name_of(r.at_claim_year),
        period=span_of(r.at_claim_year), value_text=change_words(claim, r.at_claim_year.value),
        value=r.at_claim_year.value, position=round(position(r.at_claim_year.value, lo, hi), 2),
        verdict=reading_verdict(r), deciding=r.reading_id == claim_result.deciding_reading)
        for r in readings)
    words = change_words(claim, claimed)
    summary = (f"Claimed change {_claimed_words(claim, words)} ({_span(claim)}). "
               + " ".join(f"{row.label} ({row.source}): measured {row.value_text} "
                          f"({row.period}), {row.verdict.label}"
                          f"{', decides the verdict' if row.deciding else ''}." for row in rows))
    return RulerView(
        ruler_id=ruler_id, low=lo, high=hi, ticks=ticks, bands=_bands(band, lo, hi),
        claimed_position=round(position(claimed, lo, hi), 2),
        claimed_label=f"claimed: {_claimed_words(claim, words)}", rows=rows, summary=summary,
        kind="change", neutral_position=round(position(neutral, lo, hi), 2),
        neutral_label="no change")


def _claimed_words(claim: Any, words: str) -> str:
    """The claimed change as the article says it, without its span: "a fall of more than
    33.3%", "almost doubled"; both quoted endpoints as their difference, "+9.8 points"."""
    if claim.change == "endpoints":
        return words
    return claim_text(claim).rsplit(", ", 1)[0]


def _span(claim: Any) -> str:
    return f"{claim.base_period or claim.base_year} → {claim.period or claim.year}"


def _tick(claim: Any, value: float) -> str:
    kind = change_kind(claim)
    if kind == "multiple":
        return f"×{fmt_number(value)}"
    text = fmt_number(abs(value))
    sign = "+" if value > 0 else "−" if value < 0 else ""
    return f"{sign}{text}{'%' if kind == 'percent' else ''}"


def rank_ruler(claim_result: Any, readings: list, ruler_id: str) -> RulerView:
    """"Ranked N of M": rank 1 (the largest, or the smallest) on the left."""
    claim = claim_result.claim
    claimed = _claimed(readings)
    last = max([len(r.at_claim_year.inputs) for r in readings] + [int(claimed), 2])
    lo, hi = 1.0, float(last)
    band = next((r.band for r in readings if r.band is not None), None)
    rows = []
    for r in readings:
        point = r.at_claim_year
        n, of = int(point.value), len(point.inputs)
        rows.append(RulerRow(
            reading_id=r.reading_id, label=name(r), source=source_name_of(point),
            period=when(point), value_text=f"{ordinal(n)} of {of}", value=point.value,
            position=round(position(point.value, lo, hi), 2), verdict=reading_verdict(r),
            deciding=r.reading_id == claim_result.deciding_reading))
    marks = sorted({1, last, *(x for x in (int(claimed), *(int(r.value) for r in rows)))})
    ticks = tuple((round(position(m, lo, hi), 2), ordinal(m)) for m in _spread(marks, last))
    claimed_words = (f"among the top {int(claimed)}" if claim.bound in ("at most", "less than",
                                                                         "under")
                     else rank_word(int(claimed), claim.order))
    summary = (f"Claimed {claimed_words} ({claim.year}). "
               + " ".join(f"{row.label} ({row.source}): ranked {row.value_text} in "
                          f"{row.period}, {row.verdict.label}"
                          f"{', decides the verdict' if row.deciding else ''}." for row in rows))
    return RulerView(
        ruler_id=ruler_id, low=lo, high=hi, ticks=ticks, bands=_bands(band, lo, hi, floor=1.0),
        claimed_position=round(position(claimed, lo, hi), 2),
        claimed_label=f"claimed: {claimed_words}", rows=tuple(rows), summary=summary,
        kind="rank")


def _spread(marks: list[int], last: int) -> list[int]:
    """Tick marks that do not crowd: the first, the last and the ranks shown, 8% apart."""
    kept: list[int] = []
    for m in marks:
        if not kept or (m - kept[-1]) / max(last - 1, 1) >= 0.08 or m == last:
            if kept and m == last and (m - kept[-1]) / max(last - 1, 1) < 0.08 and len(kept) > 1:
                kept.pop()
            kept.append(m)
    return kept



def shape_facts(claim: Any, reading: Any) -> list[Fact]:
    """A change's difference and accepted range, a rank's accepted ranks, in the claim's terms
    (a level's "percentage points" would misread a change of a change)."""
    band, point = reading.band, reading.at_claim_year
    if band is None or not reading.verdict.scored or point is None:
        return []
    if claim.kind == "rank":
        low, high = max(band.consistent_low, 1), band.consistent_high
        ranks = (ordinal(int(high)) if low == high
                 else f"{ordinal(int(low))} to {ordinal(int(high))}")
        return [Fact("Counts as", f"consistent: ranked {ranks}")]

    def between(low: float, high: float) -> str:
        if not math.isfinite(low):
            return f"up to {change_words(claim, high)}"
        if not math.isfinite(high):
            return f"{change_words(claim, low)} or more"
        return f"from {change_words(claim, low)} to {change_words(claim, high)}"

    return [Fact("Counts as", f"consistent {between(band.consistent_low, band.consistent_high)}"
                 f"; approximately {between(band.approx_low, band.approx_high)}")]
