"""Search vocabulary: German economic terms → the English words WDI series names use.

Vocabulary, not data: it says which English words a German term is searched as ("Überweisungen"
→ "remittances"), never a value. A German word is matched by its longest entry that starts it
("Überweisungen" by "uberweisung"), else by the entries inside a compound ("Energieimporte" =
"energie" + "importe"). Keys are written as `fold` makes them (lower case, no accents, ß → ss).
Each term expands to alternatives (a word, or a phrase of several) any of which may match.
`ABBREVIATIONS` serve both languages ("FDI"); `STOP_WORDS` are dropped.
"""

from __future__ import annotations

import unicodedata

GERMAN: dict[str, tuple[str, ...]] = {
    # national accounts
    "bip": ("gdp",), "bruttoinlandsprodukt": ("gdp",), "wirtschaftsleistung": ("gdp",),
    "bne": ("gni",), "bruttonationaleinkommen": ("gni",), "nationaleinkommen": ("gni",),
    "wachstum": ("growth",), "wirtschaftswachstum": ("gdp growth",),
    "pro kopf": ("per capita",), "kopf": ("capita",), "einkommen": ("income",),
    "konsum": ("consumption",), "ersparnis": ("savings",), "sparquote": ("savings",),
    "investition": ("investment", "capital formation"),
    "bruttoanlageinvestition": ("gross fixed capital formation",),
    # trade and balance of payments
    "ausfuhr": ("exports",), "export": ("exports",), "exporte": ("exports",),
    "einfuhr": ("imports",), "import": ("imports",), "importe": ("imports",),
    "handel": ("trade",), "aussenhandel": ("trade",), "handelsbilanz": ("trade balance",),
    "waren": ("goods", "merchandise"), "guter": ("goods",),
    "dienstleistung": ("services",), "leistungsbilanz": ("current account",),
    "direktinvestition": ("direct investment",), "auslandsinvestition": ("foreign direct",),
    "zufluss": ("inflows",), "zufluesse": ("inflows",), "abfluss": ("outflows",),
    "abfluesse": ("outflows",), "netto": ("net",),
    "uberweisung": ("remittances",), "ueberweisung": ("remittances",),
    "rueckueberweisung": ("remittances",), "heimatueberweisung": ("remittances",),
    "geldsendung": ("remittances",), "rimesse": ("remittances",),
    "tourismus": ("tourism",), "reserven": ("reserves",), "devisenreserven": ("reserves",),
    "wechselkurs": ("exchange rate",), "waehrung": ("currency",),
    # debt and public finance
    "auslandsverschuldung": ("external debt",), "auslandsschulden": ("external debt",),
    "verschuldung": ("debt",), "schulden": ("debt",), "schuldendienst": ("debt service",),
    "staatsverschuldung": ("government debt",), "staatsschulden": ("government debt",),
    "staat": ("government",), "regierung": ("government",),
    "steuer": ("tax",), "steuereinnahmen": ("tax revenue",), "einnahmen": ("revenue",),
    "ausgaben": ("expenditure",), "militaerausgaben": ("military expenditure",),
    "ruestungsausgaben": ("military expenditure",), "zins": ("interest",),
    "entwicklungshilfe": ("development assistance", "aid"),
    # prices, labour, people
    "inflation": ("inflation",), "teuerung": ("inflation",),
    "verbraucherpreis": ("consumer prices",), "preis": ("prices",),
    "arbeitslosigkeit": ("unemployment",), "arbeitslosenquote": ("unemployment",),
    "arbeitslose": ("unemployment",), "erwerbstaetig": ("employment",),
    "beschaeftigung": ("employment",), "arbeitskraefte": ("labor force",),
    "lohn": ("wage",), "loehne": ("wages",), "jugend": ("youth",), "frauen": ("female",),
    "maenner": ("male",), "kinder": ("children",), "bevoelkerung": ("population",),
    "einwohner": ("population",), "lebenserwartung": ("life expectancy",),
    "sterblichkeit": ("mortality",), "kindersterblichkeit": ("infant mortality",),
    "armut": ("poverty",), "ungleichheit": ("gini", "inequality"), "bildung": ("education",),
    "schule": ("school",), "gesundheit": ("health",), "stadt": ("urban",),
    "staedtisch": ("urban",), "laendlich": ("rural",), "migration": ("migration", "migrants"),
    # energy, environment, sectors
    "energie": ("energy",), "strom": ("electricity",), "elektrizitaet": ("electricity",),
    "erdoel": ("oil",), "oel": ("oil",), "erdgas": ("natural gas",), "gas": ("gas",),
    "kohle": ("coal",), "brennstoff": ("fuel",), "kraftstoff": ("fuel",),
    "treibstoff": ("fuel",), "erneuerbar": ("renewable",), "kernenergie": ("nuclear",),
    "emission": ("emissions",), "treibhausgas": ("greenhouse gas",), "wald": ("forest",),
    "wasser": ("water",), "landwirtschaft": ("agriculture",), "industrie": ("industry",),
    "forschung": ("research",), "patent": ("patent",), "internet": ("internet",),
    # directions and qualifiers
    "empfangen": ("received",), "erhalten": ("received",), "gezahlt": ("paid",),
    "jaehrlich": ("annual",), "ausland": ("foreign", "external"),
    "auslaendisch": ("foreign",),
}

ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "fdi": ("foreign direct investment",), "cpi": ("consumer prices",),
    "oda": ("official development assistance",), "co2": ("co2",),
    "r&d": ("research and development",), "ict": ("ict",),
}

