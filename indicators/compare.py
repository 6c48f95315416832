"""Claim × reading → observed values, differences and a verdict.

The rules are pure functions (`make_band`, `band_verdict`, `differences`, `judge`,
`overall_verdict`, `evaluate_claim`); only `evaluate_article` and `reading_series` read the store.

Verdict rules (also in docs/claims-format.md):

* **Band.** A claim ``c`` with precision ``p`` (the half-width its wording implies) is
  *consistent* with an observed value ``v`` when ``|v − c| ≤ p``, *approximately* right when
  ``|v − c| ≤ p + r·|c|`` (``r`` = ``approx_relative``, default 0.10), otherwise *overstated*
  (``v < c``) or *understated* (``v > c``).
* **Which observation.** The reference observation is the latest at or before the claim's year;
  if there is none, the earliest after it. If it is older than ``year − max_age_years`` it
  cannot test the claim: *no data* (the value is still shown).
* **Outdated.** The claim is *outdated* when it fits the reference observation but not a later
  one (the latest available), or when it misses the reference observation but fits an earlier
  year's within the last ``max_age_years`` before the claim's year (true once, no longer).
* **Context.** Qualitative claims and readings marked ``role = "context"`` show the data and
  get *context*, never a score.
* **Overall (the most likely reading).** The claims file marks one reading per claim as the
  most likely meaning of the article's words in context (``likely = true``). When that reading
  is scored (not *no data*, not *context*), its verdict is the claim's verdict, whatever the
  other readings say. Otherwise (or when no reading is marked) the best-supported scored
  reading decides: readings of the producers' statistics outrank quoted figures, and the most
  favourable verdict among the highest evidence class present wins (consistent > approximately
  > outdated > overstated/understated; between an over- and an understatement the smaller
  relative miss); the explanation says the most likely reading cannot be tested and which
  reading decided instead. The explanation lists every reading's verdict and says when the
  scored readings disagree. With no scored reading: *context* if any reading shows data, else
  *no data*.
* **Alternatives.** A measure's inputs may list alternatives in priority order (a live source,
  then the bundled reference figures): `measure_series` uses the first with data (for a ratio,
  the first numerator/denominator *pair* with data, never one source ÷ another).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

from indicators.claims import (
    Article,
    Claim,
    ClaimsFile,
    Measure,
    Reading,
    SeriesRef,
    catalogue_from_store,
    check_catalogue,
    load_claims,
)
from indicators.economies import display_name
from indicators.models import Observation

_EPS = 1e-9
NO_OBSERVATION = ("No observation of this measure in the store (the bundled snapshot lacks it; "
                  "`claimcheck refresh` fetches the sources' latest data where a source exists).")


class Verdict(Enum):
    """The verdict scale. ``value`` is the label shown everywhere."""

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
    def colour(self) -> str:
        return _COLOURS[self]

    @property
    def rank(self) -> int:
        """Lower is more favourable to the claim (used by the overall rule and the tests)."""
        return _RANKS[self]

    @property
    def scored(self) -> bool:
        return self not in (Verdict.CONTEXT, Verdict.NO_DATA)


_MEANINGS = {
    Verdict.CONSISTENT: "Within the rounding the claim's wording implies.",
    Verdict.APPROXIMATELY: "Outside the wording's rounding but within the wider band "
                           "(the rounding plus 10% of the claimed value, unless set otherwise).",
    Verdict.OUTDATED: "True for an earlier year, no longer for the latest data.",
    Verdict.OVERSTATED: "The data is lower than the claim, beyond the wider band.",
    Verdict.UNDERSTATED: "The data is higher than the claim, beyond the wider band.",
    Verdict.CONTEXT: "Shown for context, not scored: the claim is qualitative or the reading "
                     "does not measure what the claim says.",
    Verdict.NO_DATA: "No public data can test this reading (the reason is given).",
}
_COLOURS = {
    Verdict.CONSISTENT: "#1a9850",
    Verdict.APPROXIMATELY: "#91cf60",
    Verdict.OUTDATED: "#fdae61",
    Verdict.OVERSTATED: "#d73027",
    Verdict.UNDERSTATED: "#7b3294",
    Verdict.CONTEXT: "#4575b4",
    Verdict.NO_DATA: "#999999",
}
HOLDS = frozenset({Verdict.CONSISTENT, Verdict.APPROXIMATELY})
_RANKS = {
    Verdict.CONSISTENT: 0,
    Verdict.APPROXIMATELY: 1,
    Verdict.OUTDATED: 2,
    Verdict.OVERSTATED: 3,
    Verdict.UNDERSTATED: 3,
    Verdict.CONTEXT: 4,
    Verdict.NO_DATA: 5,
}


# -- records --------------------------------------------------------------------------------
@dataclass(frozen=True)
class ObservedPoint:
    """One observed (or computed) value with the provenance of every number behind it."""

    value: float
    year: int
    unit: str
    source: str
    dataset: str
    series: str
    series_name: str
    economy: str
    counterpart: str = ""
    period: str = ""
    publisher_updated: str = ""
    retrieved_at: str = ""
    origin: str = ""
    note: str = ""
    inputs: tuple[ObservedPoint, ...] = ()  # for computed values (ratios): the two inputs

    @property
    def computed(self) -> bool:
        return bool(self.inputs)

    def leaves(self) -> tuple[ObservedPoint, ...]:
        """The stored observations behind this value (itself, or a ratio's inputs)."""
        if not self.inputs:
            return (self,)
        return tuple(leaf for p in self.inputs for leaf in p.leaves())

    def describe(self) -> str:
        period = f" ({self.period})" if self.period and self.period != str(self.year) else ""
        return f"{fmt_number(self.value)} {self.unit} in {self.year}{period}".replace("  ", " ")

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "value": self.value, "year": self.year, "unit": self.unit, "source": self.source,
            "dataset": self.dataset, "series": self.series, "series_name": self.series_name,
            "economy": self.economy, "counterpart": self.counterpart, "period": self.period,
            "publisher_updated": self.publisher_updated, "retrieved_at": self.retrieved_at,
            "origin": self.origin, "note": self.note,
            "inputs": [p.to_json_dict() for p in self.inputs],
        }


