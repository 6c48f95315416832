"""Numbers as German and English news write them (indicators/draft/numbers.py, phrases.py)."""

from __future__ import annotations

import pytest

from indicators.draft.numbers import find_numbers, parse_digits
from indicators.draft.phrases import find_phrases


@pytest.mark.parametrize(("raw", "lang", "value"), [
    ("1.234,5", "de", 1234.5), ("1,234.5", "en", 1234.5), ("1.234.567", "de", 1234567),
    ("1,234,567", "en", 1234567), ("4,2", "de", 4.2), ("4.2", "en", 4.2), ("0,135", "de", 0.135),
    ("2,65", "en", 2.65), ("12", "de", 12), ("1\u202f234", "en", 1234),
])
def test_digits_in_both_notations(raw, lang, value):
    assert parse_digits(raw, lang)[0] == pytest.approx(value)


def test_the_ambiguous_thousand_is_read_by_language_and_said():
    de_value, de_note = parse_digits("1.135", "de")
    en_value, en_note = parse_digits("1.135", "en")
    assert de_value == 1135 and "German notation" in de_note and "groups thousands" in de_note
    assert en_value == pytest.approx(1.135) and "English notation" in en_note
    assert parse_digits("1,135", "en")[0] == 1135
    assert parse_digits("1,135", "de")[0] == pytest.approx(1.135)


def _one(text: str, lang: str):
    figures = [f for f in find_numbers(text, lang)]
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(("text", "lang", "value", "scale", "currency"), [
    ("3,4 Billionen Zloty", "de", 3.4e12, "trillion", "PLN"),  # German Billion = 10^12
    ("2,2 Mrd. US-Dollar", "de", 2.2e9, "billion", "USD"),
    ("146 Milliarden Euro", "de", 146e9, "billion", "EUR"),
    ("15 Mio. Euro", "de", 15e6, "million", "EUR"),
    ("500 Tsd. Rubel", "de", 500e3, "thousand", "RUB"),
    ("$17.1 billion", "en", 17.1e9, "billion", "USD"),
    ("$405.5bn", "en", 405.5e9, "billion", "USD"),
    ("£2.8 trillion", "en", 2.8e12, "trillion", "GBP"),
    ("1.135 Millionen Kubikmeter", "de", 1.135e9, "million", ""),
    ("1.135 billion dollars", "en", 1.135e9, "billion", "USD"),
    ("drei Millionen Euro", "de", 3e6, "million", "EUR"),
])
def test_scale_words_and_currencies(text, lang, value, scale, currency):
    fig = _one(text, lang)
    assert fig.value == pytest.approx(value)
    assert (fig.scale, fig.currency) == (scale, currency)


@pytest.mark.parametrize(("text", "lang", "value", "unit"), [
    ("vier Prozent der", "de", 4, "percent"), ("twenty-five percent", "en", 25, "percent"),
    ("26,5 Prozentpunkte", "de", 26.5, "percentage points"),
    ("600 basis points", "en", 600, "basis points"), ("-2,3%", "de", -2.3, "percent"),
    ("1.28 million barrels of oil per day", "en", 1.28e6, "barrels per day"),
    ("110 Tonnen", "de", 110, "tonnes"), ("2.6 times", "en", 2.6, "times"),
])
def test_units_and_number_words(text, lang, value, unit):
    fig = _one(text, lang)
    assert fig.value == pytest.approx(value) and fig.unit == unit


def test_an_article_is_not_a_number_and_codes_are_not_figures():
    assert find_numbers("eine Frage, one of the largest", "de") == []
    assert [f.value for f in find_numbers("G20 und Covid-19", "de")] == []


@pytest.mark.parametrize(("text", "lang", "value", "unit"), [
    ("ein Fünftel des Marktes", "de", 20, "percent"), ("die Hälfte der", "de", 50, "percent"),
    ("drei Viertel", "de", 75, "percent"), ("zwei Drittel", "de", 66.7, "percent"),
    ("jeder fünfte Betrieb", "de", 20, "percent"), ("a fifth of", "en", 20, "percent"),
    ("two-thirds of", "en", 66.7, "percent"), ("half of the", "en", 50, "percent"),
    ("one in five", "en", 20, "percent"),
    ("a quarter of a percentage point", "en", 0.25, "percentage points"),
    ("verdoppelt", "de", 2, "times"), ("doubled", "en", 2, "times"),
    ("halbiert", "de", 0.5, "times"), ("tripled", "en", 3, "times"),
    ("das 2,8-Fache", "de", 2.8, "times"),
    ("zweitgrößter Abnehmer", "de", 2, "rank"), ("the largest buyer", "en", 1, "rank"),
    ("an dritter Stelle", "de", 3, "rank"), ("second-largest exporter", "en", 2, "rank"),
])
def test_fractions_multiples_and_ranks(text, lang, value, unit):
    found = find_phrases(text, lang)
    assert len(found) == 1, found
    assert found[0].value == pytest.approx(value) and found[0].unit == unit


def test_quarters_and_first_halves_are_periods_not_fractions():
    assert find_phrases("in the fourth quarter", "en") == []
    assert find_phrases("in the first half of 2024", "en") == []
    assert find_phrases("im ersten Viertel", "de") == []
