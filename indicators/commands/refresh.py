"""`claimcheck refresh`: fetch the sources (or import bulk files) into the store, then summarise.

Exit status: 0 every source succeeded, 1 a source failed (its previous rows are kept),
2 bad input (a file that is missing or not a World Bank bulk CSV, an unusable store, or
another refresh holding the store's lock). A source whose API key is not set is listed as
"not run" (yellow) and leaves the exit status alone, unless it was asked for with --source.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from cache.archive import ArchiveError, ResponseArchive
from cache.bundle import read_manifest, seed_store
from cache.store import Store, utc_now
from indicators.bulk_import import import_bulk_file
from indicators.commands import make_console, store_from_context
from indicators.commands.articles import claims_option
from indicators.commands.refresh_claims import (
    CLAIMS_SOURCES,
    adapter_options,
    claims_needs_or_exit,
    print_notes,
)
from indicators.commands.status import status as status_command
from indicators.models import SourceBatch
from indicators.refresh import SourceOutcome, refresh_sources, reparse_source
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.registry import SOURCES, create_adapter, make_http_client, source_names

MAX_REJECTIONS_SHOWN = 20


class _Unavailable:
    """Stands in for an adapter that cannot be loaded, so the run logs it as a failed source."""

    def __init__(self, name: str, error: SourceError):
        self.name = name
        self.title = name
        self.licence = ""
        self._error = error

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        raise self._error


def _adapters(names: list[str], options: dict[str, dict] | None = None) -> list:
    adapters = []
    for name in names:
        try:
            adapters.append(create_adapter(name, **(options or {}).get(name, {})))
        except SourceError as exc:
            adapters.append(_Unavailable(name, exc))
    return adapters


def _summary_table(
    outcomes: list[SourceOutcome], requested: frozenset[str] = frozenset()
) -> Table:
    table = Table(title="Refresh summary")
    table.add_column("source")
    for col in ("new", "changed", "unchanged"):
        table.add_column(col, justify="right")
    table.add_column("status", overflow="fold")  # fold, never crop, a failing URL
    table.add_column("publisher last updated")
    for o in outcomes:
        if o.ok:
            state = "[green]ok[/green]"
            if o.n_rejected:
                state += f" ({o.n_rejected} rows rejected)"
        elif o.not_run:
            color = "red" if o.source in requested else "yellow"
            state = f"[{color}]not run[/{color}]: {escape(o.error or '')} (stored rows unchanged)"
        else:
            state = f"[red]failed[/red]: {escape(o.error or '')} (previous rows kept)"
        table.add_row(
            escape(o.label or o.source),
            str(o.counts.new) if o.ok else "-",
            str(o.counts.changed) if o.ok else "-",
            str(o.counts.unchanged) if o.ok else "-",
            state,
            o.publisher_updated or "-",
        )
    return table


def _print_rejections(bulk) -> None:
    # Plain echo, never wrapped, so "file:line: reason" stays on one greppable line.
    shown = list(bulk.rejected)[:MAX_REJECTIONS_SHOWN]
    for rejection in shown:
        click.echo(f"  rejected {rejection}")
    if len(bulk.rejected) > len(shown):
        click.echo(f"  … and {len(bulk.rejected) - len(shown)} more rejected rows")
    if len(bulk.rejected) > 1:
        click.echo(f"  rejected by reason: {bulk.rejected.summary()}")


def _import_files(
    store: Store, files: tuple[Path, ...], wait: float, rejects: Path | None = None
) -> tuple[list[SourceOutcome], bool]:
    """Import each file; returns the outcomes and whether every file was usable."""
    outcomes: list[SourceOutcome] = []
    all_usable = True
    for path in files:
        try:
            result = import_bulk_file(store, path, lock_wait=wait, rejects_to=rejects)
        except SourceError as exc:
            all_usable = False
            click.echo(f"Error: {exc}", err=True)
            click.echo("  nothing was imported from this file; the store is unchanged", err=True)
            continue
        bulk, outcome = result.file, result.outcome
        click.echo(
            f"{path.name}: {bulk.title}, "
            f"last updated {bulk.publisher_updated}: loaded {bulk.rows_loaded} rows "
            f"({outcome.rows} values), rejected {len(bulk.rejected)} rows"
            + (f", {bulk.rows_without_values} rows had no values" if bulk.rows_without_values
               else "")
        )
        _print_rejections(bulk)
        if rejects is not None:
            click.echo(f"  every rejected row ({len(bulk.rejected)}) is listed in {rejects}")
        outcomes.append(outcome)
    return outcomes, all_usable


def _ensure_snapshot(store: Store, wait: float, console: Console) -> None:
    """Load the bundled snapshot unless this very snapshot is already in the store."""
    built_at = read_manifest()["built_at"]
    with store.refresh_lock(wait):
        if store.meta("snapshot_built_at") == built_at and not store.is_empty():
            console.print(f"Bundled snapshot (built {built_at}) is already in the store.")
            return
        loaded = seed_store(store)
    console.print(
        f"Loaded the bundled snapshot (built {built_at}): "
        + ", ".join(f"{n} rows for {s}" for s, n in sorted(loaded.items()))
    )


@click.command()
@click.option("--offline", is_flag=True,
              help="Use no network: make sure the store holds the bundled snapshot, then show "
                   "what it holds. Combine with --from-file to import downloaded files.")
@click.option("--source", "sources", multiple=True, type=click.Choice(source_names()),
              metavar="NAME",
              help=f"Refresh only this source (repeatable). Known: {', '.join(source_names())}.")
@click.option("--from-file", "files", multiple=True,
              type=click.Path(exists=True, dir_okay=False, path_type=Path), metavar="FILE",
              help="Import a World Bank bulk download (API_<code>_DS2_<lang>_csv_v2_*.csv, "
                   "WDICSV.csv with all of WDI, or the zip either came in) or a DataBank export "
                   "(Data_Extract_From_World_Development_Indicators: its zip, …_Data.csv or "
                   "XLSX) instead of calling the API (repeatable).")
@click.option("--rejects", "rejects", type=click.Path(dir_okay=False, path_type=Path),
              metavar="FILE",
              help="With one --from-file: write every rejected row (file, line, reason, detail) "
                   "to FILE as CSV; the summary names the first 20 and counts them by reason.")
@click.option("--reparse", "reparse", type=click.Choice(source_names()), metavar="SOURCE",
              help="No network: rebuild SOURCE's rows from the raw responses its last "
                   "successful refresh archived beside the store (after a parser fix).")
@claims_option("Claims file (TOML) or a folder of them: World Bank and IDS also fetch every "
               "series × economy these read, besides the configured ones. Default: the bundled "
               "articles and every *.toml in your claims folder, claims/ beside the store")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              metavar="SECONDS", help="Give up on one HTTP request after this long.")
@click.option("--retries", type=click.IntRange(min=0), default=3, show_default=True,
              metavar="N", help="Retry a failed HTTP request up to N times, with back-off.")
@click.option("--wait", type=click.FloatRange(min=0), default=10.0, show_default=True,
              metavar="SECONDS",
              help="If another refresh is writing to the store, wait this long for it, then stop.")
@click.pass_context
def refresh(
    ctx: click.Context,
    offline: bool,
    sources: tuple[str, ...],
    files: tuple[Path, ...],
    rejects: Path | None,
    reparse: str | None,
    claims_target: Path | None,
    timeout: float,
    retries: int,
    wait: float,
) -> None:
    """Fetch the latest data into the local store and summarise what changed.

    Each source is downloaded completely, then its rows are replaced in one transaction:
    a source that fails keeps its previous data, and the summary says why it failed.

    \b
    Examples:
      claimcheck refresh                      # every source, over the network
      claimcheck refresh --source worldbank   # one source
      claimcheck refresh --offline            # no network: the bundled snapshot only
      claimcheck refresh --reparse imf        # no network: re-read imf's archived download
      claimcheck refresh --from-file API_NE.EXP.GNFS.ZS_DS2_en_csv_v2_115680.csv
      claimcheck refresh --from-file Data_Extract_From_World_Development_Indicators.zip
      claimcheck refresh --claims moldova.toml  # also what this claims file reads

    A bulk file's rows are streamed into one transaction (all or nothing). Rows that cannot
    be read are rejected and counted by reason (the first 20 are named; --rejects FILE lists
    them all). The very same file imported again is recognised by its SHA-256 and answered
    from the report stored with it, without reading it again. A zip member that would unpack
    to more than 2 GB, or expand more than 100 times, is refused unread (exit 2).

    The World Bank (WDI) and IDS fetch their configured series and economies plus every
    series × economy the claims files read (every reading's alternatives, for the subject and
    the peers): by default the bundled articles and your claims folder, so a new claims file
    there is refreshed with no option. One request per database and chunk of series, never
    one per series. A code the World Bank does not know, or answers no value for, is named on
    a line of its own and does not stop the others; its stored values are kept.

    A source that needs an API key which is not set (eia: EIA_API_KEY) is not run: the
    summary lists it in yellow as "not run: needs EIA_API_KEY (free key: …)", its stored
    rows stay as they are, and it does not count as a failure. Asked for by name
    (--source eia), it is a failure (exit 1).

    Every answer a source's adapter parsed is archived, compressed, with its SHA-256, URL and
    retrieval time, in the directory beside the store (<store>.archive/); --reparse SOURCE
    replays the newest successful one through the current parser.

    Exit status: 0 all sources that ran succeeded, 1 a source failed (or a --source could
    not run for want of its key), 2 bad input (a missing or malformed file, an unusable
    store, another refresh still running, or --reparse with nothing archived).
    """
    if offline and sources:
        raise click.UsageError("--offline uses no network, so it cannot refresh --source.")
    if reparse and (offline or sources or files):
        raise click.UsageError("--reparse uses only the archive; give it alone.")
    if rejects is not None and len(files) != 1:
        raise click.UsageError("--rejects lists the rejected rows of one --from-file.")
    network = not (offline or reparse) and bool(sources or not files)
    if claims_target is not None and not network:
        raise click.UsageError("--claims says what a network refresh fetches; it needs no "
                               "--offline, --reparse or --from-file (unless with --source).")
    if claims_target is not None and sources and not CLAIMS_SOURCES & set(sources):
        raise click.UsageError(f"--claims says what {' and '.join(sorted(CLAIMS_SOURCES))} "
                               "fetch; add --source for one of them.")
    console = make_console(highlight=False)
    store = store_from_context(ctx)
    if reparse:
        _reparse(store, reparse, wait, console)
        return
    names = list(sources) or source_names()
    needs = {}
    try:
        if network and CLAIMS_SOURCES & set(names):
            needs = claims_needs_or_exit(ctx, store, claims_target, console)
        outcomes, files_ok = _import_files(store, files, wait, rejects)
        if not files_ok:
            if outcomes:
                console.print(_summary_table(outcomes))
            if sources or not (offline or files):
                console.print("Sources were not refreshed because of the bad input above.")
            sys.exit(2)
        if offline:
            _ensure_snapshot(store, wait, console)
        elif network:
            archive = ResponseArchive.beside(store.path)
            outcomes += _refresh_network(store, names, timeout, retries, wait, console, archive,
                                         adapter_options(needs))
    finally:
        store.close()
    requested = frozenset(sources)
    if outcomes:
        console.print(_summary_table(outcomes, requested))
    print_notes(outcomes, needs)
    if offline:
        ctx.invoke(status_command)
    failed = [o for o in outcomes
              if not (o.ok or (o.not_run and o.source not in requested))]
    for o in outcomes:
        if o.not_run:  # one unwrapped line each, so the key's name and URL stay whole
            color = "red" if o.source in requested else "yellow"
            console.print(f"[{color}]{escape(o.label)}: not run[/{color}]: "
                          f"{escape(o.error or '')}", soft_wrap=True)
    if failed:
        console.print(
            f"[red]{len(failed)} of {len(outcomes)} failed[/red]: "
            + ", ".join(o.label for o in failed)
            + ". Their previous data is still in the store."
        )
        sys.exit(1)


def _reparse(store: Store, name: str, wait: float, console: Console) -> None:
    """``--reparse``: exit 0 rows rebuilt, 1 the adapter failed on the archive, 2 none archived."""
    archive = ResponseArchive.beside(store.path)
    try:
        outcome = reparse_source(store, create_adapter(name), archive, lock_wait=wait)
    except (ArchiveError, SourceError) as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    finally:
        store.close()
    console.print(_summary_table([outcome]))
    if not outcome.ok:
        console.print(f"[red]{escape(outcome.label)} failed[/red]; its previous data is still "
                      "in the store.")
        sys.exit(1)
    console.print(f"Rebuilt {outcome.rows} rows of {name} from {archive.root}, no network used.")


def _refresh_network(
    store: Store, names: list[str], timeout: float, retries: int, wait: float, console: Console,
    archive: ResponseArchive | None = None, options: dict[str, dict] | None = None,
) -> list[SourceOutcome]:
    try:
        http = make_http_client(timeout=timeout, retries=retries)
    except ImportError as exc:  # an installation without the HTTP layer
        http = None
        adapters = [_Unavailable(n, SourceError(f"HTTP client unavailable: {exc}"))
                    for n in names]
    else:
        adapters = _adapters(names, options)
    fetch_ctx = FetchContext(http=http, clock=utc_now)
    with Progress(
        SpinnerColumn(), TextColumn("{task.description}"), BarColumn(),
        TextColumn("{task.completed}/{task.total}"), TimeElapsedColumn(),
        console=console, transient=False,
    ) as progress:
        tasks: dict[str, int] = {}

        def on_start(adapter):
            entry = SOURCES.get(adapter.name)
            task = progress.add_task(f"{adapter.name}: starting", total=None)
            tasks[adapter.name] = task
            if entry:
                progress.update(task, description=f"{adapter.name}: {entry.title}")

            def report(done: int, total: int | None, message: str) -> None:
                progress.update(task, completed=done, total=total,
                                description=f"{adapter.name}: {escape(message)}")

            return report

        def on_done(outcome: SourceOutcome) -> None:
            if outcome.not_run:  # never started: one finished line says why
                task = progress.add_task(f"{outcome.source}: [yellow]not run[/yellow]", total=1)
                progress.update(task, completed=1)
                return
            task = tasks[outcome.source]
            total = next(t.total for t in progress.tasks if t.id == task) or 1
            label = "done" if outcome.ok else "[red]failed[/red]"
            progress.update(task, completed=total, total=total,
                            description=f"{outcome.source}: {label}")

        return refresh_sources(store, adapters, fetch_ctx, lock_wait=wait,
                               on_start=on_start, on_done=on_done, archive=archive)
