"""The year and period a figure refers to: explicit ("im Jahr 2022", "Q1 2024", "Januar bis
September 2022", "in the fiscal year to June 2023") or relative to the publication date ("im
vergangenen Jahr", "last year", "im Oktober", "this year"), with how it was decided.

A figure takes the nearest time expression in its own stretch of the clause (from the previous
figure to the next), then the rest of its sentence, then the nearest earlier sentence of its
paragraph that names a time (an editor reads "In 2023 remittances reached $5.7 billion. Russia
sent $4.7 billion." as two statements about 2023). A base year ("seit 2014", "than in 2010",
"gegenüber 2021", "mehr als die Einnahmen von Januar bis September 2019") is the base of a
change, not the figure's year; a time expression that belongs to another figure's statement
("56%, and in 2021 17.5%"; "with 223 million people, produced 1.28 million barrels in the
second quarter") is that figure's, not this one's. With none, a forecast refers to the
publication year, and a statement in the present or past tense to the latest full year before
publication: the year whose annual figures can test it (so the Belarus article of February 2025
is about 2024), which the claim's comment says so that an editor who reads the present tense
as the publication year changes one number.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from indicators.draft import vocabulary as v

_QUARTER_WORDS = {"ersten": 1, "zweiten": 2, "dritten": 3, "vierten": 4, "first": 1,
                  "second": 2, "third": 3, "fourth": 4, "1.": 1, "2.": 2, "3.": 3, "4.": 4}
_NUMBER_WORDS = {"zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
                 "neun": 9, "elf": 11, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "seven": 7, "eight": 8, "nine": 9, "eleven": 11}
_M = v.MONTH.pattern[3:-3]
_Y = r"(?:19[5-9]\d|20[0-4]\d)"
_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("fiscal", re.compile(rf"\bfiscal\s+year\s+(?:to|ending(?:\s+in)?)\s+(?P<month>{_M})\s+"
                          rf"(?P<year>{_Y})|\b(?:haushalts|geschäfts|fiskal)jahr\s+(?P<y2>{_Y})",
                          re.IGNORECASE)),
    ("range", re.compile(rf"\b(?:von\s+|from\s+|zwischen\s+|between\s+)?(?P<m1>{_M})\b"
                         rf"(?:\s+(?P<y1>{_Y}))?\s*(?:bis|to|-|–|and|und)\s*(?P<m2>{_M})\b"
                         rf"(?:\s+(?P<y2>{_Y}))?", re.IGNORECASE)),
    ("first_months", re.compile(rf"\b(?:in\s+den\s+|in\s+the\s+)?(?:ersten|first)\s+"
                                rf"(?P<n>\w+)\s+(?:monaten|months)(?:\s+(?:of\s+)?(?P<year>{_Y}))?",
                                re.IGNORECASE)),
    ("quarter", re.compile(rf"\b(?P<q>ersten|zweiten|dritten|vierten|first|second|third|fourth|"
                           rf"[1-4]\.)\s+(?:quartal|quarter|vierteljahr)(?:\s+(?:of\s+)?"
                           rf"(?P<year>{_Y}))?|\bQ(?P<qn>[1-4])\s*(?P<y2>{_Y})", re.IGNORECASE)),
    ("half", re.compile(rf"\b(?P<h>ersten|zweiten|first|second)\s+(?:halbjahr|half)"
                        rf"(?:\s+(?:of\s+)?(?P<year>{_Y}))?|\bH(?P<hn>[12])\s*(?P<y2>{_Y})",
                        re.IGNORECASE)),
    ("month", re.compile(rf"\b(?:\d{{1,2}}\.?\s+)?(?P<month>{_M})\b(?:\s+\d{{1,2}}\b,?)?"
                         rf"(?:\s+(?P<year>{_Y}))?", re.IGNORECASE)),
    ("relative", re.compile(r"\b(?P<rel>" + v.trie(
        "im_vergangenen_jahr vergangenes_jahr im_letzten_jahr letztes_jahr im_vorjahr vorjahr "
        "dieses_jahr diesem_jahr in_diesem_jahr im_laufenden_jahr heuer nächstes_jahr "
        "im_kommenden_jahr seit_jahresbeginn last_year this_year next_year the_year_before "
        "a_year_earlier the_previous_year so_far_this_year year_to_date last_week this_week "
        "last_month this_month derzeit inzwischen currently now".split()) + r")\b",
        re.IGNORECASE)),
    ("year", re.compile(rf"(?<![\d.,])(?P<year>{_Y})(?![\d.,]\d|\s*(?:%|prozent|percent))",
                        re.IGNORECASE)),
]
_SINCE = re.compile(r"\b(?:seit|since)\b[^.,;\d]{0,35}$", re.IGNORECASE)
_BASE_BEFORE = re.compile(r"(?:seit|since|gegenüber|verglichen\s+mit|compared\s+with|than\s+in|"
                          r"than\s+the|than|as\s+in|wie|als|als\s+im|vs\.?)\s+(?:dem\s+jahr\s+|the\s+year\s+|"
                          r"ende\s+|end\s+of\s+)?$", re.IGNORECASE)
# "mehr als die Einnahmen von Januar bis September 2019", "higher than the level of 2019": the
# time after a comparison is what the figure is compared with (no number in between).
_COMPARED_BEFORE = re.compile(
    r"\b(?:(?:mehr|weniger|höher|niedriger|größer|kleiner|stärker|schwächer)\s+als|"
    r"(?:more|less|higher|lower|greater|larger|smaller|fewer|bigger)\s+than|"
    r"(?:so\s+viel|doppelt\s+so\s+\w+)\s+wie|(?:as\s+much|twice\s+as\s+\w+)\s+as)"
    r"\s+(?:die|der|das|den|dem|des|im|in|bei|the|in|at|during|that|those|its|their)\b"
    r"[^.;:!?\d]{0,60}$", re.IGNORECASE)  # "more than a fifth": a bound, not a comparison
_END_BEFORE = re.compile(r"(?:bis|by|until)\s+(?:ende\s+|end\s+of\s+)?$", re.IGNORECASE)
_YEAR_END = re.compile(r"(?:ende|end\s+of|end-)\s*$", re.IGNORECASE)


@dataclass
class TimeRef:
    start: int
    end: int
    kind: str  # fiscal | range | first_months | quarter | half | month | relative | year
    year: int | None
    period: str = ""
    role: str = "plain"  # plain | base | end
    note: str = ""
    month: int = 0


def find_times(text: str, published: dt.date, start: int = 0, end: int | None = None
               ) -> list[TimeRef]:
    end = len(text) if end is None else end
    refs: list[TimeRef] = []
    taken = bytearray(len(text) + 1)  # characters already read as a time expression
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text, start, end):
            if any(taken[m.start():m.end()]):
                continue
            ref = _read(kind, m, text, published)
            if ref is None:
                continue
            refs.append(ref)
            taken[m.start():m.end()] = b"\x01" * (m.end() - m.start())
    refs.sort(key=lambda r: r.start)
    return refs


def _year_of_month(month: int, published: dt.date) -> int:
    return published.year if month <= published.month else published.year - 1


def _read(kind: str, m: re.Match, text: str, published: dt.date) -> TimeRef | None:
    d = m.groupdict()
    before = text[max(0, m.start() - 25):m.start()]
    role = "base" if _BASE_BEFORE.search(before) or _SINCE.search(
        text[max(0, m.start() - 45):m.start()]) or _COMPARED_BEFORE.search(
        text[max(0, m.start() - 90):m.start()]) else "end" if _END_BEFORE.search(before) \
        else "plain"
    if kind == "year":
        year = int(d["year"])
        ref = TimeRef(m.start(), m.end(), kind, year, str(year), role)
        if _YEAR_END.search(before):
            ref.period, ref.note = f"end of {year}", "year-end"
        return ref
    if kind == "fiscal":
        if d.get("year"):
            month = v.MONTHS[d["month"].lower()]
            year = int(d["year"])
            return TimeRef(m.start(), m.end(), kind, year,
                           f"fiscal year to {v.MONTH_NAMES[month - 1]} {year}", role)
        return TimeRef(m.start(), m.end(), kind, int(d["y2"]), f"fiscal year {d['y2']}", role)
    if kind == "range":
        m1, m2 = v.MONTHS[d["m1"].lower()], v.MONTHS[d["m2"].lower()]
        y2 = int(d["y2"]) if d.get("y2") else None
        y1 = int(d["y1"]) if d.get("y1") else None
        year = y2 or y1 or _year_of_month(m2, published)
        label = (f"{v.MONTH_NAMES[m1 - 1]} {y1}–{v.MONTH_NAMES[m2 - 1]} {year}" if y1 and y1 != year
                 else f"{v.MONTH_NAMES[m1 - 1]}–{v.MONTH_NAMES[m2 - 1]} {year}")
        return TimeRef(m.start(), m.end(), kind, year, label, role,
                       "" if (y1 or y2) else "year from the publication date", month=m2)
    if kind == "first_months":
        n = _NUMBER_WORDS.get(d["n"].lower()) or (int(d["n"]) if d["n"].isdigit() else None)
        if not n or n > 12:
            return None
        year = int(d["year"]) if d.get("year") else _year_of_month(n, published)
        return TimeRef(m.start(), m.end(), kind, year, f"Jan–{v.MONTH_NAMES[n - 1]} {year}", role,
                       "" if d.get("year") else "year from the publication date", month=n)
    if kind == "quarter":
        q = int(d["qn"]) if d.get("qn") else _QUARTER_WORDS[d["q"].lower()]
        y = d.get("year") or d.get("y2")
        year = int(y) if y else _year_of_month(q * 3, published)
        return TimeRef(m.start(), m.end(), kind, year, f"Q{q} {year}", role,
                       "" if y else "year from the publication date", month=q * 3)
    if kind == "half":
        h = int(d["hn"]) if d.get("hn") else (1 if d["h"].lower() in ("ersten", "first") else 2)
        y = d.get("year") or d.get("y2")
        year = int(y) if y else _year_of_month(h * 6, published)
        return TimeRef(m.start(), m.end(), kind, year, f"H{h} {year}", role,
                       "" if y else "year from the publication date", month=h * 6)
    if kind == "month":
        word = d["month"]
        if word.lower() == "may" and not word[0].isupper():
            return None  # the verb "may"
        if word.lower() in ("march",) and not word[0].isupper():
            return None
        month = v.MONTHS[word.lower()]
        year = int(d["year"]) if d.get("year") else None
        ref = TimeRef(m.start(), m.end(), kind, year,
                      f"{v.MONTH_NAMES[month - 1]} {year}" if year else "", role, month=month)
        return ref
    rel = re.sub(r"\s+", " ", d["rel"].lower())
    if rel in ("im vergangenen jahr", "vergangenes jahr", "im letzten jahr", "letztes jahr",
               "last year"):
        return TimeRef(m.start(), m.end(), kind, published.year - 1, str(published.year - 1),
                       role, f"'{d['rel']}' in a text published {published.isoformat()}")
    if rel in ("dieses jahr", "diesem jahr", "in diesem jahr", "im laufenden jahr", "heuer",
               "this year", "so far this year", "year to date", "seit jahresbeginn",
               "last week", "this week", "last month", "this month"):
        period = (f"Jan–{v.MONTH_NAMES[published.month - 1]} {published.year}"
                  if rel in ("seit jahresbeginn", "so far this year", "year to date") else "")
        return TimeRef(m.start(), m.end(), kind, published.year, period or str(published.year),
                       role, f"'{d['rel']}' in a text published {published.isoformat()}")
    if rel in ("nächstes jahr", "im kommenden jahr", "next year"):
        return TimeRef(m.start(), m.end(), kind, published.year + 1, str(published.year + 1),
                       role, f"'{d['rel']}' in a text published {published.isoformat()}")
    if rel in ("derzeit", "inzwischen", "currently", "now"):
        return None  # present tense: the default applies
    return TimeRef(m.start(), m.end(), kind, None, "", role, f"'{d['rel']}': the year before")


@dataclass
class YearReading:
    year: int
    basis: str  # explicit | inferred from context | inferred from publication date
    period: str
    named: bool
    note: str
    base_year: int | None = None


@dataclass(frozen=True)
class Frame:
    """Where else a figure's time may come from, and where it may not."""

    earlier: tuple[tuple[int, int], ...] = ()  # earlier sentences of the paragraph, nearest first
    others: tuple[tuple[int, int], ...] = ()  # stretches that state another figure's time


