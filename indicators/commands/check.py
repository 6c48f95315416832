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

from indicators.commands import make_console
from indicators.commands.articles import article_option, claims_option, evaluate_set_or_exit
from indicators.judge.article_set import ArticleSet
from indicators.judge.results import ArticleResult, ObservedPoint
from indicators.output.article_set import articles_json_bytes
from indicators.output.display import (
    claimed_cell,
    difference_cell,
    observed_cell,
    source_lines,
    verdict_colour,
)


def _source(p: ObservedPoint | None) -> str:
    return "\n".join(source_lines(p)) or "–"


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
            lines = [("claimed", Text(claimed_cell(r))),
                     ("observed", Text(observed_cell(r.at_claim_year, r))),
                     ("difference", Text(difference_cell(r, r.diff_points, r.diff_percent))),
                     ("latest", Text(observed_cell(r.latest, r))),
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
            claimed = claimed_cell(r)
            verdict = Text(r.verdict.value, style=f"bold {verdict_colour(r.verdict)}")
            for q in r.qualifiers:
                verdict.append(f"\n{q}", style="dim")
            table.add_row(
                claim_cell,
                Text.assemble(f"{'★ ' if r.likely else ''}{r.reading_id}\n", (r.meaning, "dim")),
                claimed,
                observed_cell(r.at_claim_year, r),
                difference_cell(r, r.diff_points, r.diff_percent, around=("\n", "")),
                observed_cell(r.latest, r),
                verdict,
                Text(_source(r.at_claim_year)) if r.at_claim_year
                else Text(r.no_data_reason, style="dim"),
            )
    console.print(table)
    _footer(result, console)


def render_set(articles: ArticleSet, console: Console) -> None:
    """Each article's table under its id, then one line per article (title, date, counts)."""
    for entry in articles.entries:
        console.rule(Text(entry.id, style="bold"))
        render(entry.result, console)
        console.print()
    console.rule(Text(f"{len(articles.entries)} article"
                      f"{'s' if len(articles.entries) != 1 else ''}", style="bold"))
    for entry in articles.entries:
        a = entry.result.article
        console.print(Text.assemble((entry.id, "bold"), f"  {a.title} ({a.date}): ",
                                    entry.result.headline()))


@click.command()
@claims_option()
@article_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="A readable table, or the same results as JSON (one article's document for --claims "
         "FILE or --article; else every article's, docs/claims-format.md \"Many articles\").",
)
@click.pass_context
def check(ctx: click.Context, claims_target: Path | None, article: str | None, fmt: str) -> None:
    """Compare each claim and each of its readings with the data in the store.

    Checks every article (each claims file) it is given, and ends with a one-line summary per
    article. The store is only read.
    """
    from indicators.output.export import to_json_bytes

    articles, single = evaluate_set_or_exit(ctx, claims_target, article)
    if fmt == "json":
        data = (to_json_bytes(articles.entries[0].result) if single
                else articles_json_bytes(articles))
        click.echo(data.decode("utf-8"), nl=False)
        return
    console = make_console(160)
    if single:
        render(articles.entries[0].result, console)
    else:
        render_set(articles, console)
