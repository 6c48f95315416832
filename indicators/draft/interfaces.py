"""What the drafting steps need from the rest of Claimcheck, passed in (never imported).

`EconomyNames` is the catalogue's economy names (`indicators.claims.economies`: CLDR names in
the article's language and English → ISO3); `SeriesSearch` is the catalogue's series search
(`indicators.claims.search.search_series` bound to a store). Tests pass small fakes.
"""

from __future__ import annotations

from typing import Protocol


class SeriesHitLike(Protocol):
    code: str
    name: str
    unit: str
    topic: str
    licence: str
    values: int
    score: float


class EconomyNames(Protocol):
    def name_index(self, lang: str) -> dict[str, str]:
        """Lower-cased names in ``lang`` and English → ISO3."""

    def display_name(self, code: str) -> str:
        """The English name of an ISO3 code (the code itself when unknown)."""

    def group_members(self, code: str) -> tuple[str, ...] | None:
        """The members of a World Bank group the catalogue lists (None: no such group)."""


class SeriesSearch(Protocol):
    def __call__(self, words: str, *, lang: str = "en", economy: str | None = None,
                 limit: int = 10) -> list[SeriesHitLike]:
        """Ranked catalogue series for the words (best first)."""
