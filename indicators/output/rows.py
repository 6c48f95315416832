"""The rows every export is made of: one per claim × reading with every number's provenance,
the sources used, the robustness grid, and the neutralising of text a spreadsheet would run
as a formula. Pure functions of an `ArticleResult`; the formats live in `export` and `xlsx`.
"""

from __future__ import annotations

from typing import Any

from indicators.judge.explain import band_description
from indicators.judge.results import ArticleResult, ObservedPoint, ReadingResult
from indicators.output.display import (  # noqa: F401  (robustness_grid: re-exported)
    claim_text,
    fmt_number,
    observed_cell,
    robustness_grid,
    when,
)

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")

COLUMNS = [
    "claim_id", "claim_quote", "claim_gloss", "claimed_value", "claimed_unit", "claim_year",
    "claim_precision", "claim_bound", "claim_kind", "claim_text", "claim_period",
    "claim_verdict", "claim_verdict_text",
    "claim_deciding_reading", "claim_decided_by_likely", "claim_agreement",
    "reading_id", "reading_label", "reading_meaning", "likely", "role", "evidence",
    "definition", "definition_reason", "evidence_age_years", "dated",
    "measure", "verdict", "verdict_text", "band", "observed_value", "observed_unit",
    "observed_year",
    "observed_period", "observed_text", "diff_points", "diff_percent", "latest_value",
    "latest_year", "latest_text",
    "latest_diff_points", "latest_diff_percent", "source", "dataset", "series", "series_name",
    "economy", "counterpart", "publisher_updated", "retrieved_at", "origin", "licence",
    "latest_source",
    "latest_series", "latest_publisher_updated", "latest_retrieved_at", "latest_origin",
    "caveat", "explanation", "no_data_reason", "peers", "robustness", "shape_detail",
]
SOURCE_COLUMNS = [
    "source", "dataset", "series", "series_name", "economy", "counterpart", "year", "period",
    "value", "unit", "publisher_updated", "retrieved_at", "origin", "licence", "note",
]


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 10)


def _peers_text(r: ReadingResult) -> str:
    parts = []
    for p in r.peers:
        ref = p.at_claim_year
        if ref is not None:
            parts.append(f"{p.economy} {fmt_number(ref.value)} ({when(ref)})")
    return "; ".join(parts)


def _claims(result: ArticleResult):
    for c in result.claims:
        for r in c.readings:
            yield c, r


def rows(result: ArticleResult) -> list[dict[str, Any]]:
    """One dict per claim × reading (raw values; neutralisation happens per format)."""
    out = []
    for c, r in _claims(result):
        ref, latest = r.at_claim_year, r.latest
        out.append({
            "claim_id": c.claim.id,
            "claim_quote": c.claim.quote,
            "claim_gloss": c.claim.gloss,
            "claimed_value": c.claim.value,
            "claimed_unit": c.claim.unit,
            "claim_year": c.claim.year,
            "claim_precision": c.claim.precision if c.claim.value is not None else None,
            "claim_bound": c.claim.bound,
            "claim_kind": c.claim.kind,
            "claim_text": claim_text(c.claim),
            "claim_period": c.claim.period,
            "claim_verdict": c.verdict.value,
            "claim_verdict_text": c.verdict_text,
            "claim_deciding_reading": c.deciding_reading or "",
            "claim_decided_by_likely": "yes" if c.decided_by_likely else "no",
            "claim_agreement": c.agreement.status,
            "reading_id": r.reading_id,
            "reading_label": r.label,
            "reading_meaning": r.meaning,
            "likely": "yes" if r.likely else "no",
            "role": r.role,
            "evidence": r.evidence,
            "definition": r.quality.definition,
            "definition_reason": r.quality.definition_reason,
            "evidence_age_years": r.quality.age_years,
            "dated": "yes" if r.quality.dated else "no",
            "measure": r.measure,
            "verdict": r.verdict.value,
            "verdict_text": r.verdict_text,
            "band": band_description(r.band) if r.band else "",
            "observed_value": _num(ref.value) if ref else None,
            "observed_unit": ref.unit if ref else "",
            "observed_year": ref.year if ref else None,
            "observed_period": ref.period if ref else "",
            "observed_text": observed_cell(ref, r) if ref else "",
            "diff_points": _num(r.diff_points),
            "diff_percent": _num(r.diff_percent),
            "latest_value": _num(latest.value) if latest else None,
            "latest_year": latest.year if latest else None,
            "latest_text": observed_cell(latest, r) if latest else "",
            "latest_diff_points": _num(r.latest_diff_points),
            "latest_diff_percent": _num(r.latest_diff_percent),
            "source": ref.source if ref else "",
            "dataset": ref.dataset if ref else "",
            "series": ref.series if ref else "",
            "series_name": ref.series_name if ref else "",
            "economy": ref.economy if ref else r.economy,
            "counterpart": ref.counterpart if ref else "",
            "publisher_updated": ref.publisher_updated if ref else "",
            "retrieved_at": ref.retrieved_at if ref else "",
            "origin": ref.origin if ref else "",
            "licence": ref.licence if ref else "",
            "latest_source": latest.source if latest else "",
            "latest_series": latest.series if latest else "",
            "latest_publisher_updated": latest.publisher_updated if latest else "",
            "latest_retrieved_at": latest.retrieved_at if latest else "",
            "latest_origin": latest.origin if latest else "",
            "caveat": r.caveat,
            "explanation": r.explanation,
            "no_data_reason": r.no_data_reason,
            "peers": _peers_text(r),
            "robustness": " ".join(f"{cell.year}:{cell.verdict.value.replace(' ', '-')}"
                                   for cell in r.robustness),
            "shape_detail": shape_detail(r),
        })
    return out


def shape_detail(r: ReadingResult) -> str:
    """What a shape adds, in one cell: a rank's members, a change's endpoint verdicts, the
    annual value beside a period without data."""
    parts = []
    shape = r.shape_json()
    if "ranking" in shape:
        parts.append("ranking: " + "; ".join(
            f"{m['economy']} {fmt_number(m['value'])}" for m in shape["ranking"]))
        if shape["missing_members"]:
            parts.append("no data: " + ", ".join(shape["missing_members"]))
    if r.endpoints is not None:
        parts.append(f"endpoints: start {r.endpoints[0]}, end {r.endpoints[1]}")
    if r.annual is not None:
        parts.append(f"annual value beside (not judged): {fmt_number(r.annual.value)} "
                     f"{r.annual.unit} ({r.annual.year})")
    return "; ".join(parts)


def source_rows(result: ArticleResult) -> list[dict[str, Any]]:
    def row(p: ObservedPoint) -> dict[str, Any]:
        return {k: getattr(p, k) for k in SOURCE_COLUMNS}

    return [row(p) for p in result.sources()]

