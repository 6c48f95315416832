"""The set a drafted rank is among, in the terms of the claims format (`among`), or why the
claims format cannot state it.

The claims format ranks the *subject economy* among a set of economies by one series: all
economies ("the world's second-largest exporter"), a World Bank group whose members the
catalogue lists ("the eurozone's largest economy" → `EMU`, a region such as `ECS`), or a list.
Two kinds of rank an article writes are not such a ranking, and the draft says so instead of
judging them on a wrong set:

* a partner's or a source's place ("Germany is Turkey's second-largest buyer", "the country's
  largest source of foreign currency"): a ranking of the subject's partners or of its income
  sources, not of economies;
* a set that no World Bank group is ("Africa's most populous nation", "the largest oil
  producer in Central Asia", "the highest in the EU": the catalogue lists no members for the
  EU aggregate).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from indicators.draft import vocabulary as v
from indicators.draft.interfaces import EconomyNames

# Words of a rank among income sources rather than economies.
_SOURCE = re.compile(r"(?:einnahmequelle|devisenquelle|quelle|source|earner)", re.IGNORECASE)
_WORLD = re.compile(r"\b(?:welt\w*|weltweit|world'?s?|global\w*|planet)\b", re.IGNORECASE)
# Regions that are no World Bank group of exactly those economies.
_REGION = re.compile(
    r"\b(?:afrika\w*|africa\w*|asien\w*|asia\w*|zentralasien\w*|central\s+asia\w*|europa\w*|"
    r"europe\w*|osteuropa\w*|eastern\s+europe\w*|lateinamerika\w*|latin\s+america\w*|"
    r"südamerika\w*|south\s+america\w*|nahost|middle\s+east\w*|balkan\w*|baltikum\w*|"
    r"baltic\w*|kaukasus\w*|caucasus\w*|skandinavien\w*|scandinavia\w*|golfregion|gulf|"
    r"der\s+region|the\s+region)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RankSet:
    among: str  # "all", a group code, or "" where the claims format cannot state the set
    note: str  # why, for the claim's comment and a `none` reading's reason


def rank_set(names: EconomyNames, text: str, fig: tuple[int, int], sentence: tuple[int, int],
             subject: str, counterparts: list[str]) -> RankSet:
    """The set a rank figure ranks its subject among, read from the words around it."""
    near = text[fig[0]:min(sentence[1], fig[1] + 40)]
    place = re.match(r"(?:an|Platz|rank|place)\b", text[fig[0]:fig[1]], re.IGNORECASE)
    zone = text[sentence[0]:sentence[1]] if place else near
    if v.PARTNER_ROLE.search(zone):
        return RankSet("", f"a place among {subject}'s trading partners, not a ranking of "
                           "economies: the claims format cannot state it yet; compare the "
                           "partner shares by hand")
    if _SOURCE.search(near):
        return RankSet("", f"a place among {subject}'s sources of income, not a ranking of "
                           "economies: the claims format cannot state it; compare the sources "
                           "by hand")
    for code in counterparts:
        if code == "WLD":
            return RankSet("all", "among all economies (the words name the world)")
        if names.group_members(code):
            return RankSet(code, f"among the members of {names.display_name(code)} ({code})")
        return RankSet("", f"among {names.display_name(code)} ({code}), whose members the World "
                           "Bank catalogue does not list: the set cannot be stated; give "
                           "`among` the members' codes")
    around = text[max(sentence[0], fig[0] - 40):min(sentence[1], fig[1] + 40)]
    if _WORLD.search(around):
        return RankSet("all", "among all economies (the words name the world)")
    region = _REGION.search(around)
    if region:
        return RankSet("", f"among '{region.group()}', which is no World Bank group of exactly "
                           "those economies: the set cannot be stated; give `among` the "
                           "members' codes")
    return RankSet("all", "among all economies (the words name no smaller set)")
