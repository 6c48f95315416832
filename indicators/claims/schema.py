"""The claims file's schema as pydantic v2 models: every field's type, range, length and
character set, checked on the parsed TOML before any record is built.

Strict types (a string is never a number, a number never true/false), unknown keys refused,
numbers finite and in range, ids and economy codes by pattern, text without control
characters, dates real, URLs http(s). Rules that span fields (the likely reading, matching
ratio pairs, defaults) are checked after this in `indicators.claims.load`, which also turns a
`ValidationError` into a one-line `ClaimsError` naming the file, line and field
(`indicators.claims.errors`).
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

from indicators.claims.model import AMONG, BOUNDS, CHANGES, DEFINITIONS, KINDS, ORDERS
from indicators.money import CURRENCIES, SCALES
from indicators.periods import parse_claim_period

MIN_YEAR, MAX_YEAR = 1900, 2100  # years a claim, a default or the article's date may name
MAX_TEXT = 4000  # characters in any text field (quotes, reasons)
MAX_ID = 80
MEASURE_KINDS = ("series", "ratio", "figures", "none")
ROLES = ("test", "context")
EVIDENCE = ("statistics", "quoted")
_ID = re.compile(r"[a-z0-9][a-z0-9_-]*")
_ECONOMY = re.compile(r"[A-Z]{3}")
# C0/C1 control characters except tab, newline and CR (ESC[2J must never reach a terminal).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


# -- reusable field types (each raises ValueError with the message the user sees) ---------
def _text(limit: int, nonempty: bool = False):
    def check(value: str) -> str:
        if len(value) > limit:
            raise ValueError(f"is {len(value):,} characters long; expected at most {limit:,}")
        if (m := _CONTROL.search(value)) is not None:
            raise ValueError(f"contains the control character {m.group()!r}; expected printable "
                             "text (tabs and newlines are allowed)")
        if nonempty and not value.strip():
            raise ValueError("is empty; expected a non-empty string")
        return value
    return AfterValidator(check)


def _number(low: float, high: float):
    def check(value: float) -> float:
        if not math.isfinite(value):
            raise ValueError(f"is {value}; expected a finite number")
        if not low <= value <= high:
            raise ValueError(f"{value:g} is out of range; expected a number from {low:g} to "
                             f"{high:g}")
        return float(value)
    return AfterValidator(check)


def _integer(low: int, high: int):
    def check(value: int) -> int:
        if not low <= value <= high:
            raise ValueError(f"{value} is out of range; expected an integer from {low} to {high}")
        return value
    return AfterValidator(check)


def _choice(options: tuple[str, ...]):
    def check(value: str) -> str:
        if value not in options:
            raise ValueError(f"{_short(value)} is not allowed; expected one of "
                             f"{', '.join(options)}")
        return value
    return AfterValidator(check)


def _pattern(regex: re.Pattern, what: str):
    def check(value: str) -> str:
        if not regex.fullmatch(value):
            raise ValueError(f"{_short(value)} is not {what}")
        return value
    return AfterValidator(check)


def _not_an_economy(value: str, what: str) -> ValueError:
    """A name or ISO2 code ("Moldau", "MD") is refused with the code it names."""
    from indicators.claims.economies import display_name, economy_code

    code = economy_code(value) if value else None
    hint = f" (did you mean `{code}` {display_name(code)}?)" if code else ""
    return ValueError(f"{_short(value)} is not {what}{hint}")


def _economy(what: str, *, optional: bool = False):
    """An ISO3-shaped code; a name or ISO2 code ("Moldau", "MD") is refused with its code."""
    def check(value: str) -> str:
        if not _ECONOMY.fullmatch(value) and not (optional and value == ""):
            raise _not_an_economy(value, what)
        return value
    return AfterValidator(check)


def _date(value: Any) -> str:
    if isinstance(value, _dt.datetime):
        raise ValueError(f"{_short(str(value))} has a time; expected a date (YYYY-MM-DD)")
    if isinstance(value, str):
        parsed = None
        if re.fullmatch(r"\d{4}-\d\d-\d\d", value):
            try:
                parsed = _dt.date.fromisoformat(value)
            except ValueError:
                parsed = None
        if parsed is None:
            raise ValueError(f"{_short(value)} is not a calendar date; expected YYYY-MM-DD, "
                             "e.g. 2025-02-20")
        value = parsed
    if not isinstance(value, _dt.date):
        raise ValueError(f"expected a date (YYYY-MM-DD), got {_short(value)}")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise ValueError(f"{value} is out of range; expected a year from {MIN_YEAR} to "
                         f"{MAX_YEAR}")
    return value.isoformat()


def _period(value: str) -> str:
    """A claim's period, stored in its canonical form ("Jan-Mar 2024" → "Q1 2024")."""
    parsed = parse_claim_period(value)
    if parsed is None:
        raise ValueError(f"{_short(value)} is not a part of a year; expected e.g. 'Q1 2024', "
                         "'H1 2024', 'Jan–Sep 2022' or 'June 2022'")
    return parsed.label