@dataclass(frozen=True)
class Band:
    """The intervals used for a verdict, in the claim's unit."""

    claimed: float
    precision: float
    approx_relative: float
    consistent_low: float
    consistent_high: float
    approx_low: float
    approx_high: float

    @property
    def description(self) -> str:
        return (f"consistent {fmt_number(self.consistent_low)}–"
                f"{fmt_number(self.consistent_high)}; approximately "
                f"{fmt_number(self.approx_low)}–{fmt_number(self.approx_high)}")

    def to_json_dict(self) -> dict[str, Any]:
        return {"claimed": self.claimed, "precision": self.precision,
                "approx_relative": self.approx_relative,
                "consistent_low": self.consistent_low, "consistent_high": self.consistent_high,
                "approx_low": self.approx_low, "approx_high": self.approx_high,
                "description": self.description}


@dataclass(frozen=True)
class PeerResult:
    """The same reading for a comparison economy (context, never scored)."""

    economy: str
    economy_name: str
    at_claim_year: ObservedPoint | None
    latest: ObservedPoint | None

    def to_json_dict(self) -> dict[str, Any]:
        return {"economy": self.economy, "economy_name": self.economy_name,
                "at_claim_year": _pj(self.at_claim_year), "latest": _pj(self.latest)}


@dataclass(frozen=True)
class ReadingResult:
    claim_id: str
    reading_id: str
    meaning: str
    caveat: str
    measure: str  # human-readable description of the measure
    measure_kind: str  # series | ratio | figures | none
    role: str  # test | context
    evidence: str  # statistics | quoted
    economy: str
    claimed_value: float | None
    claimed_unit: str
    claim_year: int
    at_claim_year: ObservedPoint | None  # latest at or before the claim year (see the rules)
    latest: ObservedPoint | None  # latest available
    diff_points: float | None  # observed − claimed, at the reference observation
    diff_percent: float | None  # (observed − claimed) / |claimed| × 100
    latest_diff_points: float | None
    latest_diff_percent: float | None
    verdict: Verdict
    band: Band | None
    explanation: str
    no_data_reason: str = ""
    peers: tuple[PeerResult, ...] = ()
    likely: bool = False  # the claims file marks this reading as the most likely meaning

    @property
    def sources(self) -> tuple[ObservedPoint, ...]:
        """Every stored observation this result shows (reference, latest, their inputs)."""
        seen: dict[tuple, ObservedPoint] = {}
        for p in (self.at_claim_year, self.latest):
            if p is not None:
                for leaf in p.leaves():
                    seen.setdefault(_leaf_key(leaf), leaf)
        return tuple(seen.values())

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id, "reading_id": self.reading_id, "meaning": self.meaning,
            "caveat": self.caveat, "measure": self.measure, "measure_kind": self.measure_kind,
            "role": self.role, "evidence": self.evidence, "likely": self.likely,
            "economy": self.economy,
            "claimed_value": self.claimed_value, "claimed_unit": self.claimed_unit,
            "claim_year": self.claim_year,
            "at_claim_year": _pj(self.at_claim_year), "latest": _pj(self.latest),
            "diff_points": self.diff_points, "diff_percent": self.diff_percent,
            "latest_diff_points": self.latest_diff_points,
            "latest_diff_percent": self.latest_diff_percent,
            "verdict": self.verdict.value, "verdict_meaning": self.verdict.meaning,
            "verdict_colour": self.verdict.colour,
            "band": self.band.to_json_dict() if self.band else None,
            "explanation": self.explanation, "no_data_reason": self.no_data_reason,
            "peers": [p.to_json_dict() for p in self.peers],
        }


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    readings: tuple[ReadingResult, ...]
    verdict: Verdict
    explanation: str
    deciding_reading: str | None = None

    @property
    def likely_reading(self) -> str | None:
        """The id of the reading marked as the most likely meaning (None: none marked)."""
        return next((r.reading_id for r in self.readings if r.likely), None)

    @property
    def decided_by_likely(self) -> bool:
        """True when the overall verdict rests on the most likely reading."""
        return self.deciding_reading is not None and self.deciding_reading == self.likely_reading

    @property
    def holds(self) -> bool:
        """The claimed figure holds: consistent or approximately."""
        return self.verdict in HOLDS

    def to_json_dict(self) -> dict[str, Any]:
        return {"claim": self.claim.to_json_dict(), "verdict": self.verdict.value,
                "verdict_meaning": self.verdict.meaning, "verdict_colour": self.verdict.colour,
                "explanation": self.explanation, "deciding_reading": self.deciding_reading,
                "likely_reading": self.likely_reading,
                "decided_by_likely": self.decided_by_likely,
                "readings": [r.to_json_dict() for r in self.readings]}


