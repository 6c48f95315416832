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
from indicators.claims.model import Claim, ClaimsFile, Measure, Reading, SeriesRef
from indicators.judge.explain import (  # noqa: F401  (re-exported)
    NO_OBSERVATION,
    band_description,
    claim_explanation,
    describe_point,
    no_observation_reason,
    reading_explanation,
)
from indicators.judge.measuring import (  # noqa: F401  (re-exported)
    measure_series,
    peer_results,
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

ROBUSTNESS_YEARS_BEFORE = 10  # the strip runs from the claim year − 10 to the latest year


def _ref_key(ref: SeriesRef) -> tuple[str, str, str, str]:
    return (ref.source, ref.series, ref.economy, ref.counterpart)


def alternative_used(measure: Measure, point: ObservedPoint | None) -> int | None:
    """Which alternative (0-based) a measure's observed point comes from, if it has several."""
    if point is None or not measure.has_alternatives or measure.kind == "figures":
        return None
    leaves = {(p.source, p.series, p.economy, p.counterpart) for p in point.leaves()}
    if measure.kind == "ratio":
        options = list(measure.ratio_pairs())
    else:
        options = [(r,) for r in measure.alternatives[0]]
    for k, refs in enumerate(options):
        if all(_ref_key(r) in leaves for r in refs):
            return k
    return None


def robustness_strip(points: Sequence[ObservedPoint], band: Band | None, year: int,
                     scored: bool) -> tuple[StripCell, ...]:
    """The verdict of every year from ``year − 10`` on (context where the reading is unscored)."""
    first = year - ROBUSTNESS_YEARS_BEFORE
    return tuple(
        StripCell(p.year, p.value, band_verdict(p.value, band) if scored and band
                  else Verdict.CONTEXT)
        for p in sorted(points, key=lambda p: p.year) if p.year >= first)


def evaluate_reading(claim: Claim, reading: Reading, points: Sequence[ObservedPoint],
                     peers: Iterable[PeerResult] = (), *,
                     stored_sources: Iterable[str] | None = None,
                     claims_path: str | None = None) -> ReadingResult:
    """One claim × reading (pure)."""
    band = (make_band(claim.value, claim.precision, claim.approx_relative, claim.bound)
            if claim.value is not None else None)
    scored = reading.role == "test" and claim.value is not None
    if reading.measure.kind == "none":
        j = Judgement(Verdict.NO_DATA, None, None)
    else:
        j = judge(points, band=band if scored else None, year=claim.year,
                  max_age_years=claim.max_age_years, recent_years=claim.dated_after_years,
                  scored=scored)
    quality = evidence_quality(j.reference.year if j.reference else None, claim.year,
                               claim.dated_after_years, reading.definition,
                               reading.definition_reason)
    reason = ""
    if reading.measure.kind == "none":
        explanation = reason = reading.measure.reason
    elif j.reference is None:
        explanation = reason = no_observation_reason(reading.measure, stored_sources,
                                                     claims_path)
    else:
        explanation = reading_explanation(j, band if scored else None, year=claim.year,
                                          max_age_years=claim.max_age_years, quality=quality)
        if j.verdict is Verdict.NO_DATA:
            reason = explanation
    if reading.role == "context" and claim.value is not None and j.reference is not None:
        explanation = "Context, not scored. " + explanation
    used = alternative_used(reading.measure, j.reference)
    if used is not None:
        explanation += (f" Measured with {j.reference.source}: alternative {used + 1} of "
                        f"{len(reading.measure.alternatives[0])}, the first with data in the "
                        "store.")
    diff = latest_diff = (None, None)
    if claim.value is not None and j.reference is not None:
        diff = differences(claim.value, j.reference.value)
    if claim.value is not None and j.latest is not None:
        latest_diff = differences(claim.value, j.latest.value)
    unit = reading.measure.unit or (j.reference.unit if j.reference else "")
    return ReadingResult(
        claim_id=claim.id, reading_id=reading.id, label=reading.label or reading.id,
        meaning=reading.meaning, caveat=reading.caveat, measure=reading.measure.describe(),
        measure_kind=reading.measure.kind, role=reading.role, evidence=reading.evidence,
        economy=claim.subject, claimed_value=claim.value,
        claimed_unit=claim.unit if claim.value is not None else unit, claim_year=claim.year,
        at_claim_year=j.reference, latest=j.latest,
        diff_points=diff[0], diff_percent=diff[1],
        latest_diff_points=latest_diff[0], latest_diff_percent=latest_diff[1],
        verdict=j.verdict, band=band, explanation=explanation, no_data_reason=reason,
        peers=tuple(peers), likely=reading.likely, bound=claim.bound, quality=quality,
        held_earlier=j.held_earlier,
        robustness=robustness_strip(points, band, claim.year, scored),
    )


def best_supported(scored: Sequence[ReadingResult]) -> tuple[ReadingResult, bool]:
    """The reading the fallback rule picks, and whether it is from the producers' statistics."""
    best = min(scored, key=fallback_key)
    return best, best.evidence == "statistics"


def overall_verdict(readings: Sequence[ReadingResult]) -> tuple[Verdict, str, str | None]:
    """A claim's (verdict, explanation, deciding reading id) from its readings (pure)."""
    decision = decide(readings)
    return (decision.verdict, claim_explanation(decision, readings, agreement(readings)),
            decision.deciding)


def evaluate_claim(claim: Claim, series: dict[str, Sequence[ObservedPoint]],
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
        series = {r.id: measure_series(store, r.measure, names) for r in claim.readings}
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
