"""Reading the store for claims as articles write them: a reading's series in the claim's
period, scale and currency (exchange rates from the store), a rank's members, and the peers.

`shaped_series` is what `indicators.judge.compare` judges: the levels of the claim's part of
the year (for a change, its base part too), converted into the claim's terms, or the subject's
rank per year among its members. The arithmetic is in `indicators.judge.shapes` and
`indicators.judge.derive`; this module only reads.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.claims.economies import display_name, group_members, is_economy
from indicators.claims.model import Claim, Measure, Reading, SeriesRef
from indicators.judge.derive import claim_points, converted_point, rank_point
from indicators.judge.measuring import _ref_points, alternative_used, measure_series
from indicators.judge.results import ObservedPoint, PeerResult
from indicators.judge.shapes import in_claim_terms
from indicators.judge.verdicts import pick_points
from indicators.money import (
    EXCHANGE_RATE_SERIES,
    SCALES,
    convert,
    currency_name,
    issuer,
    unit_currency,
    unit_scale,
)
from indicators.numbers import fmt_number
from indicators.periods import Period, parse_claim_period


@dataclass(frozen=True)
class Shaped:
    """A reading's observations in the claim's terms, before the claim's rule judges them."""

    points: list[ObservedPoint]  # levels (a change is computed from them) or ranks
    annual: list[ObservedPoint] = field(default_factory=list)  # a period claim: the years
    base_points: list[ObservedPoint] | None = None  # a change from another part of the year
    dropped: dict[int, str] = field(default_factory=dict)  # year → why no value (no rate …)


def shaped_series(store, claim: Claim, reading: Reading, names,
                  economy: str | None = None) -> Shaped:
    """The reading's series for ``economy`` (default the subject) in the claim's terms."""
    measure = reading.measure
    if economy is not None and economy != claim.subject:
        measure = measure.for_economy(claim.subject, economy)
    period = parse_claim_period(claim.period) if claim.period else None
    if claim.kind == "rank":
        return _rank_series(store, claim, measure, names, period)
    points = measure_series(store, measure, names, period=period)
    annual = measure_series(store, measure, names) if period is not None else []
    base_points = None
    if claim.kind == "change" and claim.base_period and claim.base_period != claim.period:
        base = parse_claim_period(claim.base_period)
        if base is not None and base.in_year(0).key != period.in_year(0).key:
            base_points = measure_series(store, measure, names, period=base)
    dropped: dict[int, str] = {}
    if claim.scale or claim.currency:
        points, dropped = _in_claim_terms(store, points, claim, measure, names)
        if base_points is not None:
            base_points, _ = _in_claim_terms(store, base_points, claim, measure, names)
    return Shaped(points, annual, base_points, dropped)


# -- amounts: scale and currency (rule 10) ------------------------------------------------------
def _in_claim_terms(store, points: list[ObservedPoint], claim: Claim, measure: Measure,
                    names) -> tuple[list[ObservedPoint], dict[int, str]]:
    """Each point rescaled to the claim's scale and converted to its currency with the stored
    annual-average exchange rates; a year that cannot be converted is dropped, with why."""
    target = SCALES.get(claim.scale, 1.0)
    unit = " ".join(x for x in (claim.scale, claim.unit) if x)
    rates: dict[str, dict[int, ObservedPoint]] = {}

    def rate(code: str, year: int) -> ObservedPoint | None:
        economy = issuer(code)
        if economy not in rates:
            ref = SeriesRef(EXCHANGE_RATE_SERIES[0], EXCHANGE_RATE_SERIES[1], economy)
            rates[economy] = _ref_points(store, ref, names)
        return rates[economy].get(year)

    out, dropped = [], {}
    for p in points:
        factor = unit_scale(p.unit)
        have = measure.currency or unit_currency(p.unit, p.economy)
        want = claim.currency
        if want and have is None:
            dropped[p.year] = (f"the unit {p.unit!r} of {p.series} names no currency, so it "
                               f"cannot be compared with {currency_name(want)} (set the "
                               "measure's currency)")
            continue
        if not want or have == want:
            value = in_claim_terms(p.value, factor, target)
            if value == p.value and unit == p.unit:
                out.append(p)
            else:
                out.append(converted_point(p, value, unit, (), f"{p.unit} written in {unit}"))
            continue
        used = [r for r in (rate(have, p.year) if have != "USD" else None,
                            rate(want, p.year) if want != "USD" else None)]
        missing = [code for code, r in zip((have, want), used, strict=True)
                   if code != "USD" and r is None]
        if missing:
            dropped[p.year] = (f"no {p.year} exchange rate for {', '.join(missing)} in the store "
                               f"(WDI {EXCHANGE_RATE_SERIES[1]}); amounts in different "
                               "currencies are never compared without one")
            continue
        r_from, r_to = used
        value = convert(p.value * factor, have, want, r_from.value if r_from else None,
                        r_to.value if r_to else None) / target
        how = ("converted by Claimcheck from " + _currency_label(have) + " at the "
               f"{p.year} annual average exchange rate ("
               + "; ".join(f"{fmt_number(r.value)} {_currency_label(c)} per US$, WDI "
                           f"{r.series} {r.economy}" for c, r in zip((have, want), used,
                                                                     strict=True) if r)
               + ")")
        out.append(converted_point(p, value, unit, [r for r in used if r], how))
    return out, dropped


