"""The catalogue a claims file is checked against: series codes per source and economy codes.

Static: every WDI series of the bundled World Bank catalogue (source ``worldbank``), the store's
series table, and the codes the source configurations (``indicators/config/*.toml``) make the
adapters store, derived from the configs themselves (no adapter is created, no network);
economies: every World Bank economy and aggregate (`indicators.claims.economies`) and the
store's. `check_catalogue` names file, line, claim, reading and field for the first unknown
code, with the closest known codes ("did you mean `NE.EXP.GNFS.ZS` Exports of goods and
services (% of GDP)?").
"""

from __future__ import annotations

import difflib
import functools
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indicators.claims.model import ClaimsFile
from indicators.claims.tomltable import _Ctx

WDI_SOURCE = "worldbank"
SEARCH_HINT = "`claimcheck series search WORDS` finds a series by the words of its name"


@dataclass(frozen=True)
class Catalogue:
    """Series codes (per source) and economy codes a claims file may refer to."""

    series: frozenset[tuple[str, str]]
    economies: frozenset[str]
    names: dict[tuple[str, str], str] = field(default_factory=dict)

    def has_series(self, source: str, series: str) -> bool:
        return (source, series) in self.series

    def known_series(self, source: str) -> list[str]:
        return sorted(s for src, s in self.series if src == source)


def known_economies() -> frozenset[str]:
    """Economy codes Claimcheck knows: every World Bank economy and aggregate of the bundled
    catalogue, and the few codes of `indicators.claims.economies.NON_ECONOMIES`."""
    from indicators.claims.economies import known_codes

    return known_codes()


@functools.cache
def wdi_series() -> dict[tuple[str, str], str]:
    """(``worldbank``, code) → name of every WDI series in the bundled catalogue."""
    from cache.bundle import snapshot_catalogue_series

    return {(WDI_SOURCE, code): s.name for code, s in snapshot_catalogue_series().items()}


CONFIG_DIR = Path(__file__).resolve().parent.parent / "config"


@functools.cache
def config_series() -> dict[tuple[str, str], str]:
    """Series codes the source configurations make the adapters store → their names.

    Generic: a string in a ``series`` list, or the ``series`` of a table. Where an adapter
    builds its codes from its configuration, the same rule is applied here to the config
    (kept next to each other on purpose; tests/test_claims.py checks that every code an adapter
    reports is in this catalogue): UNSD ``[series]`` values, IMF ``<flow>.<code>`` from
    ``[flows.<flow>.series]``, EIA ``INTL.<product>-<activity>.<unit>``, Comtrade
    ``<commodity prefix>.<flow suffix>``.
    """
    found: dict[tuple[str, str], str] = {}
    for config in sorted(CONFIG_DIR.glob("*.toml")):
        try:
            data = tomllib.loads(config.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError):
            continue
        source = config.stem

        def walk(node: Any, key: str = "", source: str = source) -> None:
            if isinstance(node, dict):
                for k, value in node.items():
                    if k == "series" and isinstance(value, str):
                        found.setdefault((source, value), str(node.get("name", "")))
                    else:
                        walk(value, k)
            elif isinstance(node, list):
                for value in node:
                    if key == "series" and isinstance(value, str):
                        found.setdefault((source, value), "")
                    else:
                        walk(value, key)

        walk(data)
        for name, code in _built_codes(source, data).items():
            found.setdefault((source, code), name)
    return found


def _built_codes(source: str, data: dict) -> dict[str, str]:
    """name → code for the sources whose adapters compose codes from their config."""
    out: dict[str, str] = {}
    series = data.get("series")
    if source == "unsd" and isinstance(series, dict):
        out |= {str(name): str(code) for name, code in series.items()}
    flows = data.get("flows")
    if source == "imf" and isinstance(flows, dict):
        for flow, spec in flows.items():
            for code, name in (spec.get("series") or {}).items():
                out[str(name)] = f"{flow}.{code}"
    activities = data.get("activities")
    if source == "eia" and isinstance(activities, dict):
        for activity, name in activities.items():
            out[str(name)] = f"INTL.{data.get('product')}-{activity}.{data.get('unit')}"
    commodities, trade_flows = data.get("commodities"), data.get("flows")
    if source == "comtrade" and isinstance(commodities, dict) and isinstance(trade_flows, dict):
        for cmd, prefix in commodities.items():
            for flow, suffix in trade_flows.items():
                out[f"HS {cmd} {flow}"] = f"{prefix}.{suffix}"
    return out


