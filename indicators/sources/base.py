"""The one interface every data source implements.

An adapter is small: it knows its publisher's endpoints and wire format, and turns one run
into a `SourceBatch` (observations + series metadata + one `FetchRecord` per download, with
URL, access time, the publisher's last-updated date and licence). It never touches the store:
`indicators.refresh` writes the batch in one transaction. Dependencies come in through
`FetchContext` (HTTP client, clock, progress callback), so tests pass fakes and block the net.

Optional hook for sources that need an API key (not part of the Protocol, so adapters without
it stay valid): ``missing_key() -> str | None`` returns a short reason naming the variable and
where to get a key ("needs EIA_API_KEY (free key: https://…)") when the key is not set, else
None. `indicators.refresh` asks `missing_key_reason` before fetching: such a source is reported
"not run" and the store is not touched. ``fetch`` itself still raises `MissingKeyError`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from indicators.models import SourceBatch

if TYPE_CHECKING:
    import requests

# progress(done, total_or_None, message)
ProgressCallback = Callable[[int, int | None, str], None]


def _no_progress(done: int, total: int | None, message: str) -> None:
    return None


class SourceError(Exception):
    """A source could not deliver; the message says what failed and where (URL, file, code)."""


class MissingKeyError(SourceError):
    """The source needs an API key that is not configured; the message names the variable."""


class UnreachableError(SourceError):
    """The host did not resolve or refused the connection: no network, or a wrong host name."""


class UnknownCodeError(SourceError):
    """A series, economy or creditor code the publisher does not know."""


class HttpGetter(Protocol):
    """What adapters fetch through: `indicators.sources.http.HttpClient`, or a test/replay stand-in
    (the archive's replaying client for ``refresh --reparse``) with the same ``get``."""

    def get(self, url: str, params: Any = None, headers: Any = None,
            **kwargs: Any) -> requests.Response: ...


@dataclass
class FetchContext:
    http: HttpGetter
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


def missing_key_reason(adapter: object) -> str | None:
    """Why ``adapter`` cannot run for want of an API key (its optional ``missing_key()``), or None.

    A hook that itself fails is no reason to skip: the source then runs and reports its error.
    """
    hook = getattr(adapter, "missing_key", None)
    if not callable(hook):
        return None
    try:
        reason = hook()
    except Exception:
        return None
    return reason if isinstance(reason, str) and reason else None
