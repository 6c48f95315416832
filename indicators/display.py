"""Presentation shared by the CLI, the exports and the dashboard: the verdict palette, number
formats, a value with its period, a claim in the article's terms. No rules here."""

from __future__ import annotations

from indicators.numbers import fmt_number  # noqa: F401  (re-exported: one formatter)

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


def when(point) -> str:
    """The period a value is for: "Q1 2024" where the source gives one, else the year."""
    period = getattr(point, "period", "") or ""
    if period and not getattr(point, "computed", False) and period != str(point.year):
        return period
    return str(point.year)


def value_with_period(point) -> str:
    """E.g. "57.5 (Q1 2024)" or "10.7 (2024)"."""
    if point is None:
        return "–"
    return f"{fmt_number(point.value)} ({when(point)})"


def claimed_text(value: float | None, unit: str, bound: str = "about") -> str:
    """The claim in the article's terms: "more than 50 percent", never an invented midpoint."""
    if value is None:
        return "qualitative"
    prefix = "" if bound == "about" else bound + " "
    return f"{prefix}{fmt_number(value)} {unit}".strip()
