"""One plain-language sentence per verdict, for a reader with five seconds.

The verdict rules (indicators.judge.verdicts) and their full, technical explanation
(``ClaimResult.explanation``) stay as they are; this module only words what they decided, with
reading labels ("USGS mine production") instead of ids and numbers through indicators.numbers.
"""

from __future__ import annotations

from indicators.judge.verdicts import Verdict
from indicators.numbers import fmt_value
from indicators.wording import claim_text, shaped_claim


def claimed_words(claim) -> str:
    """The claim in the article's terms: "about 20%", "more than 50%", "+29.6 points, 2019 →
    2023", "second-largest among its peers"."""
    if claim.qualitative or claim.value is None:
        return "no figure"
    if shaped_claim(claim):  # changes, ranks, periods, amounts (issue 16): their own words
        return claim_text(claim)
    return f"{claim.bound} {fmt_value(claim.value, claim.unit)}"


def name(reading) -> str:
    return reading.label or reading.reading_id


def observed_words(point) -> str:
    return f"{fmt_value(point.value, point.unit)} in {point.year}" if point else "no data"


def evidence_words(reading) -> str:
    """What an editor must know about the evidence, in words: old data, or a proxy."""
    quality = reading.quality
    notes = []
    if quality.dated:
        notes.append("old data")
    if quality.definition == "proxy":
        notes.append("a proxy" + (f": {quality.definition_reason}"
                                  if quality.definition_reason else ""))
    return f" ({'; '.join(notes)})" if notes else ""


def reading_sentence(claim, reading) -> str:
    """E.g. "USGS mine production: 10.7% in 2024 — lower than the claimed about 20%."."""
    v = reading.verdict
    point = reading.at_claim_year
    if v is Verdict.NO_DATA or point is None:
        return f"{name(reading)}: no public data to test the claim."
    shows = f"{name(reading)}: {observed_words(point)}"
    if shaped_claim(claim) and reading.observed_text:  # a change, a rank …: in its own terms
        shows = f"{name(reading)}: {reading.observed_text}"
    if v.scored:
        shows += evidence_words(reading)
    claimed = claimed_words(claim)
    if v is Verdict.CONTEXT:
        return f"{shows} (context, not scored)."
    if shaped_claim(claim) and v in (Verdict.OVERSTATED, Verdict.UNDERSTATED):
        return f"{shows} — the claimed {claimed} {v.value.removesuffix('d')}s it."
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
        when = f" (it held in {held.year})" if held is not None else ""
        return f"{shows} — the claimed {claimed} no longer fits{when}."
    return f"{shows}."


def claim_sentence(claim_result) -> str:
    """The claim's verdict in one sentence, naming the source it rests on."""
    claim = claim_result.claim
    deciding = claim_result.deciding
    v = claim_result.verdict
    if claim.qualitative:
        n = sum(1 for r in claim_result.readings if r.at_claim_year is not None)
        return (f"A claim without a figure: nothing to score; {n} source"
                f"{'s' if n != 1 else ''} give context.")
    if deciding is None or not v.scored:
        return "No public data can test this claim yet."
    text = reading_sentence(claim, deciding)
    if claim_result.basis == "fallback":
        text += " (The most likely source has no data yet.)"
    if claim_result.agreement.status == "disagree":
        text += " Other sources disagree."
    return text