def _economies(value: Any, what: str, least: int) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ValueError(f"expected {what}, got {_short(value)}")
    bad = [v for v in value if not _ECONOMY.fullmatch(v)]
    if bad:
        raise _not_an_economy(bad[0], "an economy code; expected ISO3 like 'RUS'")
    if not least <= len(value) <= 300:
        n = len(value)
        raise ValueError(f"lists {n} {'economy' if n == 1 else 'economies'}; expected {least} "
                         "to 300")
    if len(set(value)) != len(value):
        raise ValueError("lists an economy twice; expected each once")
    return tuple(value)


def _among(value: Any) -> str | tuple[str, ...]:
    """A rank's set: "peers", "all", a World Bank group code ("ECS"), or a list of ISO3 codes."""
    if isinstance(value, str):
        if value not in AMONG and not _ECONOMY.fullmatch(value):
            raise ValueError(f"{_short(value)} is not allowed; expected 'peers', 'all', a World "
                             "Bank group code such as 'ECS' or a list of ISO3 codes")
        return value
    return _economies(value, "'peers', 'all', a group code or a list of ISO3 codes", 1)


def _counterpart(value: Any) -> str | tuple[str, ...]:
    """One counterpart code, or a list of them (a sum)."""
    if isinstance(value, str):
        if value and not _ECONOMY.fullmatch(value):
            raise _not_an_economy(value, "an economy code; expected ISO3")
        return value
    return _economies(value, "an ISO3 code or a list of them (summed)", 2)


def _url(value: str) -> str:
    parts = urlsplit(value)
    if value and (parts.scheme not in ("http", "https") or not parts.netloc or " " in value):
        raise ValueError(f"{_short(value)} is not a web address; expected an http:// or "
                         "https:// URL")
    return value


Text = Annotated[str, _text(MAX_TEXT)]
Required = Annotated[str, _text(MAX_TEXT, nonempty=True)]
Short = Annotated[str, _text(300)]
ClaimId = Annotated[str, _text(MAX_ID, nonempty=True),
                    _pattern(_ID, "a valid claim id; expected lowercase letters, digits, '-' "
                                  "or '_'")]
ReadingId = Annotated[str, _text(MAX_ID, nonempty=True),
                      _pattern(_ID, "a valid reading id; expected lowercase letters, digits, "
                                    "'-' or '_'")]