STOP_WORDS = frozenset({
    # English
    "a", "an", "and", "as", "by", "for", "from", "in", "of", "on", "per", "the", "to", "total",
    "percent", "percentage", "share",
    # German
    "am", "als", "auf", "aus", "bei", "der", "des", "dem", "den", "die", "das", "ein",
    "eine", "einer", "eines", "fuer", "im", "mit", "nach", "pro", "und", "von", "vom",
    "zu", "zum", "zur", "prozent", "anteil", "quote", "jahr",
})

_MIN_PART = 4  # the shortest entry that may be found inside a compound


def fold(word: str) -> str:
    """Lower case, umlauts as ae/oe/ue, other accents removed, ß as ss."""
    text = word.casefold().replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _plain(word: str) -> str:
    """Also the accent-stripped spelling ("Überweisung" → "uberweisung")."""
    text = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in text if not unicodedata.combining(c))


def expand(word: str, lang: str) -> tuple[str, ...] | None:
    """The English alternatives a word is searched as; None: search the word itself;
    () : drop it (a stop word)."""
    folded = fold(word)
    if folded in STOP_WORDS or _plain(word) in STOP_WORDS:
        return ()
    if folded in ABBREVIATIONS:
        return ABBREVIATIONS[folded]
    if lang != "de":
        return None
    for key in (folded, _plain(word)):
        if key in GERMAN:
            return GERMAN[key]
    prefixes = [k for k in GERMAN if folded.startswith(k) and len(folded) - len(k) <= 3]
    if prefixes:
        return GERMAN[max(prefixes, key=len)]
    return _compound(folded)


def _compound(folded: str) -> tuple[str, ...] | None:
    """A compound's parts, longest entry first, left to right ("energieimporte")."""
    parts: list[str] = []
    rest = folded
    while rest:
        found = max((k for k in GERMAN if len(k) >= _MIN_PART and rest.startswith(k)),
                    key=len, default=None)
        if found is None:
            rest = rest[1:] if parts else ""
            continue
        parts.append(found)
        rest = rest[len(found):].lstrip("s")  # a linking s ("Auslands-")
    if not parts:
        return None
    return (" ".join(GERMAN[p][0] for p in parts),)
