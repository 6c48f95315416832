"""Small stand-ins for the catalogue's economy names and series search (drafting tests)."""

from __future__ import annotations

from dataclasses import dataclass

NAMES = {  # ISO3: (German, English) — the names the tests' texts use
    "POL": ("Polen", "Poland"), "EGY": ("Ägypten", "Egypt"), "UZB": ("Usbekistan", "Uzbekistan"),
    "VNM": ("Vietnam", "Vietnam"), "TUR": ("Türkei", "Turkey"), "NGA": ("Nigeria", "Nigeria"),
    "UKR": ("Ukraine", "Ukraine"), "BGD": ("Bangladesch", "Bangladesh"),
    "HUN": ("Ungarn", "Hungary"), "SRB": ("Serbien", "Serbia"), "KEN": ("Kenia", "Kenya"),
    "CHL": ("Chile", "Chile"), "GBR": ("Vereinigtes Königreich", "United Kingdom"),
    "ESP": ("Spanien", "Spain"), "DEU": ("Deutschland", "Germany"), "RUS": ("Russland", "Russia"),
    "CHN": ("China", "China"), "USA": ("Vereinigte Staaten", "United States"),
    "PAK": ("Pakistan", "Pakistan"), "BLR": ("Belarus", "Belarus"),
    "AUS": ("Australien", "Australia"), "LTU": ("Litauen", "Lithuania"),
    "KAZ": ("Kasachstan", "Kazakhstan"), "EUU": ("Europäische Union", "European Union"),
    "SYR": ("Syrien", "Syria"), "GEO": ("Georgien", "Georgia"), "ARM": ("Armenien", "Armenia"),
    "MDA": ("Moldau", "Moldova"), "CHE": ("Schweiz", "Switzerland"), "WLD": ("Welt", "World"),
    "CAN": ("Kanada", "Canada"),
}


class FakeNames:
    def name_index(self, lang: str) -> dict[str, str]:
        out = {en.lower(): code for code, (_, en) in NAMES.items()}
        if lang == "de":
            out.update({de.lower(): code for code, (de, _) in NAMES.items()})
        return out

    def display_name(self, code: str) -> str:
        return NAMES.get(code, (code, code))[1]

    def group_members(self, code: str) -> tuple[str, ...] | None:
        return {"WLD": tuple(c for c in NAMES if c not in ("WLD", "EUU")),
                "EMU": ("DEU", "ESP", "LTU")}.get(code)


@dataclass(frozen=True)
class Hit:
    code: str
    name: str
    unit: str = ""
    topic: str = ""
    licence: str = "CC BY-4.0"
    values: int = 0
    score: float = 0.0


class FakeSearch:
    """Returns fixed hits for any word it knows; records the queries it was asked."""

    CATALOGUE = [
        Hit("NY.GDP.MKTP.KD.ZG", "GDP growth (annual %)"),
        Hit("FP.CPI.TOTL.ZG", "Inflation, consumer prices (annual %)"),
        Hit("GC.DOD.TOTL.GD.ZS", "Central government debt, total (% of GDP)"),
        Hit("DT.DOD.DECT.CD", "External debt stocks, total (DOD, current US$)"),
        Hit("BX.TRF.PWKR.CD.DT", "Personal remittances, received (current US$)"),
        Hit("BX.TRF.PWKR.DT.GD.ZS", "Personal remittances, received (% of GDP)"),
        Hit("SP.POP.TOTL", "Population, total"),
    ]
    KEYS = {"wachstum": 0, "growth": 0, "bip": 0, "grew": 0, "inflation": 1, "teuerung": 1,
            "staatsverschuldung": 2, "debt": 3, "auslandsverschuldung": 3, "remittances": 4,
            "überweisungen": 4, "population": 6, "einwohner": 6}

    def __init__(self):
        self.queries: list[str] = []

    def __call__(self, words: str, *, lang: str = "en", economy=None, limit: int = 10):
        self.queries.append(words)
        found = []
        for word in words.lower().replace("-", " ").split():
            for key, i in self.KEYS.items():
                if word.startswith(key) and self.CATALOGUE[i] not in found:
                    found.append(self.CATALOGUE[i])
        if "gdp" in words.lower() or "bip" in words.lower():
            for extra in (self.CATALOGUE[2], self.CATALOGUE[5]):
                if extra not in found:
                    found.append(extra)
        return found[:limit]
