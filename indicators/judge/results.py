"""Result records of a comparison and their JSON (no store, no rules, no colours).

`ObservedPoint` carries the provenance of every number; `ReadingResult` one claim × reading with
its evidence quality and robustness strip; `ClaimResult` the claim's verdict, how it was decided
and whether its readings agree; `ArticleResult` the article with a headline whose parts add up.
JSON never holds NaN or infinity (`finite`): an open side of a one-sided band is ``null``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from indicators.claims.model import Article, Claim
from indicators.judge.verdicts import (
    HEADLINE_CATEGORIES,
    Agreement,
    Band,
    Quality,
    Verdict,
    headline_category,
    headline_counts,
)


def finite(value: float | None) -> float | None:
    """A number JSON can carry: None for NaN / ±infinity."""
    if value is None or not isinstance(value, float | int) or isinstance(value, bool):
        return value
    return float(value) if math.isfinite(value) else None


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
    inputs: tuple[ObservedPoint, ...] = ()  # for computed values: the observations behind
    unit_original: str = ""  # the label as the source gave it, when shown in English instead
    # how a computed value was made: "ratio", "change", "growth" (growth rates read or
    # compounded), "rank", "sum", "conversion" ("" for a stored observation); for a rank, the
    # members without a value
    derivation: str = ""
    missing: tuple[str, ...] = ()
    # a series under its publisher's own terms, not CC BY ("IEA terms (not CC BY)"); "" for CC BY
    licence: str = ""

    @property
    def computed(self) -> bool:
        return bool(self.inputs)

    def leaves(self) -> tuple[ObservedPoint, ...]:
        """The stored observations behind this value (itself, or a ratio's inputs)."""
        if not self.inputs:
            return (self,)
        return tuple(leaf for p in self.inputs for leaf in p.leaves())

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "value": finite(self.value), "year": self.year, "unit": self.unit,
            "unit_original": self.unit_original, "source": self.source,
            "dataset": self.dataset, "series": self.series, "series_name": self.series_name,
            "economy": self.economy, "counterpart": self.counterpart, "period": self.period,
            "publisher_updated": self.publisher_updated, "retrieved_at": self.retrieved_at,
            "origin": self.origin, "note": self.note, "licence": self.licence,
            "inputs": [p.to_json_dict() for p in self.inputs],
            **({"derivation": self.derivation} if self.derivation else {}),
            **({"missing": list(self.missing)} if self.missing else {}),
        }


