"""Import a World Bank bulk file (`claimcheck refresh --from-file`) as a "file" refresh.

* The rows are streamed into one transaction: a file that turns out unreadable half-way is
  rolled back whole. They replace only an earlier import of the same series and vintage, so
  other vintages, the snapshot and live refreshes stay, and "newest vintage wins" picks the
  current value.
* The very same file again (same bytes, same vintage) whose rows are all still stored is
  answered from the report stored with its import (`cache.imports`): hashing it is all the
  reading it takes, and nothing but the refresh log changes.
* A file that will outgrow the store is written through a rollback journal when no one else
  has the store open, so each page is written once (`cache.journal`).
* Rejected rows are counted by reason (`bulk_report`); ``rejects_to`` streams every one of them
  to a CSV file.
"""

from __future__ import annotations

import contextlib
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cache.store import ReplaceScope, RowTemplate, Store, utc_now
from indicators.atomic import writing_text
from indicators.models import WriteCounts, vintage_sort_date
from indicators.refresh import INTERRUPTED, SourceOutcome, describe
from indicators.sources.base import SourceError
from indicators.sources.bulk_files import Reader, open_bulk
from indicators.sources.bulk_open import ZIP_ERRORS, file_digest
from indicators.sources.bulk_report import BulkFile, Rejections, RejectsWriter
from indicators.sources.reference import WORLDBANK_SOURCE

# Bytes of a store per byte of bulk CSV it imports (measured: the benchmark's 160 MB WDICSV.csv
# of 15.6 M values makes a 455 MB store, value rows of ≈20 bytes and their runs): a file this
# much smaller than the store will outgrow it.
STORE_BYTES_PER_FILE_BYTE = 3


@dataclass
class FileImport:
    """A bulk file import: what the file held and how writing it went."""

    file: BulkFile
    outcome: SourceOutcome


def import_bulk_file(
    store: Store,
    path: Path | str,
    *,
    clock: Callable[[], datetime] = utc_now,
    lock_wait: float | None = None,
    before_commit: Callable[[], None] | None = None,
    rejects_to: Path | None = None,
) -> FileImport:
    """Import one bulk file; `SourceError` (nothing written) if it has no usable row or is not
    a bulk file at all. ``rejects_to``: write every rejected row there (CSV)."""
    path = Path(path)
    with _rejects_file(rejects_to) as sink, \
            open_bulk(path, clock=clock, rejected=Rejections(sink)) as reader:
        bulk = reader.file
        digest = file_digest(path)
        with store.refresh_lock(lock_wait):
            store.abandon_running(INTERRUPTED)
            report = store.imported_report(WORLDBANK_SOURCE, digest, bulk.publisher_updated)
            refresh_id = store.begin_refresh(WORLDBANK_SOURCE, "file", detail=bulk.origin)
            try:
                if report is not None and rejects_to is None:
                    stored = BulkFile.from_report(path, report, bulk.retrieved_at)
                    stored.origin = bulk.origin  # where it was read from this time
                    bulk = stored
                    counts = _unchanged(store, bulk, refresh_id)
                elif report is not None:  # asked for every rejected row: read them again
                    for _ in reader.groups():
                        pass
                    counts = _unchanged(store, bulk, refresh_id)
                else:
                    counts = _stream(store, reader, refresh_id, digest, before_commit)
            except BaseException as exc:
                store.fail_refresh(refresh_id, describe(exc))
                raise
    outcome = SourceOutcome(
        source=WORLDBANK_SOURCE, kind="file", status="ok", counts=counts,
        publisher_updated=bulk.publisher_updated, refresh_id=refresh_id,
        rows=bulk.values, rejected=[str(r) for r in bulk.rejected],
        rejected_count=len(bulk.rejected), label=path.name,
    )
    return FileImport(file=bulk, outcome=outcome)


@contextlib.contextmanager
def _rejects_file(path: Path | None) -> Iterator[RejectsWriter | None]:
    if path is None:
        yield None
        return
    with contextlib.ExitStack() as stack:
        try:
            out = stack.enter_context(writing_text(path))
        except OSError as exc:
            raise SourceError(f"cannot write the rejected rows to {path}: "
                              f"{exc.strerror or exc}") from exc
        yield RejectsWriter(out)


def _no_usable_rows(bulk: BulkFile) -> SourceError:
    reasons = "; ".join(str(r) for r in list(bulk.rejected)[:3]) or "every value cell is empty"
    return SourceError(f"{bulk.path}: no usable rows, nothing imported ({reasons})")


def _unchanged(store: Store, bulk: BulkFile, refresh_id: int) -> WriteCounts:
    if not bulk.values:
        raise _no_usable_rows(bulk)
    return store.log_unchanged(refresh_id, bulk.values, bulk.publisher_updated,
                               [bulk.fetch_record()])


def _input_bytes(path: Path) -> int:
    """The bytes of text the file unpacks to (a zip's members, else the file itself)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as zf:
                return sum(i.file_size for i in zf.infolist())
        return path.stat().st_size
    except ZIP_ERRORS:
        return 0


def _stream(store: Store, reader: Reader, refresh_id: int, digest: str,
            before_commit: Callable[[], None] | None) -> WriteCounts:
    bulk = reader.file

    def series_meta():
        # A Spanish download names the series in Spanish; keep an English name once we have one.
        known = store.series_meta(WORLDBANK_SOURCE) if not bulk.is_english else {}
        return [m for m in bulk.series_meta() if (WORLDBANK_SOURCE, m.series) not in known]

    template = RowTemplate(
        source=WORLDBANK_SOURCE, dataset=bulk.dataset, publisher_updated=bulk.publisher_updated,
        vintage_date=vintage_sort_date(bulk.publisher_updated), retrieved_at=bulk.retrieved_at,
        origin=bulk.origin,
    )
    large = (_input_bytes(bulk.path) * STORE_BYTES_PER_FILE_BYTE
             >= store.path.stat().st_size)
    try:
        return store.write_stream(
            refresh_id,
            ReplaceScope(source=WORLDBANK_SOURCE, kinds=("file",),
                         publisher_updated=bulk.publisher_updated, only_written=True),
            template, reader.groups(), series_meta, [bulk.fetch_record()],
            publisher_updated=bulk.publisher_updated, before_commit=before_commit,
            large=large, imported=lambda: (digest, bulk.publisher_updated, bulk.report()),
        )
    except ValueError:
        if bulk.values:
            raise
        raise _no_usable_rows(bulk) from None
