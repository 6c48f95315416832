"""Measuring from the store: a reading's time series, its peers, in English labels.

Reads the store (passed in); no verdicts, no presentation. Each measure input may list
alternatives in priority order: a series uses the first with data; a ratio the first
(numerator, denominator) *pair* with a common year (never one source ÷ another); figures take
each input's first alternative with data and merge them per year (the first listed wins a year).

Labels are shown in English whatever the language of an imported bulk file: a World Bank
series' name and unit come from the bundled snapshot's English metadata when the store's label
differs (a Spanish bulk file says "% del PIB"); the source's own label stays in the point's
``unit_original`` and in the store's provenance.
"""

from __future__ import annotations

import functools

from indicators.claims.economies import display_name
from indicators.claims.model import Claim, Measure, Reading, SeriesRef
from indicators.judge.derive import sum_point
from indicators.judge.results import ObservedPoint, PeerResult
from indicators.judge.shapes import sum_of_parts
from indicators.judge.verdicts import pick_points
from indicators.models import Observation
from indicators.periods import Period, parse_period, same_period


@functools.cache
def english_series() -> dict[tuple[str, str], tuple[str, str]]:
    """(source, series) → (English name, unit) of the World Bank series in the snapshot."""
    from cache.bundle import snapshot_series

    try:
        return {(m.source, m.series): (m.name, m.unit) for m in snapshot_series()
                if m.source == "worldbank"}
    except OSError:  # no bundled metadata: the store's labels are shown as they are
        return {}


@functools.cache
def series_licences() -> dict[tuple[str, str], str]:
    """(source, series) → a note for each WDI series not under CC BY ("IEA terms (not CC BY)"),
    from the bundled WDI catalogue's licence column."""
    from cache.bundle import snapshot_catalogue_series

    try:
        return {("worldbank", code): s.licence_note
                for code, s in snapshot_catalogue_series().items() if s.licence_note}
    except OSError:
        return {}


class SeriesNames:
    """(source, series) → the series' name: the bundled English name of a World Bank series,
    else the store's own, looked up one series at a time as a point needs it (never the whole
    series table, which holds every WDI series and whatever bulk files brought)."""

    def __init__(self, store):
        self._store = store
        self._found: dict[tuple[str, str], str | None] = {}

    def get(self, key: tuple[str, str], default: str) -> str:
        if key not in self._found:
            english = english_series().get(key, ("", ""))[0]
            self._found[key] = english or self._stored(key)
        return self._found[key] or default

    def _stored(self, key: tuple[str, str]) -> str | None:
        lookup = getattr(self._store, "series_name", None)
        if lookup is not None:
            return lookup(*key)
        meta = self._store.series_meta().get(key)  # a store-like object without the lookup
        return meta.name if meta else None


def series_names(store) -> SeriesNames:
    return SeriesNames(store)


def _point(o: Observation, names: SeriesNames) -> ObservedPoint:
    english_unit = english_series().get((o.source, o.series), ("", ""))[1]
    unit, original = o.unit, ""
    if english_unit and o.unit != english_unit:
        unit, original = english_unit, o.unit
    return ObservedPoint(
        value=o.value, year=o.year, unit=unit, unit_original=original, source=o.source,
        dataset=o.dataset,
        series=o.series, series_name=names.get((o.source, o.series), o.series),
        economy=o.economy, counterpart=o.counterpart, period=o.period,
        publisher_updated=o.publisher_updated, retrieved_at=o.retrieved_at, origin=o.origin,
        note=o.note, licence=series_licences().get((o.source, o.series), ""),
    )


def _ref_points(store, ref: SeriesRef, names, period: Period | None = None
                ) -> dict[int, ObservedPoint]:
    """One point per year: with a ``period``, that part of each year only (rule 12); else the
    calendar-year row if there is one, else the last period. A reference with ``sum_of`` adds
    its counterparts' values of the same year and period (rule 14)."""
    if ref.sum_of:
        points = _sum_points(store, ref, names)
    else:
        rows = store.observations(series=ref.series, economy=ref.economy,
                                  counterpart=ref.counterpart, source=ref.source)
        points = [_point(o, names) for o in rows]
    if period is not None:
        points = [p for p in points
                  if same_period(parse_period(p.period, p.year), period.in_year(p.year))]
    by_year: dict[int, ObservedPoint] = {}
    for o in sorted(points, key=lambda o: (o.year, o.period == "", o.period)):
        by_year[o.year] = o
    return by_year


def _sum_points(store, ref: SeriesRef, names) -> list[ObservedPoint]:
    """The sum over ``ref.sum_of`` per (year, period) where every part has a value."""
    parts: dict[tuple[int, str], dict[str, ObservedPoint]] = {}
    for counterpart in ref.sum_of:
        for o in store.observations(series=ref.series, economy=ref.economy,
                                    counterpart=counterpart, source=ref.source):
            parts.setdefault((o.year, o.period), {})[counterpart] = _point(o, names)
    out = []
    for (_, _), found in sorted(parts.items()):
        total, missing = sum_of_parts({k: p.value for k, p in found.items()}, ref.sum_of)
        if total is not None:
            out.append(sum_point([found[c] for c in ref.sum_of], ref.counterpart))
    return out


