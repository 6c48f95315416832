"""Verdict rules (pure, with hypothesis properties) and the article's verdicts on the snapshot.

Expected observed values are derived here from the bundled snapshot rows (newest vintage per
year), never typed in; expected verdicts are re-derived from the claim's own value and precision.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cache.bundle import snapshot_observations
from cache.store import ReplaceScope, Store
from indicators.claims.load import Measure, SeriesRef, load_claims
from indicators.judge.compare import (
    HOLDS,
    ObservedPoint,
    Verdict,
    band_verdict,
    best_supported,
    differences,
    evaluate_article,
    evaluate_claim,
    fallback_key,
    judge,
    make_band,
    no_observation_reason,
    overall_verdict,
    reading_series,
)
from indicators.models import Observation, vintage_sort_date

# -- helpers: the snapshot, read independently of the code under test -------------------------
_SNAPSHOT = None


def newest(source: str, series: str, economy: str, counterpart: str = "") -> dict[int, float]:
    """year → value of the newest vintage (calendar-year rows preferred), from the raw rows."""
    global _SNAPSHOT
    if _SNAPSHOT is None:
        _SNAPSHOT = snapshot_observations()
    best: dict[int, tuple] = {}
    for o in _SNAPSHOT:
        if (o.source, o.series, o.economy, o.counterpart) != (source, series, economy,
                                                               counterpart):
            continue
        key = (o.period == "", vintage_sort_date(o.publisher_updated) or "")
        if o.year not in best or key > best[o.year][0]:
            best[o.year] = (key, o.value)
    return {y: v for y, (_, v) in best.items()}


def at_or_before(values: dict[int, float], year: int) -> tuple[int, float]:
    y = max(k for k in values if k <= year)
    return y, values[y]


def expected_band_verdict(claimed: float, precision: float, rel: float, value: float) -> str:
    d = abs(value - claimed)
    if d <= precision + 1e-9:
        return "consistent"
    if d <= precision + rel * abs(claimed) + 1e-9:
        return "approximately"
    return "overstated" if value < claimed else "understated"


@pytest.fixture(scope="module")
def article(tmp_path_factory):
    from cache.bundle import open_store

    path = tmp_path_factory.mktemp("cmp") / "store.sqlite"
    with open_store(path) as store:
        yield evaluate_article(store, now="2026-01-01T00:00:00+00:00"), path


def _reading(result, claim_id, reading_id):
    claim = next(c for c in result.claims if c.claim.id == claim_id)
    return claim, next(r for r in claim.readings if r.reading_id == reading_id)


# -- the article on the bundled snapshot -----------------------------------------------------
def test_every_claim_and_reading_appears(article):
    result, _ = article
    claims = load_claims()
    assert [c.claim.id for c in result.claims] == [c.id for c in claims.claims]
    for c, spec in zip(result.claims, claims.claims, strict=True):
        assert [r.reading_id for r in c.readings] == [r.id for r in spec.readings]
        for r, rs in zip(c.readings, spec.readings, strict=True):
            if rs.measure.kind == "none":
                assert r.verdict is Verdict.NO_DATA and r.no_data_reason == rs.measure.reason


@pytest.mark.parametrize(
    ("claim_id", "reading_id", "num", "den"),
    [
        ("potash-share", "production-share-faostat",
         ("reference", "potash_faostat_rfn_k2o.production", "BLR", ""),
         ("reference", "potash_faostat_rfn_k2o.production", "WLD", "")),
        ("potash-share", "production-share-usgs",
         ("reference", "potash_usgs_mcs2026_world.mine_production", "BLR", ""),
         ("reference", "potash_usgs_mcs2026_world.mine_production", "WLD", "")),
        ("energy-dependence", "net-imports-share-of-supply-un",
         ("reference", "energy_unsd_syb67_belarus.net_imports_imports_exports_bunkers_petajoules",
          "BLR", ""),
         ("reference", "energy_unsd_syb67_belarus.total_supply_petajoules", "BLR", "")),
        ("energy-dependence", "russia-share-fuel-imports-comtrade",
         ("reference", "energy_comtrade_hs27_belarus_russia.import_value_hs_27_reported_by_belarus",
          "BLR", "RUS"),
         ("reference", "energy_comtrade_hs27_belarus_russia.import_value_hs_27_reported_by_belarus",
          "BLR", "WLD")),
    ],
)
def test_ratio_readings_match_the_snapshot(article, claim_id, reading_id, num, den):
    result, _ = article
    claim, r = _reading(result, claim_id, reading_id)
    n, d = newest(*num), newest(*den)
    shares = {y: n[y] / d[y] * 100 for y in set(n) & set(d)}
    year, value = at_or_before(shares, claim.claim.year)
    assert r.at_claim_year.year == year
    assert r.at_claim_year.value == pytest.approx(value)
    assert r.latest.year == max(shares)
    assert r.diff_points == pytest.approx(value - claim.claim.value)
    assert r.diff_percent == pytest.approx((value - claim.claim.value) / claim.claim.value * 100)
    assert [p.economy for p in r.at_claim_year.inputs] == [num[2], den[2]]
    # offline the live alternative has no rows: the bundled reference pair is used, as a pair
    assert [p.source for p in r.at_claim_year.inputs] == [num[0], den[0]]
    band_says = expected_band_verdict(claim.claim.value, claim.claim.precision,
                                      claim.claim.approx_relative, value)
    if band_says in ("consistent", "approximately"):
        assert r.verdict.value in (band_says, "outdated")
    else:  # outside: overstated/understated, or outdated when an earlier year fitted
        window = claim.claim.year - claim.claim.max_age_years
        fitted = any(
            window <= y < year and expected_band_verdict(
                claim.claim.value, claim.claim.precision, claim.claim.approx_relative, v
            ) in ("consistent", "approximately")
            for y, v in shares.items())
        assert r.verdict.value == ("outdated" if fitted else band_says)


@pytest.mark.parametrize(
    ("claim_id", "reading_id", "ref"),
    [
        ("energy-dependence", "net-energy-imports-wdi", ("worldbank", "EG.IMP.CONS.ZS", "BLR", "")),
        ("export-quota", "russia-share-exports-factbook",
         ("reference", "trade_partners_factbook.exports_partners_share_of_exports_top_partners",
          "BLR", "RUS")),
        ("import-quota", "russia-share-imports-factbook",
         ("reference", "trade_partners_factbook.imports_partners_share_of_imports_top_partners",
          "BLR", "RUS")),
        ("export-quota", "exports-share-gdp-wdi", ("worldbank", "NE.EXP.GNFS.ZS", "BLR", "")),
        ("import-quota", "imports-share-gdp-wdi", ("worldbank", "NE.IMP.GNFS.ZS", "BLR", "")),
    ],
)
def test_series_readings_match_the_snapshot(article, claim_id, reading_id, ref):
    result, _ = article
    claim, r = _reading(result, claim_id, reading_id)
    values = newest(*ref)
    year, value = at_or_before(values, claim.claim.year)
    assert (r.at_claim_year.year, r.at_claim_year.value) == (year, pytest.approx(value))
    assert r.at_claim_year.series == ref[1] and r.at_claim_year.source == ref[0]
    assert r.at_claim_year.origin and r.at_claim_year.publisher_updated
    c = claim.claim
    band_says = expected_band_verdict(c.value, c.precision, c.approx_relative, value)
    # outdated: the claim year's data misses beyond the wider band and the claim was
    # consistent (not merely approximately right) in a recent earlier year
    recent = c.year - c.dated_after_years
    held = [y for y, v in values.items() if recent <= y < year and expected_band_verdict(
        c.value, c.precision, c.approx_relative, v) == "consistent"]
    if band_says in ("overstated", "understated") and held:
        assert r.verdict.value == "outdated", r.explanation
        assert r.held_earlier.year == max(held) and str(max(held)) in r.explanation
    else:
        assert r.verdict.value == band_says, r.explanation


def test_factbook_readings_stop_where_russia_is_missing(article):
    """2022+ Factbook editions omit Russia (mirror data): the reading ends before 2022."""
    result, _ = article
    _, r = _reading(result, "export-quota", "russia-share-exports-factbook")
    assert r.latest.year < 2022 and "mirror" in r.caveat


def test_quoted_figures_merge_series_and_keep_their_period(article):
    result, _ = article
    claim, r = _reading(result, "fdi-russia", "russia-share-investment-inflows-belstat")
    merged: dict[int, float] = {}
    for ref in load_claims().claim("fdi-russia").readings[0].measure.refs:
        for y, v in newest(ref.source, ref.series, ref.economy, ref.counterpart).items():
            merged.setdefault(y, v)
    year, value = at_or_before(merged, 2024)
    assert (r.at_claim_year.year, r.at_claim_year.value) == (year, value)
    assert r.at_claim_year.period  # a quarter, shown with the value
    assert r.evidence == "quoted"
    assert r.verdict.value == expected_band_verdict(claim.claim.value, claim.claim.precision,
                                                    claim.claim.approx_relative, value)


def test_stale_reading_is_no_data_but_shows_the_value(article):
    result, _ = article
    claim, r = _reading(result, "fdi-russia", "russia-share-fdi-quoted")
    values: dict[int, float] = {}
    reading = next(x for x in claim.claim.readings if x.id == r.reading_id)
    for ref in reading.measure.refs:  # the quotes merged per year, the first listed first
        for y, v in newest(ref.source, ref.series, ref.economy, ref.counterpart).items():
            values.setdefault(y, v)
    year = max(values)
    assert year < claim.claim.year - claim.claim.max_age_years
    assert r.verdict is Verdict.NO_DATA and r.at_claim_year.value == values[year]
    assert "too old" in r.explanation


def test_qualitative_debt_claim_shows_data_without_a_number(article):
    result, _ = article
    claim = next(c for c in result.claims if c.claim.id == "debt-russia")
    assert claim.verdict is Verdict.CONTEXT
    r = next(r for r in claim.readings if r.reading_id == "external-debt-gni-wdi")
    values = newest("worldbank", "DT.DOD.DECT.GN.ZS", "BLR")
    year, value = at_or_before(values, 2024)
    assert (r.at_claim_year.year, r.at_claim_year.value) == (year, pytest.approx(value))
    assert r.verdict is Verdict.CONTEXT and r.diff_points is None and r.band is None
    share = next(r for r in claim.readings if r.reading_id == "russia-share-external-debt")
    owed = newest("reference", "debt_russia_quoted.belarus_debt_owed_to_russia", "BLR", "RUS")
    total = newest("worldbank", "DT.DOD.DECT.CD", "BLR")
    y, v = at_or_before({k: owed[k] * 1e9 / total[k] * 100 for k in set(owed) & set(total)},
                        2024)
    assert (share.at_claim_year.year, share.at_claim_year.value) == (y, pytest.approx(v))
    ids = next(r for r in claim.readings if r.reading_id == "russia-share-creditors-ids")
    assert ids.verdict is Verdict.NO_DATA and "refresh" in ids.no_data_reason


def test_peers_carry_the_same_reading_for_comparison_economies(article):
    result, _ = article
    claim, r = _reading(result, "export-quota", "exports-share-gdp-wdi")
    assert {p.economy for p in r.peers} <= set(claim.claim.peers)
    assert {p.economy for p in r.peers} == {
        e for e in claim.claim.peers if newest("worldbank", "NE.EXP.GNFS.ZS", e)}
    for p in r.peers:
        year, value = at_or_before(newest("worldbank", "NE.EXP.GNFS.ZS", p.economy), 2024)
        assert (p.at_claim_year.year, p.at_claim_year.value) == (year, pytest.approx(value))
    _, fb = _reading(result, "export-quota", "russia-share-exports-factbook")
    assert fb.peers == ()


def test_overall_verdicts_follow_the_documented_rule(article):
    result, _ = article
    for c in result.claims:
        likely = [r for r in c.readings if r.likely]
        assert len(likely) == 1, c.claim.id  # the shipped file marks one reading per claim
        likely = likely[0]
        assert c.likely_reading == likely.reading_id == c.claim.likely_reading.id
        scored = [r for r in c.readings if r.verdict.scored]
        if likely.verdict.scored:
            assert c.verdict is likely.verdict
            assert c.deciding_reading == likely.reading_id and c.decided_by_likely
            assert "most likely reading" in c.explanation
        elif not scored:
            assert c.verdict in (Verdict.CONTEXT, Verdict.NO_DATA)
            assert c.decided_by_likely == (c.deciding_reading == likely.reading_id
                                           and likely.at_claim_year is not None)
        else:  # the likely reading cannot be tested: the best-supported reading decides:
            # recent exact evidence first, then statistics, then the most favourable verdict
            best = min(scored, key=fallback_key)
            assert c.verdict is best.verdict and c.deciding_reading == best.reading_id
            assert not c.decided_by_likely and c.basis == "fallback"
            assert any(q.startswith("fallback: ") for q in c.qualifiers)
            assert f"most likely reading '{likely.reading_id}' cannot be tested" in c.explanation
            assert f"'{c.deciding_reading}'" in c.explanation and "instead" in c.explanation
        for r in c.readings:  # no reading is hidden from the explanation
            assert r.reading_id in c.explanation
        holds = any(r.verdict in HOLDS for r in scored)
        misses = any(r.verdict.scored and r.verdict not in HOLDS for r in scored)
        if holds and misses:
            assert "depends on the reading" in c.explanation
            assert c.agreement.status == "disagree"
            assert any(q.startswith("depends on the reading: ") for q in c.qualifiers)


def test_headline_counts_add_up_to_the_claims_shown(article):
    result, _ = article
    headline = result.headline()
    counts = result.headline_counts()
    assert headline.startswith(f"Of {len(result.claims)} claims: ")
    assert sum(counts.values()) == len(result.claims)
    qualitative = sum(c.claim.qualitative for c in result.claims)
    assert counts["qualitative"] == qualitative and f"{qualitative} is qualitative" in headline
    direct = [c for c in result.claims if c.verdict in HOLDS and c.decided_by_likely
              and c.deciding.quality.direct]
    assert counts["holds"] == len(direct)
    assert result.to_json_dict()["headline"] == headline


def test_likely_readings_without_data_name_the_refresh_command(article):
    """IMF readings: offline no data, the reason names the command and the 2022 break."""
    result, _ = article
    for claim_id, reading_id in (("export-quota", "russia-share-exports-statistics"),
                                 ("import-quota", "russia-share-imports-statistics"),
                                 ("fdi-russia", "russia-share-fdi-stock")):
        claim, r = _reading(result, claim_id, reading_id)
        assert r.likely and r.measure_kind == "ratio"
        assert r.verdict is Verdict.NO_DATA and r.at_claim_year is None
        assert "no imf rows yet" in r.no_data_reason
        assert "`claimcheck refresh --source imf`" in r.no_data_reason
        assert "2022" in r.no_data_reason and "2022" in r.caveat
        assert "--source imf" in claim.explanation


def _write_live(store, source: str, rows: list[Observation]) -> None:
    refresh_id = store.begin_refresh(source, "api")
    store.write_batch(refresh_id, ReplaceScope(source=source, kinds=("api",)), rows)


def _live_rows(source: str, series: str, economy: str, values: dict[int, float],
               counterpart: str = "") -> list[Observation]:
    return [Observation(source=source, dataset=f"test {source}", series=series, economy=economy,
                        counterpart=counterpart, year=y, value=v, unit="test unit",
                        publisher_updated="2026-01-01", origin=f"test://{source}/{series}")
            for y, v in sorted(values.items())]


def test_readings_switch_to_a_live_source_when_it_has_data(store_path):
    """faostat rows in the store: the potash reading uses them (as a pair), peers fall back."""
    num = newest("reference", "potash_faostat_rfn_k2o.production", "BLR")
    den = newest("reference", "potash_faostat_rfn_k2o.production", "WLD")
    live_den = {y: v * 2 for y, v in den.items()}  # a different (derived) world total
    with Store.open(store_path) as store:
        _write_live(store, "faostat", _live_rows("faostat", "rfn_k2o.production", "BLR", num)
                    + _live_rows("faostat", "rfn_k2o.production", "WLD", live_den))
        result = evaluate_article(store, now="2026-01-01T00:00:00+00:00")
    claim, r = _reading(result, "potash-share", "production-share-faostat")
    shares = {y: num[y] / live_den[y] * 100 for y in set(num) & set(live_den)}
    year, value = at_or_before(shares, claim.claim.year)
    assert (r.at_claim_year.year, r.at_claim_year.value) == (year, pytest.approx(value))
    assert r.at_claim_year.source == "faostat"
    assert {p.source for p in r.at_claim_year.inputs} == {"faostat"}
    assert "Measured with faostat: alternative 1 of 2" in r.explanation
    c = claim.claim
    band_says = expected_band_verdict(c.value, c.precision, c.approx_relative, value)
    assert r.verdict.value in (band_says, "outdated")
    # a peer without live rows uses the bundled pair, never live ÷ bundled
    for peer in r.peers:
        assert {p.source for p in peer.at_claim_year.inputs} == {"reference"}
    # the other readings are untouched
    _, usgs = _reading(result, "potash-share", "production-share-usgs")
    assert {p.source for p in usgs.at_claim_year.inputs} == {"reference"}


def test_a_ratio_never_divides_one_source_by_another(store_path):
    """Only the live numerator exists: the bundled pair is used, not live ÷ bundled."""
    num = newest("reference", "potash_faostat_rfn_k2o.production", "BLR")
    with Store.open(store_path) as store:
        _write_live(store, "faostat", _live_rows("faostat", "rfn_k2o.production", "BLR",
                                                  {y: v * 3 for y, v in num.items()}))
        result = evaluate_article(store, now="2026-01-01T00:00:00+00:00")
    claim, r = _reading(result, "potash-share", "production-share-faostat")
    assert {p.source for p in r.at_claim_year.inputs} == {"reference"}
    assert "alternative 2 of 2" in r.explanation
    den = newest("reference", "potash_faostat_rfn_k2o.production", "WLD")
    _, value = at_or_before({y: num[y] / den[y] * 100 for y in set(num) & set(den)},
                            claim.claim.year)
    assert r.at_claim_year.value == pytest.approx(value)


def test_verdicts_follow_live_imf_rows_with_no_change_of_their_own(store_path):
    """IMF IMTS rows in the store: the likely export reading is scored and decides the claim.

    The rows are built from the store's own data (the Factbook share × WDI goods exports), so
    the expected share is the Factbook share of the same year."""
    share = newest("reference",
                   "trade_partners_factbook.exports_partners_share_of_exports_top_partners",
                   "BLR", "RUS")
    world = newest("worldbank", "TX.VAL.MRCH.CD.WT", "BLR")
    years = sorted(set(share) & set(world))
    assert years
    rows = (_live_rows("imf", "IMTS.XG_FOB_USD", "BLR", {y: world[y] for y in years}, "WLD")
            + _live_rows("imf", "IMTS.XG_FOB_USD", "BLR",
                         {y: world[y] * share[y] / 100 for y in years}, "RUS"))
    with Store.open(store_path) as store:
        _write_live(store, "imf", rows)
        result = evaluate_article(store, now="2026-01-01T00:00:00+00:00")
    claim, r = _reading(result, "export-quota", "russia-share-exports-statistics")
    year, value = at_or_before({y: share[y] for y in years}, claim.claim.year)
    assert (r.at_claim_year.year, r.at_claim_year.value) == (year, pytest.approx(value))
    assert r.at_claim_year.source == "imf" and r.verdict.scored
    assert claim.decided_by_likely and claim.verdict is r.verdict
    assert claim.deciding_reading == "russia-share-exports-statistics"
    # the import reading still has no rows: the store holds imf rows, none for it
    _, imports = _reading(result, "import-quota", "russia-share-imports-statistics")
    assert imports.verdict is Verdict.NO_DATA
    assert "imf rows hold no observation" in imports.no_data_reason
    assert "--source imf" in imports.no_data_reason


def test_no_observation_reason_is_derived_from_the_measures_sources():
    live = SeriesRef("imf", "IMTS.XG_FOB_USD", "BLR", "RUS")
    bundled = SeriesRef("reference", "x", "BLR")
    both = Measure("series", alternatives=((SeriesRef("faostat", "s", "BLR"), bundled),))
    text = no_observation_reason(Measure("series", (live,)), frozenset({"reference"}))
    assert "no imf rows yet" in text and "`claimcheck refresh --source imf`" in text
    text = no_observation_reason(Measure("series", (live,)), frozenset({"imf"}))
    assert "imf rows hold no observation" in text
    text = no_observation_reason(both, frozenset())
    assert "--source faostat" in text and "bundled reference figures have none" in text
    assert "--offline" in no_observation_reason(Measure("series", (bundled,)))
    noted = Measure("series", (live,), reason="Partner data stop in 2022.")
    assert no_observation_reason(noted).endswith("Partner data stop in 2022.")


def test_reading_series_for_charting(store_path):
    claims = load_claims()
    reading = claims.claim("potash-share").readings[0]
    assert [r.source for r in reading.measure.alternatives[0]] == ["faostat", "reference"]
    with Store.open(store_path) as store:
        own = reading_series(store, reading)
        russia = reading_series(store, reading, "RUS")
    n = newest("reference", "potash_faostat_rfn_k2o.production", "BLR")
    d = newest("reference", "potash_faostat_rfn_k2o.production", "WLD")
    assert [p.year for p in own] == sorted(set(n) & set(d))
    assert all(p.value == pytest.approx(n[p.year] / d[p.year] * 100) for p in own)
    assert russia and all(p.economy == "RUS" for p in russia)


# -- the rules (pure) ------------------------------------------------------------------------
claims_values = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
precisions = st.floats(min_value=0, max_value=1e3, allow_nan=False)
relatives = st.floats(min_value=0, max_value=1, allow_nan=False)
fractions = st.floats(min_value=0, max_value=1, allow_nan=False)


@given(claims_values, precisions, relatives, fractions, st.booleans())
def test_value_inside_the_rounding_is_consistent(c, p, rel, f, below):
    band = make_band(c, p, rel)
    v = c - f * p if below else c + f * p
    assert band_verdict(v, band) is Verdict.CONSISTENT


@given(claims_values, precisions, relatives, st.floats(0, 1e6), st.floats(0, 1e6),
       st.booleans())
def test_moving_away_from_the_claim_never_improves_the_verdict(c, p, rel, d1, d2, below):
    band = make_band(c, p, rel)
    near, far = sorted((d1, d2))
    sign = -1 if below else 1
    v_near, v_far = band_verdict(c + sign * near, band), band_verdict(c + sign * far, band)
    assert v_far.rank >= v_near.rank


@given(claims_values, precisions, relatives, st.floats(0, 1e6))
def test_over_and_understatement_depend_on_the_side(c, p, rel, d):
    band = make_band(c, p, rel)
    assume(d > band.approx_high - c + 1e-6 * max(1, abs(c)))
    assert band_verdict(c - d, band) is Verdict.OVERSTATED
    assert band_verdict(c + d, band) is Verdict.UNDERSTATED


@given(claims_values.filter(lambda x: abs(x) > 1e-6), claims_values)
def test_differences_are_observed_minus_claimed(c, v):
    points, percent = differences(c, v)
    assert points == v - c
    assert percent == pytest.approx(points / abs(c) * 100)


def _pt(year: int, value: float) -> ObservedPoint:
    return ObservedPoint(value=value, year=year, unit="percent", source="test", dataset="t",
                         series="s", series_name="s", economy="XXX")


@given(
    st.floats(1, 100), st.floats(0, 5), st.lists(st.floats(-200, 300), min_size=1, max_size=8),
    st.integers(0, 7), st.floats(0, 500), st.booleans(),
)
def test_judge_moving_the_reference_value_away_never_improves(c, p, values, idx, extra, below):
    years = list(range(2017, 2017 + len(values)))
    idx = idx % len(values)
    band = make_band(c, p, 0.1)
    points = [_pt(y, v) for y, v in zip(years, values, strict=True)]
    ref_year = years[idx]
    base = judge(points, band=band, year=ref_year, max_age_years=10)
    # push the reference observation further from the claim on its side
    v = values[idx]
    further = v - extra if (v < c or (v == c and below)) else v + extra
    moved = [(_pt(y, further) if y == ref_year else pt) for y, pt in zip(years, points,
                                                                          strict=True)]
    after = judge(moved, band=band, year=ref_year, max_age_years=10)
    assert after.verdict.rank >= base.verdict.rank


@given(st.floats(1, 100), st.floats(0, 5), st.floats(0, 1))
def test_outdated_only_when_a_recent_earlier_year_was_consistent(c, p, f):
    band = make_band(c, p, 0.1)
    fits = c + f * p
    misses = band.approx_high + 1 + f
    judged = judge([_pt(2022, fits), _pt(2024, misses)], band=band, year=2024,
                   max_age_years=10, recent_years=3)
    assert judged.verdict is Verdict.OUTDATED and judged.held_earlier.year == 2022
    # an older year that fitted is not "recent": the miss stands
    judged = judge([_pt(2019, fits), _pt(2024, misses)], band=band, year=2024,
                   max_age_years=10, recent_years=3)
    assert judged.verdict is Verdict.UNDERSTATED
    # an earlier year only *approximately* right never makes a miss outdated
    near = band.approx_high - 1e-6 * max(1, c) if band.approx_high > band.consistent_high \
        else fits
    judged = judge([_pt(2023, near), _pt(2024, misses)], band=band, year=2024,
                   max_age_years=10, recent_years=3)
    assert judged.verdict is (Verdict.OUTDATED if near == fits else Verdict.UNDERSTATED)
    # the claim's own year held; later data that misses does not make it outdated
    judged = judge([_pt(2020, fits), _pt(2025, misses)], band=band, year=2024,
                   max_age_years=10)
    assert judged.verdict is Verdict.CONSISTENT and judged.reference.year == 2020
    assert judged.latest_verdict is Verdict.UNDERSTATED


def test_no_points_is_no_data_and_context_is_never_scored():
    band = make_band(40, 2.5)
    assert judge([], band=band, year=2024, max_age_years=10).verdict is Verdict.NO_DATA
    assert judge([_pt(2024, 40)], band=band, year=2024, max_age_years=10,
                 scored=False).verdict is Verdict.CONTEXT


verdicts = st.sampled_from(list(Verdict))
# a reading: its value in the claim year (None: no data), quoted?, context?
reading_specs = st.lists(
    st.tuples(st.one_of(st.none(), st.floats(0, 200)), st.booleans(), st.booleans()),
    min_size=1, max_size=6)


def _claim_with(specs, likely: int | None):
    """The import-quota claim with synthetic readings (one point each, or none)."""
    claim = load_claims().claim("import-quota")
    base = claim.readings[0]
    readings, series = [], {}
    for i, (value, quoted, context) in enumerate(specs):
        rid = f"r{i}"
        readings.append(replace(base, id=rid, meaning="m", caveat="",
                                role="context" if context else "test",
                                evidence="quoted" if quoted else "statistics",
                                likely=i == likely))
        series[rid] = [] if value is None else [_pt(2024, value)]
    reason = "the words in context" if likely is not None else ""
    return replace(claim, readings=tuple(readings), likely_reason=reason), series


@given(reading_specs, st.one_of(st.none(), st.integers(0, 5)))
def test_overall_is_a_readings_verdict_and_hides_none(specs, likely):
    likely = None if likely is None else likely % len(specs)
    claim, series = _claim_with(specs, likely)
    result = evaluate_claim(claim, series)
    assert len(result.readings) == len(specs)
    verdict, explanation, deciding = overall_verdict(result.readings)
    assert (verdict, explanation, deciding) == (result.verdict, result.explanation,
                                                result.deciding_reading)
    scored = [r for r in result.readings if r.verdict.scored]
    chosen = next((r for r in result.readings if r.likely), None)
    if chosen is not None and chosen.verdict.scored:
        assert verdict is chosen.verdict and result.decided_by_likely
    elif scored:  # fallback: the best-supported reading, and the explanation says so
        best, _ = best_supported(scored)
        pool = [r for r in scored if r.evidence == "statistics"] or scored
        assert verdict.rank == min(r.verdict.rank for r in pool) == best.verdict.rank
        assert deciding == best.reading_id and not result.decided_by_likely
        if chosen is not None:
            assert "cannot be tested" in explanation or "for context" in explanation
    else:
        assert verdict in (Verdict.CONTEXT, Verdict.NO_DATA)
    for r in result.readings:
        assert r.reading_id in explanation


@given(reading_specs, st.integers(0, 5), st.floats(0, 200))
def test_the_likely_reading_decides_when_it_is_scored(specs, likely, value):
    likely = likely % len(specs)
    specs = list(specs)
    specs[likely] = (value, specs[likely][1], False)  # scored: a value, role "test"
    claim, series = _claim_with(specs, likely)
    result = evaluate_claim(claim, series)
    chosen = result.readings[likely]
    assert chosen.verdict.scored
    assert result.verdict is chosen.verdict
    assert result.deciding_reading == chosen.reading_id and result.decided_by_likely


@given(reading_specs.filter(lambda specs: len(specs) > 1), st.integers(0, 5),
       st.integers(0, 4), st.floats(0, 200), st.booleans(),
       st.tuples(st.one_of(st.none(), st.floats(0, 200)), st.booleans(), st.booleans()))
def test_changing_another_reading_never_changes_a_claim_decided_by_its_likely_one(
        specs, likely, offset, value, quoted, change):
    likely = likely % len(specs)
    other = (likely + 1 + offset % (len(specs) - 1)) % len(specs)
    specs = list(specs)
    specs[likely] = (value, quoted, False)  # the likely reading is scored
    claim, series = _claim_with(specs, likely)
    before = evaluate_claim(claim, series)
    assert before.decided_by_likely
    specs[other] = change
    claim, series = _claim_with(specs, likely)
    after = evaluate_claim(claim, series)
    assert (after.verdict, after.deciding_reading) == (before.verdict, before.deciding_reading)
    assert after.decided_by_likely


def test_verdicts_have_label_meaning_and_colour():
    from indicators.output.display import verdict_colour

    for v in Verdict:
        assert v.label and v.meaning.endswith(".") and verdict_colour(v).startswith("#")
    assert len({verdict_colour(v) for v in Verdict}) == len(Verdict)


def test_every_reading_in_design_is_represented():
    by_claim = defaultdict(set)
    for c in load_claims().claims:
        for r in c.readings:
            for ref in r.measure.all_refs():
                by_claim[c.id].add(ref.series)
    assert "EG.IMP.CONS.ZS" in by_claim["energy-dependence"]
    assert "NE.EXP.GNFS.ZS" in by_claim["export-quota"]
    assert "NE.IMP.GNFS.ZS" in by_claim["import-quota"]
    assert "DT.DOD.DECT.GN.ZS" in by_claim["debt-russia"]
    assert "BX.KLT.DINV.WD.GD.ZS" in by_claim["fdi-russia"]
    assert {"potash_faostat_rfn_k2o.production",
            "potash_faostat_rfn_k2o.export_quantity"} <= by_claim["potash-share"]
