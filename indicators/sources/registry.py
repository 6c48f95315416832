"""Which sources `claimcheck refresh` knows: name → adapter factory.

Adapters are imported only when used, so `claimcheck --help` and the offline commands never
load HTTP or wbgapi code.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from indicators.sources.base import SourceAdapter, SourceError


@dataclass(frozen=True)
class SourceEntry:
    name: str
    title: str
    module: str
    attribute: str
    # The source needs an API key: `claimcheck status` asks its adapter's `missing_key()`.
    needs_key: bool = False
    # The adapter takes ``wanted`` (what claims files read): `refresh --claims` fetches it.
    fetches_claims: bool = False

    def create(self, **options: object) -> SourceAdapter:
        try:
            factory = getattr(importlib.import_module(self.module), self.attribute)
        except (ImportError, AttributeError) as exc:
            raise SourceError(
                f"source {self.name!r} is not available in this installation "
                f"({self.module}.{self.attribute}: {exc})"
            ) from exc
        return factory(**options)


SOURCES: dict[str, SourceEntry] = {
    entry.name: entry
    for entry in (
        SourceEntry(
            name="worldbank",
            title="World Bank: WDI and International Debt Statistics (api.worldbank.org)",
            module="indicators.sources.worldbank",
            attribute="WorldBankSource",
            fetches_claims=True,
        ),
        SourceEntry(
            name="faostat",
            title="FAOSTAT Fertilizers by Nutrient, potash K2O (bulk download)",
            module="indicators.sources.faostat",
            attribute="FaostatSource",
        ),
        SourceEntry(
            name="usgs",
            title="USGS Mineral Commodity Summaries, world mine production (ScienceBase)",
            module="indicators.sources.usgs",
            attribute="UsgsSource",
        ),
        SourceEntry(
            name="ids",
            title="World Bank International Debt Statistics by creditor (wbgapi, db 6)",
            module="indicators.sources.ids",
            attribute="IdsSource",
            fetches_claims=True,
        ),
        SourceEntry(
            name="unsd",
            title="UN Statistical Yearbook: production, trade and supply of energy",
            module="indicators.sources.unsd",
            attribute="UnsdEnergySource",
        ),
        SourceEntry(
            name="imf",
            title="IMF SDMX 3.0: IMTS trade by partner, DIP FDI positions (api.imf.org)",
            module="indicators.sources.imf",
            attribute="ImfSource",
        ),
        SourceEntry(
            name="comtrade",
            title="UN Comtrade: HS 27 and total trade of Belarus by partner, reported and mirror",
            module="indicators.sources.comtrade",
            attribute="ComtradeSource",
        ),
        SourceEntry(
            name="eia",
            title="US EIA international energy: total production and consumption (API key)",
            module="indicators.sources.eia",
            attribute="EiaSource",
            needs_key=True,
        ),
    )
}


def claims_sources() -> frozenset[str]:
    """The sources whose refresh fetches what claims files read (`refresh --claims`)."""
    return frozenset(name for name, entry in SOURCES.items() if entry.fetches_claims)


def source_names() -> list[str]:
    """The sources `claimcheck refresh` knows."""
    return sorted(SOURCES)


def create_adapter(name: str, **options: object) -> SourceAdapter:
    """A new adapter for ``name``; `SourceError` if the name is unknown or cannot be loaded."""
    try:
        entry = SOURCES[name]
    except KeyError:
        raise SourceError(
            f"unknown source {name!r}; known sources: {', '.join(source_names())}"
        ) from None
    return entry.create(**options)


def make_http_client(*, timeout: float, retries: int) -> object:
    """The shared HTTP client (timeouts, retries with back-off) the adapters fetch through."""
    from indicators.sources.http import HttpClient

    return HttpClient(timeout=timeout, max_attempts=retries + 1)
