"""Orchestration: claim × reading → measured series → verdicts → results.

The rules are in `indicators.judge.verdicts` (pure, matching docs/verdicts.md), the records
and their JSON in `indicators.judge.results`, reading the store in `indicators.judge.measuring`,
the sentences in `indicators.judge.explain`. This module wires them: `evaluate_reading` and
`evaluate_claim` are pure (they get the measured points), `evaluate_claims_file` /
`evaluate_article` read the store.
The names below are re-exported so callers can keep importing them from here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from indicators.claims.catalogue import catalogue_from_store, check_catalogue
from indicators.claims.load import load_claims
from indicators.claims.model import BOUND_DEFINITIONS, Claim, ClaimsFile, Reading
from indicators.judge.claim_rules import (
    claim_band,
    endpoint_verdicts,
    quality_of,
    scorer,
)
from indicators.judge.derive import change_unit, claim_points
from indicators.judge.explain import (  # noqa: F401  (re-exported)
    NO_OBSERVATION,
    band_description,
    claim_explanation,
    describe_point,
    no_observation_reason,
    reading_explanation,
)
from indicators.judge.explain_shapes import (
    bound_sentence,
    change_sentence,
    neighbours_sentence,
    no_data_for_period,
    ranking_sentence,
    stated_sentence,
    sum_sentence,
)
from indicators.judge.measure_shapes import Shaped, peer_results, shaped_series
from indicators.judge.measuring import (  # noqa: F401  (re-exported)
    alternative_used,
    measure_series,
    reading_series,
    series_names,
    stored_sources,
)
from indicators.judge.results import (  # noqa: F401  (re-exported)
    ArticleResult,
    ClaimResult,
    ObservedPoint,
    PeerResult,
    ReadingResult,
    StripCell,
)
from indicators.judge.verdicts import (  # noqa: F401  (re-exported)
    HOLDS,
    Band,
    Judgement,
    Verdict,
    agreement,
    band_verdict,
    decide,
    differences,
    evidence_quality,
    fallback_key,
    judge,
    make_band,
    pick_points,
)
from indicators.numbers import fmt_number  # noqa: F401  (re-exported)
from indicators.wording import claim_text, observed_text

ROBUSTNESS_YEARS_BEFORE = 10  # the strip runs from the claim year − 10 to the latest year


def robustness_strip(points: Sequence[ObservedPoint], band: Band | None, year: int,
                     scored: bool, score=None) -> tuple[StripCell, ...]:
    """The verdict of every year from ``year − 10`` on (context where the reading is unscored)."""
    first = year - ROBUSTNESS_YEARS_BEFORE

    def verdict(p: ObservedPoint) -> Verdict:
        if not scored or band is None:
            return Verdict.CONTEXT
        return score(p, band) if score is not None else band_verdict(p.value, band)

    return tuple(StripCell(p.year, p.value, verdict(p))
                 for p in sorted(points, key=lambda p: p.year) if p.year >= first)


def evaluate_reading(claim: Claim, reading: Reading, points: Sequence[ObservedPoint] | Shaped,
                     peers: Iterable[PeerResult] = (), *,
                     stored_sources: Iterable[str] | None = None,
                     claims_path: str | None = None) -> ReadingResult:
    """One claim × reading (pure). ``points``: the reading's observations in the claim's terms
    (a `Shaped` from the store, or a plain series of levels / ranks)."""
    shaped = points if isinstance(points, Shaped) else Shaped(list(points))
    points = claim_points(claim, reading, shaped)
    band = claim_band(claim)
    scored = reading.role == "test" and claim.value is not None
    score = scorer(claim, reading)
    if reading.measure.kind == "none":
        j = Judgement(Verdict.NO_DATA, None, None)
    else:
        j = judge(points, band=band if scored else None, year=claim.year,
                  max_age_years=claim.max_age_years, recent_years=claim.dated_after_years,
                  scored=scored, exact=claim.exact_year, score=score)
    quality = quality_of(claim, reading, j.reference)
    annual = None
    if claim.period and claim.kind == "level" and j.reference is None:
        annual = next((p for p in shaped.annual if p.year == claim.year and not p.period), None)
    reason = ""
    if reading.measure.kind == "none":
        explanation = reason = reading.measure.reason
    elif j.reference is None and (j.missing_year or shaped.dropped or annual is not None):
        explanation = reason = no_data_for_period(claim, j.latest, annual, shaped.dropped)
        if claim.year_named and not claim.period:
            explanation += " " + neighbours_sentence(points, claim.year)
    elif j.reference is None:
        explanation = reason = no_observation_reason(reading.measure, stored_sources,
                                                     claims_path)
    else:
        own = (claim.period or str(claim.year)) if claim.exact_year else ""
        if claim.kind == "change":
            own = "span"
        explanation = reading_explanation(j, band if scored else None, year=claim.year,
                                          max_age_years=claim.max_age_years, quality=quality,
                                          score=score, exact=own)
        explanation += _shape_sentences(claim, reading, j, quality, points, band, scored)
        if j.verdict is Verdict.NO_DATA:
            reason = explanation
    if reading.role == "context" and claim.value is not None and j.reference is not None:
        explanation = "Context, not scored. " + explanation
    used = alternative_used(reading.measure, j.reference)
    if used is not None:
        explanation += (f" Measured with {j.reference.source}: alternative {used + 1} of "
                        f"{len(reading.measure.alternatives[0])}, the first with data in the "
                        "store.")
    claimed = band.claimed if band is not None else None
    diff = latest_diff = (None, None)
    if claimed is not None and j.reference is not None:
        diff = differences(claimed, j.reference.value)
    if claimed is not None and j.latest is not None:
        latest_diff = differences(claimed, j.latest.value)
    unit = reading.measure.unit or (j.reference.unit if j.reference else "")
    ends = endpoint_verdicts(claim, j.reference) if scored else None
    return ReadingResult(
        claim_id=claim.id, reading_id=reading.id, label=reading.label or reading.id,
        meaning=reading.meaning, caveat=reading.caveat, measure=reading.measure.describe(),
        measure_kind=reading.measure.kind, role=reading.role, evidence=reading.evidence,
        economy=claim.subject, claimed_value=claimed,
        claimed_unit=_claimed_unit(claim) if claim.value is not None else unit,
        claim_year=claim.year, at_claim_year=j.reference, latest=j.latest,
        diff_points=diff[0], diff_percent=diff[1],
        latest_diff_points=latest_diff[0], latest_diff_percent=latest_diff[1],
        verdict=j.verdict, band=band, explanation=explanation, no_data_reason=reason,
        peers=tuple(peers), likely=reading.likely, bound=claim.bound, quality=quality,
        held_earlier=j.held_earlier,
        robustness=robustness_strip(points, band, claim.year, scored, score),
        kind=claim.kind, claim_text=claim_text(claim),
        observed_text=observed_text(claim, j.reference) if j.reference else "",
        latest_text=observed_text(claim, j.latest) if j.latest else "",
        endpoints=tuple(v.value for v in ends) if ends else None, annual=annual,
    )


def _claimed_unit(claim: Claim) -> str:
    """The unit of what the verdict compares: the level's, a change's, or "rank"."""
    if claim.kind == "change":
        return change_unit(claim.change, claim.unit)
    if claim.kind == "rank":
        return "rank"
    return " ".join(x for x in (claim.scale, claim.unit) if x)


def _shape_sentences(claim: Claim, reading: Reading, j: Judgement, quality, points,
                     band: Band | None, scored: bool) -> str:
    """What a shape adds to a reading's explanation (empty for a plain level)."""
    ref, out = j.reference, []
    if ref.derivation in ("change", "growth"):
        out.append(change_sentence(claim, ref, endpoint_verdicts(claim, ref)))
    if ref.derivation == "rank":
        out.append(ranking_sentence(ref, claim.order))
    if ref.derivation == "conversion" and len(ref.inputs) > 1:
        out.append(ref.note[:1].upper() + ref.note[1:] + ".")
    out.append(sum_sentence(ref))
    if scored and band is not None and reading.definition in BOUND_DEFINITIONS:
        out.append(bound_sentence(reading.definition, reading.definition_reason,
                                  j.verdict.scored))
    if quality.stated:
        out.append(stated_sentence(quality.stated))
    if claim.year_named and not claim.period and claim.kind == "level":
        out.append(neighbours_sentence(points, claim.year))
    return "".join(f" {s}" for s in out if s)


