"""Presentation shared by the CLI, the exports and the dashboard: the verdict palette, number
formats, a value with its period, a claim in the article's terms. No rules here."""

from __future__ import annotations

from indicators.numbers import (  # noqa: F401  (re-exported)
    fmt_number,
    fmt_signed,
    value_with_period,
    when,
)
from indicators.wording import claim_text, observed_text  # noqa: F401  (re-exported)

_COLOURS = {
    "consistent": "#1a9850",
    "approximately": "#91cf60",
    "outdated": "#fdae61",
    "overstated": "#d73027",
    "understated": "#7b3294",
    "context": "#4575b4",
    "no data": "#999999",
}


def verdict_colour(verdict) -> str:
    return _COLOURS[getattr(verdict, "value", verdict)]


def claimed_text(value: float | None, unit: str, bound: str = "about") -> str:
    """The claim in the article's terms: "more than 50 percent", never an invented midpoint."""
    if value is None:
        return "qualitative"
    prefix = "" if bound == "about" else bound + " "
    return f"{prefix}{fmt_number(value)} {unit}".strip()


def shaped(r) -> bool:
    """Whether a reading's claim is more than a plain level in a calendar year (a change, a
    rank, a period, an amount with scale or currency): then it is shown in its own terms."""
    if not getattr(r, "claim_text", ""):
        return False
    converted = any(getattr(p, "derivation", "") == "conversion"
                    for p in (r.at_claim_year, r.latest) if p is not None)
    return (getattr(r, "kind", "level") != "level" or converted
            or r.claim_text != claimed_text(r.claimed_value, r.claimed_unit, r.bound))


def claimed_cell(r) -> str:
    """The claim as a table shows it: in the article's terms ("+29.6 points, 2019 → 2023")."""
    return r.claim_text if shaped(r) else claimed_text(r.claimed_value, r.claimed_unit, r.bound)


def observed_cell(p, r) -> str:
    """An observation as a table shows it: "57.5 (Q1 2024)"; a shaped claim's in its terms
    ("−40.5% (from 2.29 trillion in 2013 …)", "fourth-largest (4 of 12, 2024)")."""
    if p is None:
        return "–"
    if not shaped(r):
        return value_with_period(p)
    return r.observed_text if p is r.at_claim_year else r.latest_text


def difference_cell(r, points: float | None, percent: float | None, *,
                    around: tuple[str, str] = (" (", ")")) -> str:
    """Observed − claimed: "+2.3 pts (+4%)" for a level (``around``: what encloses the percent,
    e.g. a line break in the CLI); for a change in the change's unit ("−7.2 percentage
    points"); for a rank, how many ranks lower or higher."""
    if points is None:
        return "–"
    kind = getattr(r, "kind", "level") if shaped(r) else "level"
    if kind == "rank":
        n = int(round(points))
        if n == 0:
            return "the claimed rank"
        return f"{abs(n)} rank{'s' if abs(n) != 1 else ''} {'lower' if n > 0 else 'higher'}"
    if kind == "change":
        unit = {"%": "percentage points"}.get(r.claimed_unit, r.claimed_unit)
        return fmt_signed(points) + f" {unit}"
    sign = "+" if points > 0 else ""
    text = f"{sign}{fmt_number(points)} pts"
    if percent is not None:
        text += f"{around[0]}{sign}{fmt_number(percent)}%{around[1]}"
    return text


def source_lines(p) -> list[str]:
    """Where a value comes from, one line per stored series ("worldbank: NY.GDP.MKTP.CD
    (BLR)"); a rank names its subject's series and how many members share it."""
    if p is None:
        return []

    def line(leaf) -> str:  # a series not under CC BY names its terms
        licence = getattr(leaf, "licence", "")
        return f"{leaf.source}: {leaf.series} ({leaf.economy})" + (
            f"\n  licence: {licence}" if licence else "")

    if getattr(p, "derivation", "") == "rank":
        own = next((q for q in p.inputs if q.economy == p.economy), p)
        lines = [line(leaf) for leaf in own.leaves()]
        return [*dict.fromkeys(lines), f"and {len(p.inputs) - 1} other economies, same series"]
    return list(dict.fromkeys(line(leaf) for leaf in p.leaves()))


def robustness_grid(c) -> tuple[list[int], list[list[str]]]:
    """A `ClaimResult`'s (years, one row per reading: [reading id, verdict or "" per year])."""
    grid = c.robustness_json()
    return grid["years"], [[row["reading_id"], *[v or "" for v in row["verdicts"]]]
                           for row in grid["readings"]]
