"""Presentation shared by the CLI, the exports and the dashboard: the verdict palette, number
formats, a value with its period, a claim in the article's terms. No rules here."""

from __future__ import annotations

from indicators.numbers import fmt_number, value_with_period, when  # noqa: F401  (re-exported)

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