def band_json(band: Band | None) -> dict[str, Any] | None:
    if band is None:
        return None
    return {"claimed": band.claimed, "precision": band.precision, "bound": band.bound,
            "approx_relative": band.approx_relative,
            "consistent_low": finite(band.consistent_low),
            "consistent_high": finite(band.consistent_high),
            "approx_low": finite(band.approx_low), "approx_high": finite(band.approx_high),
            **({"inverted": True} if band.inverted else {})}


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
class StripCell:
    """One year of a reading's robustness strip: the value and its verdict that year."""

    year: int
    value: float
    verdict: Verdict

    def to_json_dict(self) -> dict[str, Any]:
        return {"year": self.year, "value": finite(self.value), "verdict": self.verdict.value}


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
    at_claim_year: ObservedPoint | None  # the observation that tests the claim
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
    label: str = ""  # a short name ("USGS mine production"); the id when the file has none
    bound: str = "about"
    quality: Quality = field(default_factory=lambda: Quality(None, False, "exact"))
    held_earlier: ObservedPoint | None = None  # outdated: the year the claim last held
    robustness: tuple[StripCell, ...] = ()
    # claims as articles write them: the claim and the observations in the article's terms
    kind: str = "level"
    claim_text: str = ""  # "+29.6 points, 2019 → 2023", "second-largest among …"
    observed_text: str = ""  # the deciding observation in the claim's terms
    latest_text: str = ""
    endpoints: tuple[str, str] | None = None  # both endpoints quoted: (start, end) verdicts
    annual: ObservedPoint | None = None  # a period claim without data: the year's value

    @property
    def qualifiers(self) -> tuple[str, ...]:
        """What an editor must know about the evidence: "on 2019 data", "proxy: …",
        "undated: stated 2025-01-24", "converted from …", "rank over incomplete data: …"."""
        q = self.quality
        if not self.verdict.scored:
            return ()
        out = []
        if self.at_claim_year is not None and q.dated:
            out.append(f"on {self.at_claim_year.year} data")
        if q.definition == "proxy":
            out.append("proxy: " + (q.definition_reason or "not the claim's definition"))
        elif q.definition != "exact":  # a bound: refutes on its side only
            out.append(q.definition + (f": {q.definition_reason}" if q.definition_reason
                                       else ""))
        if q.stated:
            out.append(f"undated: stated {q.stated}")
        if q.incomplete:
            out.append("rank over incomplete data: no data for " + ", ".join(q.incomplete))
        if q.converted:
            out.append(q.converted)
        return tuple(out)

    def shape_json(self) -> dict[str, Any]:
        """How the claim's shape was read: the texts in the article's terms, a rank's members,
        a change's endpoints, the annual value beside a period without data."""
        out: dict[str, Any] = {"kind": self.kind, "claim_text": self.claim_text,
                               "observed_text": self.observed_text,
                               "latest_text": self.latest_text}
        if self.endpoints is not None:
            out["endpoint_verdicts"] = {"start": self.endpoints[0], "end": self.endpoints[1]}
        ref = self.at_claim_year
        if ref is not None and ref.derivation == "rank":
            out["ranking"] = [{"economy": p.economy, "value": finite(p.value), "year": p.year}
                              for p in ref.inputs]
            out["missing_members"] = list(ref.missing)
        if self.annual is not None:
            out["annual"] = self.annual.to_json_dict()
        return out

    @property
    def verdict_text(self) -> str:
        """E.g. "consistent — on 2019 data; proxy: all investment, not FDI"."""
        return _with_qualifiers(self.verdict, self.qualifiers)

    @property
    def sources(self) -> tuple[ObservedPoint, ...]:
        """Every stored observation this result shows (reference, latest, their inputs)."""
        seen: dict[tuple, ObservedPoint] = {}
        for p in (self.at_claim_year, self.latest):
            if p is not None:
                for leaf in p.leaves():
                    seen.setdefault(leaf_key(leaf), leaf)
        return tuple(seen.values())

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id, "reading_id": self.reading_id, "label": self.label,
            "meaning": self.meaning, "caveat": self.caveat, "measure": self.measure,
            "measure_kind": self.measure_kind, "role": self.role, "evidence": self.evidence,
            "likely": self.likely, "economy": self.economy,
            "claimed_value": finite(self.claimed_value), "claimed_unit": self.claimed_unit,
            "bound": self.bound, "claim_year": self.claim_year,
            "at_claim_year": _pj(self.at_claim_year), "latest": _pj(self.latest),
            "diff_points": finite(self.diff_points), "diff_percent": finite(self.diff_percent),
            "latest_diff_points": finite(self.latest_diff_points),
            "latest_diff_percent": finite(self.latest_diff_percent),
            "verdict": self.verdict.value, "verdict_meaning": self.verdict.meaning,
            "verdict_text": self.verdict_text, "qualifiers": list(self.qualifiers),
            "evidence_age_years": self.quality.age_years, "dated": self.quality.dated,
            "definition": self.quality.definition,
            "definition_reason": self.quality.definition_reason,
            "held_earlier": _pj(self.held_earlier),
            "band": band_json(self.band),
            "explanation": self.explanation, "no_data_reason": self.no_data_reason,
            "robustness": [c.to_json_dict() for c in self.robustness],
            "peers": [p.to_json_dict() for p in self.peers],
            "shape": self.shape_json(),
        }


