"""The verdict rules: pure functions, no I/O, no presentation (colours and number formats live
with the CLI and the dashboard, explanations in `indicators.judge.explain`).

Each rule here is stated, with a worked example, in docs/verdicts.md, in the same order:

1. `make_band`: the intervals a claim's wording implies, by its bound ("about", "more than" …).
2. `band_verdict`: consistent / approximately / overstated / understated for one value.
3. `pick_points`: which observation tests the claim (latest at or before the claim year).
4. `judge`: a reading's verdict: too old → no data; *outdated* only when the claim was
   consistent for a recent earlier year and the claim year's data misses beyond the wider band.
5. `evidence_quality`: the age of the deciding observation and whether its definition is exact.
6. `decide`: a claim's verdict: the most likely reading, else the best-supported one
   (recent exact evidence first, then the producers' statistics, then the most favourable).
7. `agreement`: whether the scored readings agree (one holds, another misses → disagree).
8. `headline_counts`: one category per claim, so the parts add up to the claims shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Protocol

# The claims file's vocabulary (bounds, definitions) is defined with its model.
from indicators.claims.model import (  # noqa: F401  (re-exported)
    BOUNDS,
    DEFINITIONS,
    JUST_UNDER,
    LOWER_BOUNDS,
    TWO_SIDED,
    UPPER_BOUNDS,
)

_EPS = 1e-9


class Verdict(Enum):
    """The verdict scale; ``value`` is the word shown everywhere."""

    CONSISTENT = "consistent"
    APPROXIMATELY = "approximately"
    OUTDATED = "outdated"
    OVERSTATED = "overstated"
    UNDERSTATED = "understated"
    CONTEXT = "context"
    NO_DATA = "no data"

    @property
    def label(self) -> str:
        return self.value

    @property
    def meaning(self) -> str:
        return _MEANINGS[self]

    @property
    def rank(self) -> int:
        """Lower is more favourable to the claim (used by the fallback rule and the tests)."""
        return _RANKS[self]

    @property
    def scored(self) -> bool:
        return self not in (Verdict.CONTEXT, Verdict.NO_DATA)


_MEANINGS = {
    Verdict.CONSISTENT: "Within the rounding the claim's wording implies.",
    Verdict.APPROXIMATELY: "Outside the wording's rounding but within the wider band "
                           "(the rounding plus 10% of the claimed value, unless set otherwise).",
    Verdict.OUTDATED: "Held (consistent) for a recent earlier year; the data of the claim's "
                      "year misses beyond the wider band.",
    Verdict.OVERSTATED: "The data is lower than the claim, beyond the wider band.",
    Verdict.UNDERSTATED: "The data is higher than the claim, beyond the wider band.",
    Verdict.CONTEXT: "Shown for context, not scored: the claim is qualitative or the reading "
                     "does not measure what the claim says.",
    Verdict.NO_DATA: "No public data can test this reading (the reason is given).",
}
HOLDS = frozenset({Verdict.CONSISTENT, Verdict.APPROXIMATELY})
MISSES = frozenset({Verdict.OUTDATED, Verdict.OVERSTATED, Verdict.UNDERSTATED})
_RANKS = {Verdict.CONSISTENT: 0, Verdict.APPROXIMATELY: 1, Verdict.OUTDATED: 2,
          Verdict.OVERSTATED: 3, Verdict.UNDERSTATED: 3, Verdict.CONTEXT: 4, Verdict.NO_DATA: 5}


# -- 1. the band ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Band:
    """The intervals used for a verdict, in the claim's unit (an open side is ±infinity)."""

    claimed: float
    precision: float
    approx_relative: float
    consistent_low: float
    consistent_high: float
    approx_low: float
    approx_high: float
    bound: str = "about"
    # A larger number means less (a rank: 1 is the top; the size of a fall): a value above the
    # band is then *overstated* and one below *understated* (rules 9 and 11).
    inverted: bool = False


def make_band(claimed: float, precision: float, approx_relative: float = 0.10,
              bound: str = "about", *, inverted: bool = False) -> Band:
    """Rule 1. ``w = p + r·|c|``: about/exactly [c−p, c+p] and [c−w, c+w]; at least / more
    than / over [c−p, ∞) and [c−w, ∞); at most / less than / under (−∞, c+p] and (−∞, c+w];
    almost / nearly [c−p, c] and [c−w, c+p]."""
    wide = precision + approx_relative * abs(claimed)
    inf = math.inf
    if bound in LOWER_BOUNDS:
        cons, approx = (claimed - precision, inf), (claimed - wide, inf)
    elif bound in UPPER_BOUNDS:
        cons, approx = (-inf, claimed + precision), (-inf, claimed + wide)
    elif bound in JUST_UNDER:
        cons, approx = (claimed - precision, claimed), (claimed - wide, claimed + precision)
    else:
        cons, approx = (claimed - precision, claimed + precision), (claimed - wide,
                                                                    claimed + wide)
    return Band(claimed, precision, approx_relative, cons[0], cons[1], approx[0], approx[1],
                bound, inverted)


