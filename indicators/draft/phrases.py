"""Figures written as words that are not plain numbers: fractions ("ein Fünftel", "two-thirds",
"jeder fünfte"), multiples ("verdoppelt", "tripled", "das 2,8-Fache", "twice as") and ranks
("zweitgrößter Abnehmer", "the largest trading partner", "an dritter Stelle").

`text_to_num` does not cover these (it turns "a third" into "a 3rd"), so they have their own
small tables. A fraction is a share in percent ("ein Drittel" → 33.3); its precision is about
half the distance to the neighbouring simple fractions (a fifth: ±3).
"""

from __future__ import annotations

import re

from indicators.draft.model import Figure

# denominator word → (value in percent, precision in points)
_DE_DEN = {"hälfte": (50.0, 5.0), "drittel": (33.3, 4.0), "viertel": (25.0, 3.0),
           "fünftel": (20.0, 3.0), "sechstel": (16.7, 1.5), "achtel": (12.5, 1.0),
           "zehntel": (10.0, 1.5)}
_EN_DEN = {"half": (50.0, 5.0), "third": (33.3, 4.0), "quarter": (25.0, 3.0), "fifth": (20.0, 3.0),
           "sixth": (16.7, 1.5), "eighth": (12.5, 1.0), "tenth": (10.0, 1.5)}
_NUMERATORS = {"ein": 1, "eine": 1, "einem": 1, "einen": 1, "einer": 1, "die": 1, "das": 1,
               "zwei": 2, "drei": 3, "vier": 4, "a": 1, "one": 1, "two": 2, "three": 3,
               "four": 4, "nine": 9, "neun": 9}
_DE_FRACTION = re.compile(
    r"\b(?:(?P<num>ein|eine|einem|einen|einer|die|der|das|zwei|drei|vier|neun)\s+)?"
    r"(?P<den>Hälfte|Drittel|Viertel|Fünftel|Sechstel|Achtel|Zehntel)(?:n)?\b"
    r"|\b(?P<dreiviertel>[Dd]reiviertel)\b")
_EN_FRACTION = re.compile(
    r"\b(?P<num>a|one|two|three|four|nine)[\s-](?P<den>half|thirds?|quarters?|fifths?|sixths?|"
    r"eighths?|tenths?)\b|\b(?P<half>half)\s+(?:of|the)\b"
    r"|\b(?:than|by|nearly|almost|about|around|over|roughly)\s(?P<half2>half)\b")
_EVERY = {"de": re.compile(r"\b(?:jede[rs]?)\s+(?P<den>zweite|dritte|vierte|fünfte|zehnte)[rns]?\b",
                           re.IGNORECASE),
          "en": re.compile(r"\bone\s+in\s+(?P<den>two|three|four|five|ten)\b", re.IGNORECASE)}
_EVERY_VALUE = {"zweite": 50.0, "dritte": 33.3, "vierte": 25.0, "fünfte": 20.0, "zehnte": 10.0,
                "two": 50.0, "three": 33.3, "four": 25.0, "five": 20.0, "ten": 10.0}
_MULTIPLES = {
    "de": [(r"verdoppel\w*|um das doppelte|doppelt so", 2.0),
           (r"verdreifach\w*|dreimal so|drei mal so", 3.0), (r"vervierfach\w*|viermal so", 4.0),
           (r"verzehnfach\w*", 10.0), (r"halbier\w*|halb so", 0.5)],
    "en": [(r"doubled|doubling|double[sd]?|twice as", 2.0), (r"tripled|trebled|tripling", 3.0),
           (r"quadrupled", 4.0), (r"halved|halving", 0.5)],
}
# One pass over the text for every multiple word (the words of different rows never overlap).
_MULTIPLE_RE = {lang: re.compile(r"\b(?:" + "|".join(f"(?P<m{i}>{p})" for i, (p, _) in
                                                     enumerate(rows)) + r")\b", re.IGNORECASE)
                for lang, rows in _MULTIPLES.items()}
_FACH = re.compile(r"(?P<num>\d+(?:[.,]\d+)?)-?[Ff]ache[n]?\b|(?P<num2>\d+(?:[.,]\d+)?)-?fach\b")
_ORD = {"zweit": 2, "dritt": 3, "viert": 4, "fünft": 5, "second": 2, "third": 3, "fourth": 4,
        "fifth": 5, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5}
_DE_RANK = re.compile(
    r"\b(?P<ord>zweit|dritt|viert|fünft)?(?P<sup>größte|grösste|wichtigste|höchste|niedrigste|"
    r"stärkste|bedeutendste|führende|geringste|bevölkerungsreichste)[rnms]?\b", re.IGNORECASE)
_EN_RANK = re.compile(
    r"\b(?:(?P<ord>second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?(?P<sup>largest|biggest|"
    r"highest|lowest|smallest|most important|leading|most populous|top)\b", re.IGNORECASE)
_PLACE = {"de": re.compile(r"\ban\s+(?P<w>erster|zweiter|dritter|vierter|fünfter)\s+Stelle\b|"
                           r"\bPlatz\s+(?P<w2>eins|zwei|drei|vier|fünf|\d+)\b|"
                           r"\b(?P<d>\d{1,2})\.\s+(?:Platz|Stelle)\b"),
          "en": re.compile(r"\branks?\s+(?P<w>first|second|third|fourth|fifth)\b|"
                           r"\b(?P<w2>first|second|third|fourth|fifth)\s+place\b|"
                           r"\bamong\s+the\s+top\s+(?P<top>three|five|ten|\d+)\b")}
