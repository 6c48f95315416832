"""World Bank source: WDI series for the configured economies, through wbgapi, batched.

Public API (stable; `indicators.refresh` and the registry use it):

* ``WorldBankSource(config=None)`` — the `SourceAdapter` (name ``"worldbank"``). ``config`` is a
  `WorldBankConfig`; by default the packaged ``indicators/config/worldbank.toml``.
  ``fetch(ctx) -> SourceBatch`` makes, per database: one request for the database record (its
  last-updated date), ONE ``wbgapi.data.fetch`` for every series × economy (wbgapi pages it, and
  splits it only if the URL would exceed the API's length limit), and one request for the
  series metadata (name, definition). On a cold start wbgapi adds its own set-up requests
  (concepts, time periods, regions, income and lending groups, country list).
* ``WorldBankConfig`` / ``WorldBankDatabase`` / ``load_config(path=None)`` / ``ConfigError``.
* ``find_unknown_codes(concept, codes, db)`` — which codes the API does not know (inside
  `wbgapi_bound`); ``validate_codes(http, series, economies, db=2, endpoint=...)`` does the
  same standalone and raises `UnknownCodeError` naming the codes.

Failures surface as `SourceError`: from the HTTP client (timeouts, refused connections, 5xx and
429 after bounded retries), or translated from wbgapi by `indicators.sources.wbapi` (HTML or
non-JSON answers, API error messages). An invalid code gives `UnknownCodeError` naming it.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import wbgapi

from indicators.models import FetchRecord, Observation, SeriesMeta, SourceBatch
from indicators.numbers import finite_number, not_a_number_reason
from indicators.sources.base import FetchContext, SourceError, UnknownCodeError
from indicators.sources.http import HttpClient
from indicators.sources.reference import unit_from_series_name
from indicators.sources.sourcekit import missing_keys, now_iso
from indicators.sources.wbapi import (
    DEFAULT_ENDPOINT,
    WbgapiBinding,
    codes_in_url,
    is_invalid_value,
    wbgapi_bound,
)

SOURCE_NAME = "worldbank"
LICENCE = "CC BY 4.0"
CONFIG_RESOURCE = "config/worldbank.toml"

_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")  # no ';' or '/': codes go into URL paths
_TOP_KEYS = {"endpoint", "per_page", "economies", "first_year", "last_year", "database"}
_DB_KEYS = {"db", "dataset", "series"}
ROW_KEYS = ("series", "economy", "time", "value")  # of a wbgapi data row (labels=True)


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


def _without_page(url: str) -> str:
    """The data URL as provenance: the query without the page number (all pages together)."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "page"]
    return urlunsplit(parts._replace(query=urlencode(query, safe=";")))


@dataclass
class _DatabaseResult:
    observations: list[Observation] = field(default_factory=list)
    series: list[SeriesMeta] = field(default_factory=list)
    fetches: list[FetchRecord] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


