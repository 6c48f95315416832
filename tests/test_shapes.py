"""The rules of claims as articles write them (docs/verdicts.md, rules 9–14), pure, with
hypothesis properties: moving the observed change toward the claimed one never worsens the
verdict; a period claim is never judged on another period; a bound never makes a claim hold.

Numbers here are inputs to pure rules (not data); claims judged on real data are in
tests/test_shapes_claims.py.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from indicators.claims.load import load_claims
from indicators.judge.claim_rules import claim_band, scorer
from indicators.judge.compare import evaluate_claim, evaluate_reading
from indicators.judge.derive import change_points
from indicators.judge.measure_shapes import shaped_series
from indicators.judge.results import ObservedPoint
from indicators.judge.shapes import (
    bound_verdict,
    change_band,
    change_of,
    compound,
    endpoints_verdict,
    rank_band,
    rank_of,
    sum_of_parts,
)
from indicators.judge.verdicts import BOUNDS, HOLDS, Verdict, band_verdict
from indicators.models import Observation
from indicators.money import convert, unit_currency, unit_scale
from indicators.periods import parse_claim_period, parse_period, same_period
from indicators.wording import claim_text, rank_word

SHAPES = Path(__file__).parent / "data" / "shapes_2025.toml"
_CLAIMS = load_claims(SHAPES)


def _claim(claim_id: str):
    return _CLAIMS.claim(claim_id)


def _pt(year: int, value: float, unit: str = "percent", period: str = "",
        economy: str = "BLR") -> ObservedPoint:
    return ObservedPoint(value=value, year=year, unit=unit, source="test", dataset="t",
                         series="s", series_name="s", economy=economy, period=period)


# -- 9. changes ------------------------------------------------------------------------------------
def test_a_change_is_measured_the_way_it_is_stated():
    assert change_of("points", 48.9, 78.5) == pytest.approx(29.6)
    assert change_of("endpoints", 48.9, 78.5) == pytest.approx(29.6)
    assert change_of("percent", 200, 190.6) == pytest.approx(-4.7)
    assert change_of("multiple", 10, 20) == pytest.approx(2)
    assert change_of("percent", 0, 5) is None and change_of("multiple", -1, 2) is None
    assert compound([0.7]) == 0.7
    assert compound([10, 10]) == pytest.approx(21)


def test_a_fall_is_judged_by_its_size():
    third = change_band("percent", -33.3, 3, 0.1, "about")
    assert band_verdict(-33.3, third) is Verdict.CONSISTENT
    assert band_verdict(-40.5, third) is Verdict.UNDERSTATED  # the fall was larger
    assert band_verdict(-20, third) is Verdict.OVERSTATED  # the fall was smaller
    more = change_band("percent", -33.3, 3, 0.1, "more than")
    assert band_verdict(-40.5, more) is Verdict.CONSISTENT
    assert band_verdict(-10, more) is Verdict.OVERSTATED
    halved = change_band("multiple", 0.5, 0.05, 0.1, "about")
    assert band_verdict(0.8, halved) is Verdict.OVERSTATED  # fell less than claimed
    doubled = change_band("multiple", 2, 0.1, 0.1, "almost")
    assert band_verdict(1.95, doubled) is Verdict.CONSISTENT
    assert band_verdict(1.6, doubled) is Verdict.OVERSTATED


def test_both_endpoints_are_judged_when_both_are_quoted():
    c, ok = Verdict.CONSISTENT, Verdict.APPROXIMATELY
    assert endpoints_verdict(c, c, c) is c
    assert endpoints_verdict(c, Verdict.OVERSTATED, c) is Verdict.OVERSTATED
    assert endpoints_verdict(c, c, Verdict.UNDERSTATED) is Verdict.UNDERSTATED
    assert endpoints_verdict(Verdict.OVERSTATED, c, c) is Verdict.OVERSTATED
    assert endpoints_verdict(c, ok, c) is ok
    claim = _claim("exports-endpoints")
    score = scorer(claim, claim.readings[0])
    base, end = _pt(2020, 61.0), _pt(2021, 70.8)
    [point] = change_points([base, end], change="endpoints", span=1)
    assert score(point, claim_band(claim)) is Verdict.CONSISTENT
    # the same change from other levels: the change holds, the endpoints do not
    [shifted] = change_points([_pt(2020, 51.0), _pt(2021, 60.8)], change="endpoints", span=1)
    assert band_verdict(shifted.value, claim_band(claim)) is Verdict.CONSISTENT
    assert score(shifted, claim_band(claim)) is Verdict.OVERSTATED


def test_growth_rates_are_read_directly_and_compounded():
    rates = [_pt(2022, 10.0, "%"), _pt(2023, 10.0, "%")]
    one = change_points(rates, change="percent", span=1, growth=True)
    assert [p.value for p in one] == [10.0, 10.0]
    two = change_points(rates, change="percent", span=2, growth=True)
    assert [round(p.value, 9) for p in two] == [21.0]
    assert change_points(rates, change="multiple", span=2, growth=True)[0].value == \
        pytest.approx(1.21)


def test_a_change_needs_both_ends_from_the_same_part_of_the_year():
    levels = [_pt(2020, 10.0, period="Q1 2020"), _pt(2021, 12.0)]
    assert change_points(levels, change="points", span=1) == []


CHANGES = st.sampled_from(["points", "percent", "multiple", "endpoints"])


@settings(max_examples=300)
@given(change=CHANGES, claimed=st.floats(-300, 300), precision=st.floats(0, 20),
       rel=st.floats(0, 0.5), bound=st.sampled_from(BOUNDS), observed=st.floats(-600, 600),
       step=st.floats(0, 1), base=st.floats(-100, 100))
def test_moving_the_observed_change_toward_the_claimed_never_worsens_the_verdict(
        change, claimed, precision, rel, bound, observed, step, base):
    if change == "multiple":
        claimed, observed = abs(claimed) / 50 + 0.01, abs(observed) / 50
    if change == "endpoints":
        bound = "about"
    band = change_band(change, claimed, precision, rel, bound,
                       base if change == "endpoints" else None)
    target = band.claimed
    closer = observed + step * (target - observed)
    assert band_verdict(closer, band).rank <= band_verdict(observed, band).rank


@settings(max_examples=200)
@given(base_v=st.floats(1, 200), end_v=st.floats(1, 200), b_obs=st.floats(1, 200),
       e_obs=st.floats(1, 200), precision=st.floats(0, 5), step=st.floats(0, 1))
def test_endpoints_moving_toward_the_quoted_ones_never_worsen_the_verdict(
        base_v, end_v, b_obs, e_obs, precision, step):
    claim = replace(_claim("exports-endpoints"), value=end_v, base_value=base_v,
                    precision=precision)
    score, band = scorer(claim, claim.readings[0]), claim_band(claim)

    def verdict(b: float, e: float) -> Verdict:
        [point] = change_points([_pt(2020, b), _pt(2021, e)], change="endpoints", span=1)
        return score(point, band)

    nearer = verdict(b_obs + step * (base_v - b_obs), e_obs + step * (end_v - e_obs))
    assert nearer.rank <= verdict(b_obs, e_obs).rank


# -- 10. amounts ---------------------------------------------------------------------------------
def test_units_say_their_scale_and_currency():
    assert unit_scale("billion US$") == 1e9 and unit_scale("current US$") == 1
    assert unit_scale("thousand metric tons K2O equivalent") == 1e3
    assert unit_currency("current US$", "BLR") == "USD"
    assert unit_currency("current LCU", "RUS") == "RUB"
    assert unit_currency("current LCU", "DEU") == "EUR"
    assert unit_currency("percent", "BLR") is None
    # 100 US$ at 0.9 EUR per US$ is 90 EUR; 90 EUR back is 100 US$; RUB → EUR through US$
    assert convert(100, "USD", "EUR", None, 0.9) == pytest.approx(90)
    assert convert(90, "EUR", "USD", 0.9, None) == pytest.approx(100)
    assert convert(7000, "RUB", "EUR", 70, 0.9) == pytest.approx(90)


# -- 11. ranks -----------------------------------------------------------------------------------
def test_ranks_count_the_larger_members_and_share_ties():
    assert rank_of(5, [14.4, 10, 6.3, 2.5]) == 4
    assert rank_of(5, [5, 1]) == 1 and rank_of(5, [5, 9]) == 2
    assert rank_of(5, [14.4, 10, 6.3], "smallest") == 1
    second = rank_band(2, 0, 0.1, "about")
    assert band_verdict(4, second) is Verdict.OVERSTATED  # a worse rank than claimed
    assert band_verdict(1, second) is Verdict.UNDERSTATED
    assert band_verdict(4, rank_band(5, 0, 0.1, "at most")) is Verdict.CONSISTENT
    assert rank_word(1) == "largest" and rank_word(2) == "second-largest"
    assert rank_word(12) == "12th-largest" and rank_word(3, "smallest") == "third-smallest"


# -- 12. periods ---------------------------------------------------------------------------------
def test_periods_are_read_as_sources_and_articles_write_them():
    assert parse_claim_period("Q1 2024").label == "Q1 2024"
    assert parse_claim_period("Jan-Mar 2024").label == "Q1 2024"
    assert parse_claim_period("Jan–Sep 2022").label == "Jan–Sep 2022"
    assert parse_claim_period("June 2022").label == "June 2022"
    assert parse_claim_period("Jun 2022").label == "June 2022"
    assert parse_claim_period("H1 2024").label == "H1 2024"
    assert parse_claim_period("2024") is None and parse_claim_period("soon") is None
    assert same_period(parse_period("H1 2024 (inferred)"), parse_period("Jan-Jun 2024"))
    assert not same_period(parse_period("Q1 2024"), parse_period("Q1 2023"))
    assert parse_period("end-2022").label == "end-2022"
    assert parse_period("as of 2019-06-01").label == "1 Jun 2019"
    assert parse_period("undated, stated 2025-01-24").kind == "undated"
    assert parse_period("pre-sanctions (text refers to 2019)") is None


PERIODS = ["", "Q1", "Q2", "Q3", "Q4", "H1", "H2", "Jan-Sep", "Jan-Mar", "June", "Jan-Jun"]


class _Rows:
    """The one store call measuring makes, over a list of observations (a property's data)."""

    def __init__(self, rows):
        self.rows = rows

    def observations(self, *, series=None, economy=None, counterpart=None, source=None,
                     current_only=True):
        return [o for o in self.rows if o.series == series and o.economy == economy
                and o.counterpart == (counterpart or "") and o.source == source]


@settings(max_examples=150)
@given(rows=st.lists(st.tuples(st.integers(2018, 2025), st.sampled_from(PERIODS),
                               st.floats(0, 100)), max_size=25),
       claim_period=st.sampled_from([p for p in PERIODS if p]), year=st.integers(2018, 2025),
       kind=st.sampled_from(["level", "change"]))
def test_a_period_claim_is_never_judged_on_another_period(rows, claim_period, year, kind):
    wanted = parse_claim_period(f"{claim_period} {year}")
    template = _claim("investment-q1")
    reading = template.readings[0]
    ref = reading.measure.refs[0]
    store = _Rows([Observation(ref.source, "t", ref.series, ref.economy, y,
                               v, "percent", ref.counterpart, f"{p} {y}".strip())
                   for y, p, v in rows])
    claim = replace(template, period=wanted.label, year=year)
    if kind == "change":
        claim = replace(claim, kind="change", change="points", base_year=year - 1,
                        base_period=wanted.in_year(year - 1).label)
    shaped = shaped_series(store, claim, reading, {})
    result = evaluate_reading(claim, reading, shaped)
    ends = result.at_claim_year.inputs if kind == "change" and result.at_claim_year else (
        [result.at_claim_year] if result.at_claim_year else [])
    for point in ends:
        assert same_period(parse_period(point.period, point.year),
                           wanted.in_year(point.year)), (point.period, wanted.label)
    if result.at_claim_year is None:
        assert result.verdict is Verdict.NO_DATA


# -- 13. bounds ----------------------------------------------------------------------------------
def test_a_bound_refutes_on_its_side_only():
    band = claim_band(_claim("russia-three-quarters"))
    assert bound_verdict(55, band, "upper bound") is Verdict.OVERSTATED
    assert bound_verdict(80, band, "upper bound") is Verdict.CONTEXT
    assert bound_verdict(95, band, "lower bound") is Verdict.UNDERSTATED
    assert bound_verdict(55, band, "lower bound") is Verdict.CONTEXT


@settings(max_examples=200)
@given(claim_id=st.sampled_from(["russia-three-quarters", "exports-points", "investment-q1",
                                 "fdi-almost-doubled", "gdp-billions"]),
       side=st.sampled_from(["upper bound", "lower bound"]),
       values=st.lists(st.tuples(st.integers(2010, 2026), st.floats(-200, 200)), min_size=1,
                       max_size=8),
       claimed=st.floats(-150, 150), precision=st.floats(0, 30), n=st.integers(1, 3))
def test_a_bound_only_reading_never_makes_a_claim_hold(claim_id, side, values, claimed,
                                                       precision, n):
    claim = _claim(claim_id)
    if claim.change == "multiple":
        claimed, values = abs(claimed) / 50 + 0.01, [(y, abs(v) / 50) for y, v in values]
    assume(claim.kind != "change" or claim.base_year is not None)
    base = replace(claim.readings[0], definition=side, definition_reason="a bound")
    readings = tuple(replace(base, id=f"b{k}") for k in range(n))
    claim = replace(claim, readings=readings, value=claimed, precision=precision)
    period = claim.period.split(" ")[0] if claim.period else ""
    points = [_pt(y, v, period=f"{period} {y}".strip()) for y, v in dict(values).items()]
    result = evaluate_claim(claim, {r.id: points for r in readings})
    assert result.verdict not in HOLDS
    assert all(r.verdict not in HOLDS for r in result.readings)


# -- 14. sums ------------------------------------------------------------------------------------
def test_a_sum_needs_every_part():
    assert sum_of_parts({"RUS": 42.0, "UKR": 13.0}, ("RUS", "UKR")) == (55.0, ())
    assert sum_of_parts({"RUS": 42.0}, ("RUS", "CHN")) == (None, ("CHN",))


# -- the article's own terms ----------------------------------------------------------------------
def test_claims_are_written_in_the_articles_own_terms():
    texts = {c.id: claim_text(c) for c in _CLAIMS.claims}
    assert texts["exports-points"] == "+9.8 points, 2020 → 2021"
    assert texts["exports-endpoints"] == "from 61 to 70.8 percent, 2020 → 2021"
    assert texts["russia-gdp-third"] == "−33.3%, 2013 → 2015"
    assert texts["russia-gdp-more-than-third"] == "a fall of more than 33.3%, 2013 → 2015"
    assert texts["fdi-almost-doubled"] == "almost doubled, 2016 → 2023"
    assert texts["gdp-billions"] == "72.5 billion US dollars"
    assert texts["potash-second"] == "second-largest among all economies with data"
    assert texts["potash-top-five"] == "among the five largest of all economies with data"
    assert texts["investment-q1"] == "57.5 percent, Q1 2024"
    doubled = replace(_claim("fdi-almost-doubled"), bound="about")
    assert claim_text(doubled).startswith("doubled")
    euros = replace(_claim("gdp-billions"), value=146, currency="EUR", unit="euros")
    assert claim_text(euros) == "146 billion euros"
    assert claim_text(replace(_claim("exports-gdp-rank-peers"), value=2)).startswith(
        "second-largest among its peers (RUS, UKR")


# -- 10. conversion through the store's exchange rates (the arithmetic; real rates are tested on
# the bundled WDI rows in tests/test_shapes_claims.py) -----------------------------------------
def _newest_rows(series: str, economy: str, years) -> list[Observation]:
    from cache.bundle import snapshot_observations

    best: dict[int, Observation] = {}
    for o in snapshot_observations():
        if o.series == series and o.economy == economy and o.year in years and (
                o.year not in best or (o.vintage_date or "") > (best[o.year].vintage_date or "")):
            best[o.year] = o
    return list(best.values())


@pytest.mark.parametrize("rate", [0.5, 2.0])
def test_an_amount_in_another_currency_is_converted_with_the_years_rate(rate):
    claim = replace(_claim("gdp-billions"), currency="EUR", unit="euros")
    reading = claim.readings[0]
    gdp = _newest_rows("NY.GDP.MKTP.CD", "BLR", (2022, 2023))
    store = _Rows(gdp + [Observation("worldbank", "WDI", "PA.NUS.FCRF", "EMU", 2023, rate,
                                     "LCU per US$, period average")])
    shaped = shaped_series(store, claim, reading, {})
    [point] = [p for p in shaped.points if p.year == 2023]
    [stored] = [o for o in gdp if o.year == 2023]
    assert point.value == pytest.approx(stored.value * rate / 1e9)
    assert point.unit == "billion euros" and point.derivation == "conversion"
    assert [p.series for p in point.inputs] == ["NY.GDP.MKTP.CD", "PA.NUS.FCRF"]
    assert "converted by Claimcheck from US$ at the 2023 annual average" in point.note
    # a year without a rate is never compared in another currency: it is dropped, with why
    assert 2022 not in {p.year for p in shaped.points}
    assert "no 2022 exchange rate for EUR" in shaped.dropped[2022]
    result = evaluate_reading(replace(claim, year=2022), reading, shaped)
    assert result.verdict is Verdict.NO_DATA
    assert "never compared without one" in result.explanation
    converted = evaluate_reading(claim, reading, shaped)
    assert converted.quality.converted == ("converted from current US$ at the 2023 annual "
                                           "average exchange rate")
    assert converted.quality.converted in converted.verdict_text


def test_an_amount_whose_unit_names_no_currency_is_not_compared_with_one():
    claim = replace(_claim("potash-second"), kind="level", value=5, currency="EUR",
                    unit="euros", scale="million", precision=0.5)
    reading = replace(claim.readings[0])
    store = _Rows(_newest_rows("potash_usgs_mcs2026_world.mine_production", "BLR", (2024,)))
    shaped = shaped_series(store, claim, reading, {})
    assert shaped.points == [] and "names no currency" in shaped.dropped[2024]
