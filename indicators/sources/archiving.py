"""Record every response an adapter parses into the archive, and replay them with no network.

`RecordingClient` wraps the context's HTTP client during a refresh: each answer the adapter
receives is stored byte for byte (`cache.archive`), keyed by its request URL. `ReplayClient`
serves those answers back to the same adapter, so ``claimcheck refresh --reparse SOURCE``
rebuilds the rows of the last successful download with the current parser. `replay_clock`
gives back the retrieval times of the archived answers, so the rebuilt rows carry the same
``retrieved_at`` as the originals.

Secrets never reach the archive: the values of query parameters and headers that carry keys
(``api_key``, ``subscription-key``, ``Ocp-Apim-Subscription-Key``…) become ``***`` in the
stored URLs and the replay key, and a body that echoes such a value (an error message quoting
the key) is stored with it replaced by ``***`` and marked ``redacted``: the one exception to
"the exact bytes", because a key must not sit on disk.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import requests
from requests.structures import CaseInsensitiveDict

import indicators.sources.stdjson  # noqa: F401 (requests parses with json)
from cache.archive import ArchiveError, ArchiveRun, ResponseArchive
from indicators.models import iso
from indicators.sources.base import HttpGetter, SourceError

_SECRET_PARAM = re.compile(r"(api[_-]?key|subscription[_-]?key|token|password)", re.IGNORECASE)


def redact(url: str) -> str:
    """``url`` with the values of secret-carrying query parameters replaced by ``***``.

    Everything else is left byte for byte as it was (the stored URL is provenance).
    """
    parts = urlsplit(url)
    if not parts.query:
        return url
    query = "&".join(
        f"{pair.split('=', 1)[0]}=***" if _SECRET_PARAM.search(pair.split("=", 1)[0]) else pair
        for pair in parts.query.split("&"))
    return urlunsplit(parts._replace(query=query))


def request_key(url: str, params: Any = None) -> str:
    """The full request URL as `requests` would send it, secrets redacted: the replay key."""
    prepared = requests.Request("GET", url, params=params or {}).prepare().url or url
    return redact(prepared)


def _secrets(params: Any, headers: Any) -> list[bytes]:
    """The values of secret-carrying parameters and headers (as bytes, 4 characters or more)."""
    pairs: list[tuple[str, Any]] = []
    for mapping in (params, headers):
        if isinstance(mapping, dict):
            pairs += list(mapping.items())
        elif isinstance(mapping, list | tuple):
            pairs += [p for p in mapping if isinstance(p, tuple) and len(p) == 2]
    return [str(v).encode() for k, v in pairs
            if _SECRET_PARAM.search(str(k)) and v is not None and len(str(v)) >= 4]


class RecordingClient:
    """An `HttpGetter` that stores every answer it passes on (see module doc)."""

    def __init__(self, inner: HttpGetter, archive: ResponseArchive, run: ArchiveRun,
                 clock: Callable[[], datetime]) -> None:
        self.inner, self.archive, self.run, self.clock = inner, archive, run, clock

    def get(self, url: str, params: Any = None, headers: Any = None,
            **kwargs: Any) -> requests.Response:
        response = self.inner.get(url, params=params, headers=headers, **kwargs)
        content, redacted = response.content, False
        for secret in _secrets(params, headers):
            if secret in content:
                content, redacted = content.replace(secret, b"***"), True
        self.archive.add(
            self.run, request=request_key(url, params), url=redact(response.url or url),
            status=response.status_code,
            content_type=response.headers.get("Content-Type", ""),
            content=content, retrieved_at=iso(self.clock()), redacted=redacted,
        )
        return response

    def __getattr__(self, name: str) -> Any:  # requests_made, timeout… of the wrapped client
        return getattr(self.inner, name)


class ReplayClient:
    """An `HttpGetter` that answers from one archived run and never touches the network."""

    def __init__(self, archive: ResponseArchive, run: ArchiveRun) -> None:
        self.archive, self.run = archive, run
        self.served = 0
        self.last_retrieved_at = run.started_at
        self._pending = list(run.responses)

    def get(self, url: str, params: Any = None, headers: Any = None,
            **_ignored: Any) -> requests.Response:
        key = request_key(url, params)
        for i, entry in enumerate(self._pending):
            if entry.request == key:
                del self._pending[i]
                break
        else:
            raise SourceError(
                f"reparse: {key} is not in the archived run {self.run.path} (the adapter now "
                "asks for something the archived download did not; refresh with network)")
        try:
            content = self.archive.body(entry)
        except ArchiveError as exc:
            raise SourceError(str(exc)) from exc
        response = requests.Response()
        response.status_code = entry.status
        response._content = content  # noqa: SLF001 - the documented way to build a Response
        response.headers = CaseInsensitiveDict({"Content-Type": entry.content_type})
        response.url = entry.url
        response.reason = "archived"
        self.served += 1
        self.last_retrieved_at = entry.retrieved_at
        return response


def replay_clock(client: ReplayClient) -> Callable[[], datetime]:
    """A clock that reads the retrieval time of the last archived answer served."""
    def now() -> datetime:
        return datetime.fromisoformat(client.last_retrieved_at.replace("Z", "+00:00"))

    return now
