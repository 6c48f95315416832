"""A ruler's scale: round tick steps and a value's position in percent of the width."""

from __future__ import annotations

import math


def nice_step(span: float, target: int = 4) -> float:
    raw = span / max(target, 1)
    mag = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def position(value: float, lo: float, hi: float) -> float:
    """``value`` in percent of the ruler from ``lo`` to ``hi``; beyond an end, at that end."""
    if not math.isfinite(value):
        return 0.0 if value < 0 else 100.0
    return max(0.0, min(100.0, (value - lo) / (hi - lo) * 100))


def ordinal(n: int) -> str:
    """1 → "1st", 12 → "12th", 53 → "53rd"."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
