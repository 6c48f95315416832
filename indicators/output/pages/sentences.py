"""Sentences for readers: one per verdict, and the explanations behind them, in plain words.

The verdict rules (`indicators.judge.verdicts`) and their technical explanation (kept in the
"Technical provenance" disclosure) stay as they are; these say the same with source names
instead of reading ids and without commands, from the structured results.
"""

from __future__ import annotations

from typing import Any

from indicators.judge.verdicts import Verdict, band_verdict
from indicators.output.pages.words import (
    SOURCE_NAMES,
    band_words,
    claimed_words,
    figure_text,
    name,
    period_of,
    source_name_of,
)


def evidence_words(reading: Any) -> str:
    """What an editor must know about the evidence, in words: old data, or a proxy."""
    notes = []
    if reading.quality.dated:
        notes.append("old data")
    if reading.quality.definition == "proxy":
        notes.append("a proxy" + (f": {reading.quality.definition_reason}"
                                  if reading.quality.definition_reason else ""))
    return f" ({'; '.join(notes)})" if notes else ""


def reading_sentence(claim: Any, reading: Any) -> str:
    """E.g. "USGS mine production: 10.7% in 2024 — lower than the claimed about 20%."."""
    v = reading.verdict
    point = reading.at_claim_year
    if point is None:
        return f"{name(reading)}: no data yet to test the claim."
    shows = f"{name(reading)}: {figure_text(point)}"
    if v is Verdict.NO_DATA:
        return f"{shows} — too old to test the claim."
    if v.scored:
        shows += evidence_words(reading)
    claimed = claimed_words(claim)
    if v is Verdict.CONTEXT:
        return f"{shows} (context, not scored)."
    if v is Verdict.CONSISTENT:
        return f"{shows} — matches the claimed {claimed}."
    if v is Verdict.APPROXIMATELY:
        return f"{shows} — close to the claimed {claimed}."
    if v is Verdict.OVERSTATED:
        return f"{shows} — lower than the claimed {claimed}."
    if v is Verdict.UNDERSTATED:
        return f"{shows} — higher than the claimed {claimed}."
    if v is Verdict.OUTDATED:
        held = reading.held_earlier
        when = f" (it held in {period_of(held)})" if held is not None else ""
        return f"{shows} — the claimed {claimed} no longer fits{when}."
    return f"{shows}."


def claim_sentence(claim_result: Any, telling: Any = None) -> str:
    """The claim's verdict in one sentence, naming the source it rests on."""
    claim = claim_result.claim
    deciding = claim_result.deciding
    v = claim_result.verdict
    if claim.qualitative:
        n = sum(1 for r in claim_result.readings if r.at_claim_year is not None)
        lead = f"A claim without a figure: nothing to score; {n} source" \
               f"{'s' if n != 1 else ''} give context"
        if telling is not None:
            return (f"{lead}; the most telling: {name(telling)}, "
                    f"{figure_text(telling.at_claim_year)}.")
        return lead + "."
    if deciding is None or not v.scored:
        return "No public data can test this claim yet."
    text = reading_sentence(claim, deciding)
    if claim_result.basis == "fallback":
        likely = next((r for r in claim_result.readings if r.likely), None)
        text += (f" (The most likely source, {name(likely)}, has no data yet.)" if likely
                 else " (No source is marked as the most likely meaning.)")
    if claim_result.agreement.status == "disagree":
        text += " Other sources disagree."
    return text


