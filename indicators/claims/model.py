"""The claims-file model: what an article claims and how each claim can be read and measured.

Plain frozen records, no I/O: `indicators.claims.load` builds them from a TOML file and validates
it; `indicators.claims.catalogue` checks their series codes; nothing here creates a source adapter.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

# The words a claim may use for how it is bounded (docs/claims-format.md, `bound`).
TWO_SIDED = ("about", "exactly")
LOWER_BOUNDS = ("at least", "more than", "over")  # the claim is a floor: open above
UPPER_BOUNDS = ("at most", "less than", "under")  # the claim is a ceiling: open below
JUST_UNDER = ("almost", "nearly")  # a little under the figure, not above it
BOUNDS = TWO_SIDED + LOWER_BOUNDS + UPPER_BOUNDS + JUST_UNDER
BOUND_DEFINITIONS = ("upper bound", "lower bound")  # evidence that only bounds the figure
DEFINITIONS = ("exact", "proxy", *BOUND_DEFINITIONS)
KINDS = ("level", "change", "rank")  # what a claim's figure is (docs/claims-format.md)
CHANGES = ("points", "percent", "multiple", "endpoints")  # how a change is stated
ORDERS = ("largest", "smallest")  # a rank's direction: rank 1 is the largest (or smallest)
AMONG = ("peers", "all")  # the named sets a rank can be among (or a group, or a list)


class ClaimsError(ValueError):
    """A claims file cannot be used; the message says where and what was expected."""

    def __init__(
        self,
        path: Path | str,
        message: str,
        *,
        line: int | None = None,
        claim_id: str | None = None,
        reading_id: str | None = None,
        field_name: str | None = None,
    ):
        self.path = str(path)
        self.line = line
        self.claim_id = claim_id
        self.reading_id = reading_id
        self.field_name = field_name
        self.detail = message
        where = [self.path + (f":{line}" if line else "")]
        if claim_id:
            where.append(f"claim {claim_id!r}")
        if reading_id:
            where.append(f"reading {reading_id!r}")
        if field_name:
            where.append(f"field {field_name!r}")
        super().__init__(", ".join(where) + ": " + message)


# -- the model ----------------------------------------------------------------------------------
@dataclass(frozen=True)
class SeriesRef:
    """One series of one economy (and counterpart) in the store."""

    source: str
    series: str
    economy: str
    counterpart: str = ""  # "RUS"; for a sum, the parts joined: "RUS+CHN"
    sum_of: tuple[str, ...] = ()  # a sum over these counterparts (same series, year, source)

    def with_economy(self, economy: str) -> SeriesRef:
        return SeriesRef(self.source, self.series, economy, self.counterpart, self.sum_of)

    @property
    def counterparts(self) -> tuple[str, ...]:
        """The counterpart codes this reference reads (the parts of a sum, or the one)."""
        return self.sum_of or ((self.counterpart,) if self.counterpart else ())

    def describe(self) -> str:
        if self.sum_of:
            cp = f" (counterparts {' + '.join(self.sum_of)}, summed)"
        else:
            cp = f" (counterpart {self.counterpart})" if self.counterpart else ""
        return f"{self.source}:{self.series} [{self.economy}]{cp}"

    def to_json_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"source": self.source, "series": self.series,
                               "economy": self.economy, "counterpart": self.counterpart}
        if self.sum_of:
            out["sum_of"] = list(self.sum_of)
        return out


@dataclass(frozen=True)
class Measure:
    """How a reading is measured.

    * ``series``: one series (``refs[0]``);
    * ``ratio``: ``refs[0] ÷ refs[1] × scale``, computed per year where both have a value;
    * ``figures``: reference figures from several series (e.g. quotes of different years),
      merged per year, the first listed series winning when two give the same year;
    * ``none``: no public data can test the reading; ``reason`` says why.

    Each input may list **alternatives in priority order** (``alternatives[i]`` for input
    ``i``; ``refs`` holds the first choice of each input): the first alternative with an
    observation in the store is used. A ratio's numerator and denominator alternatives are
    matching pairs (``alternatives[0][k]`` ÷ ``alternatives[1][k]``), so one source is never
    divided by another. For kinds other than ``none``, ``reason`` is an optional note added to
    the no-data explanation when no alternative has an observation.
    """

    kind: str
    refs: tuple[SeriesRef, ...] = ()
    scale: float = 1.0
    unit: str = ""
    reason: str = ""
    alternatives: tuple[tuple[SeriesRef, ...], ...] = ()
    growth: bool = False  # the values are growth rates (percent change on the previous period)
    currency: str = ""  # the currency of the values, when their unit does not say

    def __post_init__(self) -> None:
        if not self.alternatives and self.refs:
            object.__setattr__(self, "alternatives", tuple((r,) for r in self.refs))
        elif self.alternatives and not self.refs:
            object.__setattr__(self, "refs", tuple(a[0] for a in self.alternatives))

    @property
    def has_alternatives(self) -> bool:
        return any(len(a) > 1 for a in self.alternatives)

    def all_refs(self) -> tuple[SeriesRef, ...]:
        """Every series of every alternative, in priority order, once."""
        return tuple(dict.fromkeys(r for alts in self.alternatives for r in alts))

    def sources(self) -> tuple[str, ...]:
        """The store sources this measure reads, in priority order."""
        return tuple(dict.fromkeys(r.source for r in self.all_refs()))

    def ratio_pairs(self) -> tuple[tuple[SeriesRef, SeriesRef], ...]:
        """A ratio's (numerator, denominator) alternatives, pair by pair, in priority order."""
        if self.kind != "ratio" or len(self.alternatives) != 2:
            return ()
        nums, dens = self.alternatives
        return tuple((nums[k], dens[k]) for k in range(min(len(nums), len(dens))))

    def describe(self) -> str:
        if self.kind == "none":
            return "no public data: " + self.reason
        scale = "" if self.scale == 1 else f" × {self.scale:g}"
        if self.kind == "ratio":
            options = [f"{n.describe()} ÷ {d.describe()}{scale}" for n, d in self.ratio_pairs()]
        elif self.kind == "figures":
            return "reference figures: " + "; ".join(
                " else ".join(r.describe() for r in alts) for alts in self.alternatives)
        else:
            options = [r.describe() for r in self.alternatives[0]]
        if len(options) == 1:
            return options[0]
        return "first with data of: " + "; else ".join(options)

    def for_economy(self, subject: str, economy: str) -> Measure:
        """The same measure for another economy (refs about the subject are substituted)."""
        alternatives = tuple(
            tuple(r.with_economy(economy) if r.economy == subject else r for r in alts)
            for alts in self.alternatives)
        return Measure(self.kind, scale=self.scale, unit=self.unit, reason=self.reason,
                       alternatives=alternatives, growth=self.growth, currency=self.currency)

    def to_json_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "refs": [r.to_json_dict() for r in self.refs],
                "alternatives": [[r.to_json_dict() for r in alts] for alts in self.alternatives],
                "scale": self.scale, "unit": self.unit, "reason": self.reason,
                "growth": self.growth, "currency": self.currency,
                "description": self.describe()}