def best_supported(scored: Sequence[ReadingResult]) -> tuple[ReadingResult, bool]:
    """The reading the fallback rule picks, and whether it is from the producers' statistics."""
    best = min(scored, key=fallback_key)
    return best, best.evidence == "statistics"


def overall_verdict(readings: Sequence[ReadingResult]) -> tuple[Verdict, str, str | None]:
    """A claim's (verdict, explanation, deciding reading id) from its readings (pure)."""
    decision = decide(readings)
    return (decision.verdict, claim_explanation(decision, readings, agreement(readings)),
            decision.deciding)


def evaluate_claim(claim: Claim, series: dict[str, Sequence[ObservedPoint] | Shaped],
                   peers: dict[str, Sequence[PeerResult]] | None = None, *,
                   stored_sources: Iterable[str] | None = None,
                   claims_path: str | None = None) -> ClaimResult:
    """A claim from the time series of each reading (pure). ``claims_path``: the file, for
    the refresh command a reading with no data names."""
    peers = peers or {}
    stored = frozenset(stored_sources) if stored_sources is not None else None
    results = tuple(evaluate_reading(claim, r, series.get(r.id, ()), peers.get(r.id, ()),
                                     stored_sources=stored, claims_path=claims_path)
                    for r in claim.readings)
    decision = decide(results)
    agreed = agreement(results)
    return ClaimResult(claim, results, decision.verdict,
                       claim_explanation(decision, results, agreed), decision.deciding,
                       basis=decision.basis, agreement=agreed)


def evaluate_claims_file(store, claims: ClaimsFile, *, now: str | None = None) -> ArticleResult:
    check_catalogue(claims, catalogue_from_store(store))
    names = series_names(store)
    stored = stored_sources(store)
    results = []
    for claim in claims.claims:
        series = {r.id: shaped_series(store, claim, r, names) for r in claim.readings}
        peers = {r.id: peer_results(store, claim, r, names) for r in claim.readings}
        results.append(evaluate_claim(claim, series, peers, stored_sources=stored,
                                      claims_path=str(claims.path)))
    licences: dict[str, str] = {}
    for f in store.fetches():
        if f.licence:
            licences.setdefault(f.source, f.licence)
    return ArticleResult(
        article=claims.article, claims=tuple(results), claims_path=str(claims.path),
        generated_at=now or datetime.now(UTC).replace(microsecond=0).isoformat(),
        store_path=str(getattr(store, "path", "")), licences=tuple(sorted(licences.items())),
    )


def evaluate_article(store, claims_path: Path | str | None = None, *,
                     now: str | None = None) -> ArticleResult:
    """Load (and validate) a claims file and compare it with the store. No network."""
    return evaluate_claims_file(store, load_claims(claims_path), now=now)
