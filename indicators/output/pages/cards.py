"""The overview and the list of articles as view models: one card per claim.

A card says, before any paragraph: the verdict with its qualifiers, what was claimed, the
figure that decides (value, year, source) and the gap in points, each source on the ruler,
and one sentence; a qualitative claim shows its most telling figure instead.
"""

from __future__ import annotations

from typing import Any

from indicators.numbers import fmt_number, is_percent
from indicators.output.pages.choice import opening_reading, telling_reading
from indicators.output.pages.context import PageContext
from indicators.output.pages.models import (
    ArticleHeader,
    ArticleSummary,
    CardView,
    FigureLine,
    IndexView,
    OverviewView,
    ReadingRow,
)
from indicators.output.pages.ruler import claim_ruler
from indicators.output.pages.sentences import claim_explanation, claim_sentence, reading_sentence
from indicators.output.pages.titles import index_title, overview_title
from indicators.output.pages.words import (
    claim_verdict,
    claimed_words,
    figure_text,
    name,
    period_of,
    reading_verdict,
    sentence_case,
    source_name_of,
    unit_key,
    value_text,
)

DOWNLOADS = ("csv", "xlsx", "json")
HEADLINE_LABELS = {"holds": "hold on current data", "holds_qualified": "hold on old or "
                   "indirect data", "outdated": "outdated", "overstated": "overstated",
                   "understated": "understated", "untestable": "cannot be tested",
                   "qualitative": "qualitative"}


def article_header(ctx: PageContext) -> ArticleHeader:
    a = ctx.result.article
    links = ctx.links
    return ArticleHeader(
        article_id=ctx.article_id, title=a.title, date=a.date, language=a.language, url=a.url,
        publisher=a.publisher, year_note=" ".join((a.year_note or "").split()),
        overview_href=links.overview(ctx.article_id), table_href=links.table(ctx.article_id),
        index_href=None if links.single else links.index(),
        downloads=tuple((fmt, links.download(ctx.article_id, fmt)) for fmt in DOWNLOADS))


def deciding_line(claim_result: Any) -> tuple[FigureLine | None, str]:
    """"Deciding figure: 10.7% in 2024 — USGS (USGS mine production)" and the gap in points."""
    d = claim_result.deciding
    if d is None or not claim_result.verdict.scored or d.at_claim_year is None:
        return None, ""
    point = d.at_claim_year
    text = f"{figure_text(point)} — {name_with_source(d, point)}"
    return FigureLine("Deciding figure", text), gap_words(d.diff_points, claim_result.claim)


def gap_words(diff: float | None, claim: Any) -> str:
    """"9.3 percentage points below the claim" (the unit on every difference)."""
    if diff is None:
        return ""
    if diff == 0:
        return "exactly the claimed figure"
    unit = "percentage points" if is_percent(claim.unit) else unit_key(claim.unit)
    return f"{fmt_number(abs(diff))} {unit} {'below' if diff < 0 else 'above'} the claim"


def telling_line(claim_result: Any) -> FigureLine | None:
    """A qualitative claim's most telling figure; a ratio also names what it is a share of."""
    r = telling_reading(claim_result) if claim_result.claim.qualitative else None
    if r is None:
        return None
    point = r.at_claim_year
    detail = ""
    if point.computed and point.inputs:
        top = point.inputs[0]
        detail = (f"{top.series_name or name(r)}: {value_text(top)} ({period_of(top)}, "
                  f"{source_name_of(top)})")
    return FigureLine("Most telling figure", f"{figure_text(point)} — {name_with_source(r, point)}",
                      detail)


def name_with_source(reading: Any, point: Any) -> str:
    """"USGS mine production", "Belarusian officials (dzen.ru)": the source named once."""
    source = source_name_of(point)
    label = name(reading)
    return label if source.lower() in label.lower() else f"{label} ({source})"


def claimed_line(claim: Any) -> str:
    text = claimed_words(claim)
    return text + (f" for {claim.year}" if claim.year and not claim.qualitative else "")


def reading_rows(ctx: PageContext, claim_result: Any) -> tuple[ReadingRow, ...]:
    return tuple(ReadingRow(
        reading_id=r.reading_id, label=name(r), verdict=reading_verdict(r),
        sentence=reading_sentence(claim_result.claim, r),
        href=ctx.links.claim(ctx.article_id, claim_result.claim.id, reading=r.reading_id))
        for r in claim_result.readings)


def card(ctx: PageContext, claim_result: Any, number: int) -> CardView:
    claim = claim_result.claim
    ruler, note = claim_ruler(claim_result, ruler_id=f"ruler-{claim.id}")
    deciding, gap = deciding_line(claim_result)
    opens = opening_reading(claim_result, None)
    telling = telling_reading(claim_result) if claim.qualitative else None
    return CardView(
        claim_id=claim.id, number=number, title=sentence_case(claim.gloss),
        href=ctx.links.claim(ctx.article_id, claim.id,
                             reading=opens.reading_id if opens else None),
        verdict=claim_verdict(claim_result), claimed=claimed_line(claim), quote=claim.quote,
        quote_lang=ctx.result.article.language or "", deciding=deciding, gap=gap,
        telling=telling_line(claim_result), ruler=ruler,
        ruler_note="" if telling is not None else note,  # the telling figure says it
        sentence=claim_sentence(claim_result, telling),
        readings=reading_rows(ctx, claim_result), explanation=claim_explanation(claim_result),
        charts_label=f"Charts for claim {number}")


def overview(ctx: PageContext) -> OverviewView:
    result = ctx.result
    return OverviewView(
        page_title=overview_title(result.article),
        article=article_header(ctx), heading="Which of the article's figures hold?",
        headline=result.headline(),
        cards=tuple(card(ctx, c, i) for i, c in enumerate(result.claims, start=1)))


def summary(article_id: str, article: Any, result: Any, href: str, error: str = ""
            ) -> ArticleSummary:
    """One article in the list: title, date, language and its headline counts."""
    if result is None:
        return ArticleSummary(article_id=article_id, title=getattr(article, "title", article_id),
                              date=getattr(article, "date", ""),
                              language=getattr(article, "language", ""),
                              publisher=getattr(article, "publisher", ""),
                              headline="This article's claims could not be checked: " + error,
                              counts=(), claims=0, href=href, error=error)
    counts = result.headline_counts()
    return ArticleSummary(
        article_id=article_id, title=result.article.title, date=result.article.date,
        language=result.article.language, publisher=result.article.publisher,
        headline=result.headline(),
        counts=tuple((HEADLINE_LABELS[k], n) for k, n in counts.items() if n),
        claims=len(result.claims), href=href)


def index(summaries: list[ArticleSummary]) -> IndexView:
    n = len(summaries)
    return IndexView(page_title=index_title(n),
                     heading="Articles checked",
                     intro="Each article's figures against the official statistics they "
                           "claim to describe. Open an article for its claims, charts and "
                           "sources.",
                     articles=tuple(summaries))
