"""World Bank International Debt Statistics (IDS, source 6) by creditor, through wbgapi.

The IDS database has a fourth dimension, the creditor (API concept ``Counterpart-Area``, which
wbgapi exposes as the keyword ``counterpart_area``). One data request fetches every configured
series × debtor × creditor::

    {endpoint}/en/sources/6/series/DT.DOD.DPPG.CD;DT.DOD.BLAT.CD/country/BLR/time/…
        /counterpart-area/WLD;<Russia's code>?format=json&per_page=…

Russia's creditor code is looked up by name in ``sources/6/counterpart-area/all`` at run time.
wbgapi's module state is bound to our `HttpClient` only through `indicators.sources.wbapi`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import wbgapi

from indicators.claims.economies import display_name
from indicators.models import CodeNote, Observation, SeriesMeta, SourceBatch
from indicators.numbers import finite_number, not_a_number_reason
from indicators.sources.base import FetchContext, SourceError, UnknownCodeError
from indicators.sources.reference import unit_from_series_name
from indicators.sources.sourcekit import ConfiguredSource, missing_keys, now_iso
from indicators.sources.wb_codes import fetch_without_unknown
from indicators.sources.wbapi import wbgapi_bound

NAME = "ids"
CONCEPT = "counterpart_area"
PPG_NOTE = "IDS creditor detail: public and publicly guaranteed (PPG) debt only"


def resolve_creditors(config: dict[str, Any], db: int,
                      notes: list[CodeNote] | None = None) -> dict[str, tuple[str, str]]:
    """API creditor code → (stored counterpart, API name). Call inside `wbgapi_bound`.

    A configured creditor that cannot be found is an `UnknownCodeError`; one a claims file
    wants (``config["wanted_creditors"]``) is left out with a note in ``notes``."""
    if CONCEPT not in wbgapi.source.concepts(db):
        raise SourceError(f"{NAME}: database {db} has no creditor (Counterpart-Area) dimension")
    listed = {str(r["id"]).strip(): str(r.get("value", "")).strip()
              for r in wbgapi.source.features(CONCEPT, db=db)}
    by_name = {name.casefold(): code for code, name in listed.items()}
    resolved: dict[str, tuple[str, str]] = {}
    wanted = set(config.get("wanted_creditors", ()))
    for stored, spec in config["creditors"].items():
        try:
            code = _creditor_code(spec, listed, by_name)
        except UnknownCodeError as exc:
            if stored not in wanted or notes is None:
                raise
            notes.append(CodeNote(stored, f"{stored}: {exc}; left out, the other creditors "
                                          "were fetched"))
            continue
        resolved[code] = (stored, listed[code])
    return resolved


def _creditor_code(spec: dict[str, Any], listed: dict[str, str], by_name: dict[str, str]) -> str:
    if "code" in spec:
        code = str(spec["code"])
        if code not in listed:
            raise UnknownCodeError(
                f"{NAME}: creditor code {code!r} is not in the IDS counterpart-area list")
        return code
    code = by_name.get(str(spec["name"]).casefold(), "")
    if not code:
        near = sorted(n for n in listed.values()
                      if str(spec["name"]).split()[0].casefold() in n.casefold())
        raise UnknownCodeError(
            f"{NAME}: no creditor named {spec['name']!r} in the IDS counterpart-area list"
            + (f" (similar: {', '.join(near)})" if near else ""))
    return code


def with_wanted(config: dict[str, Any],
                wanted: Mapping[str, Iterable[tuple[str, str]]]) -> dict[str, Any]:
    """The config plus what claims files read (series → (debtor, creditor) keys): their series,
    debtors and creditors join the configured ones (one cross-product request, as those). A
    creditor the config does not list is looked up by its name (the economy's English name)."""
    keys = {(e, c) for ks in wanted.values() for e, c in ks}
    series = list(config["series"]) + sorted(set(wanted) - set(config["series"]))
    economies = list(config["economies"])
    economies += sorted({e for e, _ in keys if e} - set(economies))
    creditors = dict(config["creditors"])
    extra = sorted({c for _, c in keys if c} - set(creditors))
    creditors |= {c: {"name": display_name(c)} for c in extra}
    return {**config, "series": series, "economies": economies, "creditors": creditors,
            "wanted_creditors": extra}


class IdsSource(ConfiguredSource):
    """Adapter: IDS (db 6) PPG external debt of the configured debtors, by creditor.

    ``wanted`` (series → (debtor, creditor) keys, what claims files read) adds to the
    configured series, debtors and creditors; an unknown one is left out with a `CodeNote`,
    as is a wanted key the API answers no value for. The batch replaces only the keys it holds
    values for."""

    name = NAME
    title = "World Bank International Debt Statistics by creditor (api.worldbank.org, wbgapi)"

    def __init__(self, config: dict[str, Any] | None = None, config_path=None, *,
                 wanted: Mapping[str, Iterable[tuple[str, str]]] | None = None) -> None:
        super().__init__(config, config_path)
        self.wanted = {s: set(k) for s, k in (wanted or {}).items()}
        if self.wanted:
            self.config = with_wanted(self.config, self.wanted)

    def series_specs(self):
        # Names and units arrive with the data (the API's own series labels); before a fetch
        # only the configured codes are known.
        for code in self.config["series"]:
            yield code, code, "", ""

    def _time(self, ctx: FetchContext) -> str | range:
        first = self.config.get("first_year")
        return range(int(first), ctx.clock().year + 1) if first else "all"

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        cfg = self.config
        db = int(cfg["db"])
        batch = SourceBatch(source=NAME, replace_fetched_only=True)
        with wbgapi_bound(ctx.http, cfg["endpoint"]) as binding:
            ctx.progress(0, 3, "IDS database record")
            accessed = now_iso(ctx)
            info = wbgapi.source.get(db) or {}
            lastupdated = str(info.get("lastupdated") or "")
            batch.fetches.append(self.fetch_record(
                binding.urls[-1], accessed, lastupdated,
                f"database record of {info.get('name') or 'IDS'}"))

            ctx.progress(1, 3, "IDS creditor list")
            accessed = now_iso(ctx)
            start = len(binding.log)
            creditors = resolve_creditors(cfg, db, batch.notes)
            for url in dict.fromkeys(u.split("?")[0] for u in binding.urls[start:]):
                if "counterpart-area" in url:
                    batch.fetches.append(self.fetch_record(
                        url, accessed, lastupdated,
                        "creditor list, to find creditor codes by name"))

            ctx.progress(2, 3, f"IDS {len(cfg['series'])} series × {len(creditors)} creditors")
            accessed = now_iso(ctx)
            start = len(binding.log)
            fetched = fetch_without_unknown(
                lambda series, economies: list(wbgapi.data.fetch(
                    series, economies, time=self._time(ctx), db=db, skipBlanks=True,
                    labels=True, numericTimeKeys=True, counterpart_area=list(creditors))),
                cfg["series"], cfg["economies"], db, f"IDS (db {db})")
            rows = fetched.rows
            batch.notes += fetched.notes
            retrieved = now_iso(ctx)
            data_urls = list(dict.fromkeys(
                u.split("&page=")[0] for u in binding.urls[start:] if "/series/" in u))
        origin = data_urls[0] if data_urls else ""
        names: dict[str, str] = {}
        for row in rows:
            parsed = self._observation(row, creditors, lastupdated, retrieved, origin, names)
            if isinstance(parsed, str):
                batch.rejected.append(parsed)
            else:
                batch.observations.append(parsed)
        for url in data_urls:
            batch.fetches.append(self.fetch_record(
                url, accessed, lastupdated,
                f"IDS data by creditor; {len(batch.observations)} non-blank values"))
        batch.series = [
            SeriesMeta(source=NAME, series=s, name=names.get(s, s),
                       unit=unit_from_series_name(names.get(s, "")), dataset=cfg["dataset"],
                       definition=f"{PPG_NOTE}. Counterpart = creditor (WLD = all creditors).")
            for s in fetched.series
        ]
        batch.notes += self._empty_notes(batch.observations)
        ctx.progress(3, 3, f"{len(batch.observations)} observations")
        return batch

    def _empty_notes(self, observations: list[Observation]) -> list[CodeNote]:
        """Each wanted series with no value for some wanted (debtor, creditor) key."""
        have = {(o.series, o.economy, o.counterpart) for o in observations}
        notes = []
        for series in sorted(self.wanted):
            missing = sorted(k for k in self.wanted[series] if (series, *k) not in have)
            if missing:
                keys = ", ".join(f"{e} owed to {c}" if c else e for e, c in missing)
                notes.append(CodeNote(series, f"{series}: IDS answered no value for {keys}; "
                                              "any values stored before for it were kept",
                                      tuple(sorted({e for e, _ in missing}))))
        return notes

    def _observation(
        self, row: dict[str, Any], creditors: dict[str, tuple[str, str]], lastupdated: str,
        retrieved: str, origin: str, names: dict[str, str],
    ) -> Observation | str:
        if missing := missing_keys(row, ("series", "economy", "time", "value", CONCEPT)):
            raise SourceError(f"{NAME}: a data row lacks {', '.join(missing)} (has "
                              f"{', '.join(sorted(row)) if isinstance(row, dict) else row})")
        series = row["series"]["id"]
        names.setdefault(series, str(row["series"].get("value") or series))
        code = str(row[CONCEPT]["id"])
        period = str(row["time"].get("value", row["time"]["id"]))
        where = f"IDS {series} {row['economy']['id']} creditor {code} {period}"
        if code not in creditors:
            return f"{where}: creditor code not requested"
        if not period.isdigit():
            return f"{where}: period {period!r} is not a calendar year"
        value = finite_number(row["value"])
        if value is None:
            return f"{where}: value {not_a_number_reason(row['value'])}"
        stored, creditor_name = creditors[code]
        return Observation(
            source=NAME, dataset=self.config["dataset"], series=series,
            economy=row["economy"]["id"], counterpart=stored, year=int(period), value=value,
            unit=unit_from_series_name(names[series]), publisher_updated=lastupdated,
            retrieved_at=retrieved, origin=origin,
            note=f"creditor {creditor_name} (IDS code {code}); {PPG_NOTE}",
        )
