"""Values Claimcheck computes from stored observations, each carrying the observations behind
it (``inputs``) so every number keeps its provenance: a change between two periods, a rank
among members, a sum over counterparts, an amount converted into the claim's currency.

Pure: the observations come in (read by `indicators.judge.measuring`), the numbers follow the
rules of `indicators.judge.shapes`; no store, no presentation beyond the series label.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

from indicators.judge.results import ObservedPoint
from indicators.judge.shapes import change_of, compound, rank_of
from indicators.numbers import when
from indicators.periods import part_of_year

COMPUTED = "computed by Claimcheck from the inputs"


def _merged(points: Sequence[ObservedPoint], attr: str) -> str:
    return " | ".join(dict.fromkeys(getattr(p, attr) for p in points if getattr(p, attr)))


def _computed(base: ObservedPoint, inputs: Sequence[ObservedPoint], **fields) -> ObservedPoint:
    """A computed point: provenance merged from its inputs, its own value and labels."""
    return replace(base, inputs=tuple(inputs), unit_original="",
                   publisher_updated=_merged(inputs, "publisher_updated"),
                   retrieved_at=max((p.retrieved_at for p in inputs), default=""),
                   origin=_merged(inputs, "origin"),
                   licence="; ".join(dict.fromkeys(p.licence for p in inputs if p.licence)),
                   note=COMPUTED, **fields)


# -- changes -----------------------------------------------------------------------------------
def change_unit(change: str, level_unit: str) -> str:
    """The unit of an observed change: "percentage points" for a share, "%", "times"."""
    if change in ("points", "endpoints"):
        low = (level_unit or "").lower()
        return "percentage points" if low.startswith(("percent", "%")) else level_unit
    return "%" if change == "percent" else "times"


def change_points(levels: Sequence[ObservedPoint], *, change: str, span: int,
                  growth: bool = False,
                  base_levels: Sequence[ObservedPoint] | None = None) -> list[ObservedPoint]:
    """The change over ``span`` years ending in each year where both ends exist, from the same
    part of the year (the levels are already one period per year; ``base_levels``: the base's
    own part of the year, e.g. Q4 for a quarter-on-quarter change of Q1). ``growth``: the
    levels are growth rates, compounded over the span (every year of it needed)."""
    by_year = {p.year: p for p in levels}
    bases = by_year if base_levels is None else {p.year: p for p in base_levels}
    out = []
    for end in sorted(levels, key=lambda p: p.year):
        if growth:
            steps = [by_year.get(y) for y in range(end.year - span + 1, end.year + 1)]
            if any(s is None for s in steps):
                continue
            value = compound([s.value for s in steps])
            if change == "multiple":
                value = 1 + value / 100
            inputs, derivation = steps, "growth"
            label = (f"{end.series_name}, compounded {when(steps[0])}–{when(end)}"
                     if span > 1 else end.series_name)
        else:
            base = bases.get(end.year - span)
            if base is None or (base_levels is None and part_of_year(
                    base.period, base.year) != part_of_year(end.period, end.year)):
                continue  # both ends from the same part of the year, or no change
            value = change_of(change, base.value, end.value)
            if value is None:
                continue
            inputs, derivation = [base, end], "change"
            label = f"change in {end.series_name}, {when(base)} → {when(end)}"
        out.append(_computed(end, inputs, value=value, unit=change_unit(change, end.unit),
                             series_name=label, derivation=derivation))
    return out


def claim_points(claim, reading, shaped) -> list[ObservedPoint]:
    """What a reading's verdict is judged on: the change for a change claim (from the levels
    of `indicators.judge.measure_shapes.Shaped`), else the levels or ranks themselves."""
    if claim.kind != "change":
        return list(shaped.points)
    return change_points(shaped.points, change=claim.change,
                         span=claim.year - claim.base_year, growth=reading.measure.growth,
                         base_levels=shaped.base_points)


def endpoints_of(point: ObservedPoint) -> tuple[ObservedPoint, ObservedPoint] | None:
    """A computed change's (base, end) observations (None for growth rates read directly)."""
    if point.derivation == "change" and len(point.inputs) == 2:
        return point.inputs[0], point.inputs[1]
    return None


# -- ranks -------------------------------------------------------------------------------------
def rank_point(subject: str, values: Mapping[str, ObservedPoint], missing: Sequence[str],
               order: str) -> ObservedPoint:
    """The subject's rank among the members with a value (``values``, the subject included),
    its inputs every member's observation from the top rank down."""
    own = values[subject]
    others = [p.value for e, p in values.items() if e != subject]
    rank = rank_of(own.value, others, order)
    ordered = sorted(values.values(), key=lambda p: (p.value if order == "smallest"
                                                     else -p.value, p.economy))
    return _computed(own, ordered, value=float(rank), unit="rank", derivation="rank",
                     series_name=f"rank by {own.series_name}", missing=tuple(missing))


def ranking(point: ObservedPoint, order: str = "largest") -> list[tuple[int, ObservedPoint]]:
    """A rank point's members with their ranks, top first (equal values share a rank)."""
    out = []
    for i, p in enumerate(point.inputs):
        others = [q.value for j, q in enumerate(point.inputs) if j != i]
        out.append((rank_of(p.value, others, order), p))
    return out


# -- sums and conversions ----------------------------------------------------------------------
def sum_point(parts: Sequence[ObservedPoint], counterpart: str) -> ObservedPoint:
    """The sum of the parts (same series, year, period and source), counterpart "RUS+CHN"."""
    first = parts[0]
    names = " + ".join(p.counterpart for p in parts)
    return _computed(first, parts, value=sum(p.value for p in parts), counterpart=counterpart,
                     series_name=f"{first.series_name} (sum over {names})", derivation="sum")


def converted_point(point: ObservedPoint, value: float, unit: str,
                    rates: Sequence[ObservedPoint], how: str) -> ObservedPoint:
    """``point`` in the claim's scale and currency; ``rates`` the exchange-rate observations
    used (none for a rescaling), ``how`` the sentence that says what was done."""
    out = _computed(point, [point, *rates], value=value, unit=unit, derivation="conversion")
    return replace(out, note=how)
