"""One claim of each shape (tests/data/shapes_2025.toml) judged on the bundled snapshot, with
the verdicts pinned, and shown in the article's own terms in every output: the CLI table,
JSON, CSV, Markdown and ClaimReview.

Expected observed values are recomputed here from the bundled snapshot's rows (newest vintage
per year, read independently of the code under test), never typed in.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cache.bundle import open_store, snapshot_observations
from indicators.cli import cli
from indicators.judge.compare import evaluate_article
from indicators.judge.verdicts import Verdict
from indicators.models import vintage_sort_date
from indicators.output.claimreview import to_claimreview
from indicators.output.export import export_bytes

SHAPES = Path(__file__).parent / "data" / "shapes_2025.toml"
NOW = "2026-01-01T00:00:00+00:00"

PINNED = {
    "gdp-billions": "consistent",
    "russia-gdp-euros": "consistent",
    "russia-gdp-roubles-2024": "no data",
    "moldova-inflation-level": "consistent",
    "exports-points": "consistent",
    "belarus-growth-2023": "consistent",
    "belarus-growth-two-years": "consistent",
    "exports-endpoints": "consistent",
    "russia-gdp-third": "understated",
    "russia-gdp-more-than-third": "consistent",
    "fdi-almost-doubled": "overstated",
    "potash-second": "overstated",
    "potash-top-five": "consistent",
    "russia-eleventh-economy": "consistent",
    "russia-fifth-in-region": "consistent",
    "exports-gdp-rank-peers": "overstated",
    "investment-q1": "consistent",
    "investment-q1-change": "consistent",
    "exports-russia-nine-months": "consistent",
    "exports-russia-q1-2021": "no data",
    "exports-russia-2022-named": "understated",
    "exports-russia-2022-present": "outdated",
    "russia-ukraine-together": "consistent",
    "russia-three-quarters": "overstated",
    "russia-half": "context",
    "fdi-traditionally": "consistent",
    "debt-russia-share-2019": "consistent",
}

_ROWS = None


def newest(series: str, economy: str, counterpart: str = "") -> dict[tuple[int, str], float]:
    """(year, period) → value of the newest vintage, from the snapshot's raw rows."""
    global _ROWS
    if _ROWS is None:
        _ROWS = snapshot_observations()
    best: dict[tuple[int, str], tuple] = {}
    for o in _ROWS:
        if (o.series, o.economy, o.counterpart) != (series, economy, counterpart):
            continue
        key = vintage_sort_date(o.publisher_updated) or ""
        if (o.year, o.period) not in best or key > best[(o.year, o.period)][0]:
            best[(o.year, o.period)] = (key, o.value)
    return {k: v for k, (_, v) in best.items()}


@pytest.fixture(scope="module")
def result(tmp_path_factory):
    path = tmp_path_factory.mktemp("shapes") / "store.sqlite"
    with open_store(path) as store:
        yield evaluate_article(store, SHAPES, now=NOW)


def _c(result, claim_id):
    return next(c for c in result.claims if c.claim.id == claim_id)


def test_every_shape_gets_its_pinned_verdict(result):
    assert {c.claim.id: c.verdict.value for c in result.claims} == PINNED