@dataclass(frozen=True)
class ArticleResult:
    article: Article
    claims: tuple[ClaimResult, ...]
    claims_path: str
    generated_at: str
    store_path: str = ""
    licences: tuple[tuple[str, str], ...] = field(default_factory=tuple)  # (source, licence)

    def rows(self) -> list[ReadingResult]:
        return [r for c in self.claims for r in c.readings]

    def sources(self) -> list[ObservedPoint]:
        """Every stored observation used, once, in a stable order."""
        seen: dict[tuple, ObservedPoint] = {}
        for r in self.rows():
            for leaf in r.sources:
                seen.setdefault(_leaf_key(leaf), leaf)
        return sorted(seen.values(), key=_leaf_key)

    def headline(self) -> str:
        """E.g. "3 of 5 figures hold under their most likely reading; …" (from the verdicts).

        Hold = consistent or approximately, on the reading that decides each claim. A figure
        whose most likely reading cannot be tested (or is not marked) is counted apart, with
        how many of those hold on their best-supported reading; qualitative claims are only
        counted, never scored.
        """
        figures = [c for c in self.claims if not c.claim.qualitative]
        by_likely = [c for c in figures if c.decided_by_likely]
        others = [c for c in figures if not c.decided_by_likely]
        text = (f"{sum(c.holds for c in by_likely)} of {len(figures)} figures hold under their "
                "most likely reading")
        if others:
            scored = [c for c in others if c.verdict.scored]
            text += (f"; {len(others)} cannot be tested on it yet (the most likely reading "
                     "has no data" + ("" if all(c.likely_reading for c in others) else
                                      " or none is marked") + ")")
            if scored:
                held = sum(c.holds for c in scored)
                text += (f"; of these, {held} hold{'s' if held == 1 else ''} on the "
                         "best-supported reading")
        qualitative = len(self.claims) - len(figures)
        if qualitative:
            text += (f"; {qualitative} qualitative claim{'s' if qualitative > 1 else ''} "
                     "shown for context")
        return text + "."

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_json_dict(),
            "claims_path": self.claims_path,
            "generated_at": self.generated_at,
            "headline": self.headline(),
            "verdict_scale": [{"verdict": v.value, "meaning": v.meaning, "colour": v.colour}
                              for v in Verdict],
            "claims": [c.to_json_dict() for c in self.claims],
            "sources": [s.to_json_dict() for s in self.sources()],
            "licences": [{"source": s, "licence": lic} for s, lic in self.licences],
        }


