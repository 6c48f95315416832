"""The one HTTP client adapters fetch through: a timeout on every request, bounded retries.

Public API (stable; `indicators.refresh` and the benchmarks use it):

* ``HttpClient(session=None, *, timeout=30.0, max_attempts=4, backoff=0.5, max_backoff=30.0,
  sleep=time.sleep)``
* ``HttpClient.get(url, params=None, headers=None, **_ignored) -> requests.Response`` — same call
  shape as ``requests.get(url, **kwargs)``, so it can stand in for ``requests`` inside wbgapi
  (see `indicators.sources.wbapi`). Extra keyword arguments (wbgapi's ``get_options``) are
  ignored: the client's own timeout always applies.
* ``HttpClient.requests_made`` — how many HTTP requests were sent (retries included).

Retried, with exponential back-off (``backoff * 2**(attempt-1)``, capped at ``max_backoff``):
connection errors, timeouts, HTTP 429 (waiting ``Retry-After`` seconds when given, capped) and
5xx. Not retried: a host name that does not resolve and a refused connection. Those mean "no
network here" (or a wrong host), which waiting will not fix; they raise `UnreachableError` at
once, so `claimcheck refresh` on an offline machine does not sit through back-off sleeps.
After ``max_attempts`` a `SourceError` names the URL, the attempts and the last failure.
Other responses (2xx, 3xx, non-retryable 4xx) are returned as they are: the caller decides what
a 404 means; ``raise_for_status`` turns one into a `SourceError` that names the URL.
"""

from __future__ import annotations

import email.utils
import re
import socket
import threading
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

import requests

import indicators.sources.stdjson  # noqa: F401 (requests parses with json)
from indicators.sources.base import SourceError, UnreachableError

USER_AGENT = "claimcheck/0.1 (checks quoted figures against official statistics)"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504}) | frozenset(range(505, 600))


class HttpClient:
    """A `requests` session with a timeout on every call and bounded, backed-off retries."""

    def __init__(
        self,
        session: requests.Session | None = None,
        *,
        timeout: float = 30.0,
        max_attempts: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 30.0,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if max_attempts < 1:
            raise ValueError("max_attempts must be at least 1")
        if timeout <= 0:
            raise ValueError("timeout must be positive (a request without one can hang forever)")
        self.session = session or requests.Session()
        self.session.headers.setdefault("User-Agent", USER_AGENT)
        self.timeout = timeout
        self.max_attempts = max_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.sleep = sleep
        self.requests_made = 0
        self._lock = threading.Lock()  # the counter is shared if callers use threads

    def get(
        self,
        url: str,
        params: Mapping[str, object] | None = None,
        headers: Mapping[str, str] | None = None,
        **_ignored: object,
    ) -> requests.Response:
        """GET ``url``; retry transient failures; raise `SourceError` when attempts run out."""
        last_failure = ""
        for attempt in range(1, self.max_attempts + 1):
            with self._lock:
                self.requests_made += 1
            delay = self._delay(attempt)
            try:
                response = self.session.get(
                    url, params=params, headers=headers, timeout=self.timeout
                )
            except requests.Timeout:
                # ConnectTimeout is both a Timeout and a ConnectionError: report it as a timeout.
                last_failure = f"timed out after {self.timeout:g} s"
            except requests.ConnectionError as exc:
                last_failure = f"connection failed ({_short_reason(exc)})"
                if _is_unreachable(exc):
                    raise UnreachableError(
                        f"GET {url}: host unreachable, not retried ({_short_reason(exc)})"
                    ) from None
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                last_failure = _describe_status(response)
                if response.status_code == 429:
                    delay = self._retry_after(response, default=delay)
                response.close()
            if attempt < self.max_attempts:
                self.sleep(delay)
        raise SourceError(
            f"GET {url} failed after {self.max_attempts} "
            f"attempt{'s' if self.max_attempts != 1 else ''}: {last_failure}"
        )

    def _delay(self, attempt: int) -> float:
        return min(self.max_backoff, self.backoff * 2 ** (attempt - 1))

    def _retry_after(self, response: requests.Response, default: float) -> float:
        """Seconds the server asked us to wait (number or HTTP date), capped at max_backoff."""
        value = (response.headers.get("Retry-After") or "").strip()
        if not value:
            return default
        try:
            seconds = float(value)
        except ValueError:
            try:
                when = email.utils.parsedate_to_datetime(value)
            except (TypeError, ValueError):
                return default
            if when.tzinfo is None:
                when = when.replace(tzinfo=UTC)
            seconds = (when - datetime.now(UTC)).total_seconds()
        return min(self.max_backoff, max(0.0, seconds))


def raise_for_status(response: requests.Response) -> requests.Response:
    """Turn a non-2xx response into a `SourceError` naming the URL and the status."""
    if not response.ok:
        raise SourceError(f"GET {response.url} returned {_describe_status(response)}")
    return response


def _describe_status(response: requests.Response) -> str:
    text = f"HTTP {response.status_code}"
    if response.reason:
        text += f" {response.reason}"
    if "html" in response.headers.get("Content-Type", "").lower():
        text += " (an HTML page, e.g. a maintenance notice, instead of data)"
    return text


def _is_unreachable(exc: BaseException) -> bool:
    """True for a failed name lookup or a refused connection anywhere in the cause chain.

    requests wraps urllib3's MaxRetryError → NewConnectionError/NameResolutionError, whose
    cause is the socket error; the chain is walked through ``reason``, ``__cause__`` and
    ``__context__`` because each library layer links it differently.
    """
    seen: set[int] = set()
    todo: list[object] = [exc]
    while todo:
        item = todo.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        if isinstance(item, socket.gaierror | ConnectionRefusedError):
            return True
        if type(item).__name__ == "NameResolutionError":  # urllib3 >= 2.0
            return True
        if isinstance(item, BaseException):
            todo += [item.__cause__, item.__context__, getattr(item, "reason", None)]
            todo += [a for a in item.args if isinstance(a, BaseException)]
    return False


def _short_reason(exc: Exception) -> str:
    # urllib3's messages nest several layers; the innermost reason is the useful part.
    reason = exc.args[0] if exc.args else exc
    inner = getattr(reason, "reason", None)
    text = str(inner or reason)
    # "<urllib3.connection.HTTPSConnection object at 0x…>: Failed to establish…" → the reason
    text = re.sub(r"^<[^>]+>:\s*", "", text)
    return text if len(text) <= 200 else text[:197] + "..."
