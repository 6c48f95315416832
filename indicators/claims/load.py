"""Claims files: what an article claims and how each claim can be read and measured.

A claims file is TOML (format described in ``docs/claims-format.md``): the article's metadata,
defaults, then ``[[claims]]`` each with ``[[claims.readings]]`` and a ``measure``.

`load_claims` parses and validates the file (no store, no network) in three steps: cheap checks
of the raw text (size, nesting depth, before `tomllib` recurses), the pydantic schema of
`indicators.claims.schema` (types, ranges, lengths, characters, dates, URLs), then the rules
that span fields (the likely reading, ratio pairs, defaults). Every error is a one-line
`ClaimsError` naming the file, the line, the claim / reading id and the field, and saying what
was expected (`indicators.claims.errors` maps pydantic's error paths to lines).
`check_catalogue` then checks every series code (of every alternative) and economy against a
`Catalogue` (`indicators.claims.catalogue`: the store's series table and the codes the source
configurations in ``indicators/config/`` make the adapters store), so a typo is caught before
any refresh or comparison. The records themselves live in
`indicators.claims.model`.

The bundled claims files live in ``indicators/claimfiles/`` (a data folder; the module is
``indicators.claims.load``, so the folder has a different name to avoid a clash).
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from pydantic import ValidationError

from indicators.claims.errors import to_claims_error
from indicators.claims.model import (  # noqa: F401  (re-exported: the model's public names)
    Article,
    Claim,
    ClaimsError,
    ClaimsFile,
    Measure,
    Reading,
    SeriesRef,
)
from indicators.claims.schema import (  # noqa: F401  (re-exported limits)
    EVIDENCE,
    MAX_ID,
    MAX_YEAR,
    MEASURE_KINDS,
    MIN_YEAR,
    ROLES,
    ClaimModel,
    ClaimsDocument,
    MeasureModel,
    ReadingModel,
    SeriesRefModel,
)
from indicators.claims.tomltable import MAX_DEPTH, _Ctx, check_nesting

CLAIMFILES_DIR = Path(__file__).resolve().parent.parent / "claimfiles"
DEFAULT_CLAIMS_FILE = CLAIMFILES_DIR / "belarus_2025.toml"
FORMAT_VERSION = 1

MAX_FILE = 2_000_000  # characters


def __getattr__(name: str):
    """The catalogue moved to `indicators.claims.catalogue`; old imports keep working."""
    if name in ("Catalogue", "catalogue_from_store", "check_catalogue", "config_series",
                "known_economies"):
        from indicators.claims import catalogue

        return getattr(catalogue, name)
    raise AttributeError(name)


# -- loading ------------------------------------------------------------------------------------
def load_claims(path: Path | str | None = None) -> ClaimsFile:
    """Read and validate a claims file (default: the bundled Belarus article's claims)."""
    path = Path(path) if path is not None else DEFAULT_CLAIMS_FILE
    try:
        # A byte-order mark (Notepad saves UTF-8 with one) is no TOML: drop it, lines unchanged.
        text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
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
    try:
        doc = ClaimsDocument.model_validate(data)
    except ValidationError as exc:
        raise to_claims_error(exc, data, ctx) from None
    if doc.format != FORMAT_VERSION:
        raise ctx.error(f"format {doc.format} is not supported; expected {FORMAT_VERSION}",
                        line=ctx.line_of_key("format", 1), field_name="format")
    a = doc.article
    article = Article(title=a.title, date=a.date, language=a.language, url=a.url,
                      publisher=a.publisher, year_note=a.year_note)
    claims: list[Claim] = []
    seen: set[str] = set()
    last_line = 0
    for model in doc.claims:
        claim = _claim(ctx, model, doc.defaults, last_line)
        if claim.id in seen:
            raise ctx.error("duplicate claim id; expected every claim id to be unique in the "
                            "file", line=claim.line, claim=claim.id, field_name="id")
        seen.add(claim.id)
        last_line = claim.line or last_line
        claims.append(claim)
    return ClaimsFile(path=path, article=article, claims=tuple(claims))


class _Where:
    """Raises a `ClaimsError` at a key of one claim or reading (the line found in the text)."""

    def __init__(self, ctx: _Ctx, line: int | None, claim: str, reading: str | None = None):
        self.ctx, self.line, self.claim, self.reading = ctx, line, claim, reading

    def error(self, key: str, message: str) -> ClaimsError:
        line = self.ctx.line_of_key(key.rsplit(".", 1)[-1], self.line) or self.line
        return self.ctx.error(message, line=line, claim=self.claim, reading=self.reading,
                              field_name=key)


def _claim(ctx: _Ctx, m: ClaimModel, defaults, after: int) -> Claim:
    line = ctx.line_of_id(m.id, after)
    where = _Where(ctx, line, m.id)
    if m.qualitative:
        for key in ("value", "bound"):
            if getattr(m, key) is not None:
                raise where.error(key, f"a qualitative claim has no {key}; remove it or set "
                                       "qualitative = false")
        value, unit, precision = None, m.unit or "qualitative", 0.0
    else:
        for key, expected in (("value", "a number"), ("unit", "a string"),
                              ("precision", "a number")):
            if getattr(m, key) is None:
                raise where.error(key, f"missing; expected {expected}")
        value, unit, precision = m.value, m.unit, m.precision
        if precision < 0:
            raise where.error("precision", f"{precision:g} is negative; expected a half-width "
                                           "≥ 0")
    year = m.year if m.year is not None else defaults.year
    if year is None:
        raise where.error("year", "missing; expected the year the claim refers to (or "
                                  "[defaults] year)")
    subject = m.subject if m.subject is not None else defaults.subject
    if subject is None:
        raise where.error("subject", "missing; expected the subject economy (ISO3)")
    readings: list[Reading] = []
    after_r = line or after
    for r in m.readings:
        reading = _reading(ctx, r, m.id, after_r)
        if any(x.id == reading.id for x in readings):
            raise ctx.error("duplicate reading id; expected reading ids to be unique within "
                            "the claim", line=ctx.line_of_id(reading.id, after_r),
                            claim=m.id, reading=reading.id, field_name="id")
        readings.append(reading)
        after_r = ctx.line_of_id(reading.id, after_r) or after_r
    _check_likely(ctx, where, m, readings)
    def pick(key: str):
        return getattr(m, key) if getattr(m, key) is not None else getattr(defaults, key)

    return Claim(
        id=m.id, quote=m.quote, gloss=m.gloss, value=value, unit=unit, precision=precision,
        precision_note=m.precision_note, year=year, subject=subject, context=m.context,
        readings=tuple(readings), approx_relative=pick("approx_relative"),
        max_age_years=pick("max_age_years"), dated_after_years=pick("dated_after_years"),
        peers=tuple(pick("peers")), line=line, likely_reason=m.likely_reason,
        bound=m.bound or "about",
    )


def _check_likely(ctx: _Ctx, where: _Where, m: ClaimModel, readings: list[Reading]) -> None:
    """At most one reading per claim is ``likely``; a marked one needs ``likely_reason``."""
    likely = [r for r in readings if r.likely]
    if len(likely) > 1:
        first, second = likely[0], likely[1]
        r_line = ctx.line_of_id(second.id, where.line or 0)
        raise ctx.error(
            f"a second reading is marked likely = true (the first is {first.id!r}); expected "
            "exactly one reading per claim marked as the most likely meaning",
            line=ctx.line_of_key("likely", r_line) or r_line, claim=m.id,
            reading=second.id, field_name="likely")
    reason = m.likely_reason.strip()
    if likely and not reason:
        raise where.error("likely_reason", f"missing; expected a sentence saying why reading "
                                           f"{likely[0].id!r} (likely = true) is the most "
                                           "likely meaning of the article's words")
    if reason and not likely:
        raise where.error("likely_reason", "no reading is marked likely = true; expected "
                                           "likely = true on the reading this sentence explains")


def _reading(ctx: _Ctx, r: ReadingModel, claim_id: str, after: int) -> Reading:
    where = _Where(ctx, ctx.line_of_id(r.id, after), claim_id, r.id)
    m: MeasureModel = r.measure
    def refs(alts) -> tuple[SeriesRef, ...]:
        return tuple(_ref(x) for x in alts)

    alternatives: tuple[tuple[SeriesRef, ...], ...] = ()
    needs = {"series": ("series",), "ratio": ("numerator", "denominator"),
             "figures": ("series",), "none": ()}[m.kind]
    for key in needs:
        if getattr(m, key) is None:
            raise where.error(f"measure.{key}", "missing; expected a table {source, series, "
                                                "economy} or a list of them (alternatives in "
                                                "priority order)")
    for key in ("series", "numerator", "denominator"):
        if key not in needs and getattr(m, key) is not None:
            raise where.error(f"measure.{key}", f"a measure of kind {m.kind!r} has no {key}; "
                                                "remove it")
    if m.kind in ("series", "figures"):
        alternatives = tuple(refs(alts) for alts in m.series)
    elif m.kind == "ratio":
        alternatives = (refs(m.numerator), refs(m.denominator))
        if len(alternatives[0]) != len(alternatives[1]):
            raise where.error("measure.denominator", f"lists {len(alternatives[1])} "
                              f"alternative(s) but the numerator {len(alternatives[0])}; "
                              "expected matching pairs (the k-th numerator with the k-th "
                              "denominator)")
    elif not m.reason.strip():
        raise where.error("measure.reason", "missing; expected why no public data can test "
                                            "the reading")
    if m.scale == 0:
        raise where.error("measure.scale", "is 0; expected a non-zero factor (e.g. 100 for "
                                           "percent)")
    if r.definition == "proxy" and not r.definition_reason.strip():
        raise where.error("definition_reason", "missing; expected a few words on how the proxy "
                                               "differs from the claim (e.g. 'all investment, "
                                               "not FDI')")
    if r.definition == "exact" and r.definition_reason.strip():
        raise where.error("definition_reason", "given for an exact definition; expected "
                                               'definition = "proxy" with it, or no reason')
    return Reading(
        id=r.id, label=r.label, meaning=r.meaning, caveat=r.caveat, role=r.role,
        evidence=r.evidence, peers=r.peers, likely=r.likely, definition=r.definition,
        definition_reason=r.definition_reason,
        measure=Measure(kind=m.kind, alternatives=alternatives, scale=m.scale, unit=m.unit,
                        reason=m.reason),
    )


def _ref(m: SeriesRefModel) -> SeriesRef:
    return SeriesRef(source=m.source, series=m.series, economy=m.economy,
                     counterpart=m.counterpart)