def _pj(p: ObservedPoint | None) -> dict[str, Any] | None:
    return p.to_json_dict() if p is not None else None


def _leaf_key(p: ObservedPoint) -> tuple:
    return (p.source, p.series, p.economy, p.counterpart, p.year, p.period,
            p.publisher_updated, p.origin)


def fmt_number(value: float | None, digits: int = 3) -> str:
    """A readable number: 3 significant decimals at most, thousands separated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:.{digits}g}" if abs(value) < 1 else f"{value:.{max(digits - 2, 1)}f}"
    if "e" in text:
        text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


# -- pure rules -----------------------------------------------------------------------------
def make_band(claimed: float, precision: float, approx_relative: float = 0.10) -> Band:
    wide = precision + approx_relative * abs(claimed)
    return Band(claimed, precision, approx_relative, claimed - precision, claimed + precision,
                claimed - wide, claimed + wide)


def band_verdict(observed: float, band: Band) -> Verdict:
    """consistent / approximately / overstated / understated for one observed value."""
    distance = abs(observed - band.claimed)
    tolerance = _EPS * max(1.0, abs(band.claimed))
    if distance <= band.precision + tolerance:
        return Verdict.CONSISTENT
    if distance <= (band.approx_high - band.claimed) + tolerance:
        return Verdict.APPROXIMATELY
    return Verdict.OVERSTATED if observed < band.claimed else Verdict.UNDERSTATED


def differences(claimed: float, observed: float) -> tuple[float, float | None]:
    """(observed − claimed) in points and in percent of the claimed value."""
    points = observed - claimed
    percent = points / abs(claimed) * 100 if claimed else None
    return points, percent


@dataclass(frozen=True)
class Judgement:
    verdict: Verdict
    reference: ObservedPoint | None
    latest: ObservedPoint | None
    explanation: str


def pick_points(
    points: Sequence[ObservedPoint], year: int
) -> tuple[ObservedPoint | None, ObservedPoint | None]:
    """(latest at or before ``year`` — else the earliest after it, latest available)."""
    if not points:
        return None, None
    ordered = sorted(points, key=lambda p: p.year)
    before = [p for p in ordered if p.year <= year]
    reference = before[-1] if before else ordered[0]
    return reference, ordered[-1]


def judge(
    points: Sequence[ObservedPoint],
    *,
    claimed: float | None,
    band: Band | None,
    year: int,
    max_age_years: int,
    scored: bool = True,
) -> Judgement:
    """The verdict of one reading from its time series (rules in the module docstring)."""
    reference, latest = pick_points(points, year)
    if reference is None or latest is None:
        return Judgement(Verdict.NO_DATA, None, None, NO_OBSERVATION)
    when = (f"{reference.describe()} (latest at or before {year})" if reference.year <= year
            else f"{reference.describe()} (no observation at or before {year}; earliest after)")
    latest_text = ("" if latest is reference
                   else f" Latest available: {latest.describe()}.")
    if not scored or claimed is None or band is None:
        return Judgement(Verdict.CONTEXT, reference, latest,
                         f"The data shows {when}.{latest_text}")
    if reference.year < year - max_age_years:
        return Judgement(
            Verdict.NO_DATA, reference, latest,
            f"The latest observation is {reference.describe()}, more than {max_age_years} "
            f"years before {year}: too old to test the claim (shown for context).")
    v_ref = band_verdict(reference.value, band)
    ok = (Verdict.CONSISTENT, Verdict.APPROXIMATELY)
    text = f"Observed {when}: {v_ref.value} ({band.description})."
    if v_ref in ok:
        if latest.year > reference.year and band_verdict(latest.value, band) not in ok:
            v_latest = band_verdict(latest.value, band)
            return Judgement(
                Verdict.OUTDATED, reference, latest,
                f"{text} But the latest data, {latest.describe()}, is {v_latest.value}: the "
                f"claim fits {reference.year}, not the latest year.")
        return Judgement(v_ref, reference, latest, text + latest_text)
    window = year - max_age_years
    earlier = [p for p in sorted(points, key=lambda p: p.year)
               if window <= p.year < reference.year and band_verdict(p.value, band) in ok]
    if earlier:
        last_true = earlier[-1]
        return Judgement(
            Verdict.OUTDATED, reference, latest,
            f"{text} The claim fitted {last_true.describe()}, no longer the data of "
            f"{reference.year}.{latest_text}")
    if latest.year > reference.year and band_verdict(latest.value, band) in ok:
        latest_text = (f" The latest data, {latest.describe()}, fits the claim (after the "
                       f"year the claim refers to).")
    return Judgement(v_ref, reference, latest, text + latest_text)


def no_observation_reason(measure: Measure, stored_sources: Iterable[str] | None = None) -> str:
    """Why a measure has no observation, naming the refresh command for its sources.

    ``stored_sources``: the sources with rows in the store (None: unknown), to say whether a
    source has not been fetched yet or holds nothing for this measure. The first sentence says
    what is missing and how to fetch it; the measure's own ``reason`` (a note on what even a
    refresh cannot give) follows.
    """
    from indicators.sources.registry import SOURCES

    sources = measure.sources()
    live = [s for s in sources if s in SOURCES]
    bundled = [s for s in sources if s not in SOURCES]
    stored = set(stored_sources) if stored_sources is not None else None
    parts: list[str] = []
    if live:
        flags = " ".join(f"--source {s}" for s in live)
        command = f"`claimcheck refresh {flags}` fetches"
        missing = [s for s in live if stored is not None and s not in stored]
        present = [s for s in live if stored is not None and s in stored]
        if missing and not present:
            parts.append(f"The store has no {' or '.join(missing)} rows yet; {command} them "
                         "(needs internet).")
        elif present:
            extra = (f" and no {' or '.join(missing)} rows yet" if missing else "")
            parts.append(f"The store's {' and '.join(present)} rows hold no observation of "
                         f"this measure{extra} (the publisher may not report it); {command} "
                         "the latest data (needs internet).")
        else:
            parts.append(f"No observation of this measure in the store; {command} the "
                         "sources' latest data (needs internet).")
        if bundled:
            parts.append("The bundled reference figures have none for it either.")
    else:
        parts.append("No observation of this measure in the store: the bundled snapshot lacks "
                     "it (`claimcheck refresh --offline` restores the snapshot).")
    if measure.kind != "none" and measure.reason:
        parts.append(measure.reason)
    return " ".join(parts)


def _first_sentence(text: str) -> str:
    head, sep, _ = text.partition(". ")
    return (head if sep else text).rstrip(".")


def _ref_key(ref: SeriesRef) -> tuple[str, str, str, str]:
    return (ref.source, ref.series, ref.economy, ref.counterpart)


def alternative_used(measure: Measure, point: ObservedPoint | None) -> int | None:
    """Which alternative (0-based) a measure's observed point comes from, if it has several."""
    if point is None or not measure.has_alternatives or measure.kind == "figures":
        return None
    leaves = {(p.source, p.series, p.economy, p.counterpart) for p in point.leaves()}
    if measure.kind == "ratio":
        options = [(n, d) for n, d in measure.ratio_pairs()]
    else:
        options = [(r,) for r in measure.alternatives[0]]
    for k, refs in enumerate(options):
        if all(_ref_key(r) in leaves for r in refs):
            return k
    return None


