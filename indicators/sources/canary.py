"""The live canary behind ``claimcheck sources check``: is each source there, in its format?

Every source gets its own HTTP client and one probe (`indicators.sources.probes`), all at once
on daemon threads, so the whole check ends within ``deadline`` seconds however many hang.
Each result is one of:

* ``ok`` — the answer has the format the adapter reads (the probe says what it verified);
* ``format changed: <what>`` — the publisher answered with data, but not in that format;
* ``unreachable: <why>`` — no answer, an HTTP error, or an HTML page instead of data;
* ``needs <KEY>`` — the source wants an API key that is not set (or was refused).

The verdict follows from where the probe stopped: with no usable response (no answer, error
status, HTML) the source is unreachable; after a usable response, any failure is a format change.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import requests

import indicators.sources.stdjson  # noqa: F401 (requests parses with json)
from indicators.sources.base import (
    FetchContext,
    HttpGetter,
    MissingKeyError,
    SourceError,
    UnreachableError,
    missing_key_reason,
)
from indicators.sources.probes import PROBES, FormatChanged
from indicators.sources.sourcekit import looks_like_html

OK, FORMAT, UNREACHABLE, NEEDS_KEY, UNAVAILABLE = (
    "ok", "format changed", "unreachable", "needs key", "not available")


@dataclass(frozen=True)
class CheckResult:
    source: str
    status: str
    detail: str

    @property
    def ok(self) -> bool:
        return self.status == OK

    @property
    def line(self) -> str:
        """What the user reads: ``ok (…)``, ``format changed: …``, ``needs EIA_API_KEY …``."""
        if self.status == OK:
            return f"ok ({self.detail})"
        if self.status == NEEDS_KEY:
            return self.detail
        return f"{self.status}: {self.detail}"


class _Watch:
    """Remembers the last response a probe received, to tell "unreachable" from "changed"."""

    def __init__(self, inner: HttpGetter) -> None:
        self.inner = inner
        self.last: requests.Response | None = None

    def get(self, url: str, params: Any = None, headers: Any = None,
            **kwargs: Any) -> requests.Response:
        self.last = None
        self.last = self.inner.get(url, params=params, headers=headers, **kwargs)
        return self.last


def _key_env(adapter: Any) -> str:
    config = getattr(adapter, "config", None)
    return config.get("key_env", "") if isinstance(config, dict) else ""


def check_source(name: str, adapter: Any, http: HttpGetter,
                 clock: Callable[[], datetime]) -> CheckResult:
    """Run ``name``'s probe once and classify the outcome (never raises for a source fault)."""
    if reason := missing_key_reason(adapter):
        return CheckResult(name, NEEDS_KEY, reason)
    probe = PROBES.get(name)
    if probe is None:
        return CheckResult(name, UNAVAILABLE, "no probe is defined for this source")
    watch = _Watch(http)
    try:
        return CheckResult(name, OK, probe(adapter, FetchContext(http=watch, clock=clock)))
    except MissingKeyError as exc:
        return CheckResult(name, NEEDS_KEY, str(exc))
    except UnreachableError as exc:
        return CheckResult(name, UNREACHABLE, str(exc))
    except FormatChanged as exc:
        return CheckResult(name, FORMAT, str(exc))
    except Exception as exc:  # noqa: BLE001 - any parser failure is a finding, not a crash
        return _classify(name, adapter, watch.last, exc)


def _classify(name: str, adapter: Any, last: requests.Response | None,
              exc: Exception) -> CheckResult:
    text = str(exc) if isinstance(exc, SourceError) else f"{type(exc).__name__}: {exc}"
    if last is None:
        return CheckResult(name, UNREACHABLE, text)
    if last.status_code in (401, 403) and _key_env(adapter):
        return CheckResult(name, NEEDS_KEY, f"needs {_key_env(adapter)}: the key was refused "
                                            f"(HTTP {last.status_code})")
    if not last.ok or looks_like_html(last):
        return CheckResult(name, UNREACHABLE, text)
    return CheckResult(name, FORMAT, text)


def check_sources(
    names: Iterable[str],
    *,
    create: Callable[[str], Any],
    make_http: Callable[[], HttpGetter],
    clock: Callable[[], datetime],
    deadline: float = 25.0,
    monotonic: Callable[[], float] = time.monotonic,
) -> list[CheckResult]:
    """Check every source in parallel; a probe still running at ``deadline`` is unreachable.

    Daemon threads, not a thread pool: a pool joins its threads at interpreter exit, so one
    server trickling bytes could hold the command past its deadline.
    """
    names = list(names)
    results: dict[str, CheckResult] = {}
    threads: dict[str, threading.Thread] = {}
    for name in names:
        try:
            adapter = create(name)
        except SourceError as exc:
            results[name] = CheckResult(name, UNAVAILABLE, str(exc))
            continue
        threads[name] = threading.Thread(
            target=_run_into, args=(results, name, adapter, make_http(), clock),
            name=f"canary-{name}", daemon=True)
        threads[name].start()
    end = monotonic() + deadline
    for thread in threads.values():
        thread.join(max(0.0, end - monotonic()))
    return [results.get(n) or CheckResult(n, UNREACHABLE, f"no answer within {deadline:g} s")
            for n in names]


def _run_into(results: dict[str, CheckResult], name: str, adapter: Any, http: HttpGetter,
              clock: Callable[[], datetime]) -> None:
    results[name] = check_source(name, adapter, http, clock)
