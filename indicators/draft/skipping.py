"""Numbers that are not economic claims, and why: dates, years used as dates, ages, durations,
counts of people and firms, casualties, distances, thresholds and targets quoted as rules,
election results, polls, and figures whose sentence names no economic measure.

Each rule looks only at the figure and the words around it; the first that applies gives the
reason listed at the top of the drafted file.
"""

from __future__ import annotations

import re

from indicators.draft import vocabulary as v
from indicators.draft.model import Figure

_DE_DATE = re.compile(r"\.\s*(?:" + v.MONTH.pattern[3:-3] + r")\b", re.IGNORECASE)


def skip_reason(fig: Figure, text: str, sentence: tuple[int, int], clause: tuple[int, int],
                paragraph: tuple[int, int], published_year: int,
                previous: tuple[int, int] | None = None) -> str | None:
    """Why ``fig`` is not drafted, or None when it reads as an economic claim."""
    after = text[fig.end:fig.end + 60]
    before = text[max(sentence[0], fig.start - 60):fig.start]
    bare = not (fig.unit or fig.currency or fig.scale)
    if fig.form == "digits" and bare:
        reason = _bare_number(fig, text, after, before)
        if reason:
            return reason
    if fig.form in ("digits", "words") and (fig.unit in ("", "times") or not fig.unit):
        if v.AGE.match(text[fig.end:fig.end + 14]) or re.match(r"\s*-\s*(?:to|bis)\s+\d+-",
                                                                 after):
            return "age"
        if re.search(r"(?:im alter von|aged|alter:)\s*$", before, re.IGNORECASE):
            return "age"
        if bare and re.search(r"\b[A-ZÄÖÜ][\wäöüß.-]+,\s*$", before) and after.startswith(","):
            return "age"
        if v.DURATION.match(after.lstrip()) and not fig.currency:
            return "duration"
        if v.DISTANCE.match(after.lstrip()):
            return "distance"
    noun_zone = text[fig.end:fig.end + 40]
    sentence_text = text[sentence[0]:sentence[1]]
    clause_text = text[clause[0]:clause[1]]
    if fig.unit in ("", "people") and not fig.currency:
        if v.CASUALTY.search(text[fig.end:sentence[1]][:60]):
            return "casualties"
        if v.FIRMS.match(_words_after(noun_zone, 1)):
            return "count of firms"
        people = v.PEOPLE.match(_words_after(noun_zone, 1)) or v.PEOPLE.match(
            _words_after(noun_zone, 2).split(" ")[-1])
        if people and not v.POPULATION.search(text[max(sentence[0], fig.start - 60):
                                                   fig.end + 30]):
            return "count of people"
    if fig.unit == "percent" and v.FIRMS.search(_words_after(noun_zone, 3)):
        return "composition of a count of firms, not a macro figure"
    if v.RULE.search(text[max(clause[0], fig.start - 45):fig.start]) or v.RULE.match(
            _words_after(text[fig.end:fig.end + 30], 1)) or \
            v.RULE_AFTER.match(after) or re.match(r"\s*(?:a|per|im|pro)\s+month,?\s+a\s+rule",
                                                  re.sub(r"^\s*[a-z]+", "", after)):
        return "threshold quoted as a rule"
    if _is_target(fig, text, clause, published_year):
        return "a target, not a claim"
    if fig.unit == "percent" and (v.ELECTION.search(clause_text) or v.ELECTION.search(
            sentence_text) and not v.ECONOMIC.search(clause_text)):
        return "election result, not an economic figure"
    if v.POLL.search(sentence_text):
        return "opinion poll, not an economic figure"
    if fig.form == "rank":
        return None  # ranks are checked for an economic noun where they are read
    if not fig.currency and not v.ECONOMIC.search(sentence_text) and not (
            v.POPULATION.search(text[max(0, fig.start - 30):fig.end + 30])) and not (
            previous and _elliptic(sentence_text) and v.ECONOMIC.search(
                text[previous[0]:previous[1]])):
        return "no economic measure named in its sentence"
    if bare and fig.form in ("digits", "words"):
        return "a number with no unit"
    return None


def _bare_number(fig: Figure, text: str, after: str, before: str) -> str | None:
    value = fig.written
    if value == int(value) and 1900 <= value <= 2100 and "." not in text[fig.start:fig.end] \
            and "," not in text[fig.start:fig.end]:
        return "year used as a date"
    if value == int(value) and 1 <= value <= 31:
        if _DE_DATE.match(text[fig.end:fig.end + 14]):
            return "date"
        if v.MONTH.match(after.lstrip()) or re.search(
                r"\b(?:" + v.MONTH.pattern[3:-3] + r")\s*$", before, re.IGNORECASE):
            return "date"
        if re.match(r"\.\s*(?:Platz|Stelle|Rang)\b", text[fig.end:fig.end + 10]):
            return "ordinal (a place in a list)"
        if re.match(r"\s*(?:uhr|a\.m\.|p\.m\.|am\b|pm\b)", after, re.IGNORECASE):
            return "time of day"
    return None


def _words_after(zone: str, n: int) -> str:
    words = re.findall(r"[A-Za-zÄÖÜäöüß-]+", zone)
    skip = {"weitere", "mehr", "als", "more", "than", "other", "politische", "political",
            "young", "junge", "foreign", "ausländische", "garment", "new", "neue"}
    words = [w for w in words if w.lower() not in skip]
    return " ".join(words[:n])


def _is_target(fig: Figure, text: str, clause: tuple[int, int], published_year: int) -> bool:
    """A plan with a future deadline ("bis 2030 halbieren", "by 2030")."""
    zone = text[max(clause[0], fig.start - 40):fig.start]
    after = text[fig.end:min(clause[1], fig.end + 25)]
    for m in list(re.finditer(r"\b(?:bis|by|until)\s+(20\d\d)\b", zone)) + list(
            re.finditer(r"^\s*(?:bis|by|until)\s+(20\d\d)\s+(?:\w+\s+)?(?:halbier|verdoppel|"
                        r"erhöh|senk|reduz|cut|halve|double|raise|reduce)", after)):
        plan_zone = text[max(0, clause[0] - 80):clause[1]]
        if int(m.group(1)) > published_year and v.PLAN.search(plan_zone):
            return True
    return False


def _elliptic(sentence_text: str) -> bool:
    """A sentence that continues the previous one's measure ("Im Gesamtjahr waren es …",
    "Etwa 77 Prozent davon …", "up 9.4 per cent")."""
    return bool(re.search(r"\b(?:es|davon|dies|this|that|it|those|these|this\s+year|each)\b|"
                          r"^\W*(?:\d|im|in|and|und|while|whereas)\b", sentence_text,
                          re.IGNORECASE))
