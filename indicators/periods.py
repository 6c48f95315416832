"""Periods of a year as articles and sources write them: "Q1 2024", "H1 2024", "Jan–Sep 2022",
"June 2022", "end-2022", "as of 2019-06-01", and undated statements ("undated, stated
2025-01-24").

One parser serves the claims file (a claim's `period`), the store's observations (their free-text
`period` column) and the judge (a claim is compared only with an observation of the same
period). A bottom utility: no I/O, no store, no claims. Hand-written because the texts are the
sources' own short labels (no date library reads "Jan-Sep 2022" or "H1 2024 (inferred)").
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, replace

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")
_ABBR = {m[:3].lower(): i for i, m in enumerate(MONTHS, start=1)}
# German abbreviations and names that differ from the English ones (articles quote both)
_ABBR |= {"mär": 3, "mae": 3, "mrz": 3, "mai": 5, "okt": 10, "dez": 12, "jän": 1}
_MONTH = r"([A-Za-zÄÖÜäöü]{3,9})\.?"
_DASH = r"\s*[-–—/]\s*"
_YEAR = r"((?:19|20|21)\d\d)"

UNDATED_PREFIX = "undated, stated "


@dataclass(frozen=True)
class Period:
    """A span of one year (months ``first``–``last``), a date, or an undated statement."""

    year: int
    first: int = 1  # first month (1–12)
    last: int = 12  # last month
    kind: str = "months"  # "months" | "date" | "undated"
    day: _dt.date | None = None  # for "date": the day; for "undated": the statement's date
    note: str = ""  # a qualifier kept from the text ("(inferred)")

    @property
    def annual(self) -> bool:
        return self.kind == "months" and (self.first, self.last) == (1, 12)

    @property
    def key(self) -> tuple:
        """What makes two periods the same (the note is not part of it)."""
        if self.kind == "months":
            return ("months", self.year, self.first, self.last)
        return (self.kind, self.day)

    @property
    def label(self) -> str:
        """The canonical text: "Q1 2024", "H1 2024", "June 2022", "Jan–Sep 2022", "2024",
        "end-2022", "1 Feb 2022", "undated, stated 2025-01-24"."""
        if self.kind == "undated":
            return f"{UNDATED_PREFIX}{self.day.isoformat()}"
        if self.kind == "date":
            if (self.day.month, self.day.day) == (12, 31):
                return f"end-{self.year}"
            return f"{self.day.day} {MONTHS[self.day.month - 1][:3]} {self.year}"
        if self.annual:
            return str(self.year)
        if self.first == self.last:
            return f"{MONTHS[self.first - 1]} {self.year}"
        if self.last - self.first == 2 and self.first % 3 == 1:
            return f"Q{self.first // 3 + 1} {self.year}"
        if (self.first, self.last) in ((1, 6), (7, 12)):
            return f"H{1 if self.first == 1 else 2} {self.year}"
        return f"{MONTHS[self.first - 1][:3]}–{MONTHS[self.last - 1][:3]} {self.year}"

    def shifted(self, years: int) -> Period:
        """The same part of another year ("Q1 2024" → "Q1 2023")."""
        day = None
        if self.day is not None:
            try:
                day = self.day.replace(year=self.day.year + years)
            except ValueError:  # 29 February
                day = self.day.replace(year=self.day.year + years, day=28)
        return replace(self, year=self.year + years, day=day, note="")

    def in_year(self, year: int) -> Period:
        return self.shifted(year - self.year)


def _month(text: str) -> int | None:
    return _ABBR.get(text[:3].lower()) if len(text) >= 3 else None


def _date(text: str) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_period(text: str | None, year: int | None = None) -> Period | None:
    """The period a text names, or None when it names none that can be matched.

    ``year``: the observation's year, used when the text is empty (the calendar year). A
    trailing qualifier in parentheses ("H1 2024 (inferred)", "Jan-Sep 2021 (comparison
    period)") is kept as the period's note.
    """
    text = (text or "").strip()
    if not text:
        return Period(year) if year is not None else None
    if text.startswith(UNDATED_PREFIX):
        day = _date(text[len(UNDATED_PREFIX):])
        return Period(day.year, kind="undated", day=day) if day else None
    core, note = text, ""
    if (m := re.fullmatch(r"(.*?)\s*(\([^()]*\))", text)) and m.group(1):
        core, note = m.group(1).strip(), m.group(2)
    found = _parse_core(core)
    if found is None:
        return None
    if year is not None and found.year != year and found.kind == "months":
        return None  # a label of another year than the row's: not this row's period
    return replace(found, note=note)


def _parse_core(text: str) -> Period | None:
    t = text.replace("\u00a0", " ").strip()
    if m := re.fullmatch(_YEAR, t):
        return Period(int(m.group(1)))
    if (m := re.fullmatch(r"Q([1-4])\s*" + _YEAR, t, re.I)) or \
            (m := re.fullmatch(_YEAR + r"\s*[-\s]?\s*Q([1-4])", t, re.I)):
        q, y = (m.group(1), m.group(2)) if t[0] in "Qq" else (m.group(2), m.group(1))
        first = 3 * (int(q) - 1) + 1
        return Period(int(y), first, first + 2)
    if m := re.fullmatch(r"H([12])\s*" + _YEAR, t, re.I):
        first = 1 if m.group(1) == "1" else 7
        return Period(int(m.group(2)), first, first + 5)
    if m := re.fullmatch(_MONTH + _DASH + _MONTH + r"\s+" + _YEAR, t):
        a, b = _month(m.group(1)), _month(m.group(2))
        if a and b and a <= b:
            return Period(int(m.group(3)), a, b)
        return None
    if m := re.fullmatch(_MONTH + r"\s+" + _YEAR, t):
        a = _month(m.group(1))
        return Period(int(m.group(2)), a, a) if a else None
    if m := re.fullmatch(_YEAR + r"-(\d\d)", t):
        a = int(m.group(2))
        return Period(int(m.group(1)), a, a) if 1 <= a <= 12 else None
    if m := re.fullmatch(r"(?:end|year-end|end of)[-\s]" + _YEAR, t, re.I):
        y = int(m.group(1))
        return Period(y, 12, 12, kind="date", day=_dt.date(y, 12, 31))
    if m := re.fullmatch(r"(?:as of\s+)?(\d{4}-\d\d-\d\d)", t, re.I):
        day = _date(m.group(1))
        return Period(day.year, day.month, day.month, kind="date", day=day) if day else None
    return None


def parse_claim_period(text: str) -> Period | None:
    """A claim's ``period``: a part of one year (a quarter, a half, a month or months)."""
    p = parse_period(text)
    if p is None or p.kind != "months" or p.annual or p.note:
        return None
    return p


