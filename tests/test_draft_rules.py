"""Bounds, periods, skip rules and shapes of drafted figures (indicators/draft/bounds.py,
periods.py, skipping.py, shapes.py), each through the drafting of short texts."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators.draft.bounds import read_bound
from indicators.draft.periods import find_times, year_for
from indicators.draft.pipeline import draft_text
from tests.draft_fakes import FakeNames


def draft(text: str, lang: str, published: str = "2024-06-15"):
    return draft_text(text, names=FakeNames(), lang=lang,
                      published=dt.date.fromisoformat(published))


@pytest.mark.parametrize(("text", "lang", "bound"), [
    ("rund 40 Prozent", "de", "about"), ("etwa 40 Prozent", "de", "about"),
    ("gut 40 Prozent", "de", "more than"), ("knapp 40 Prozent", "de", "almost"),
    ("fast 40 Prozent", "de", "almost"), ("mehr als 40 Prozent", "de", "more than"),
    ("über 40 Prozent", "de", "more than"), ("unter 40 Prozent", "de", "less than"),
    ("mindestens 40 Prozent", "de", "at least"), ("höchstens 40 Prozent", "de", "at most"),
    ("about 40 percent", "en", "about"), ("roughly 40 percent", "en", "about"),
    ("almost 40 percent", "en", "almost"), ("nearly 40 percent", "en", "nearly"),
    ("more than 40 percent", "en", "more than"), ("over 40 percent", "en", "more than"),
    ("under 40 percent", "en", "less than"), ("at least 40 percent", "en", "at least"),
    ("at most 40 percent", "en", "at most"), ("an estimated 40 percent", "en", "about"),
    ("40 percent", "en", "exactly"),
])
def test_bound_words(text, lang, bound):
    assert read_bound(text, text.index("40"), lang, "digits")[0] == bound


def test_a_fraction_is_about_and_picked_up_to_is_no_bound():
    assert read_bound("ein Fünftel", 0, "de", "fraction")[0] == "about"
    text = "Growth picked up to 3.19 percent"
    assert read_bound(text, text.index("3.19"), "en", "digits")[0] == "exactly"


def _year(text: str, published: str, forecast: bool = False):
    pub = dt.date.fromisoformat(published)
    times = find_times(text, pub)
    pos = text.index("%")
    return year_for(times, (0, len(text)), (0, len(text)), pos, pub, forecast, set())


@pytest.mark.parametrize(("text", "published", "year", "period"), [
    ("Im vergangenen Jahr lag sie bei 4 %", "2024-03-01", 2023, ""),
    ("Last year it was 4 %", "2025-01-10", 2024, ""),
    ("im ersten Quartal 4 %", "2024-06-01", 2024, "Q1 2024"),
    ("im vierten Quartal 4 %", "2024-06-01", 2023, "Q4 2023"),
    ("im Oktober 4 %", "2024-03-01", 2023, "Oct 2023"),
    ("im Oktober 4 %", "2024-11-20", 2024, "Oct 2024"),
    ("von Januar bis September 4 %", "2022-11-15", 2022, "Jan–Sep 2022"),
    ("in den ersten neun Monaten 4 %", "2023-11-20", 2023, "Jan–Sep 2023"),
    ("im ersten Halbjahr 2023 4 %", "2024-01-01", 2023, "H1 2023"),
    ("in the fiscal year to June 2023 4 %", "2024-01-01", 2023, "fiscal year to Jun 2023"),
    ("Q1 2024 4 %", "2024-06-01", 2024, "Q1 2024"),
    ("im Jahr 2019 4 %", "2024-06-01", 2019, ""),
])
def test_periods_relative_to_the_publication_date(text, published, year, period):
    reading = _year(text, published)
    assert (reading.year, reading.period) == (year, period)


def test_no_year_is_the_latest_full_year_a_forecast_the_publication_year():
    assert _year("Die Quote liegt bei 4 %", "2024-03-01").year == 2023
    assert _year("Erwartet werden 4 %", "2024-03-01", forecast=True).year == 2024
    assert _year("im Jahr 2019 4 %", "2024-03-01").named is True


def test_since_a_year_is_a_base_not_the_claims_year():
    text = "Die Schulden haben sich seit 2017 mehr als verdoppelt."
    (claim,) = draft(text, "de", "2024-05-08").claims
    assert (claim.value, claim.unit, claim.bound, claim.kind) == (2, "times", "more than",
                                                                  "change")
    assert claim.base_year == 2017 and claim.year == 2023


@pytest.mark.parametrize(("text", "lang", "why"), [
    ("Am 24. Februar 2022 wuchs die Wirtschaft.", "de", "date"),
    ("Die Exporte wuchsen 2023 kräftig.", "de", "year used as a date"),
    ("The 84-year-old economist spoke about exports.", "en", "age"),
    ("The trade talks lasted 72 hours.", "en", "duration"),
    ("Mehr als 250 Personen wurden nach dem Handelsstreit begnadigt.", "de", "count of people"),
    ("At least 12 people were killed in protests over prices.", "en", "casualties"),
    ("1,500 foreign companies opened factories.", "en", "count of firms"),
    ("Die Pipeline ist 4.300 Kilometer lang und transportiert Gas.", "de", "distance"),
    ("Die Schulden blieben unter der Maastricht-Grenze von 60 Prozent.", "de",
     "threshold quoted as a rule"),
    ("Inflation is above the central bank's 2% target.", "en", "threshold quoted as a rule"),
    ("Er erhielt 87 Prozent der Stimmen.", "de", "election result, not an economic figure"),
    ("Jeder fünfte Litauer wollte umziehen.", "de", "no economic measure named in its sentence"),
    ("Die Regierung will die Armut bis 2030 halbieren.", "de", "a target, not a claim"),
])
def test_numbers_that_are_not_economic_claims_are_skipped_with_the_reason(text, lang, why):
    result = draft(text, lang)
    assert result.claims == []
    assert why in [s.why for s in result.skipped]


@pytest.mark.parametrize(("text", "lang", "value", "kind"), [
    ("Die Wirtschaft schrumpfte um 4,7 Prozent.", "de", -4.7, "change"),
    ("Exports fell by a third.", "en", -33.3, "change"),
    ("GDP grew 0.7% in 2023.", "en", 0.7, "change"),
    ("Die Inflation sank auf 4,2 Prozent.", "de", 4.2, "change"),
    ("Der Leitzins stieg auf 5 Prozent.", "de", 5, "level"),
    ("Die Staatsschulden erreichten 84 Prozent des BIP.", "de", 84, "ratio"),
    ("Der Anteil der Exporte lag bei 27 Prozent.", "de", 27, "share"),
    ("The currency lost about 70% of its value.", "en", -70, "change"),
    ("Die Exporte haben sich verdoppelt.", "de", 2, "change"),
])
def test_shapes_and_the_sign_of_a_fall(text, lang, value, kind):
    (claim,) = draft(text, lang).claims
    assert claim.value == pytest.approx(value) and claim.kind == kind
    if kind == "ratio":
        assert claim.unit == "percent of GDP"


def test_both_endpoints_of_a_change():
    result = draft("Die Inflation stieg von 48,9 auf 78,5 Prozent.", "de")
    first, second = result.claims
    assert (first.value, second.value) == (48.9, 78.5)
    assert second.change == "endpoints" and second.base_value == 48.9
