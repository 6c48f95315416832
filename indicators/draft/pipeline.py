"""Article text → drafted claims: the drafting steps in order (see the package docstring)."""

from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass, field

from indicators.draft import (
    anaphora,
    bounds,
    concepts,
    economies,
    periods,
    phrases,
    ranks,
    readings,
    shapes,
    skipping,
)
from indicators.draft import vocabulary as v
from indicators.draft.interfaces import EconomyNames, SeriesSearch
from indicators.draft.language import guess_language
from indicators.draft.model import DraftClaim, Figure, Skipped
from indicators.draft.numbers import find_numbers
from indicators.draft.segments import Segments, segment

# A change or state that runs to the present: "seit Juni", "since 2021", "has stayed above 9
# percent for more than two years".
_SINCE = re.compile(r"\b(?:seit|since)\b|\bfor\s+(?:more\s+than\s+|over\s+|almost\s+|"
                    r"nearly\s+)?(?:two|three|four|five|six|several|many|\d+)\s+(?:years|months)"
                    r"\b", re.IGNORECASE)
MAX_QUOTE = 160  # characters: a clause longer than this is cut to the words around the figure
_CURRENCY_OF = {"?shilling": {"KEN": "KES", "UGA": "UGX", "TZA": "TZS", "SOM": "SOS"},
                "?peso": {"CHL": "CLP", "MEX": "MXN", "ARG": "ARS", "COL": "COP", "PHL": "PHP"},
                "?rupee": {"IND": "INR", "PAK": "PKR", "LKA": "LKR", "NPL": "NPR"},
                "?krone": {"DNK": "DKK", "NOR": "NOK", "SWE": "SEK", "CZE": "CZK"},
                "?dinar": {"SRB": "RSD", "IRQ": "IQD", "JOR": "JOD", "KWT": "KWD"}}
_QUALITATIVE = {
    "de": re.compile(r"\b(?:immense|immensen|enorme|enormen|massive|massiven|gewaltige|"
                     r"gewaltigen|riesige|riesigen|erdrückende|erdrückenden)\s+(?P<n>\w*(?:"
                     r"verschuldung|schulden|abhängigkeit|defizit)\w*)", re.IGNORECASE),
    "en": re.compile(r"\b(?:huge|massive|enormous|crippling|immense|vast)\s+(?P<n>(?:external\s+|"
                     r"foreign\s+|public\s+)?(?:debts?|dependence|dependency|deficits?))\b",
                     re.IGNORECASE),
}


@dataclass
class DraftResult:
    text: str
    language: str
    language_note: str
    published: dt.date
    claims: list[DraftClaim]
    skipped: list[Skipped]
    figures_found: int
    main_economy: str
    notes: list[str] = field(default_factory=list)
    line_starts: list[int] = field(default_factory=list)

    def line_of(self, pos: int) -> int:
        return bisect.bisect_right(self.line_starts, pos)