@dataclass(frozen=True)
class Reading:
    """One interpretation of a claim, bound to a measure."""

    id: str
    meaning: str
    measure: Measure
    caveat: str = ""
    role: str = "test"  # "test": scored against the claim; "context": shown, never scored
    evidence: str = "statistics"  # "statistics" (producer's tables) | "quoted" (secondary)
    peers: bool = True
    likely: bool = False  # the most likely meaning of the article's words in context
    definition: str = "exact"  # "exact" | "proxy" (a stand-in) | "upper bound" | "lower bound"
    definition_reason: str = ""  # for a proxy: how it differs ("all investment, not FDI")
    label: str = ""  # a short name shown where readings are compared ("USGS mine production")

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label or self.id, "meaning": self.meaning,
                "caveat": self.caveat, "role": self.role, "evidence": self.evidence,
                "likely": self.likely, "definition": self.definition,
                "definition_reason": self.definition_reason,
                "measure": self.measure.to_json_dict()}


@dataclass(frozen=True)
class Claim:
    id: str
    quote: str
    gloss: str
    value: float | None  # None: qualitative
    unit: str
    precision: float  # half-width of the interval the wording implies, in the claim's unit
    precision_note: str
    year: int
    subject: str
    context: str
    readings: tuple[Reading, ...]
    approx_relative: float = 0.10
    max_age_years: int = 10
    peers: tuple[str, ...] = ()
    line: int | None = None
    likely_reason: str = ""  # why the reading marked ``likely`` is the most likely meaning
    bound: str = "about"  # how the wording bounds the figure: "more than", "almost", …
    dated_after_years: int = 3  # evidence older than year − this is "dated"
    # -- claims as articles write them (docs/claims-format.md); the defaults are a level in
    # one calendar year, judged as before
    kind: str = "level"  # "level" | "change" | "rank"
    period: str = ""  # a part of the year, canonical ("Q1 2024"); "" = the calendar year
    year_named: bool = False  # the words name the year: judged on it alone, never outdated
    scale: str = ""  # "thousand" | "million" | "billion" | "trillion": how `value` is written
    currency: str = ""  # ISO 4217 code of an amount
    change: str = ""  # for kind "change": "points" | "percent" | "multiple" | "endpoints"
    base_year: int | None = None  # for kind "change": the year the change runs from
    base_period: str = ""  # for kind "change" with a period: the base period
    base_value: float | None = None  # for change "endpoints": the starting value as quoted
    among: str = "peers"  # for kind "rank": "peers" | "all" | "list" | "group" (see members)
    # for among "list": the economies ranked (with the subject); for "group": the group's code
    members: tuple[str, ...] = ()
    among_label: str = ""  # for among "group": its name ("Europe & Central Asia")
    order: str = "largest"  # for kind "rank": rank 1 is the largest (or smallest) value

    @property
    def qualitative(self) -> bool:
        return self.value is None

    @property
    def exact_year(self) -> bool:
        """Judged on its own year (and period) alone: named years, periods, changes."""
        return self.year_named or bool(self.period) or self.kind == "change"

    @property
    def likely_reading(self) -> Reading | None:
        """The reading marked as the most likely meaning (None if the file marks none)."""
        return next((r for r in self.readings if r.likely), None)

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, "quote": self.quote, "gloss": self.gloss, "value": self.value,
                "unit": self.unit, "qualitative": self.qualitative,
                "precision": self.precision, "precision_note": self.precision_note,
                "year": self.year, "subject": self.subject, "context": self.context,
                "bound": self.bound, "approx_relative": self.approx_relative,
                "max_age_years": self.max_age_years,
                "dated_after_years": self.dated_after_years,
                "peers": list(self.peers),
                "likely_reading": self.likely_reading.id if self.likely_reading else None,
                "likely_reason": self.likely_reason, **self.shape_json()}

    def shape_json(self) -> dict[str, Any]:
        """The keys of claims as articles write them (only those a claim uses)."""
        out: dict[str, Any] = {"kind": self.kind, "period": self.period,
                               "year_named": self.year_named}
        if self.scale or self.currency:
            out |= {"scale": self.scale, "currency": self.currency}
        if self.kind == "change":
            out |= {"change": self.change, "base_year": self.base_year,
                    "base_period": self.base_period, "base_value": self.base_value}
        if self.kind == "rank":
            out |= {"among": (list(self.members) if self.among == "list" else
                              self.members[0] if self.among == "group" else self.among),
                    "order": self.order}
        return out


@dataclass(frozen=True)
class Article:
    title: str
    date: str
    language: str
    url: str = ""
    publisher: str = ""
    year_note: str = ""

    def to_json_dict(self) -> dict[str, str]:
        return {"title": self.title, "date": self.date, "language": self.language,
                "url": self.url, "publisher": self.publisher, "year_note": self.year_note}


@dataclass(frozen=True)
class ClaimsFile:
    path: Path
    article: Article
    claims: tuple[Claim, ...]

    def claim(self, claim_id: str) -> Claim:
        for c in self.claims:
            if c.id == claim_id:
                return c
        raise KeyError(claim_id)

    def refs(self) -> list[tuple[Claim, Reading, SeriesRef]]:
        """Every series reference (all alternatives) with its claim and reading."""
        return [(c, r, ref) for c in self.claims for r in c.readings
                for ref in r.measure.all_refs()]


