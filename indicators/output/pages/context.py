"""What the page builders are given: one article's results, where links point, and how to read
a reading's time series (passed in: the builders never open the store themselves)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from indicators.output.pages.links import Links

# (claim, reading id, economy) → that reading's observed points, oldest first.
SeriesFn = Callable[[Any, str, str], Sequence[Any]]


def no_series(_claim: Any, _reading_id: str, _economy: str) -> Sequence[Any]:
    return ()


@dataclass(frozen=True)
class PageContext:
    """``result``: the article's `ArticleResult`; ``series_meta``: (source, series) →
    `SeriesMeta` (definitions); ``series``: e.g. ``lambda claim, rid, economy:
    compare.reading_series(store, reading_of(claim, rid), economy, subject=claim.subject)``."""

    article_id: str
    result: Any
    links: Links
    series: SeriesFn = no_series
    series_meta: Mapping[tuple[str, str], Any] = field(default_factory=dict)

    def measure(self, claim: Any, reading_id: str) -> Any:
        """The claims file's measure behind a reading (which sources it would use)."""
        return next((r.measure for r in claim.readings if r.id == reading_id), None)

    @property
    def licences(self) -> dict[str, str]:
        return dict(self.result.licences)