def evaluate_reading(
    claim: Claim,
    reading: Reading,
    points: Sequence[ObservedPoint],
    peers: Iterable[PeerResult] = (),
    *,
    stored_sources: Iterable[str] | None = None,
) -> ReadingResult:
    """One claim × reading (pure)."""
    band = (make_band(claim.value, claim.precision, claim.approx_relative)
            if claim.value is not None else None)
    scored = reading.role == "test" and claim.value is not None
    reason = ""
    if reading.measure.kind == "none":
        judgement = Judgement(Verdict.NO_DATA, None, None, reading.measure.reason)
        reason = reading.measure.reason
    else:
        judgement = judge(points, claimed=claim.value, band=band, year=claim.year,
                          max_age_years=claim.max_age_years, scored=scored)
        if judgement.reference is None:
            judgement = Judgement(judgement.verdict, None, None,
                                  no_observation_reason(reading.measure, stored_sources))
        if judgement.verdict is Verdict.NO_DATA:
            reason = judgement.explanation
    if reading.role == "context" and claim.value is not None and judgement.reference:
        judgement = Judgement(judgement.verdict, judgement.reference, judgement.latest,
                              "Context, not scored. " + judgement.explanation)
    used = alternative_used(reading.measure, judgement.reference)
    if used is not None:
        n = len(reading.measure.alternatives[0])
        source = judgement.reference.source
        judgement = Judgement(
            judgement.verdict, judgement.reference, judgement.latest,
            judgement.explanation + f" Measured with {source}: alternative {used + 1} of {n}, "
            "the first with data in the store.")
    diff = latest_diff = (None, None)
    if claim.value is not None and judgement.reference is not None:
        diff = differences(claim.value, judgement.reference.value)
    if claim.value is not None and judgement.latest is not None:
        latest_diff = differences(claim.value, judgement.latest.value)
    unit = reading.measure.unit or (judgement.reference.unit if judgement.reference else "")
    return ReadingResult(
        claim_id=claim.id,
        reading_id=reading.id,
        meaning=reading.meaning,
        caveat=reading.caveat,
        measure=reading.measure.describe(),
        measure_kind=reading.measure.kind,
        role=reading.role,
        evidence=reading.evidence,
        economy=claim.subject,
        claimed_value=claim.value,
        claimed_unit=claim.unit if claim.value is not None else unit,
        claim_year=claim.year,
        at_claim_year=judgement.reference,
        latest=judgement.latest,
        diff_points=diff[0],
        diff_percent=diff[1],
        latest_diff_points=latest_diff[0],
        latest_diff_percent=latest_diff[1],
        verdict=judgement.verdict,
        band=band,
        explanation=judgement.explanation,
        no_data_reason=reason,
        peers=tuple(peers),
        likely=reading.likely,
    )


