"""The verdict rules of claims as articles write them: pure functions, no I/O, no presentation.

They follow rules 1–8 (`indicators.judge.verdicts`) in docs/verdicts.md, in the same order:

9. Changes: `change_of` (points, percent, multiple from two levels), `compound` (growth rates
   over several periods), `change_band` (the band of the change as stated, a fall's size
   inverted) and `endpoints_verdict` (both endpoints judged too).
10. Amounts in the claim's scale and currency: `in_claim_terms` (rescale, convert through US$).
11. Ranks: `rank_of` (one plus the members with a larger value), `rank_band` (a worse rank is
    overstated).
12. Periods: a claim is judged on the same period only (`pick_points(..., exact=True)` in
    rule 3; `indicators.periods.same_period` decides sameness).
13. Evidence that bounds: `bound_verdict` refutes only on the bound's side, never holds.
14. Sums: `sum_of_parts` adds the parts only when every listed one has a value.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

from indicators.judge.verdicts import Band, Verdict, band_verdict, make_band

_EPS = 1e-9
HOLDING = (Verdict.CONSISTENT, Verdict.APPROXIMATELY)


# -- 9. changes ------------------------------------------------------------------------------
def change_of(change: str, base: float, end: float) -> float | None:
    """The observed change from ``base`` to ``end`` as the claim states it: points (and
    endpoints) ``end − base``; percent ``(end ÷ base − 1) × 100``; multiple ``end ÷ base``.
    None when a ratio has no meaning (a base of zero, or a sign change for percent/multiple)."""
    if change in ("points", "endpoints"):
        return end - base
    if base == 0 or (base < 0) != (end < 0):
        return None
    ratio = end / base
    return (ratio - 1) * 100 if change == "percent" else ratio


def compound(rates: Sequence[float]) -> float:
    """The percent change over several periods from their growth rates (percent each):
    ``(Π (1 + g/100) − 1) × 100``; one rate is returned as it is."""
    if len(rates) == 1:
        return rates[0]
    product = 1.0
    for g in rates:
        product *= 1 + g / 100
    return (product - 1) * 100


def change_band(change: str, value: float, precision: float, approx_relative: float,
                bound: str, base_value: float | None = None) -> Band:
    """The band of a change as stated. ``endpoints``: the change ``value − base_value`` with
    twice the endpoints' precision. A fall (a negative change, a multiple below 1) is judged
    by its size, as the words are: the band is *inverted* (a smaller fall than claimed is
    overstated), and a one-sided bound on a fall in points or percent speaks of its size
    ("fell by more than 4%" holds for −6%), so that band is mirrored."""
    if change == "endpoints":
        claimed = value - base_value
        return make_band(claimed, 2 * precision, approx_relative, bound, inverted=claimed < 0)
    if change in ("points", "percent") and value < 0:
        size = make_band(-value, precision, approx_relative, bound)
        return Band(value, precision, approx_relative, -size.consistent_high,
                    -size.consistent_low, -size.approx_high, -size.approx_low, bound,
                    inverted=True)
    return make_band(value, precision, approx_relative, bound,
                     inverted=change == "multiple" and value < 1)


def endpoints_verdict(change: Verdict, start: Verdict, end: Verdict) -> Verdict:
    """Both endpoints quoted: the change's verdict, unless an endpoint misses while the change
    holds (the end first, then the start: the article's numbers must hold too); holding, the
    least favourable of the three."""
    if change not in HOLDING:
        return change
    for v in (end, start):
        if v not in HOLDING:
            return v
    return max((change, start, end), key=lambda v: v.rank)


# -- 10. amounts in the claim's terms -----------------------------------------------------------
def in_claim_terms(value: float, unit_factor: float, claim_factor: float,
                   rate: float = 1.0) -> float:
    """A value in the claim's scale (and, with ``rate`` = claim currency per unit of the
    value's currency, its currency): ``value × unit_factor × rate ÷ claim_factor``."""
    return value * unit_factor * rate / claim_factor


# -- 11. ranks -------------------------------------------------------------------------------
def rank_of(value: float, others: Sequence[float], order: str = "largest") -> int:
    """One plus the number of other members with a larger value (``order = "smallest"``: a
    smaller one); equal values share a rank."""
    tol = _EPS * max(1.0, abs(value))
    if order == "smallest":
        return 1 + sum(1 for v in others if v < value - tol)
    return 1 + sum(1 for v in others if v > value + tol)


def rank_band(rank: float, precision: float, approx_relative: float, bound: str) -> Band:
    """A claimed rank's band; inverted, because a larger rank number is a lower standing: rank
    4 against "second-largest" is *overstated*."""
    return make_band(rank, precision, approx_relative, bound, inverted=True)


# -- 13. evidence that bounds ----------------------------------------------------------------
def bound_verdict(observed: float, band: Band, side: str) -> Verdict:
    """An ``"upper bound"`` (the quantity can only be smaller than ``observed``) refutes the
    claim only when it lies below the claim's wider band, a ``"lower bound"`` only when it lies
    above; anything else is *context*: a bound never makes a claim hold."""
    tol = _EPS * max(1.0, abs(band.claimed))
    if side == "upper bound" and observed < band.approx_low - tol:
        return band_verdict(observed, band)
    if side == "lower bound" and observed > band.approx_high + tol:
        return band_verdict(observed, band)
    return Verdict.CONTEXT


# -- 14. sums --------------------------------------------------------------------------------
def sum_of_parts(values: Mapping[str, float], parts: Sequence[str]) -> tuple[float | None,
                                                                              tuple[str, ...]]:
    """The sum over ``parts`` and the parts without a value (the sum is None unless every part
    has one: a partial sum would understate the total)."""
    missing = tuple(p for p in parts if p not in values or not math.isfinite(values[p]))
    if missing:
        return None, missing
    return sum(values[p] for p in parts), ()
