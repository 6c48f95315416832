"""`claimcheck check`: the article's claims against the data, as a table or JSON.

At 120 columns and more the readings are one eight-column table; on a narrower terminal (80–119
columns, where eight columns would fold every cell into a few letters) each claim is one block,
its readings listed under it with their values labelled.
"""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from indicators.commands import evaluate_or_exit, make_console
from indicators.judge.results import ArticleResult, ObservedPoint
from indicators.output.display import claimed_text, fmt_number, value_with_period, verdict_colour


def _observed(p: ObservedPoint | None) -> str:
    return value_with_period(p)


def _diff(points: float | None, percent: float | None) -> str:
    if points is None:
        return "–"
    sign = "+" if points > 0 else ""
    text = f"{sign}{fmt_number(points)} pts"
    return text + (f"\n{sign}{fmt_number(percent)}%" if percent is not None else "")


def _diff_inline(points: float | None, percent: float | None) -> str:
    """The difference on one line: "-9.3 pts (-46.5%)"."""
    lines = _diff(points, percent).split("\n")
    return lines[0] + (f" ({lines[1]})" if len(lines) > 1 else "")


def _source(p: ObservedPoint | None) -> str:
    if p is None:
        return "–"
    lines = dict.fromkeys(f"{leaf.source}: {leaf.series} ({leaf.economy})" for leaf in p.leaves())
    return "\n".join(lines)


def _brief(c) -> list[str]:
    """The claim's qualifiers, short enough for the table (in full below it)."""
    out = []
    for q in c.qualifiers:
        if q.startswith("fallback"):
            q = f"fallback: decided by {c.deciding_reading}"
        elif q.startswith("depends on the reading"):
            q = "depends on the reading (see each reading's verdict)"
        out.append(q)
    return out


TABLE_MIN_WIDTH = 120  # below this, one block per claim instead of the eight-column table


def render(result: ArticleResult, console: Console) -> None:
    """The table where it fits, else one block per claim."""
    if console.width >= TABLE_MIN_WIDTH:
        render_table(result, console)
    else:
        render_blocks(result, console)


def _header(result: ArticleResult, console: Console) -> None:
    a = result.article
    # Text objects, not markup strings: a claims file's "[red]" stays literal text.
    console.print(Text.assemble((a.title, "bold"), f" ({a.date}, {a.language})"))
    if a.year_note:
        console.print(Text(a.year_note, style="dim"))


def _footer(result: ArticleResult, console: Console) -> None:
    console.print("★ = the most likely reading of the claim's words, which decides its verdict.")
    for c in result.claims:
        console.print(Text.assemble((c.claim.id, "bold"), f": {c.verdict_text}. {c.explanation}"))
    console.print(Text("\n" + result.headline(), style="bold"))


def render_blocks(result: ArticleResult, console: Console) -> None:
    """One block per claim: the quote and overall verdict, then each reading, labelled."""
    _header(result, console)
    for c in result.claims:
        console.print(Rule(Text.assemble((c.claim.id, "bold"), " — overall: ",
                                         (c.verdict.value, f"bold {verdict_colour(c.verdict)}")),
                           align="left"))
        console.print(Text(f"„{c.claim.quote}“", style="bold"))
        for q in _brief(c):
            console.print(Text(f"· {q}", style="dim"))
        for r in c.readings:
            head = Text.assemble(("★ " if r.likely else "", "bold"), (r.reading_id, "bold"),
                                 f": {r.meaning}")
            verdict = Text(r.verdict.value, style=f"bold {verdict_colour(r.verdict)}")
            for q in r.qualifiers:
                verdict.append(f" · {q}", style="dim")
            lines = [("claimed", Text(claimed_text(r.claimed_value, r.claimed_unit, r.bound))),
                     ("observed", Text(_observed(r.at_claim_year))),
                     ("difference", Text(_diff_inline(r.diff_points, r.diff_percent))),
                     ("latest", Text(_observed(r.latest))),
                     ("verdict", verdict),
                     ("source", Text(_source(r.at_claim_year).replace("\n", "; "))
                      if r.at_claim_year else Text(r.no_data_reason, style="dim"))]
            console.print(Padding(head, (1, 0, 0, 2), expand=False))
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="dim", no_wrap=True)
            grid.add_column(overflow="fold")
            for label, value in lines:
                grid.add_row(label, value)
            console.print(Padding(grid, (0, 0, 0, 4), expand=False))
        console.print()
    _footer(result, console)


def render_table(result: ArticleResult, console: Console) -> None:
    _header(result, console)
    table = Table(show_lines=True, expand=True)
    for col in ("claim", "reading", "claimed", "observed (period)", "difference",
                "latest (period)", "verdict", "source"):
        # the claim in the article's terms ("more than 50 percent") stays on one line
        table.add_column(col, overflow="fold", min_width=20 if col == "claimed" else None)
    for c in result.claims:
        for i, r in enumerate(c.readings):
            claim_cell = Text()
            if i == 0:
                claim_cell.append(f"„{c.claim.quote}“\n", style="bold")
                claim_cell.append(f"overall: {c.verdict.value}", style=verdict_colour(c.verdict))
                for q in _brief(c):
                    claim_cell.append(f"\n· {q}", style="dim")
            claimed = claimed_text(r.claimed_value, r.claimed_unit, r.bound)
            verdict = Text(r.verdict.value, style=f"bold {verdict_colour(r.verdict)}")
            for q in r.qualifiers:
                verdict.append(f"\n{q}", style="dim")
            table.add_row(
                claim_cell,
                Text.assemble(f"{'★ ' if r.likely else ''}{r.reading_id}\n", (r.meaning, "dim")),
                claimed,
                _observed(r.at_claim_year),
                _diff(r.diff_points, r.diff_percent),
                _observed(r.latest),
                verdict,
                Text(_source(r.at_claim_year)) if r.at_claim_year
                else Text(r.no_data_reason, style="dim"),
            )
    console.print(table)
    _footer(result, console)


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
    from indicators.output.export import to_json_bytes

    result = evaluate_or_exit(ctx, claims_path)
    if fmt == "json":
        click.echo(to_json_bytes(result).decode("utf-8"), nl=False)
        return
    render(result, make_console(160))