def catalogue_from_store(store) -> Catalogue:
    """Series: the store's series table + the source configs (+ the adapters' own codes, looked
    up lazily); economies: the code tables + the store."""
    meta = store.series_meta()
    names = {key: m.name for key, m in meta.items()}
    # The store's own copy of the WDI catalogue (a few ms), else the bundled file (~25 ms).
    stored = store.catalogue_names() if hasattr(store, "catalogue_names") else None
    wdi = ({(WDI_SOURCE, code): name for code, name in stored.items()} if stored
           else wdi_series())
    for key, name in (config_series() | wdi).items():
        if name or key not in names:
            names.setdefault(key, name)
    economies = set(known_economies())
    economies |= {o for o in _store_economies(store)}
    return Catalogue(series=frozenset(names), economies=frozenset(economies), names=names)


def _store_economies(store) -> set[str]:
    return set(store.economies()) if store is not None else set()


def series_suggestions(catalogue: Catalogue, source: str, code: str, n: int = 3) -> str:
    """ "did you mean `A` name, `B` name?" for a mistyped series code ("" when none is close)."""
    known = catalogue.known_series(source)
    close = difflib.get_close_matches(code.upper(), known, n=n, cutoff=0.75)
    if not close:  # the code of another source?
        close = [f"{s}" for s, c in sorted(catalogue.series) if c == code and s != source][:1]
        if close:
            return f"; {code!r} is a series of source {close[0]!r}"
        return ""
    return "; did you mean " + ", ".join(
        f"`{c}` {catalogue.names.get((source, c), '')}".rstrip() for c in close) + "?"


def economy_suggestions(catalogue: Catalogue, code: str, lang: str | None = None,
                        n: int = 3) -> str:
    """ "did you mean `MDA` Moldova?" for a name ("Moldau", in the article's language ``lang``
    or English), an ISO2 code or a mistyped code."""
    from indicators.claims.economies import bundled, display_name

    resolved = bundled().economy_code(code, lang, every_language=False)
    if resolved is not None and resolved != code:
        close = [resolved]
    else:
        close = difflib.get_close_matches(code.upper(), sorted(catalogue.economies), n=n,
                                          cutoff=0.6)
    if not close:
        return ""
    return "; did you mean " + ", ".join(f"`{c}` {display_name(c)}" for c in close) + "?"


def check_catalogue(claims: ClaimsFile, catalogue: Catalogue) -> None:
    """Raise `ClaimsError` for the first unknown series code or economy (no network)."""
    ctx = _Ctx(claims.path, claims.path.read_text(encoding="utf-8")
               if claims.path.exists() else "")
    expected = "expected an ISO3 code or World Bank aggregate code"
    lang = claims.article.language
    for claim in claims.claims:
        if claim.subject not in catalogue.economies:
            raise ctx.error(f"unknown economy {claim.subject!r}; {expected}"
                            + economy_suggestions(catalogue, claim.subject, lang),
                            line=ctx.line_of_key("subject", claim.line) or claim.line,
                            claim=claim.id, field_name="subject")
        for key, codes in (("peers", claim.peers), ("among", claim.members)):
            for code in codes:
                if code not in catalogue.economies:
                    raise ctx.error(f"unknown economy {code!r} in {key}; {expected}"
                                    + economy_suggestions(catalogue, code, lang),
                                    line=ctx.line_of_key(key, claim.line) or claim.line,
                                    claim=claim.id, field_name=key)
        for reading in claim.readings:
            line = ctx.line_of_id(reading.id, claim.line or 0)
            for ref in reading.measure.all_refs():
                if not catalogue.has_series(ref.source, ref.series):
                    known = catalogue.known_series(ref.source)
                    hint = (f"; the catalogue of source {ref.source!r} has {len(known)} series"
                            if known else f"; no series are known for source {ref.source!r}")
                    raise ctx.error(
                        f"unknown series {ref.series!r} of source {ref.source!r}; expected a "
                        "code from the WDI catalogue, the store's series table or a source's "
                        "configuration (indicators/config/*.toml)"
                        + (series_suggestions(catalogue, ref.source, ref.series) or hint)
                        + (f" ({SEARCH_HINT})" if ref.source == WDI_SOURCE else ""),
                        line=ctx.line_of_text(f'"{ref.series}"', line) or line, claim=claim.id,
                        reading=reading.id, field_name="measure.series")
                codes = [("economy", ref.economy)] + [("counterpart", c)
                                                      for c in ref.counterparts]
                for fname, code in codes:
                    if code and code not in catalogue.economies:
                        raise ctx.error(
                            f"unknown economy {code!r}; {expected}"
                            + economy_suggestions(catalogue, code, lang),
                            line=ctx.line_of_text(f'"{code}"', line) or line, claim=claim.id,
                            reading=reading.id, field_name=f"measure.{fname}")
