"""The one number formatter: dashboard, CLI and exports print numbers through these functions.

It also holds the one rule for reading a number in (`finite_number`, `not_a_number_reason`):
every adapter, bulk file and the reference importer accept only finite numbers, so "inf",
"nan" and cells that overflow a float ("1e400") are rejected rows with a reason, never values.

Rules: below 1, 3 significant digits; from 1, one decimal; from 1,000, whole numbers (never
scientific notation), thousands separated, a real
minus sign, percentages written "17.8%" whatever the source calls the unit ("percent",
"% of energy use" → "77.1% of energy use"). Full precision stays in the data (tables, CSV);
these strings are for reading only.
"""

from __future__ import annotations

import math

MINUS = "\u2212"
NO_VALUE = "–"
_PERCENT_WORDS = ("percent", "per cent", "%")


def finite_number(raw: object) -> float | None:
    """``raw`` (a cell's text or a JSON value) as a finite float, else None.

    None for blanks, words, booleans, ``inf``/``nan`` and anything that overflows a float
    (``"1e400"``, ``"-1e999"``, or JSON's 1e400, which Python reads as infinity).
    """
    if raw is None or isinstance(raw, bool):
        return None
    try:
        value = float(raw.strip() if isinstance(raw, str) else raw)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return None
    return value if math.isfinite(value) else None


def not_a_number_reason(raw: object) -> str:
    """Why ``raw`` is no value, for a rejected row: "'1e400' is not a finite number (it reads as
    infinity)" or "'W' is not a number"."""
    try:
        value = float(raw.strip() if isinstance(raw, str) else raw)  # type: ignore[arg-type]
    except (TypeError, ValueError, OverflowError):
        return f"{raw!r} is not a number"
    if math.isnan(value):
        return f"{raw!r} is not a finite number (not a number: NaN)"
    if math.isinf(value):
        return f"{raw!r} is not a finite number (it reads as infinity)"
    return f"{raw!r} is not a number"


def fmt_number(value: float | None, digits: int = 3) -> str:
    """A readable number: "0.123", "17.8", "12,345"; never scientific notation."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NO_VALUE
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    text = f"{value:.{digits}g}" if abs(value) < 1 else f"{value:.{max(digits - 2, 1)}f}"
    if "e" in text:
        text = f"{value:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def is_percent(unit: str | None) -> bool:
    """Whether a unit is a share in percent ("percent", "%", "% of GDP", "percent (approx.)")."""
    u = (unit or "").strip().lower()
    return any(u.startswith(w) for w in _PERCENT_WORDS)


def unit_suffix(unit: str | None) -> str:
    """How a unit follows a number: "%", "% of GDP", "% (approx.)", " billion US$"."""
    u = (unit or "").strip()
    if not u:
        return ""
    low = u.lower()
    for word in _PERCENT_WORDS:
        if low.startswith(word):
            rest = u[len(word):].strip()
            return "%" + (f" {rest}" if rest else "")
    return f" {u}"


def fmt_value(value: float | None, unit: str | None = "") -> str:
    """E.g. "17.8%", "77.1% of energy use", "7.75 billion US$"; "–" without a value."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NO_VALUE
    return fmt_number(value).replace("-", MINUS) + unit_suffix(unit)


def fmt_signed(value: float | None, unit: str | None = "") -> str:
    """A difference with its sign: "+2.3", "−9.29 points" (never scientific notation)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return NO_VALUE
    sign = "+" if value > 0 else (MINUS if value < 0 else "±")
    return sign + fmt_number(abs(value)) + (f" {unit}" if unit else "")


def fmt_difference(points: float | None, percent: float | None, *, share: bool) -> str:
    """Observed − claimed: "−9.29 percentage points (−46%)" for shares, else "+12 (+8%)"."""
    if points is None:
        return NO_VALUE
    text = fmt_signed(points, "percentage points" if share else "")
    if percent is not None and math.isfinite(percent):
        text += f" ({fmt_signed(percent)}%)"
    return text


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
