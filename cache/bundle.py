"""The bundled snapshot: the project's own data files that seed a new store, so it works offline.

Files under ``cache/snapshot/``:
* ``observations.csv.gz``: one row per observation, every vintage, with origin and vintage.
  Values are the source's own text. Written sorted and with a fixed gzip header, so the same
  inputs always give the same bytes.
* ``series.csv``: series name, unit and definition.
* ``manifest.json``: when and from what it was built (input files with SHA-256 and row counts),
  and every input row that was not imported, with the reason.

`indicators.sources.snapshot_build` writes them from the reference files (the store does not
import the importers); `seed_store` here loads them into a store as one "snapshot" refresh per
source.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from cache.errors import read_only_store, store_error, write_problem
from cache.lock import store_lock
from cache.store import ReplaceScope, Store, StoreError, default_store_path
from indicators.models import FetchRecord, Observation, SeriesMeta, iso, utc_now

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
OBS_FILE = "observations.csv.gz"
SERIES_FILE = "series.csv"
MANIFEST_FILE = "manifest.json"

OBS_FIELDS = [
    "source", "dataset", "series", "economy", "counterpart", "year", "period", "value", "unit",
    "publisher_updated", "retrieved_at", "origin", "note",
]
SERIES_FIELDS = ["source", "series", "dataset", "name", "unit", "definition"]

# Licences of the publishers behind the bundled rows (for the provenance panel and exports).
SOURCE_LICENCES = {
    "worldbank": "CC BY 4.0 (World Bank Open Data terms of use)",
    "reference": "per publisher; see each row's origin (figures quoted for verification)",
}


def read_snapshot_rows(snapshot_dir: Path = SNAPSHOT_DIR) -> Iterator[dict[str, str]]:
    with gzip.open(snapshot_dir / OBS_FILE, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def read_manifest(snapshot_dir: Path = SNAPSHOT_DIR) -> dict:
    return json.loads((snapshot_dir / MANIFEST_FILE).read_text())


def snapshot_observations(snapshot_dir: Path = SNAPSHOT_DIR) -> list[Observation]:
    return [
        Observation(
            source=r["source"], dataset=r["dataset"], series=r["series"], economy=r["economy"],
            counterpart=r["counterpart"], year=int(r["year"]), period=r["period"],
            value=float(r["value"]), unit=r["unit"], publisher_updated=r["publisher_updated"],
            retrieved_at=r["retrieved_at"], origin=r["origin"], note=r["note"],
        )
        for r in read_snapshot_rows(snapshot_dir)
    ]


def snapshot_series(snapshot_dir: Path = SNAPSHOT_DIR) -> list[SeriesMeta]:
    with (snapshot_dir / SERIES_FILE).open(newline="", encoding="utf-8") as fh:
        return [SeriesMeta(**row) for row in csv.DictReader(fh)]


def seed_store(store: Store, snapshot_dir: Path = SNAPSHOT_DIR) -> dict[str, int]:
    """Load the bundled snapshot into ``store`` (one "snapshot" refresh per source)."""
    observations = snapshot_observations(snapshot_dir)
    series = snapshot_series(snapshot_dir)
    manifest = read_manifest(snapshot_dir)
    loaded: dict[str, int] = {}
    for source in sorted({o.source for o in observations}):
        rows = [o for o in observations if o.source == source]
        refresh_id = store.begin_refresh(source, "snapshot", detail="bundled snapshot")
        fetch = FetchRecord(
            source=source,
            url=f"bundled snapshot cache/snapshot/{OBS_FILE} (built {manifest['built_at']})",
            accessed_at=manifest["retrieved_at"],
            publisher_updated=max((o.publisher_updated for o in rows), default=""),
            licence=SOURCE_LICENCES.get(source, ""),
            note="imported from the reference files listed in cache/snapshot/manifest.json",
        )
        try:
            store.write_batch(
                refresh_id,
                ReplaceScope(source=source, kinds=("snapshot",)),
                rows,
                [s for s in series if s.source == source],
                [fetch],
                publisher_updated=max((o.vintage_date or "" for o in rows), default=""),
            )
        except BaseException as exc:
            # The log must not keep a "running" entry for a seed that is over.
            with contextlib.suppress(Exception):
                store.fail_refresh(refresh_id, f"loading the bundled snapshot failed: {exc}")
            raise
        loaded[source] = len(rows)
    store.set_meta("snapshot_built_at", manifest["built_at"])
    return loaded


def open_store(
    path: Path | str | None = None,
    *,
    on_create: Callable[[Path, dict[str, int]], None] | None = None,
    **kwargs,
) -> Store:
    """Open a store; a new one is first built from the bundled snapshot (see `create_store`).

    ``on_create(path, rows_per_source)`` is called when this call created the store.
    """
    path = Path(path) if path is not None else default_store_path()
    if not kwargs.get("read_only") and (not path.exists() or path.stat().st_size == 0):
        loaded = create_store(path)
        if loaded is not None and on_create:
            on_create(path, loaded)
    store = Store.open(path, **kwargs)
    if not kwargs.get("read_only") and store.is_empty():
        # An existing store with no rows (an empty SQLite file, or one emptied by hand).
        with store.refresh_lock():
            if store.is_empty():
                seed_store(store)
    return store


def create_store(path: Path, snapshot_dir: Path = SNAPSHOT_DIR) -> dict[str, int] | None:
    """Build a seeded store in a temporary file beside ``path``, then rename it into place.

    A failed seed (disk full, killed) leaves no store at all rather than a partial one that
    later commands would take for real data. Returns the rows loaded per source, or None when
    another process created the store first.
    """
    if problem := write_problem(path):
        raise read_only_store(path, problem)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise store_error(exc, path, "creating the store") from exc
    lock_existed = path.with_name(path.name + ".lock").exists()
    with store_lock(path, 60.0, lambda: iso(utc_now()),
                    discard=lambda: not lock_existed and not path.exists()):
        if path.exists() and path.stat().st_size > 0:
            return None
        tmp = path.with_name(f".{path.name}.new-{os.getpid()}")
        try:
            with Store.open(tmp) as store:
                loaded = seed_store(store, snapshot_dir)
                with store.writing("seeding the store"):
                    # Everything into the main file, so the rename moves the whole store.
                    store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            os.replace(tmp, path)
        except BaseException as exc:
            for leftover in (tmp, *(tmp.with_name(tmp.name + s) for s in ("-wal", "-shm"))):
                with contextlib.suppress(OSError):
                    leftover.unlink()
            with contextlib.suppress(OSError):
                tmp.with_name(tmp.name + ".lock").unlink()
            # Name the store being created, not the temporary file the error was raised for.
            cause = exc.__cause__ if isinstance(exc, StoreError) and exc.__cause__ else exc
            translated = store_error(cause, path, "creating the store from the bundled snapshot")
            if translated is exc:
                raise
            raise translated from exc
        with contextlib.suppress(OSError):
            tmp.with_name(tmp.name + ".lock").unlink()
    return loaded
