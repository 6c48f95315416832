"""Economy names in any language → World Bank codes, and codes → English World Bank names.

Where the names come from (no hand list of countries):

* the World Bank's economy catalogue (bundled snapshot, from WDI's own metadata): ISO3 and
  aggregate codes, the ``2-alpha code`` (ISO2) and the English short, table and long names
  ("Russia", "Russian Federation"), plus the codes data files carry (``INX`` "Not classified");
* CLDR territory names through `babel` (``babel.Locale(lang).territories[ISO2]``), mapped to ISO3
  through the catalogue's ``2-alpha code``: "Kasachstan", "Russland", "Republik Moldau"; a
  leading "Republik / Republic of / République de / República de" may be left out ("Moldau").
  A few CLDR region codes mean exactly a World Bank aggregate (`CLDR_REGIONS`: "Welt",
  "Europäische Union", "Eurozone"); the other aggregates (income groups, IDA/IBRD, regions
  "excluding high income", demographic-dividend groups …) have no CLDR name and are known by
  their World Bank English names only.

Two small tables remain, both documented: names that are no single World Bank economy
(`NON_ECONOMIES`: "Other countries", "USSR" …) and names the press still uses that CLDR does not
have (`NAMES_CLDR_LACKS`: German "Weißrussland", English "UK", "Turkey"); a test checks that
CLDR really lacks each. Matching ignores case, accents and German umlaut spellings ("ue").
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable

from indicators.models import CatalogueEconomy

# Publication names that are no single World Bank economy: their own codes, never guessed.
NON_ECONOMIES: dict[str, str] = {
    "Other countries": "OTHER",   # a partner list's remainder (CIA Factbook)
    "USSR": "SUN",                # the former Soviet Union (ISO 3166-3 code), in USGS history
    "Russia + China": "RUS+CHN",  # a quoted combined figure
    "World total (rounded)": "WLD",  # USGS's world row
}
NON_ECONOMY_NAMES: dict[str, str] = {"OTHER": "Other countries", "SUN": "USSR",
                                     "RUS+CHN": "Russia + China"}

# Names in current use that CLDR (babel) does not list; each maps to an ISO2 code.
NAMES_CLDR_LACKS: dict[str, dict[str, str]] = {
    # CLDR's German name for BY is "Belarus"; "Weißrussland" stays common in the German press.
    "de": {"Weißrussland": "BY"},
    # CLDR's English names are "United Kingdom" and "Türkiye"; babel leaves out CLDR's short
    # alternative "UK", and "Turkey" (CLDR's name until 2022) is still what most sources write.
    "en": {"UK": "GB", "Turkey": "TR"},
}

# The languages a name given without one is looked up in (after English and the World Bank's
# names): the UN's and the EU's official languages and a few more of the region's press. Any
# other CLDR language works when named (``lang``); loading all 331 would take seconds.
PRESS_LANGUAGES = ("ar", "be", "bg", "cs", "da", "de", "el", "es", "et", "fi", "fr", "ga", "hr",
                   "hu", "it", "ja", "kk", "ko", "lt", "lv", "mt", "nb", "nl", "pl", "pt", "ro",
                   "ru", "sk", "sl", "sr", "sv", "tr", "uk", "zh")

# CLDR region codes whose meaning is exactly a World Bank aggregate's.
CLDR_REGIONS: dict[str, str] = {"001": "WLD", "EU": "EUU", "EZ": "EMU"}

# Formal prefixes a name may leave out: "Republik Moldau" → "Moldau", "Federación de Rusia" →
# "Rusia" (then matched against CLDR's everyday names).
_REPUBLIC_PREFIX = re.compile(
    r"^(republik|republic of|republique de|republica de|federacion de|federation de)\s+(.+)$")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def normalise(name: str) -> str:
    """Case-, accent- and punctuation-tolerant key: "Weißrussland" → "weissrussland"."""
    text = unicodedata.normalize("NFKD", name.casefold().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^\w'&+]+", " ", text).split())


def _keys(name: str) -> set[str]:
    keys = {normalise(name), normalise(name.translate(_UMLAUTS))}
    for key in list(keys):
        if m := _REPUBLIC_PREFIX.match(key):
            keys.add(m.group(2))
    return keys - {""}


def cldr_territories(lang: str) -> dict[str, str]:
    """CLDR territory names of ``lang`` (ISO2 / region code → name); {} for an unknown locale."""
    from babel import Locale, UnknownLocaleError

    try:
        return dict(Locale.parse(lang.replace("-", "_")).territories)
    except (UnknownLocaleError, ValueError, TypeError):
        return {}


class EconomyNames:
    """The name index of one economy catalogue (the bundled one, or one being imported)."""

    def __init__(self, economies: Iterable[CatalogueEconomy]):
        self.by_code = {e.code: e for e in economies}
        self.iso2 = {e.iso2: e.code for e in self.by_code.values()
                     if len(e.iso2) == 2 and e.iso2.isalpha()}
        self.iso2.update({k: v for k, v in CLDR_REGIONS.items() if v in self.by_code})
        self._lang: dict[str, dict[str, str]] = {}

    @functools.cached_property
    def _base(self) -> dict[str, str]:
        """The World Bank's names, the few CLDR lacks and CLDR's English ones → code. Built on
        the first name looked up (babel's CLDR tables take ~40 ms): a check that only needs
        the codes never builds it."""
        base: dict[str, str] = {}
        for e in self.by_code.values():
            for name in (e.name, e.table_name, e.long_name):
                for key in _keys(name):
                    base.setdefault(key, e.code)
        for name, code in NON_ECONOMIES.items():
            base.setdefault(normalise(name), code)
        for names in NAMES_CLDR_LACKS.values():
            for name, iso2 in names.items():
                if iso2 in self.iso2:
                    base.setdefault(normalise(name), self.iso2[iso2])
        return base | {k: v for k, v in self._cldr_keys("en").items() if k not in base}

    def codes(self) -> frozenset[str]:
        return frozenset(self.by_code) | frozenset(NON_ECONOMIES.values())

    def _cldr_names(self, lang: str) -> dict[str, str]:
        """name (as CLDR writes it) → ISO3 for ``lang``, with the names CLDR lacks."""
        out: dict[str, str] = {}
        base = lang.replace("-", "_").split("_")[0]
        for territory, name in cldr_territories(lang).items():
            if (code := self.iso2.get(territory)) is not None:
                out.setdefault(name, code)
        for name, iso2 in NAMES_CLDR_LACKS.get(base, {}).items():
            if (code := self.iso2.get(iso2)) is not None:
                out.setdefault(name, code)
        return out

    def _cldr_keys(self, lang: str) -> dict[str, str]:
        if lang not in self._lang:
            keys: dict[str, str] = {}
            for name, code in self._cldr_names(lang).items():
                for key in _keys(name):
                    keys.setdefault(key, code)
            self._lang[lang] = keys
        return self._lang[lang]

    @functools.cached_property
    def _every_language(self) -> dict[str, str]:
        """The names in every `PRESS_LANGUAGES` language, built on the first name that the
        other indexes do not know (once per process)."""
        keys: dict[str, str] = {}
        for lang in PRESS_LANGUAGES:
            for key, code in self._cldr_keys(lang).items():
                keys.setdefault(key, code)
        return keys

    def economy_code(self, name: str, lang: str | None = None, *,
                     every_language: bool = True) -> str | None:
        text = name.strip()
        if not text:
            return None
        upper = text.upper()
        if len(text) == 3 and upper in self.by_code:
            return upper
        if text in NON_ECONOMIES.values():
            return text
        if len(text) == 2 and upper in self.iso2:
            return self.iso2[upper]
        keys = _keys(text)
        indexes = ([self._cldr_keys(lang)] if lang else []) + [self._base]
        for index in indexes:
            for key in keys:
                if key in index:
                    return index[key]
        if every_language:
            for key in keys:
                if key in self._every_language:
                    return self._every_language[key]
        return None

    def name_index(self, lang: str) -> dict[str, str]:
        """Lower-cased names in ``lang`` plus the English ones → code (for scanning text)."""
        out: dict[str, str] = {}
        for e in self.by_code.values():
            for name in (e.name, e.table_name, e.long_name):
                out.setdefault(name.lower(), e.code)
        for name, code in (self._cldr_names("en") | self._cldr_names(lang)).items():
            out.setdefault(name.lower(), code)
            if m := _REPUBLIC_PREFIX.match(normalise(name)):
                short = name[len(name) - len(m.group(2)):]
                out.setdefault(short.lower(), code)
        return out

    def display_name(self, code: str) -> str:
        if (e := self.by_code.get(code)) is not None:
            return e.name
        return NON_ECONOMY_NAMES.get(code, code)

    def group_members(self, code: str) -> tuple[str, ...] | None:
        """The economies of a World Bank group, from the catalogue's own columns: a region
        ("ECS" Europe & Central Asia), an income group ("HIC" High income), the euro area
        ("EMU", "Euro area" among the other groups) or the world ("WLD": every economy). None
        for a code that is no such group."""
        group = self.by_code.get(code)
        if group is None or not group.aggregate:
            return None
        economies = [e for e in self.by_code.values() if not e.aggregate]
        if code == "WLD":
            return tuple(sorted(e.code for e in economies))
        members = tuple(sorted(e.code for e in economies if group.name in (
            e.region, e.income_group) or group.name in _groups(e.other_groups)))
        return members or None


@functools.cache
def bundled() -> EconomyNames:
    """The index of the bundled catalogue (cache/snapshot/)."""
    from cache.bundle import snapshot_economies

    return EconomyNames(snapshot_economies())


def economy_code(name: str, lang: str | None = None) -> str | None:
    """ISO3 (or aggregate) code for an ISO3 or ISO2 code, or a World Bank or CLDR name ("Moldau",
    "Weißrussland", "Federación de Rusia"; None if unknown): ``lang`` first (any CLDR language),
    then English and the World Bank's names, then the `PRESS_LANGUAGES`."""
    return bundled().economy_code(name, lang)


def display_name(code: str) -> str:
    """The English World Bank (short) name of a code: "MDA" → "Moldova"; unknown: the code."""
    return bundled().display_name(code)


def name_index(lang: str) -> dict[str, str]:
    """Lower-cased economy names in ``lang`` plus the English ones → ISO3 code."""
    return bundled().name_index(lang)


def known_codes() -> frozenset[str]:
    """Every code a claims file may use for an economy: the catalogue's and `NON_ECONOMIES`'."""
    return bundled().codes()


def code_for(name: str) -> str | None:
    """The code for a published economy name (the importers' entry point), or None."""
    return economy_code(name)


# -- groups: what a rank may be "among" (docs/claims-format.md, `among`) -------------------------
def is_economy(code: str) -> bool:
    """A single economy (ISO3), not a World Bank aggregate ("WLD", "EUU", "HIC") nor a bucket
    of a source ("OTHER", "USSR")."""
    e = bundled().by_code.get(code)
    if e is not None:
        return not e.aggregate
    return len(code) == 3 and code.isalpha() and code.isupper() and \
        code not in NON_ECONOMIES.values()


def group_members(code: str) -> tuple[str, ...] | None:
    """The economies of a World Bank group (`EconomyNames.group_members`, bundled catalogue)."""
    return bundled().group_members(code)


def _groups(text: str) -> tuple[str, ...]:
    return tuple(g.strip() for g in re.split(r"[;,]", text or "") if g.strip())
