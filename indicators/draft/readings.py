"""Candidate readings for a drafted claim: up to three catalogue series from the series search
over the claim's words, subject and unit, the best marked likely; partner shares also get the
IMF and UN Comtrade partner readings Claimcheck already knows; a claim no catalogued series
can test gets a `none` reading with the reason.

The search ranks by words; the candidates are then re-ranked by whether a series' unit fits
the claim's ("% of GDP" for a ratio to GDP, "US$" for a dollar amount, "annual %" for a
growth rate), since a figure's unit says more about its series than its words do.
"""

from __future__ import annotations

import re

from indicators.draft.interfaces import SeriesSearch
from indicators.draft.model import DraftClaim, ProposedReading
from indicators.money import CURRENCIES

_STOP = frozenset(
    "der die das den dem des ein eine einer einem einen und oder mit von vom zu zum zur im in "
    "auf aus bei nach für über unter um als auch noch nur wie so sich sie er es ist sind war "
    "waren hat haben hatte wurde wird werden damit dabei davon dort seit bis gegenüber rund "
    "etwa gut knapp fast mehr weniger als mindestens höchstens prozent jahr jahres jahren "
    "vergangenen diesem dieses letzten ersten the a an of to in on for with from by at as is "
    "are was were has have had its their it this that than more less about around roughly "
    "nearly almost some per cent percent year years last first second third fourth quarter "
    "month months and or but while which who said official data showed according up down "
    "just now still record new mrd mio milliarden millionen billion million bn trillion "
    "inzwischen derzeit nun mal times because after before since".split())
_PARTNER_FLOWS = [  # (words, source, series, what)
    (re.compile(r"export|ausfuhr|abnehmer|buyer|market|markt", re.I), "imf", "IMTS.XG_FOB_USD",
     "exports"),
    (re.compile(r"import|einfuhr|lieferant|supplier", re.I), "imf", "IMTS.MG_CIF_USD",
     "imports"),
    (re.compile(r"energie|energy|gas\b|gases|öl\b|oil|fuel|brennstoff", re.I), "comtrade",
     "hs27.import_value", "imports of mineral fuels (HS 27)"),
    (re.compile(r"fdi|direktinvest|direct invest|kapital|capital", re.I), "imf",
     "DIP.INWD_D_NETLA_FALL_ALL", "inward direct investment position"),
]
# A share of the world's output of a commodity: the readings Claimcheck holds for it (the live
# source, then the bundled reference figures), the economy's value ÷ the world's.
_WORLD_SHARES = [  # (words, [(source, series, fallback series, what)])
    (re.compile(r"\b(?:welt)?kali(?:s|markt\w*|dünger\w*|produktion|förderung|salz\w*)?\b|"
                r"potash", re.I), [
        ("usgs", "mcs.potash.mine_production", "potash_usgs_mcs2026_world.mine_production",
         "potash mine production (K2O), USGS Mineral Commodity Summaries"),
        ("faostat", "rfn_k2o.production", "potash_faostat_rfn_k2o.production",
         "potash (K2O) fertiliser production, FAOSTAT")]),
]
_COMTRADE_TOTAL = {"IMTS.XG_FOB_USD": "total.export_value", "IMTS.MG_CIF_USD": "total.import_value"}


def query_words(claim: DraftClaim, text: str, sentence: tuple[int, int],
                mention_spans: list[tuple[int, int]]) -> list[str]:
    """The content words that say what the figure measures, nearest to it first."""
    s, e = sentence
    chars = list(text[s:e])
    for ms, me in mention_spans:
        for i in range(max(ms, s), min(me, e)):
            chars[i - s] = " "
    sentence_text = "".join(chars)
    words = [(m.start() + s, m.group()) for m in re.finditer(r"[A-Za-zÄÖÜäöüß][\wäöüß-]+",
                                                            sentence_text)]
    centre = claim.figure.start
    kept = [(abs(pos - centre), w) for pos, w in words
            if w.lower() not in _STOP and len(w) > 2 and not w[0].isdigit()]
    kept.sort()
    out = list(dict.fromkeys(w for _, w in kept))[:7]
    return out


