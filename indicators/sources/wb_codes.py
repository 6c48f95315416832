"""Unknown codes at the World Bank API: which ones, and a data request that goes on without them.

The API answers a data request naming one unknown series or economy with its "Invalid value"
envelope for the whole request, without saying which code it means. `fetch_without_unknown`
then asks which codes the database does not know (one batched request per concept; one per
code only if the API rejects that batch too), leaves them out with a `CodeNote` each, and
repeats the request for the rest: an unknown code costs its own data, never the others'.
Call inside `indicators.sources.wbapi.wbgapi_bound`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import wbgapi

from indicators.models import CodeNote
from indicators.sources.base import UnknownCodeError
from indicators.sources.wbapi import (
    DEFAULT_ENDPOINT,
    describe_codes,
    is_invalid_value,
    wbgapi_bound,
)


def find_unknown_codes(concept: str, codes: Sequence[str], db: int) -> list[str]:
    """The ``codes`` of ``concept`` ("series" or "economy") that database ``db`` does not know.

    Call inside `wbgapi_bound`. One batched request; only if the API rejects the whole batch
    (its "Invalid value" error does not say which code) is each code looked up on its own.
    """
    if not codes:
        return []
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


@dataclass
class KnownFetch:
    """A data request's rows and the codes it was finally made with."""

    rows: list[dict]
    series: list[str]
    economies: list[str]
    notes: list[CodeNote] = field(default_factory=list)


def fetch_without_unknown(
    fetch: Callable[[list[str], list[str]], list[dict]], series: Sequence[str],
    economies: Sequence[str], db: int, label: str,
    where: Callable[[str], str] = lambda code: "",
) -> KnownFetch:
    """``fetch(series, economies)``; on "Invalid value", again without the unknown codes.

    ``label`` names the database in messages ("WDI (db 2)"); ``where(code)`` may add where a
    code comes from (" (in indicators/config/worldbank.toml)"). If the API rejects the request
    although it knows every code, that is an `UnknownCodeError` (nothing to leave out).
    """
    series, economies = list(series), list(economies)
    try:
        return KnownFetch(fetch(series, economies), series, economies)
    except wbgapi.APIError as exc:
        if not is_invalid_value(exc):
            raise
        url = exc.url
    bad_series = find_unknown_codes("series", series, db)
    bad_economies = find_unknown_codes("economy", economies, db)
    if not bad_series and not bad_economies:
        raise UnknownCodeError(
            f"the World Bank API rejected a code in {label} but each series and economy "
            f"exists on its own{describe_codes(url)}; URL {url}")
    notes = [CodeNote(c, f"{c}: the World Bank does not know this {kind} in {label}; left out, "
                         f"the others were fetched{where(c)}")
             for kind, codes in (("series", bad_series), ("economy", bad_economies))
             for c in codes]
    series = [s for s in series if s not in bad_series]
    economies = [e for e in economies if e not in bad_economies]
    rows = fetch(series, economies) if series and economies else []
    return KnownFetch(rows, series, economies, notes)


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
        bad_series = find_unknown_codes("series", list(series), db)
        bad_economies = find_unknown_codes("economy", list(economies), db)
    if bad_series or bad_economies:
        parts = [f"series {c!r}" for c in bad_series]
        parts += [f"economy {c!r}" for c in bad_economies]
        raise UnknownCodeError(
            f"the World Bank API does not know {', '.join(parts)} in {dataset} (db {db})"
        )
