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
* **Overall.** Among scored readings (not *no data*, not *context*), readings of the producers'
  statistics outrank quoted figures; the claim gets the most favourable verdict among the
  readings of the highest evidence class present (consistent > approximately > outdated >
  overstated/understated; between an over- and an understatement the smaller relative miss).
  The explanation names that reading and lists every other reading's verdict. With no scored
  reading: *context* if any reading shows data, else *no data*.
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
            "role": self.role, "evidence": self.evidence, "economy": self.economy,
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

    def to_json_dict(self) -> dict[str, Any]:
        return {"claim": self.claim.to_json_dict(), "verdict": self.verdict.value,
                "verdict_meaning": self.verdict.meaning, "verdict_colour": self.verdict.colour,
                "explanation": self.explanation, "deciding_reading": self.deciding_reading,
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

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_json_dict(),
            "claims_path": self.claims_path,
            "generated_at": self.generated_at,
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


def evaluate_reading(
    claim: Claim,
    reading: Reading,
    points: Sequence[ObservedPoint],
    peers: Iterable[PeerResult] = (),
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
        if judgement.verdict is Verdict.NO_DATA:
            reason = judgement.explanation
    if reading.role == "context" and claim.value is not None and judgement.reference:
        judgement = Judgement(judgement.verdict, judgement.reference, judgement.latest,
                              "Context, not scored. " + judgement.explanation)
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
    )


def overall_verdict(readings: Sequence[ReadingResult]) -> tuple[Verdict, str, str | None]:
    """A claim's verdict from its readings: (verdict, explanation, deciding reading id)."""
    scored = [r for r in readings if r.verdict.scored]
    others = "; ".join(f"{r.reading_id}: {r.verdict.value}" for r in readings)
    if not scored:
        if any(r.at_claim_year is not None for r in readings):
            return (Verdict.CONTEXT,
                    f"No reading scores the claim; the data is shown for context ({others}).",
                    None)
        return Verdict.NO_DATA, f"No reading has data ({others}).", None
    statistics = [r for r in scored if r.evidence == "statistics"]
    pool = statistics or scored
    best = min(pool, key=lambda r: (r.verdict.rank, abs(r.diff_percent or 0.0), r.reading_id))
    basis = ("the producers' statistics" if statistics
             else "quoted figures only (no statistical reading has data)")
    explanation = (f"{best.verdict.value.capitalize()} on its best-supported reading "
                   f"'{best.reading_id}' ({basis}). All readings: {others}.")
    if any(r.verdict.rank > best.verdict.rank for r in scored):
        explanation += " Some readings disagree; none is hidden."
    return best.verdict, explanation, best.reading_id


def evaluate_claim(
    claim: Claim,
    series: dict[str, Sequence[ObservedPoint]],
    peers: dict[str, Sequence[PeerResult]] | None = None,
) -> ClaimResult:
    """A claim from the time series of each reading (pure)."""
    peers = peers or {}
    results = tuple(
        evaluate_reading(claim, r, series.get(r.id, ()), peers.get(r.id, ()))
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
    """The time series of a measure (ratios computed per year where both inputs exist)."""
    names = names if names is not None else {k: m.name for k, m in store.series_meta().items()}
    if measure.kind == "none":
        return []
    if measure.kind == "series":
        return [p for _, p in sorted(_ref_points(store, measure.refs[0], names).items())]
    if measure.kind == "figures":
        merged: dict[int, ObservedPoint] = {}
        for ref in measure.refs:
            for year, p in _ref_points(store, ref, names).items():
                merged.setdefault(year, p)
        return [p for _, p in sorted(merged.items())]
    num_ref, den_ref = measure.refs
    num, den = _ref_points(store, num_ref, names), _ref_points(store, den_ref, names)
    out = []
    for year in sorted(set(num) & set(den)):
        n, d = num[year], den[year]
        if d.value == 0:
            continue
        out.append(_ratio_point(n, d, measure))
    return out


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
        if any(r.counterpart == economy for r in reading.measure.refs):
            continue  # "Belarus's share with Russia" has no meaning for Russia itself
        points = measure_series(store, reading.measure.for_economy(claim.subject, economy),
                                names)
        reference, latest = pick_points(points, claim.year)
        if reference is not None:
            out.append(PeerResult(economy, display_name(economy), reference, latest))
    return out


def evaluate_claims_file(store, claims: ClaimsFile, *, now: str | None = None) -> ArticleResult:
    check_catalogue(claims, catalogue_from_store(store))
    names = {k: m.name for k, m in store.series_meta().items()}
    results = []
    for claim in claims.claims:
        series = {r.id: measure_series(store, r.measure, names) for r in claim.readings}
        peers = {r.id: _peer_results(store, claim, r, names) for r in claim.readings}
        results.append(evaluate_claim(claim, series, peers))
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