def draft_text(text: str, *, names: EconomyNames, search: SeriesSearch | None = None,
               lang: str | None = None, published: dt.date, title: str = "") -> DraftResult:
    language, language_note = (lang, "given with --lang") if lang else guess_language(text)
    seg = segment(text)
    figures = _figures(text, language)
    finder = economies.EconomyFinder(names, language)
    ctx = economies.build_context(finder, text, title, seg.paragraphs)
    times = periods.find_times(text, published)
    claims: list[DraftClaim] = []
    skipped: list[Skipped] = []
    taken_years: set[int] = set()
    counting_figs = [f for f in figures if _counts(f)]  # in text order
    counting = [f.start for f in counting_figs]
    for i, fig in enumerate(figures):
        sentence = seg.sentence_at(fig.start)
        s_span = (sentence.start, sentence.end)
        clause = seg.clause_at(fig.start)
        p_span = seg.paragraphs[sentence.paragraph]
        prev_s = seg.sentences[sentence.index - 1] if sentence.index > 0 else None
        previous = ((prev_s.start, prev_s.end) if prev_s is not None and
                    prev_s.paragraph == sentence.paragraph else None)
        why = skipping.skip_reason(fig, text, s_span, clause, p_span, published.year, previous)
        if why is None and fig.form == "rank" and not shapes.is_rank(fig, text, s_span):
            why = "a superlative or place with no economic measure named"
        if why is not None:
            if fig.form != "rank" or re.search(r"\d", text[fig.start:fig.end]):
                skipped.append(Skipped(fig.start, fig.end, text[fig.start:fig.end], why))
            continue
        window = _window(figures, i, clause)
        lo, hi = (bisect.bisect_left(counting, s_span[0]),
                  bisect.bisect_left(counting, s_span[1]))
        frame = periods.statement_frame(
            text, (fig.start, fig.end), [(g.start, g.end) for g in counting_figs[lo:hi]
                                         if g is not fig],
            sentence.clauses, _earlier(seg, sentence))
        claim = _read(fig, text, language, window, clause, s_span, sentence.paragraph, ctx,
                      times, published, taken_years, figures, i, frame)
        if claim.toml_kind == "rank":
            found = ranks.rank_set(names, text, (fig.start, fig.end), s_span, claim.subject,
                                   claim.counterpart)
            claim.among, claim.rank_note = found.among, found.note
        claims.append(claim)
    claims += _qualitative(text, language, seg, ctx, times, published, taken_years)
    claims.sort(key=lambda c: c.quote_start)
    anaphora.carry_back(claims, text, ctx, language,
                        lambda pos: (seg.sentence_at(pos).start, seg.sentence_at(pos).end),
                        lambda pos: seg.sentence_at(pos).paragraph)
    claims = _dedupe(claims)
    for claim in claims:
        if not claim.subject:  # the file must validate: a visible placeholder, said so
            claim.subject = "WLD"
            claim.economy_note = ("no economy named anywhere in the text: WLD is a placeholder "
                                  "— set the subject")
    for n, claim in enumerate(claims, 1):
        claim.id = f"c{n:02d}-{_slug(claim)}"
        sentence = seg.sentence_at(claim.figure.start)
        spans = [(m.start, m.end) for m in ctx.within(sentence.start, sentence.end)]
        words = readings.query_words(claim, text, (sentence.start, sentence.end), spans)
        local = text[claim.figure.start:min(claim.quote_end, claim.figure.end + 40)]
        if claim.figure.form == "qualitative":
            local = text[claim.quote_start:claim.quote_end]
        clause = seg.clause_at(claim.figure.start)
        spans = [clause, (sentence.start, sentence.end)]
        if sentence.index > 0 and seg.sentences[sentence.index - 1].paragraph == \
                sentence.paragraph:
            previous = seg.sentences[sentence.index - 1]
            spans.append((previous.start, previous.end))
        name, phrase = concepts.concept_near(
            text, spans, (claim.figure.start, claim.figure.end), share=claim.kind == "share",
            exclude=(frozenset({"gdp"}) if claim.unit == "percent of GDP" else frozenset())
            # a share of the inhabitants is of what is said of them (poverty), never the count
            | (frozenset({"population"}) if claim.kind == "share" else frozenset()),
            inside=claim.kind == "rank" or claim.figure.form == "qualitative")
        query = concepts.search_phrase(name, phrase, unit=claim.unit,
                                       currency=claim.figure.currency, kind=claim.kind,
                                       change=claim.change) if name else ""
        claim.readings = readings.propose(claim, words, search, language, finder.display,
                                          local=local or claim.quote, concept=query)
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    return DraftResult(text, language, language_note, published, claims, skipped,
                       len(figures), ctx.main, line_starts=line_starts)


def _figures(text: str, lang: str) -> list[Figure]:
    numbers = find_numbers(text, lang)
    special = phrases.find_phrases(text, lang)
    kept = list(special)
    covered = bytearray(len(text) + 1)
    for s in special:
        covered[s.start:s.end] = b"\x01" * (s.end - s.start)
    for fig in numbers:
        if any(covered[fig.start:fig.end]):
            continue
        kept.append(fig)
    kept.sort(key=lambda f: (f.start, -f.end))
    out: list[Figure] = []
    for fig in kept:  # overlapping phrases: the first, longest wins
        if out and fig.start < out[-1].end:
            continue
        out.append(fig)
    # "von 8,5 auf 35 Prozent": the first figure shares the second's unit
    for a, b in zip(out, out[1:], strict=False):
        if a.form == "digits" and not (a.unit or a.currency or a.scale) and (b.unit or b.scale) \
                and re.fullmatch(r"\s*(?:auf|bis|to|and|und|-|–)\s*", text[a.end:b.start]) \
                and re.search(r"\b(?:von|from|zwischen|between)\s+$", text[max(0, a.start - 12):
                                                                            a.start]):
            a.unit, a.currency, a.scale = b.unit, b.currency, b.scale
            if a.scale:
                from indicators.draft.numbers import SCALES

                a.value = a.written * SCALES[a.scale]
                a.precision *= SCALES[a.scale]
    return out