def _currency_label(code: str) -> str:
    if code.startswith("LCU:"):
        return f"local currency ({code[4:]})"
    return "US$" if code == "USD" else code


# -- ranks (rule 11) --------------------------------------------------------------------------
def _members(store, claim: Claim, measure: Measure, k: int | None) -> list[str]:
    if claim.among == "peers":
        return [e for e in claim.peers if e != claim.subject]
    if claim.among == "list":
        return [e for e in claim.members if e != claim.subject]
    if claim.among == "group":
        return [e for e in group_members(claim.members[0]) or () if e != claim.subject]
    pairs = measure.ratio_pairs() if measure.kind == "ratio" else ()
    ref = pairs[k or 0][0] if pairs else measure.alternatives[0][k or 0]
    rows = store.observations(series=ref.series, source=ref.source,
                              counterpart=ref.counterparts[0] if ref.counterparts else "")
    return sorted({o.economy for o in rows if is_economy(o.economy)} - {claim.subject})


def _rank_series(store, claim: Claim, measure: Measure, names,
                 period: Period | None) -> Shaped:
    """The subject's rank in every year it has a value, among the members with a value that
    year, all read from the alternative the subject's value comes from."""
    own = measure_series(store, measure, names, period=period)
    if not own:
        return Shaped([])
    k = alternative_used(measure, own[-1])
    members = _members(store, claim, measure, k)
    series = {e: {p.year: p for p in measure_series(
        store, measure.for_economy(claim.subject, e), names, period=period, only=k)}
        for e in members}
    named = claim.among != "all"  # "all" means those with data: nobody is missing
    points = []
    for p in own:
        values = {claim.subject: p} | {e: s[p.year] for e, s in series.items() if p.year in s}
        missing = [e for e in members if p.year not in series[e]] if named else []
        points.append(rank_point(claim.subject, values, missing, claim.order))
    complete = [p for p in points if not p.missing]
    if complete and not claim.exact_year:
        # A claim in the present tense is tested on the latest year every member reports;
        # a year with members missing is used (and flagged) only when no year is complete.
        points = complete
    return Shaped(points)


# -- peers ------------------------------------------------------------------------------------
def peer_results(store, claim: Claim, reading: Reading, names) -> list[PeerResult]:
    """The reading for each peer economy, in the claim's terms; never the claim's subject nor
    a counterpart (a rank's peers are its members: listed in the ranking instead)."""
    if not reading.peers or reading.measure.kind == "none" or claim.kind == "rank":
        return []
    out = []
    counterparts = {c for r in reading.measure.all_refs() for c in r.counterparts}
    for economy in dict.fromkeys(claim.peers):
        if economy == claim.subject or economy in counterparts:
            continue  # Belarus is not its own peer; "share with Russia" means nothing for Russia
        points = claim_points(claim, reading, shaped_series(store, claim, reading, names,
                                                            economy))
        reference, latest = pick_points(points, claim.year, claim.exact_year)
        if reference is not None:
            out.append(PeerResult(economy, display_name(economy), reference, latest))
    return out
