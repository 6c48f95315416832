"""Numbers as German and English news write them: digits in either notation, number words,
scale words, currencies and units.

* Digits: ``1.234,5`` (German) and ``1,234.5`` (English); a single separator followed by exactly
  three digits (``1.135``) is ambiguous and read by the text's language (German: the point
  groups thousands → 1135; English: a decimal → 1.135); the figure's notes say so.
* Number words via `text_to_num.alpha2digit` ("drei Millionen", "twenty-five"), kept only where
  a unit or scale word follows (an isolated "eine" or "one" is an article, not a figure).
* Scale words: Tsd./Tausend, Mio./Million(en), Mrd./Milliarde(n), Bio./Billion(en) — German
  "Billion" is 10¹² — thousand, million/mn/m, billion/bn, trillion/tn.
* Currencies before or after the amount (€, $, US$, £, Euro, US-Dollar, Rubel, …) as ISO 4217
  codes; words that several currencies share (peso, shilling, rupee) are resolved later from
  the subject economy.
"""

from __future__ import annotations

import functools
import re

from indicators.draft.model import Figure

_NUM = re.compile(
    r"(?<![\w.,/\-−–])(?P<sign>[-−–+](?=\d))?"
    r"(?P<num>\d{1,3}(?:(?P<sep>[.,\u00a0\u202f'’])\d{3})(?:(?P=sep)\d{3})*(?:[.,]\d+)?"
    r"|\d+(?:[.,]\d+)?)"
    r"(?P<glued>bn|mn|m|k|tn|trn|mrd)?(?![\w]|[.,]\d)", re.UNICODE)

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# scale word (lower case, as a regex) → scale name, per language; checked longest first
_SCALE_WORDS = {
    "de": [(r"tsd\.?|tausend", "thousand"), (r"mio\.?|millionen|million", "million"),
           (r"mrd\.?|milliarden|milliarde", "billion"), (r"bio\.?|billionen|billion", "trillion")],
    "en": [(r"thousand|k", "thousand"), (r"millions?|mn|m", "million"),
           (r"billions?|bn|mrd", "billion"), (r"trillions?|tn|trn", "trillion")],
}
CURRENCY_WORDS: list[tuple[str, str]] = [  # (regex, ISO 4217, or "?" for resolve-by-subject)
    (r"us[- ]?dollars?|us\$|usd|dollars?|\$", "USD"), (r"euros?|eur|€", "EUR"),
    (r"britische[nm]? pfund|pfund sterling|pounds? sterling|pfund|pounds?|gbp|£", "GBP"),
    (r"rubel|roubles?|rubles?|rub|₽", "RUB"), (r"schweizer franken|franken|swiss francs?|chf",
                                               "CHF"),
    (r"yuan|renminbi|cny|rmb", "CNY"), (r"yen|jpy|¥", "JPY"), (r"lira|liras|try", "TRY"),
    (r"złoty|zloty|zlotys|pln", "PLN"), (r"forint|forints|huf", "HUF"),
    (r"griwna|hrywnja|hryvnias?|uah", "UAH"), (r"tenge|kzt", "KZT"), (r"lari|gel", "GEL"),
    (r"dram|amd", "AMD"), (r"lei|leu|mdl", "MDL"), (r"naira|ngn", "NGN"), (r"taka|bdt", "BDT"),
    (r"rand|zar", "ZAR"), (r"dong|vnd", "VND"), (r"soms?|sum|uzs", "UZS"),
    (r"ägyptische[nm]? pfund|egyptian pounds?|egp", "EGP"),
    (r"schilling|shillings?|kes", "?shilling"), (r"pesos?", "?peso"),
    (r"rupien|rupees?|rupie", "?rupee"), (r"kronen|kroner|kronor|crowns?", "?krone"),
    (r"dinar|dinars", "?dinar"),
]
_PREFIX_CURRENCY = re.compile(r"(US\$|US-\$|\$|€|£|¥|₽|USD|EUR|GBP|CHF|RUB)\s?$")
UNIT_WORDS: list[tuple[str, str]] = [  # (regex after the number, unit)
    (r"%|prozent|percent|per cent|pct\.?|v\.\s?h\.", "percent"),
    (r"prozentpunkte[n]?|percentage points?|pp\b|%-punkte[n]?", "percentage points"),
    (r"basispunkte[n]?|basis points?|bps?\b", "basis points"),
    (r"punkte[n]?|points?", "points"),
    (r"tonnen|tonnes|tons|metric tons|t\b", "tonnes"),
    (r"barrels? (?:of [a-z]+ )?(?:per|a|pro) (?:day|tag)|barrel (?:pro|am|je) tag|b/d|bpd",
     "barrels per day"),
    (r"barrels?|barrel|fass", "barrels"),
    (r"kubikmeter|cubic met(?:re|er)s?|m³|bcm", "cubic metres"),
    (r"terawattstunden|twh", "TWh"), (r"gigawattstunden|gwh", "GWh"),
    (r"mal|times", "times"),
]
_DE_WORD = re.compile(r"^(?:ein|eins|zwei|zwo|drei|vier|fünf|sechs|sieben|sieb|acht|neun|zehn|elf|"
                      r"zwölf|zwanzig|dreißig|vierzig|fünfzig|sechzig|siebzig|achtzig|neunzig|"
                      r"hundert|tausend|und)+$")
