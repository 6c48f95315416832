"""Small helpers shared by the file- and SDMX-based adapters (FAOSTAT, USGS, UNSD, IMF, IDS).

Each adapter keeps its publisher's codes in ``indicators/config/<name>.toml``; this module loads
that file, fetches a URL through the shared `HttpClient` (so timeouts and retries always apply)
and turns "the server answered, but not with what we asked for" into a `SourceError` that names
the URL, never a traceback from a parser.
"""

from __future__ import annotations

import tomllib
from datetime import datetime
from pathlib import Path
from typing import Any

import requests

from indicators.models import iso
from indicators.sources.base import FetchContext, SourceError

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
) -> requests.Response:
    """GET through the context's client; any non-2xx answer becomes a `SourceError`."""
    response = ctx.http.get(url, params=params, headers=headers)
    if not response.ok:
        raise SourceError(f"{what}: GET {response.url or url} returned HTTP {response.status_code}")
    return response


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
    """A published cell as a number: ``"1,234"`` → 1234.0; blanks and symbols → None."""
    cleaned = (text or "").strip().replace(",", "").replace("\u00a0", "")
    if not cleaned:
        return None
    try:
        return float(cleaned)
    except ValueError:
        return None

