"""The catalogue a claims file is checked against: series codes per source and economy codes.

Static: the store's series table plus the codes the source configurations
(``indicators/config/*.toml``) make the adapters store, derived from the configs themselves
(no adapter is created, no network). `check_catalogue` names file, line, claim, reading and
field for the first unknown code.
"""

from __future__ import annotations

import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indicators.claims.model import ClaimsFile
from indicators.claims.tomltable import _Ctx

_ECONOMY = re.compile(r"^[A-Z]{3}$")


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
    """Economy codes Claimcheck knows: the code tables in `indicators.claims.economies`."""
    from indicators.claims import economies

    codes = set(economies.CODE_TO_NAME) | set(economies.NAME_TO_CODE.values())
    return frozenset(c for c in codes if _ECONOMY.match(c))


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
    for key, name in config_series().items():
        names.setdefault(key, name)
    economies = set(known_economies())
    economies |= {o for o in _store_economies(store)}
    return Catalogue(series=frozenset(names), economies=frozenset(economies), names=names)


def _store_economies(store) -> set[str]:
    return set(store.economies()) if store is not None else set()


def check_catalogue(claims: ClaimsFile, catalogue: Catalogue) -> None:
    """Raise `ClaimsError` for the first unknown series code or economy (no network)."""
    ctx = _Ctx(claims.path, claims.path.read_text(encoding="utf-8")
               if claims.path.exists() else "")
    for claim in claims.claims:
        if claim.subject not in catalogue.economies:
            raise ctx.error(f"unknown economy {claim.subject!r}; expected an ISO3 code or "
                            "World Bank aggregate Claimcheck knows",
                            line=ctx.line_of_key("subject", claim.line) or claim.line,
                            claim=claim.id, field_name="subject")
        for key, codes in (("peers", claim.peers), ("among", claim.members)):
            for code in codes:
                if code not in catalogue.economies:
                    raise ctx.error(f"unknown economy {code!r} in {key}; expected an ISO3 code",
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
                        "code from the store's series table or a source's configuration "
                        f"(indicators/config/*.toml){hint}",
                        line=ctx.line_of_text(f'"{ref.series}"', line) or line, claim=claim.id,
                        reading=reading.id, field_name="measure.series")
                codes = [("economy", ref.economy)] + [("counterpart", c)
                                                      for c in ref.counterparts]
                for fname, code in codes:
                    if code and code not in catalogue.economies:
                        raise ctx.error(
                            f"unknown economy {code!r}; expected an ISO3 code or World Bank "
                            "aggregate Claimcheck knows",
                            line=ctx.line_of_text(f'"{code}"', line) or line, claim=claim.id,
                            reading=reading.id, field_name=f"measure.{fname}")
