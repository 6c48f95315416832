"""What a figure measures, in the words the WDI catalogue uses: the economic concept named
nearest to the figure ("Inflation", "Überweisungen", "external debt" …) → a search phrase.

The catalogue's search ranks by words; a news sentence carries many words that name no
measure ("jumped", "HANOI", "record"), so the drafter sends the concept's own phrase, with the
unit's words ("% of GDP", "current US$", "annual %"), instead of the sentence. Vocabulary, not
data: stems in German and English → the concept's phrase.
"""

from __future__ import annotations

import re

# (concept, stems that name it, search phrase); the nearest stem to the figure wins
CONCEPTS: list[tuple[str, str, str]] = [
    ("inflation", "inflation teuerung verbraucherpreis consumer price preissteigerung",
     "inflation consumer prices"),
    ("growth", "wachstum wuchs gewachsen wachsen grew growth grow expand schrumpf shrink "
               "contract eingebrochen einbruch rezession recession", "GDP growth"),
    ("gdp_pc", "pro-kopf per_capita pro_kopf", "GDP per capita"),
    ("gdp", "bip gdp wirtschaftsleistung bruttoinlandsprodukt economy wirtschaft "
            "volkswirtschaft output", "GDP"),
    ("youth_unemployment", "year-olds jugendarbeitslos youth_unemployment "
                           "jugendliche", "unemployment youth"),
    ("unemployment", "arbeitslos unemploy jobless erwerbslos", "unemployment total"),
    ("public_debt", "staatsverschuld staatsschulden public_debt government_debt "
                    "public_sector_net_debt öffentliche_schulden schuldenquote",
     "central government debt"),
    ("external_debt", "auslandsverschuld auslandsschulden external_debt foreign_debt "
                      "auslandsverbindlichkeiten", "external debt stocks"),
    ("remittances", "überweisung rücküberweisung geldüberweisung remittance transfers "
                    "geldsendungen", "personal remittances received"),
    ("trade_balance", "handelsbilanz trade_surplus trade_deficit trade_balance "
                      "handelsdefizit handelsüberschuss", "external balance on goods and services"),
    ("current_account", "leistungsbilanz current_account", "current account balance"),
    ("fdi", "direktinvestition foreign_direct fdi", "foreign direct investment net inflows"),
    ("reserves", "devisenreserve währungsreserve reserves", "total reserves"),
    ("exchange_rate", "wechselkurs exchange_rate its_value ihres_werts an_wert abwert devalu "
                      "against_the_dollar gegenüber_dem_dollar", "official exchange rate"),
    ("population", "einwohner bevölkerung population populous people_live leben_in "
                   "home_to inhabitants", "population total"),
    ("poverty", "armut poverty armutsgrenze", "poverty headcount ratio national poverty lines"),
    ("tourism", "tourist arrival besucher touris", "international tourism arrivals"),
    ("fuel_exports", "crude öl oil fuel brennstoff erdöl", "fuel exports merchandise"),
    ("nuclear", "kernkraft atomkraft nuclear kernenergie", "electricity production nuclear"),
    ("interest", "zinszahlung interest_payment", "interest payments revenue"),
    ("metals", "kupfer copper ores metall metals erz", "ores and metals exports"),
    ("tax", "steuereinnahme tax_revenue", "tax revenue"),
    ("energy_imports", "energieimport energy_import energieabhängig", "energy imports net"),
    ("exports", "export ausfuhr", "exports of goods and services"),
    ("imports", "import einfuhr", "imports of goods and services"),
]


def _pattern(stems: str) -> re.Pattern:
    """Short stems start a word; long ones may also end a German compound
    ("Gesamtwirtschaftswachstum", "Staatsverschuldung")."""
    parts = []
    for stem in stems.split():
        body = re.escape(stem).replace("_", r"[\s-]+")
        parts.append(body if len(stem) >= 7 and "_" not in stem else rf"(?<![\wäöüß]){body}")
    return re.compile("(?:" + "|".join(parts) + ")", re.IGNORECASE)


def _literals(stems: str) -> tuple[str, ...]:
    """Text each stem's match must contain (lower case): its first word."""
    return tuple(stem.split("_")[0].lower() for stem in stems.split())


