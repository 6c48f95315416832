"""The sentences that explain a verdict: built from the rules' structured results (no rules
here, no store). Numbers use the shared display format so the CLI, exports and dashboard agree.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

from indicators.claims.model import Measure
from indicators.judge.verdicts import (
    Agreement,
    Band,
    Decision,
    Judgement,
    Quality,
    Verdict,
    band_verdict,
)
from indicators.numbers import MINUS, fmt_number, fmt_signed, when
from indicators.periods import statement_date

NO_OBSERVATION = ("No observation of this measure in the store (the bundled snapshot lacks it; "
                  "`claimcheck refresh` fetches the sources' latest data where a source exists).")


def describe_point(p) -> str:
    """E.g. "57.5 percent in 2024 (Q1 2024)", "rank 4 of 13 in 2024", "−2.1% over 2022 →
    2023", "30 percent, stated 2025-01-24 (undated)"."""
    derivation = getattr(p, "derivation", "")
    if derivation == "rank":
        return f"rank {int(p.value)} of {len(p.inputs)} in {when(p)}"
    if derivation in ("change", "growth"):
        sep = " → " if derivation == "change" else "–"
        span = (f"{when(p.inputs[0])}{sep}{when(p.inputs[-1])}" if len(p.inputs) > 1
                else when(p))
        if p.unit == "times":
            return f"{fmt_number(p.value)} times over {span}"
        unit = "%" if p.unit == "%" else f" {p.unit}"
        return f"{fmt_signed(p.value)}{unit} over {span}"
    if (stated := statement_date(p.period)) is not None:
        return f"{fmt_number(p.value)} {p.unit}, stated {stated.isoformat()} (undated)"
    period = f" ({p.period})" if p.period and p.period != str(p.year) else ""
    return f"{fmt_number(p.value)} {p.unit} in {p.year}{period}".replace("  ", " ")


def band_description(band: Band) -> str:
    """E.g. "consistent 17–23; approximately 15–25" or "consistent ≥ 47.5; approximately ≥ 42.5"."""
    def num(x: float) -> str:
        # as the formatter writes it, unless that rounding would hide the precision
        text = fmt_number(x)
        for digits in range(2, 7):
            if abs(float(text.replace(",", "")) - x) <= 1e-9 * max(1.0, abs(x)):
                break
            text = f"{x:,.{digits}f}".rstrip("0").rstrip(".")
        return text.replace("-", MINUS)

    def interval(low: float, high: float) -> str:
        if math.isinf(high):
            return f"≥ {num(low)}"
        if math.isinf(low):
            return f"≤ {num(high)}"
        return f"{num(low)} to {num(high)}" if low < 0 or high < 0 else f"{num(low)}–{num(high)}"

    return (f"consistent {interval(band.consistent_low, band.consistent_high)}; approximately "
            f"{interval(band.approx_low, band.approx_high)}")


def reading_explanation(j: Judgement, band: Band | None, *, year: int, max_age_years: int,
                        quality: Quality, score=None, exact: str = "") -> str:
    """``exact``: the claim's own period or year, when it is judged on that alone."""
    ref, latest = j.reference, j.latest
    if ref is None:
        return NO_OBSERVATION
    if exact:
        at = f"{describe_point(ref)} (the claim's own {exact})"
    elif ref.year <= year:
        at = f"{describe_point(ref)} (latest at or before {year})"
    else:
        at = f"{describe_point(ref)} (no observation at or before {year}; earliest after)"
    later = "" if latest is ref else f" Latest available: {describe_point(latest)}."
    if j.verdict is Verdict.CONTEXT or band is None:
        return f"The data shows {at}.{later}"
    if j.too_old:
        return (f"The latest observation is {describe_point(ref)}, more than {max_age_years} "
                f"years before {year}: too old to test the claim (shown for context).")
    shown = score(ref, band) if score is not None else band_verdict(ref.value, band)
    text = f"Observed {at}: {shown.value} ({band_description(band)})."
    if j.held_earlier is not None:
        text += (f" The claim held for {when(j.held_earlier)} "
                 f"({fmt_number(j.held_earlier.value)} {j.held_earlier.unit}), a recent earlier "
                 f"year, but not for {when(ref)}: outdated.")
    if j.latest_verdict is not None and latest is not ref:
        text += (f" Later data, {describe_point(latest)}, is {j.latest_verdict.value} (after the "
                 "year the claim refers to; the claim is judged on its own year).")
    if quality.dated:
        text += (f" The deciding observation is {quality.age_years} years older than the claim's "
                 f"year: dated evidence.")
    if quality.definition == "proxy":
        text += f" A proxy, not the claim's definition: {quality.definition_reason}."
    return text


