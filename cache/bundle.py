"""The bundled snapshot: the project's own data files that seed a new store, so it works offline.

Files under ``cache/snapshot/``:
* ``observations.csv.gz``: one row per observation, every vintage, with origin and vintage.
  Values are the source's own text. Written sorted and with a fixed gzip header, so the same
  inputs always give the same bytes.
* ``series.csv``: series name, unit and definition.
* ``catalogue_series.csv.gz``, ``catalogue_economies.csv.gz``: the WDI catalogue (every series'
  name, topic, unit, definitions, source and licence; every economy's and aggregate's names,
  ISO2 code and groups), each row with its origin.
* ``manifest.json``: when and from what it was built (input files with SHA-256 and row counts),
  and every input row that was not imported, with the reason.

`indicators.sources.snapshot_build` writes them from the reference files (the store does not
import the importers); `seed_store` here loads them into a store as one "snapshot" refresh per
source.
"""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import functools
import gzip
import itertools
import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from cache.catalogue import CATALOGUE_META_KEY
from cache.errors import read_only_store, store_error, write_problem
from cache.lock import store_lock
from cache.store import ReplaceScope, RowTemplate, Store, StoreError, default_store_path
from indicators.models import (
    CatalogueEconomy,
    CatalogueSeries,
    FetchRecord,
    Observation,
    SeriesMeta,
    iso,
    utc_now,
    vintage_sort_date,
)

SNAPSHOT_DIR = Path(__file__).parent / "snapshot"
OBS_FILE = "observations.csv.gz"
SERIES_FILE = "series.csv"
MANIFEST_FILE = "manifest.json"
CATALOGUE_SERIES_FILE = "catalogue_series.csv.gz"
CATALOGUE_ECONOMIES_FILE = "catalogue_economies.csv.gz"
CATALOGUE_SERIES_FIELDS = [f.name for f in dataclasses.fields(CatalogueSeries)]
ECONOMY_FIELDS = [f.name for f in dataclasses.fields(CatalogueEconomy)]

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


