"""The "Check an article" page's view model: pasted text → drafted claims → the editor's
corrections → a claims file and its verdicts.

Pure: the drafter's economy names and series search and the judge's store are passed in by
the caller (the dashboard), nothing here reads a file or the network. The page keeps no state
on the server: the browser sends the text it drafted and the corrected fields back, and the
drafting (deterministic for the same text, title, language and date) is run again under them.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

# The drafter (its vocabularies, ~0.1 s to import) loads with the first article checked, not
# with the dashboard: most servers never draft.
if TYPE_CHECKING:
    from indicators.draft.model import DraftClaim
    from indicators.draft.pipeline import DraftResult

MAX_CHARS = 200_000  # a long feature is ~50,000 characters; a book is not an article
BOUNDS = ("about", "exactly", "at least", "more than", "over", "at most", "less than", "under",
          "almost", "nearly")
LANGUAGES = (("", "Guess from the text"), ("de", "German"), ("en", "English"))
_CODE = re.compile(r"^[A-Z][A-Z0-9]{1,3}$")


class DraftInputError(ValueError):
    """The pasted text or a field cannot be drafted; the message says what and where."""


@dataclass(frozen=True)
class DraftInput:
    text: str
    title: str = ""
    language: str = ""  # "" = guessed from the text
    date: str = ""  # YYYY-MM-DD; "" = today (said so in the file)


def checked_input(text: str | None, title: str | None, language: str | None,
                  date: str | None) -> DraftInput:
    """The form's fields, or `DraftInputError` naming the field that is wrong."""
    text = (text or "").replace("\r\n", "\n")
    if not text.strip():
        raise DraftInputError("Article text: empty; paste the article's text or upload a "
                              ".txt or .html file.")
    if len(text) > MAX_CHARS:
        raise DraftInputError(f"Article text: {len(text):,} characters; at most {MAX_CHARS:,} "
                              "can be drafted at once (an article, not a book).")
    if language not in ("", None, "de", "en"):
        raise DraftInputError(f"Language: {language!r}; expected German or English.")
    date = (date or "").strip()
    if date:
        try:
            parsed = dt.date.fromisoformat(date)
        except ValueError:
            raise DraftInputError(f"Publication date: {date!r} is not a date; expected "
                                  "YYYY-MM-DD, e.g. 2025-02-20.") from None
        if not 1900 <= parsed.year <= 2100 or len(date) != 10:
            raise DraftInputError(f"Publication date: {date!r} is out of range; expected "
                                  "YYYY-MM-DD from 1900 to 2100.")
    return DraftInput(text=text, title=(title or "").strip()[:300], language=language or "",
                      date=date)


def run_draft(inp: DraftInput, *, names, search, today: dt.date) -> DraftResult:
    from indicators.draft.pipeline import draft_text

    published = dt.date.fromisoformat(inp.date) if inp.date else today
    title = inp.title or _first_line(inp.text)
    return draft_text(inp.text, names=names, search=search, lang=inp.language or None,
                      published=published, title=title)


# -- the table the editor corrects -----------------------------------------------------------
@dataclass(frozen=True)
class Candidate:
    reading_id: str
    label: str  # "World Bank NE.EXP.GNFS.ZS — Exports of goods and services (% of GDP)"
    likely: bool


@dataclass(frozen=True)
class DraftRow:
    index: int
    claim_id: str
    quote: str
    value: str  # as the editor sees and edits it ("" for a qualitative claim)
    unit: str
    bound: str
    economy: str
    year: str
    candidates: tuple[Candidate, ...]
    chosen: str  # the likely reading's id ("" where no series can test it)
    qualitative: bool


def rows(claims: list[DraftClaim]) -> list[DraftRow]:
    out = []
    for i, c in enumerate(claims):
        likely = _likely(c)
        cands = tuple(Candidate(r.id, _candidate_label(r), r is likely)
                      for r in c.readings if r.kind != "none")
        out.append(DraftRow(
            index=i, claim_id=c.id, quote=c.quote, value="" if c.qualitative else
            _plain(c.value), unit=c.unit, bound="" if c.qualitative else c.bound,
            economy=c.subject, year=str(c.year), candidates=cands,
            chosen=likely.id if likely is not None else "", qualitative=c.qualitative))
    return out


def edits_of(table: list[DraftRow]) -> list[dict]:
    """The fields as the page first shows them (what `apply_edits` receives back)."""
    return [{"value": r.value, "bound": r.bound, "economy": r.economy, "year": r.year,
             "reading": r.chosen} for r in table]


