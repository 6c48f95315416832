"""The World Bank adapter's configuration (``indicators/config/worldbank.toml``): which series of
which databases, for which economies; validated with a message naming the file.

`WorldBankConfig.with_wanted` adds series and economies a caller needs (what claims files read)
to the configured ones: any valid code, the config need not list it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from indicators.sources.base import SourceError
from indicators.sources.wbapi import DEFAULT_ENDPOINT

CONFIG_RESOURCE = "config/worldbank.toml"
WDI_DB = 2  # where a wanted series goes when no configured database lists it

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # no ';' or '/': codes go into URL paths
_TOP_KEYS = {"endpoint", "per_page", "economies", "first_year", "last_year", "database"}
_DB_KEYS = {"db", "dataset", "series"}


class ConfigError(SourceError):
    """The World Bank configuration file is invalid; the message names the file."""


@dataclass(frozen=True)
class WorldBankDatabase:
    db: int  # API source id: 2 = WDI
    dataset: str  # stored as Observation.dataset
    series: tuple[str, ...]


@dataclass(frozen=True)
class WorldBankConfig:
    economies: tuple[str, ...]
    databases: tuple[WorldBankDatabase, ...]
    endpoint: str = DEFAULT_ENDPOINT
    per_page: int = 1000
    first_year: int | None = None
    last_year: int | None = None
    path: str = ""  # where it was loaded from, for messages

    @property
    def all_series(self) -> tuple[str, ...]:
        return tuple(s for d in self.databases for s in d.series)

    def with_wanted(self, wanted: Mapping[str, Iterable[str]]) -> WorldBankConfig:
        """This config plus ``wanted`` (series → economies): every wanted series is fetched
        for every economy (one cross-product request per database, as for the configured
        ones). A series no database lists goes to WDI (db 2), else to the first database.
        Codes that cannot go into a URL path are left out here; `bad_codes` names them."""
        listed = set(self.all_series)
        extra = [s for s in sorted(wanted) if s not in listed and is_code(s)]
        economies = list(self.economies)
        economies += sorted({e for es in wanted.values() for e in es if is_code(e)}
                            - set(economies))
        target = next((d for d in self.databases if d.db == WDI_DB), self.databases[0])
        databases = tuple(replace(d, series=d.series + tuple(extra)) if d is target else d
                          for d in self.databases)
        return replace(self, economies=tuple(economies), databases=databases)


def load_config(path: Path | str | None = None) -> WorldBankConfig:
    """Load and validate a World Bank config (default: the packaged ``worldbank.toml``)."""
    if path is None:
        resource = resources.files("indicators").joinpath(CONFIG_RESOURCE)
        where, text = f"indicators/{CONFIG_RESOURCE}", resource.read_text(encoding="utf-8")
    else:
        where = str(path)
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{where}: cannot read the World Bank config ({exc})") from exc
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{where}: not valid TOML ({exc})") from exc
    return parse_config(raw, where)


def parse_config(raw: dict[str, Any], where: str = "<config>") -> WorldBankConfig:
    def fail(message: str) -> ConfigError:
        return ConfigError(f"{where}: {message}")

    _reject_unknown(raw, _TOP_KEYS, where, "top level")
    economies = _codes(raw.get("economies"), "economies", fail)
    databases_raw = raw.get("database")
    if not isinstance(databases_raw, list) or not databases_raw:
        raise fail("needs at least one [[database]] table with db, dataset and series")
    databases = []
    for i, table in enumerate(databases_raw, start=1):
        if not isinstance(table, dict):
            raise fail(f"[[database]] #{i} is not a table")
        _reject_unknown(table, _DB_KEYS, where, f"[[database]] #{i}")
        db = table.get("db")
        if not isinstance(db, int) or isinstance(db, bool) or db < 1:
            raise fail(f"[[database]] #{i}: db must be a positive integer (e.g. 2 for WDI)")
        dataset = table.get("dataset")
        if not isinstance(dataset, str) or not dataset.strip():
            raise fail(f"[[database]] #{i}: dataset must be a non-empty string (e.g. \"WDI\")")
        series = _codes(table.get("series"), f"[[database]] #{i} series", fail)
        databases.append(WorldBankDatabase(db=db, dataset=dataset.strip(), series=series))
    if len({d.db for d in databases}) != len(databases):
        raise fail("each database may appear only once (one data request per database)")
    endpoint = raw.get("endpoint", DEFAULT_ENDPOINT)
    if not isinstance(endpoint, str) or not endpoint.startswith(("http://", "https://")):
        raise fail(f"endpoint must be an http(s) URL, not {endpoint!r}")
    per_page = raw.get("per_page", 1000)
    if not isinstance(per_page, int) or isinstance(per_page, bool) or per_page < 1:
        raise fail(f"per_page must be a positive integer, not {per_page!r}")
    years = {}
    for key in ("first_year", "last_year"):
        value = raw.get(key)
        if value is not None and (not isinstance(value, int) or not 1900 <= value <= 2100):
            raise fail(f"{key} must be a year, not {value!r}")
        years[key] = value
    if years["first_year"] and years["last_year"] and years["first_year"] > years["last_year"]:
        raise fail("first_year is after last_year")
    return WorldBankConfig(
        economies=economies, databases=tuple(databases), endpoint=endpoint.rstrip("/"),
        per_page=per_page, first_year=years["first_year"], last_year=years["last_year"],
        path=where,
    )


def _reject_unknown(table: dict[str, Any], allowed: set[str], where: str, label: str) -> None:
    unknown = sorted(set(table) - allowed)
    if unknown:
        raise ConfigError(
            f"{where}: unknown key{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(k) for k in unknown)} at {label} "
            f"(allowed: {', '.join(sorted(allowed))})"
        )


def _codes(value: Any, label: str, fail: Any) -> tuple[str, ...]:
    if not isinstance(value, list) or not value:
        raise fail(f"{label} must be a non-empty list of codes")
    codes = []
    for code in value:
        if not isinstance(code, str) or not _CODE.match(code.strip()):
            raise fail(f"{label}: {code!r} is not a valid code")
        codes.append(code.strip())
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise fail(f"{label}: listed twice: {', '.join(duplicates)}")
    return tuple(codes)


def is_code(code: str) -> bool:
    """Whether ``code`` can be sent to the API (no ';' or '/', which would change the URL)."""
    return bool(_CODE.match(code))


def bad_codes(wanted: Mapping[str, Iterable[str]]) -> list[str]:
    """The wanted codes `with_wanted` leaves out because they cannot go into a URL."""
    codes = set(wanted) | {e for es in wanted.values() for e in es}
    return sorted(c for c in codes if c and not is_code(c))
