"""The verdict rules of docs/verdicts.md: claim shapes, evidence quality, outdated, agreement,
the headline, and the verdicts an editor would sign on the bundled data and a second file.

Observed values are read from the bundled snapshot (via the store), never typed in.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cache.store import Store
from indicators.claims.load import DEFAULT_CLAIMS_FILE, load_claims
from indicators.judge.compare import evaluate_article, evaluate_claim
from indicators.judge.results import ArticleResult, ObservedPoint
from indicators.judge.verdicts import (
    BOUNDS,
    HEADLINE_CATEGORIES,
    HOLDS,
    JUST_UNDER,
    LOWER_BOUNDS,
    UPPER_BOUNDS,
    Verdict,
    band_verdict,
    evidence_quality,
    make_band,
)
from indicators.output.claimreview import rating_value, to_claimreview
from indicators.output.display import claimed_text

DATA = Path(__file__).parent / "data"
NOW = "2026-01-01T00:00:00+00:00"

claims_values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)
precisions = st.floats(min_value=0, max_value=1e3, allow_nan=False)
relatives = st.floats(min_value=0, max_value=1, allow_nan=False)
observed = st.floats(min_value=-1e7, max_value=1e7, allow_nan=False)


# -- 1. claim shapes (hypothesis) --------------------------------------------------------
@settings(deadline=None)
@given(claims_values, precisions, relatives, st.sampled_from(BOUNDS), observed,
       st.floats(0, 1))
def test_moving_toward_the_claims_interval_never_worsens_the_verdict(c, p, r, bound, v, t):
    band = make_band(c, p, r, bound)
    target = min(max(v, band.consistent_low), band.consistent_high)  # nearest point inside
    closer = v + t * (target - v)
    assert band_verdict(closer, band).rank <= band_verdict(v, band).rank
    assert band_verdict(target, band) is Verdict.CONSISTENT


@settings(deadline=None)
@given(claims_values, precisions, relatives, st.sampled_from(BOUNDS), observed)
def test_a_one_sided_claim_is_never_judged_on_the_side_it_leaves_open(c, p, r, bound, v):
    verdict = band_verdict(v, make_band(c, p, r, bound))
    if bound in LOWER_BOUNDS:  # "more than 50" says nothing against 90
        assert verdict is not Verdict.UNDERSTATED
        if v >= c:
            assert verdict is Verdict.CONSISTENT
    if bound in UPPER_BOUNDS:  # "less than 10" says nothing against 2
        assert verdict is not Verdict.OVERSTATED
        if v <= c:
            assert verdict is Verdict.CONSISTENT


@settings(deadline=None)
@given(st.floats(1, 1e4), st.floats(0, 100), relatives, st.floats(1e-3, 1))
def test_almost_holds_a_little_under_the_figure_not_above_it(c, p, r, f):
    band = make_band(c, p, r, "almost")
    assert band_verdict(c - f * p, band) is Verdict.CONSISTENT
    above = c + f * max(p, 1e-3 * c)
    assert band_verdict(above, band) is not Verdict.CONSISTENT
    assert "almost" in JUST_UNDER


def test_the_worked_examples_of_the_issue():
    more_than_half = make_band(50, 0, 0.1, "more than")
    assert band_verdict(50.5, more_than_half) is Verdict.CONSISTENT
    assert band_verdict(90, more_than_half) is Verdict.CONSISTENT
    almost_200 = make_band(200, 10, 0.1, "almost")
    assert band_verdict(195, almost_200) is Verdict.CONSISTENT
    assert band_verdict(205, almost_200) is Verdict.APPROXIMATELY
    assert band_verdict(240, almost_200) is Verdict.UNDERSTATED
    assert claimed_text(50, "percent", "more than") == "more than 50 percent"
    assert claimed_text(20, "percent") == "20 percent"


# -- 2. evidence quality ----------------------------------------------------------------
def test_evidence_is_dated_only_beyond_the_threshold():
    assert not evidence_quality(2021, 2024, 3).dated
    assert evidence_quality(2020, 2024, 3).dated
    assert evidence_quality(2020, 2024, 3).age_years == 4
    assert evidence_quality(2017, 2024, 10).dated is False
    proxy = evidence_quality(2024, 2024, 3, "proxy", "all investment, not FDI")
    assert not proxy.direct and proxy.tier == 1


# -- 5. the headline adds up (hypothesis) -------------------------------------------------
def _template_claims():
    claims = load_claims(DATA / "verdict_cases.toml")
    return claims.claim("exports-more-than-half"), claims.claim("potash-disagree")


def _pt(year: int, value: float) -> ObservedPoint:
    return ObservedPoint(value=value, year=year, unit="percent", source="test", dataset="t",
                         series="s", series_name="s", economy="BLR")


claim_specs = st.lists(st.tuples(
    st.booleans(),  # qualitative
    st.lists(st.one_of(st.none(), st.tuples(st.integers(2005, 2026), st.floats(0, 200))),
             min_size=1, max_size=3),  # per reading: none or (year, value)
    st.one_of(st.none(), st.integers(0, 2)),  # likely reading
    st.booleans(),  # proxy
), min_size=0, max_size=8)


@settings(deadline=None, max_examples=60)
@given(claim_specs)
def test_the_headline_parts_sum_to_the_claims_shown(specs):
    single, _ = _template_claims()
    base = single.readings[0]
    results = []
    for i, (qualitative, readings, likely, proxy) in enumerate(specs):
        likely = None if likely is None or likely >= len(readings) else likely
        rs = tuple(replace(base, id=f"r{k}", likely=k == likely,
                           definition="proxy" if proxy else "exact",
                           definition_reason="a stand-in" if proxy else "")
                   for k in range(len(readings)))
        claim = replace(single, id=f"c{i}", readings=rs,
                        value=None if qualitative else single.value,
                        likely_reason="why" if likely is not None else "")
        series = {f"r{k}": [] if spec is None else [_pt(*spec)]
                  for k, spec in enumerate(readings)}
        results.append(evaluate_claim(claim, series))
    article = ArticleResult(load_claims().article, tuple(results), "x", NOW)
    counts = article.headline_counts()
    assert list(counts) == list(HEADLINE_CATEGORIES)
    assert sum(counts.values()) == len(results)
    numbers = [int(n) for n in re.findall(r"(?:: |, )(\d+) ", article.headline())]
    assert sum(numbers) == len(results)
    if results:
        assert article.headline().startswith(f"Of {len(results)} claim")
    else:  # a drafted file may have no claims
        assert article.headline() == "No claims to check (the claims file has none)."


# -- the second claims file: every rule, verdicts pinned ------------------------------------
@pytest.fixture(scope="module")
def cases(tmp_path_factory):
    from cache.bundle import open_store

    path = tmp_path_factory.mktemp("cases") / "store.sqlite"
    with open_store(path) as store:
        yield evaluate_article(store, DATA / "verdict_cases.toml", now=NOW)


def _claim(result, claim_id):
    return next(c for c in result.claims if c.claim.id == claim_id)


def test_one_sided_claims_are_judged_against_one_sided_intervals(cases):
    c = _claim(cases, "exports-more-than-half")
    r = c.readings[0]
    assert r.at_claim_year.value > 50 and r.at_claim_year.year == 2024
    assert c.verdict is Verdict.CONSISTENT and c.basis == "only"
    assert r.band.consistent_high == math.inf and "≥ 50" in r.explanation
    # the same data is too low for "over 80", too high for "less than 50"
    assert _claim(cases, "exports-over-80").verdict is Verdict.OVERSTATED
    assert _claim(cases, "imports-less-than-half").verdict is Verdict.UNDERSTATED
    imports = _claim(cases, "imports-almost-70").readings[0].at_claim_year.value
    assert 65 <= imports <= 70 and _claim(cases, "imports-almost-70").holds
    assert _claim(cases, "fdi-at-most-ten").verdict is Verdict.CONSISTENT


def test_dated_and_proxy_evidence_says_so_everywhere(cases):
    dated = _claim(cases, "russia-export-share-dated")
    r = dated.readings[0]
    assert r.at_claim_year.year == 2019 and r.quality.dated and r.quality.age_years == 5
    assert dated.verdict_text == "consistent — on 2019 data"
    proxy = _claim(cases, "investment-proxy")
    assert proxy.verdict_text == "consistent — proxy: all investment, not FDI"
    assert proxy.readings[0].at_claim_year.period  # the quarter is carried with the value
    data = cases.to_json_dict()
    by_id = {c["claim"]["id"]: c for c in data["claims"]}
    assert by_id["russia-export-share-dated"]["readings"][0]["evidence_age_years"] == 5
    assert by_id["investment-proxy"]["readings"][0]["definition"] == "proxy"
    ratings = {r["itemReviewed"]["text"]: r["reviewRating"] for r in to_claimreview(cases)}
    assert ratings[dated.claim.quote]["ratingValue"] == 4  # never the top value
    assert ratings[proxy.claim.quote]["ratingValue"] == 4
    direct = _claim(cases, "exports-more-than-half")
    assert ratings[direct.claim.quote]["ratingValue"] == 5
    counts = cases.headline_counts()
    assert counts["holds"] == 3 and counts["holds_qualified"] == 3


def test_disagreeing_readings_are_named(cases):
    c = _claim(cases, "potash-disagree")
    assert c.agreement.status == "disagree"
    assert c.agreement.holds == ("faostat",) and c.agreement.misses == ("usgs",)
    assert ("depends on the reading: consistent on FAOSTAT fertiliser production; overstated "
            "on USGS mine production") in c.verdict_text
    data = {x["claim"]["id"]: x for x in cases.to_json_dict()["claims"]}["potash-disagree"]
    assert data["agreement"]["status"] == "disagree"
    strip = data["robustness"]
    assert strip["years"] == sorted(strip["years"]) and strip["years"][0] >= 2014
    usgs = next(row for row in strip["readings"] if row["reading_id"] == "usgs")
    assert usgs["verdicts"][strip["years"].index(2024)] == "overstated"


def test_peers_never_include_the_subject(cases):
    for c in cases.claims:
        for r in c.readings:
            assert c.claim.subject not in {p.economy for p in r.peers}


# -- the bundled article, read as an editor would -----------------------------------------
@pytest.fixture(scope="module")
def belarus(tmp_path_factory):
    from cache.bundle import open_store

    path = tmp_path_factory.mktemp("blr") / "store.sqlite"
    with open_store(path) as store:
        yield evaluate_article(store, now=NOW)


def test_belarus_verdicts_an_editor_would_sign(belarus):
    v = {c.claim.id: c for c in belarus.claims}
    potash = v["potash-share"]  # USGS decides; FAOSTAT disagrees, and the card says so
    assert potash.verdict is Verdict.OVERSTATED and potash.basis == "likely"
    assert potash.agreement.status == "disagree"
    assert "overstated on USGS mine production" in potash.verdict_text
    assert "consistent on FAOSTAT fertiliser production" in potash.verdict_text
    energy = v["energy-dependence"]  # Comtrade's 2017 share: holds, but on dated evidence
    assert energy.verdict is Verdict.CONSISTENT and "on 2017 data" in energy.verdict_text
    exports = v["export-quota"]  # officials: 41% in 2021, 57% in Jan–Sep 2022
    assert exports.verdict is Verdict.OUTDATED and exports.basis == "fallback"
    held = exports.deciding.held_earlier
    assert held.year == 2021 and f"held for {held.year}" in exports.deciding.explanation
    assert exports.deciding.at_claim_year.period  # "Jan-Sep 2022"
    fdi = v["fdi-russia"]  # all investment, not FDI: never plainly consistent
    assert "proxy: all investment, not FDI" in fdi.verdict_text
    assert fdi.agreement.status == "disagree"
    assert v["debt-russia"].verdict is Verdict.CONTEXT
    debt_service = next(r for r in v["debt-russia"].readings
                        if r.reading_id == "russia-share-bilateral-debt-service-ids")
    assert debt_service.at_claim_year is not None  # the new IDS creditor data is shown
    for c in belarus.claims:  # no claim holds plainly on dated, proxy or fallback evidence
        if c.holds and (c.basis == "fallback" or not c.deciding.quality.direct):
            assert c.qualifiers and rating_value(c) < 5
    counts = belarus.headline_counts()
    assert sum(counts.values()) == len(belarus.claims) == 6


def test_json_never_carries_nan_or_infinity(belarus, cases):
    for result in (belarus, cases):
        text = json.dumps(result.to_json_dict(), allow_nan=False)
        assert "NaN" not in text and "Infinity" not in text


def test_outdated_needs_a_recent_consistent_year(belarus):
    for c in belarus.claims:
        for r in c.readings:
            if r.verdict is Verdict.OUTDATED:
                assert r.held_earlier is not None
                assert c.claim.year - r.held_earlier.year <= c.claim.dated_after_years
                assert band_verdict(r.held_earlier.value, r.band) is Verdict.CONSISTENT
                assert band_verdict(r.at_claim_year.value, r.band) not in HOLDS


def test_labels_are_english_whatever_the_bulk_file_language(store_path):
    """A Spanish bulk vintage ("% del PIB") is shown with the English unit; the original
    label stays with the point."""
    from indicators.judge.measuring import measure_series
    from indicators.models import Observation

    claims = load_claims()
    reading = claims.claim("export-quota").readings[-1]
    assert reading.id == "exports-share-gdp-wdi"
    with Store.open(store_path) as store:
        rows = store.observations(series="NE.EXP.GNFS.ZS", economy="BLR", source="worldbank")
        english = rows[-1].unit
        spanish = Observation(**{**rows[-1].__dict__, "unit": "% del PIB",
                                 "publisher_updated": "2099-01-01",
                                 "origin": "API_NE.EXP.GNFS.ZS_DS2_es_csv_v2_1.csv"})
        refresh = store.begin_refresh("worldbank", "bulk")
        from cache.store import ReplaceScope

        store.write_batch(refresh, ReplaceScope(source="worldbank", kinds=("bulk",)),
                          [spanish])
        points = measure_series(store, reading.measure)
    last = next(p for p in points if p.year == spanish.year)
    assert last.unit == english and last.unit_original == "% del PIB"


def test_the_cli_table_shows_periods_bounds_and_qualifiers(store_path, belarus):
    from click.testing import CliRunner

    from indicators.cli import cli
    from indicators.output.display import value_with_period

    table = CliRunner().invoke(cli, ["--store", str(store_path), "check", "--claims",
                                     str(DATA / "verdict_cases.toml")])
    assert table.exit_code == 0, table.output
    flat = " ".join(table.output.split())
    assert "more than 50 percent" in flat and "almost 70 percent" in flat
    assert "on 2019 data" in flat and "proxy: all investment, not FDI" in flat
    fdi = next(r for c in belarus.claims for r in c.readings
               if r.reading_id == "russia-share-investment-inflows-belstat")
    assert fdi.at_claim_year.period and fdi.at_claim_year.period in value_with_period(
        fdi.at_claim_year)
    result = CliRunner().invoke(cli, ["--store", str(store_path), "check", "--claims",
                                      str(DEFAULT_CLAIMS_FILE)])
    assert value_with_period(fdi.at_claim_year) in " ".join(result.output.split())