class WorldBankSource:
    """The World Bank adapter: configured series × economies, one data request per database."""

    name = SOURCE_NAME
    title = "World Bank WDI (api.worldbank.org, via wbgapi)"
    licence = LICENCE

    def __init__(self, config: WorldBankConfig | None = None) -> None:
        self.config = config or load_config()

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        http = ctx.http if ctx.http is not None else HttpClient()
        if not callable(getattr(http, "get", None)):
            raise SourceError(f"FetchContext.http must have a get(url, ...) method, not {http!r}")
        cfg = self.config
        batch = SourceBatch(source=self.name)
        steps = 3 * len(cfg.databases)
        done = 0
        with wbgapi_bound(http, cfg.endpoint, cfg.per_page) as binding:  # type: ignore[arg-type]
            for database in cfg.databases:
                result = self._fetch_database(database, binding, ctx, done, steps)
                done += 3
                batch.observations += result.observations
                batch.series += result.series
                batch.fetches += result.fetches
                batch.rejected += result.rejected
        return batch

    def _time(self, ctx: FetchContext) -> str | range:
        cfg = self.config
        if cfg.first_year is None and cfg.last_year is None:
            return "all"
        return range(cfg.first_year or 1960, (cfg.last_year or ctx.clock().year) + 1)

    def _fetch_database(
        self, database: WorldBankDatabase, binding: WbgapiBinding, ctx: FetchContext,
        done: int, steps: int,
    ) -> _DatabaseResult:
        cfg = self.config
        result = _DatabaseResult()
        label = f"{database.dataset} (db {database.db})"

        # 1. The database record: its last-updated date is every value's vintage.
        ctx.progress(done, steps, f"World Bank {label}: database record")
        accessed = now_iso(ctx)
        info = wbgapi.source.get(database.db) or {}
        lastupdated = str(info.get("lastupdated") or "")
        result.fetches.append(FetchRecord(
            source=self.name, url=binding.urls[-1], accessed_at=accessed,
            publisher_updated=lastupdated, licence=self.licence,
            note=f"database record of {info.get('name') or label}",
        ))

        # 2. All series × economies in ONE wbgapi call (wbgapi pages it).
        ctx.progress(done + 1, steps, f"World Bank {label}: {len(database.series)} series × "
                                      f"{len(cfg.economies)} economies")
        accessed = now_iso(ctx)
        start = len(binding.log)
        try:
            rows = list(wbgapi.data.fetch(
                list(database.series), list(cfg.economies), time=self._time(ctx),
                db=database.db, skipBlanks=True, labels=True, numericTimeKeys=True,
            ))
        except wbgapi.APIError as exc:
            if is_invalid_value(exc):
                raise _unknown_code_error(database, cfg.economies, exc.url) from exc
            raise
        retrieved = now_iso(ctx)
        data_urls = [u for u in binding.urls[start:] if _is_data_url(u, database.db)]
        origins = _origins(data_urls)
        names: dict[str, str] = {}
        for row in rows:
            parsed = self._observation(row, database, lastupdated, retrieved, origins, names)
            if isinstance(parsed, str):
                result.rejected.append(parsed)
            else:
                result.observations.append(parsed)
        pages: dict[str, int] = {}
        for url in data_urls:
            pages[_without_page(url)] = pages.get(_without_page(url), 0) + 1
        for url, n in pages.items():
            result.fetches.append(FetchRecord(
                source=self.name, url=url, accessed_at=accessed, publisher_updated=lastupdated,
                licence=self.licence,
                note=f"{database.dataset} data, {n} page{'s' if n != 1 else ''}; "
                     f"{len(result.observations)} non-blank values",
            ))

        # 3. Series metadata (name, definition) for all series in one request.
        ctx.progress(done + 2, steps, f"World Bank {label}: series metadata")
        meta: dict[str, dict[str, str]] = {}
        if str(info.get("metadataavailability", "Y")).upper() == "Y":
            accessed = now_iso(ctx)
            start = len(binding.log)
            for record in wbgapi.metadata(
                "sources/{source}/series/{series}/metadata", ["series"], concepts=["Series"],
                source=database.db, series=";".join(database.series),
            ):
                meta[record.id] = record.metadata
            for url in dict.fromkeys(_without_page(u) for u in binding.urls[start:]):
                result.fetches.append(FetchRecord(
                    source=self.name, url=url, accessed_at=accessed,
                    publisher_updated=lastupdated, licence=self.licence,
                    note=f"{database.dataset} series metadata",
                ))
        for code in database.series:
            fields = meta.get(code, {})
            name = (fields.get("IndicatorName") or names.get(code) or code).strip()
            result.series.append(SeriesMeta(
                source=self.name, series=code, name=name, unit=unit_from_series_name(name),
                definition=(fields.get("Longdefinition") or "").strip(),
                dataset=database.dataset,
            ))
        units = {s.series: s.unit for s in result.series}
        result.observations = [
            o if o.unit == units.get(o.series, o.unit) else replace(o, unit=units[o.series])
            for o in result.observations
        ]
        ctx.progress(done + 3, steps, f"World Bank {label}: {len(result.observations)} values")
        return result

    def _observation(
        self, row: dict[str, Any], database: WorldBankDatabase, lastupdated: str,
        retrieved: str, origins: dict[tuple[str, str], str], names: dict[str, str],
    ) -> Observation | str:
        if missing := missing_keys(row, ROW_KEYS):  # read by name: a changed API says which
            raise SourceError(f"{database.dataset}: a data row lacks {', '.join(missing)} "
                              f"(has {', '.join(sorted(row)) if isinstance(row, dict) else row})")
        series = row["series"]["id"]
        economy = row["economy"]["id"]
        names.setdefault(series, str(row["series"].get("value") or ""))
        period = str(row["time"].get("value", row["time"]["id"]))
        where = f"{database.dataset} {series} {economy} {period}"
        if not period.isdigit():
            return f"{where}: period {period!r} is not a calendar year"
        value = finite_number(row["value"])
        if value is None:
            return f"{where}: value {not_a_number_reason(row['value'])}"
        return Observation(
            source=self.name, dataset=database.dataset, series=series, economy=economy,
            year=int(period), value=value, unit=unit_from_series_name(names[series]),
            publisher_updated=lastupdated, retrieved_at=retrieved,
            origin=origins.get((series.upper(), economy.upper()), ""),
        )


