"""What a change's and a rank's charts show (issue 16).

A change's chart is its levels with both endpoints and the claimed change (`change_marks`); a
rank's main chart is the ranking itself (`rank_view`): the members in rank order, the subject
highlighted, the claimed rank shaded, members without data named under it.
"""

from __future__ import annotations

from typing import Any

from indicators.claims.economies import display_name
from indicators.numbers import fmt_number
from indicators.output.pages.charts_common import chart_view, filename
from indicators.output.pages.models import ChartView, ValueRow
from indicators.output.pages.ruler_scale import ordinal
from indicators.output.pages.shape_figures import ChangeMarks, rank_figure
from indicators.output.pages.shape_ruler import change_kind, change_words, span_of
from indicators.output.pages.words import name, period_of, source_name_of, value_text
from indicators.wording import claim_text, rank_word


def change_marks(claim: Any, reading: Any) -> ChangeMarks | None:
    """The endpoints of a reading's measured change and the end value the claimed change
    implies from the same base (a level claim, or no measured change: None)."""
    point = reading.at_claim_year
    if claim.kind != "change" or point is None or not point.inputs:
        return None
    used = tuple(p for p in point.inputs if not p.inputs)
    base = end = None
    implied = None
    if point.derivation == "change" and len(used) == 2:
        base, end = used
        c = reading.claimed_value
        if claim.change == "endpoints" and not claim.scale:
            implied = claim.value
        elif c is not None and not claim.scale and not claim.currency:
            kind = change_kind(claim)
            implied = (base.value + c if kind == "points" else base.value * (1 + c / 100)
                       if kind == "percent" else base.value * c)
    claimed = claim_text(claim).rsplit(", ", 1)[0] if claim.change != "endpoints" else \
        f"{change_words(claim, reading.claimed_value)} (from {fmt_number(claim.base_value)} " \
        f"to {fmt_number(claim.value)})"
    return ChangeMarks(base=base, end=end or used[-1], used=used, claimed_end=implied,
                       measured=f"{change_words(claim, point.value)} ({span_of(point)})",
                       claimed=claimed)


def ranking(reading: Any) -> tuple[list, tuple[str, ...]]:
    """A rank reading's members in rank order and the members without data."""
    point = reading.at_claim_year
    if point is None or point.derivation != "rank":
        return [], ()
    return list(point.inputs), tuple(point.missing)


def rank_view(ctx: Any, claim_result: Any, lead: Any, tab: str) -> ChartView | None:
    """The ranking behind the lead reading: enough members to show the subject's and the
    claimed rank with two below, at most 15 (the rest counted in the note)."""
    claim = claim_result.claim
    members, missing = ranking(lead)
    if not members:
        return None
    point = lead.at_claim_year
    n = int(point.value)
    claimed = int(lead.claimed_value or claim.value)
    bound = claim.bound in ("at most", "less than", "under")
    low, high = (1, claimed) if bound else (claimed, claimed)
    shown = min(len(members), max(n, high) + 2, 15) if len(members) > 15 else len(members)
    label = (f"among the top {claimed}" if bound else rank_word(claimed, claim.order))
    unit = members[0].unit
    fig = rank_figure(members, subject=lead.economy, shown=shown, claimed_low=low,
                      claimed_high=high, claimed_label=label, unit=unit)
    rows = tuple(ValueRow(shown_as=f"rank {i}", economy=display_name(p.economy),
                          period=period_of(p), value_text=value_text(p),
                          source=source_name_of(p))
                 for i, p in enumerate(members, start=1))
    note = f"Ranked {ordinal(n)} of {len(members)} in {period_of(point)} by {name(lead)}."
    if shown < len(members):
        note += f" The first {shown} are drawn; the table lists all {len(members)}."
    if missing:
        note += (f" No data for {period_of(point)}, so not ranked: "
                 + ", ".join(f"{display_name(c)} ({c})" for c in missing) + ".")
    title = f"{claim.gloss[:1].upper()}{claim.gloss[1:]}: the ranking in {period_of(point)}"
    return chart_view(
        "main", title=title, subtitle=f"{unit} · {_among(claim)}",
        series=[(f"rank {i}", [p]) for i, p in enumerate(members, start=1)], fig=fig,
        filename=filename(claim.id, "ranking"), tab=tab, rows=rows, note=note)


def _among(claim: Any) -> str:
    return claim_text(claim).split(" among ", 1)[-1] if " among " in claim_text(claim) \
        else "ranked members"

