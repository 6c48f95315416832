"""Import a whole reference folder (``../shared/reference``) in the order the inputs need.

1. the WDI catalogue (`wdi_catalogue`): every series and economy, so that the files after it
   resolve economy names through it;
2. ``worldbank/wdi_observations.csv`` (`reference.import_wdi_observations`);
3. ``worldbank/all_economies/`` (`wdi_all_economies`): rows the file above already holds from
   the same source file are stored once;
4. ``other/*.csv`` (`reference.import_tidy_reference`).

Every ``*.csv`` read is an input, with the number of its rows kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from indicators.claims.economies import EconomyNames
from indicators.sources.reference import (
    ImportResult,
    import_tidy_reference,
    import_wdi_observations,
)
from indicators.sources.wdi_all_economies import import_all_economies
from indicators.sources.wdi_catalogue import CatalogueResult, import_catalogue


@dataclass
class FolderImport:
    result: ImportResult
    catalogue: CatalogueResult
    inputs: list[Path] = field(default_factory=list)
    kept: dict[Path, int] = field(default_factory=dict)  # input → rows kept
    # input → rows that another input already held from the same source file (stored once)
    stored_once: dict[Path, int] = field(default_factory=dict)


def import_reference_folder(reference_dir: Path) -> FolderImport:
    """Import every reference file under ``reference_dir``."""
    worldbank = reference_dir / "worldbank"
    catalogue, catalogue_inputs = import_catalogue(worldbank)
    out = FolderImport(ImportResult(), catalogue)
    out.result.rejected.extend(catalogue.rejected)
    names = EconomyNames(catalogue.economies.values())
    out.inputs += [p for p in catalogue_inputs if p.parent.name == "catalogue"]
    out.kept |= {p: catalogue.kept[p] for p in out.inputs}

    def run(path: Path, importer) -> None:
        before = len(out.result.observations)
        importer()
        out.inputs.append(path)
        out.kept[path] = len(out.result.observations) - before

    wdi = worldbank / "wdi_observations.csv"
    if wdi.exists():
        run(wdi, lambda: import_wdi_observations(wdi, out.result))
    all_economies = worldbank / "all_economies"
    if (all_economies / "observations.csv").exists():
        known = names.codes()
        path = all_economies / "observations.csv"

        def all_values() -> None:
            out.stored_once[path] = import_all_economies(
                all_economies, out.result, known.__contains__)[1]

        run(path, all_values)
        for extra in ("sources.csv", "economies_seen.csv"):
            if (all_economies / extra).exists():
                out.inputs.append(all_economies / extra)
                out.kept[all_economies / extra] = catalogue.kept.get(
                    all_economies / extra, _data_rows(all_economies / extra))
    for path in sorted((reference_dir / "other").glob("*.csv")):
        run(path, lambda path=path: import_tidy_reference(path, out.result, names.economy_code))
    if not out.inputs:
        raise FileNotFoundError(f"no reference files found under {reference_dir}")
    return out


def _data_rows(path: Path) -> int:
    import csv

    with path.open(newline="", encoding="utf-8-sig") as fh:
        return sum(1 for _ in csv.DictReader(fh))
