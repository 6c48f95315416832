"""`claimcheck status` and `claimcheck snapshot build`."""

from __future__ import annotations

import sys
import time
from datetime import date
from pathlib import Path

import click
from rich.markup import escape
from rich.table import Table

from cache.bundle import SNAPSHOT_DIR
from indicators.commands import make_console, store_from_context
from indicators.sources.base import SourceError, missing_key_reason
from indicators.sources.registry import SOURCES, source_names


@click.command()
@click.option("--verify", is_flag=True,
              help="Also check every page of the store (SQLite's quick_check; seconds on a "
                   "large store). Smaller stores are checked on every command anyway.")
@click.pass_context
def status(ctx: click.Context, verify: bool = False) -> None:
    """Show what the store holds and when each source was last refreshed.

    Read-only: it never creates, seeds or changes the store. A damaged store (a missing table
    or column, a failed page check) is reported with how to rebuild it (exit 2).
    """
    started = time.perf_counter()
    store = store_from_context(ctx, write=False, create=False, verify=verify or None)
    console = make_console(150)
    console.print(f"Store: [bold]{escape(str(store.path))}[/bold]")
    if verify:
        size = store.path.stat().st_size / 1e6
        console.print(f"Integrity: ok (PRAGMA quick_check on {size:,.1f} MB, every table and "
                      f"column present; {time.perf_counter() - started:.1f} s)")
    table = Table(title="Observations by source")
    for col in ("source", "rows", "current", "series", "economies", "years", "newest vintage",
                "last refresh"):
        table.add_column(col, no_wrap=col != "last refresh")
    table.add_column("status", ratio=1, min_width=30)
    summaries = {s["source"]: s for s in store.summary()}
    # Every source this installation can refresh gets a line, even before its first refresh.
    for source in sorted(set(store.sources()) | set(source_names())):
        s = summaries.get(source, {})
        last = store.last_refresh(source)
        # "last refresh" is the last one that worked; a later failure shows in "status".
        good = next((r for r in reversed(store.refreshes(source)) if r.status == "ok"), None)
        last_text = f"{good.finished_at} ({good.kind})" if good else "never"
        state = last.status if last else f"not refreshed yet (claimcheck refresh --source {source})"
        if last and last.status == "failed":
            state = f"[red]failed[/red] {last.finished_at}: {escape(last.error or '')}"
        if reason := _missing_key(source):
            key_note = f"[yellow]key missing: {escape(reason)}[/yellow]"
            state = key_note if last is None else f"{state}; {key_note}"
        table.add_row(
            source,
            str(s.get("rows", 0)),
            str(s.get("current_rows", 0)),
            str(s.get("series", 0)),
            str(s.get("economies", 0)),
            f"{s['first_year']}–{s['last_year']}" if s else "-",
            s.get("newest_vintage") or "-",
            last_text,
            state,
        )
    console.print(table)
    store.close()


def _missing_key(source: str) -> str | None:
    """Why a source that needs an API key cannot run now ("needs EIA_API_KEY …"), or None."""
    entry = SOURCES.get(source)
    if entry is None or not entry.needs_key:
        return None
    try:
        return missing_key_reason(entry.create())
    except SourceError:
        return None


@click.group()
def snapshot() -> None:
    """Manage the bundled snapshot that seeds new stores (cache/snapshot/)."""


@snapshot.command("build")
@click.option(
    "--reference",
    "reference_dir",
    type=click.Path(file_okay=False, exists=True, path_type=Path),
    default=Path("../shared/reference"),
    show_default=True,
    help="Folder with the reference files (worldbank/, other/).",
)
@click.option(
    "--output",
    "out_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=SNAPSHOT_DIR,
    show_default=True,
    help="Where to write the snapshot files.",
)
@click.option(
    "--retrieved",
    default=lambda: date.today().isoformat(),
    help="Date the reference files were read (recorded on every row). Default: today.",
)
def build(reference_dir: Path, out_dir: Path, retrieved: str) -> None:
    """Rebuild the bundled snapshot from the reference files, with the project's importers."""
    # Imported here: `status` (this module's other command) should not pay for the importers.
    from indicators.sources.reference import ReferenceFormatError
    from indicators.sources.snapshot_build import build_snapshot

    try:
        manifest = build_snapshot(reference_dir, out_dir, retrieved_at=retrieved,
                                  built_at=retrieved)
    except (ReferenceFormatError, FileNotFoundError) as exc:
        click.echo(f"Error: {exc}; the snapshot was not changed.", err=True)
        sys.exit(2)
    click.echo(
        f"Wrote {manifest.observations} observations of {manifest.series} series to {out_dir} "
        f"from {len(manifest.inputs)} files; {len(manifest.rejected)} rows not imported "
        "(reasons in manifest.json)."
    )