def apply_edits(claims: list[DraftClaim], edits: list[dict]) -> tuple[list[DraftClaim],
                                                                       list[str]]:
    """The drafted claims with the editor's corrections; problems name the claim and field
    (a field that cannot be used keeps the drafted value)."""
    out, problems = [], []
    for i, claim in enumerate(claims):
        c = copy.deepcopy(claim)
        e = edits[i] if i < len(edits) and isinstance(edits[i], dict) else {}
        where = f"Claim {i + 1} ({c.id})"
        if not c.qualitative and e.get("value") not in (None, ""):
            value = _number(str(e["value"]))
            if value is None:
                problems.append(f"{where}, value: {e['value']!r} is not a number; kept "
                                f"{_plain(c.value)}.")
            elif value != c.value:
                c.value = value
                c.precision = _precision_of(str(e["value"]), c.precision)
        bound = e.get("bound")
        if not c.qualitative and bound not in (None, "", c.bound):
            if bound in BOUNDS:
                c.bound = bound
            else:
                problems.append(f"{where}, bound: {bound!r}; expected one of "
                                f"{', '.join(BOUNDS)}.")
        economy = str(e.get("economy") or "").strip().upper()
        if economy and economy != c.subject:
            if _CODE.match(economy):
                for r in c.readings:
                    if r.economy == c.subject:
                        r.economy = economy
                c.subject = economy
            else:
                problems.append(f"{where}, economy: {economy!r} is not an economy code "
                                "(e.g. DEU, POL, WLD).")
        year = str(e.get("year") or "").strip()
        if year and year != str(c.year):
            if year.isdigit() and 1900 <= int(year) <= 2100:
                c.year = int(year)
            else:
                problems.append(f"{where}, year: {year!r}; expected a year from 1900 to 2100.")
        chosen = e.get("reading")
        if chosen and any(r.id == chosen and r.kind != "none" for r in c.readings):
            # the writer marks the first testable reading as likely: put the chosen one first
            c.readings.sort(key=lambda r: r.id != chosen)
        out.append(c)
    return out, problems


def claims_toml(inp: DraftInput, result: DraftResult, claims: list[DraftClaim]) -> str:
    """The claims file (docs/claims-format.md) the `claimcheck draft` command would write,
    with the editor's corrections."""
    from indicators.draft.writer import DraftMeta, write_claims

    meta = DraftMeta(title=inp.title or _first_line(inp.text), date=result.published.isoformat(),
                     language=result.language, source="text pasted into the dashboard",
                     language_note=result.language_note if inp.language == "" else
                     "chosen on the page", date_note="given on the page" if inp.date else
                     "not given: read as today", figures_found=result.figures_found,
                     extra_notes=["Fields corrected on the page are written as corrected."])
    return write_claims(meta, claims, result.skipped, result.line_of)


def download_name(inp: DraftInput) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", (inp.title or _first_line(inp.text)).lower()).strip("_")
    return f"{slug[:40] or 'article'}_claims.toml"


# -- the text with the quotes marked ----------------------------------------------------------
@dataclass(frozen=True)
class Segment:
    text: str
    claim: int | None = None  # the row's index where this stretch is a claim's quote


def highlighted(text: str, claims: list[DraftClaim]) -> list[Segment]:
    """The text cut into plain stretches and quotes (overlapping quotes: the first wins)."""
    out: list[Segment] = []
    pos = 0
    for i, c in sorted(enumerate(claims), key=lambda ic: ic[1].quote_start):
        start, end = max(c.quote_start, pos), c.quote_end
        if end <= start:
            continue
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], i))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


# -- helpers ---------------------------------------------------------------------------------
def _likely(c: DraftClaim):
    return next((r for r in c.readings if r.kind != "none"), None)


def _candidate_label(r) -> str:
    source = {"worldbank": "World Bank", "imf": "IMF", "comtrade": "UN Comtrade",
              "faostat": "FAOSTAT", "usgs": "USGS", "eia": "EIA", "unsd": "UNSD",
              "reference": "quoted figure"}.get(r.source, r.source)
    what = r.label or r.meaning
    code = r.series if r.kind == "series" else f"{r.series} ÷ {r.denominator_series}"
    return f"{source} {code}: {what}" if code.strip(" ÷") else f"{source}: {what}"


def _plain(value: float) -> str:
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(round(value, 10))


def _number(text: str) -> float | None:
    """"1,5" (German) or "1.5"; no thousands separators (a value is typed as a plain number)."""
    t = text.strip().replace(" ", "").replace("\u202f", "")
    if t.count(",") == 1 and "." not in t:
        t = t.replace(",", ".")
    try:
        value = float(t)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def _precision_of(text: str, drafted: float) -> float:
    """A corrected value keeps the drafted precision unless it is written more finely."""
    t = text.strip().replace(",", ".")
    decimals = len(t.split(".", 1)[1]) if "." in t else 0
    return min(drafted, 10 ** -decimals / 2) if decimals else drafted


def _first_line(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200] or "Untitled article"
