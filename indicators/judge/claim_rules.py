"""Which rule judges a claim of each shape (pure, no I/O): its band, how one observed point
scores against it, and what the deciding observation says about the evidence's quality.

A level claim keeps rules 1–5 unchanged; a change uses rule 9's band (and its endpoints), a
rank rule 11's, a reading that only bounds the figure rule 13's score, and the deciding point's
inputs say whether it is an undated statement (rule 14), a conversion (rule 10), a rank over
incomplete data (rule 11) or a ratio of figures with different reference dates (rule 13).
"""

from __future__ import annotations

from collections.abc import Callable

from indicators.claims.model import BOUND_DEFINITIONS, Claim, Reading
from indicators.judge.derive import endpoints_of
from indicators.judge.shapes import bound_verdict, change_band, endpoints_verdict, rank_band
from indicators.judge.verdicts import (
    Band,
    Quality,
    Verdict,
    band_verdict,
    evidence_quality,
    make_band,
)
from indicators.numbers import when
from indicators.periods import parse_period, same_reference_date, statement_date


def claim_band(claim: Claim) -> Band | None:
    """The band of what the claim states: a level (rule 1), a change (rule 9), a rank (11)."""
    if claim.value is None:
        return None
    if claim.kind == "change":
        return change_band(claim.change, claim.value, claim.precision, claim.approx_relative,
                           claim.bound, claim.base_value)
    if claim.kind == "rank":
        return rank_band(claim.value, claim.precision, claim.approx_relative, claim.bound)
    return make_band(claim.value, claim.precision, claim.approx_relative, claim.bound)


def endpoint_bands(claim: Claim) -> tuple[Band, Band] | None:
    """Both endpoints quoted: the start's and the end's own bands (each judged too)."""
    if claim.kind != "change" or claim.change != "endpoints" or claim.value is None:
        return None
    return (make_band(claim.base_value, claim.precision, claim.approx_relative, claim.bound),
            make_band(claim.value, claim.precision, claim.approx_relative, claim.bound))


def endpoint_verdicts(claim: Claim, point) -> tuple[Verdict, Verdict] | None:
    """(start, end) verdicts of a change point against the quoted endpoints."""
    bands, ends = endpoint_bands(claim), endpoints_of(point) if point is not None else None
    if bands is None or ends is None:
        return None
    return band_verdict(ends[0].value, bands[0]), band_verdict(ends[1].value, bands[1])


def scorer(claim: Claim, reading: Reading) -> Callable[[object, Band], Verdict] | None:
    """How one point scores against the band; None: `band_verdict` of its value (rule 2)."""
    bound = reading.definition if reading.definition in BOUND_DEFINITIONS else ""
    ends = endpoint_bands(claim) is not None
    if not bound and not ends:
        return None

    def score(point, band: Band) -> Verdict:
        if bound:
            return bound_verdict(point.value, band, bound)
        verdict = band_verdict(point.value, band)
        both = endpoint_verdicts(claim, point)
        return endpoints_verdict(verdict, *both) if both else verdict

    return score


# -- evidence flags of the deciding point ------------------------------------------------------
def _tree(point) -> list:
    out, todo = [], [point]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(p.inputs)
    return out


def _date_label(text: str, year: int) -> str:
    parsed = parse_period(text, year)
    return parsed.label if parsed is not None else (text or str(year))


def dates_differ(point) -> str:
    """A ratio whose two figures refer to different dates: "end-2022 ÷ 1 Feb 2022" ("" if not).
    Rule 13: such a ratio is proxy evidence."""
    for p in _tree(point):
        if p.derivation == "ratio" and len(p.inputs) == 2:
            n, d = p.inputs
            if not same_reference_date(n.period, d.period, n.year, d.year):
                return f"{_date_label(n.period, n.year)} ÷ {_date_label(d.period, d.year)}"
    return ""


def stated_on(point) -> str:
    """An undated statement behind the point: the date it was said (ISO), else ""."""
    for p in _tree(point):
        if not p.inputs and (day := statement_date(p.period)) is not None:
            return day.isoformat()
    return ""


def conversion_text(point) -> str:
    """"converted from current US$ at the 2023 annual average exchange rate" ("" if none)."""
    converted = [p for p in _tree(point) if p.derivation == "conversion" and len(p.inputs) > 1]
    if not converted:
        return ""
    units = ", ".join(dict.fromkeys(p.inputs[0].unit for p in converted))
    years = " and ".join(sorted({when(p) for p in converted}))
    rates = "rates" if len(converted) > 1 else "rate"
    return f"converted from {units} at the {years} annual average exchange {rates}"


def quality_of(claim: Claim, reading: Reading, reference) -> Quality:
    """Rule 5 with the shapes' flags: a ratio of figures with different dates counts as a
    proxy; an undated statement, a rank over incomplete data and a conversion are said."""
    definition, reason = reading.definition, reading.definition_reason
    if reference is not None and (differ := dates_differ(reference)):
        why = f"figures with different reference dates ({differ})"
        if definition == "exact":
            definition, reason = "proxy", why
        elif definition == "proxy":
            reason = f"{reason}; {why}" if reason else why
    return evidence_quality(
        reference.year if reference is not None else None, claim.year,
        claim.dated_after_years, definition, reason,
        stated=stated_on(reference) if reference is not None else "",
        incomplete=reference.missing if reference is not None else (),
        converted=conversion_text(reference) if reference is not None else "")