@dataclass(frozen=True)
class ClaimResult:
    claim: Claim
    readings: tuple[ReadingResult, ...]
    verdict: Verdict
    explanation: str
    deciding_reading: str | None = None
    basis: str = "likely"  # "likely" | "only" | "fallback" | "context" | "none"
    agreement: Agreement = Agreement("none", (), ())

    @property
    def likely_reading(self) -> str | None:
        return next((r.reading_id for r in self.readings if r.likely), None)

    @property
    def decided_by_likely(self) -> bool:
        return self.deciding_reading is not None and self.deciding_reading == self.likely_reading

    @property
    def deciding(self) -> ReadingResult | None:
        return next((r for r in self.readings if r.reading_id == self.deciding_reading), None)

    @property
    def holds(self) -> bool:
        return self.verdict in (Verdict.CONSISTENT, Verdict.APPROXIMATELY)

    @property
    def qualifiers(self) -> tuple[str, ...]:
        out = list(self.deciding.qualifiers) if self.deciding and self.verdict.scored else []
        if self.basis == "fallback" and self.verdict.scored:
            out.append(f"fallback: reading {self.deciding_reading!r} (the most likely reading "
                       "has no data)" if self.likely_reading else
                       f"fallback: reading {self.deciding_reading!r} (no reading is marked "
                       "most likely)")
        if self.agreement.status == "disagree":
            out.append("depends on the reading: " + self.agreement_text)
        return tuple(out)

    @property
    def verdict_text(self) -> str:
        return _with_qualifiers(self.verdict, self.qualifiers)

    @property
    def agreement_text(self) -> str:
        """E.g. "overstated on USGS mine production; consistent on FAOSTAT production"."""
        scored = [r for r in self.readings if r.verdict.scored]
        return "; ".join(f"{r.verdict.value} on {r.label or r.reading_id}" for r in scored)

    @property
    def headline_category(self) -> str:
        d = self.deciding
        return headline_category(qualitative=self.claim.qualitative, verdict=self.verdict,
                                 basis=self.basis, quality=d.quality if d else None)

    def robustness_json(self) -> dict[str, Any]:
        years = sorted({c.year for r in self.readings for c in r.robustness})
        rows = []
        for r in self.readings:
            cells = {c.year: c for c in r.robustness}
            rows.append({"reading_id": r.reading_id, "label": r.label, "likely": r.likely,
                         "verdicts": [cells[y].verdict.value if y in cells else None
                                      for y in years],
                         "values": [finite(cells[y].value) if y in cells else None
                                    for y in years]})
        return {"years": years, "readings": rows}

    def to_json_dict(self) -> dict[str, Any]:
        a = self.agreement
        return {"claim": self.claim.to_json_dict(), "verdict": self.verdict.value,
                "verdict_meaning": self.verdict.meaning, "verdict_text": self.verdict_text,
                "qualifiers": list(self.qualifiers),
                "explanation": self.explanation, "deciding_reading": self.deciding_reading,
                "basis": self.basis, "likely_reading": self.likely_reading,
                "decided_by_likely": self.decided_by_likely,
                "headline_category": self.headline_category,
                "agreement": {"status": a.status, "holds": list(a.holds),
                              "misses": list(a.misses),
                              "summary": self.agreement_text if a.status == "disagree" else ""},
                "robustness": self.robustness_json(),
                "readings": [r.to_json_dict() for r in self.readings]}


_HEADLINE_WORDS = {
    "holds": ("holds on current data", "hold on current data"),
    "holds_qualified": ("holds only on old or indirect data",
                        "hold only on old or indirect data"),
    "outdated": ("held earlier but no longer (outdated)", "held earlier but no longer (outdated)"),
    "overstated": ("is overstated", "are overstated"),
    "understated": ("is understated", "are understated"),
    "untestable": ("cannot be tested", "cannot be tested"),
    "qualitative": ("is qualitative", "are qualitative"),
}


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
                seen.setdefault(leaf_key(leaf), leaf)
        return sorted(seen.values(), key=leaf_key)

    def headline_counts(self) -> dict[str, int]:
        return headline_counts([c.headline_category for c in self.claims])

    def headline(self) -> str:
        """E.g. "Of 6 claims: 1 holds on current data, 2 hold only on old or indirect data,
        1 is overstated, 1 cannot be tested, 1 is qualitative." (parts add up to the total)"""
        counts = self.headline_counts()
        parts = [f"{n} {_HEADLINE_WORDS[k][0 if n == 1 else 1]}"
                 for k in HEADLINE_CATEGORIES if (n := counts[k])]
        total = len(self.claims)
        if not total:
            return "No claims to check (the claims file has none)."
        return f"Of {total} claim{'s' if total != 1 else ''}: " + ", ".join(parts) + "."

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "article": self.article.to_json_dict(),
            "claims_path": self.claims_path,
            "generated_at": self.generated_at,
            "headline": self.headline(),
            "headline_counts": self.headline_counts(),
            "verdict_scale": [{"verdict": v.value, "meaning": v.meaning} for v in Verdict],
            "claims": [c.to_json_dict() for c in self.claims],
            "sources": [s.to_json_dict() for s in self.sources()],
            "licences": [{"source": s, "licence": lic} for s, lic in self.licences],
        }


def _pj(p: ObservedPoint | None) -> dict[str, Any] | None:
    return p.to_json_dict() if p is not None else None


def leaf_key(p: ObservedPoint) -> tuple:
    return (p.source, p.series, p.economy, p.counterpart, p.year, p.period,
            p.publisher_updated, p.origin)


def _with_qualifiers(verdict, qualifiers: tuple[str, ...]) -> str:
    """A verdict with what qualifies it, as every output prints it."""
    return verdict.value + (" — " + "; ".join(qualifiers) if qualifiers else "")
