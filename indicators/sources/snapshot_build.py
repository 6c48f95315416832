"""Build the bundled snapshot (``cache/snapshot/``) from the reference files.

The reference importer (`indicators.sources.reference`) turns each file into the project's own
rows; this module writes them in the snapshot's format (`cache.bundle` names the files and
columns, and reads them back). Sorted rows and a fixed gzip header: the same inputs always give
the same bytes.
"""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
from dataclasses import asdict, dataclass
from pathlib import Path

from cache.bundle import (
    MANIFEST_FILE,
    OBS_FIELDS,
    OBS_FILE,
    SERIES_FIELDS,
    SERIES_FILE,
    SNAPSHOT_DIR,
)
from indicators.sources.reference import RawObservation, import_reference_folder


@dataclass(frozen=True)
class SnapshotManifest:
    built_at: str
    retrieved_at: str
    inputs: list[dict]
    observations: int
    series: int
    rejected: list[str]


def _sort_key(o: RawObservation) -> tuple:
    return (o.source, o.series, o.economy, o.counterpart, o.year, o.period,
            o.publisher_updated, o.origin, o.value)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def build_snapshot(
    reference_dir: Path, out_dir: Path = SNAPSHOT_DIR, *, retrieved_at: str, built_at: str
) -> SnapshotManifest:
    """Import ``reference_dir`` and write the snapshot files to ``out_dir``."""
    result, inputs = import_reference_folder(reference_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = sorted(result.observations, key=_sort_key)

    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=OBS_FIELDS, lineterminator="\n")
    writer.writeheader()
    for o in rows:
        record = asdict(o)
        record["retrieved_at"] = retrieved_at
        writer.writerow({k: record[k] for k in OBS_FIELDS})
    with (out_dir / OBS_FILE).open("wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9
    ) as gz:
        gz.write(text.getvalue().encode("utf-8"))

    with (out_dir / SERIES_FILE).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=SERIES_FIELDS, lineterminator="\n")
        writer.writeheader()
        for key in sorted(result.series):
            writer.writerow(asdict(result.series[key]))

    manifest = SnapshotManifest(
        built_at=built_at,
        retrieved_at=retrieved_at,
        inputs=[
            {
                "path": str(p.relative_to(reference_dir)),
                "sha256": _sha256(p),
                "rows": sum(1 for o in rows if p.name in _input_names(o, p)),
            }
            for p in inputs
        ],
        observations=len(rows),
        series=len(result.series),
        rejected=result.rejected,
    )
    (out_dir / MANIFEST_FILE).write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def _input_names(o: RawObservation, path: Path) -> set[str]:
    # Tidy reference series are prefixed with their file stem; WDI rows come from one file.
    if o.series.startswith(path.stem + "."):
        return {path.name}
    return {path.name} if o.source == "worldbank" and path.name == "wdi_observations.csv" else set()