Economy = Annotated[str, _text(80), _economy("an economy code; expected ISO3 like 'BLR'")]
Year = Annotated[int, _integer(MIN_YEAR, MAX_YEAR)]
Years = Annotated[int, _integer(0, 200)]
Number = Annotated[float, _number(-1e15, 1e15)]
Fraction = Annotated[float, _number(0, 10)]
PeriodText = Annotated[str, _text(80), AfterValidator(_period)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class SeriesRefModel(_Model):
    source: Annotated[str, _text(80, nonempty=True)]
    series: Annotated[str, _text(300, nonempty=True)]
    economy: Economy
    # one counterpart, or a list: the sum over them (same series, year and source)
    counterpart: Annotated[Any, AfterValidator(_counterpart)] = ""


def _as_alternatives(value: Any) -> Any:
    """One input: a table, or a list of tables (alternatives in priority order)."""
    return [value] if isinstance(value, dict) else value


Alternatives = Annotated[list[SeriesRefModel], BeforeValidator(_as_alternatives),
                         Field(min_length=1)]


class MeasureModel(_Model):
    kind: Annotated[str, _choice(MEASURE_KINDS)]
    # series: for kind "series" one input (a table or a list of alternatives); for kind
    # "figures" a list of inputs, each a table or a list of alternatives (normalised below)
    series: list[Alternatives] | None = Field(default=None, min_length=1)
    numerator: Alternatives | None = None
    denominator: Alternatives | None = None
    scale: Number = 1.0
    unit: Short = ""
    reason: Text = ""
    growth: bool = False
    currency: Annotated[str, _choice(tuple(CURRENCIES))] = ""

    @classmethod
    def normalise(cls, raw: Any) -> Any:
        """Give ``series`` one shape (inputs × alternatives) before validation."""
        if isinstance(raw, dict) and raw.get("kind") != "figures" and "series" in raw:
            return {**raw, "series": [raw["series"]]}
        return raw


class ReadingModel(_Model):
    id: ReadingId
    meaning: Required
    measure: Annotated[MeasureModel, BeforeValidator(MeasureModel.normalise)]
    label: Short = ""
    caveat: Text = ""
    role: Annotated[str, _choice(ROLES)] = "test"
    evidence: Annotated[str, _choice(EVIDENCE)] = "statistics"
    peers: bool = True
    likely: bool = False
    definition: Annotated[str, _choice(DEFINITIONS)] = "exact"
    definition_reason: Text = ""


class ClaimModel(_Model):
    id: ClaimId
    quote: Required
    gloss: Required
    readings: list[ReadingModel] = Field(min_length=1)
    value: Number | None = None
    unit: Short | None = None
    qualitative: bool = False
    precision: Number | None = None
    precision_note: Text = ""
    bound: Annotated[str, _choice(BOUNDS)] | None = None
    year: Year | None = None
    subject: Economy | None = None
    context: Text = ""
    peers: list[Economy] | None = None
    approx_relative: Fraction | None = None
    max_age_years: Years | None = None
    dated_after_years: Years | None = None
    likely_reason: Text = ""
    # claims as articles write them (docs/claims-format.md)
    kind: Annotated[str, _choice(KINDS)] = "level"
    period: PeriodText | None = None
    year_named: bool = False
    scale: Annotated[str, _choice(tuple(SCALES))] | None = None
    currency: Annotated[str, _choice(tuple(CURRENCIES))] | None = None
    change: Annotated[str, _choice(CHANGES)] | None = None
    base_year: Year | None = None
    base_period: PeriodText | None = None
    base_value: Number | None = None
    among: Annotated[Any, AfterValidator(_among)] | None = None
    order: Annotated[str, _choice(ORDERS)] | None = None


class ArticleModel(_Model):
    title: Required
    date: Annotated[Any, AfterValidator(_date)]
    language: Annotated[str, _text(40, nonempty=True)]
    url: Annotated[str, _text(2000), AfterValidator(_url)] = ""
    publisher: Text = ""
    year_note: Text = ""


class DefaultsModel(_Model):
    year: Year | None = None
    subject: Economy | None = None
    peers: list[Economy] = []
    approx_relative: Fraction = 0.10
    max_age_years: Years = 10
    dated_after_years: Years = 3


class ClaimsDocument(_Model):
    format: int = 1
    article: ArticleModel
    defaults: DefaultsModel = DefaultsModel()
    # A drafted article with no figures has no claims (`claims = []`); it still validates.
    claims: list[ClaimModel] = Field(default_factory=list)
