"""`claimcheck export`: the comparison as CSV, XLSX, Markdown, JSON or ClaimReview JSON-LD.

One article (``--claims FILE`` or ``--article ID``) gives the one-article export; a folder or
the default set gives every article in one file (`indicators.output.article_set`).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from indicators import atomic
from indicators.commands import write_stdout
from indicators.commands.articles import article_option, claims_option, evaluate_set_or_exit
from indicators.output.export import FORMATS, export_bytes


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="csv | xlsx | md | json | claimreview (schema.org JSON-LD, one per claim).")
@click.option("--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="File to write. Default: standard output (not for xlsx).")
@claims_option()
@article_option
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, claims_target: Path | None,
           article: str | None) -> None:
    """Export one row per claim × reading with every number's provenance.

    \b
    One article (--claims FILE, or --article ID): the one-article file.
    Several (a folder, or the default set): every article in one file —
      csv/json an article column/field, xlsx one set of sheets per article,
      md one section per article, claimreview one review per claim.
    """
    if fmt == "xlsx" and output is None:
        click.echo("Error: --format xlsx needs --output FILE (a workbook is binary).", err=True)
        sys.exit(2)
    articles, single = evaluate_set_or_exit(ctx, claims_target, article)
    if single:
        data = export_bytes(articles.entries[0].result, fmt)
    else:
        from indicators.output.article_set import export_set_bytes

        data = export_set_bytes(articles, fmt)
    if output is None:
        write_stdout(data, "the export")
        return
    try:
        # Never truncates an existing export: a temporary file is renamed over it when complete.
        atomic.write_bytes(output, data)
    except OSError as exc:
        message, status = atomic.describe(exc, output)
        click.echo(f"Error: {message}", err=True)
        sys.exit(status)
    rows = sum(len(c.readings) for e in articles.entries for c in e.result.claims)
    n = len(articles.entries)
    click.echo(f"Wrote {output} ({fmt}, {rows} rows"
               + ("" if single else f", {n} article{'s' if n != 1 else ''}") + ").", err=True)
