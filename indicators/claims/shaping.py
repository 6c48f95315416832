"""The rules that span a claim's shape keys (kind, period, change, rank, scale, currency) and
the readings that measure it: checked after the schema, before any data is read.

`claim_shape` returns the `Claim` fields of a claim's shape with its defaults filled in (the
base year of a change, a rank's set and order, a period's year); `check_reading` refuses a
reading that cannot measure that shape. Each error names the key and says what was expected
(`where.error(key, message)` adds file, line, claim and reading).
"""

from __future__ import annotations

from typing import Any

from indicators.claims.model import BOUND_DEFINITIONS, TWO_SIDED
from indicators.money import currency_name
from indicators.periods import parse_claim_period

_CHANGE_KEYS = ("change", "base_year", "base_period", "base_value")
_RANK_KEYS = ("among", "order")


def _forbid(where, m, keys: tuple[str, ...], why: str) -> None:
    for key in keys:
        if getattr(m, key) is not None:
            raise where.error(key, f"{why}; remove it")


def claim_shape(where, m, default_year: int | None) -> dict[str, Any]:
    """The shape fields of a `Claim` (year included), or a `ClaimsError` naming the key."""
    kind = m.kind
    if m.qualitative:
        if kind != "level":
            raise where.error("kind", f"a qualitative claim has no kind {kind!r}; remove it or "
                                      "set qualitative = false")
        _forbid(where, m, ("period", "scale", "currency", *_CHANGE_KEYS, *_RANK_KEYS),
                "a qualitative claim has no such key")
    year = m.year if m.year is not None else default_year
    period = parse_claim_period(m.period) if m.period else None
    if period is not None:
        if m.year is not None and m.year != period.year:
            raise where.error("year", f"{m.year} differs from the year of period "
                                      f"{m.period!r}; expected {period.year} or no year")
        year = period.year
    if year is None:
        raise where.error("year", "missing; expected the year the claim refers to (or "
                                  "[defaults] year)")
    out: dict[str, Any] = {"kind": kind, "year": year, "period": m.period or "",
                           "year_named": m.year_named, "scale": m.scale or "",
                           "currency": m.currency or ""}
    if kind == "level":
        _forbid(where, m, (*_CHANGE_KEYS, *_RANK_KEYS), 'only a claim of kind = "change" or '
                                                        '"rank" has this key')
    elif kind == "change":
        out |= _change_shape(where, m, year, period)
    else:
        out |= _rank_shape(where, m)
    return out


def _change_shape(where, m, year: int, period) -> dict[str, Any]:
    _forbid(where, m, _RANK_KEYS, 'only a claim of kind = "rank" has this key')
    if m.change is None:
        raise where.error("change", "missing; expected how the change is stated: points, "
                                    "percent, multiple or endpoints")
    base_year = m.base_year
    base_period = ""
    if m.base_period is not None:
        if period is None:
            raise where.error("base_period", "given without a period; expected the claim's "
                                             "period too (e.g. period = 'Q1 2024')")
        base = parse_claim_period(m.base_period)
        if base_year is not None and base_year != base.year:
            raise where.error("base_year", f"{base_year} differs from the year of base_period "
                                           f"{m.base_period!r}")
        base_year, base_period = base.year, base.label
    elif period is not None:
        base_year = base_year if base_year is not None else year - 1
        base_period = period.in_year(base_year).label
    base_year = base_year if base_year is not None else year - 1
    start = (base_year, parse_claim_period(base_period).first if base_period else 1)
    end = (year, period.first if period is not None else 1)
    if start >= end:
        raise where.error("base_year", f"the base ({base_period or base_year}) is not before "
                                       f"the claim's {period.label if period else year}; "
                                       "expected an earlier base")
    if m.change == "endpoints":
        if m.base_value is None:
            raise where.error("base_value", "missing; expected the starting value as quoted "
                                            "(change = 'endpoints': 'from 48.9 to 78.5')")
        if m.bound is not None and m.bound not in TWO_SIDED:
            raise where.error("bound", f"{m.bound!r} with endpoints; expected 'about' or "
                                       "'exactly' (each endpoint is judged)")
    elif m.base_value is not None:
        raise where.error("base_value", f"given with change = {m.change!r}; expected it only "
                                        "with change = 'endpoints'")
    if m.scale is not None and m.change in ("percent", "multiple"):
        raise where.error("scale", f"a change in {m.change} has no scale; remove it")
    if m.change == "multiple" and m.value is not None and m.value <= 0:
        raise where.error("value", f"{m.value:g} is not a multiple; expected a number above 0 "
                                   "(2 = doubled, 0.5 = halved)")
    return {"change": m.change, "base_year": base_year, "base_period": base_period,
            "base_value": m.base_value}


def _rank_shape(where, m) -> dict[str, Any]:
    _forbid(where, m, _CHANGE_KEYS, 'only a claim of kind = "change" has this key')
    _forbid(where, m, ("scale", "currency"), "a rank has no scale or currency")
    if m.value is not None and (m.value < 1 or m.value != int(m.value)):
        raise where.error("value", f"{m.value:g} is not a rank; expected a whole number from 1 "
                                   "(1 = the largest)")
    among = m.among if m.among is not None else "peers"
    members: tuple[str, ...] = ()
    if isinstance(among, tuple):
        among, members = "list", among
    label = ""
    if among not in ("peers", "all", "list"):  # a World Bank group: members from the catalogue
        from indicators.claims.economies import display_name, group_members

        if not group_members(among):
            raise where.error("among", f"{among!r} is no group whose members the World Bank "
                                       "catalogue lists; expected a region ('ECS'), an income "
                                       "group ('HIC'), 'EMU' or 'WLD', 'peers', 'all' or a list")
        among, members, label = "group", (among,), display_name(among)
    return {"among": among, "members": members, "among_label": label,
            "order": m.order or "largest"}


def default_unit(m, shape: dict[str, Any]) -> str | None:
    """The unit when the claim gives none: a currency's name, or "rank"."""
    if m.unit is not None:
        return m.unit
    if shape.get("currency"):
        return currency_name(shape["currency"])
    if shape.get("kind") == "rank":
        return "rank"
    return None


def check_reading(where, claim_shape_: dict[str, Any], r) -> None:
    """A reading that cannot measure the claim's shape is refused with its key."""
    m = r.measure
    kind, change = claim_shape_["kind"], claim_shape_.get("change")
    if m.growth:
        if kind != "change" or change not in ("percent", "multiple"):
            raise where.error("measure.growth", "growth = true reads a growth-rate series as "
                                                "a change; expected it only with kind = "
                                                "'change' and change = 'percent' or 'multiple'")
        if m.kind not in ("series", "figures"):
            raise where.error("measure.growth", f"a measure of kind {m.kind!r} cannot be a "
                                                "growth rate; expected kind series or figures")
    if kind == "rank":
        if m.kind not in ("series", "ratio", "none"):
            raise where.error("measure.kind", f"a rank is computed for every member from one "
                                              f"series or ratio; {m.kind!r} cannot be ranked")
        if r.definition in BOUND_DEFINITIONS:
            raise where.error("definition", "a rank cannot be read from a bound; expected "
                                            "exact or proxy")