def same_period(a: Period | None, b: Period | None) -> bool:
    return a is not None and b is not None and a.key == b.key


def part_of_year(text: str, year: int) -> tuple | None:
    """Which part of its year a period is, whatever the year ("Q1 2023" and "Q1 2024" are the
    same part); None when the text cannot be read."""
    p = parse_period(text, year)
    if p is None:
        return None
    if p.kind == "months":
        return ("months", p.first, p.last)
    return (p.kind, p.day.month, p.day.day) if p.day else (p.kind,)


def same_reference_date(a: str, b: str, year_a: int, year_b: int) -> bool:
    """Whether two observations of a ratio refer to the same date or period.

    An annual value and a year-end date of the same year are the same reference date (a stock
    at the end of the year); texts that cannot be read are the same only when equal.
    """
    if a == b and year_a == year_b:
        return True
    pa, pb = parse_period(a, year_a), parse_period(b, year_b)
    if pa is None or pb is None:
        return False

    def norm(p: Period) -> tuple:
        if p.kind == "date" and p.day is not None and (p.day.month, p.day.day) == (12, 31):
            return ("months", p.year, 1, 12)
        return p.key

    return norm(pa) == norm(pb)


def undated_period(stated: _dt.date) -> str:
    """The period the importer stores for a figure with a statement date and no reference
    period: "undated, stated 2025-01-24"."""
    return f"{UNDATED_PREFIX}{stated.isoformat()}"


def statement_date(period: str) -> _dt.date | None:
    """The statement date of an undated figure's period (None for any other period)."""
    p = parse_period(period)
    return p.day if p is not None and p.kind == "undated" else None