def _counts(f: Figure) -> bool:
    """Whether a figure states a quantity of its own (bare numbers such as a date's day or a
    year do not)."""
    return bool(f.unit or f.currency or f.scale or f.form not in ("digits", "words"))


def _earlier(seg: Segments, sentence) -> tuple[tuple[int, int], ...]:
    """The earlier sentences of the sentence's paragraph, nearest first."""
    out = []
    for index in range(sentence.index - 1, -1, -1):
        before = seg.sentences[index]
        if before.paragraph != sentence.paragraph:
            break
        out.append((before.start, before.end))
    return tuple(out)


def _window(figures: list[Figure], i: int, clause: tuple[int, int]) -> tuple[int, int]:
    """The figure's stretch of its clause: from the previous figure to the next (bare numbers
    such as a date's day or a year do not cut it)."""
    start, end = clause
    counts = _counts
    j = i - 1  # figures are in text order: walk out from i to the clause's ends
    while j >= 0 and figures[j].end >= clause[0]:
        if counts(figures[j]) and figures[j].end <= figures[i].start:
            start = figures[j].end
            break
        j -= 1
    j = i + 1
    while j < len(figures) and figures[j].start < clause[1]:
        if counts(figures[j]) and figures[j].start >= figures[i].end:
            end = figures[j].start
            break
        j += 1
    return start, end


def _quote(text: str, fig: Figure, clause: tuple[int, int]) -> tuple[int, int]:
    s, e = clause
    if e - s <= MAX_QUOTE:
        return s, e
    s = max(s, fig.start - 70)
    e = min(e, fig.end + 70)
    while s > clause[0] and not text[s - 1].isspace():
        s += 1
    while e < clause[1] and not text[e].isspace():
        e -= 1
    s = min(s, fig.start)
    e = max(e, fig.end)
    return s, e


def _read(fig: Figure, text: str, lang: str, window, clause, sentence, paragraph: int, ctx,
          times, published: dt.date, taken_years: set[int], figures: list[Figure],
          i: int, frame: periods.Frame) -> DraftClaim:
    nxt = figures[i + 1] if i + 1 < len(figures) else None
    prev = figures[i - 1] if i > 0 else None
    shape = shapes.read_shape(fig, text, window, sentence, lang, nxt, prev)
    bound, bound_words = bounds.read_bound(text, fig.start, lang, fig.form, lower=sentence[0])
    precision, precision_note = bounds.precision_for(fig.precision, fig.written, fig.unit,
                                                     fig.form, bound)
    value = fig.value
    if shape.sign < 0 and value > 0:
        value = -value
    q_start, q_end = _quote(text, fig, clause)
    forecast = bool(v.FORECAST.search(text[sentence[0]:sentence[1]]))
    since = bool(_SINCE.search(text, sentence[0], window[1]))
    year = periods.year_for(times, window, sentence, fig.start, published, forecast,
                            taken_years, since=since,
                            latest=shape.change in ("multiple", "endpoints"), text=text,
                            frame=frame)
    subject, counterparts, where = economies.assign(
        ctx, text, fig.start, clause, sentence, paragraph, shape.partner_context or
        shape.kind in ("share", "rank"), shape.kind)
    if shape.kind not in ("share", "rank"):
        counterparts = [c for c in counterparts if c != "WLD"]
        if shape.kind == "level" and not (fig.currency or fig.scale or fig.unit not in (
                "percent", "")):
            counterparts = []  # a rate or a bare level has no partner
    unit = shape.unit or fig.unit or ""
    currency = fig.currency
    if currency.startswith("?"):
        resolved = _CURRENCY_OF.get(currency, {}).get(subject, "")
        fig.notes.append(f"'{currency[1:]}' read as {resolved or 'an unknown currency'} "
                         f"(the currency of {subject})")
        currency = fig.currency = resolved or currency[1:]
    if currency and shape.kind != "change":
        unit = currency
    elif currency and shape.change == "points":
        unit = currency
    if not unit and fig.scale:
        unit = _count_unit(text, fig, sentence)
    claim = DraftClaim(
        figure=fig, quote=text[q_start:q_end], quote_start=q_start, quote_end=q_end,
        value=value, unit=unit, bound=bound, bound_words=bound_words, precision=precision,
        precision_note=precision_note, kind=shape.kind, toml_kind=shape.toml_kind,
        change=shape.change if shape.toml_kind == "change" else "",
        base_year=year.base_year, base_value=shape.base_value, subject=subject,
        counterpart=counterparts, economy_note=where, year=year.year,
        year_basis=year.basis, year_named=year.named, period=year.period,
        year_note=year.note, order=fig.order)
    if shape.note:
        claim.notes.append(shape.note)
    if fig.form == "rank" and fig.notes:
        claim.bound = "at most"
    return claim