_PATTERNS = [(name, _pattern(stems), phrase) for name, stems, phrase in CONCEPTS]
# A concept none of whose words' text occurs in a span cannot match there: a plain substring
# test rules out most concepts of a span far faster than running their patterns.
_LITERALS = {name: _literals(stems) for name, stems, _ in CONCEPTS}
_OF_GDP = {"remittances": "personal remittances received % of GDP",
           "public_debt": "central government debt total % of GDP",
           "external_debt": "external debt stocks % of GNI",
           "current_account": "current account balance % of GDP",
           "trade_balance": "external balance on goods and services % of GDP",
           "fdi": "foreign direct investment net inflows % of GDP",
           "exports": "exports of goods and services % of GDP",
           "imports": "imports of goods and services % of GDP"}


_COMMODITIES = ("fuel_exports", "metals")
WEAK = frozenset({"growth", "gdp"})  # verbs of growth and "economy" yield to a named measure
LEVELS = frozenset({"reserves", "external_debt", "public_debt", "remittances", "fdi", "gdp",
                    "exports", "imports", "tourism", "population"})


def concept_near(text: str, spans: list[tuple[int, int]], fig: tuple[int, int], *,
                 share: bool = False, exclude: frozenset[str] = frozenset(),
                 inside: bool = False) -> tuple[str, str]:
    """(concept, phrase) named nearest to the figure, looking in each span in turn (clause,
    sentence, previous sentence), or ("", ""). Words inside the figure ("11.1 trillion
    shillings") are its unit, not its concept; after a share's figure comes its whole."""
    for span in spans:
        best: tuple[int, int, str, str] | None = None
        low = text[span[0]:span[1]].lower()
        for rank, (name, pattern, phrase) in enumerate(_PATTERNS):
            if name in exclude or not any(word in low for word in _LITERALS[name]):
                continue
            for m in pattern.finditer(text, span[0], span[1]):
                if fig[0] <= m.start() < fig[1] and not inside:
                    continue
                if fig[0] <= m.start() < fig[1]:
                    distance = 0
                elif m.start() >= fig[1] and m.start() - fig[1] <= 2 and not text[
                        fig[1]:m.start()].strip():
                    distance = 0  # the noun right after the figure is its own ("55 Prozent
                    # Importquote"), even where a share's whole would come later
                elif m.start() < fig[0]:
                    distance = fig[0] - m.end()
                else:  # words before the figure name it more often; after a share: its whole
                    distance = m.start() - fig[1] + (30 if share else 5)
                key = (name in WEAK, distance, rank, name, phrase)
                if best is None or key < best:
                    best = key
        if best is not None:
            if best[3] == "exports" and share:
                whole = (min(sp[0] for sp in spans), max(sp[1] for sp in spans))
                for name, pattern, phrase in _PATTERNS:  # "90 per cent of export earnings"
                    if name in _COMMODITIES and pattern.search(text, *whole):
                        return name, phrase
            return best[3], best[4]
    return "", ""


def search_phrase(concept: str, phrase: str, *, unit: str, currency: str, kind: str,
                  change: str) -> str:
    """The phrase for the catalogue search, with the words the claim's unit implies."""
    if unit == "percent of GDP" and concept in _OF_GDP:
        return _OF_GDP[concept]
    if unit == "percent of GDP":
        return f"{phrase} % of GDP"
    if concept == "gdp" and kind == "change" and change in ("percent", "") and \
            unit == "percent":
        return "GDP growth annual %"
    if concept == "gdp" and kind == "rank":
        return "GDP current US$"
    if kind == "rank" and concept in LEVELS - {"population"}:
        return f"{phrase} current US$"  # "the largest exporter": ranked by the amount
    if concept == "gdp" and unit == "percent":
        return "GDP growth annual %"
    if concept in ("growth",) and currency:
        return "GDP current US$" if currency == "USD" else "GDP current LCU"
    if concept == "growth":
        return "GDP growth annual %"
    if concept == "inflation":
        return "inflation consumer prices annual %"
    if kind == "change" and change in ("percent", "multiple") and concept in ("exports",
                                                                             "imports"):
        return f"{phrase} annual % growth" if change == "percent" else f"{phrase} current US$"
    if kind == "change" and concept in LEVELS and not currency:
        return f"{phrase} current US$"
    if currency == "USD" and concept not in ("exchange_rate",):
        return f"{phrase} current US$"
    if currency and concept in ("public_debt", "gdp"):
        return f"{phrase} current LCU"
    if concept == "gdp" and unit == "times":
        return "GDP current US$"
    return phrase
