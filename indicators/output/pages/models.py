"""The view models: what each page, card and chart shows, as plain data.

Built from the comparison's results by the other modules of this package and rendered by the
dashboard (`dashboard/`, as Dash components) and the static site (the same components, written
to files). Texts are final reader words; numbers are already formatted; hrefs come from a
`Links` object, so each renderer decides where a link points. No Dash, no store, no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class VerdictView:
    """A verdict with its glyph and colour; ``qualified``: old data, a proxy or a fallback."""

    value: str  # "consistent" (the scale's word, also the CSS class)
    label: str
    glyph: str  # "✓": the verdict never rests on colour alone
    meaning: str
    colour: str
    qualifiers: tuple[str, ...] = ()  # reader words: "on 2017 data", "depends on the source"
    qualified: bool = False

    @property
    def text(self) -> str:
        """E.g. "consistent — on 2017 data; depends on the source"."""
        return self.label + (" — " + "; ".join(self.qualifiers) if self.qualifiers else "")


@dataclass(frozen=True)
class Fact:
    term: str
    text: str


@dataclass(frozen=True)
class ArticleHeader:
    """The checked article: title, date, language, its address, and the article's own pages."""

    article_id: str
    title: str
    date: str
    language: str
    url: str
    publisher: str
    year_note: str
    overview_href: str
    table_href: str
    index_href: str | None  # the list of articles (None when there is only one)
    downloads: tuple[tuple[str, str], ...] = ()  # (format, href): the CLI export's files


@dataclass(frozen=True)
class RulerRow:
    """One source on the claim ruler: its own row, so no two dots can overlap."""

    reading_id: str
    label: str  # "USGS mine production"
    source: str  # "USGS"
    period: str  # "2024"
    value_text: str  # "10.7%"
    value: float
    position: float  # % of the ruler's width
    verdict: VerdictView
    deciding: bool


@dataclass(frozen=True)
class RulerBand:
    kind: str  # "approx" | "consistent"
    left: float
    width: float
    open_left: bool
    open_right: bool


@dataclass(frozen=True)
class RulerView:
    ruler_id: str
    low: float
    high: float
    ticks: tuple[tuple[float, str], ...]
    bands: tuple[RulerBand, ...]
    claimed_position: float
    claimed_label: str  # "claimed: about 20%"
    rows: tuple[RulerRow, ...]
    summary: str  # the text alternative: every source by name, value, year and verdict


@dataclass(frozen=True)
class ReadingRow:
    """One source in a claim's list: its verdict, one sentence and a link to its chart."""

    reading_id: str
    label: str
    verdict: VerdictView
    sentence: str
    href: str


@dataclass(frozen=True)
class FigureLine:
    """A figure as a reader reads it on a card: "10.7% in 2024 — USGS mine production"."""

    term: str  # "Deciding figure"
    text: str
    detail: str = ""  # e.g. a ratio's numerator: "Belarus debt owed to Russia: 7.8 billion US$"


@dataclass(frozen=True)
class CardView:
    claim_id: str
    number: int
    title: str  # sentence case
    href: str
    verdict: VerdictView
    claimed: str  # "about 20% for 2024"
    quote: str
    quote_lang: str
    deciding: FigureLine | None
    gap: str  # "−9.3 percentage points"; "" when nothing decides
    telling: FigureLine | None  # a qualitative claim's most telling figure
    ruler: RulerView | None
    ruler_note: str  # why there is no ruler
    sentence: str
    readings: tuple[ReadingRow, ...]
    explanation: str
    charts_label: str


@dataclass(frozen=True)
class OverviewView:
    page_title: str
    article: ArticleHeader
    heading: str
    headline: str
    cards: tuple[CardView, ...]


@dataclass(frozen=True)
class ArticleSummary:
    article_id: str
    title: str
    date: str
    language: str
    publisher: str
    headline: str  # "Of 6 claims: …" (or why it could not be checked)
    counts: tuple[tuple[str, int], ...]  # ("hold on current data", 1), …
    claims: int
    href: str
    error: str = ""


@dataclass(frozen=True)
class IndexView:
    page_title: str
    heading: str
    intro: str
    articles: tuple[ArticleSummary, ...]


@dataclass(frozen=True)
class ValueRow:
    shown_as: str
    economy: str
    period: str
    value_text: str
    source: str