def claim_explanation(claim_result: Any) -> str:
    """Why the claim got its verdict, in reader words (the rules' own text is technical)."""
    readings = claim_result.readings
    likely = next((r for r in readings if r.likely), None)
    deciding = claim_result.deciding
    every = "; ".join(f"{name(r)}{' (most likely)' if r.likely else ''}: "
                      f"{r.verdict.label}" for r in readings)
    tail = f" Every source: {every}."
    if claim_result.agreement.status == "disagree":
        tail += " The verdict depends on the source; none is hidden."
    basis = claim_result.basis
    if basis in ("likely", "only") and deciding is not None:
        why = ("the most likely meaning of the article's words" if basis == "likely"
               else "the only source for this claim")
        text = f"Decided by {name(deciding)}, {why}: {deciding.verdict.label}."
        reason = claim_result.claim.likely_reason if basis == "likely" else ""
        return text + (f" Why this source: {' '.join(reason.split())}" if reason else "") + tail
    missing = (f"The most likely source, {name(likely)}, has no data yet" if likely is not None
               and not likely.verdict.scored and likely.verdict is not Verdict.CONTEXT
               else "No source is marked as the most likely meaning" if likely is None
               else f"The most likely source, {name(likely)}, is context, not scored")
    if basis == "fallback" and deciding is not None:
        kind = ("official statistics" if deciding.evidence == "statistics"
                else "a quoted figure")
        return (f"{missing}; the best-supported other source, {name(deciding)} ({kind}), "
                f"decides: {deciding.verdict.label}." + tail)
    if basis == "context":
        return f"A claim without a figure: nothing is scored; the data is shown for context. " \
               f"{missing}." + tail
    return "No source has data for this claim yet." + tail


def reading_explanation(claim: Any, reading: Any, measure: Any = None) -> str:
    """One source's result in full, in reader words (``measure``: the claims file's, to say
    which of its alternative sources gave the figure)."""
    ref, latest, year = reading.at_claim_year, reading.latest, claim.year
    if ref is None:
        return no_data_words(reading, measure)[1]
    at = (f"{figure_text(ref)} (the latest at or before {year})" if ref.year <= year
          else f"{figure_text(ref)} (nothing at or before {year}; the earliest after it)")
    later = "" if latest is None or latest is ref else (
        f" Later data: {figure_text(latest)}.")
    if reading.verdict is Verdict.NO_DATA:
        return (f"The latest figure, {figure_text(ref)}, is more than {claim.max_age_years} "
                f"years before {year}: too old to test the claim (shown for context).")
    if not reading.verdict.scored or reading.band is None:
        return f"Shown for context, not scored: {at}.{later}" + _alternative(reading, measure)
    text = (f"Observed {at}: {band_verdict(ref.value, reading.band).label}. The claimed "
            f"{claimed_words(claim)} counts as {band_words(reading.band, claim.unit)}.")
    if reading.held_earlier is not None:
        held = reading.held_earlier
        text += (f" The claim held in {period_of(held)} ({figure_text(held).split(' in ')[0]}), "
                 f"a recent earlier year, but not in {period_of(ref)}: outdated.")
    if latest is not None and latest is not ref:
        text += (f" Later data, {figure_text(latest)}, comes after the year the claim refers "
                 "to; the claim is judged on its own year.")
    if reading.quality.dated:
        text += (f" The figure is {reading.quality.age_years} years older than the claim's "
                 "year: old data.")
    if reading.quality.definition == "proxy":
        text += f" A proxy, not the claim's definition: {reading.quality.definition_reason}."
    return text + _alternative(reading, measure)


def _alternative(reading: Any, measure: Any) -> str:
    """Which of a measure's sources gave the figure, when its first choice has none yet."""
    if measure is None or reading.at_claim_year is None:
        return ""
    from indicators.judge.compare import alternative_used

    used = alternative_used(measure, reading.at_claim_year)
    if not used:
        return ""
    first = ", ".join(sorted({SOURCE_NAMES.get(s, s) for s in measure.sources()
                              if s in SOURCE_NAMES})) or "the first-choice source"
    return (f" The figure comes from {source_name_of(reading.at_claim_year)} as bundled with "
            f"Claimcheck; {first} has none in this copy of the data yet.")


def no_data_words(reading: Any, measure: Any = None) -> tuple[str, str]:
    """(What data would answer it, why there is none yet) — in words, never a command."""
    would = reading.meaning or reading.measure
    if measure is None or measure.kind == "none":
        why = (measure.reason if measure is not None else "") or reading.no_data_reason
        return would, why
    live = sorted({SOURCE_NAMES[s] for s in measure.sources() if s in SOURCE_NAMES})
    why = (f"This copy of the data has no figures from {' or '.join(live)} for it yet; they "
           "come from the publisher with an internet connection." if live else
           "The figures bundled with Claimcheck do not include it.")
    if measure.reason:
        why += " " + " ".join(measure.reason.split())
    return would, why