_EN_WORD = re.compile(r"^(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|"
                      r"thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|"
                      r"thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand)"
                      r"(?:-(?:one|two|three|four|five|six|seven|eight|nine))?$")
_ARTICLE_ONE = frozenset({"ein", "eine", "einen", "einem", "einer", "a", "an", "one"})
_WORD = re.compile(r"[A-Za-zÄÖÜäöüß]+(?:-[A-Za-z]+)?")


def parse_digits(num: str, lang: str) -> tuple[float, str]:
    """The value of a digit string in the text's notation, and a note where it was ambiguous."""
    groupers = [c for c in num if c in "\u00a0\u202f'’"]
    clean = num
    for c in groupers:
        clean = clean.replace(c, "")
    seps = [c for c in clean if c in ".,"]
    if not seps:
        return float(clean), ""
    if len(set(seps)) == 2:  # both: the last one is the decimal mark
        decimal = clean.rfind(".") if clean.rfind(".") > clean.rfind(",") else clean.rfind(",")
        return float(re.sub(r"[.,]", "", clean[:decimal]) + "." + clean[decimal + 1:]), ""
    sep = seps[0]
    if len(seps) > 1:  # "1.234.567": grouping only
        return float(clean.replace(sep, "")), ""
    whole, frac = clean.split(sep)
    if len(frac) != 3 or whole == "0" or groupers:
        return float(f"{whole}.{frac}"), ""
    if (sep == "." and lang == "de") or (sep == "," and lang == "en"):
        value = float(whole + frac)
        mark = "point" if sep == "." else "comma"
        return value, (f"'{num}' read as {whole}{frac}: in {_LANG[lang]} notation the {mark} "
                       "groups thousands")
    value = float(f"{whole}.{frac}")
    mark = "comma" if sep == "," else "point"
    return value, (f"'{num}' read as {whole}.{frac}: in {_LANG[lang]} notation the {mark} is the "
                   f"decimal mark (if the text mixes notations it may mean {whole}{frac})")


_LANG = {"de": "German", "en": "English"}


@functools.lru_cache(maxsize=4096)
def word_value(token: str, lang: str) -> float | None:
    """The value of one number word ("zwölf", "twenty-five"), or None."""
    low = token.lower()
    if not (_DE_WORD if lang == "de" else _EN_WORD).match(low) or low in ("und", "and"):
        return None
    from text_to_num import alpha2digit

    out = alpha2digit(low, lang, threshold=0).replace(" ", "")
    try:
        return float(out)
    except ValueError:
        return None


