"""`claimcheck export`: the comparison as CSV, XLSX, Markdown, JSON or ClaimReview JSON-LD."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from indicators import atomic
from indicators.commands import evaluate_or_exit, write_stdout
from indicators.output.export import FORMATS, export_bytes


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMATS), required=True,
              help="csv | xlsx | md | json | claimreview (schema.org JSON-LD, one per claim).")
@click.option("--output", "output", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="File to write. Default: standard output (not for xlsx).")
@click.option("--claims", "claims_path", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Claims file (TOML). Default: the bundled article's claims.")
@click.option("--base-url", "base_url", default=None, metavar="URL",
              help="claimreview: the address the site of `claimcheck publish` is served from; "
                   "gives each review the `url` of its claim page (required by Google).")
@click.option("--author", "author", default=None, metavar="NAME",
              help="claimreview: who publishes the fact check (default: Claimcheck).")
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, claims_path: Path | None,
           base_url: str | None, author: str | None) -> None:
    """Export one row per claim × reading with every number's provenance."""
    from indicators.output.claimreview import missing_fields, to_claimreview
    from indicators.output.site_urls import normalise_base_url

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
    result = evaluate_or_exit(ctx, claims_path)
    options = {"base_url": base_url, "author": author} if fmt == "claimreview" else {}
    data = export_bytes(result, fmt, **options)
    if fmt == "claimreview":
        missing = sorted({f for r in to_claimreview(result, **options) for f in missing_fields(r)})
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
    click.echo(f"Wrote {output} ({fmt}, {sum(len(c.readings) for c in result.claims)} rows).",
               err=True)


def _why(missing: list[str]) -> str:
    hints = []
    if any(m.endswith(": url") for m in missing):
        hints.append("--base-url gives the url")
    if any("itemReviewed.author" in m or "appearance.url" in m for m in missing):
        hints.append("the claims file's [article] url and publisher give the article's")
    return f" ({'; '.join(hints)})" if hints else ""
