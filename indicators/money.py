"""Scale words and currencies: "146 Milliarden Euro" is 146 × 10⁹ EUR; "billion US$" is a unit
in billions of US dollars; "current LCU" is the economy's own currency.

Code tables, not data: which scale a word means, which economy issues a currency (whose
exchange rate, WDI `PA.NUS.FCRF` in local currency per US$, converts it), and the euro area
(whose members' local currency in WDI is the euro). Exchange rates themselves are observations
in the store. A bottom utility: no I/O.
"""

from __future__ import annotations

import re

SCALES: dict[str, float] = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
EXCHANGE_RATE_SERIES = ("worldbank", "PA.NUS.FCRF")  # LCU per US$, period (annual) average

# ISO 4217 code → (name in running text, the economy whose PA.NUS.FCRF converts it)
CURRENCIES: dict[str, tuple[str, str]] = {
    "USD": ("US dollars", "USA"),
    "EUR": ("euros", "EMU"),
    "GBP": ("pounds sterling", "GBR"),
    "CHF": ("Swiss francs", "CHE"),
    "JPY": ("yen", "JPN"),
    "CNY": ("yuan", "CHN"),
    "RUB": ("roubles", "RUS"),
    "BYN": ("Belarusian roubles", "BLR"),
    "UAH": ("hryvnias", "UKR"),
    "PLN": ("zlotys", "POL"),
    "KZT": ("tenge", "KAZ"),
    "GEL": ("lari", "GEO"),
    "AMD": ("drams", "ARM"),
    "MDL": ("Moldovan lei", "MDA"),
    "AZN": ("manats", "AZE"),
    "TRY": ("Turkish lira", "TUR"),
    "CZK": ("koruny", "CZE"),
    "HUF": ("forints", "HUN"),
    "RON": ("lei", "ROU"),
    "SEK": ("Swedish kronor", "SWE"),
    "NOK": ("Norwegian kroner", "NOR"),
    "DKK": ("Danish kroner", "DNK"),
    "CAD": ("Canadian dollars", "CAN"),
    "AUD": ("Australian dollars", "AUS"),
    "INR": ("rupees", "IND"),
    "BRL": ("reais", "BRA"),
    "UZS": ("sum", "UZB"),
}
# WDI gives the euro area members' local-currency series in euros for every year.
EURO_AREA = frozenset({"AUT", "BEL", "CYP", "DEU", "ESP", "EST", "FIN", "FRA", "GRC", "HRV",
                       "IRL", "ITA", "LTU", "LUX", "LVA", "MLT", "NLD", "PRT", "SVK", "SVN",
                       "EMU"})
_ISSUER = {economy: code for code, (_, economy) in CURRENCIES.items()}

_SCALE_WORD = re.compile(r"^\s*(thousands?|millions?|billions?|trillions?|bn|mn)\b", re.I)
_SHORT = {"bn": "billion", "mn": "million"}
_USD = re.compile(r"(us\$|\busd\b|us dollars?|\$)", re.I)
_EUR = re.compile(r"(€|\beur\b|\beuros?\b)", re.I)
_LCU = re.compile(r"\blcu\b", re.I)


def currency_name(code: str) -> str:
    return CURRENCIES.get(code, (code, ""))[0]


def issuer(code: str) -> str | None:
    """The economy whose exchange rate (LCU per US$) converts a currency (None for USD)."""
    if code == "USD":
        return None
    if code.startswith("LCU:"):
        return code[4:]
    return CURRENCIES.get(code, ("", None))[1]


def local_currency(economy: str) -> str:
    """An economy's own currency: its ISO code where known, else ``LCU:<economy>``."""
    if economy in EURO_AREA:
        return "EUR"
    return _ISSUER.get(economy, f"LCU:{economy}")


def unit_scale(unit: str) -> float:
    """The scale a unit's leading word gives: "billion US$" → 1e9, "tonnes" → 1."""
    m = _SCALE_WORD.match(unit or "")
    if not m:
        return 1.0
    word = m.group(1).lower().rstrip("s")
    return SCALES[_SHORT.get(word, word)]


def unit_currency(unit: str, economy: str) -> str | None:
    """The currency a unit names: "current US$" → USD, "current LCU" → the economy's own,
    "billion euros" → EUR; None when it names none ("percent", "tonnes")."""
    u = unit or ""
    if _LCU.search(u):
        return local_currency(economy)
    if _USD.search(u):
        return "USD"
    if _EUR.search(u):
        return "EUR"
    return None


def money_text(scale: str, currency: str, unit: str = "") -> str:
    """How an amount's unit reads after its number: "billion euros", "million US dollars"."""
    name = unit or (currency_name(currency) if currency else "")
    return " ".join(x for x in (scale, name) if x)


def convert(value: float, from_currency: str, to_currency: str, rate_from: float | None,
            rate_to: float | None) -> float:
    """An amount in ``from_currency`` in ``to_currency``, through US$.

    ``rate_*`` are each currency's units per US$ (1 / None for USD itself).
    """
    usd = value if from_currency == "USD" else value / rate_from
    return usd if to_currency == "USD" else usd * rate_to
