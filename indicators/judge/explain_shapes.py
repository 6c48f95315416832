"""The sentences that explain the verdicts of claims as articles write them: a change with its
endpoints, a rank with the top of the ranking and the members without data, a bound that can
only refute, an undated statement, a conversion, a period or named year without data.

Built from the rules' results (no rules, no store); numbers through the one formatter, claims
and observations in the article's terms through `indicators.wording`.
"""

from __future__ import annotations

from collections.abc import Sequence

from indicators.claims.economies import display_name
from indicators.judge.derive import endpoints_of, ranking
from indicators.numbers import fmt_number, fmt_signed, when
from indicators.wording import amount, level_text, rank_word

TOP_RANKS = 5  # the ranks listed in a rank's explanation (more when the subject is lower)


def ranking_sentence(point, order: str = "largest") -> str:
    """"Ranking in 2024 (14 economies with data): 1. Canada 14,400; 2. Russia 10,000; …
    4. Belarus 5,000." — the top ranks, and the subject wherever it is."""
    ranked = ranking(point, order)
    subject = point.economy
    own = next(r for r, p in ranked if p.economy == subject)
    shown = [(r, p) for r, p in ranked if r <= max(TOP_RANKS, own + 1) or p.economy == subject]
    listing = "; ".join(f"{r}. {display_name(p.economy)} {amount(p.value, p.unit)}"
                        for r, p in shown)
    more = len(ranked) - len(shown)
    tail = f"; … ({more} more)" if more > 0 else ""
    unit = point.inputs[0].unit if point.inputs else ""
    count = f"{len(ranked)} {'economy' if len(ranked) == 1 else 'economies'} with data"
    text = (f"Ranking in {when(point)} by {point.series_name.removeprefix('rank by ')}"
            f"{f' ({unit})' if unit and unit not in point.series_name else ''}, {count}: "
            f"{listing}{tail}. {display_name(subject)} is {rank_word(own, order)}.")
    if point.missing:
        text += (f" No {when(point)} value for: {', '.join(point.missing)}; a rank over "
                 "incomplete data (the missing members could rank higher).")
    return text


def change_sentence(claim, point, endpoint_verdicts) -> str:
    """The two ends a change was computed from, and (both quoted) each endpoint's verdict."""
    ends = endpoints_of(point)
    if ends is None:  # a growth rate read directly or compounded
        steps = [f"{fmt_number(p.value)}% in {when(p)}" for p in point.inputs]
        series = point.inputs[-1].series if point.inputs else ""
        if len(steps) == 1:
            return f"The growth rate is read directly from the series ({series}): {steps[0]}."
        return (f"Growth rates compounded ({series}): {', '.join(steps[:-1])} and {steps[-1]} "
                f"give {fmt_signed(point.value)}%.")
    base, end = ends
    series = end.series if base.series == end.series else f"{base.series} → {end.series}"
    text = (f"The change is computed from {amount(base.value, end.unit)} in {when(base)} to "
            f"{amount(end.value, end.unit)} in {when(end)} ({end.unit}, {series}).")
    if endpoint_verdicts is not None:
        start_v, end_v = endpoint_verdicts
        text += (f" Both endpoints are quoted: the start, claimed "
                 f"{level_text(claim.base_value, claim.unit)}, is {start_v.value} "
                 f"({fmt_number(base.value)}); the end, claimed "
                 f"{level_text(claim.value, claim.unit)}, is {end_v.value} "
                 f"({fmt_number(end.value)}).")
    return text


def bound_sentence(definition: str, reason: str, refutes: bool) -> str:
    what = f"{'an' if definition == 'upper bound' else 'a'} {definition}"
    what += f" ({reason})" if reason else ""
    if refutes:
        other = "smaller" if definition == "upper bound" else "larger"
        return (f"This reading is {what}: what the claim measures can only be {other}, and even "
                "the bound misses the claim's wider band, so it refutes the claim.")
    return (f"This reading is {what}: it can refute the claim only on one side and never "
            "confirm it; it does not refute it, so it is shown for context.")


def stated_sentence(stated: str) -> str:
    return (f"An undated statement: the figure was said on {stated} without a reference period "
            "and is read as evidence as of that date.")


def no_data_for_period(claim, latest, annual, dropped: dict[int, str]) -> str:
    """A period or named year without its own observation: what the store has instead."""
    what = claim.period or str(claim.year)
    why = dropped.get(claim.year, "")
    if why:
        return f"No value for {what}: {why}."
    if claim.kind == "change":
        text = (f"No data for that change: both {claim.base_period or claim.base_year} and "
                f"{what} are needed from the same series and part of the year.")
    elif claim.period:
        text = (f"No data for that period: the store has no observation for {what} (a period "
                "claim is never judged on another period or on the annual figure).")
    else:
        text = (f"No observation for {what} itself (the claim names its year, so it is judged "
                "on that year alone).")
    if latest is not None:
        text += f" The latest available is {fmt_number(latest.value)} {latest.unit} in " \
                f"{when(latest)}."
    if annual is not None:
        text += (f" The {annual.year} annual value, shown beside it and not judged: "
                 f"{fmt_number(annual.value)} {annual.unit}.")
    return text.replace("  ", " ")


def neighbours_sentence(points: Sequence, year: int) -> str:
    """A named year: what the years around it show (never used for the verdict)."""
    near = [p for p in points if p.year != year and abs(p.year - year) <= 2]
    if not near:
        return ""
    return ("Neighbouring years, not judged: " + "; ".join(
        f"{amount(p.value, p.unit)} {p.unit} in {when(p)}".replace("  ", " ")
        for p in sorted(near, key=lambda p: p.year)) + ".")


def sum_sentence(point) -> str:
    """A sum over counterparts: its parts, from the same series, year and source."""
    todo, sums = [point], []
    while todo:
        p = todo.pop()
        if p.derivation == "sum":
            sums.append(p)
        else:
            todo.extend(p.inputs)
    return " ".join(
        f"Summed over {len(s.inputs)} counterparts, same series, year and source: "
        + " + ".join(f"{display_name(q.counterpart)} {fmt_number(q.value)}" for q in s.inputs)
        + f" = {fmt_number(s.value)} ({when(s)})." for s in sums)