def best_supported(scored: Sequence[ReadingResult]) -> tuple[ReadingResult, bool]:
    """The most favourable scored reading of the highest evidence class present.

    Returns (reading, whether it is from the producers' statistics)."""
    statistics = [r for r in scored if r.evidence == "statistics"]
    pool = statistics or scored
    best = min(pool, key=lambda r: (r.verdict.rank, abs(r.diff_percent or 0.0), r.reading_id))
    return best, bool(statistics)


def _disagreement(scored: Sequence[ReadingResult]) -> str:
    groups: dict[str, list[str]] = {}
    for r in scored:
        groups.setdefault(r.verdict.value, []).append(r.reading_id)
    if len(groups) < 2:
        return ""
    parts = "; ".join(f"{v}: {', '.join(ids)}" for v, ids in groups.items())
    return f" The scored readings disagree ({parts}); none is hidden."


def overall_verdict(readings: Sequence[ReadingResult]) -> tuple[Verdict, str, str | None]:
    """A claim's verdict from its readings: (verdict, explanation, deciding reading id).

    The reading marked as the most likely meaning decides when it is scored; otherwise the
    best-supported scored reading decides, and the explanation says so (rules in the module
    docstring and docs/claims-format.md).
    """
    scored = [r for r in readings if r.verdict.scored]
    listing = "; ".join(f"{r.reading_id}{' (most likely)' if r.likely else ''}: "
                        f"{r.verdict.value}" for r in readings)
    others = f" All readings: {listing}."
    likely = next((r for r in readings if r.likely), None)
    if likely is not None and likely.verdict.scored:
        explanation = (f"{likely.verdict.value.capitalize()} on its most likely reading "
                       f"'{likely.reading_id}' (the likely meaning of the words in context)."
                       + others + _disagreement(scored))
        return likely.verdict, explanation, likely.reading_id
    if likely is None:
        untested = "No reading is marked as the most likely meaning"
    elif likely.verdict is Verdict.CONTEXT:
        untested = (f"The most likely reading '{likely.reading_id}' is shown for context, not "
                    "scored")
    else:
        why = _first_sentence(likely.no_data_reason or likely.explanation)
        untested = (f"The most likely reading '{likely.reading_id}' cannot be tested "
                    f"({likely.verdict.value}: {why[:1].lower() + why[1:]})")
    if not scored:
        shown = likely if likely is not None and likely.at_claim_year is not None else None
        if any(r.at_claim_year is not None for r in readings):
            lead = ("No reading scores the claim; the data is shown for context"
                    + (f", led by its most likely reading '{shown.reading_id}'" if shown else "")
                    + ".")
            if likely is not None and shown is None:
                lead += f" {untested}."
            return (Verdict.CONTEXT, lead + others, shown.reading_id if shown else None)
        return Verdict.NO_DATA, f"No reading has data.{others}", None
    best, statistics = best_supported(scored)
    basis = ("the producers' statistics" if statistics
             else "quoted figures only; no statistical reading has data")
    explanation = (f"{untested}; the best-supported scored reading '{best.reading_id}' "
                   f"({basis}) decided instead: {best.verdict.value}." + others
                   + _disagreement(scored))
    return best.verdict, explanation, best.reading_id