def test_changes_are_computed_from_the_two_ends(result):
    exports = newest("NE.EXP.GNFS.ZS", "BLR")
    points = _c(result, "exports-points").readings[0]
    assert points.at_claim_year.value == pytest.approx(exports[(2021, "")] - exports[(2020, "")])
    assert [p.year for p in points.at_claim_year.inputs] == [2020, 2021]
    assert points.observed_text.startswith("+9.8 points (from 61 in 2020 to 70.8")
    ends = _c(result, "exports-endpoints").readings[0]
    assert ends.endpoints == ("consistent", "consistent")
    assert "Both endpoints are quoted" in ends.explanation
    gdp = newest("NY.GDP.MKTP.CD", "RUS")
    fall = (gdp[(2015, "")] / gdp[(2013, "")] - 1) * 100
    third = _c(result, "russia-gdp-third").readings[0]
    assert third.at_claim_year.value == pytest.approx(fall)
    assert third.verdict is Verdict.UNDERSTATED and fall < -39.6  # beyond the wider band
    assert _c(result, "russia-gdp-more-than-third").verdict is Verdict.CONSISTENT
    fdi = newest("BX.KLT.DINV.CD.WD", "BLR")
    doubled = _c(result, "fdi-almost-doubled").readings[0]
    assert doubled.at_claim_year.value == pytest.approx(fdi[(2023, "")] / fdi[(2016, "")])
    assert doubled.claimed_unit == "times" and doubled.observed_text.startswith("1.6 times")


def test_an_amount_is_compared_in_the_claims_scale(result):
    r = _c(result, "gdp-billions").readings[0]
    assert r.at_claim_year.value == pytest.approx(newest("NY.GDP.MKTP.CD", "BLR")[(2023, "")]
                                                  / 1e9)
    assert r.at_claim_year.unit == "billion US dollars"
    # rescaled, not converted: the stored observation is its input, in its own unit
    [stored] = r.at_claim_year.inputs
    assert stored.unit == "current US$" and not r.quality.converted


def test_an_amount_in_euros_is_converted_with_the_bundled_exchange_rate(result):
    gdp = newest("NY.GDP.MKTP.CD", "RUS")[(2023, "")]
    rate = newest("PA.NUS.FCRF", "EMU")[(2023, "")]
    euros = _c(result, "russia-gdp-euros")
    r = euros.readings[0]
    assert r.at_claim_year.value == pytest.approx(gdp * rate / 1e12)
    assert [p.series for p in r.at_claim_year.inputs] == ["NY.GDP.MKTP.CD", "PA.NUS.FCRF"]
    assert euros.verdict_text == ("consistent — converted from current US$ at the 2023 annual "
                                  "average exchange rate")
    assert "WDI PA.NUS.FCRF EMU" in r.explanation
    assert euros.headline_category == "holds"  # a conversion is said, not a flaw
    # WDI has no 2024 rouble rate in the bundle: never compared across currencies silently
    roubles = _c(result, "russia-gdp-roubles-2024").readings[0]
    assert (2024, "") not in newest("PA.NUS.FCRF", "RUS")
    assert roubles.verdict is Verdict.NO_DATA
    assert "no 2024 exchange rate for RUB" in roubles.explanation


def test_growth_rates_are_read_directly_and_compounded(result):
    growth = newest("NY.GDP.MKTP.KD.ZG", "BLR")
    one = _c(result, "belarus-growth-2023").readings[0]
    assert one.at_claim_year.value == growth[(2023, "")]
    two = _c(result, "belarus-growth-two-years").readings[0]
    assert two.at_claim_year.value == pytest.approx(
        ((1 + growth[(2023, "")] / 100) * (1 + growth[(2024, "")] / 100) - 1) * 100)
    assert two.observed_text == "+8.3% (2023–2024)"
    inflation = _c(result, "moldova-inflation-level").readings[0]  # a level of a rate
    assert inflation.at_claim_year.value == newest("FP.CPI.TOTL.ZG", "MDA")[(2023, "")]


def test_a_rank_over_all_economies_or_a_region_excludes_aggregates(result):
    from indicators.claims.economies import group_members, is_economy

    values = {o.economy: o.value for o in snapshot_observations()
              if o.series == "NY.GDP.MKTP.CD" and o.year == 2023 and is_economy(o.economy)}
    own = newest("NY.GDP.MKTP.CD", "RUS")[(2023, "")]
    world = _c(result, "russia-eleventh-economy").readings[0]
    assert world.at_claim_year.value == 1 + sum(1 for v in values.values() if v > own) == 11
    assert {m["economy"] for m in world.shape_json()["ranking"]} <= set(values)
    assert "WLD" not in {m["economy"] for m in world.shape_json()["ranking"]}
    region = _c(result, "russia-fifth-in-region")
    members = set(group_members("ECS"))
    ranked = region.readings[0].shape_json()
    assert {m["economy"] for m in ranked["ranking"]} | set(ranked["missing_members"]) == members
    assert region.readings[0].at_claim_year.value == 5
    assert region.claim.among_label == "Europe & Central Asia"
    # micro-states without GDP data are named, and the rank says it is over incomplete data
    assert "rank over incomplete data" in region.verdict_text