_PLACE_WORDS = {"erster": 1, "zweiter": 2, "dritter": 3, "vierter": 4, "fünfter": 5, "eins": 1,
                "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "first": 1, "second": 2, "third": 3,
                "fourth": 4, "fifth": 5, "three": 3, "five": 5, "ten": 10}
_SMALLEST = ("niedrigste", "geringste", "lowest", "smallest")


def find_phrases(text: str, lang: str) -> list[Figure]:
    """Fractions, multiples and ranks, as figures (ranks need an economic noun: see shapes)."""
    out: list[Figure] = []
    out += _fractions(text, lang)
    out += _multiples(text, lang)
    out += _ranks(text, lang)
    return out


def _fractions(text: str, lang: str) -> list[Figure]:
    out = []
    pattern = _DE_FRACTION if lang == "de" else _EN_FRACTION
    table = _DE_DEN if lang == "de" else _EN_DEN
    for m in pattern.finditer(text):
        if m.groupdict().get("dreiviertel"):
            value, precision = 75.0, 3.0
        elif m.groupdict().get("half") or m.groupdict().get("half2"):
            if re.search(r"\b(first|second)\s*$", text[max(0, m.start() - 8):m.start()],
                         re.IGNORECASE):
                continue  # "the first half" is a period
            value, precision = 50.0, 5.0
        else:
            den = m.group("den").lower().rstrip("s") if lang == "en" else m.group("den").lower()
            den = den[:-1] if lang == "de" and den.endswith("n") and den != "hälfte" and \
                den[:-1] in table else den
            if den not in table:
                continue
            num_word = (m.group("num") or "").lower()
            if lang == "en" and den == "quarter" and re.match(r"\s+(?:of\s+)?(?:\d|the\s+year)",
                                                              text[m.end():m.end() + 12]):
                continue
            if lang == "de" and not num_word and den != "hälfte":
                continue  # "Viertel" alone is a district; a fraction needs its numerator
            count = _NUMERATORS.get(num_word, 1)
            base, precision = table[den]
            value = round(count * 100 / round(100 / base), 1) if den != "hälfte" else 50.0
        start = m.start("half2") if m.groupdict().get("half2") else m.start()
        fig = Figure(start=start, end=m.end(), written=value, value=value, unit="percent",
                     form="fraction", precision=precision)
        tail = text[m.end():m.end() + 40]
        pm = re.match(r"\s+of\s+a\s+(percentage\s+)?point|\s+(?:eines\s+)?Prozentpunkte?s?",
                      tail)
        if pm:
            fig.value = fig.written = value / 100
            fig.unit, fig.precision, fig.end = "percentage points", 0.0, m.end() + pm.end()
        out.append(fig)
    for m in _EVERY[lang].finditer(text):
        value = _EVERY_VALUE[m.group("den").lower()]
        out.append(Figure(start=m.start(), end=m.end(), written=value, value=value,
                          unit="percent", form="fraction", precision=3.0))
    return out


def _multiples(text: str, lang: str) -> list[Figure]:
    out = []
    for m in _MULTIPLE_RE[lang].finditer(text):
        value = _MULTIPLES[lang][int(m.lastgroup[1:])][1]
        out.append(Figure(start=m.start(), end=m.end(), written=value, value=value,
                          unit="times", form="multiple", precision=0.0))
    for m in _FACH.finditer(text):
        raw = m.group("num") or m.group("num2")
        value = float(raw.replace(",", ".")) if raw.count(",") + raw.count(".") <= 1 else None
        if value is None:
            continue
        decimals = len(re.split(r"[.,]", raw)[1]) if re.search(r"[.,]", raw) else 0
        out.append(Figure(start=m.start(), end=m.end(), written=value, value=value,
                          unit="times", form="multiple", precision=0.5 * 10 ** -decimals))
    return out


def _ranks(text: str, lang: str) -> list[Figure]:
    out = []
    pattern = _DE_RANK if lang == "de" else _EN_RANK
    for m in pattern.finditer(text):
        word = m.group("sup").lower()
        if lang == "en" and word == "top" and not re.match(r"\s+(?:trading|export|import|"
                                                           r"buyer|supplier|market|partner|"
                                                           r"producer|exporter)",
                                                           text[m.end():m.end() + 16]):
            continue
        rank = _ORD.get((m.group("ord") or "").lower(), 1)
        out.append(Figure(start=m.start(), end=m.end(), written=rank, value=rank, unit="rank",
                          form="rank", order="smallest" if word in _SMALLEST else "largest"))
    for m in _PLACE[lang].finditer(text):
        d = m.groupdict()
        raw = (d.get("w") or d.get("w2") or d.get("d") or d.get("top") or "").lower()
        rank = int(raw) if raw.isdigit() else _PLACE_WORDS.get(raw)
        if rank is None:
            continue
        fig = Figure(start=m.start(), end=m.end(), written=rank, value=rank, unit="rank",
                     form="rank", order="largest")
        if d.get("top"):
            fig.notes.append("among the top: a rank of at most this")
        out.append(fig)
    return out
