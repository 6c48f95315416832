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
from indicators.output.claimreview import missing_fields, to_claimreview
from indicators.output.export import FORMATS, export_bytes
from indicators.output.site_urls import normalise_base_url


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="csv | xlsx | md | json | claimreview (schema.org JSON-LD, one per claim).")
@click.option("--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="File to write. Default: standard output (not for xlsx).")
@claims_option()
@article_option
@click.option("--base-url", "base_url", default=None, metavar="URL",
              help="claimreview: the address the site of `claimcheck publish` is served from; "
                   "gives each review the `url` of its claim page (required by Google).")
@click.option("--author", "author", default=None, metavar="NAME",
              help="claimreview: who publishes the fact check (default: Claimcheck).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, claims_target: Path | None,
           article: str | None, base_url: str | None, author: str | None) -> None:
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
    if (base_url or author) and fmt != "claimreview":
        click.echo("Error: --base-url and --author shape only --format claimreview.", err=True)
        sys.exit(2)
    if base_url is not None:
        try:
            normalise_base_url(base_url)
        except ValueError as exc:
            click.echo(f"Error: {exc}.", err=True)
            sys.exit(2)
    articles, single = evaluate_set_or_exit(ctx, claims_target, article)
    options = {"base_url": base_url, "author": author} if fmt == "claimreview" else {}
    results = [e.result for e in articles.entries]
    if single:
        data = export_bytes(results[0], fmt, **options)
    else:
        from indicators.output.article_set import export_set_bytes

        data = export_set_bytes(articles, fmt, **options)
    if fmt == "claimreview":
        missing = sorted({f for r in results for review in to_claimreview(r, **options)
                          for f in missing_fields(review)})
        if missing:
            click.echo("Note: the ClaimReview lacks " + ", ".join(missing) + _why(missing)
                       + ".", err=True)
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


def _why(missing: list[str]) -> str:
    hints = []
    if any(m.endswith(": url") for m in missing):
        hints.append("--base-url gives the url")
    if any("itemReviewed.author" in m or "appearance.url" in m for m in missing):
        hints.append("the claims file's [article] url and publisher give the article's")
    return f" ({'; '.join(hints)})" if hints else ""
