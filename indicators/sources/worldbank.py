"""World Bank source: WDI series for the configured economies, through wbgapi, batched.

Public API (stable; `indicators.refresh`, `claimcheck refresh` and the registry use it):

* ``WorldBankSource(config=None, *, wanted=None)`` — the `SourceAdapter` (name
  ``"worldbank"``). ``config`` is a `WorldBankConfig`; by default the packaged
  ``indicators/config/worldbank.toml``. ``wanted`` (series → economies) adds what claims files
  read to the configured series and economies: any code, listed in the config or not.
  ``fetch(ctx) -> SourceBatch`` makes, per database: one request for the database record (its
  last-updated date), ONE ``wbgapi.data.fetch`` for every series × economy (wbgapi pages it, and
  splits it into chunks of series only if the URL would exceed the API's length limit,
  ``wbgapi.api_maxlen``), and one request for the series metadata (name, definition). On a cold
  start wbgapi adds its own set-up requests (concepts, time periods, regions, income and
  lending groups, country list). Never one request per series.
* Per code, never fatal for the rest (`CodeNote`s in ``batch.notes``): a series or economy the
  API does not know is left out and the request repeated without it
  (`indicators.sources.wb_codes`); a series answered with no value at all, or with none for an
  economy ``wanted`` names, is said. The batch replaces only the keys it holds values for
  (``replace_fetched_only``): what came back empty keeps its stored rows.
* ``WorldBankConfig`` / ``WorldBankDatabase`` / ``load_config(path=None)`` / ``ConfigError``
  (`indicators.sources.worldbank_config`); ``find_unknown_codes`` / ``validate_codes``
  (`indicators.sources.wb_codes`).

Failures surface as `SourceError`: from the HTTP client (timeouts, refused connections, 5xx and
429 after bounded retries), or translated from wbgapi by `indicators.sources.wbapi` (HTML or
non-JSON answers, API error messages).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import wbgapi

from indicators.models import CodeNote, FetchRecord, Observation, SeriesMeta, SourceBatch
from indicators.numbers import finite_number, not_a_number_reason
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.http import HttpClient
from indicators.sources.reference import unit_from_series_name
from indicators.sources.sourcekit import missing_keys, now_iso
from indicators.sources.wb_codes import (  # noqa: F401  (re-exported)
    fetch_without_unknown,
    find_unknown_codes,
    validate_codes,
)
from indicators.sources.wbapi import WbgapiBinding, codes_in_url, wbgapi_bound
from indicators.sources.worldbank_config import (  # noqa: F401  (re-exported)
    CONFIG_RESOURCE,
    ConfigError,
    WorldBankConfig,
    WorldBankDatabase,
    bad_codes,
    load_config,
    parse_config,
)

SOURCE_NAME = "worldbank"
LICENCE = "CC BY 4.0"
ROW_KEYS = ("series", "economy", "time", "value")  # of a wbgapi data row (labels=True)


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
    notes: list[CodeNote] = field(default_factory=list)


class WorldBankSource:
    """The World Bank adapter: configured (and wanted) series × economies, one data request
    per database."""

    name = SOURCE_NAME
    title = "World Bank WDI (api.worldbank.org, via wbgapi)"
    licence = LICENCE

    def __init__(self, config: WorldBankConfig | None = None, *,
                 wanted: Mapping[str, Iterable[str]] | None = None) -> None:
        configured = config or load_config()
        self.wanted = {s: set(e) for s, e in (wanted or {}).items()}
        self.configured = configured
        self.config = configured.with_wanted(self.wanted)

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        http = ctx.http if ctx.http is not None else HttpClient()
        if not callable(getattr(http, "get", None)):
            raise SourceError(f"FetchContext.http must have a get(url, ...) method, not {http!r}")
        cfg = self.config
        batch = SourceBatch(source=self.name, replace_fetched_only=True)
        batch.notes += [CodeNote(c, f"{c}: not a code the World Bank API can be asked for "
                                    "(';' or '/' in it); left out") for c in bad_codes(self.wanted)]
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
                batch.notes += result.notes
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
        fetched = fetch_without_unknown(
            lambda series, economies: list(wbgapi.data.fetch(
                series, economies, time=self._time(ctx), db=database.db, skipBlanks=True,
                labels=True, numericTimeKeys=True)),
            database.series, cfg.economies, database.db, label, self._where)
        rows, result.notes = fetched.rows, fetched.notes
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

        result.notes += self._empty_notes(fetched.series, fetched.economies,
                                          result.observations)

        # 3. Series metadata (name, definition) for all series in one request.
        ctx.progress(done + 2, steps, f"World Bank {label}: series metadata")
        meta: dict[str, dict[str, str]] = {}
        if fetched.series and str(info.get("metadataavailability", "Y")).upper() == "Y":
            accessed = now_iso(ctx)
            start = len(binding.log)
            for record in wbgapi.metadata(
                "sources/{source}/series/{series}/metadata", ["series"], concepts=["Series"],
                source=database.db, series=";".join(fetched.series),
            ):
                meta[record.id] = record.metadata
            for url in dict.fromkeys(_without_page(u) for u in binding.urls[start:]):
                result.fetches.append(FetchRecord(
                    source=self.name, url=url, accessed_at=accessed,
                    publisher_updated=lastupdated, licence=self.licence,
                    note=f"{database.dataset} series metadata",
                ))
        for code in fetched.series:
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

    def _where(self, code: str) -> str:
        """Where a code the API does not know comes from, when it is the configuration's."""
        cfg = self.configured
        if code in cfg.all_series or code in cfg.economies:
            return f" (listed in {cfg.path or 'the World Bank configuration'})"
        return ""

    def _empty_notes(self, series: list[str], economies: list[str],
                     observations: list[Observation]) -> list[CodeNote]:
        """A series with no value at all; a wanted series with none for a wanted economy."""
        have: dict[str, set[str]] = {}
        for o in observations:
            have.setdefault(o.series, set()).add(o.economy)
        notes = []
        for code in series:
            got = have.get(code, set())
            missing = sorted(e for e in self.wanted.get(code, ()) if e in economies
                             and e not in got)
            text = ", ".join(missing)
            if not got and not missing:
                text = f"any of the {len(economies)} economies asked for"
            if text:
                notes.append(CodeNote(code, (
                    f"{code}: the World Bank answered no value for {text}; any values stored "
                    "before for it were kept"), tuple(missing)))
        return notes

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