_SPACES = re.compile(r"[ \u00a0\u202f]*")
_SCALE_RE = {lang: [(re.compile(rf"(?:{p})(?![\wäöü])", re.IGNORECASE), name)
                    for p, name in rules] for lang, rules in _SCALE_WORDS.items()}
_CURRENCY_RE = [(re.compile(rf"(?:{p})(?![\wäöü])", re.IGNORECASE), code)
                for p, code in CURRENCY_WORDS]
_UNIT_RE = [(re.compile(rf"(?:{p})(?![\wäöü])", re.IGNORECASE), unit) for p, unit in UNIT_WORDS]


def _one_pattern(table: list[tuple[re.Pattern, str]]) -> re.Pattern:
    """The table's patterns as one alternation, each its own group, in the table's order: at
    one position the first alternative that matches wins, as the first row would, and one
    match replaces a try per row (the word after each of thousands of numbers is read)."""
    return re.compile("|".join(f"(?P<r{i}>{p.pattern})" for i, (p, _) in enumerate(table)),
                      re.IGNORECASE)


_ONE = {id(_CURRENCY_RE): _one_pattern(_CURRENCY_RE), id(_UNIT_RE): _one_pattern(_UNIT_RE)}
_FIRST = re.compile(r"[A-Za-zÄÖÜäöüß%€$£¥₽³/]")


def _scale_at(text: str, pos: int, lang: str) -> tuple[str, int]:
    """A scale word starting at ``pos`` (after spaces): (scale name, end) or ("", pos)."""
    at = pos + _SPACES.match(text, pos, pos + 4).end() - pos
    if not _FIRST.match(text, at):
        return "", pos
    for pattern, name in _SCALE_RE[lang]:
        sm = pattern.match(text[at:at + 16])
        if sm:
            word = sm.group()
            if lang == "en" and word in ("m", "k") and at != pos:
                continue  # "5 m" is metres; only the glued "$5m" is a million
            if name == "trillion" and lang == "de" and word.lower().startswith("billion"):
                return name, at + sm.end()
            return name, at + sm.end()
    return "", pos


def _word_at(text: str, pos: int, table: list[tuple[re.Pattern, str]], width: int,
             skip_percent_compound: bool = False) -> tuple[str, int]:
    """The first word of ``table`` right after ``pos`` (after spaces): (its value, end)."""
    at = _SPACES.match(text, pos, pos + 4).end()
    if not _FIRST.match(text, at):
        return "", pos
    window = text[at:at + width]
    m = _ONE[id(table)].match(window)
    if m is None:
        return "", pos
    value = table[int(m.lastgroup[1:])][1]
    if not (skip_percent_compound and value == "percent" and window.startswith("%-")):
        return value, at + m.end()
    for pattern, value in table:  # "%-Punkte" are points: the first other row that matches
        m = pattern.match(window)
        if m and value != "percent":
            return value, at + m.end()
    return "", pos


def currency_at(text: str, pos: int) -> tuple[str, int]:
    """A currency word right after ``pos``: (ISO code or "?kind", end) or ("", pos)."""
    return _word_at(text, pos, _CURRENCY_RE, 30)


def unit_at(text: str, pos: int) -> tuple[str, int]:
    """A unit right after ``pos``: (unit, end) or ("", pos)."""
    return _word_at(text, pos, _UNIT_RE, 40, skip_percent_compound=True)


def find_numbers(text: str, lang: str) -> list[Figure]:
    """Every number written in digits or words, with its scale, currency and unit read."""
    figures: list[Figure] = []
    for m in _NUM.finditer(text):
        written, note = parse_digits(m.group("num"), lang)
        if m.group("sign") and m.group("sign") in "-−–":
            written = -written
        start, end = m.start(), m.end()
        fig = Figure(start=start, end=end, written=written, value=written,
                     precision=_precision(m.group("num"), lang))
        if note:
            fig.notes.append(note)
        glued = (m.group("glued") or "").lower()
        if glued:
            fig.scale = {"bn": "billion", "mrd": "billion", "mn": "million", "m": "million",
                         "k": "thousand", "tn": "trillion", "trn": "trillion"}[glued]
        _complete(text, fig, lang)
        figures.append(fig)
    figures.extend(_number_words(text, lang))
    figures.sort(key=lambda f: f.start)
    return figures


