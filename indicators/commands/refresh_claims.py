"""`claimcheck refresh` and the claims files: what the World Bank and IDS must fetch for them.

The claims files (``--claims``, or the default set: bundled articles + the user's claims folder)
are validated as `check` validates them (one line per broken file, exit 2, nothing fetched);
`indicators.claims.needs` turns them into series × economy keys, which go to the adapters as
``wanted``. After the run, each code the publisher did not know or answered no value for is
said on a line of its own, with the claims files that name it.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from indicators.claims.needs import SourceNeeds, claims_needs
from indicators.commands.articles import resolve_paths, validate_or_exit
from indicators.refresh import SourceOutcome
from indicators.sources.registry import claims_sources

CLAIMS_SOURCES = claims_sources()  # the adapters that fetch what claims read


def claims_needs_or_exit(ctx: click.Context, store, target: Path | None,
                         console: Console) -> dict[str, SourceNeeds]:
    """What the claims files read of the World Bank and IDS; exit 2 for a broken file."""
    paths = resolve_paths(ctx, target)
    files = validate_or_exit(store, paths)
    needs = {s: n for s, n in claims_needs(files).items() if s in CLAIMS_SOURCES}
    parts = [f"{source}: {len(n.series)} series × {_count(n.economies, 'economy')}"
             + (f", {_count(n.counterparts, 'creditor')}" if n.counterparts else "")
             for source, n in sorted(needs.items())]
    console.print(
        f"Claims: {len(files)} file{'s' if len(files) != 1 else ''} "
        f"({escape(', '.join(p.name for p in paths))}) read "
        + (escape("; ".join(parts)) if parts else "no World Bank or IDS series")
        + (", fetched besides the configured ones." if parts else "."),
        soft_wrap=True)
    return needs


def _count(codes: list[str], word: str) -> str:
    plural = "economies" if word == "economy" else f"{word}s"
    return f"{len(codes)} {word if len(codes) == 1 else plural}"


def adapter_options(needs: dict[str, SourceNeeds]) -> dict[str, dict]:
    """The ``wanted`` option of each adapter that fetches what claims read."""
    options: dict[str, dict] = {}
    if "worldbank" in needs:
        options["worldbank"] = {"wanted": needs["worldbank"].economies_by_series()}
    if "ids" in needs:
        options["ids"] = {"wanted": needs["ids"].keys}
    return options


def print_notes(outcomes: list[SourceOutcome], needs: dict[str, SourceNeeds]) -> None:
    """One unwrapped line per code a source did not know or had no value for."""
    for outcome in outcomes:
        source_needs = needs.get(outcome.source)
        for note in outcome.notes:
            where = source_needs.where(note.code, note.economies) if source_needs else ""
            click.echo(f"{outcome.source}: {note.message}"
                       + (f" (named in {where})" if where else ""))
