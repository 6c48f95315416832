"""Find WDI series by the words of an article: full-text search over the WDI catalogue.

`search_series` turns the words into an SQLite FTS5 query (each word, or its English
expansion from `indicators.claims.vocabulary`, is one group of alternatives; every group must
match), ranks with bm25 over code, name, topic and definitions (name weighted highest), and
fills up with looser matches (any group) when the strict query finds fewer than ``limit``.
Each hit says how many values the store holds for ``economy``. `series_info` gives a series'
full metadata and what the store holds of it.

The catalogue is the store's (`cache.catalogue`); a store without one (an older store opened
read-only) is searched in an in-memory copy of the bundled catalogue.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from indicators.claims.vocabulary import expand
from indicators.models import CatalogueSeries, licence_note

DATA_BONUS = 0.5  # bm25 points: reorders near-ties only (distinct matches differ by more)
LOOSE_PENALTY = 1000.0
_WORD = re.compile(r"[\w&]+", re.UNICODE)
_TOKEN = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class SeriesHit:
    """One search result."""

    code: str
    name: str
    unit: str
    topic: str
    licence: str  # the catalogue's licence text ("CC BY-4.0", "… IEA terms and conditions.")
    licence_note: str  # "" for CC BY; else e.g. "IEA terms (not CC BY)"
    values: int | None  # current values the store holds for the economy asked about (None: none)
    stored: int  # current values the store holds for every economy
    score: float  # relevance, higher is better (−bm25); strict matches rank above loose ones
    economy: str | None = None


@dataclass(frozen=True)
class SeriesInfo:
    """A series' full metadata and what the store holds of it."""

    series: CatalogueSeries
    holdings: tuple[dict, ...]  # per source: rows, current_rows, years, newest vintage, economies

    @property
    def licence_note(self) -> str:
        return self.series.licence_note


def query_groups(words: str, lang: str = "en") -> list[list[str]]:
    """The words as groups of alternatives (each a phrase of plain tokens)."""
    groups: list[list[str]] = []
    for word in _WORD.findall(words):
        alternatives = expand(word, lang)
        if alternatives == ():
            continue
        phrases = alternatives if alternatives is not None else (word,)
        group = []
        for phrase in phrases:
            tokens = _TOKEN.findall(phrase.lower())
            if tokens:
                group.append(" ".join(tokens))
        if group and group not in groups:
            groups.append(group)
    return groups


def fts_expression(groups: list[list[str]], joiner: str = " AND ") -> str:
    """An FTS5 MATCH expression: quoted phrases (no FTS syntax from the user's words)."""
    return joiner.join(
        "(" + " OR ".join(f'"{p}"' for p in group) + ")" for group in groups)


class _MemoryCatalogue:
    """The bundled catalogue in memory, for a store that has none."""

    def __init__(self) -> None:
        from cache.bundle import snapshot_catalogue_series, snapshot_economies
        from cache.catalogue import memory_catalogue

        self._conn = memory_catalogue(snapshot_catalogue_series().values(), snapshot_economies())

    def search_catalogue(self, match: str, limit: int, exclude=()):
        from cache.catalogue import search

        return search(self._conn, match, limit, exclude)

    def catalogue_series(self, code: str):
        from cache.catalogue import series_entry

        return series_entry(self._conn, code)


@functools.cache
def _memory() -> _MemoryCatalogue:
    return _MemoryCatalogue()


def _catalogue(store):
    return store if store.has_catalogue() else _memory()


def search_series(store, words: str, *, lang: str = "en", economy: str | None = None,
                  limit: int = 10) -> list[SeriesHit]:
    """WDI series matching ``words`` (German terms expanded with ``lang="de"``), best first."""
    groups = query_groups(words, lang)
    if not groups or limit <= 0:
        return []
    catalogue = _catalogue(store)
    found = catalogue.search_catalogue(fts_expression(groups), limit)
    strict = len(found)
    if strict < limit and len(groups) > 1:
        found += catalogue.search_catalogue(fts_expression(groups, " OR "), limit - strict,
                                            exclude=[s.code for s, _ in found])
    codes = [s.code for s, _ in found]
    values = store.current_counts(codes, economy) if economy else {}
    stored = store.current_counts_all(codes)
    hits = []
    for i, (s, bm25) in enumerate(found):
        # Loose matches rank below every strict one, whatever their bm25. Among near-equal
        # matches, a series the store holds values of (for the economy, if one is given)
        # comes first: it is the one a claim can be checked against today.
        held = values.get(s.code, 0) if economy else stored.get(s.code, 0)
        score = -bm25 + (DATA_BONUS if held else 0.0) - (0.0 if i < strict else LOOSE_PENALTY)
        hits.append(SeriesHit(
            code=s.code, name=s.name, unit=s.unit, topic=s.topic, licence=s.licence,
            licence_note=licence_note(s.licence),
            values=values.get(s.code, 0) if economy else None, stored=stored.get(s.code, 0),
            score=round(score, 6), economy=economy))
    return sorted(hits, key=lambda h: -h.score)


def series_info(store, code: str) -> SeriesInfo | None:
    """The full metadata of one WDI series and what the store holds of it; None if unknown."""
    entry = _catalogue(store).catalogue_series(code.strip())
    if entry is None:
        return None
    return SeriesInfo(series=entry, holdings=tuple(store.series_holdings(entry.code)))


def series_search(store, *, remember: bool = True):
    """`search_series` bound to ``store``, as the drafter takes it (`indicators.draft.interfaces`).

    An article asks the same question for every figure of the same measure and economy
    ("GDP growth annual %" for Poland, again and again); with ``remember`` each distinct
    question is answered once per search function (one per command), not once per figure.
    """
    def ask(words: str, lang: str, economy: str | None, limit: int):
        return search_series(store, words, lang=lang, economy=economy, limit=limit)

    answer = functools.lru_cache(maxsize=4096)(ask) if remember else ask

    def search(words: str, *, lang: str = "en", economy: str | None = None, limit: int = 10):
        return list(answer(words, lang, economy, limit))

    return search