def test_a_rank_lists_the_members_from_the_same_series_and_year(result):
    production = newest("potash_usgs_mcs2026_world.mine_production", "BLR")
    members = {}
    for o in snapshot_observations():
        if o.series == "potash_usgs_mcs2026_world.mine_production" and o.year == 2024 \
                and len(o.economy) == 3 and o.economy != "WLD":
            members[o.economy] = o.value
    expected = 1 + sum(1 for e, v in members.items() if v > production[(2024, "")])
    second = _c(result, "potash-second")
    r = second.readings[0]
    assert r.at_claim_year.value == expected == 4
    data = r.shape_json()
    assert [m["economy"] for m in data["ranking"]][:4] == sorted(
        members, key=lambda e: -members[e])[:4]
    assert {m["year"] for m in data["ranking"]} == {2024}
    assert r.observed_text == "fourth-largest (4 of 12, 2024)"
    assert "1. Canada" in r.explanation and "4. Belarus" in r.explanation
    peers = _c(result, "exports-gdp-rank-peers").readings[0]
    assert peers.at_claim_year.year == 2023  # 2024 lacks the peers: the latest complete year
    assert not peers.quality.incomplete and peers.shape_json()["missing_members"] == []


def test_periods_are_matched_and_never_replaced_by_the_annual_figure(result):
    q1 = _c(result, "investment-q1").readings[0]
    assert q1.at_claim_year.period == "Q1 2024"
    change = _c(result, "investment-q1-change").readings[0]
    assert [p.period for p in change.at_claim_year.inputs] == ["Q1 2022", "Q1 2024"]
    assert change.claim_text == "+20 points, Q1 2022 → Q1 2024"
    nine = _c(result, "exports-russia-nine-months").readings[0]
    assert nine.at_claim_year.period == "Jan-Sep 2022"
    missing = _c(result, "exports-russia-q1-2021").readings[0]
    assert missing.verdict is Verdict.NO_DATA and missing.at_claim_year is None
    annual = newest("trade_russia_share_quoted.russia_share_of_belarus_goods_exports_value",
                    "BLR", "RUS")[(2021, "")]
    assert missing.annual.value == annual and missing.annual.period == ""
    assert "No data for that period" in missing.explanation


def test_a_named_year_is_never_outdated(result):
    named = _c(result, "exports-russia-2022-named")
    present = _c(result, "exports-russia-2022-present")
    assert named.verdict is Verdict.UNDERSTATED and present.verdict is Verdict.OUTDATED
    assert named.readings[0].held_earlier is None
    assert "Neighbouring years, not judged" in named.readings[0].explanation


def test_sums_bounds_undated_statements_and_mismatched_dates_say_so(result):
    shares = newest("trade_partners_factbook.exports_partners_share_of_exports_top_partners",
                    "BLR", "RUS")
    ukraine = newest("trade_partners_factbook.exports_partners_share_of_exports_top_partners",
                     "BLR", "UKR")
    together = _c(result, "russia-ukraine-together").readings[0]
    assert together.at_claim_year.value == pytest.approx(shares[(2019, "")]
                                                         + ukraine[(2019, "")])
    assert [p.counterpart for p in together.at_claim_year.inputs] == ["RUS", "UKR"]
    bound = _c(result, "russia-three-quarters")
    assert bound.verdict_text == "overstated — upper bound: Russia and Ukraine together"
    assert _c(result, "russia-half").verdict is Verdict.CONTEXT
    undated = _c(result, "fdi-traditionally")
    assert undated.verdict_text == "consistent — undated: stated 2025-01-24"
    assert undated.headline_category == "holds_qualified"
    debt = _c(result, "debt-russia-share-2019")
    assert debt.verdict_text == ("consistent — proxy: figures with different reference dates "
                                 "(1 Jun 2019 ÷ 2019)")