def _number_words(text: str, lang: str) -> list[Figure]:
    out: list[Figure] = []
    tokens = list(_WORD.finditer(text))
    i = 0
    while i < len(tokens):
        token = tokens[i]
        low = token.group().lower()
        value = word_value(token.group(), lang)
        one = low in _ARTICLE_ONE
        if value is None and not one:
            i += 1
            continue
        j = i + 1  # extend: "one hundred and five", "zwei Komma fünf" is rare in news
        while value is not None and j < len(tokens) and text[tokens[j - 1].end():tokens[j].start()
                                                             ].strip() in ("", "-"):
            nxt = word_value(tokens[j].group(), lang)
            if nxt is None:
                if tokens[j].group().lower() == "and" and j + 1 < len(tokens) and \
                        word_value(tokens[j + 1].group(), lang) is not None:
                    j += 1
                    continue
                break
            j += 1
        span_text = text[token.start():tokens[j - 1].end()]
        if value is not None and j - i > 1:
            from text_to_num import alpha2digit

            joined = alpha2digit(span_text.lower(), lang, threshold=0).replace(" ", "")
            try:
                value = float(joined)
            except ValueError:
                pass
        if one:
            value = 1.0
        fig = Figure(start=token.start(), end=tokens[j - 1].end(), written=float(value),
                     value=float(value), form="words", precision=0.5)
        _complete(text, fig, lang)
        if fig.scale or fig.unit or fig.currency:
            if not (one and fig.unit in ("times", "points")):
                out.append(fig)
        elif not one:
            fig.noun = _next_word(text, fig.end)
            out.append(fig)  # kept for the skip list (durations, counts) only
        i = j
    return out


def _complete(text: str, fig: Figure, lang: str) -> None:
    """Read the scale, currency and unit after the number (and a currency before it)."""
    pos = fig.end
    if not fig.scale:
        fig.scale, pos = _scale_at(text, pos, lang)
    before = text[max(0, fig.start - 6):fig.start]
    pm = _PREFIX_CURRENCY.search(before)
    if pm:
        fig.currency = "USD" if "$" in pm.group(1) else {"€": "EUR", "£": "GBP", "¥": "JPY",
                                                           "₽": "RUB"}.get(pm.group(1),
                                                                           pm.group(1))
        fig.start -= len(pm.group(0))
    code, after = currency_at(text, pos)
    if code and not fig.currency:
        fig.currency, pos = code, after
    elif code:
        pos = after  # "$5 billion dollars": the word repeats the sign
    if not fig.currency:
        fig.unit, pos = unit_at(text, pos)
    if fig.currency and re.match(r"['’]?\s*worth", text[pos:pos + 8]):
        pos = pos  # "1.135 billion dollars' worth": the amount is read, "worth" is not a unit
    if fig.scale:
        fig.value = fig.written * SCALES[fig.scale]
        fig.precision *= SCALES[fig.scale]
    fig.end = pos
    fig.noun = _next_word(text, pos)


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"[\s\-]*([A-Za-zÄÖÜäöüß\-]+)", text[pos:pos + 40])
    return m.group(1) if m else ""


def _precision(num: str, lang: str) -> float:
    """Half a unit of the last digit written ("4,2" → 0.05, "40" → 0.5)."""
    value, _ = parse_digits(num, lang)
    stripped = re.sub(r"[\u00a0\u202f'’]", "", num)
    m = re.search(r"[.,](\d+)$", stripped)
    if m and value != int(value) or (m and len(m.group(1)) != 3):
        return 0.5 * 10 ** -len(m.group(1))
    return 0.5
