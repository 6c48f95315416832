"""The drafted claims file: TOML in the claims format (docs/claims-format.md) with a comment
per claim for the editor — what was read and why, the alternatives considered, how an
ambiguous number was read — and, at the top, every number that was skipped and why.

Written by hand rather than with a TOML library because the comments are the point of the file
and must sit next to the keys they explain; strings are escaped as TOML basic strings (JSON's
escapes are a subset of TOML's), and the result is checked by parsing it with the project's own
loader before it is written anywhere.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from indicators.draft.format_keys import ClaimTerms, claim_terms
from indicators.draft.model import DraftClaim, ProposedReading, Skipped


@dataclass
class DraftMeta:
    title: str
    date: str
    language: str
    url: str = ""
    source: str = ""
    language_note: str = ""
    date_note: str = ""
    figures_found: int = 0
    extra_notes: list[str] = field(default_factory=list)


def _s(text: str) -> str:
    """A TOML basic string."""
    clean = re.sub(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]", " ", text)
    return json.dumps(clean, ensure_ascii=False)


def _c(text: str) -> str:
    """Text safe inside a TOML comment (one line)."""
    return re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", text)


def _num(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    text = repr(round(value, 10))
    return text if "e" not in text else f"{value:.10f}".rstrip("0").rstrip(".")


def write_claims(meta: DraftMeta, claims: list[DraftClaim], skipped: list[Skipped],
                 line_of) -> str:
    out: list[str] = []
    add = out.append
    add(f"# Drafted by `claimcheck draft` from {_c(meta.source)}.")
    add("# Every claim below was read from the article's words by rules: its value, bound,")
    add("# economies, year and readings are PROPOSALS for an editor to confirm or correct")
    add("# (docs/claims-format.md). Values are quotes of the article, never data.")
    add(f"# Language: {meta.language} ({_c(meta.language_note)}).")
    add(f"# Publication date: {meta.date} ({_c(meta.date_note)}).")
    for note in meta.extra_notes:
        add(f"# {_c(note)}")
    add(f"# Numbers found: {meta.figures_found}; drafted as claims: "
        f"{sum(1 for c in claims if not c.qualitative)}"
        f" (+{sum(1 for c in claims if c.qualitative)} qualitative); skipped: {len(skipped)}.")
    if not claims:
        add("# No economic figures were found: this file has no claims to check.")
    if skipped:
        add("# Skipped (not economic claims):")
        for s in skipped:
            add(f"#   line {line_of(s.start)}: {_c(s.text)!r} — {_c(s.why)}")
    add("")
    add("format = 1")
    if not claims:
        add("claims = []  # no economic figures found")
    add("")
    add("[article]")
    add(f"title = {_s(meta.title)}")
    add(f"date = {_s(meta.date)}")
    add(f"language = {_s(meta.language)}")
    if meta.url:
        add(f"url = {_s(meta.url)}")
    add("year_note = " + _s("Drafted: each claim's year is read from its own words or, where "
                             "they name none, from the publication date (see each claim's "
                             "comment)."))
    add("")
    add("[defaults]")
    add("approx_relative = 0.10")
    add("max_age_years = 10")
    add("dated_after_years = 3")
    add("")
    for claim in claims:
        _claim(out, claim, line_of)
    return "\n".join(out) + "\n"


def _claim(out: list[str], c: DraftClaim, line_of) -> None:
    add = out.append
    terms = None if c.qualitative else claim_terms(c)
    add("# " + "-" * 94)
    add(f"# {c.id} (line {line_of(c.quote_start)}): drafted — confirm before publishing")
    for line in _explain(c, terms):
        add(f"#   {_c(line)}")
    add("[[claims]]")
    add(f"id = {_s(c.id)}")
    add(f"quote = {_s(c.quote)}")
    add(f"gloss = {_s(_gloss(c))}")
    if terms is None:
        add("qualitative = true")
    else:
        add(f"value = {_num(terms.value)}")
        if terms.unit is not None:
            add(f"unit = {_s(terms.unit)}")
        add(f"precision = {_num(terms.precision)}")
        add(f"precision_note = {_s(c.precision_note)}")
        add(f"bound = {_s(c.bound)}")
    add(f"year = {c.year}")
    for key, value in (terms.keys if terms else {}).items():
        add(f"{key} = {_toml_value(value)}")
    add(f"subject = {_s(c.subject)}")
    add(f"context = {_s(_context(c))}")
    likely = next((r for r in c.readings if r.kind != "none"), None)
    if likely is not None:
        add("likely_reason = " + _s("Drafted: the first candidate of the series search whose "
                                    "unit fits the claim's; an editor should confirm it is what "
                                    "the words mean in context."))
    for reading in c.readings:
        _reading(out, c, reading, reading is likely)
    add("")


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return _num(float(value))
    return _s(str(value))


def _explain(c: DraftClaim, terms: ClaimTerms | None) -> list[str]:
    lines = []
    f = c.figure
    written = f"{_num(f.written)}" + (f" {f.scale}" if f.scale else "") + (
        f" {f.currency}" if f.currency else "") + (f" {f.unit}" if f.unit and not f.currency
                                                   else "")
    if c.qualitative:
        lines.append("read: a qualitative statement (no figure); shown for context, never scored")
    else:
        lines.append(f"read: {written!s} as {f.form}; value {_num(c.value)} {c.unit}"
                     + (" (a fall: negative)" if c.value < 0 <= f.written else ""))
    lines += [f"number: {n}" for n in f.notes]
    if not c.qualitative:
        lines.append(f"bound: {c.bound}" + (f" (from '{c.bound_words}')" if c.bound_words else
                                            " (no bounding word)") + f"; precision "
                     f"{_num(c.precision)}: {c.precision_note}")
    shape = f"shape: {c.kind}"
    if c.change:
        shape += f", change stated as {c.change}"
    if c.base_value is not None:
        shape += f", from {_num(c.base_value)}"
    if c.base_year:
        shape += f", since/compared with {c.base_year}"
    if f.scale or f.currency:
        shape += f"; scale {f.scale or 'none'}, currency {f.currency or 'none'}"
    lines.append(shape)
    cp = (f"; counterpart {' + '.join(c.counterpart)}" if c.counterpart else "; no counterpart")
    lines.append(f"economy: subject {c.subject} from {c.economy_note}{cp}")
    period = f" ({c.period})" if c.period else ""
    lines.append(f"year: {c.year}{period}, {c.year_basis}" + (
        f": {c.year_note}" if c.year_note else "") + ("; the words name the year" if c.year_named
                                                      else ""))
    if c.rank_note:
        lines.append(f"rank: {c.rank_note}")
    lines += c.notes + (terms.notes if terms else [])
    alternatives = [r.label or r.series for r in c.readings[1:] if r.kind != "none"]
    if alternatives:
        lines.append("alternatives kept as readings: " + "; ".join(alternatives))
    return lines


def _gloss(c: DraftClaim) -> str:
    if c.qualitative:
        return f"(drafted) a qualitative statement about {c.subject}: {c.quote}"
    cp = f" with {' + '.join(c.counterpart)}" if c.counterpart else ""
    bound = "" if c.bound == "exactly" else f"{c.bound} "
    return (f"(drafted) {bound}{_num(c.value)} {c.unit} — {c.kind} for {c.subject}{cp}, "
            f"{c.period or c.year}")


def _context(c: DraftClaim) -> str:
    parts = [f"drafted {c.kind}"]
    if c.counterpart:
        parts.append("counterpart " + " + ".join(c.counterpart))
    if c.period:
        parts.append(f"period {c.period}")
    if c.figure.scale or c.figure.currency:
        parts.append(f"as written: {_num(c.figure.written)} {c.figure.scale} "
                     f"{c.figure.currency}".strip())
    if c.change:
        parts.append(f"change as {c.change}")
    if c.base_value is not None:
        parts.append(f"base value {_num(c.base_value)}")
    if c.base_year:
        parts.append(f"base year {c.base_year}")
    return "; ".join(parts)


def _reading(out: list[str], c: DraftClaim, r: ProposedReading, likely: bool) -> None:
    add = out.append
    add("")
    add("  [[claims.readings]]")
    add(f"  id = {_s(r.id)}")
    if r.label:
        add(f"  label = {_s(r.label)}")
    add(f"  meaning = {_s(r.meaning)}")
    caveat = ("Proposed by the series search" if r.source == "worldbank" else
              "Proposed from the readings Claimcheck knows for such a figure") + (
        "; not yet confirmed by an editor.")
    if r.licence:
        caveat += f" Licence: {r.licence} (not CC BY)."
    if r.growth:
        caveat += " A growth-rate series: the claim's change is read from it directly."
    if r.role_reason:
        caveat += f" It {r.role_reason}."
    add(f"  caveat = {_s(caveat)}")
    if c.qualitative or r.role == "context":
        add('  role = "context"')
    if r.definition:
        add(f"  definition = {_s(r.definition)}")
        add(f"  definition_reason = {_s(r.definition_reason)}")
    if likely:
        add("  likely = true")
    add("  [claims.readings.measure]")
    add(f"  kind = {_s(r.kind)}")
    if r.kind == "none":
        add(f"  reason = {_s(r.reason)}")
    elif r.kind == "series":
        add(f"  series = {{ source = {_s(r.source)}, series = {_s(r.series)}, "
            f"economy = {_s(r.economy)} }}")
        if r.growth and c.toml_kind == "change" and c.change in ("percent", "multiple"):
            add("  growth = true")
    elif r.denominator_economy:  # a share of the world: the economy's value ÷ the world's
        add(f"  numerator = {_sides(r, r.series, r.economy)}")
        add(f"  denominator = {_sides(r, r.denominator_series, r.denominator_economy)}")
        add(f"  scale = {_num(r.scale)}")
        add(f"  unit = {_s(r.unit)}")
    else:
        add(f"  numerator = {_sides(r, r.series, r.economy, r.counterpart)}")
        add(f"  denominator = "
            f"{_sides(r, r.denominator_series, r.economy, r.denominator_counterpart)}")
        add(f"  scale = {_num(r.scale)}")
        add(f"  unit = {_s(r.unit)}")


def _sides(r: ProposedReading, series: str, economy: str,
           counterpart: str | list[str] = "") -> str:
    """One side of a ratio: the series, then its fallback where the reading has one; a list of
    counterparts is their sum ("Russia and China together")."""
    tables = []
    for source, code in [(r.source, series)] + ([r.fallback] if r.fallback else []):
        cp = ""
        if isinstance(counterpart, list):
            cp = ", counterpart = [" + ", ".join(_s(x) for x in counterpart) + "]"
        elif counterpart:
            cp = f", counterpart = {_s(counterpart)}"
        tables.append(f"{{ source = {_s(source)}, series = {_s(code)}, economy = {_s(economy)}"
                      f"{cp} }}")
    return tables[0] if len(tables) == 1 else "[" + ", ".join(tables) + "]"