def test_every_output_shows_the_shapes_in_the_articles_terms(result, store_path):
    data = json.loads(export_bytes(result, "json"))
    by_id = {c["claim"]["id"]: c for c in data["claims"]}
    assert by_id["potash-second"]["claim"]["kind"] == "rank"
    assert by_id["potash-second"]["readings"][0]["shape"]["claim_text"] == \
        "second-largest among all economies with data"
    assert by_id["investment-q1"]["claim"]["period"] == "Q1 2024"
    assert by_id["exports-endpoints"]["readings"][0]["shape"]["endpoint_verdicts"] == {
        "start": "consistent", "end": "consistent"}
    rows = list(csv.DictReader(io.StringIO(export_bytes(result, "csv").decode())))
    texts = {r["claim_id"]: r for r in rows}
    # a cell starting with "+" is neutralised with an apostrophe (never run as a formula)
    assert texts["exports-points"]["claim_text"] == "'+9.8 points, 2020 → 2021"
    assert texts["russia-gdp-third"]["claim_text"] == "−33.3%, 2013 → 2015"
    assert texts["fdi-almost-doubled"]["claim_text"] == "almost doubled, 2016 → 2023"
    assert texts["exports-endpoints"]["claim_text"] == "from 61 to 70.8 percent, 2020 → 2021"
    assert texts["gdp-billions"]["observed_text"] == "72.5 billion US dollars (2023)"
    assert texts["investment-q1"]["claim_text"] == "57.5 percent, Q1 2024"
    assert texts["potash-second"]["shape_detail"].startswith("ranking: CAN 14,400; RUS 10,000")
    assert "annual value beside" in texts["exports-russia-q1-2021"]["shape_detail"]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(export_bytes(result, "xlsx")))["comparison"]
    header = [c.value for c in sheet[1]]
    cells = [dict(zip(header, (c.value for c in row), strict=True)) for row in sheet.iter_rows(
        min_row=2)]
    assert {r["claim_text"] for r in cells} >= {"−33.3%, 2013 → 2015", "57.5 percent, Q1 2024"}
    md = export_bytes(result, "md").decode()
    assert "second-largest among all economies with data" in md
    assert "| 2 ranks lower |" in md and "fourth-largest (4 of 12, 2024)" in md
    reviews = {r["itemReviewed"]["text"]: r for r in to_claimreview(result)}
    second = reviews[_c(result, "potash-second").claim.quote]
    assert second["reviewRating"]["ratingValue"] == 2
    assert "second-largest among all economies with data" in second["reviewBody"]
    assert reviews[_c(result, "fdi-traditionally").claim.quote]["reviewRating"][
        "ratingValue"] == 4  # consistent, but undated: never the top value
    assert "ratingValue" not in reviews[_c(result, "russia-half").claim.quote]["reviewRating"]
    for width in (250, 100):  # the table, and one block per claim on a narrow terminal
        table = CliRunner().invoke(cli, ["--store", str(store_path), "check", "--claims",
                                         str(SHAPES)], terminal_width=width)
        assert table.exit_code == 0, table.output
        text = " ".join(table.output.split())
        for words in ("second-largest among all", "fourth-largest (4 of 12", "+9.8 points, 2020",
                      "−33.3%, 2013 → 2015", "almost doubled", "57.5 percent, Q1 2024",
                      "undated: stated 2025-01-24", "2 ranks lower"):
            assert words in text, (width, words)