# -- 2. one value against the band ---------------------------------------------------------
def band_verdict(observed: float, band: Band) -> Verdict:
    """Rule 2. Inside the consistent interval → consistent; inside the wider one →
    approximately; below it → overstated (the data is lower); above it → understated."""
    tol = _EPS * max(1.0, abs(band.claimed))
    if band.consistent_low - tol <= observed <= band.consistent_high + tol:
        return Verdict.CONSISTENT
    if band.approx_low - tol <= observed <= band.approx_high + tol:
        return Verdict.APPROXIMATELY
    below = observed < band.approx_low
    if band.inverted:  # a rank, or the size of a fall: below the band is more than claimed
        below = not below
    return Verdict.OVERSTATED if below else Verdict.UNDERSTATED


def differences(claimed: float, observed: float) -> tuple[float, float | None]:
    """(observed − claimed) in points and in percent of the claimed value."""
    points = observed - claimed
    return points, (points / abs(claimed) * 100 if claimed else None)


# -- 3. which observation -------------------------------------------------------------------
class Point(Protocol):
    value: float
    year: int


def pick_points(points: Sequence, year: int, exact: bool = False) -> tuple:
    """Rule 3. (latest at or before ``year`` — else the earliest after it, latest available).
    ``exact`` (a named year, a period, a change): the observation of ``year`` itself or none."""
    if not points:
        return None, None
    ordered = sorted(points, key=lambda p: p.year)
    if exact:
        return next((p for p in ordered if p.year == year), None), ordered[-1]
    before = [p for p in ordered if p.year <= year]
    return (before[-1] if before else ordered[0]), ordered[-1]


# -- 4. a reading's verdict -----------------------------------------------------------------
@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reference: object | None  # the observation that tests the claim
    latest: object | None  # the latest observation available
    held_earlier: object | None = None  # outdated: the recent earlier year it was consistent
    too_old: bool = False  # the reference is older than ``year − max_age_years``
    latest_verdict: Verdict | None = None  # the latest observation's band verdict, if later
    missing_year: bool = False  # exact: the store has other years, not the claim's own


def judge(points: Sequence, *, band: Band | None, year: int, max_age_years: int,
          recent_years: int = 3, scored: bool = True, exact: bool = False,
          score: Callable[[object, Band], Verdict] | None = None) -> Judgement:
    """Rule 4 (see the module docstring). ``exact``: judged on the claim's own year (and
    period) alone, never *outdated* (rule 4.7); ``score``: a point's verdict against the band
    (default `band_verdict` of its value; a change with endpoints or a bound scores otherwise)."""
    def verdict_of(p) -> Verdict:
        return score(p, band) if score is not None else band_verdict(p.value, band)

    reference, latest = pick_points(points, year, exact)
    if reference is None:
        return Judgement(Verdict.NO_DATA, None, latest, missing_year=latest is not None)
    if not scored or band is None:
        return Judgement(Verdict.CONTEXT, reference, latest)
    if reference.year < year - max_age_years:
        return Judgement(Verdict.NO_DATA, reference, latest, too_old=True)
    verdict = verdict_of(reference)
    later = verdict_of(latest) if latest.year > reference.year else None
    if verdict in (Verdict.OVERSTATED, Verdict.UNDERSTATED) and not exact:
        earlier = [p for p in sorted(points, key=lambda p: p.year)
                   if year - recent_years <= p.year < reference.year
                   and verdict_of(p) is Verdict.CONSISTENT]
        if earlier:
            return Judgement(Verdict.OUTDATED, reference, latest, held_earlier=earlier[-1],
                             latest_verdict=later)
    return Judgement(verdict, reference, latest, latest_verdict=later)


# -- 5. evidence quality --------------------------------------------------------------------
@dataclass(frozen=True)
class Quality:
    age_years: int | None  # claim year − year of the deciding observation (< 0: after it)
    dated: bool  # older than ``dated_after_years`` before the claim year
    definition: str  # "exact" | "proxy" | "upper bound" | "lower bound"
    definition_reason: str = ""
    stated: str = ""  # an undated statement: the date it was said (ISO), rule 14
    incomplete: tuple[str, ...] = ()  # a rank: members without data that year (rule 11)
    converted: str = ""  # a currency conversion, said with the verdict (rule 10)

    @property
    def direct(self) -> bool:
        """Recent evidence of exactly what the claim says."""
        return self.tier == 0

    @property
    def tier(self) -> int:
        """0: recent and exact; 1: dated, proxy, a bound, undated or over incomplete data;
        more for each further flaw (lower is better evidence)."""
        return (int(self.dated) + int(self.definition != "exact") + int(bool(self.stated))
                + int(bool(self.incomplete)))