def evaluate_claim(
    claim: Claim,
    series: dict[str, Sequence[ObservedPoint]],
    peers: dict[str, Sequence[PeerResult]] | None = None,
    *,
    stored_sources: Iterable[str] | None = None,
) -> ClaimResult:
    """A claim from the time series of each reading (pure)."""
    peers = peers or {}
    stored = frozenset(stored_sources) if stored_sources is not None else None
    results = tuple(
        evaluate_reading(claim, r, series.get(r.id, ()), peers.get(r.id, ()),
                         stored_sources=stored)
        for r in claim.readings
    )
    verdict, explanation, deciding = overall_verdict(results)
    return ClaimResult(claim, results, verdict, explanation, deciding)


# -- reading the store ----------------------------------------------------------------------
def _point(o: Observation, names: dict[tuple[str, str], str]) -> ObservedPoint:
    return ObservedPoint(
        value=o.value, year=o.year, unit=o.unit, source=o.source, dataset=o.dataset,
        series=o.series, series_name=names.get((o.source, o.series), o.series),
        economy=o.economy, counterpart=o.counterpart, period=o.period,
        publisher_updated=o.publisher_updated, retrieved_at=o.retrieved_at, origin=o.origin,
        note=o.note,
    )


def _ref_points(store, ref: SeriesRef, names) -> dict[int, ObservedPoint]:
    """One point per year (the calendar-year row if there is one, else the last period)."""
    rows = store.observations(series=ref.series, economy=ref.economy,
                              counterpart=ref.counterpart, source=ref.source)
    by_year: dict[int, ObservedPoint] = {}
    for o in sorted(rows, key=lambda o: (o.year, o.period == "", o.period)):
        by_year[o.year] = _point(o, names)
    return by_year


def measure_series(store, measure: Measure, names: dict | None = None) -> list[ObservedPoint]:
    """The time series of a measure, from the first alternative with data.

    * series: the first alternative with any observation;
    * ratio: the first (numerator, denominator) pair with a value in a common year (never one
      source divided by another), computed per year where both exist;
    * figures: each listed input from its first alternative with data, merged per year.
    """
    names = names if names is not None else {k: m.name for k, m in store.series_meta().items()}
    if measure.kind == "none":
        return []
    cache: dict[SeriesRef, dict[int, ObservedPoint]] = {}

    def points(ref: SeriesRef) -> dict[int, ObservedPoint]:
        if ref not in cache:
            cache[ref] = _ref_points(store, ref, names)
        return cache[ref]

    if measure.kind == "series":
        for ref in measure.alternatives[0]:
            if points(ref):
                return [p for _, p in sorted(points(ref).items())]
        return []
    if measure.kind == "figures":
        merged: dict[int, ObservedPoint] = {}
        for alternatives in measure.alternatives:
            chosen = next((points(r) for r in alternatives if points(r)), {})
            for year, p in chosen.items():
                merged.setdefault(year, p)
        return [p for _, p in sorted(merged.items())]
    for num_ref, den_ref in measure.ratio_pairs():
        num, den = points(num_ref), points(den_ref)
        out = [_ratio_point(num[year], den[year], measure)
               for year in sorted(set(num) & set(den)) if den[year].value != 0]
        if out:
            return out
    return []


