"""Claims files: what an article claims and how each claim can be read and measured.

A claims file is TOML (format described in ``docs/claims-format.md``): the article's metadata,
defaults, then ``[[claims]]`` each with ``[[claims.readings]]`` and a ``measure``.

`load_claims` parses and validates the file's *structure* (no store, no network): every error
is a `ClaimsError` naming the file, the line (where it can be found), the claim / reading id and
the field, and saying what was expected. `check_catalogue` then checks every series code (of
every alternative) and economy against a `Catalogue` (the store's series table, the source
configurations in ``indicators/config/`` and the codes the source adapters build from them), so
a typo is caught before any refresh or comparison.

The bundled claims files live in ``indicators/claimfiles/`` (a data folder; the module is
``indicators.claims``, so the folder has a different name to avoid a clash).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CLAIMFILES_DIR = Path(__file__).parent / "claimfiles"
DEFAULT_CLAIMS_FILE = CLAIMFILES_DIR / "belarus_2025.toml"
FORMAT_VERSION = 1

MEASURE_KINDS = ("series", "ratio", "figures", "none")
ROLES = ("test", "context")
EVIDENCE = ("statistics", "quoted")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ECONOMY = re.compile(r"^[A-Z]{3}$")


class ClaimsError(ValueError):
    """A claims file cannot be used; the message says where and what was expected."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        claim_id: str | None = None,
        reading_id: str | None = None,
        field_name: str | None = None,
    ):
        self.path = str(path)
        self.line = line
        self.claim_id = claim_id
        self.reading_id = reading_id
        self.field_name = field_name
        self.detail = message
        where = [self.path + (f":{line}" if line else "")]
        if claim_id:
            where.append(f"claim {claim_id!r}")
        if reading_id:
            where.append(f"reading {reading_id!r}")
        if field_name:
            where.append(f"field {field_name!r}")
        super().__init__(", ".join(where) + ": " + message)


# -- the model ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SeriesRef:
    """One series of one economy (and counterpart) in the store."""

    source: str
    series: str
    economy: str
    counterpart: str = ""

    def with_economy(self, economy: str) -> SeriesRef:
        return SeriesRef(self.source, self.series, economy, self.counterpart)

    def describe(self) -> str:
        cp = f" (counterpart {self.counterpart})" if self.counterpart else ""
        return f"{self.source}:{self.series} [{self.economy}]{cp}"

    def to_json_dict(self) -> dict[str, str]:
        return {"source": self.source, "series": self.series, "economy": self.economy,
                "counterpart": self.counterpart}