def _is_data_url(url: str, db: int) -> bool:
    path = urlsplit(url).path.lower()
    return f"/sources/{db}/series/" in path and "/country/" in path and "/metadata" not in path


def _origins(data_urls: list[str]) -> dict[tuple[str, str], str]:
    """(series, economy) → the data URL (without page) that delivered it."""
    origins: dict[tuple[str, str], str] = {}
    for url in data_urls:
        codes = codes_in_url(url)
        for s in codes.get("series", []):
            for e in codes.get("country", []):
                origins.setdefault((s.upper(), e.upper()), _without_page(url))
    return origins


def find_unknown_codes(concept: str, codes: Sequence[str], db: int) -> list[str]:
    """The ``codes`` of ``concept`` ("series" or "economy") that database ``db`` does not know.

    Call inside `wbgapi_bound`. One batched request; only if the API rejects the whole batch
    (its "Invalid value" error does not say which code) is each code looked up on its own.
    """
    try:
        known = {
            str(row["id"]).upper()
            for row in wbgapi.source.features(concept, ";".join(codes), db=db)
        }
        return [c for c in codes if c.upper() not in known]
    except wbgapi.APIError as exc:
        if not is_invalid_value(exc):
            raise
    unknown = []
    for code in codes:
        try:
            found = wbgapi.source.feature(concept, code, db=db)
        except wbgapi.APIError as exc:
            if not is_invalid_value(exc):
                raise
            found = None
        if not found:
            unknown.append(code)
    return unknown


def _unknown_code_error(
    database: WorldBankDatabase, economies: Sequence[str], url: str
) -> UnknownCodeError:
    bad_series = find_unknown_codes("series", database.series, database.db)
    bad_economies = find_unknown_codes("economy", economies, database.db)
    parts = [f"series {c!r}" for c in bad_series] + [f"economy {c!r}" for c in bad_economies]
    if not parts:
        requested = "; ".join(f"{k} {', '.join(v)}" for k, v in codes_in_url(url).items())
        return UnknownCodeError(
            f"the World Bank API rejected a code in {database.dataset} (db {database.db}) "
            f"but each series and economy exists on its own; requested {requested}; URL {url}"
        )
    return UnknownCodeError(
        f"the World Bank API does not know {', '.join(parts)} in {database.dataset} "
        f"(db {database.db}): it answered 'Invalid value' for {url}. "
        f"Fix the code in the World Bank config."
    )


def validate_codes(
    http: object,
    series: Sequence[str],
    economies: Sequence[str],
    db: int = 2,
    endpoint: str = DEFAULT_ENDPOINT,
    dataset: str = "WDI",
) -> None:
    """Raise `UnknownCodeError` naming every series or economy code ``db`` does not know."""
    with wbgapi_bound(http, endpoint):  # type: ignore[arg-type]
        database = WorldBankDatabase(db=db, dataset=dataset, series=tuple(series))
        bad_series = find_unknown_codes("series", database.series, db)
        bad_economies = find_unknown_codes("economy", economies, db)
    if bad_series or bad_economies:
        parts = [f"series {c!r}" for c in bad_series]
        parts += [f"economy {c!r}" for c in bad_economies]
        raise UnknownCodeError(
            f"the World Bank API does not know {', '.join(parts)} in {dataset} (db {db})"
        )