def _ratio_point(n: ObservedPoint, d: ObservedPoint, measure: Measure) -> ObservedPoint:
    scale = "" if measure.scale == 1 else f" × {measure.scale:g}"
    same = n.source == d.source
    periods = "; ".join(f"{p.series} {p.economy}: {p.period}" for p in (n, d) if p.period)
    return ObservedPoint(
        value=n.value / d.value * measure.scale,
        year=n.year,
        unit=measure.unit or f"{n.unit} per {d.unit}",
        source=n.source if same else f"{n.source} ÷ {d.source}",
        dataset=n.dataset if n.dataset == d.dataset else f"{n.dataset} ÷ {d.dataset}",
        series=f"{n.series} ÷ {d.series}",
        series_name=f"{n.series_name} ({n.economy}) ÷ {d.series_name} ({d.economy}){scale}",
        economy=n.economy,
        counterpart=n.counterpart,
        period=periods,
        publisher_updated=" | ".join(dict.fromkeys(
            x for x in (n.publisher_updated, d.publisher_updated) if x)),
        retrieved_at=max(n.retrieved_at, d.retrieved_at),
        origin=" | ".join(dict.fromkeys(x for x in (n.origin, d.origin) if x)),
        note="computed by Claimcheck from the two inputs",
        inputs=(n, d),
    )


def reading_series(store, reading: Reading, economy: str | None = None,
                   subject: str = "BLR") -> list[ObservedPoint]:
    """A reading's time series for charting, for its own economy or a peer's."""
    measure = reading.measure
    if economy is not None and economy != subject:
        measure = measure.for_economy(subject, economy)
    return measure_series(store, measure)


def _peer_results(store, claim: Claim, reading: Reading, names) -> list[PeerResult]:
    if not reading.peers or reading.measure.kind == "none":
        return []
    out = []
    for economy in claim.peers:
        if any(r.counterpart == economy for r in reading.measure.all_refs()):
            continue  # "Belarus's share with Russia" has no meaning for Russia itself
        points = measure_series(store, reading.measure.for_economy(claim.subject, economy),
                                names)
        reference, latest = pick_points(points, claim.year)
        if reference is not None:
            out.append(PeerResult(economy, display_name(economy), reference, latest))
    return out


def _stored_sources(store) -> frozenset[str] | None:
    """The sources with observations in the store (None if the store cannot say)."""
    sources_with_data = getattr(store, "sources_with_data", None)
    if not callable(sources_with_data):
        return None
    return frozenset(sources_with_data())


def evaluate_claims_file(store, claims: ClaimsFile, *, now: str | None = None) -> ArticleResult:
    check_catalogue(claims, catalogue_from_store(store))
    names = {k: m.name for k, m in store.series_meta().items()}
    stored = _stored_sources(store)
    results = []
    for claim in claims.claims:
        series = {r.id: measure_series(store, r.measure, names) for r in claim.readings}
        peers = {r.id: _peer_results(store, claim, r, names) for r in claim.readings}
        results.append(evaluate_claim(claim, series, peers, stored_sources=stored))
    licences = {}
    for f in store.fetches():
        if f.licence:
            licences.setdefault(f.source, f.licence)
    return ArticleResult(
        article=claims.article,
        claims=tuple(results),
        claims_path=str(claims.path),
        generated_at=now or datetime.now(UTC).replace(microsecond=0).isoformat(),
        store_path=str(getattr(store, "path", "")),
        licences=tuple(sorted(licences.items())),
    )


def evaluate_article(
    store, claims_path: Path | str | None = None, *, now: str | None = None
) -> ArticleResult:
    """Load (and validate) a claims file and compare it with the store. No network."""
    return evaluate_claims_file(store, load_claims(claims_path), now=now)