def statement_frame(text: str, fig: tuple[int, int], sentence_figures: list[tuple[int, int]],
                    clauses: list[tuple[int, int]],
                    earlier: tuple[tuple[int, int], ...] = ()) -> Frame:
    """The stretches of the sentence whose time belongs to another figure: the clause of a
    later figure ("…, produced 1.28 million barrels in the second quarter") and, up to the
    next figure, what follows a conjunction after this one ("56%, and in 2021 - 17.5%")."""
    def clause_of(pos: int) -> tuple[int, int] | None:
        return next((c for c in clauses if c[0] <= pos < c[1]), None)

    own = clause_of(fig[0])
    later = [g for g in sentence_figures if g[0] >= fig[1]]
    others = [c for g in later if (c := clause_of(g[0])) is not None and c != own]
    if later:
        nxt = min(later)
        if (m := _CONJUNCTION.search(text, fig[1], nxt[0])) is not None:
            others.append((m.start(), nxt[0]))
    return Frame(earlier, tuple(others))


def year_for(refs: list[TimeRef], window: tuple[int, int], sentence: tuple[int, int],
             fig_pos: int, published: dt.date, forecast: bool,
             taken: set[int], since: bool = False, latest: bool = False,
             text: str = "", frame: Frame = Frame()) -> YearReading:
    """The figure's year from the refs in its window, then its sentence, then the earlier
    sentences of its paragraph, then publication."""
    def own(found: list[TimeRef]) -> list[TimeRef]:
        return [r for r in found if not any(s <= r.start < e for s, e in frame.others)]

    in_window = own(_between(refs, *window))
    in_sentence = own(_between(refs, *sentence))
    base = next((r.year for r in in_window if r.role == "base" and r.year), None) or next(
        (r.year for r in in_sentence if r.role == "base" and r.year and r.kind == "year"
         and r.start < fig_pos), None)
    # "bis Ende 2023 auf 84 Prozent": the level the figure reaches by then is that year's
    plain = [r for r in in_window if (r.role == "plain" or r.role == "end" and r.end <= fig_pos)
             and (r.year or r.kind in ("month", "relative"))]
    if plain:
        ref = min(plain, key=lambda r: _distance(r, fig_pos, window, text))
        return _resolve(ref, in_sentence, published, "explicit", base)
    others = [r for r in in_sentence if r.role == "plain" and (
        r.year or r.kind == "month") and r.kind != "relative"]
    if since:
        others = []  # "seit 2017 verdoppelt", "have since fallen": the change runs to now
    if others:
        ref = (max(others, key=lambda r: (r.year or 0, r.start)) if latest else
               min(others, key=lambda r: _distance(r, fig_pos, window, text)))
        reading = _resolve(ref, in_sentence, published, "inferred from context", base)
        reading.named = False
        if ref.start >= window[1] or ref.end <= window[0]:
            reading.period = ""  # another statement's month: only its year is carried over
        return reading
    rel = [r for r in in_sentence if r.kind == "relative" and r.year]
    if rel:
        r = rel[0]
        return YearReading(r.year, "inferred from publication date", r.period if not
                           r.period.isdigit() else "", False, r.note, base)
    if since:
        year = published.year if published.month >= 7 else published.year - 1
        return YearReading(year, "inferred from publication date", "", False,
                           "a change 'since' an earlier date runs to the latest data at "
                           f"publication ({published.isoformat()})", base)
    if forecast:
        return YearReading(published.year, "inferred from publication date", "", False,
                           f"a forecast in a text published {published.isoformat()}: read as "
                           f"{published.year}", base)
    # A year carries over when it was stated ("2023", "last year", "Januar bis September
    # 2022"), not when it was itself guessed for a month or quarter named without one.
    # The nearest earlier sentence that names a time sets the frame.
    for earlier in frame.earlier:
        ref = next((r for r in _between(refs, *earlier) if r.role == "plain" and (
            r.year or r.kind == "month")), None)
        if ref is None:
            continue
        if ref.year and not ref.note.startswith("year from the publication"):
            words = text[ref.start:ref.end] if text else ref.period
            return YearReading(ref.year, "inferred from context", "", False,
                               f"the year of an earlier sentence of the paragraph ('{words}')",
                               base)
        break
    return YearReading(published.year - 1, "inferred from publication date", "", False,
                       f"no year in the words; read as the latest full year before publication "
                       f"({published.isoformat()}), whose annual figures test it (if the words "
                       f"mean the state at publication, {published.year})", base)