def evidence_quality(reference_year: int | None, claim_year: int, dated_after_years: int,
                     definition: str = "exact", definition_reason: str = "", *,
                     stated: str = "", incomplete: Sequence[str] = (),
                     converted: str = "") -> Quality:
    """Rule 5. Dated when ``claim_year − reference_year > dated_after_years``; an undated
    statement, a bound or a rank over incomplete data is never recent exact evidence."""
    age = None if reference_year is None else claim_year - reference_year
    return Quality(age, age is not None and age > dated_after_years, definition,
                   definition_reason, stated, tuple(incomplete), converted)


# -- 6. a claim's verdict -------------------------------------------------------------------
class Judged(Protocol):
    reading_id: str
    verdict: Verdict
    likely: bool
    evidence: str
    quality: Quality
    diff_percent: float | None


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    deciding: str | None  # the reading id that decided (None: no reading)
    basis: str  # "likely" | "only" (the claim's one reading) | "fallback" | "context" | "none"


def fallback_key(r: Judged) -> tuple:
    """Recent exact evidence first, then the producers' statistics, then the most favourable
    verdict, then the smaller relative miss."""
    return (r.quality.tier, r.evidence != "statistics", r.verdict.rank,
            abs(r.diff_percent or 0.0), r.reading_id)


def decide(readings: Sequence[Judged]) -> Decision:
    """Rule 6. The likely reading decides when it is scored (a claim with one reading and no
    mark: that reading, as if marked); else the best-supported scored
    reading (`fallback_key`); with none scored: context if any reading shows data (led by the
    likely one when it has data), else no data."""
    likely = next((r for r in readings if r.likely), None)
    if likely is not None and likely.verdict.scored:
        return Decision(likely.verdict, likely.reading_id, "likely")
    if likely is None and len(readings) == 1 and readings[0].verdict.scored:
        return Decision(readings[0].verdict, readings[0].reading_id, "only")
    scored = [r for r in readings if r.verdict.scored]
    if scored:
        best = min(scored, key=fallback_key)
        return Decision(best.verdict, best.reading_id, "fallback")
    shown = [r for r in readings if r.verdict is Verdict.CONTEXT
             or getattr(r, "at_claim_year", None) is not None]
    if shown:
        lead = likely if likely is not None and likely in shown else None
        return Decision(Verdict.CONTEXT, lead.reading_id if lead else None, "context")
    return Decision(Verdict.NO_DATA, None, "none")


# -- 7. agreement ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Agreement:
    status: str  # "agree" | "disagree" | "single" | "none"
    holds: tuple[str, ...]  # scored readings that hold (consistent / approximately)
    misses: tuple[str, ...]  # scored readings that miss (outdated / over- / understated)


def agreement(readings: Sequence[Judged]) -> Agreement:
    """Rule 7. Disagree when one scored reading holds and another misses."""
    scored = [r for r in readings if r.verdict.scored]
    holds = tuple(r.reading_id for r in scored if r.verdict in HOLDS)
    misses = tuple(r.reading_id for r in scored if r.verdict in MISSES)
    if not scored:
        status = "none"
    elif len(scored) == 1:
        status = "single"
    else:
        status = "disagree" if holds and misses else "agree"
    return Agreement(status, holds, misses)


# -- 8. the headline ------------------------------------------------------------------------
HEADLINE_CATEGORIES = ("holds", "holds_qualified", "outdated", "overstated", "understated",
                       "untestable", "qualitative")


def headline_category(*, qualitative: bool, verdict: Verdict, basis: str,
                      quality: Quality | None) -> str:
    """Rule 8. Exactly one category per claim: holds on current data (decided by its most
    likely reading on recent exact evidence), holds only on old or indirect data (dated,
    proxy or fallback), outdated, overstated, understated, cannot be tested, qualitative."""
    if qualitative:
        return "qualitative"
    if verdict in HOLDS:
        direct = basis in ("likely", "only") and quality is not None and quality.direct
        return "holds" if direct else "holds_qualified"
    if verdict is Verdict.OUTDATED:
        return "outdated"
    if verdict is Verdict.OVERSTATED:
        return "overstated"
    if verdict is Verdict.UNDERSTATED:
        return "understated"
    return "untestable"


def headline_counts(categories: Sequence[str]) -> dict[str, int]:
    """How many claims fall in each category (every category present, in a fixed order)."""
    counts = dict.fromkeys(HEADLINE_CATEGORIES, 0)
    for c in categories:
        counts[c] += 1
    return counts
