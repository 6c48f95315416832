"""A claim's page as a view model: verdict and figures, the main chart (one concept), the
verdict by year for the scored sources, and one source in detail with its provenance.

The page opens on data: the detail starts on the URL's reading, else the most likely one if
it has data, else the deciding one, else the first with data.
"""

from __future__ import annotations

from typing import Any

from indicators.claims.economies import display_name
from indicators.numbers import fmt_value
from indicators.output.pages.cards import article_header, claimed_line, deciding_line, telling_line
from indicators.output.pages.charts import detail_chart, main_chart
from indicators.output.pages.choice import opening_reading, telling_reading
from indicators.output.pages.context import PageContext
from indicators.output.pages.links import TABS
from indicators.output.pages.models import (
    ClaimPageView,
    Fact,
    PeerOption,
    ReadingDetail,
    ReadingOption,
    StripCell,
    StripRow,
    StripView,
)
from indicators.output.pages.provenance import provenance, technical_facts
from indicators.output.pages.sentences import (
    claim_explanation,
    claim_sentence,
    reading_explanation,
    reading_sentence,
)
from indicators.output.pages.titles import claim_title
from indicators.output.pages.words import (
    band_words,
    claim_verdict,
    difference_text,
    name,
    reading_verdict,
    sentence_case,
    value_with_period,
    verdict_of,
)


def tab(value: str | None) -> str:
    return value if value in TABS else "chart"


def strip(claim_result: Any) -> StripView | None:
    """The verdict per year for each scored source: does the verdict hang on a year or a
    source? Unscored sources (context) have no verdict to show, so they are left out."""
    scored = [r for r in claim_result.readings if r.verdict.scored and r.robustness]
    years = tuple(sorted({c.year for r in scored for c in r.robustness}))
    if not years:
        return None
    rows = []
    for r in scored:
        cells = {c.year: c for c in r.robustness}
        rows.append(StripRow(label=name(r) + (" (most likely)" if r.likely else ""), cells=tuple(
            StripCell(y, verdict_of(cells[y].verdict),
                      fmt_value(cells[y].value, r.claimed_unit)) if y in cells else None
            for y in years)))
    return StripView(caption="Verdict by year for each source: a verdict that changes across "
                             "years or sources is fragile", years=years, rows=tuple(rows))


def peer_choices(ctx: PageContext, claim_result: Any, reading: Any, peers: list[str],
                 detail_tab: str) -> tuple[tuple[PeerOption, ...], str]:
    """Only peers with data for this reading are offered; the others are named in a note."""
    claim = claim_result.claim
    with_data = {p.economy for p in reading.peers}
    chosen = [p for p in peers if p in with_data]
    options = []
    for code in claim.peers:
        if code not in with_data:
            continue
        picked = code in chosen
        others = [p for p in chosen if p != code] if picked else [*chosen, code]
        options.append(PeerOption(code=code, label=f"{display_name(code)} ({code})",
                                  selected=picked, href=ctx.links.claim(
                                      ctx.article_id, claim.id, reading=reading.reading_id,
                                      peers=others, detail=detail_tab)))
    missing = [display_name(p) for p in claim.peers if p not in with_data]
    if not claim.peers:
        note = "No peer economies are listed for this claim."
    elif len(missing) == len(claim.peers):
        note = ("No peer comparison for this source: none of " + ", ".join(missing)
                + " has comparable data.")
    elif missing:
        note = "No comparable data for " + ", ".join(missing) + "."
    else:
        note = ""
    return tuple(options), note


def detail(ctx: PageContext, claim_result: Any, reading: Any, peers: list[str] = (), *,
           detail_tab: str = "chart") -> ReadingDetail:
    """One source in detail: its verdict, figures, chart (with peers) and provenance."""
    claim = claim_result.claim
    measure = ctx.measure(claim, reading.reading_id)
    facts = [Fact("Claimed", claimed_line(claim)),
             Fact(f"Observed for {claim.year}" if claim.year else "Observed",
                  value_with_period(reading.at_claim_year)),
             Fact("Latest", value_with_period(reading.latest))]
    if reading.diff_points is not None:
        facts.append(Fact("Difference", difference_text(reading.diff_points,
                                                        reading.diff_percent, claim.unit)))
    if reading.band is not None and reading.verdict.scored:
        facts.append(Fact("Counts as", band_words(reading.band, claim.unit)))
    qualifiers = reading_verdict(reading).qualifiers
    if qualifiers:
        facts.append(Fact("Evidence", "; ".join(qualifiers)))
    options, note = peer_choices(ctx, claim_result, reading, list(peers), detail_tab)
    entries, computed = provenance(reading, ctx)
    return ReadingDetail(
        reading_id=reading.reading_id,
        heading=sentence_case(name(reading)) + (" (most likely)" if reading.likely else ""),
        verdict=reading_verdict(reading), sentence=reading_sentence(claim, reading),
        facts=tuple(facts), explanation=reading_explanation(claim, reading, measure),
        caveat=" ".join((reading.caveat or "").split()),
        chart=detail_chart(ctx, claim_result, reading,
                           [o.code for o in options if o.selected], tab=detail_tab),
        provenance=entries, computed_from=computed, technical=technical_facts(reading),
        peers=options, peer_note=note)


def claim_page(ctx: PageContext, claim_result: Any, *, reading_id: str | None = None,
               peers: list[str] = (), main_tab: str | None = None,
               detail_tab: str | None = None) -> ClaimPageView:
    claim = claim_result.claim
    reading = opening_reading(claim_result, reading_id)
    main_tab, detail_tab = tab(main_tab), tab(detail_tab)
    main, others = main_chart(ctx, claim_result, tab=main_tab)
    deciding, gap = deciding_line(claim_result)
    verdict = claim_verdict(claim_result)
    heading = sentence_case(claim.gloss)
    return ClaimPageView(
        page_title=claim_title(ctx.result.article, claim),
        article=article_header(ctx), claim_id=claim.id, heading=heading, verdict=verdict,
        claimed=claimed_line(claim), quote=claim.quote,
        quote_lang=ctx.result.article.language or "", deciding=deciding, gap=gap,
        telling=telling_line(claim_result),
        sentence=claim_sentence(claim_result, telling_reading(claim_result)
                                if claim.qualitative else None),
        explanation=claim_explanation(claim_result),
        notes=tuple(" ".join(n.split()) for n in (claim.precision_note, claim.context) if n),
        main=main, main_heading="The data behind the verdict",
        others=others, strip=strip(claim_result),
        options=tuple(ReadingOption(
            reading_id=r.reading_id,
            label=f"{name(r)}{' (most likely)' if r.likely else ''} — {r.verdict.label}",
            href=ctx.links.claim(ctx.article_id, claim.id, reading=r.reading_id),
            selected=r is reading) for r in claim_result.readings),
        detail=detail(ctx, claim_result, reading, peers, detail_tab=detail_tab),
        technical=(Fact("Claim id", claim.id), Fact("Rules' explanation",
                                                    claim_result.explanation)))
