"""The ONLY module that touches wbgapi's module-level state.

wbgapi keeps its configuration (``endpoint``, ``lang``, ``per_page``, ``get_options``), its HTTP
function (a module-level ``requests`` import) and several in-memory caches in module globals.
Setting them ad hoc in several places leaks state between refreshes and tests, so they are set
and reset here only.

Public API (stable):

* ``wbgapi_bound(http, endpoint=DEFAULT_ENDPOINT, per_page=DEFAULT_PER_PAGE, lang="en")`` — a
  context manager. On entry it saves wbgapi's settings, caches and ``requests`` reference,
  routes wbgapi's HTTP through ``http.get`` (an `indicators.sources.http.HttpClient`, or
  anything with the same ``get``), and empties the caches (so nothing cached from another
  endpoint is reused). On exit, error or not, everything is put back as it was. Inside, wbgapi's
  ``APIError``/``APIResponseError`` become `SourceError` (`UnknownCodeError` when the API says a
  parameter value is invalid) with the URL and the codes requested. It yields a
  `WbgapiBinding` whose ``log`` lists the requests made. Entries are serialised by a lock:
  wbgapi's globals cannot serve two bindings at once.
* ``reset_wbgapi()`` — empty wbgapi's caches (for tests).
* ``wbgapi_state()`` — a comparable snapshot of the state above (for tests).
* ``codes_in_url(url)`` — the dimension codes in a ``sources/...`` URL, e.g.
  ``{"series": [...], "country": [...], "time": [...]}``.
"""

from __future__ import annotations

import contextlib
import importlib.metadata
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote, urlsplit

import requests
import wbgapi

import indicators.sources.stdjson  # noqa: F401 (requests parses with json)
from indicators.sources.base import HttpGetter, SourceError, UnknownCodeError

# The wbgapi releases whose module state (settings, caches, the `requests` reference) this
# module was written against and tested with (TOOLCHAIN.md: 1.0.14). pyproject.toml pins the
# same range; another version may keep its caches elsewhere, so it is refused with a clear
# message rather than half-bound.
TESTED_WBGAPI = ((1, 0, 14), (1, 1))  # from (inclusive) .. to (exclusive)


class WbgapiVersionError(SourceError):
    """The installed wbgapi is outside the tested range."""


def check_wbgapi_version(version: str) -> str:
    """``version`` if it is in the tested range, else `WbgapiVersionError` saying what to do."""
    parts = tuple(int(p) for p in re.findall(r"\d+", version)[:3])
    low, high = TESTED_WBGAPI
    if not (low <= parts < high):
        raise WbgapiVersionError(
            f"wbgapi {version} is installed, but Claimcheck is tested with wbgapi "
            f">={'.'.join(map(str, low))},<{'.'.join(map(str, high))}; run: pip install "
            f"'wbgapi>={'.'.join(map(str, low))},<{'.'.join(map(str, high))}'"
        )
    return version


WBGAPI_VERSION = check_wbgapi_version(importlib.metadata.version("wbgapi"))

DEFAULT_ENDPOINT = "https://api.worldbank.org/v2"
DEFAULT_PER_PAGE = 1000
INVALID_VALUE_KEY = "Invalid value"

# (module, attribute, factory for its pristine value): every in-memory cache wbgapi 1.0.x keeps.
_CACHES: tuple[tuple[Any, str, Callable[[], Any]], ...] = (
    (wbgapi, "_concept_mrv_cache", dict),
    (wbgapi.source, "_concepts", dict),
    (wbgapi.source, "_metadata_flags", dict),
    (wbgapi.time, "_time_values", dict),
    (wbgapi.economy, "_localized_metadata", dict),
    (wbgapi.economy, "_iso2Codes", dict),
    (wbgapi.economy, "_class_data", lambda: None),
    (wbgapi.economy, "_aggs", lambda: None),
)
_SETTINGS = ("endpoint", "lang", "per_page", "get_options", "requests")

_LOCK = threading.RLock()


@dataclass(frozen=True)
class RequestLogEntry:
    """One request wbgapi made through the binding."""

    url: str
    status: int
    content_type: str
    head: str = ""  # first characters of a non-JSON body, to say what came back


class _RequestsShim:
    """Stands in for the ``requests`` module inside wbgapi: ``get`` goes through our client."""

    def __init__(self, http: HttpGetter, log: list[RequestLogEntry],
                 on_request: Callable[[str], None] | None) -> None:
        self._http = http
        self._log = log
        self._on_request = on_request

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        response = self._http.get(url, **kwargs)
        content_type = response.headers.get("Content-Type", "")
        head = "" if "json" in content_type.lower() else response.text[:500]
        self._log.append(RequestLogEntry(url, response.status_code, content_type, head))
        if self._on_request:
            self._on_request(url)
        return response


@dataclass
class WbgapiBinding:
    endpoint: str
    per_page: int
    log: list[RequestLogEntry] = field(default_factory=list)

    @property
    def urls(self) -> list[str]:
        return [entry.url for entry in self.log]

    def entry_for(self, url: str) -> RequestLogEntry | None:
        for entry in reversed(self.log):
            if entry.url == url:
                return entry
        return None