def _hints(claim: DraftClaim) -> list[str]:
    hints: list[str] = []
    if claim.unit == "percent of GDP":
        hints.append("GDP")
    if claim.figure.currency == "USD":
        hints.append("US$")
    if claim.unit == "people":
        hints.append("population")
    if claim.unit == "arrivals":
        hints.append("tourism arrivals")
    return hints


def _fit(claim: DraftClaim, name: str, unit: str) -> float:
    """How well a series' unit fits the claim's (added to the search's rank)."""
    label = f"{name} {unit}".lower()
    score = 0.0
    if claim.unit == "percent of GDP":
        score += 2.0 if "% of gdp" in label else -1.0
    elif claim.figure.currency == "USD":
        score += 1.5 if "us$" in label else -1.5
    elif claim.figure.currency:
        score += 1.0 if "lcu" in label else -0.5
    elif claim.unit in ("percent", "percentage points"):
        score += 0.8 if "%" in label else -1.0
        if claim.kind == "change" and claim.figure.form != "fraction":
            score += 0.7 if "annual %" in label else 0.0
    elif claim.unit == "people":
        score += 2.0 if "population, total" in label else -0.5
    elif claim.unit == "times":
        score += 0.5 if ("constant" in label or "us$" in label) else 0.0
    return score


def propose(claim: DraftClaim, words: list[str], search: SeriesSearch | None, lang: str,
            display_name, local: str = "", concept: str = "") -> list[ProposedReading]:
    """``local``: the words right at the figure ("Prozent Importquote"), which say which
    partner flow a share is of better than the whole sentence does; ``concept``: the search
    phrase for the concept named nearest the figure (`concepts`), used instead of the
    sentence's words when there is one."""
    readings: list[ProposedReading] = []
    unstated = claim.toml_kind == "rank" and not claim.among  # a set the format cannot state
    if unstated and "members" not in claim.rank_note:  # a partner's or a source's place
        return [ProposedReading(id="none", meaning="No reading can test this rank as drafted.",
                                source="", kind="none", reason=claim.rank_note)]
    if claim.counterpart and claim.kind in ("share", "rank") and not claim.qualitative:
        readings += _partner_readings(claim, local or " ".join(words), display_name)
    if claim.kind == "share" and claim.counterpart in ([], ["WLD"]) and not claim.qualitative:
        readings += _world_readings(claim, local or " ".join(words), display_name)
    hits = []
    if search is not None and (concept or (words and claim.kind != "rank")):
        query = concept or " ".join(words + _hints(claim))
        try:
            found = search(query, lang="en" if concept else lang, economy=claim.subject, limit=60)
        except Exception:  # a search failure must not lose the draft; the comment says so
            found = []
            claim.notes.append("the series search failed; no series proposed")
        if claim.figure.currency and claim.figure.currency not in CURRENCIES:
            # an amount in a currency Claimcheck cannot convert is never set beside US$
            found = [h for h in found if "US$" not in f"{h.name} {h.unit}"]
        ranked = sorted(enumerate(found), key=lambda ih: ih[0] / 3 - 2.5 * _fit(
            claim, ih[1].name, ih[1].unit) - 4 * _overlap(query, ih[1].name))
        hits = [h for _, h in ranked][: max(0, 3 - len(readings))]
        claim.notes.append(f"series search for '{query}'" + (
            f": {len(found)} matches, re-ranked by unit" if found else ": no match"))
    if unstated:  # the series that ranks it once an editor gives the members
        named = "; ".join(f"WDI {h.code} ({h.name})" for h in hits[:1])
        return [ProposedReading(
            id="none", meaning="No reading can test this rank as drafted.", source="",
            kind="none", reason=claim.rank_note + (f"; then rank by {named}" if named else ""))]
    partners = [p for p in claim.counterpart if p not in ("WLD", "EUU", "EMU")]
    bilateral = bool(partners) and claim.kind == "level" and bool(
        claim.figure.currency or claim.figure.scale)
    for hit in hits:
        growth = hit.code.endswith(".ZG") and claim.kind == "change"
        licence = "" if not hit.licence or "CC BY" in hit.licence.upper() else hit.licence
        reading = ProposedReading(
            id=_slug(hit.code), label=hit.name[:120],
            meaning=f"{hit.name}, {display_name(claim.subject)} (World Bank WDI {hit.code}).",
            source="worldbank", series=hit.code, economy=claim.subject, growth=growth,
            score=hit.score, licence=licence, unit=hit.unit)
        if bilateral and "balance" not in hit.name.lower():
            # "$4.7 billion from Russia" against a total over every partner: the total can
            # refute a claim larger than it, never confirm the part
            reading.definition = "upper bound"
            reading.definition_reason = (
                f"the series counts every partner, not only "
                f"{' and '.join(display_name(p) for p in partners)}")
        if partners and claim.kind == "share":
            # "40 Prozent … nach Russland" is Russia's part of a whole; an economy's total
            # (exports % of GDP, net energy imports) measures something else and must not
            # decide the verdict: shown beside it, never scored
            reading.role = "context"
            reading.role_reason = (
                f"measures {display_name(claim.subject)} as a whole, not "
                f"{' and '.join(display_name(p) for p in partners)}'s share: shown for "
                "context, never scored")
        readings.append(reading)
    if not readings:
        reason = ("no catalogued series matched the claim's words"
                  + (f" ({' '.join(words)})" if words else "")
                  + "; an editor can add a quoted source or a series")
        if claim.kind == "rank":
            reason = ("a rank needs the series it ranks by; no series is proposed for a rank "
                      "drafted from words alone")
        readings.append(ProposedReading(id="none", meaning="No catalogued series found for "
                                        "this claim.", source="", kind="none", reason=reason))
    return readings