@dataclass(frozen=True)
class Measure:
    """How a reading is measured.

    * ``series``: one series (``refs[0]``);
    * ``ratio``: ``refs[0] ÷ refs[1] × scale``, computed per year where both have a value;
    * ``figures``: reference figures from several series (e.g. quotes of different years),
      merged per year, the first listed series winning when two give the same year;
    * ``none``: no public data can test the reading; ``reason`` says why.

    Each input may list **alternatives in priority order** (``alternatives[i]`` for input
    ``i``; ``refs`` holds the first choice of each input): the first alternative with an
    observation in the store is used. A ratio's numerator and denominator alternatives are
    matching pairs (``alternatives[0][k]`` ÷ ``alternatives[1][k]``), so one source is never
    divided by another. For kinds other than ``none``, ``reason`` is an optional note added to
    the no-data explanation when no alternative has an observation.
    """

    kind: str
    refs: tuple[SeriesRef, ...] = ()
    scale: float = 1.0
    unit: str = ""
    reason: str = ""
    alternatives: tuple[tuple[SeriesRef, ...], ...] = ()

    def __post_init__(self) -> None:
        if not self.alternatives and self.refs:
            object.__setattr__(self, "alternatives", tuple((r,) for r in self.refs))
        elif self.alternatives and not self.refs:
            object.__setattr__(self, "refs", tuple(a[0] for a in self.alternatives))

    @property
    def has_alternatives(self) -> bool:
        return any(len(a) > 1 for a in self.alternatives)

    def all_refs(self) -> tuple[SeriesRef, ...]:
        """Every series of every alternative, in priority order, once."""
        return tuple(dict.fromkeys(r for alts in self.alternatives for r in alts))

    def sources(self) -> tuple[str, ...]:
        """The store sources this measure reads, in priority order."""
        return tuple(dict.fromkeys(r.source for r in self.all_refs()))

    def ratio_pairs(self) -> tuple[tuple[SeriesRef, SeriesRef], ...]:
        """A ratio's (numerator, denominator) alternatives, pair by pair, in priority order."""
        if self.kind != "ratio" or len(self.alternatives) != 2:
            return ()
        nums, dens = self.alternatives
        return tuple((nums[k], dens[k]) for k in range(min(len(nums), len(dens))))

    def describe(self) -> str:
        if self.kind == "none":
            return "no public data: " + self.reason
        scale = "" if self.scale == 1 else f" × {self.scale:g}"
        if self.kind == "ratio":
            options = [f"{n.describe()} ÷ {d.describe()}{scale}" for n, d in self.ratio_pairs()]
        elif self.kind == "figures":
            return "reference figures: " + "; ".join(
                " else ".join(r.describe() for r in alts) for alts in self.alternatives)
        else:
            options = [r.describe() for r in self.alternatives[0]]
        if len(options) == 1:
            return options[0]
        return "first with data of: " + "; else ".join(options)

    def for_economy(self, subject: str, economy: str) -> Measure:
        """The same measure for another economy (refs about the subject are substituted)."""
        alternatives = tuple(
            tuple(r.with_economy(economy) if r.economy == subject else r for r in alts)
            for alts in self.alternatives)
        return Measure(self.kind, scale=self.scale, unit=self.unit, reason=self.reason,
                       alternatives=alternatives)

    def to_json_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "refs": [r.to_json_dict() for r in self.refs],
                "alternatives": [[r.to_json_dict() for r in alts] for alts in self.alternatives],
                "scale": self.scale, "unit": self.unit, "reason": self.reason,
                "description": self.describe()}


@dataclass(frozen=True)
class Reading:
    """One interpretation of a claim, bound to a measure."""

    id: str
    meaning: str
    measure: Measure
    caveat: str = ""
    role: str = "test"  # "test": scored against the claim; "context": shown, never scored
    evidence: str = "statistics"  # "statistics" (producer's tables) | "quoted" (secondary)
    peers: bool = True
    likely: bool = False  # the most likely meaning of the article's words in context

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "meaning": self.meaning, "caveat": self.caveat,
                "role": self.role, "evidence": self.evidence, "likely": self.likely,
                "measure": self.measure.to_json_dict()}


@dataclass(frozen=True)
class Claim:
    id: str
    quote: str
    gloss: str
    value: float | None  # None: qualitative
    unit: str
    precision: float  # half-width of the interval the wording implies, in the claim's unit
    precision_note: str
    year: int
    subject: str
    context: str
    readings: tuple[Reading, ...]
    approx_relative: float = 0.10
    max_age_years: int = 10
    peers: tuple[str, ...] = ()
    line: int | None = None
    likely_reason: str = ""  # why the reading marked ``likely`` is the most likely meaning

    @property
    def qualitative(self) -> bool:
        return self.value is None

    @property
    def likely_reading(self) -> Reading | None:
        """The reading marked as the most likely meaning (None if the file marks none)."""
        return next((r for r in self.readings if r.likely), None)

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "quote": self.quote, "gloss": self.gloss, "value": self.value,
                "unit": self.unit, "qualitative": self.qualitative,
                "precision": self.precision, "precision_note": self.precision_note,
                "year": self.year, "subject": self.subject, "context": self.context,
                "approx_relative": self.approx_relative, "max_age_years": self.max_age_years,
                "peers": list(self.peers),
                "likely_reading": self.likely_reading.id if self.likely_reading else None,
                "likely_reason": self.likely_reason}


