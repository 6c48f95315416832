"""A drafted claim in the claims format's shape keys (docs/claims-format.md, "Claims as articles
write them"): kind, period, named year, scale and currency of a level, the change with its base,
the set and order of a rank, and the value and unit in those terms.

Only what the format can state and the loader accepts is written: a period it does not parse
("fiscal year to Jun 2023"), a currency it cannot convert ("KES"), an endpoints change with a
one-sided bound, or a rank whose set it cannot name stay in the claim's comment instead, and the
comment says so (`notes`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from indicators.draft.model import DraftClaim
from indicators.money import CURRENCIES, SCALES
from indicators.periods import parse_claim_period


@dataclass
class ClaimTerms:
    """What the `[[claims]]` table says of a drafted figure."""

    value: float
    precision: float
    unit: str | None  # None: the format names it (a currency's name, "rank")
    keys: dict[str, object] = field(default_factory=dict)  # the shape keys, in writing order
    notes: list[str] = field(default_factory=list)  # what could not be written, and why


def claim_terms(c: DraftClaim) -> ClaimTerms:
    f = c.figure
    kind, notes = c.toml_kind, []
    keys: dict[str, object] = {}
    if kind == "change" and not c.change:
        kind = "level"
    if kind == "change" and c.change == "endpoints" and c.bound not in ("about", "exactly"):
        kind = "level"  # each endpoint is judged two-sided: a one-sided end is a level
        notes.append(f"the change from {c.base_value:g} is kept in this comment: endpoints are "
                     f"judged two-sided, and the words bound this end ('{c.bound}')")
    if kind == "change" and c.change == "multiple" and c.value <= 0:
        kind = "level"
    if kind != "level":
        keys["kind"] = kind
    if c.period:
        period = parse_claim_period(c.period)
        if period is not None and period.year == c.year:
            keys["period"] = c.period
        else:
            notes.append(f"the period '{c.period}' is not one the claims format states; the "
                         f"claim is judged on the year {c.year}")
    if c.year_named:
        keys["year_named"] = True
    amount = kind == "level" or kind == "change" and c.change in ("points", "endpoints")
    scale = f.scale if amount and f.scale in SCALES else ""
    if scale:
        keys["scale"] = scale
    currency = f.currency if amount and f.currency in CURRENCIES else ""
    if currency:
        keys["currency"] = currency
    elif amount and f.currency:
        notes.append(f"the currency {f.currency} is not one Claimcheck converts; it is the "
                     "unit, and readings in US$ are left out")
    factor = SCALES.get(scale, 1.0)
    if kind == "change":
        keys["change"] = c.change
        if c.base_year and c.base_year < c.year:
            keys["base_year"] = c.base_year
        if c.change == "endpoints" and c.base_value is not None:
            keys["base_value"] = c.base_value / factor
    if kind == "rank":
        if c.among:
            keys["among"] = c.among
        keys["order"] = c.order or "largest"
    unit = None if currency or kind == "rank" else (c.unit or "number")
    return ClaimTerms(c.value / factor, c.precision / factor, unit, keys, notes)