@dataclass(frozen=True)
class SourceEntry:
    """One stored series behind a chart, in reader words (its codes are in the provenance)."""

    title: str  # "USGS — Mine production"
    description: str  # the dataset as its publisher describes it
    economy: str
    retrieved: str
    updated: str  # "publisher last updated 2025-…" or "publisher's last update not stated"
    link: str = ""  # the publisher's page, where the origin is a web address


@dataclass(frozen=True)
class ChartView:
    """One chart panel: Chart / Table / Sources, downloads, and the figure as plain data."""

    panel: str  # "main" | "detail"
    graph_id: str
    title: str
    subtitle: str
    source_line: str
    figure: dict[str, Any]
    export_layout: dict[str, Any]  # merged into the figure for a PNG: title, subtitle, sources
    rows: tuple[ValueRow, ...]
    sources: tuple[SourceEntry, ...]
    csv: str
    filename: str
    tab: str = "chart"  # the tab shown first (from the URL)


@dataclass(frozen=True)
class NoDataView:
    """A plain panel in place of a chart: what data would answer it, never a command."""

    panel: str
    title: str
    message: str  # "No figures to chart yet for IMF IMTS."
    would_answer: str  # what the missing data is
    why: str = ""


@dataclass(frozen=True)
class OtherReading:
    """A source measured in another unit or concept: named under the main chart, not on it."""

    reading_id: str
    label: str
    figure: str
    verdict: VerdictView
    why: str  # "a proxy: exports as a share of GDP, …", "measured in % of GDP", "no data yet"
    href: str


@dataclass(frozen=True)
class StripCell:
    year: int
    verdict: VerdictView
    value_text: str


@dataclass(frozen=True)
class StripRow:
    label: str
    cells: tuple[StripCell | None, ...]  # one per year of `StripView.years`


@dataclass(frozen=True)
class StripView:
    caption: str
    years: tuple[int, ...]
    rows: tuple[StripRow, ...]


@dataclass(frozen=True)
class ProvenanceEntry:
    """A stored value in reader words, with its technical provenance apart."""

    value: str  # "10.7% in 2024 · Belarus"
    source: str  # "USGS — Mine production"
    description: str
    facts: tuple[Fact, ...]
    technical: tuple[Fact, ...]  # series code, origin (commit or URL), refresh command
    link: str = ""  # the publisher's page, where the origin is a web address


@dataclass(frozen=True)
class ReadingOption:
    reading_id: str
    label: str  # "USGS mine production (most likely) — overstated"
    href: str
    selected: bool


@dataclass(frozen=True)
class PeerOption:
    code: str
    label: str
    selected: bool
    href: str


@dataclass(frozen=True)
class ReadingDetail:
    reading_id: str
    heading: str  # "USGS mine production (most likely)"
    verdict: VerdictView
    sentence: str
    facts: tuple[Fact, ...]
    explanation: str
    caveat: str
    chart: ChartView | NoDataView
    provenance: tuple[ProvenanceEntry, ...]
    computed_from: str  # "Computed by Claimcheck from the stored values below." or ""
    technical: tuple[Fact, ...]  # the rules' own explanation, the measure's codes
    peers: tuple[PeerOption, ...] = ()
    peer_note: str = ""


@dataclass(frozen=True)
class ClaimPageView:
    page_title: str
    article: ArticleHeader
    claim_id: str
    heading: str
    verdict: VerdictView
    claimed: str
    quote: str
    quote_lang: str
    deciding: FigureLine | None
    gap: str
    telling: FigureLine | None
    sentence: str
    explanation: str
    notes: tuple[str, ...]  # the claim's precision note and context
    main: ChartView | NoDataView
    main_heading: str
    others: tuple[OtherReading, ...]
    strip: StripView | None
    options: tuple[ReadingOption, ...]
    detail: ReadingDetail
    technical: tuple[Fact, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class TableColumn:
    key: str
    header: str
    numeric: bool = False
    technical: bool = False  # codes, origins and hashes: offered under "Technical provenance"


@dataclass(frozen=True)
class TableView:
    page_title: str
    article: ArticleHeader
    heading: str
    columns: tuple[TableColumn, ...]  # every column, in order
    shown: tuple[str, ...]  # the keys shown
    rows: tuple[dict[str, str], ...]  # key → display text
    sort: str
    descending: bool
    sort_links: tuple[tuple[str, str], ...]  # column key → the link that sorts by it
    phone: tuple[tuple[str, tuple[ReadingRow, ...]], ...]  # claim title → its sources
