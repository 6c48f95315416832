"""Claims files: what an article claims and how each claim can be read and measured.

A claims file is TOML (format described in ``docs/claims-format.md``): the article's metadata,
defaults, then ``[[claims]]`` each with ``[[claims.readings]]`` and a ``measure``.

`load_claims` parses and validates the file's *structure* (no store, no network): every error
is a `ClaimsError` naming the file, the line (where it can be found), the claim / reading id and
the field, and saying what was expected. `check_catalogue` then checks every series code (of
every alternative) and economy against a `Catalogue` (`indicators.catalogue`: the store's series
table and the codes the source configurations in ``indicators/config/`` make the adapters
store), so a typo is caught before any refresh or comparison. The records themselves live in
`indicators.claims_model`.

Untrusted text is checked before it can hurt: the nesting depth is bounded on the raw text
before `tomllib` (which recurses) sees it; numbers must be finite and in range, years sane,
dates real, strings short and free of control characters, URLs http(s).

The bundled claims files live in ``indicators/claimfiles/`` (a data folder; the module is
``indicators.claims``, so the folder has a different name to avoid a clash).
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
from pathlib import Path
from typing import Any

from indicators.claims_model import (  # noqa: F401  (re-exported: the model's public names)
    Article,
    Claim,
    ClaimsError,
    ClaimsFile,
    Measure,
    Reading,
    SeriesRef,
)
from indicators.tomltable import MAX_DEPTH, _Ctx, _short, _Table, check_nesting
from indicators.verdicts import BOUNDS, DEFINITIONS

CLAIMFILES_DIR = Path(__file__).parent / "claimfiles"
DEFAULT_CLAIMS_FILE = CLAIMFILES_DIR / "belarus_2025.toml"
FORMAT_VERSION = 1

MEASURE_KINDS = ("series", "ratio", "figures", "none")
ROLES = ("test", "context")
EVIDENCE = ("statistics", "quoted")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_ECONOMY = re.compile(r"^[A-Z]{3}$")
ECONOMY_CODE = _ECONOMY
MIN_YEAR, MAX_YEAR = 1900, 2100  # years a claim or a default may name
MAX_ID = 80
MAX_FILE = 2_000_000  # characters


def __getattr__(name: str):
    """The catalogue moved to `indicators.catalogue`; old imports keep working."""
    if name in ("Catalogue", "catalogue_from_store", "check_catalogue", "config_series",
                "known_economies"):
        from indicators import catalogue

        return getattr(catalogue, name)
    raise AttributeError(name)


# -- loading ------------------------------------------------------------------------------------
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
    if len(text) > MAX_FILE:
        raise ClaimsError(path, f"is {len(text):,} characters long; expected a claims file of "
                                f"at most {MAX_FILE:,}")
    ctx = _Ctx(path, text)
    if (deep := check_nesting(text)) is not None:
        raise ctx.error(f"brackets or braces nest {deep[1]} deep; expected at most "
                        f"{MAX_DEPTH}", line=deep[0])
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
    article = Article(
        title=art.text("title"),
        date=_date(art, "date"),
        language=art.text("language", limit=40),
        url=_url(art, "url"),
        publisher=art.text("publisher", ""),
        year_note=art.text("year_note", ""),
    )

    defaults_raw = root.get("defaults", dict, "a [defaults] table", {})
    dft = _Table(ctx, defaults_raw, where="[defaults]", line=_section_line(ctx, "defaults"),
                 prefix="defaults.")
    dft.unknown_keys({"year", "peers", "approx_relative", "max_age_years", "subject",
                      "dated_after_years"})
    defaults = {
        "year": dft.integer("year", None, low=MIN_YEAR, high=MAX_YEAR),
        "subject": dft.text("subject", None, limit=80),
        "peers": _economy_list(dft, "peers", ()),
        "approx_relative": dft.number("approx_relative", 0.10, low=0, high=10),
        "max_age_years": dft.integer("max_age_years", 10, low=0, high=200),
        "dated_after_years": dft.integer("dated_after_years", 3, low=0, high=200),
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


def _date(table: _Table, key: str) -> str:
    """A real calendar date (TOML date or "YYYY-MM-DD") with a sane year."""
    raw = table.get(key, (str, _dt.date), "a date (YYYY-MM-DD)")
    if isinstance(raw, _dt.datetime):
        raise table._err(key, f"{_short(str(raw))} has a time; expected a date (YYYY-MM-DD)")
    if isinstance(raw, str):
        try:
            raw = _dt.date.fromisoformat(raw) if re.fullmatch(r"\d{4}-\d\d-\d\d", raw) \
                else None
        except ValueError:
            raw = None
        if raw is None:
            raise table._err(key, f"{_short(table.data[key])} is not a calendar date; expected "
                                  "YYYY-MM-DD, e.g. 2025-02-20")
    if not MIN_YEAR <= raw.year <= MAX_YEAR:
        raise table._err(key, f"{raw} is out of range; expected a year from {MIN_YEAR} to "
                              f"{MAX_YEAR}")
    return raw.isoformat()


def _url(table: _Table, key: str) -> str:
    """Empty, or an http(s) address (a `javascript:` or `file:` URL is refused)."""
    from urllib.parse import urlsplit

    url = table.text(key, "", limit=2000)
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc or " " in url:
            raise table._err(key, f"{_short(url)} is not a web address; expected an http:// or "
                                  "https:// URL")
    return url


def _nth_header(ctx: _Ctx, header: str, index: int) -> int | None:
    """The line of the index-th (1-based) table header, e.g. the 3rd ``[[claims]]``."""
    found = [no for no, line in enumerate(ctx.lines, start=1) if line.strip() == header]
    return found[index - 1] if len(found) >= index else None


def _section_line(ctx: _Ctx, name: str) -> int | None:
    for no, line in enumerate(ctx.lines, start=1):
        if line.strip() == f"[{name}]":
            return no
    return None


def _economy_list(table: _Table, key: str, default: Any) -> tuple[str, ...]:
    value = table.get(key, list, "a list of ISO3 codes", default)
    for item in value:
        if not isinstance(item, str) or not _ECONOMY.match(item):
            raise table._err(key, f"{_short(item)} is not an economy code; expected ISO3 like "
                                  "'BLR'")
    return tuple(value)


def _ident(table: _Table, what: str) -> str:
    ident = table.text("id", limit=MAX_ID)
    if not _ID.match(ident):
        raise table._err("id", f"{ident!r} is not a valid {what} id; expected lowercase "
                               "letters, digits, '-' or '_'")
    return ident


def _parse_claim(ctx: _Ctx, raw: Any, index: int, defaults: dict, after: int) -> Claim:
    pre = _Table(ctx, raw, where=f"claim #{index}", prefix="")
    ident = raw.get("id") if isinstance(raw, dict) else None
    usable = isinstance(ident, str) and len(ident) <= MAX_ID
    label = ident if usable else f"#{index}"
    line = ctx.line_of_id(ident, after) if usable else _nth_header(ctx, "[[claims]]", index)
    t = _Table(ctx, pre.data, where=f"claim {label}", line=line, claim=label)
    t.unknown_keys({"id", "quote", "gloss", "value", "unit", "qualitative", "precision",
                    "precision_note", "year", "subject", "context", "readings", "peers",
                    "approx_relative", "max_age_years", "likely_reason", "bound",
                    "dated_after_years"})
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
        unit = t.text("unit", limit=80)
        precision = t.number("precision")
        if precision < 0:
            raise t._err("precision", f"{precision:g} is negative; expected a half-width ≥ 0")
    bound = t.choice("bound", BOUNDS, "about")
    if qualitative and t.has("bound"):
        raise t._err("bound", "a qualitative claim has no figure to bound; remove it")
    year = t.integer("year", defaults["year"], low=MIN_YEAR, high=MAX_YEAR)
    if year is None:
        raise t._err("year", "missing; expected the year the claim refers to (or "
                             "[defaults] year)")
    subject = t.text("subject", defaults["subject"])
    if subject is None:
        raise t._err("subject", "missing; expected the subject economy (ISO3)")
    if not _ECONOMY.match(subject):
        raise t._err("subject", f"{subject!r} is not an economy code; expected ISO3 like 'BLR'")
    approx_relative = t.number("approx_relative", defaults["approx_relative"], low=-1e15)
    if approx_relative < 0:
        raise t._err("approx_relative", "is negative; expected a fraction ≥ 0 (0.10 = 10%)")
    if approx_relative > 10:
        raise t._err("approx_relative", f"{approx_relative:g} is out of range; expected a "
                                        "fraction from 0 to 10 (0.10 = 10%)")
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
        max_age_years=t.integer("max_age_years", defaults["max_age_years"], low=0, high=200),
        dated_after_years=t.integer("dated_after_years", defaults["dated_after_years"], low=0,
                                    high=200),
        bound=bound,
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
    usable = isinstance(ident, str) and len(ident) <= MAX_ID
    label = ident if usable else f"#{index}"
    line = ctx.line_of_id(ident, after) if usable else None
    t = _Table(ctx, raw, where=f"reading {label}", line=line, claim=claim_id, reading=label)
    t.unknown_keys({"id", "meaning", "caveat", "role", "evidence", "measure", "peers", "likely",
                    "definition", "definition_reason", "label"})
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
    definition = t.choice("definition", DEFINITIONS, "exact")
    definition_reason = t.text("definition_reason", "")
    if definition == "proxy" and not definition_reason.strip():
        raise t._err("definition_reason", "missing; expected a few words on how the proxy "
                                          "differs from the claim (e.g. 'all investment, not "
                                          "FDI')")
    if definition == "exact" and definition_reason.strip():
        raise t._err("definition_reason", "given for an exact definition; expected "
                                          "definition = \"proxy\" with it, or no reason")
    return Reading(
        id=reading_id,
        label=t.text("label", "", limit=80),
        definition=definition,
        definition_reason=definition_reason,
        meaning=t.text("meaning"),
        caveat=t.text("caveat", ""),
        role=t.choice("role", ROLES, "test"),
        evidence=t.choice("evidence", EVIDENCE, "statistics"),
        peers=t.get("peers", bool, "true or false", True),
        likely=t.get("likely", bool, "true or false", False),
        measure=Measure(kind=kind, alternatives=alternatives, scale=_scale(m),
                        unit=m.text("unit", ""), reason=reason),
    )


def _scale(m: _Table) -> float:
    scale = m.number("scale", 1.0)
    if scale == 0:
        raise m._err("scale", "is 0; expected a non-zero factor (e.g. 100 for percent)")
    return scale


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
    economy = t.text("economy", limit=80)
    if not _ECONOMY.match(economy):
        raise t._err("economy", f"{economy!r} is not an economy code; expected ISO3 like 'BLR'")
    counterpart = t.text("counterpart", "")
    if counterpart and not _ECONOMY.match(counterpart):
        raise t._err("counterpart", f"{counterpart!r} is not an economy code; expected ISO3")
    return SeriesRef(source=t.text("source", limit=80), series=t.text("series", limit=300),
                     economy=economy,
                     counterpart=counterpart)

