"""What shape a figure's claim has: a level, a share, a ratio to GDP, a change (in percent, in
points, as a multiple, or between two quoted endpoints), or a rank — and its sign.

* "um 4,7 Prozent gesunken", "fell by a third", "grew 0.7%", "up 9.4 per cent": a change; a
  fall is negative. "von 48,9 auf 78,5 Prozent": the second is a change with both endpoints,
  the first the base level. "verdoppelt", "das 2,8-Fache": a multiple.
* "auf 4,2 Prozent", "fell to 4%": a level after a change ("Inflation fell to 4.2 percent" is a
  level of the inflation rate).
* "Prozent des BIP", "of GDP", "der Wirtschaftsleistung": a ratio to GDP.
* "Anteil", "share", "Prozent der/des …", "of the total", a fraction: a share.
* A superlative or place ("zweitgrößter Abnehmer", "the largest trading partner") is a rank
  only next to an economic noun (a partner, producer, market, economy …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indicators.draft import vocabulary as v
from indicators.draft.model import Figure

_OF_GDP = re.compile(r"\s*(?:des|of|der|of\s+the|vom)\s+(?:jeweiligen\s+)?(?:BIP|GDP|"
                     r"Bruttoinlandsprodukts?|Wirtschaftsleistung|economy|gross\s+domestic\s+"
                     r"product|output|Jahreswirtschaftsleistung)\b", re.IGNORECASE)
_OF_GDP_NEAR = re.compile(r"(?:des\s+BIP|of\s+GDP|der\s+Wirtschaftsleistung|of\s+the\s+economy|"
                          r"des\s+Bruttoinlandsprodukts)", re.IGNORECASE)
_AMOUNT_BEFORE = {"de": re.compile(r"\bum\s+(?:\S+\s+){0,2}$", re.IGNORECASE),
                  "en": re.compile(r"\bby\s+(?:\S+\s+){0,2}$", re.IGNORECASE)}
_LEVEL_BEFORE = {"de": re.compile(r"\b(?:auf|bei|mit|von|nach)\s+(?:\S+\s+){0,2}$",
                                  re.IGNORECASE),
                 "en": re.compile(r"\b(?:to|at|of|from|was|is|stood\s+at|stands\s+at)\s+"
                                  r"(?:\S+\s+){0,2}$", re.IGNORECASE)}
_FROM_TO = {"de": re.compile(r"\bvon\s+(?:\S+\s+){0,3}$", re.IGNORECASE),
            "en": re.compile(r"\bfrom\s+(?:\S+\s+){0,3}$", re.IGNORECASE)}
_UP_DOWN_EN = re.compile(r"(?:^|,|\b(?:is|was|are|were|now|still))\s*(?P<d>up|down)\s+"
                         r"(?:\S+\s+){0,1}$", re.IGNORECASE)
_SHARE_WORD = re.compile(r"\b(?:anteil\w*|share|\w*quote|accounts?\s+for|accounting\s+for|"
                         r"makes?\s+up|entfall\w*|ausmach\w*)\b", re.IGNORECASE)
_SHARE_AFTER = re.compile(r"^\s*(?:der|des|seine[sr]?|ihre[sr]?|davon|of\s+(?:the|its|their|"
                          r"those|all)|of|an\s+den|am|aller)\b", re.IGNORECASE)
_RANK_NOUN = re.compile(
    r"(?:abnehmer|handelspartner|partner|exporteur|produzent|lieferant|volkswirtschaft|"
    r"wirtschaft|einnahmequelle|quelle|gläubiger|investor|markt|importeur|erzeuger|förderer|"
    r"exporter|producer|buyer|supplier|economy|source|creditor|investor|importer|nation|market|"
    r"trading|consumer|verbraucher|land\b|country|nation)", re.IGNORECASE)
_RANK_GROUP = re.compile(r"^\s*(?:\w+\s+){0,1}(?:in\s+der\s+EU|in\s+the\s+bloc|in\s+the\s+EU|"
                         r"der\s+welt|in\s+der\s+welt|in\s+the\s+world|weltweit|in\s+europa|"
                         r"in\s+europe|in\s+africa|in\s+afrika|der\s+eurozone|"
                         r"in\s+the\s+euro\s+area)\b", re.IGNORECASE)


@dataclass
class Shape:
    kind: str  # level | share | ratio | change | rank (the dev set's kinds)
    toml_kind: str  # level | change | rank (the claims format's kinds)
    change: str = ""  # points | percent | multiple | endpoints
    sign: int = 1
    unit: str = ""
    partner_context: bool = False
    base_value: float | None = None
    growth: bool = False
    note: str = ""


def is_rank(fig: Figure, text: str, sentence: tuple[int, int]) -> bool:
    """A superlative/place is a rank claim only next to an economic noun."""
    if re.match(r"(?:an|Platz|ranks?|among)\b", text[fig.start:fig.end], re.IGNORECASE) or \
            "place" in text[fig.start:fig.end]:
        return bool(_RANK_NOUN.search(text[sentence[0]:sentence[1]]))
    after = text[fig.end:min(sentence[1], fig.end + 45)]
    before = text[max(sentence[0], fig.start - 25):fig.start]
    if _RANK_NOUN.search(text[fig.start:fig.end]):
        return True
    words_after = " ".join(re.findall(r"[\wäöüÄÖÜß-]+", after)[:3])
    if _RANK_NOUN.search(words_after) or _RANK_NOUN.search(before.split(" ")[-1] if before
                                                          else ""):
        return True
    return bool(_RANK_GROUP.match(after)) and bool(v.ECONOMIC.search(text[sentence[0]:
                                                                            sentence[1]]))


def read_shape(fig: Figure, text: str, window: tuple[int, int], sentence: tuple[int, int],
               lang: str, next_fig: Figure | None, prev_fig: Figure | None) -> Shape:
    before = text[window[0]:fig.start]
    sentence_before = text[sentence[0]:fig.start]
    after = text[fig.end:min(window[1] + 30, sentence[1])]
    sentence_text = text[sentence[0]:sentence[1]]
    unit = fig.unit or (fig.currency and fig.currency) or ""
    growth = bool(v.GROWTH.search(text[max(sentence[0], fig.start - 80):fig.end + 20]))
    inflation = bool(v.INFLATION.search(sentence_text))
    partner = bool(v.FLOW.search(sentence_text))
    if fig.form == "rank":
        return Shape("rank", "rank", unit="rank", partner_context=True)
    if fig.unit == "percent" and _OF_GDP.match(text[fig.end:fig.end + 40]):
        unit = "percent of GDP"
    if fig.form == "multiple" or fig.unit == "times":
        if _OF_GDP.match(text[fig.end:fig.end + 40]) or _OF_GDP_NEAR.search(after[:40]):
            return Shape("ratio", "level", unit="times", note="a multiple of GDP")
        return Shape("change", "change", change="multiple", unit="times",
                     partner_context=partner)
    direction = _direction(sentence_before[-80:], fig, text, lang)
    if fig.unit in ("percentage points", "basis points", "points"):
        return Shape("change", "change", change="points", sign=direction or 1, unit=fig.unit,
                     partner_context=partner)
    amount = bool(_AMOUNT_BEFORE[lang].search(before[-30:]))
    up_down = _UP_DOWN_EN.search(before[-15:]) if lang == "en" else None
    if up_down and re.search(r"\b(?:up|down)\s+from\s+\S*$", before[-20:], re.IGNORECASE):
        up_down = None  # "down from 54%": the earlier level, not a change
    verb_object = bool(re.search(r"(?:\b(?:grew|rose|jumped|gained|lost|fell|declined|dropped|"
                                 r"climbed|surged|shrank|contracted|expanded|increased|"
                                 r"decreased)|\b(?:wuchs|stieg|verlor|gewann|legte))\s+"
                                 r"(?:\S+\s+){0,4}$", before[-60:], re.IGNORECASE))
    level_before = bool(_LEVEL_BEFORE[lang].search(before[-25:]))
    value_loss = bool(re.search(r"^\s*(?:of\s+its\s+value|ihres\s+werts?|seines\s+werts?|"
                                r"an\s+wert)", after, re.IGNORECASE) or re.search(
        r"\b(?:an\s+wert|its\s+value)\b", after[:40], re.IGNORECASE))
    if fig.form == "fraction" and not (amount or value_loss):
        return Shape("share" if unit != "percent of GDP" else "ratio", "level",
                     unit="percent" if unit != "percent of GDP" else unit,
                     partner_context=partner)
    if up_down:
        sign = -1 if up_down.group("d").lower() == "down" else 1
        return Shape("change", "change", change="percent" if fig.unit == "percent" else "points",
                     sign=sign, unit=unit or fig.unit, partner_context=partner, growth=growth)
    if amount or value_loss or (verb_object and not level_before):
        change = "percent" if fig.unit in ("percent", "") or fig.form == "fraction" else "points"
        if fig.currency:
            change = "points"
        return Shape("change", "change", change=change, sign=direction or 1,
                     unit="percent" if change == "percent" else unit, partner_context=partner,
                     growth=growth)
    if _FROM_TO[lang].search(before[-40:]) and next_fig is not None and re.search(
            r"\b(?:auf|to)\b", text[fig.end:next_fig.start]):
        return Shape("change" if (growth or inflation) and unit == "percent" else
                     "share" if _is_share(after, before) else "level", "level", unit=unit,
                     partner_context=partner, note="the base of a change (from … to …)")
    if prev_fig is not None and _FROM_TO[lang].search(text[max(window[0] - 60, 0):prev_fig.start]
                                                      [-40:]) and re.search(
            r"\b(?:auf|to)\b", text[prev_fig.end:fig.start]) and prev_fig.unit == fig.unit:
        shape = Shape("change" if (growth or inflation) and unit == "percent" else
                      "share" if fig.unit == "percent" and _is_share(after, sentence_before)
                      else "level", "change", change="endpoints", unit=unit,
                      partner_context=partner, base_value=prev_fig.value)
        return shape
    if unit == "percent of GDP":
        return Shape("ratio", "level", unit=unit, partner_context=partner)
    if fig.unit == "percent" and (growth or inflation):
        return Shape("change", "change" if growth and not level_before else "level",
                     change="percent" if growth and not level_before else "",
                     unit="percent", partner_context=partner, growth=growth)
    if fig.unit == "percent" and (_is_share(after[:25], before) or
                                  v.FLOW.search(after[:30])):
        return Shape("share", "level", unit="percent", partner_context=partner)
    return Shape("level", "level", unit=unit, partner_context=partner)


def _is_share(after: str, before: str) -> bool:
    return bool(_SHARE_AFTER.match(after) or _SHARE_WORD.search(before) or
                _SHARE_WORD.search(after[:25]))


def _direction(before: str, fig: Figure, text: str, lang: str) -> int:
    """-1 when the nearest movement word before (or right after) the figure is a fall."""
    ups = [m.end() for m in v.UP.finditer(before)]
    downs = [m.end() for m in v.DOWN.finditer(before)]
    after = text[fig.end:fig.end + 60]
    if not ups and not downs:
        m_up, m_down = v.UP.search(after[:30]), v.DOWN.search(after[:40])
        if m_down and (not m_up or m_down.start() < m_up.start()):
            return -1
        return 0
    last_up = max(ups) if ups else -1
    last_down = max(downs) if downs else -1
    return -1 if last_down > last_up else 1
