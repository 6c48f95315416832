"""Which reading a page leads with: the one a card's figure, the main chart and the detail
show first. Pure functions of a claim's results."""

from __future__ import annotations

from typing import Any

from indicators.output.pages.words import unit_key


def has_data(reading: Any) -> bool:
    return reading.measure_kind != "none" and (reading.latest is not None
                                               or reading.at_claim_year is not None)


def concept(reading: Any) -> tuple[str, str]:
    """What a reading measures: its unit when exact; its stand-in when a proxy."""
    point = reading.at_claim_year or reading.latest
    if reading.quality.definition == "proxy":
        return ("proxy", reading.quality.definition_reason)
    return (unit_key(point.unit if point is not None else reading.claimed_unit), "")


def telling_reading(claim_result: Any) -> Any:
    """A qualitative claim's most telling reading: the most likely one if it has data; else,
    of those in the likely reading's unit (else any with data), recent exact evidence first."""
    with_data = [r for r in claim_result.readings if r.at_claim_year is not None]
    if not with_data:
        return None
    likely = next((r for r in claim_result.readings if r.likely), None)
    if likely is not None and likely.at_claim_year is not None:
        return likely
    model = claim_result.claim.likely_reading
    unit = unit_key(model.measure.unit) if model is not None and model.measure.unit else None
    candidates = [r for r in with_data if unit and unit_key(r.at_claim_year.unit) == unit]
    order = {r.reading_id: i for i, r in enumerate(claim_result.readings)}
    return min(candidates or with_data, key=lambda r: (
        r.quality.tier, -r.at_claim_year.year, order[r.reading_id]))


def lead_reading(claim_result: Any) -> Any:
    """The reading the main chart is about: the deciding one, else the most telling one."""
    deciding = claim_result.deciding
    if deciding is not None and has_data(deciding):
        return deciding
    return telling_reading(claim_result) or next(
        (r for r in claim_result.readings if has_data(r)), None)


def opening_reading(claim_result: Any, wanted: str | None) -> Any:
    """The URL's reading; else the most likely one if it has data; else the one the main chart
    leads with (deciding, or most telling); else the first."""
    readings = claim_result.readings
    by_id = {r.reading_id: r for r in readings}
    if wanted in by_id:
        return by_id[wanted]
    likely = by_id.get(claim_result.likely_reading)
    if likely is not None and has_data(likely):
        return likely
    return lead_reading(claim_result) or (readings[0] if readings else None)