def measure_series(store, measure: Measure, names: SeriesNames | None = None, *,
                   period: Period | None = None, only: int | None = None
                   ) -> list[ObservedPoint]:
    """The time series of a measure, from the first alternative with data.

    * series: the first alternative with any observation;
    * ratio: the first (numerator, denominator) pair with a value in a common year (never one
      source divided by another), computed per year where both exist;
    * figures: each listed input from its first alternative with data, merged per year.

    ``period``: that part of each year only; ``only``: alternative (pair) ``only`` and no other
    (a rank reads every member from the alternative the subject uses).
    """
    names = names if names is not None else series_names(store)
    if measure.kind == "none":
        return []
    cache: dict[SeriesRef, dict[int, ObservedPoint]] = {}

    def points(ref: SeriesRef) -> dict[int, ObservedPoint]:
        if ref not in cache:
            cache[ref] = _ref_points(store, ref, names, period)
        return cache[ref]

    def pick(options: list) -> list:
        return options if only is None else options[only:only + 1]

    if measure.kind == "series":
        for ref in pick(list(measure.alternatives[0])):
            if points(ref):
                return [p for _, p in sorted(points(ref).items())]
        return []
    if measure.kind == "figures":
        merged: dict[int, ObservedPoint] = {}
        for alternatives in measure.alternatives:
            chosen = next((points(r) for r in alternatives if points(r)), {})
            for year, p in chosen.items():
                merged.setdefault(year, p)
        return [p for _, p in sorted(merged.items())]
    for num_ref, den_ref in pick(list(measure.ratio_pairs())):
        num, den = points(num_ref), points(den_ref)
        out = [_ratio_point(num[year], den[year], measure)
               for year in sorted(set(num) & set(den)) if den[year].value != 0]
        if out:
            return out
    return []


def _ratio_point(n: ObservedPoint, d: ObservedPoint, measure: Measure) -> ObservedPoint:
    scale = "" if measure.scale == 1 else f" × {measure.scale:g}"
    same = n.source == d.source
    periods = "; ".join(f"{p.series} {p.economy}: {p.period}" for p in (n, d) if p.period)
    return ObservedPoint(
        value=n.value / d.value * measure.scale,
        year=n.year,
        unit=measure.unit or f"{n.unit} per {d.unit}",
        source=n.source if same else f"{n.source} ÷ {d.source}",
        dataset=n.dataset if n.dataset == d.dataset else f"{n.dataset} ÷ {d.dataset}",
        series=f"{n.series} ÷ {d.series}",
        series_name=f"{n.series_name} ({n.economy}) ÷ {d.series_name} ({d.economy}){scale}",
        economy=n.economy,
        counterpart=n.counterpart,
        period=periods,
        publisher_updated=" | ".join(dict.fromkeys(
            x for x in (n.publisher_updated, d.publisher_updated) if x)),
        retrieved_at=max(n.retrieved_at, d.retrieved_at),
        origin=" | ".join(dict.fromkeys(x for x in (n.origin, d.origin) if x)),
        note="computed by Claimcheck from the two inputs",
        inputs=(n, d),
        derivation="ratio",
        licence="; ".join(dict.fromkeys(x for x in (n.licence, d.licence) if x)),
    )


def _ref_keys(ref: SeriesRef) -> list[tuple[str, str, str, str]]:
    """The stored series a reference reads (each part of a sum)."""
    return [(ref.source, ref.series, ref.economy, c) for c in (ref.counterparts or ("",))]


def alternative_used(measure: Measure, point: ObservedPoint | None) -> int | None:
    """Which alternative (0-based) a measure's observed point comes from, if it has several."""
    if point is None or not measure.has_alternatives or measure.kind == "figures":
        return None
    leaves = {(p.source, p.series, p.economy, p.counterpart) for p in point.leaves()}
    if measure.kind == "ratio":
        options = list(measure.ratio_pairs())
    else:
        options = [(r,) for r in measure.alternatives[0]]
    for k, refs in enumerate(options):
        if all(key in leaves for r in refs for key in _ref_keys(r)):
            return k
    return None


def reading_series(store, reading: Reading, economy: str | None = None,
                   subject: str = "BLR") -> list[ObservedPoint]:
    """A reading's time series for charting, for its own economy or a peer's."""
    measure = reading.measure
    if economy is not None and economy != subject:
        measure = measure.for_economy(subject, economy)
    return measure_series(store, measure)


def peer_results(store, claim: Claim, reading: Reading, names) -> list[PeerResult]:
    """The reading for each peer economy; never the claim's subject nor a counterpart."""
    if not reading.peers or reading.measure.kind == "none":
        return []
    out = []
    counterparts = {r.counterpart for r in reading.measure.all_refs()}
    for economy in dict.fromkeys(claim.peers):
        if economy == claim.subject or economy in counterparts:
            continue  # Belarus is not its own peer; "share with Russia" means nothing for Russia
        points = measure_series(store, reading.measure.for_economy(claim.subject, economy),
                                names)
        reference, latest = pick_points(points, claim.year)
        if reference is not None:
            out.append(PeerResult(economy, display_name(economy), reference, latest))
    return out


def stored_sources(store) -> frozenset[str] | None:
    """The sources with observations in the store (None if the store cannot say)."""
    sources_with_data = getattr(store, "sources_with_data", None)
    if not callable(sources_with_data):
        return None
    return frozenset(sources_with_data())
