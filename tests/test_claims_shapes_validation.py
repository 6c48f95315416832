"""The claims file's shape keys (docs/claims-format.md, "Claims as articles write them"): what a
claim of each shape may say, its defaults, and one-line errors naming file, line and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from indicators.claims.load import ClaimsError, load_claims, parse_claims

SHAPES = (Path(__file__).parent / "data" / "shapes_2025.toml").read_text(encoding="utf-8")

POINTS = '''kind = "change"
change = "points"
value = 9.8
unit = "percent"
precision = 0.05
year = 2021
base_year = 2020
'''
RANK = '''kind = "rank"
value = 2
among = "all"
'''
PERIOD = '''precision = 0.05
period = "Q1 2024"
'''


def test_the_shapes_file_loads_with_its_defaults():
    claims = {c.id: c for c in load_claims(Path(__file__).parent / "data"
                                           / "shapes_2025.toml").claims}
    rank = claims["potash-second"]
    assert (rank.kind, rank.unit, rank.precision, rank.among, rank.order) == (
        "rank", "rank", 0.0, "all", "largest")
    assert claims["gdp-billions"].unit == "US dollars"  # named by the currency
    q1 = claims["investment-q1"]
    assert (q1.period, q1.year, q1.exact_year) == ("Q1 2024", 2024, True)
    change = claims["exports-points"]
    assert (change.base_year, change.exact_year) == (2020, True)
    summed = claims["russia-ukraine-together"].readings[0].measure.refs[0]
    assert summed.sum_of == ("RUS", "UKR") and summed.counterpart == "RUS+UKR"
    assert claims["russia-three-quarters"].readings[0].definition == "upper bound"


def test_a_period_is_stored_in_its_canonical_form_and_sets_the_year():
    text = SHAPES.replace(PERIOD, 'precision = 0.05\nperiod = "Jan-Mar 2024"\n', 1)
    claim = parse_claims(text, "edited.toml").claim("investment-q1")
    assert claim.period == "Q1 2024" and claim.year == 2024
    # a change over periods defaults to the same part of the year before
    change = text.replace('period = "Jan-Mar 2024"\n',
                          'period = "Jan-Mar 2024"\nkind = "change"\nchange = "points"\n', 1)
    claim = parse_claims(change, "edited.toml").claim("investment-q1")
    assert (claim.base_year, claim.base_period) == (2023, "Q1 2023")


@pytest.mark.parametrize(
    ("old", "new", "fragment"),
    [
        (PERIOD, 'precision = 0.05\nperiod = "spring 2024"\n',
         "field 'period': 'spring 2024' is not a part of a year; expected e.g. 'Q1 2024'"),
        (PERIOD, 'precision = 0.05\nperiod = "Q1 2024"\nyear = 2023\n',
         "field 'year': 2023 differs from the year of period 'Q1 2024'"),
        (POINTS, POINTS.replace('change = "points"\n', ''),
         "field 'change': missing; expected how the change is stated"),
        (POINTS, POINTS.replace('change = "points"', 'change = "doubling"'),
         "field 'change': 'doubling' is not allowed; expected one of points, percent"),
        (POINTS, POINTS.replace("base_year = 2020", "base_year = 2022"),
         "field 'base_year': the base (2022) is not before the claim's 2021"),
        (POINTS, POINTS.replace('change = "points"', 'change = "endpoints"'),
         "field 'base_value': missing; expected the starting value as quoted"),
        (POINTS, POINTS + "base_value = 61\n",
         "field 'base_value': given with change = 'points'"),
        (POINTS, POINTS + 'among = "all"\n',
         "field 'among': only a claim of kind = \"rank\" has this key"),
        (RANK, RANK.replace("value = 2", "value = 2.5"),
         "field 'value': 2.5 is not a rank; expected a whole number from 1"),
        (RANK, RANK.replace('among = "all"', 'among = "everyone"'),
         "field 'among': 'everyone' is not allowed; expected 'peers', 'all', a World Bank "
         "group code such as 'ECS' or a list"),
        (RANK, RANK.replace('among = "all"', 'among = "EUU"'),
         "field 'among': 'EUU' is no group whose members the World Bank catalogue lists"),
        (RANK, RANK.replace('among = "all"', 'among = ["CAN", "rus"]'),
         "field 'among': 'rus' is not an economy code"),
        (RANK, RANK + 'base_year = 2020\n',
         "field 'base_year': only a claim of kind = \"change\" has this key"),
        (RANK, RANK + 'currency = "EUR"\n', "field 'currency': a rank has no scale or currency"),
        ('scale = "billion"\ncurrency = "USD"', 'scale = "billions"\ncurrency = "USD"',
         "field 'scale': 'billions' is not allowed; expected one of thousand, million"),
        ('scale = "billion"\ncurrency = "USD"', 'scale = "billion"\ncurrency = "XYZ"',
         "field 'currency': 'XYZ' is not allowed"),
        ('counterpart = ["RUS", "UKR"] }', 'counterpart = ["RUS"] }',
         "field 'measure.series.counterpart': lists 1 economy; expected 2 to 300"),
        ('  definition = "upper bound"', '  definition = "maximum"',
         "field 'definition': 'maximum' is not allowed; expected one of exact, proxy, upper "
         "bound, lower bound"),
    ],
)
def test_shape_keys_are_checked_with_file_line_and_field(old, new, fragment):
    assert old in SHAPES
    with pytest.raises(ClaimsError) as info:
        parse_claims(SHAPES.replace(old, new, 1), "edited.toml")
    message = str(info.value)
    assert message.startswith("edited.toml:"), message
    assert fragment in message, message
    assert "\n" not in message and len(message) < 600


def test_growth_goes_with_a_change_in_percent_or_multiple_only():
    level = SHAPES.replace(
        '  series = { source = "worldbank", series = "NY.GDP.MKTP.CD", economy = "BLR" }',
        '  growth = true\n  series = { source = "worldbank", series = "NY.GDP.MKTP.CD", '
        'economy = "BLR" }', 1)
    with pytest.raises(ClaimsError, match="field 'measure.growth': growth = true reads a "
                                          "growth-rate series as a change"):
        parse_claims(level, "edited.toml")
    claims = parse_claims(SHAPES, "shapes.toml")
    assert claims.claim("belarus-growth-two-years").readings[0].measure.growth


def test_a_qualitative_claim_has_no_shape():
    text = SHAPES.replace("value = 72.5\nscale", "qualitative = true\nscale", 1)
    with pytest.raises(ClaimsError, match="field 'scale': a qualitative claim has no such key"):
        parse_claims(text, "edited.toml")