def _partner_readings(claim: DraftClaim, text: str, display_name) -> list[ProposedReading]:
    """A partner's share (or several partners' summed share: "Russia and China together")."""
    partners = claim.counterpart
    if any(p in ("WLD", "EUU", "EMU") for p in partners):
        return []
    partner: str | list[str] = partners[0] if len(partners) == 1 else list(partners)
    tag = "-".join(p.lower() for p in partners)
    code = " + ".join(partners)
    name = " and ".join(display_name(p) for p in partners)
    out: list[ProposedReading] = []
    for pattern, source, series, what in _PARTNER_FLOWS:
        if not pattern.search(text):
            continue
        sub = display_name(claim.subject)
        out.append(ProposedReading(
            id=f"{tag}-share-{source}-{what.split()[0]}",
            label=f"{source.upper()} {code} share of {what}",
            meaning=f"{name}'s share of {sub}'s {what} ({source}: {series}, {code} ÷ all "
                    "partners × 100).", source=source, series=series, economy=claim.subject,
            counterpart=partner, denominator_series=series, denominator_counterpart="WLD",
            kind="ratio", scale=100, unit="percent"))
        if series in _COMTRADE_TOTAL:
            total = _COMTRADE_TOTAL[series]
            out.append(ProposedReading(
                id=f"{tag}-share-comtrade-{what.split()[0]}",
                label=f"UN Comtrade {code} share of {what}",
                meaning=f"{name}'s share of {sub}'s {what} (UN Comtrade {total}, {code} ÷ "
                        "world × 100).", source="comtrade", series=total,
                economy=claim.subject, counterpart=partner, denominator_series=total,
                denominator_counterpart="WLD", kind="ratio", scale=100, unit="percent"))
        break
    return out[:2]


def _world_readings(claim: DraftClaim, text: str, display_name) -> list[ProposedReading]:
    for pattern, rows in _WORLD_SHARES:
        if pattern.search(text):
            name = display_name(claim.subject)
            return [ProposedReading(
                id=f"world-share-{source}", label=f"{source.upper()} share of the world",
                meaning=f"{name}'s share of world {what} ({source}: {series}, {claim.subject} "
                        "÷ WLD × 100).", source=source, series=series, economy=claim.subject,
                denominator_series=series, denominator_economy="WLD",
                fallback=("reference", fallback), kind="ratio", scale=100, unit="percent")
                for source, series, fallback, what in rows]
    return []


def _overlap(query: str, name: str) -> float:
    """How much of a series' name the query's words cover (0–1): "population total" fits
    "Population, total" better than "Population ages 0-14, female"."""
    q = set(re.findall(r"[a-z]+", query.lower())) - {"of", "and", "the", "current"}
    n = set(re.findall(r"[a-z]+", name.lower())) - {"of", "and", "the", "current"}
    return len(q & n) / len(q | n) if q and n else 0.0


def _slug(code: str) -> str:
    return "wdi-" + re.sub(r"[^a-z0-9]+", "-", code.lower()).strip("-")
