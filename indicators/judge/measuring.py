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
from indicators.judge.results import ObservedPoint, PeerResult
from indicators.judge.verdicts import pick_points
from indicators.models import Observation


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


def series_names(store) -> dict[tuple[str, str], str]:
    names = {k: m.name for k, m in store.series_meta().items()}
    names.update({k: name for k, (name, _) in english_series().items() if name})
    return names


def _point(o: Observation, names: dict[tuple[str, str], str]) -> ObservedPoint:
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


def _ref_points(store, ref: SeriesRef, names) -> dict[int, ObservedPoint]:
    """One point per year (the calendar-year row if there is one, else the last period)."""
    rows = store.observations(series=ref.series, economy=ref.economy,
                              counterpart=ref.counterpart, source=ref.source)
    by_year: dict[int, ObservedPoint] = {}
    for o in sorted(rows, key=lambda o: (o.year, o.period == "", o.period)):
        by_year[o.year] = _point(o, names)
    return by_year


def measure_series(store, measure: Measure, names: dict | None = None) -> list[ObservedPoint]:
    """The time series of a measure, from the first alternative with data.

    * series: the first alternative with any observation;
    * ratio: the first (numerator, denominator) pair with a value in a common year (never one
      source divided by another), computed per year where both exist;
    * figures: each listed input from its first alternative with data, merged per year.
    """
    names = names if names is not None else series_names(store)
    if measure.kind == "none":
        return []
    cache: dict[SeriesRef, dict[int, ObservedPoint]] = {}

    def points(ref: SeriesRef) -> dict[int, ObservedPoint]:
        if ref not in cache:
            cache[ref] = _ref_points(store, ref, names)
        return cache[ref]

    if measure.kind == "series":
        for ref in measure.alternatives[0]:
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
    for num_ref, den_ref in measure.ratio_pairs():
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
        licence="; ".join(dict.fromkeys(x for x in (n.licence, d.licence) if x)),
    )


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