def _first_sentence(text: str) -> str:
    head, sep, _ = text.partition(". ")
    return (head if sep else text).rstrip(".")


def claim_explanation(decision: Decision, readings: Sequence, agreement: Agreement) -> str:
    listing = "; ".join(f"{r.reading_id}{' (most likely)' if r.likely else ''}: "
                        f"{r.verdict_text}" for r in readings)
    others = f" All readings: {listing}."
    scored = [r for r in readings if r.verdict.scored]
    depends = ""
    if agreement.status == "disagree":
        depends = (" The verdict depends on the reading: " + "; ".join(
            f"{r.verdict.value} on {r.label or r.reading_id}" for r in scored)
            + ". None is hidden.")
    likely = next((r for r in readings if r.likely), None)
    if decision.basis in ("likely", "only"):
        lead = likely or readings[0]
        evidence = (f" Evidence: {'; '.join(lead.qualifiers)}." if lead.qualifiers else "")
        which = ("most likely reading", "(the likely meaning of the words in context)") \
            if decision.basis == "likely" else ("only reading", "(the claims file gives one)")
        return (f"{lead.verdict.value.capitalize()} on its {which[0]} '{lead.reading_id}' "
                f"{which[1]}." + evidence + others + depends)
    if likely is None:
        untested = "No reading is marked as the most likely meaning"
    elif likely.verdict is Verdict.CONTEXT:
        untested = (f"The most likely reading '{likely.reading_id}' is shown for context, not "
                    "scored")
    else:
        why = _first_sentence(likely.no_data_reason or likely.explanation)
        untested = (f"The most likely reading '{likely.reading_id}' cannot be tested "
                    f"({likely.verdict.value}: {why[:1].lower() + why[1:]})")
    if decision.basis == "context":
        lead = ("No reading scores the claim; the data is shown for context"
                + (f", led by its most likely reading '{decision.deciding}'"
                   if decision.deciding else "") + ".")
        if likely is not None and decision.deciding is None:
            lead += f" {untested}."
        return lead + others
    if decision.basis == "none":
        # a period, a named year or a change: say what the store has instead (rules 3, 12)
        own = next((r.no_data_reason for r in readings if r.no_data_reason.startswith(
            ("No data for that", "No observation for", "No value for"))), "")
        return f"No reading has data.{' ' + own if own else ''}{others}"
    best = next(r for r in readings if r.reading_id == decision.deciding)
    kind = "the producers' statistics" if best.evidence == "statistics" else "quoted figures"
    quality = ("recent evidence of the claim's own definition" if best.quality.direct
               else "the best evidence there is: " + ", ".join(
                   q for q in (f"{best.at_claim_year.year} data" if best.quality.dated else "",
                               "a proxy" if best.quality.definition == "proxy" else "") if q))
    return (f"{untested}; the best-supported scored reading '{best.reading_id}' ({kind}; "
            f"{quality}) decided instead: {best.verdict_text}." + others + depends)


def no_observation_reason(measure: Measure, stored_sources: Iterable[str] | None = None,
                          claims_path: str | None = None) -> str:
    """Why a measure has no observation, naming the refresh command for its sources.

    ``stored_sources``: the sources with rows in the store (None: unknown), to say whether a
    source has not been fetched yet or holds nothing for this measure. The first sentence says
    what is missing and how to fetch it; the measure's own ``reason`` follows. With
    ``claims_path``, a measure of a source that fetches what claims files read (World Bank,
    IDS) names `claimcheck refresh --claims <that file>`, which fetches exactly its series
    (a bundled file's series are fetched by every refresh: its hint names the sources).
    """
    from indicators.judge.refresh_hint import refresh_instruction
    from indicators.sources.registry import SOURCES

    sources = measure.sources()
    live = [s for s in sources if s in SOURCES]
    bundled = [s for s in sources if s not in SOURCES]
    stored = set(stored_sources) if stored_sources is not None else None
    parts: list[str] = []
    if live:
        command = refresh_instruction(live, claims_path)
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