def _count_unit(text: str, fig: Figure, sentence: tuple[int, int]) -> str:
    after = text[fig.end:fig.end + 30].lower()
    zone = text[sentence[0]:fig.end].lower() + " " + after
    if re.match(r"\s*(?:menschen|people|einwohner|inhabitants|persons)", after) or \
            v.POPULATION.search(zone):
        return "people"
    if re.search(r"touris|arrival|besucher|visitor", zone):
        return "arrivals"
    return ""


def _qualitative(text, lang, seg: Segments, ctx, times, published, taken) -> list[DraftClaim]:
    out = []
    for m in _QUALITATIVE[lang].finditer(text):
        sentence = seg.sentence_at(m.start())
        s_span = (sentence.start, sentence.end)
        clause = seg.clause_at(m.start())
        fig = Figure(start=m.start(), end=m.end(), written=0.0, value=0.0, form="qualitative")
        subject, cps, where = economies.assign(ctx, text, m.start(), clause, s_span,
                                               sentence.paragraph, True, "share")
        year = periods.year_for(times, clause, s_span, m.start(), published, False, taken)
        out.append(DraftClaim(
            figure=fig, quote=text[clause[0]:clause[1]], quote_start=clause[0],
            quote_end=clause[1], value=0.0, unit="qualitative", bound="", bound_words="",
            precision=0.0, precision_note="", kind="share", subject=subject, counterpart=cps,
            economy_note=where, year=year.year, year_basis=year.basis, period=year.period,
            year_note=year.note, qualitative=True,
            notes=[f"'{m.group()}' states a size in words, not a figure"]))
    return out


def _dedupe(claims: list[DraftClaim]) -> list[DraftClaim]:
    """A figure repeated in the same terms (a title line and the body) is drafted once."""
    out: list[DraftClaim] = []
    same: dict[tuple, list[DraftClaim]] = {}  # claims in the same terms, by those terms
    for c in claims:
        terms = (c.value, c.unit, c.subject, tuple(c.counterpart), c.year, c.figure.form)
        twin = None if c.qualitative else next(
            (o for o in same.get(terms, ()) if _shared_word(o.quote, c.quote)), None)
        if twin is not None:
            twin.notes.append(f"said again later: '{c.quote}'")
            continue
        out.append(c)
        same.setdefault(terms, []).append(c)
    return out


_UNIT_WORDS = frozenset({"prozent", "percent", "milliarden", "millionen", "billion", "million",
                        "billionen", "prozentpunkte", "percentage"})


def _shared_word(a: str, b: str) -> bool:
    wa = {w.lower() for w in re.findall(r"[A-Za-zÄÖÜäöüß]{7,}", a)} - _UNIT_WORDS
    wb = {w.lower() for w in re.findall(r"[A-Za-zÄÖÜäöüß]{7,}", b)} - _UNIT_WORDS
    return bool(wa & wb)


def _slug(c: DraftClaim) -> str:
    if c.qualitative:
        return "qualitative"
    words = re.findall(r"[a-zäöüß]{4,}", c.quote.lower())
    stop = {"prozent", "percent", "cent", "etwa", "rund", "mehr", "than", "more", "about",
            "with", "from", "nach", "eine", "einem", "einer", "milliarden", "billion",
            "million", "millionen", "almost", "nearly", "fast", "knapp"}
    words = [w for w in words if w not in stop][:2]
    slug = "-".join(words) or c.kind
    slug = slug.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
    return re.sub(r"[^a-z0-9-]", "", slug)[:40] or c.kind