def _resolve(ref: TimeRef, in_sentence: list[TimeRef], published: dt.date, basis: str,
             base: int | None) -> YearReading:
    if ref.kind == "month" and ref.year is None:
        earlier = [r for r in in_sentence
                   if r.year and r.start < ref.start and r.kind != "relative"]
        year = earlier[-1].year if earlier else _year_of_month(ref.month, published)
        note = ("year from the sentence" if earlier else
                f"month without a year in a text published {published.isoformat()}")
        return YearReading(year, "inferred from context" if earlier else
                           "inferred from publication date",
                           f"{v.MONTH_NAMES[ref.month - 1]} {year}", False, note, base)
    if ref.kind == "relative" and ref.year is None:
        earlier = [r for r in in_sentence if r.year and r.start < ref.start]
        year = (earlier[-1].year - 1) if earlier else published.year - 2
        return YearReading(year, "inferred from context", "", False, ref.note, base)
    named = ref.kind == "year" and not ref.note
    if ref.kind in ("relative",):
        basis = "inferred from publication date"
    elif ref.note.startswith("year from the publication") or ref.note.startswith("month without"):
        basis = "inferred from publication date"
    period = ref.period if ref.kind not in ("year", "relative") else (
        ref.period if ref.period.startswith("end of") else "")
    if ref.period.startswith("end of"):
        period = ""
    return YearReading(ref.year or published.year - 1, basis, period, named, ref.note, base)


_CONJUNCTION = re.compile(r"\b(?:und|and|while|während|whereas|but|aber|sowie)\b|[,;]\s",
                          re.IGNORECASE)


def _distance(ref: TimeRef, fig_pos: int, window: tuple[int, int], text: str) -> int:
    """How far a time expression is from the figure; one after it is read with it ("auf 6,2
    Prozent im Dezember") unless a conjunction starts a new statement in between."""
    if ref.start >= fig_pos:
        between = text[fig_pos:ref.start] if text else ""
        return max(0, ref.start - fig_pos - 12) + (40 if _CONJUNCTION.search(between) else 0)
    return fig_pos - ref.end


def _between(refs: list[TimeRef], start: int, end: int) -> list[TimeRef]:
    """The refs (sorted by position) that start in [start, end)."""
    lo, hi = 0, len(refs)
    while lo < hi:
        mid = (lo + hi) // 2
        if refs[mid].start < start:
            lo = mid + 1
        else:
            hi = mid
    out = []
    for ref in refs[lo:]:
        if ref.start >= end:
            break
        out.append(ref)
    return out