def reset_wbgapi() -> None:
    """Empty every in-memory cache wbgapi keeps (concepts, time periods, economy metadata)."""
    for module, name, pristine in _CACHES:
        setattr(module, name, pristine())


def wbgapi_state() -> dict[str, Any]:
    """wbgapi's settings, ``requests`` reference and caches (by identity and value)."""
    state: dict[str, Any] = {name: getattr(wbgapi, name) for name in _SETTINGS}
    state["get_options"] = dict(wbgapi.get_options)
    state["get_options_id"] = id(wbgapi.get_options)
    for module, name, _ in _CACHES:
        value = getattr(module, name)
        state[f"{module.__name__}.{name}"] = (id(value), repr(value))
    return state


@contextlib.contextmanager
def wbgapi_bound(
    http: HttpGetter,
    endpoint: str = DEFAULT_ENDPOINT,
    per_page: int = DEFAULT_PER_PAGE,
    lang: str = "en",
    *,
    on_request: Callable[[str], None] | None = None,
) -> Iterator[WbgapiBinding]:
    """Point wbgapi at ``endpoint`` through ``http`` for the duration of the block."""
    with _LOCK:
        saved_settings = {name: getattr(wbgapi, name) for name in _SETTINGS}
        saved_caches = [(module, name, getattr(module, name)) for module, name, _ in _CACHES]
        binding = WbgapiBinding(endpoint=endpoint.rstrip("/"), per_page=per_page)
        try:
            reset_wbgapi()
            wbgapi.endpoint = binding.endpoint
            wbgapi.lang = lang
            wbgapi.per_page = per_page
            wbgapi.get_options = {}  # the client sets the timeout; nothing else may leak in
            wbgapi.requests = _RequestsShim(http, binding.log, on_request)
            try:
                yield binding
            except wbgapi.APIResponseError as exc:  # subclass first
                raise _non_json_error(exc, binding) from exc
            except wbgapi.APIError as exc:
                raise api_error(exc) from exc
        finally:
            for name, value in saved_settings.items():
                setattr(wbgapi, name, value)
            for module, name, value in saved_caches:
                setattr(module, name, value)


def is_invalid_value(exc: BaseException) -> bool:
    """Whether a wbgapi error is the API's "Invalid value" message (an unknown code)."""
    return (
        isinstance(exc, wbgapi.APIError)
        and not isinstance(exc, wbgapi.APIResponseError)
        and exc.code is None
        and str(exc.msg).startswith(INVALID_VALUE_KEY)
    )


def api_error(exc: wbgapi.APIError) -> SourceError:
    """A `SourceError` (or `UnknownCodeError`) for a wbgapi ``APIError``, naming the URL."""
    url = exc.url
    if is_invalid_value(exc):
        return UnknownCodeError(
            f"the World Bank API rejected a code ({exc.msg}){describe_codes(url)}; URL {url}"
        )
    if exc.code is not None:
        return SourceError(f"the World Bank API answered HTTP {exc.code} {exc.msg} for {url}")
    return SourceError(f"the World Bank API answered with an error ({exc.msg}) for {url}")


def _non_json_error(exc: wbgapi.APIResponseError, binding: WbgapiBinding) -> SourceError:
    entry = binding.entry_for(exc.url)
    content_type = entry.content_type if entry else ""
    head = entry.head if entry else ""
    if "html" in content_type.lower() or head.lstrip()[:1] == "<":
        title = re.search(r"<title[^>]*>(.*?)</title>", head, re.I | re.S)
        what = f" titled {title.group(1).strip()!r}" if title else ""
        return SourceError(
            f"the World Bank API answered with an HTML page{what} instead of JSON "
            f"(the API may be down for maintenance) for {exc.url}"
        )
    return SourceError(
        f"the World Bank API answered with non-JSON content "
        f"(Content-Type {content_type or 'not given'}) for {exc.url}"
    )


_DIMENSIONS = ("series", "country", "economy", "time", "counterpart-area")


def codes_in_url(url: str) -> dict[str, list[str]]:
    """``{"series": [...], "country": [...], ...}`` from a ``.../sources/N/...`` data URL."""
    parts = [unquote(p) for p in urlsplit(url).path.split("/") if p]
    found: dict[str, list[str]] = {}
    for i, part in enumerate(parts[:-1]):
        if part.lower() in _DIMENSIONS:
            found[part.lower()] = [c for c in parts[i + 1].split(";") if c]
    return found


def describe_codes(url: str) -> str:
    codes = codes_in_url(url)
    described = [
        f"{label} {', '.join(codes[key])}"
        for key, label in (("series", "series"), ("country", "economies"),
                           ("economy", "economies"), ("counterpart-area", "counterparts"))
        if codes.get(key)
    ]
    return f"; requested {'; '.join(described)}" if described else ""
