"""The small base the config-driven adapters share (FAOSTAT, USGS, UNSD, IMF, IDS, Comtrade).

* `ConfiguredSource`: loads ``indicators/config/<name>.toml``, keeps the licence, builds the
  `SeriesMeta` list from the subclass's ``series_specs()``, and makes `FetchRecord`s and
  `Observation`s pre-filled with the source's name, dataset and licence.
* `Rows`: what a parser returns, each published row ending as an observation or as a
  rejection that says where and why (never silently dropped, never coerced).
* `get_ok` / `get_json`: fetch through the context's `HttpGetter` (so timeouts, retries and the
  raw-response archive always apply) and turn "the server answered, but not with data" (an
  error status, an HTML page served with HTTP 200) into a `SourceError` naming the URL.
* `Throttle`: a polite minimum interval between requests to one API.
"""

from __future__ import annotations

import time
import tomllib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from indicators.models import FetchRecord, Observation, SeriesMeta, iso
from indicators.numbers import finite_number, not_a_number_reason  # noqa: F401 (re-exported)
from indicators.sources.base import FetchContext, SourceError

if TYPE_CHECKING:
    import requests

CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


def load_config(name: str, path: Path | None = None) -> dict[str, Any]:
    """The adapter's TOML config (``indicators/config/<name>.toml`` unless ``path`` is given)."""
    path = path or CONFIG_DIR / f"{name}.toml"
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        raise SourceError(f"{name}: configuration file {path} is missing") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{name}: configuration file {path} is not valid TOML: {exc}") from exc


def get_ok(
    ctx: FetchContext,
    url: str,
    *,
    what: str,
    params: dict[str, object] | None = None,
    headers: dict[str, str] | None = None,
    allow_html: bool = False,
) -> requests.Response:
    """GET through the context's client; a non-2xx answer or an HTML page is a `SourceError`.

    Publishers serve maintenance and error pages as HTML with HTTP 200; no data file or API
    answer used here is HTML, so such a page must never reach a CSV/JSON parser.
    """
    response = ctx.http.get(url, params=params, headers=headers)
    where = response.url or url
    if not response.ok:
        raise SourceError(f"{what}: GET {where} returned HTTP {response.status_code}")
    if not allow_html and looks_like_html(response):
        raise SourceError(
            f"{what}: GET {where} returned an HTML page (HTTP {response.status_code}) instead "
            f"of data: {html_title(response.content)!r}"
        )
    return response