@dataclass(frozen=True)
class Article:
    title: str
    date: str
    language: str
    url: str = ""
    publisher: str = ""
    year_note: str = ""

    def to_json_dict(self) -> dict[str, str]:
        return {"title": self.title, "date": self.date, "language": self.language,
                "url": self.url, "publisher": self.publisher, "year_note": self.year_note}


@dataclass(frozen=True)
class ClaimsFile:
    path: Path
    article: Article
    claims: tuple[Claim, ...]

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def refs(self) -> list[tuple[Claim, Reading, SeriesRef]]:
        """Every series reference (all alternatives) with its claim and reading."""
        return [(c, r, ref) for c in self.claims for r in c.readings
                for ref in r.measure.all_refs()]


# -- loading ------------------------------------------------------------------------------------
class _Ctx:
    """Where we are in the file, for error messages."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()

    def line_of_id(self, ident: str, after: int = 0) -> int | None:
        pattern = re.compile(r"^\s*id\s*=\s*[\"']" + re.escape(ident) + r"[\"']")
        for no, line in enumerate(self.lines[after:], start=after + 1):
            if pattern.match(line):
                return no
        return None

    def line_of_key(self, key: str, after: int | None) -> int | None:
        if after is None:
            return None
        pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for no, line in enumerate(self.lines[after - 1:], start=after):
            if no > after and re.match(r"^\s*id\s*=", line):
                return None  # the next claim / reading begins
            if pattern.match(line):
                return no
        return None

    def line_of_text(self, needle: str, after: int | None) -> int | None:
        for no, line in enumerate(self.lines[(after or 1) - 1:], start=after or 1):
            if needle in line:
                return no
        return None

    def error(self, message: str, *, line=None, claim=None, reading=None, field_name=None):
        return ClaimsError(self.path, message, line=line, claim_id=claim, reading_id=reading,
                           field_name=field_name)


def _type_name(value: Any) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true/false",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


class _Table:
    """Typed access to one TOML table with precise errors."""

    def __init__(self, ctx: _Ctx, data: Any, *, where: str, line: int | None = None,
                 claim: str | None = None, reading: str | None = None, prefix: str = ""):
        self.ctx, self.where, self.line = ctx, where, line
        self.claim, self.reading, self.prefix = claim, reading, prefix
        if not isinstance(data, dict):
            raise ctx.error(f"{where} must be a table, got {_type_name(data)}", line=line,
                            claim=claim, reading=reading, field_name=prefix.rstrip(".") or None)
        self.data = data

    def _err(self, key: str, message: str) -> ClaimsError:
        line = self.ctx.line_of_key(key, self.line) or self.line
        return self.ctx.error(message, line=line, claim=self.claim, reading=self.reading,
                              field_name=self.prefix + key)

    def has(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, kind: type | tuple[type, ...], expected: str, default: Any = ...):
        if key not in self.data:
            if default is ...:
                raise self._err(key, f"missing; expected {expected}")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            raise self._err(key, f"expected {expected}, got {_type_name(value)} {value!r}")
        return value

    def text(self, key: str, default: Any = ..., *, nonempty: bool = True) -> str:
        value = self.get(key, str, "a string", default)
        if nonempty and default is ... and not value.strip():
            raise self._err(key, "is empty; expected a non-empty string")
        return value

    def number(self, key: str, default: Any = ...) -> float:
        value = self.get(key, (int, float), "a number", default)
        return float(value) if value is not None else value

    def integer(self, key: str, default: Any = ...) -> int:
        return self.get(key, int, "an integer", default)

    def choice(self, key: str, options: tuple[str, ...], default: Any = ...) -> str:
        value = self.get(key, str, f"one of {', '.join(options)}", default)
        if value not in options:
            raise self._err(key, f"{value!r} is not allowed; expected one of {', '.join(options)}")
        return value

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self._err(key, f"unknown field; expected one of {', '.join(sorted(allowed))}")


def load_claims(path: Path | str | None = None) -> ClaimsFile:
    """Read and validate a claims file (default: the bundled Belarus article's claims)."""
    path = Path(path) if path is not None else DEFAULT_CLAIMS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ClaimsError(path, "file not found; expected a claims file (TOML)") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ClaimsError(path, f"cannot be read as UTF-8 text: {exc}") from None
    return parse_claims(text, path)


def parse_claims(text: str, path: Path | str = "<claims>") -> ClaimsFile:
    path = Path(path)
    ctx = _Ctx(path, text)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        raise ctx.error(f"not valid TOML: {exc}", line=int(m.group(1)) if m else None) from None
    root = _Table(ctx, data, where="the file")
    root.unknown_keys({"format", "article", "defaults", "claims"})
    version = root.integer("format", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        raise root._err("format", f"format {version} is not supported; expected {FORMAT_VERSION}")

    art = _Table(ctx, root.get("article", dict, "an [article] table"), where="[article]",
                 line=_section_line(ctx, "article"), prefix="article.")
    art.unknown_keys({"title", "date", "language", "url", "publisher", "year_note"})
    date = art.get("date", (str, _dt.date), "a date (YYYY-MM-DD)")
    article = Article(
        title=art.text("title"),
        date=str(date),
        language=art.text("language"),
        url=art.text("url", ""),
        publisher=art.text("publisher", ""),
        year_note=art.text("year_note", ""),
    )

    defaults_raw = root.get("defaults", dict, "a [defaults] table", {})
    dft = _Table(ctx, defaults_raw, where="[defaults]", line=_section_line(ctx, "defaults"),
                 prefix="defaults.")
    dft.unknown_keys({"year", "peers", "approx_relative", "max_age_years", "subject"})
    defaults = {
        "year": dft.integer("year", None),
        "subject": dft.text("subject", None),
        "peers": _economy_list(dft, "peers", ()),
        "approx_relative": dft.number("approx_relative", 0.10),
        "max_age_years": dft.integer("max_age_years", 10),
    }

    raw_claims = root.get("claims", list, "a list of [[claims]] tables")
    if not raw_claims:
        raise root._err("claims", "is empty; expected at least one [[claims]] table")
    claims: list[Claim] = []
    seen: set[str] = set()
    last_line = 0
    for index, raw in enumerate(raw_claims, start=1):
        claim = _parse_claim(ctx, raw, index, defaults, last_line)
        if claim.id in seen:
            raise ctx.error(
                "duplicate claim id; expected every claim id to be unique in the file",
                line=claim.line, claim=claim.id,
                field_name="id")
        seen.add(claim.id)
        last_line = claim.line or last_line
        claims.append(claim)
    return ClaimsFile(path=path, article=article, claims=tuple(claims))


def _section_line(ctx: _Ctx, name: str) -> int | None:
    for no, line in enumerate(ctx.lines, start=1):
        if line.strip() == f"[{name}]":
            return no
    return None


def _economy_list(table: _Table, key: str, default: Any) -> tuple[str, ...]:
    value = table.get(key, list, "a list of ISO3 codes", default)
    for item in value:
        if not isinstance(item, str) or not _ECONOMY.match(item):
            raise table._err(key, f"{item!r} is not an economy code; expected ISO3 like 'BLR'")
    return tuple(value)


def _ident(table: _Table, what: str) -> str:
    ident = table.text("id")
    if not _ID.match(ident):
        raise table._err("id", f"{ident!r} is not a valid {what} id; expected lowercase "
                               "letters, digits, '-' or '_'")
    return ident


def _parse_claim(ctx: _Ctx, raw: Any, index: int, defaults: dict, after: int) -> Claim:
    pre = _Table(ctx, raw, where=f"claim #{index}", prefix="")
    ident = raw.get("id") if isinstance(raw, dict) else None
    label = ident if isinstance(ident, str) else f"#{index}"
    line = ctx.line_of_id(ident, after) if isinstance(ident, str) else None
    t = _Table(ctx, pre.data, where=f"claim {label}", line=line, claim=label)
    t.unknown_keys({"id", "quote", "gloss", "value", "unit", "qualitative", "precision",
                    "precision_note", "year", "subject", "context", "readings", "peers",
                    "approx_relative", "max_age_years", "likely_reason"})
    claim_id = _ident(t, "claim")
    qualitative = t.get("qualitative", bool, "true or false", False)
    if qualitative:
        if t.has("value"):
            raise t._err("value", "a qualitative claim has no value; remove it or set "
                                  "qualitative = false")
        value = None
        unit = t.text("unit", "qualitative")
        precision = 0.0
    else:
        value = t.number("value")
        unit = t.text("unit")
        precision = t.number("precision")
        if precision < 0:
            raise t._err("precision", f"{precision:g} is negative; expected a half-width ≥ 0")
    year = t.integer("year", defaults["year"])
    if year is None:
        raise t._err("year", "missing; expected the year the claim refers to (or "
                             "[defaults] year)")
    subject = t.text("subject", defaults["subject"])
    if subject is None:
        raise t._err("subject", "missing; expected the subject economy (ISO3)")
    if not _ECONOMY.match(subject):
        raise t._err("subject", f"{subject!r} is not an economy code; expected ISO3 like 'BLR'")
    approx_relative = t.number("approx_relative", defaults["approx_relative"])
    if approx_relative < 0:
        raise t._err("approx_relative", "is negative; expected a fraction ≥ 0 (0.10 = 10%)")
    raw_readings = t.get("readings", list, "a list of [[claims.readings]] tables")
    if not raw_readings:
        raise t._err("readings", "is empty; expected at least one [[claims.readings]]")
    readings: list[Reading] = []
    seen: set[str] = set()
    after_r = line or after
    for r_index, r_raw in enumerate(raw_readings, start=1):
        reading = _parse_reading(ctx, r_raw, r_index, claim_id, after_r)
        if reading.id in seen:
            raise ctx.error("duplicate reading id; expected reading ids to be unique within "
                            "the claim", line=ctx.line_of_id(reading.id, after_r),
                            claim=claim_id, reading=reading.id, field_name="id")
        seen.add(reading.id)
        readings.append(reading)
        after_r = ctx.line_of_id(reading.id, after_r) or after_r
    likely_reason = _check_likely(ctx, t, claim_id, readings, line or after)
    return Claim(
        id=claim_id,
        quote=t.text("quote"),
        gloss=t.text("gloss"),
        value=value,
        unit=unit,
        precision=precision,
        precision_note=t.text("precision_note", ""),
        year=year,
        subject=subject,
        context=t.text("context", ""),
        readings=tuple(readings),
        approx_relative=approx_relative,
        max_age_years=t.integer("max_age_years", defaults["max_age_years"]),
        peers=_economy_list(t, "peers", defaults["peers"]),
        line=line,
        likely_reason=likely_reason,
    )


def _check_likely(ctx: _Ctx, t: _Table, claim_id: str, readings: list[Reading],
                  after: int) -> str:
    """At most one reading per claim is ``likely``; a marked one needs ``likely_reason``."""
    likely = [r for r in readings if r.likely]
    if len(likely) > 1:
        first, second = likely[0], likely[1]
        r_line = ctx.line_of_id(second.id, after)
        raise ctx.error(
            f"a second reading is marked likely = true (the first is {first.id!r}); expected "
            "exactly one reading per claim marked as the most likely meaning",
            line=ctx.line_of_key("likely", r_line) or r_line, claim=claim_id,
            reading=second.id, field_name="likely")
    reason = t.text("likely_reason", "")
    if likely and not reason.strip():
        raise t._err("likely_reason", f"missing; expected a sentence saying why reading "
                                      f"{likely[0].id!r} (likely = true) is the most likely "
                                      "meaning of the article's words")
    if reason.strip() and not likely:
        raise t._err("likely_reason", "no reading is marked likely = true; expected "
                                      "likely = true on the reading this sentence explains")
    return reason


def _parse_reading(ctx: _Ctx, raw: Any, index: int, claim_id: str, after: int) -> Reading:
    ident = raw.get("id") if isinstance(raw, dict) else None
    label = ident if isinstance(ident, str) else f"#{index}"
    line = ctx.line_of_id(ident, after) if isinstance(ident, str) else None
    t = _Table(ctx, raw, where=f"reading {label}", line=line, claim=claim_id, reading=label)
    t.unknown_keys({"id", "meaning", "caveat", "role", "evidence", "measure", "peers", "likely"})
    reading_id = _ident(t, "reading")
    t.reading = reading_id
    m = _Table(ctx, t.get("measure", dict, "a [claims.readings.measure] table"),
               where="measure", line=line, claim=claim_id, reading=reading_id,
               prefix="measure.")
    m.unknown_keys({"kind", "series", "numerator", "denominator", "scale", "unit", "reason"})
    kind = m.choice("kind", MEASURE_KINDS)
    alternatives: tuple[tuple[SeriesRef, ...], ...] = ()
    if kind == "series":
        alternatives = (_series_alternatives(ctx, m, "series", claim_id, reading_id, line),)
    elif kind == "ratio":
        alternatives = (_series_alternatives(ctx, m, "numerator", claim_id, reading_id, line),
                        _series_alternatives(ctx, m, "denominator", claim_id, reading_id, line))
        if len(alternatives[0]) != len(alternatives[1]):
            raise m._err("denominator", f"lists {len(alternatives[1])} alternative(s) but the "
                                        f"numerator {len(alternatives[0])}; expected matching "
                                        "pairs (the k-th numerator with the k-th denominator)")
    elif kind == "figures":
        items = m.get("series", list, "a list of series tables {source, series, economy}")
        if not items:
            raise m._err("series", "is empty; expected at least one series")
        alternatives = tuple(
            _series_alternatives(ctx, m, "series", claim_id, reading_id, line, item=item,
                                 index=i)
            for i, item in enumerate(items, start=1)
        )
    reason = m.text("reason", "") if kind != "none" else m.text("reason")
    for key in ("numerator", "denominator", "series"):
        if kind == "none" and m.has(key):
            raise m._err(key, "a measure of kind 'none' has no series; remove it")
    return Reading(
        id=reading_id,
        meaning=t.text("meaning"),
        caveat=t.text("caveat", ""),
        role=t.choice("role", ROLES, "test"),
        evidence=t.choice("evidence", EVIDENCE, "statistics"),
        peers=t.get("peers", bool, "true or false", True),
        likely=t.get("likely", bool, "true or false", False),
        measure=Measure(kind=kind, alternatives=alternatives, scale=m.number("scale", 1.0),
                        unit=m.text("unit", ""), reason=reason),
    )


def _series_alternatives(ctx: _Ctx, m: _Table, key: str, claim_id: str, reading_id: str,
                         line: int | None, *, item: Any = ..., index: int | None = None
                         ) -> tuple[SeriesRef, ...]:
    """One input: a table, or a list of tables (alternatives in priority order)."""
    raw = item if item is not ... else m.get(
        key, (dict, list), "a table {source, series, economy} or a list of them "
                           "(alternatives in priority order)")
    where = key + (f"[{index}]" if index is not None else "")
    if isinstance(raw, list):
        if not raw:
            raise m._err(key, f"{where} is an empty list; expected at least one series table")
        return tuple(
            _series_ref(ctx, m, key, claim_id, reading_id, line, item=alt, label=f"{where}[{k}]")
            for k, alt in enumerate(raw, start=1))
    return (_series_ref(ctx, m, key, claim_id, reading_id, line, item=raw, label=where),)


def _series_ref(ctx: _Ctx, m: _Table, key: str, claim_id: str, reading_id: str,
                line: int | None, *, item: Any, label: str) -> SeriesRef:
    raw = item
    prefix = f"measure.{label}."
    t = _Table(ctx, raw, where=prefix.rstrip("."), line=line, claim=claim_id,
               reading=reading_id, prefix=prefix)
    t.unknown_keys({"source", "series", "economy", "counterpart"})
    economy = t.text("economy")
    if not _ECONOMY.match(economy):
        raise t._err("economy", f"{economy!r} is not an economy code; expected ISO3 like 'BLR'")
    counterpart = t.text("counterpart", "")
    if counterpart and not _ECONOMY.match(counterpart):
        raise t._err("counterpart", f"{counterpart!r} is not an economy code; expected ISO3")
    return SeriesRef(source=t.text("source"), series=t.text("series"), economy=economy,
                     counterpart=counterpart)


# -- the catalogue ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Catalogue:
    """Series codes (per source) and economy codes a claims file may refer to."""

    series: frozenset[tuple[str, str]]
    economies: frozenset[str]
    names: dict[tuple[str, str], str] = field(default_factory=dict)
    adapters: bool = True  # also accept the codes a registered source adapter stores

    def has_series(self, source: str, series: str) -> bool:
        if (source, series) in self.series:
            return True
        return self.adapters and series in adapter_series(source)

    def known_series(self, source: str) -> list[str]:
        known = {s for src, s in self.series if src == source}
        if self.adapters:
            known |= adapter_series(source)
        return sorted(known)


def known_economies() -> frozenset[str]:
    """Economy codes Claimcheck knows: the code tables in `indicators.economies`."""
    from indicators import economies

    codes = set(economies.CODE_TO_NAME) | set(economies.NAME_TO_CODE.values())
    return frozenset(c for c in codes if _ECONOMY.match(c))


CONFIG_DIR = Path(__file__).parent / "config"


def config_series() -> dict[tuple[str, str], str]:
    """Series codes the source configurations fetch: ``config/<source>.toml`` → (source, code).

    A code is a string in a ``series`` list or the ``series`` / ``code`` of a table in one.
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
    return found


@functools.cache
def adapter_series(source: str) -> frozenset[str]:
    """The series codes the registered adapter of ``source`` stores, read from its configuration.

    Adapters that describe their series (``series_meta()``: FAOSTAT, USGS, UNSD, IMF …) build
    the codes from ``indicators/config/<source>.toml`` exactly as they store them (the IMF's
    ``IMTS.XG_FOB_USD``, the UN's ``energy.net_imports_pj``), with no network. The module is
    imported only when a claims file names a code the store and the config files lack. An
    adapter that cannot be loaded contributes nothing (the code is then reported unknown).
    """
    from indicators.sources.registry import SOURCES

    entry = SOURCES.get(source)
    if entry is None:
        return frozenset()
    try:
        adapter = entry.create()
        meta = getattr(adapter, "series_meta", None)
        return frozenset(m.series for m in meta()) if callable(meta) else frozenset()
    except Exception:  # a broken adapter or config: its codes stay unknown, reported as such
        return frozenset()


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
        for peer in claim.peers:
            if peer not in catalogue.economies:
                raise ctx.error(f"unknown economy {peer!r} in peers; expected an ISO3 code",
                                line=claim.line, claim=claim.id, field_name="peers")
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
                for fname, code in (("economy", ref.economy), ("counterpart", ref.counterpart)):
                    if code and code not in catalogue.economies:
                        raise ctx.error(
                            f"unknown economy {code!r}; expected an ISO3 code or World Bank "
                            "aggregate Claimcheck knows",
                            line=ctx.line_of_text(f'"{code}"', line) or line, claim=claim.id,
                            reading=reading.id, field_name=f"measure.{fname}")
