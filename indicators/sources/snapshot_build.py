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
    CATALOGUE_ECONOMIES_FILE,
    CATALOGUE_SERIES_FIELDS,
    CATALOGUE_SERIES_FILE,
    ECONOMY_FIELDS,
    MANIFEST_FILE,
    OBS_FIELDS,
    OBS_FILE,
    SERIES_FIELDS,
    SERIES_FILE,
    SNAPSHOT_DIR,
)
from indicators.models import SeriesMeta, vintage_sort_date
from indicators.sources.reference import WORLDBANK_SOURCE, ImportResult, RawObservation
from indicators.sources.reference_folder import import_reference_folder
from indicators.sources.wdi_catalogue import CatalogueResult


@dataclass(frozen=True)
class SnapshotManifest:
    built_at: str
    retrieved_at: str
    inputs: list[dict]
    observations: int
    series: int
    sources: dict  # per source: rows, newest publisher label and vintage date (for the seed)
    catalogue: dict
    rejected: list[str]


def _sort_key(o: RawObservation) -> tuple:
    return (o.source, o.series, o.economy, o.counterpart, o.year, o.period,
            o.publisher_updated, o.origin, o.value)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _write_gz_csv(path: Path, fields: list[str], rows) -> None:
    """A gzip CSV whose bytes depend on the rows only (no file name, no time in the header)."""
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    with path.open("wb") as raw, gzip.GzipFile(
        filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9
    ) as gz:
        gz.write(text.getvalue().encode("utf-8"))


def _wdi_series_meta(result: ImportResult, catalogue: CatalogueResult) -> dict:
    """World Bank series metadata: the newest English file's name, else the catalogue's (a
    series only a Spanish download holds); the definition from the catalogue."""
    series = dict(result.series)
    for code in sorted({o.series for o in result.observations if o.source == WORLDBANK_SOURCE}):
        entry = catalogue.series.get(code)
        meta = series.get((WORLDBANK_SOURCE, code))
        if entry is None:
            continue
        series[(WORLDBANK_SOURCE, code)] = SeriesMeta(
            source=WORLDBANK_SOURCE, series=code,
            name=meta.name if meta else entry.name, unit=meta.unit if meta else entry.unit,
            definition=entry.short_definition or entry.long_definition, dataset="WDI")
    return series


def build_snapshot(
    reference_dir: Path, out_dir: Path = SNAPSHOT_DIR, *, retrieved_at: str, built_at: str
) -> SnapshotManifest:
    """Import ``reference_dir`` and write the snapshot files to ``out_dir``."""
    folder = import_reference_folder(reference_dir)
    result, catalogue = folder.result, folder.catalogue
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = sorted(result.observations, key=_sort_key)

    def records():
        for o in rows:
            record = asdict(o)
            record["retrieved_at"] = retrieved_at
            yield {k: record[k] for k in OBS_FIELDS}

    _write_gz_csv(out_dir / OBS_FILE, OBS_FIELDS, records())
    series = _wdi_series_meta(result, catalogue)
    with (out_dir / SERIES_FILE).open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=SERIES_FIELDS, lineterminator="\n")
        writer.writeheader()
        for key in sorted(series):
            writer.writerow(asdict(series[key]))
    _write_gz_csv(out_dir / CATALOGUE_SERIES_FILE, CATALOGUE_SERIES_FIELDS,
                  (asdict(catalogue.series[c]) for c in sorted(catalogue.series)))
    _write_gz_csv(out_dir / CATALOGUE_ECONOMIES_FILE, ECONOMY_FIELDS,
                  ({**asdict(e), "aggregate": int(e.aggregate)}
                   for e in (catalogue.economies[c] for c in sorted(catalogue.economies))))

    manifest = SnapshotManifest(
        built_at=built_at,
        retrieved_at=retrieved_at,
        inputs=[
            {
                "path": str(p.relative_to(reference_dir)),
                "sha256": _sha256(p),
                "rows": folder.kept.get(p, 0),
                "rejected": sum(1 for r in result.rejected if _about(r, p)),
                **({"already_imported": folder.stored_once[p]} if p in folder.stored_once
                   else {}),
            }
            for p in folder.inputs
        ],
        observations=len(rows),
        series=len(series),
        sources={
            source: {
                "rows": sum(1 for o in rows if o.source == source),
                "publisher_updated": max(o.publisher_updated for o in rows if o.source == source),
                "vintage": max(vintage_sort_date(o.publisher_updated) or ""
                               for o in rows if o.source == source),
            }
            for source in sorted({o.source for o in rows})
        },
        catalogue={"series": len(catalogue.series), "economies": len(catalogue.economies),
                   "origins": sorted({e.origin for e in catalogue.series.values()}
                                     | {e.origin for e in catalogue.economies.values()})},
        rejected=result.rejected,
    )
    (out_dir / MANIFEST_FILE).write_text(json.dumps(asdict(manifest), indent=2) + "\n")
    return manifest


def _about(rejection: str, path: Path) -> bool:
    """Whether a rejection line is about one row of ``path`` ("name:line: …")."""
    head, _, rest = rejection.partition(":")
    return head in (path.name, f"{path.parent.name}/{path.name}") and rest[:1].isdigit()
