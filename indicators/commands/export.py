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
@click.pass_context
def export(ctx: click.Context, fmt: str, output: Path | None, claims_path: Path | None) -> None:
    """Export one row per claim × reading with every number's provenance."""
    if fmt == "xlsx" and output is None:
        click.echo("Error: --format xlsx needs --output FILE (a workbook is binary).", err=True)
        sys.exit(2)
    result = evaluate_or_exit(ctx, claims_path)
    data = export_bytes(result, fmt)
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