def looks_like_html(response: requests.Response) -> bool:
    if "html" in (response.headers.get("Content-Type") or "").lower():
        return True
    head = response.content[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html"))


def html_title(content: bytes) -> str:
    text = content[:4096].decode("utf-8", errors="replace")
    lower = text.lower()
    start, end = lower.find("<title>"), lower.find("</title>")
    if 0 <= start < end:
        return " ".join(text[start + 7:end].split())[:120]
    return " ".join(text.split())[:80]


def get_json(ctx: FetchContext, url: str, *, what: str, **kwargs: Any) -> Any:
    response = get_ok(ctx, url, what=what, **kwargs)
    try:
        return response.json()
    except ValueError:
        raise SourceError(
            f"{what}: {response.url or url} did not return JSON "
            f"(starts with {response.text[:60]!r})"
        ) from None


def now_iso(ctx: FetchContext) -> str:
    return iso(ctx.clock())


def date_part(value: str) -> str:
    """``2024-12-18T10:00:00+00:00`` → ``2024-12-18`` (keeps the text when it is no date)."""
    value = (value or "").strip()
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        return value


def parse_number(text: str | None) -> float | None:
    """A published cell as a finite number: ``"1,234"`` → 1234.0; blanks, symbols (``W``,
    ``NA``), ``inf``, ``nan`` and overflowing cells (``1e400``) → None (say why with
    `not_a_number_reason`)."""
    cleaned = (text or "").strip().replace(",", "").replace("\u00a0", "")
    return finite_number(cleaned) if cleaned else None


def find_columns(header: Sequence[str], required: Iterable[str], *, what: str) -> dict[str, int]:
    """Column name → index, for a header read by name (so columns may move, and columns we do
    not use may come and go); `SourceError` naming every required column that is missing.

    Names are compared stripped of spaces and of a UTF-8 byte-order mark; the first of two
    equal names wins.
    """
    index: dict[str, int] = {}
    for i, name in enumerate(header):
        index.setdefault(name.strip().lstrip("\ufeff").strip(), i)
    missing = [c for c in required if c not in index]
    if missing:
        shown = [h.strip() for h in header[:14]]
        raise SourceError(f"{what} lacks the column{'s' if len(missing) > 1 else ''} "
                          f"{', '.join(repr(c) for c in missing)} (header: {shown})")
    return index


def missing_keys(row: Any, keys: Iterable[str]) -> list[str]:
    """The ``keys`` a JSON row (an object) lacks; all of them if it is no object."""
    return [k for k in keys if not isinstance(row, dict) or k not in row]



def decode_text(raw: bytes, encodings: Iterable[str] = ("utf-8-sig",)) -> tuple[str, str]:
    """``raw`` decoded with the first encoding that fits, and that encoding's name.

    A UTF-8 byte-order mark is always dropped; cp1252 (which USGS files use) is tried last
    unless listed. Never decodes with ``errors="replace"``: a mangled country name would
    silently stop matching.
    """
    tried = list(dict.fromkeys([*encodings, "utf-8-sig", "cp1252"]))
    for encoding in tried:
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        return text.removeprefix("\ufeff"), encoding
    raise SourceError(f"bytes are neither {' nor '.join(tried)}")


@dataclass
class Rows:
    """A parser's result: observations kept, and one line per published row not kept."""

    observations: list[Observation] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def keep(self, observation: Observation) -> None:
        self.observations.append(observation)

    def reject(self, where: str, reason: str) -> None:
        self.rejected.append(f"{where}: {reason}")

    def extend(self, other: Rows) -> None:
        self.observations += other.observations
        self.rejected += other.rejected


class ConfiguredSource:
    """Base of the adapters whose codes live in ``indicators/config/<name>.toml``.

    A subclass sets ``name`` and ``title``, implements ``series_specs()`` (series code, name,
    unit, definition) and ``fetch``. The config must have ``dataset`` and ``licence``.
    """

    name: str = ""
    title: str = ""

    def __init__(self, config: dict[str, Any] | None = None, config_path: Path | None = None):
        self.config = config or load_config(self.name, config_path)
        for key in ("licence", "dataset"):
            if key not in self.config:
                raise SourceError(f"{self.name}: configuration has no {key!r}")
        self.licence: str = self.config["licence"]
        self.dataset: str = self.config["dataset"]

    def series_specs(self) -> Iterable[tuple[str, str, str, str]]:
        """(series code, name, unit, definition) for every series this source provides."""
        raise NotImplementedError

    def series_meta(self) -> list[SeriesMeta]:
        return [SeriesMeta(source=self.name, series=code, name=name, unit=unit,
                           dataset=self.dataset, definition=definition)
                for code, name, unit, definition in self.series_specs()]

    def observation(self, **fields: Any) -> Observation:
        fields.setdefault("dataset", self.dataset)
        return Observation(source=self.name, **fields)

    def fetch_record(self, url: str, accessed_at: str, publisher_updated: str,
                     note: str = "") -> FetchRecord:
        return FetchRecord(source=self.name, url=url, accessed_at=accessed_at,
                           publisher_updated=publisher_updated, licence=self.licence, note=note)


class Throttle:
    """At least ``interval`` seconds between calls to ``wait()`` (a publisher's rate limit).

    Written here because it is six lines; a rate-limit library would add a dependency for one
    adapter. Clock and sleeper are injectable so tests record the waits instead of waiting.
    """

    def __init__(self, interval: float, *, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.interval, self.clock, self.sleep = interval, clock, sleep
        self._last: float | None = None

    def wait(self) -> None:
        now = self.clock()
        if self._last is not None and now - self._last < self.interval:
            self.sleep(self.interval - (now - self._last))
            now = self.clock()
        self._last = now