def _gz_rows(path: Path) -> Iterator[dict[str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


@functools.cache
def snapshot_catalogue_series(snapshot_dir: Path = SNAPSHOT_DIR) -> dict[str, CatalogueSeries]:
    """Every WDI series of the bundled catalogue, by code ({} for a snapshot without one)."""
    path = snapshot_dir / CATALOGUE_SERIES_FILE
    if not path.exists():
        return {}
    return {r["code"]: CatalogueSeries(**r) for r in _gz_rows(path)}


@functools.cache
def snapshot_economies(snapshot_dir: Path = SNAPSHOT_DIR) -> tuple[CatalogueEconomy, ...]:
    """Every World Bank economy and aggregate of the bundled catalogue."""
    path = snapshot_dir / CATALOGUE_ECONOMIES_FILE
    if not path.exists():
        return ()
    return tuple(CatalogueEconomy(**{**r, "aggregate": r["aggregate"] == "1"})
                 for r in _gz_rows(path))


SEED_CHUNK_ROWS = 20_000  # values per chunk of the seed's stream (bounded memory)


def _seed_chunks(rows: Iterator[list[str]], also: list[Observation]
                 ) -> Iterator[tuple[RowTemplate, list[tuple]]]:
    """One source's snapshot rows as (template, groups) chunks for `Store.write_stream`.

    Rows come sorted by series, economy, counterpart, year, …: each (series, economy) run is
    split by provenance into (series, economy, unit, years, values) groups. Rows with a
    counterpart or a period (quoted figures, creditor data) do not fit a group: they go to
    ``also``, written in the same transaction.
    """
    col = {name: i for i, name in enumerate(OBS_FIELDS)}
    pending: dict[RowTemplate, list[tuple]] = {}
    templates: dict[tuple, RowTemplate] = {}
    size = 0
    for _key, run in itertools.groupby(rows, key=lambda r: (r[col["series"]], r[col["economy"]])):
        groups: dict[tuple, tuple[list[int], list[float]]] = {}
        for r in run:
            if r[col["counterpart"]] or r[col["period"]]:
                also.append(Observation(**{k: r[i] for k, i in col.items()} | {
                    "year": int(r[col["year"]]), "value": float(r[col["value"]])}))
                continue
            shared = (r[col["source"]], r[col["dataset"]], r[col["publisher_updated"]],
                      r[col["retrieved_at"]], r[col["origin"]], r[col["note"]])
            if (template := templates.get(shared)) is None:
                template = templates[shared] = RowTemplate(
                    source=shared[0], dataset=shared[1], publisher_updated=shared[2],
                    vintage_date=vintage_sort_date(shared[2]), retrieved_at=shared[3],
                    origin=shared[4], note=shared[5])
            years, values = groups.setdefault((template, r[col["unit"]]), ([], []))
            years.append(int(r[col["year"]]))
            values.append(float(r[col["value"]]))
        for (template, unit), (years, values) in groups.items():
            pending.setdefault(template, []).append(
                (r[col["series"]], r[col["economy"]], unit, years, values))
            size += len(years)
        if size >= SEED_CHUNK_ROWS:
            yield from pending.items()
            pending, size = {}, 0
    yield from pending.items()


def seed_store(store: Store, snapshot_dir: Path = SNAPSHOT_DIR) -> dict[str, int]:
    """Load the bundled snapshot into ``store`` (one "snapshot" refresh per source).

    The rows are streamed from the file into the store (never a list of every observation):
    seeding a new store is what a user's first command waits for.
    """
    series = snapshot_series(snapshot_dir)
    manifest = read_manifest(snapshot_dir)
    per_source = manifest.get("sources", {})
    loaded: dict[str, int] = {}
    with gzip.open(snapshot_dir / OBS_FILE, "rt", encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        if next(reader, None) != OBS_FIELDS:
            raise ValueError(f"{snapshot_dir / OBS_FILE} does not have the snapshot's columns")
        for source, rows in itertools.groupby(reader, key=lambda r: r[0]):
            info = per_source.get(source, {})
            refresh_id = store.begin_refresh(source, "snapshot", detail="bundled snapshot")
            fetch = FetchRecord(
                source=source,
                url=f"bundled snapshot cache/snapshot/{OBS_FILE} (built {manifest['built_at']})",
                accessed_at=manifest["retrieved_at"],
                publisher_updated=info.get("publisher_updated", ""),
                licence=SOURCE_LICENCES.get(source, ""),
                note="imported from the reference files listed in cache/snapshot/manifest.json",
            )
            also: list[Observation] = []
            try:
                counts = store.write_stream(
                    refresh_id, ReplaceScope(source=source, kinds=("snapshot",)), None,
                    _seed_chunks(rows, also),
                    lambda source=source: [s for s in series if s.source == source],
                    [fetch], publisher_updated=info.get("vintage", ""), unique_keys=False,
                    also=lambda also=also: also,
                )
            except BaseException as exc:
                # The log must not keep a "running" entry for a seed that is over.
                with contextlib.suppress(Exception):
                    store.fail_refresh(refresh_id, f"loading the bundled snapshot failed: {exc}")
                raise
            logged = store.last_refresh(source, kinds=("snapshot",))
            loaded[source] = (logged.rows or 0) if logged else counts.total
    store.set_meta("snapshot_built_at", manifest["built_at"])
    ensure_catalogue(store, snapshot_dir)
    return loaded


def ensure_catalogue(store: Store, snapshot_dir: Path = SNAPSHOT_DIR) -> bool:
    """Load the bundled WDI catalogue into a writable store that lacks it or holds an older
    one (a store upgraded to schema 6, or seeded before the snapshot was rebuilt)."""
    built_at = read_manifest(snapshot_dir)["built_at"]
    if store.meta(CATALOGUE_META_KEY) == built_at and store.has_catalogue():
        return False
    series = snapshot_catalogue_series(snapshot_dir)
    if not series:
        return False
    store.fill_catalogue(series.values(), snapshot_economies(snapshot_dir), built_at)
    return True


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
    if not kwargs.get("read_only"):
        if store.is_empty():
            # An existing store with no rows (an empty SQLite file, or one emptied by hand).
            with store.refresh_lock():
                if store.is_empty():
                    seed_store(store)
        elif (store.meta(CATALOGUE_META_KEY) != read_manifest()["built_at"]
              or not store.has_catalogue()):
            with store.refresh_lock():
                ensure_catalogue(store)
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
