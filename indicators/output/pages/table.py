"""The table of every claim × source as a view model: reader columns first, codes apart.

Each row is one claim × reading, as in `claimcheck export`; the cells are reader words
(verdicts with their qualifiers, figures with their period, differences with their unit).
Ids, series codes, origins and the rules' own wording are "technical" columns, offered under
the column chooser's "Technical provenance". The downloads stay exactly the CLI export.
"""

from __future__ import annotations

from typing import Any

from indicators.claims.economies import display_name
from indicators.numbers import fmt_signed
from indicators.output.pages.cards import article_header, claimed_line, reading_rows
from indicators.output.pages.context import PageContext
from indicators.output.pages.models import TableColumn, TableView
from indicators.output.pages.titles import table_title
from indicators.output.pages.words import (
    band_words,
    claim_verdict,
    difference_text,
    name,
    plain,
    reading_verdict,
    sentence_case,
    source_name_of,
    value_with_period,
)

COLUMNS = (
    TableColumn("claim", "Claim"), TableColumn("claim_verdict", "Claim verdict"),
    TableColumn("reading", "Measured as"), TableColumn("verdict", "Verdict on this source"),
    TableColumn("claimed", "Claimed", numeric=True),
    TableColumn("observed", "Observed", numeric=True),
    TableColumn("difference", "Difference", numeric=True),
    TableColumn("source", "Publisher"),
    TableColumn("difference_relative", "Difference (relative)", numeric=True),
    TableColumn("latest", "Latest", numeric=True),
    TableColumn("latest_difference", "Latest difference", numeric=True),
    TableColumn("quote", "Quote"), TableColumn("meaning", "What it measures"),
    TableColumn("likely", "Most likely meaning"), TableColumn("evidence", "Evidence type"),
    TableColumn("definition", "Definition"), TableColumn("age", "Evidence age", numeric=True),
    TableColumn("counts_as", "Counts as"), TableColumn("dataset", "Dataset"),
    TableColumn("series_name", "Series"), TableColumn("economy", "Economy"),
    TableColumn("updated", "Publisher last updated"), TableColumn("retrieved", "Retrieved"),
    TableColumn("caveat", "Caveat"),
    TableColumn("claim_id", "Claim id", technical=True),
    TableColumn("reading_id", "Reading id", technical=True),
    TableColumn("measure", "Measure", technical=True),
    TableColumn("series", "Series code", technical=True),
    TableColumn("origin", "Origin", technical=True),
    TableColumn("explanation", "Rules' explanation", technical=True),
    TableColumn("no_data_reason", "Why no data (technical)", technical=True),
)
DEFAULT = ("claim", "claim_verdict", "reading", "verdict", "claimed", "observed", "difference",
           "source")
KEYS = {c.key for c in COLUMNS}


def _cells(c: Any, r: Any) -> tuple[dict[str, str], dict[str, Any]]:
    """Display text per column, and the value each column sorts by."""
    ref, latest, unit = r.at_claim_year, r.latest, c.claim.unit
    text = {
        "claim": sentence_case(c.claim.gloss), "claim_verdict": claim_verdict(c).text,
        "reading": name(r) + (" (most likely)" if r.likely else ""),
        "verdict": reading_verdict(r).text, "claimed": claimed_line(c.claim),
        "observed": value_with_period(ref) if ref else "no data",
        "difference": difference_text(r.diff_points, None, unit),
        "source": source_name_of(ref) if ref else "–",
        "difference_relative": fmt_signed(r.diff_percent) + "%"
        if r.diff_percent is not None else "–",
        "latest": value_with_period(latest) if latest else "no data",
        "latest_difference": difference_text(r.latest_diff_points, None, unit),
        "quote": c.claim.quote, "meaning": r.meaning, "likely": "yes" if r.likely else "no",
        "evidence": "official statistics" if r.evidence == "statistics" else "quoted figure",
        "definition": ("proxy: " + r.quality.definition_reason)
        if r.quality.definition == "proxy" else "the claim's own",
        "age": (f"{r.quality.age_years} years" if r.quality.age_years is not None else "–"),
        "counts_as": band_words(r.band, unit) if r.band is not None and r.verdict.scored
        else "–",
        "dataset": plain(ref.dataset) if ref else "",
        "series_name": plain(ref.series_name) if ref else "",
        "economy": display_name(ref.economy if ref else r.economy),
        "updated": plain(ref.publisher_updated) if ref else "",
        "retrieved": (ref.retrieved_at or "")[:10] if ref else "",
        "caveat": " ".join((r.caveat or "").split()),
        "claim_id": c.claim.id, "reading_id": r.reading_id, "measure": r.measure,
        "series": ref.series if ref else "", "origin": ref.origin if ref else "",
        "explanation": r.explanation, "no_data_reason": r.no_data_reason,
    }
    sort = dict(text)
    sort.update({"claimed": c.claim.value, "observed": ref.value if ref else None,
                 "difference": r.diff_points, "difference_relative": r.diff_percent,
                 "latest": latest.value if latest else None,
                 "latest_difference": r.latest_diff_points, "age": r.quality.age_years,
                 "verdict": r.verdict.rank, "claim_verdict": c.verdict.rank})
    return text, sort


def _sort_key(value: Any) -> tuple:
    if value is None or value == "":
        return (2, 0, "")
    if isinstance(value, int | float):
        return (0, value, "")
    return (1, 0, str(value).lower())


def table(ctx: PageContext, *, sort: str | None = None, descending: bool = False,
          shown: list[str] | None = None) -> TableView:
    """Every claim × source; ``sort``: a column key (file order when None); ``shown``: the
    column keys to show (unknown keys are ignored; none left → the default eight)."""
    cells = [_cells(c, r) for c in ctx.result.claims for r in c.readings]
    sort = sort if sort in KEYS else None
    if sort is not None:
        present = [x for x in cells if x[1][sort] not in (None, "")]
        absent = [x for x in cells if x[1][sort] in (None, "")]
        present.sort(key=lambda x: _sort_key(x[1][sort]), reverse=descending)
        cells = present + absent  # rows without a value stay last either way
    keep = tuple(k for k in (shown or ()) if k in KEYS) or DEFAULT
    numeric = {c.key for c in COLUMNS if c.numeric}
    cols = keep if keep != DEFAULT else ()
    sort_links = tuple(
        (k, ctx.links.table(ctx.article_id, sort=k, columns=cols,
                            descending=(not descending) if k == sort else k in numeric))
        for k in keep)
    return TableView(
        page_title=table_title(ctx.result.article),
        article=article_header(ctx), heading="Every claim and source in one table",
        columns=COLUMNS, shown=keep, rows=tuple(text for text, _ in cells), sort=sort or "",
        descending=bool(sort and descending), sort_links=sort_links,
        phone=tuple((sentence_case(c.claim.gloss), reading_rows(ctx, c))
                    for c in ctx.result.claims))
