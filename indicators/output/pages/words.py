"""Words for readers: source names, periods, figures, verdicts with their qualifiers.

The one place where the dashboard and the static site word what the comparison found, so the
two cannot drift. Numbers go through `indicators.numbers`; no reading ids, commands, series
codes or hashes here (those stay in the technical provenance, see `provenance.py`).
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from typing import Any

from indicators.judge.verdicts import Verdict
from indicators.numbers import fmt_number, fmt_signed, fmt_value, is_percent
from indicators.output.display import verdict_colour

GLYPHS = {"consistent": "✓", "approximately": "≈", "outdated": "◷", "overstated": "▲",
          "understated": "▼", "context": "ℹ", "no data": "∅"}
QUALIFIED_GLYPH = "⚠"

# Each live source by the name its publisher goes by.
SOURCE_NAMES = {"worldbank": "World Bank WDI", "ids": "World Bank IDS", "faostat": "FAOSTAT",
                "usgs": "USGS", "unsd": "UN Statistics Division", "imf": "IMF",
                "comtrade": "UN Comtrade", "eia": "US EIA"}
# Publishers recognised in a bundled figure's description, first match wins: the bundled
# ("reference") figures name their publisher there, never in the source field.
PUBLISHERS = (("International Debt Statistics", "World Bank IDS"),
              ("World Development Indicators", "World Bank WDI"), ("USGS", "USGS"),
              ("FAOSTAT", "FAOSTAT"), ("Comtrade", "UN Comtrade"),
              ("UN Statistical Yearbook", "UN Statistical Yearbook"),
              ("Factbook", "CIA World Factbook"), ("Belstat", "Belstat"), ("IMF", "IMF"),
              ("Eurostat", "Eurostat"), ("OECD", "OECD"))
_MONTHS = "Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec"
_MONTH_RANGE = re.compile(rf"\b({_MONTHS})\s*-\s*({_MONTHS})\b")
_NOTE = re.compile(r"\s*\(([^()]*(\([^()]*\))?[^()]*)\)\s*$")


def _get(obj: Any, key: str, default: Any = "") -> Any:
    """A field of a result record or of its JSON (tests and the static site pass either)."""
    if isinstance(obj, dict):
        return obj.get(key, default)
    return getattr(obj, key, default)


_HASHY = re.compile(r"sha256|\b(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b|@[0-9a-f]{7,}", re.I)


def plain(text: str) -> str:
    """A data text as readers read it: without its checksums and commits ("…, sha256 c2e6…"
    is dropped; they belong to the technical provenance), periods in the one format."""
    text = _MONTH_RANGE.sub(lambda m: f"{m.group(1)}–{m.group(2)}", text or "")
    if not _HASHY.search(text):
        return text
    text = re.sub(r"\s*\([^()]*\)", lambda m: "" if _HASHY.search(m.group(0)) else m.group(0),
                  text)
    kept = [part for part in re.split(r"(?<=[;,])\s+", text) if not _HASHY.search(part)]
    return " ".join(kept).rstrip(" ;,")


def sentence_case(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


# -- sources ------------------------------------------------------------------------------------
def source_name(source: str, dataset: str = "") -> str:
    """A source as readers know it: "USGS", "FAOSTAT", "Belstat", never "reference"."""
    if source in SOURCE_NAMES:
        return SOURCE_NAMES[source]
    text = dataset or source
    for needle, name in PUBLISHERS:
        if needle.lower() in text.lower():
            return name
    outside = re.sub(r"\([^()]*\)", "", text)  # "X (… quoting Y)" is X's report
    cited = re.search(r"\b(?:citing|quoting)\s+(.+)$", outside)
    if cited:
        text = cited.group(1)
    head = re.split(r"\s+\(|\s+via\s+|,", text, maxsplit=1)[0].strip()
    return re.sub(r"\s+item$", "", head) or source


def leaves(point: Any) -> list[Any]:
    inputs = _get(point, "inputs", ()) or ()
    return [leaf for p in inputs for leaf in leaves(p)] if inputs else [point]


def source_name_of(point: Any) -> str:
    """The publishers behind one value (a ratio's two inputs when they differ)."""
    names: dict[str, None] = {}
    for leaf in leaves(point):
        names.setdefault(source_name(_get(leaf, "source"), _get(leaf, "dataset")))
    return " and ".join(names)


# -- periods and figures --------------------------------------------------------------------
def tidy_period(text: str) -> str:
    """"Jan-Sep 2022" → "Jan–Sep 2022" (one format: an en dash between months)."""
    return _MONTH_RANGE.sub(lambda m: f"{m.group(1)}–{m.group(2)}", (text or "").strip())


def period_note(point: Any) -> str:
    """The note a source attaches to its period ("inferred"), shown in the details."""
    period = _get(point, "period") or ""
    match = _NOTE.search(period)
    return match.group(1) if match and not _get(point, "inputs") else ""


def period_of(point: Any) -> str:
    """When a value is for, said once: "2024", "Jan–Sep 2022", "H1 2024", "2019 (pre-sanctions)"."""
    year = str(_get(point, "year"))
    period = _get(point, "period") or ""
    if _get(point, "inputs") or not period:  # a computed value's period names its inputs
        return year
    short = tidy_period(_NOTE.sub("", period)) or tidy_period(period)
    if short == year or not short:
        return year
    return short if year in short else f"{year}, {short}"


def value_text(point: Any) -> str:
    return fmt_value(_get(point, "value", None), _get(point, "unit"))


def figure_text(point: Any) -> str:
    """E.g. "10.7% in 2024", "57% in Jan–Sep 2022", "7.8 billion US$ at end-2023"."""
    if not point:
        return "no data"
    when = period_of(point)
    preposition = ("at " if when.startswith("end") else "" if when.startswith("as of")
                   else "in ")
    return f"{value_text(point)} {preposition}{when}"


def value_with_period(point: Any) -> str:
    """E.g. "57% (Jan–Sep 2022)"."""
    return f"{value_text(point)} ({period_of(point)})" if point else "no data"


def claimed_words(claim: Any) -> str:
    """The claim in the article's terms: "about 20%", "more than 50%"."""
    if claim.qualitative or claim.value is None:
        return "no figure (qualitative claim)"
    return f"{claim.bound} {fmt_value(claim.value, claim.unit)}"


def difference_text(points: float | None, percent: float | None, unit: str) -> str:
    """Observed − claimed with its unit: "−9.3 percentage points (−46.5%)"."""
    if points is None:
        return "–"
    text = fmt_signed(points, "percentage points" if is_percent(unit) else _plain_unit(unit))
    if percent is not None:
        text += f" ({fmt_signed(percent)}%)"
    return text


def _plain_unit(unit: str) -> str:
    return re.sub(r"\s*\(.*\)\s*$", "", unit or "").strip()


def unit_key(unit: str) -> str:
    """A unit without its notes: "percent (approx.)", "percent" and "%" are one unit."""
    u = _plain_unit(unit).lower()
    return "%" if u in ("percent", "%", "per cent") else u


def share_limits(unit: str, low: float, high: float) -> tuple[float, float]:
    """A range clipped to 0–100 for a share (an accepted range cannot run above 100%)."""
    if is_percent(unit) and unit_key(unit) == "%":
        return max(low, 0.0), min(high, 100.0)
    return low, high


def range_words(low: float, high: float, unit: str) -> str:
    """E.g. "from 17% to 23%", "47.5% or more", "up to 42.5%"."""
    low, high = share_limits(unit, low, high)
    fin_low, fin_high = math.isfinite(low), math.isfinite(high)
    if fin_low and fin_high:
        return f"from {fmt_value(low, unit)} to {fmt_value(high, unit)}"
    if fin_low:
        return f"{fmt_value(low, unit)} or more"
    return f"up to {fmt_value(high, unit)}"


def band_words(band: Any, unit: str) -> str:
    """What counts as matching the claim, in the claim's unit (shares clipped to 0–100%)."""
    return (f"consistent {range_words(band.consistent_low, band.consistent_high, unit)}; "
            f"approximately {range_words(band.approx_low, band.approx_high, unit)}")


def year_span(years: Iterable[int]) -> str:
    ys = sorted(set(years))
    return "" if not ys else (str(ys[0]) if len(ys) == 1 else f"{ys[0]}–{ys[-1]}")


def number(value: float) -> str:
    return fmt_number(value)


# -- verdicts ---------------------------------------------------------------------------------
def name(reading: Any) -> str:
    return reading.label or "this source"


def claim_qualifiers(claim_result: Any) -> tuple[tuple[str, ...], bool]:
    """A claim's qualifiers in reader words, and whether the evidence itself is qualified (old
    data, a proxy or a fallback: shown in the qualified style) or only the sources disagree."""
    out: list[str] = []
    deciding = claim_result.deciding
    if deciding is not None and claim_result.verdict.scored:
        out += deciding.qualifiers  # the results' own: "on 2017 data", "proxy: …"
        if claim_result.basis == "fallback":
            out.append(f"fallback: {name(deciding)}")  # the explanation says why
    evidence = bool(out)
    if claim_result.agreement.status == "disagree":
        out.append("depends on the source")
    return tuple(out), evidence


def verdict_of(verdict: Verdict | str, qualifiers: tuple[str, ...] = (),
               qualified: bool | None = None):
    from indicators.output.pages.models import VerdictView

    v = verdict if isinstance(verdict, Verdict) else Verdict(verdict)
    return VerdictView(value=v.value, label=v.label, glyph=GLYPHS.get(v.value, "•"),
                       meaning=v.meaning, colour=verdict_colour(v), qualifiers=qualifiers,
                       qualified=bool(qualifiers) if qualified is None else qualified)


def claim_verdict(claim_result: Any):
    qualifiers, evidence = claim_qualifiers(claim_result)
    return verdict_of(claim_result.verdict, qualifiers, evidence)


def reading_verdict(reading: Any):
    return verdict_of(reading.verdict, reading.qualifiers)


def article_day(article: Any):
    """The article's publication date (None when the claims file's date is not a day)."""
    from datetime import date

    try:
        return date.fromisoformat(str(article.date)[:10])
    except (AttributeError, ValueError):
        return None
