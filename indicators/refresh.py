"""Refresh orchestration, free of any UI: fetch each source, write it in one transaction.

`refresh_sources` holds the store's writer lock for the whole run, so two refreshes never
interleave (the second waits ``lock_wait`` seconds, then `StoreBusy`). Each source is fetched
completely into memory before anything is written; its rows are then replaced in one
transaction. A source that fails is logged as failed with the reason and its previous rows stay;
the run goes on with the next source. A source whose API key is not set (the adapter's optional
``missing_key()`` hook, see `indicators.sources.base`) is not run: its outcome says "not run"
with the reason, nothing is fetched and the store is not touched for it.

With an archive (`cache.archive.ResponseArchive`, beside the store), every answer an adapter
parses is kept byte for byte with its URL, SHA-256 and retrieval time, and the run's manifest
records the licence, the publisher's version and the refresh id. `reparse_source` feeds the
newest successful run of a source back through its adapter with no network, so a parser fix
can be applied to past downloads and a refresh can be audited.

Bulk files (`claimcheck refresh --from-file`) are imported by `indicators.bulk_import`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

import requests

from cache.archive import ResponseArchive
from cache.store import ReplaceScope, Store, StoreError
from indicators.models import CodeNote, Observation, WriteCounts, iso
from indicators.sources.archiving import RecordingClient, ReplayClient, replay_clock
from indicators.sources.base import (
    FetchContext,
    ProgressCallback,
    SourceAdapter,
    SourceError,
    missing_key_reason,
)

INTERRUPTED = "interrupted: the refresh process ended before finishing; previous rows were kept"
NOT_RUN = "not run"


@dataclass
class SourceOutcome:
    """How one source's refresh (or one file's import) went."""

    source: str
    kind: str  # "api" | "file"
    status: str  # "ok" | "failed" | "not run" (an API key is not set; `error` says which)
    counts: WriteCounts = field(default_factory=WriteCounts)
    publisher_updated: str = ""
    error: str | None = None
    refresh_id: int | None = None
    rows: int = 0  # observations written
    rejected: list[str] = field(default_factory=list)  # (the first ones of a bulk file's)
    rejected_count: int = 0  # a bulk file's rejected rows (more than it lists)
    label: str = ""  # what the summary shows: the source name, or the file name
    notes: list[CodeNote] = field(default_factory=list)  # per requested code, never fatal

    @property
    def n_rejected(self) -> int:
        return max(len(self.rejected), self.rejected_count)

    @property
    def ok(self) -> bool:
        return self.status == "ok"

    @property
    def not_run(self) -> bool:
        return self.status == NOT_RUN


def describe(exc: BaseException) -> str:
    if isinstance(exc, SourceError | StoreError):  # already one line saying what and why
        return str(exc)
    if isinstance(exc, requests.Timeout):
        return f"timed out: {exc}"
    if isinstance(exc, requests.RequestException):
        return f"network error: {exc}"
    # An adapter bug must not abort the other sources, but it must be visible as one.
    return f"{type(exc).__name__}: {exc}"


def refresh_sources(
    store: Store,
    adapters: Sequence[SourceAdapter],
    ctx: FetchContext,
    *,
    lock_wait: float | None = None,
    on_start: Callable[[SourceAdapter], ProgressCallback | None] | None = None,
    on_done: Callable[[SourceOutcome], None] | None = None,
    before_commit: Callable[[], None] | None = None,
    archive: ResponseArchive | None = None,
) -> list[SourceOutcome]:
    """Refresh each adapter's source in turn; one failure never stops the others.

    ``on_start`` may return a progress callback for that source (the CLI's progress bar);
    ``on_done`` receives each outcome as soon as it is known. ``before_commit`` is for tests
    that kill the process mid-transaction. Raises `StoreBusy` if the lock stays taken.

    A source whose API key is missing gets a "not run" outcome (``on_start`` is not called for
    it, ``on_done`` is); when no source can run, the store's lock is not even taken.
    """
    missing = {id(a): missing_key_reason(a) for a in adapters}
    runs_any = not all(missing.values())
    outcomes: list[SourceOutcome] = []
    # When no source can run, the store is not touched, so its lock is not taken either.
    with store.refresh_lock(lock_wait) if runs_any else contextlib.nullcontext():
        if runs_any:
            store.abandon_running(INTERRUPTED)
        for adapter in adapters:
            if reason := missing[id(adapter)]:
                outcome = _not_run(adapter, reason)
            else:
                progress = on_start(adapter) if on_start else None
                source_ctx = replace(ctx, progress=progress) if progress else ctx
                outcome = _refresh_one(store, adapter, source_ctx, before_commit, archive)
            outcomes.append(outcome)
            if on_done:
                on_done(outcome)
    return outcomes


def _not_run(adapter: SourceAdapter, reason: str) -> SourceOutcome:
    return SourceOutcome(source=adapter.name, kind="api", status=NOT_RUN, error=reason,
                         label=adapter.name)


def _refresh_one(
    store: Store,
    adapter: SourceAdapter,
    ctx: FetchContext,
    before_commit: Callable[[], None] | None,
    archive: ResponseArchive | None = None,
) -> SourceOutcome:
    name = adapter.name
    refresh_id = store.begin_refresh(name, "api", detail=getattr(adapter, "title", ""))
    outcome = SourceOutcome(source=name, kind="api", status="failed", refresh_id=refresh_id,
                            label=name)
    run = None
    if archive is not None and ctx.http is not None:
        run = archive.start_run(name, started_at=iso(ctx.clock()),
                                licence=getattr(adapter, "licence", ""))
        ctx = replace(ctx, http=RecordingClient(ctx.http, archive, run, ctx.clock))
    try:
        batch = adapter.fetch(ctx)
        outcome.rejected = list(batch.rejected)
        outcome.notes = list(batch.notes)
        outcome.publisher_updated = batch.publisher_updated
        if not batch.observations:
            # Replacing with nothing would wipe the source: an empty answer is a failure.
            raise SourceError(f"{name} returned no observations; previous rows kept")
        if any(o.source != name for o in batch.observations):
            raise SourceError(f"{name} returned rows labelled with another source")
        outcome.counts = store.write_batch(
            refresh_id,
            ReplaceScope(source=name, kinds=("api",),
                         keys=fetched_keys(batch.observations) if batch.replace_fetched_only
                         else None,
                         keep_datasets=frozenset(batch.keep_datasets)),
            batch.observations,
            batch.series,
            batch.fetches,
            publisher_updated=batch.publisher_updated,
            before_commit=before_commit,
        )
    except KeyboardInterrupt:
        store.fail_refresh(refresh_id, "interrupted by the user; previous rows were kept")
        raise
    except Exception as exc:  # whatever failed: log it, keep the old rows, go on
        outcome.error = describe(exc)
        store.fail_refresh(refresh_id, outcome.error)
        if run is not None and run.responses:  # kept for audit; never replayed by --reparse
            archive.finish(run, finished_at=iso(ctx.clock()), status="failed",
                           refresh_id=refresh_id)
        return outcome
    outcome.status = "ok"
    outcome.rows = len(batch.observations)
    if run is not None:
        archive.finish(run, finished_at=iso(ctx.clock()), status="ok",
                       publisher_updated=batch.publisher_updated, refresh_id=refresh_id)
    return outcome


def fetched_keys(observations: Sequence[Observation]) -> dict[str, frozenset[tuple[str, str]]]:
    """Series → the (economy, counterpart) keys a batch holds values for: what it replaces."""
    keys: dict[str, set[tuple[str, str]]] = {}
    for o in observations:
        keys.setdefault(o.series, set()).add((o.economy, o.counterpart))
    return {s: frozenset(k) for s, k in keys.items()}


def reparse_source(
    store: Store, adapter: SourceAdapter, archive: ResponseArchive, *,
    lock_wait: float | None = None,
) -> SourceOutcome:
    """Rebuild ``adapter``'s rows from its newest archived successful run, with no network.

    `cache.archive.ArchiveError` if the archive holds no such run. The rows are written like a
    refresh's (so unchanged rows count as unchanged); the archive itself is not added to.
    """
    run = archive.latest_run(adapter.name)
    client = ReplayClient(archive, run)
    ctx = FetchContext(http=client, clock=replay_clock(client))
    [outcome] = refresh_sources(store, [adapter], ctx, lock_wait=lock_wait)
    outcome.label = f"{adapter.name} (reparsed {run.started_at})"
    return outcome

