"""The records the drafting steps pass along: a figure found in the text and a drafted claim."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Figure:
    """A number as the text writes it, with what follows it read (unit, scale, currency).

    ``value`` is the number with the scale word applied ("2,2 Milliarden" → 2.2e9); ``written``
    is the number before scaling (2.2) and ``scale`` the scale's name ("billion") or "".
    """

    start: int
    end: int
    written: float
    value: float
    unit: str = ""  # percent | percentage points | basis points | times | rank | USD | tonnes …
    scale: str = ""
    currency: str = ""
    form: str = "digits"  # digits | words | fraction | multiple | rank
    precision: float = 0.0
    notes: list[str] = field(default_factory=list)  # how the number was read
    noun: str = ""  # the word right after the figure (for the skip rules)
    of_gdp: bool = False  # "Prozent des BIP", "of GDP", "der Wirtschaftsleistung"
    order: str = ""  # for ranks: largest | smallest

    @property
    def text_span(self) -> tuple[int, int]:
        return self.start, self.end


@dataclass
class Skipped:
    """A number that is not drafted, and why ("date", "age", "count of people" …)."""

    start: int
    end: int
    text: str
    why: str


@dataclass
class ProposedReading:
    id: str
    meaning: str
    source: str  # worldbank | imf | comtrade … or "" for a none reading
    series: str = ""
    economy: str = ""
    counterpart: str | list[str] = ""
    denominator_series: str = ""  # for a partner share: the all-partner total
    denominator_counterpart: str = ""
    denominator_economy: str = ""  # for a share of the world: WLD (the same series' total)
    fallback: tuple[str, str] = ()  # (source, series) read where the live source has no data
    definition: str = ""  # "upper bound" where the series counts more than the claim does
    definition_reason: str = ""
    role: str = ""  # "context": shown beside the claim, never scored (with role_reason)
    role_reason: str = ""
    kind: str = "series"  # series | ratio | none
    scale: float = 1.0
    unit: str = ""
    reason: str = ""  # for kind none: why no series can test it
    growth: bool = False
    score: float = 0.0
    licence: str = ""
    label: str = ""


@dataclass
class DraftClaim:
    """One drafted claim: the figure, its reading of the words, and what an editor must confirm."""

    figure: Figure
    quote: str
    quote_start: int
    quote_end: int
    value: float
    unit: str
    bound: str
    bound_words: str
    precision: float
    precision_note: str
    kind: str  # level | share | ratio | change | rank (the dev set's kinds)
    toml_kind: str = "level"  # level | change | rank (the claims format's kinds)
    change: str = ""  # points | percent | multiple | endpoints (for kind change)
    base_year: int | None = None
    base_value: float | None = None
    subject: str = ""
    counterpart: list[str] = field(default_factory=list)
    economy_note: str = ""
    year: int = 0
    year_basis: str = ""
    year_named: bool = False
    period: str = ""
    year_note: str = ""
    concept: list[str] = field(default_factory=list)  # the clause's content words
    readings: list[ProposedReading] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    qualitative: bool = False
    id: str = ""
    among: str = ""  # for a rank: "all" or a group code; "" where the format cannot state it
    order: str = ""
    rank_note: str = ""  # for a rank: the set it is among, or why it cannot be stated
