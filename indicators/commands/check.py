"""`claimcheck check`: the article's claims against the data, as a table or JSON."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.table import Table
from rich.text import Text

from indicators.commands import evaluate_or_exit, make_console
from indicators.compare import ArticleResult, ObservedPoint, fmt_number


def _observed(p: ObservedPoint | None) -> str:
    if p is None:
        return "–"
    return f"{fmt_number(p.value)} ({p.year})"


def _diff(points: float | None, percent: float | None) -> str:
    if points is None:
        return "–"
    sign = "+" if points > 0 else ""
    text = f"{sign}{fmt_number(points)} pts"
    return text + (f"\n{sign}{fmt_number(percent)}%" if percent is not None else "")


def _source(p: ObservedPoint | None) -> str:
    if p is None:
        return "–"
    lines = dict.fromkeys(f"{leaf.source}: {leaf.series} ({leaf.economy})" for leaf in p.leaves())
    return "\n".join(lines)


def render_table(result: ArticleResult, console: Console) -> None:
    a = result.article
    console.print(f"[bold]{a.title}[/bold] ({a.date}, {a.language})")
    if a.year_note:
        console.print(a.year_note, style="dim")
    table = Table(show_lines=True, expand=True)
    for col in ("claim", "reading", "claimed", "observed (year)", "difference",
                "latest (year)", "verdict", "source"):
        table.add_column(col, overflow="fold")
    for c in result.claims:
        for i, r in enumerate(c.readings):
            claim_cell = Text()
            if i == 0:
                claim_cell.append(f"„{c.claim.quote}“\n", style="bold")
                claim_cell.append(f"overall: {c.verdict.value}", style=c.verdict.colour)
            claimed = ("qualitative" if r.claimed_value is None
                       else f"{fmt_number(r.claimed_value)} {r.claimed_unit}")
            table.add_row(
                claim_cell,
                f"{'★ ' if r.likely else ''}{r.reading_id}\n[dim]{r.meaning}[/dim]",
                claimed,
                _observed(r.at_claim_year),
                _diff(r.diff_points, r.diff_percent),
                _observed(r.latest),
                Text(r.verdict.value, style=f"bold {r.verdict.colour}"),
                _source(r.at_claim_year) if r.at_claim_year else f"[dim]{r.no_data_reason}[/dim]",
            )
    console.print(table)
    console.print("★ = the most likely reading of the claim's words, which decides its verdict.")
    for c in result.claims:
        console.print(f"[bold]{c.claim.id}[/bold]: {c.verdict.value}. {c.explanation}")
    console.print(f"\n[bold]{result.headline()}[/bold]")


@click.command()
@click.option(
    "--claims",
    "claims_path",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Claims file (TOML, see docs/claims-format.md). Default: the bundled article's claims.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A readable table, or the same results as JSON.",
)
@click.pass_context
def check(ctx: click.Context, claims_path: Path | None, fmt: str) -> None:
    """Compare each claim and each of its readings with the data in the store."""
    from indicators.export import to_json_bytes

    result = evaluate_or_exit(ctx, claims_path)
    if fmt == "json":
        click.echo(to_json_bytes(result).decode("utf-8"), nl=False)
        return
    render_table(result, make_console(160))
