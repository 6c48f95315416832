"""How the words bound a figure: "rund", "gut", "knapp", "mehr als", "unter", "about",
"almost", "more than", "at least" … → the claims format's `bound`.

The bound word stands right before the figure (a few filler words may come between: "an
estimated", "die", "a record"). With no bound word a figure in digits is "exactly" what it
says (its precision is half its last digit), a fraction "about" (fractions are approximate).
"""

from __future__ import annotations

import re

# (words before the figure, bound), longest phrases first within each language
_BOUNDS = {
    "de": [
        ("knapp über|knapp oberhalb", "more than"), ("knapp unter|knapp unterhalb", "less than"),
        ("mehr als|über|oberhalb von|gut|deutlich über|weit über", "more than"),
        ("weniger als|unter|unterhalb von|nicht einmal", "less than"),
        ("mindestens|wenigstens|nicht weniger als", "at least"),
        ("höchstens|maximal|bis zu|nicht mehr als", "at most"),
        ("fast|beinahe|knapp|annähernd", "almost"), ("nahezu|nahe", "nearly"),
        ("rund|etwa|ca\\.|circa|zirka|ungefähr|schätzungsweise|um die|an die|gegen|geschätzte",
         "about"),
    ],
    "en": [
        ("just over|just above|slightly more than", "more than"),
        ("just under|just below|slightly less than", "almost"),
        ("more than|over|above|upwards of|in excess of|greater than", "more than"),
        ("less than|fewer than|under|below", "less than"),
        ("at least|no less than|a minimum of", "at least"),
        ("at most|up to|no more than|a maximum of", "at most"),
        ("almost|close to|all but", "almost"), ("nearly", "nearly"),
        ("about|around|roughly|approximately|some|an estimated|estimated|approx\\.|circa|c\\.|"
         "nearly half|round about", "about"),
    ],
}
_FILLER = r"(?:(?:die|der|das|den|dem|ein|eine|einem|einen|the|a|an|record|rekord|gut|just)\s+)?"
_COMPILED = {
    lang: [(re.compile(rf"(?<![\wäöüß])(?P<w>{words})\s+{_FILLER}(?:[$€£]|US\$)?$",
                       re.IGNORECASE), bound) for words, bound in rules]
    for lang, rules in _BOUNDS.items()
}


def read_bound(text: str, start: int, lang: str, form: str, lower: int = 0) -> tuple[str, str]:
    """(bound, the words that say it) for a figure starting at ``start``."""
    before = text[max(lower, start - 40):start]
    for pattern, bound in _COMPILED[lang]:
        m = pattern.search(before)
        if m:
            words = m.group("w")
            if lang == "de" and words.lower() == "über" and re.search(
                    r"\b(?:sich|beliefen|verfügt)\s+über\s*$", before, re.IGNORECASE):
                continue  # "verfügt über", "belief sich über": a verb's object, not a bound
            if lang == "en" and words.lower() == "up to" and re.search(
                    r"\b(?:picked|went|moved|ticked|climbed|revised|rose|jumped|shot)\s+up\s+to"
                    r"\s*$", before, re.IGNORECASE):
                continue
            if lang == "en" and words.lower() in ("over", "under", "some") and re.search(
                    r"\b(?:over|under)\s+the\s*$|\bsome\s+of\s*$", before, re.IGNORECASE):
                continue
            return bound, words
    verb = re.search(r"\b(?:überschr\w*|übertr\w*|überst\w*|exceed\w*|topp\w*|surpass\w*)"
                     r"\s+(?:\w+\s+){0,2}(?:[$€£]|US\$)?$", before, re.IGNORECASE)
    if verb:
        return "more than", verb.group().split()[0]
    if form == "fraction" and re.match(r"\s*of\s+a\s+(?:percentage\s+)?point|\s*Prozentpunkt",
                                       text[start:start + 60].split(" ", 2)[-1]):
        return "exactly", ""
    if form == "fraction" or (form == "multiple" and re.search(r"\b(?:about|around|rund|etwa)"
                                                              r"\s*$", before)):
        return "about", ""
    return "exactly", ""


def precision_for(fig_precision: float, value: float, unit: str, form: str, bound: str
                  ) -> tuple[float, str]:
    """The half-width the wording implies, and a note saying why."""
    if form == "fraction":
        return fig_precision, ("a simple fraction: about halfway to the neighbouring simple "
                               "fractions")
    if form == "rank":
        return 0.0, "a rank is exact"
    if unit in ("percent", "percent of GDP") and value == int(value) and abs(value) >= 10 \
            and value % 5 == 0 and fig_precision >= 0.5:
        return 2.5, "a round figure, read as rounded to the nearest 5"
    return fig_precision, "half a unit of the last digit written"
