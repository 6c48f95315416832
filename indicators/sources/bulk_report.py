"""What a bulk import found: rows loaded, rows rejected (counted by reason), the file's vintage.

A bulk file of millions of rows may reject millions of them (one row repeated a million times:
every repeat is a duplicate). Memory must not grow with them, so rejections are *counted by
reason*, and only the first `LINES_KEPT` of each reason are kept with their line number and
details; the full list goes, row by row, to a sink (`claimcheck refresh --rejects FILE`) only
when one is asked for. The reasons are a fixed, short vocabulary (`REASONS`), so the tally is
bounded too.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from indicators.models import FetchRecord, Observation, SeriesMeta
from indicators.sources.reference import WORLDBANK_SOURCE, unit_from_series_name

LICENCE = "CC BY 4.0 (World Bank Open Data terms of use)"
LINES_KEPT = 100  # per reason: the line numbers (and details) a report keeps

# Why a row was not imported: the categories a report counts (details stay per row).
NOT_UTF8 = "not UTF-8 text"
COLUMNS = "wrong number of columns"
ECONOMY = "not a World Bank economy code"
SERIES = "not a World Bank series code"
OTHER_SERIES = "another series than the file's"
DUPLICATE = "repeats an earlier row"
NOT_A_NUMBER = "not a number"
NOT_FINITE = "not a finite number"
YEAR = "not a year"
TOO_MANY_SERIES = "beyond the series a file may hold"
REASONS = (NOT_UTF8, COLUMNS, ECONOMY, SERIES, OTHER_SERIES, DUPLICATE, NOT_A_NUMBER,
           NOT_FINITE, YEAR, TOO_MANY_SERIES)


@dataclass(frozen=True)
class Rejection:
    """A row that was not imported: where it is, why (``reason``), and the specifics."""

    file: str
    line: int
    reason: str
    detail: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.detail}"


class RejectsWriter:
    """Every rejection as one CSV line (file, line, reason, detail), streamed as found."""

    def __init__(self, out: TextIO):
        self._writer = csv.writer(out, lineterminator="\n")
        self._writer.writerow(["file", "line", "reason", "detail"])

    def __call__(self, r: Rejection) -> None:
        self._writer.writerow([r.file, r.line, r.reason, r.detail])


class Rejections:
    """Rejected rows counted by reason; the first `LINES_KEPT` of each kept with details."""

    def __init__(self, sink: RejectsWriter | None = None):
        self.counts: Counter[str] = Counter()
        self.kept: dict[str, list[Rejection]] = {}
        self._sink = sink

    def add(self, file: str, line: int, reason: str, detail: str) -> None:
        assert reason in REASONS, reason
        self.counts[reason] += 1
        kept = self.kept.setdefault(reason, [])
        rejection = None
        if len(kept) < LINES_KEPT:
            rejection = Rejection(file, line, reason, detail)
            kept.append(rejection)
        if self._sink is not None:
            self._sink(rejection or Rejection(file, line, reason, detail))

    def __len__(self) -> int:
        return sum(self.counts.values())

    def __bool__(self) -> bool:
        return bool(self.counts)

    def __iter__(self) -> Iterator[Rejection]:
        """The kept rejections, in file order."""
        return iter(sorted((r for rs in self.kept.values() for r in rs),
                           key=lambda r: r.line))

    def by_reason(self) -> list[tuple[str, int, list[int]]]:
        """(reason, how many, the first line numbers), most frequent first."""
        return [(reason, n, [r.line for r in self.kept.get(reason, [])])
                for reason, n in self.counts.most_common()]

    def summary(self) -> str:
        """"3 not a number (lines 5, 9, 12), 1 repeats an earlier row (line 3)"."""
        parts = []
        for reason, n, lines in self.by_reason():
            shown = ", ".join(map(str, lines[:10])) + (", …" if n > 10 else "")
            parts.append(f"{n} {reason} (line{'s' if n > 1 else ''} {shown})")
        return "; ".join(parts)

    def to_json(self) -> dict:
        return {"counts": dict(self.counts),
                "kept": [[r.file, r.line, r.reason, r.detail] for r in self]}

    @classmethod
    def from_json(cls, data: dict) -> Rejections:
        out = cls()
        out.counts.update({k: int(v) for k, v in data.get("counts", {}).items()})
        for file, line, reason, detail in data.get("kept", []):
            out.kept.setdefault(reason, []).append(Rejection(file, int(line), reason, detail))
        return out


@dataclass
class BulkFile:
    """What one bulk file holds: filled in while its rows are read (or from a stored report)."""

    path: Path
    origin: str  # the file (or zip!member, or file!sheet) the values were read from
    layout: str  # "API", "WDICSV", "DataBank CSV", "DataBank XLSX"
    language: str  # the download's language ("en", "es"), "" when unknown
    data_source: str  # "World Development Indicators", in the file's language
    publisher_updated: str  # the "Last Updated" date (or the dated label of the file itself)
    retrieved_at: str
    dataset: str = "WDI"
    named_series: str = ""  # the one indicator an API_<code>_… file is named after
    series_names: dict[str, str] = field(default_factory=dict)  # code → name, in file order
    rejected: Rejections = field(default_factory=Rejections)
    rows_loaded: int = 0  # rows (an economy's years of one series) with at least one value
    rows_without_values: int = 0  # rows whose cells are all empty (not errors)
    values: int = 0
    observations: list[Observation] = field(default_factory=list)  # `parse_bulk_csv` only
    stored_title: str = ""  # the title kept in a stored report (its series are not read)

    @property
    def series(self) -> str:
        """The indicator code when the file holds one; else how many it holds."""
        if len(self.series_names) == 1:
            return next(iter(self.series_names))
        return self.named_series or f"{len(self.series_names)} indicators"

    @property
    def series_name(self) -> str:
        return self.series_names.get(self.series, "")

    @property
    def title(self) -> str:
        if self.stored_title:
            return self.stored_title
        return f"{self.series} ({self.series_name})" if self.series_name else self.series

    @property
    def is_english(self) -> bool:
        if self.language:
            return self.language.lower() == "en"
        return self.data_source == "World Development Indicators"

    def series_meta(self) -> list[SeriesMeta]:
        return [
            SeriesMeta(source=WORLDBANK_SOURCE, series=code, name=name,
                       unit=unit_from_series_name(name), dataset=self.dataset)
            for code, name in self.series_names.items()
        ]

    def fetch_record(self) -> FetchRecord:
        kind = "DataBank export" if self.layout.startswith("DataBank") else "bulk CSV download"
        return FetchRecord(
            source=WORLDBANK_SOURCE, url=self.origin, accessed_at=self.retrieved_at,
            publisher_updated=self.publisher_updated, licence=LICENCE,
            note=f"{kind} ({self.data_source or 'World Bank'}), imported from a local file",
        )

    # -- the stored report (answering a re-import of the very same file) --------------------
    def report(self) -> str:
        """What a later import of the same bytes needs to answer without reading them."""
        return json.dumps({
            "layout": self.layout, "origin": self.origin, "language": self.language,
            "data_source": self.data_source, "publisher_updated": self.publisher_updated,
            "dataset": self.dataset, "named_series": self.named_series, "title": self.title,
            "rows_loaded": self.rows_loaded, "rows_without_values": self.rows_without_values,
            "values": self.values, "rejected": self.rejected.to_json(),
        }, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_report(cls, path: Path, report: str, retrieved_at: str) -> BulkFile:
        data = json.loads(report)
        bulk = cls(path=path, origin=data["origin"], layout=data["layout"],
                   language=data["language"], data_source=data["data_source"],
                   publisher_updated=data["publisher_updated"], retrieved_at=retrieved_at,
                   dataset=data["dataset"], named_series=data["named_series"],
                   stored_title=data["title"], rejected=Rejections.from_json(data["rejected"]),
                   rows_loaded=data["rows_loaded"],
                   rows_without_values=data["rows_without_values"], values=data["values"])
        return bulk
