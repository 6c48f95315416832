"""Where each number comes from: in reader words, with the technical provenance apart.

Readers see the publisher, the dataset as it describes itself, the series' name, when it was
retrieved and last updated, the licence and a link to the publisher's page. Series codes,
origins (repository@commit:path), the rules' own wording and the command that refreshes a
source go to ``technical`` facts, shown only inside a "Technical provenance" disclosure.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from indicators.claims.economies import display_name
from indicators.output.pages.context import PageContext
from indicators.output.pages.models import Fact, ProvenanceEntry, SourceEntry
from indicators.output.pages.words import figure_text, leaves, period_note, plain, source_name


def _is_url(text: str) -> bool:
    return (text or "").startswith(("http://", "https://"))


def _economy(leaf: Any) -> str:
    where = display_name(leaf.economy)
    return where + (f" (counterpart: {display_name(leaf.counterpart)})" if leaf.counterpart
                    else "")


def source_entries(points: Iterable[Any]) -> tuple[SourceEntry, ...]:
    """Each stored series behind these points once (the chart's Sources tab)."""
    seen: dict[tuple, Any] = {}
    for p in points:
        for leaf in leaves(p):
            seen.setdefault((leaf.source, leaf.dataset, leaf.series, leaf.economy,
                             leaf.counterpart), leaf)
    return tuple(
        SourceEntry(
            title=f"{source_name(leaf.source, leaf.dataset)} — "
                  f"{plain(leaf.series_name) or 'series'}",
            description=plain(leaf.dataset), economy=_economy(leaf),
            retrieved=(leaf.retrieved_at or "unknown")[:10],
            updated=(f"publisher last updated {plain(leaf.publisher_updated)}"
                     if plain(leaf.publisher_updated)
                     else "publisher's last update not stated"),
            link=leaf.origin if _is_url(leaf.origin) else "")
        for leaf in seen.values())


def provenance(reading: Any, ctx: PageContext) -> tuple[tuple[ProvenanceEntry, ...], str]:
    """Every stored value behind a reading's figures, and a note when Claimcheck computed them."""
    points = [p for p in (reading.at_claim_year, reading.latest) if p is not None]
    entries, seen = [], set()
    for point in points:
        for leaf in leaves(point):
            key = (leaf.source, leaf.series, leaf.economy, leaf.counterpart, leaf.year)
            if key not in seen:
                seen.add(key)
                entries.append(_entry(leaf, ctx))
    computed = any(p.computed for p in points)
    note = ("Computed by Claimcheck from the stored values below." if computed else "")
    return tuple(entries), note


def _entry(leaf: Any, ctx: PageContext) -> ProvenanceEntry:
    meta = ctx.series_meta.get((leaf.source, leaf.series))
    facts = [Fact("Definition", meta.definition if meta is not None and meta.definition
                  else "not given by the publisher"),
             Fact("Publisher last updated", plain(leaf.publisher_updated) or "not stated"),
             Fact("Retrieved", (leaf.retrieved_at or "unknown")[:10]),
             Fact("Licence", ctx.licences.get(leaf.source, "not stated"))]
    if period_note(leaf):
        facts.insert(0, Fact("Period", f"{leaf.period}"))
    if plain(leaf.note):
        facts.append(Fact("Note", plain(leaf.note)))
    technical = [Fact("Source key", leaf.source), Fact("Series code", leaf.series),
                 Fact("Dataset", leaf.dataset or "–"),
                 Fact("Origin", leaf.origin or "–"),
                 Fact("Publisher's version", leaf.publisher_updated or "–"),
                 Fact("Note as stored", leaf.note or "–"),
                 Fact("Retrieved at", leaf.retrieved_at or "–")]
    if leaf.unit_original:
        technical.append(Fact("Unit as published", leaf.unit_original))
    return ProvenanceEntry(
        value=f"{figure_text(leaf)} · {_economy(leaf)}",
        source=f"{source_name(leaf.source, leaf.dataset)} — {plain(leaf.series_name)}",
        description=plain(leaf.dataset), facts=tuple(facts), technical=tuple(technical),
        link=leaf.origin if _is_url(leaf.origin) else "")


def technical_facts(reading: Any) -> tuple[Fact, ...]:
    """The rules' own explanation and the measure's codes, for the technical disclosure."""
    facts = [Fact("Reading id", reading.reading_id), Fact("Measure", reading.measure),
             Fact("Rules' explanation", reading.explanation)]
    if reading.no_data_reason and reading.no_data_reason != reading.explanation:
        facts.append(Fact("Why no data", reading.no_data_reason))
    return tuple(facts)
