"""Write World Bank bulk CSVs in the real download layout, with values from the bundled snapshot.

No statistic is typed here: `snapshot_table` picks one bulk-download vintage from the bundled
snapshot, and `write_bulk_csv` lays it out as data.worldbank.org does (preamble, blank lines,
header with year columns, one row per economy, a trailing comma on every line).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from cache.bundle import snapshot_observations, snapshot_series

ENGLISH_LABELS = ("Data Source", "World Development Indicators", "Last Updated Date",
                  ("Country Name", "Country Code", "Indicator Name", "Indicator Code"))
# A Spanish download with every label translated: found by position, never by English words.
SPANISH_LABELS = ("Fuente de los datos", "Indicadores del desarrollo mundial",
                  "Última actualización",
                  ("Nombre del país", "Código del país", "Nombre del indicador",
                   "Código del indicador"))


@dataclass
class SnapshotTable:
    series: str
    name: str  # the English series name from the snapshot's series.csv
    unit: str
    vintage: str
    values: dict[str, dict[int, float]]  # economy → year → value

    @property
    def years(self) -> list[int]:
        return list(range(min(min(v) for v in self.values.values()),
                          max(max(v) for v in self.values.values()) + 1))

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.values.values())


def snapshot_table(series: str | None = None) -> SnapshotTable:
    """The largest English bulk-download vintage in the snapshot (optionally of ``series``)."""
    groups: dict[tuple[str, str, str], dict[str, dict[int, float]]] = defaultdict(
        lambda: defaultdict(dict)
    )
    for o in snapshot_observations():
        if o.source == "worldbank" and "_DS2_en_csv" in o.origin and o.period == "":
            if series is None or o.series == series:
                groups[(o.series, o.publisher_updated, o.unit)][o.economy][o.year] = o.value
    (code, vintage, unit), values = max(groups.items(), key=lambda kv: sum(
        len(v) for v in kv[1].values()))
    names = {s.series: s.name for s in snapshot_series() if s.source == "worldbank"}
    return SnapshotTable(code, names[code], unit, vintage, {e: dict(v) for e, v in values.items()})


def bulk_lines(
    table: SnapshotTable,
    *,
    labels: tuple = ENGLISH_LABELS,
    series_name: str | None = None,
    vintage: str | None = None,
    scale: float = 1.0,
) -> list[str]:
    """The file's lines: preamble, header, then one row per economy (values × ``scale``)."""
    source_label, source_value, updated_label, header_labels = labels

    def line(cells: list[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="").writerow(cells)
        return buf.getvalue() + ","  # the downloads end every line with a comma

    years = table.years
    lines = [
        line([source_label, source_value]),
        "",
        line([updated_label, vintage or table.vintage]),
        "",
        line([*header_labels, *(str(y) for y in years)]),
    ]
    for economy in sorted(table.values):
        cells = [
            repr(table.values[economy][y] * scale) if y in table.values[economy] else ""
            for y in years
        ]
        lines.append(line([f"Economy {economy}", economy, series_name or table.name,
                           table.series, *cells]))
    return lines


def write_bulk_csv(path: Path, lines: list[str]) -> Path:
    # The real downloads are UTF-8 with a byte-order mark.
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def file_name(table: SnapshotTable, lang: str = "en") -> str:
    return f"API_{table.series}_DS2_{lang}_csv_v2_4242.csv"


WDI_SERIES = ("NE.TRD.GNFS.ZS", "BX.KLT.DINV.CD.WD", "NY.GDP.MKTP.CD", "EG.USE.PCAP.KG.OE")


def wdi_lines(
    tables: list[SnapshotTable],
    *,
    header: tuple[str, ...] = ENGLISH_LABELS[3],
    economy_name=lambda code: f"Economy {code}",
) -> list[str]:
    """WDICSV.csv from WDI_CSV.zip: no preamble, no trailing comma, one row per economy and
    indicator, economies in the outer order (as the World Bank sorts the file)."""

    def line(cells: list[str]) -> str:
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(cells)
        return buf.getvalue()

    years = list(range(min(min(t.years) for t in tables), max(max(t.years) for t in tables) + 1))
    lines = [line([*header, *(str(y) for y in years)])]
    for economy in sorted({e for t in tables for e in t.values}):
        for t in tables:
            values = t.values.get(economy, {})
            lines.append(line([economy_name(economy), economy, t.name, t.series,
                               *(repr(values[y]) if y in values else "" for y in years)]))
    return lines


def query(store_path: Path, sql: str) -> list[tuple]:
    """All rows of one query on the store file (a connection of its own, closed after)."""
    import sqlite3

    con = sqlite3.connect(store_path)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def dump(store_path: Path) -> list[tuple]:
    """Every stored observation, in id order: equal before and after means nothing changed."""
    return query(store_path, "SELECT * FROM observations ORDER BY id")
