"""Claims and observations in the article's own terms: "+29.6 points", "−4.7%", "doubled",
"from 48.9 to 78.5 percent", "146 billion euros", "second-largest among its peers", "Q1 2024".

The one place these words are made, so the CLI, JSON, exports, ClaimReview and dashboard say
the same. A bottom utility beside `indicators.numbers`: it reads a claim's fields and a point's
value, unit and inputs (duck-typed, no imports from above) and knows no rules.
"""

from __future__ import annotations

from indicators.numbers import MINUS, fmt_number, fmt_signed, when

_MULTIPLES = {2: "doubled", 3: "tripled", 4: "quadrupled", 0.5: "halved"}
_ORDINALS = ("", "", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")
_COUNT_WORDS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten")


def _num(value: float) -> str:
    return fmt_number(value).replace("-", MINUS)


def _bound(bound: str) -> str:
    return "" if bound in ("about", "") else bound + " "


def level_text(value: float, unit: str, bound: str = "about", scale: str = "") -> str:
    """E.g. "more than 50 percent", "146 billion euros"."""
    return f"{_bound(bound)}{_num(value)} {' '.join(x for x in (scale, unit) if x)}".strip()


def amount(value: float, unit: str = "") -> str:
    """A large amount with a scale word: "2.29 trillion", "1.99 billion" (shares and small
    numbers as they are); never scientific notation."""
    low = (unit or "").lower()
    if not low.startswith(("percent", "%")):
        for word, factor in (("trillion", 1e12), ("billion", 1e9), ("million", 1e6)):
            if abs(value) >= factor:
                return f"{_num(value / factor)} {word}"
    return _num(value)


def multiple_text(value: float) -> str:
    """"doubled", "halved", "2.6 times"."""
    for k, word in _MULTIPLES.items():
        if abs(value - k) < 1e-9:
            return word
    return f"{_num(value)} times"


def change_value_text(change: str, value: float, unit: str = "", scale: str = "") -> str:
    """A change as a number with its sign: "+29.6 points", "−4.7%", "doubled", "+5 billion
    euros"."""
    if change == "percent":
        return fmt_signed(value) + "%"
    if change == "multiple":
        return multiple_text(value)
    low = (unit or "").lower()
    words = "points" if low.startswith(("percent", "%")) else " ".join(
        x for x in (scale, unit) if x)
    return fmt_signed(value, words)


def _signed_size(change: str, value: float, bound: str, unit: str, scale: str) -> str:
    """A bounded change in words: "a fall of more than 4%", "a rise of almost 5 points"."""
    size = change_value_text(change, abs(value), unit, scale).lstrip("+")
    return f"a {'fall' if value < 0 else 'rise'} of {bound} {size}"


def rank_word(rank: int, order: str = "largest") -> str:
    """1 → "largest", 2 → "second-largest", 12 → "12th-largest"."""
    if rank <= 1:
        return order
    word = _ORDINALS[rank] if rank < len(_ORDINALS) else _ordinal(rank)
    return f"{word}-{order}"


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def among_text(claim) -> str:
    if claim.among == "all":
        return "all economies with data"
    if claim.among == "group":
        return f"the economies of {getattr(claim, 'among_label', '') or claim.members[0]}"
    codes = claim.peers if claim.among == "peers" else claim.members
    what = "its peers" if claim.among == "peers" else ""
    listed = ", ".join(codes)
    return f"{what} ({listed})".strip() if what else listed


def rank_text(claim) -> str:
    """"second-largest among its peers (RUS, UKR)", "among the 3 largest of all economies with
    data"."""
    n = int(claim.value)
    if claim.bound in ("at most", "less than", "under") and n > 1:
        count = _COUNT_WORDS[n] if n < len(_COUNT_WORDS) else str(n)
        return f"among the {count} {claim.order} of {among_text(claim)}"
    prefix = "" if claim.bound in ("about", "exactly") else claim.bound + " "
    return f"{prefix}{rank_word(n, claim.order)} among {among_text(claim)}"


def span_text(claim) -> str:
    """The span of a change: "2014 → 2023", "Q1 2023 → Q1 2024"."""
    base = claim.base_period or str(claim.base_year)
    end = claim.period or str(claim.year)
    return f"{base} → {end}"


def shaped_claim(claim) -> bool:
    """More than a plain level in a calendar year: a change, a rank, a period, an amount with
    a scale or currency (shown with `claim_text`, never as a bare number and unit)."""
    return (getattr(claim, "kind", "level") != "level" or bool(getattr(claim, "period", ""))
            or bool(getattr(claim, "scale", "")) or bool(getattr(claim, "currency", "")))


def claim_text(claim) -> str:
    """The claim in the article's terms, with its period or span where it has one."""
    if claim.value is None:
        return "qualitative"
    if claim.kind == "rank":
        text = rank_text(claim)
    elif claim.kind == "change":
        if claim.change == "endpoints":
            text = (f"from {_num(claim.base_value)} to "
                    f"{level_text(claim.value, claim.unit, 'about', claim.scale)}")
        elif claim.bound not in ("about", "exactly") and claim.change != "multiple":
            text = _signed_size(claim.change, claim.value, claim.bound, claim.unit, claim.scale)
        else:
            text = change_value_text(claim.change, claim.value, claim.unit, claim.scale)
            if claim.change == "multiple" and claim.bound not in ("about", "exactly"):
                text = f"{claim.bound} {text}"
        return f"{text}, {span_text(claim)}"
    else:
        text = level_text(claim.value, claim.unit, claim.bound, claim.scale)
    return f"{text}, {claim.period}" if claim.period else text


def observed_text(claim, point) -> str:
    """An observation in the claim's terms: "−2.1% (2022 → 2023)", "fourth-largest (4 of
    13)", "4,160 billion euros in 2023"; a plain level as the number with its unit."""
    if point is None:
        return "–"
    derivation = getattr(point, "derivation", "")
    if derivation == "rank":
        n, of = int(point.value), len(point.inputs)
        return f"{rank_word(n, getattr(claim, 'order', 'largest'))} ({n} of {of}, {when(point)})"
    if derivation == "growth":  # growth rates read directly, or compounded over the span
        change = getattr(claim, "change", "percent") or "percent"
        years = (f"{when(point.inputs[0])}–{when(point)}" if len(point.inputs) > 1
                 else when(point))
        return f"{change_value_text(change, point.value)} ({years})"
    if derivation == "change":
        change = getattr(claim, "change", "points") or "points"
        text = change_value_text(change, point.value, _level_unit(point), "")
        if len(point.inputs) == 2:
            base, end = point.inputs
            text += (f" (from {amount(base.value, end.unit)} in {when(base)} to "
                     f"{amount(end.value, end.unit)} {end.unit} in {when(end)})")
        else:
            text += f" ({when(point)})"
        return text.replace("  ", " ")
    return f"{_num(point.value)} {point.unit} ({when(point)})".replace("  ", " ")


def _level_unit(point) -> str:
    return point.inputs[-1].unit if point.inputs else point.unit
