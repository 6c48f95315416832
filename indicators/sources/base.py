"""The one interface every data source implements.

An adapter is small: it knows its publisher's endpoints and wire format, and turns one run
into a `SourceBatch` (observations + series metadata + one `FetchRecord` per download, with
URL, access time, the publisher's last-updated date and licence). It never touches the store:
`indicators.refresh` writes the batch in one transaction. Dependencies come in through
`FetchContext` (HTTP client, clock, progress callback), so tests pass fakes and block the net.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol, runtime_checkable

from indicators.models import SourceBatch

# progress(done, total_or_None, message)
ProgressCallback = Callable[[int, int | None, str], None]


def _no_progress(done: int, total: int | None, message: str) -> None:
    return None


class SourceError(Exception):
    """A source could not deliver; the message says what failed and where (URL, file, code)."""


class MissingKeyError(SourceError):
    """The source needs an API key that is not configured; the message names the variable."""


class UnknownCodeError(SourceError):
    """A series, economy or creditor code the publisher does not know."""


@dataclass
class FetchContext:
    http: object  # indicators.sources.http.HttpClient (typed loosely to avoid an import cycle)
    clock: Callable[[], datetime]
    progress: ProgressCallback = field(default=_no_progress)


@runtime_checkable
class SourceAdapter(Protocol):
    name: str  # short id used in the store and on the command line: "worldbank"
    title: str  # human name: "World Bank WDI (api.worldbank.org, via wbgapi)"
    licence: str

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        """Download everything this source provides for the configured claims; raise SourceError."""
        ...
