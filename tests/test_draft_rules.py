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


def _years(text: str, lang: str, published: str) -> list[tuple[float, int, str]]:
    return [(c.value, c.year, c.year_basis) for c in draft(text, lang, published).claims]


def test_a_stated_year_carries_over_to_the_next_sentences_of_its_paragraph_only():
    text = ("Im Jahr 2021 exportierte Kasachstan Öl für 40 Milliarden Dollar. Nach China gingen "
            "davon 8 Milliarden Dollar.\n\nDie Staatsschulden betragen 25 Prozent des BIP.")
    assert _years(text, "de", "2024-06-15") == [
        (40e9, 2021, "explicit"), (8e9, 2021, "inferred from context"),
        (25, 2023, "inferred from publication date")]  # a new paragraph: no carry-over
    # a year that was itself guessed (a quarter named without one) does not carry over
    text = "Kenya's economy grew 4.6% in the second quarter. Public debt is 70% of GDP."
    assert _years(text, "en", "2024-09-15") == [(4.6, 2024, "inferred from publication date"),
                                                 (70, 2023, "inferred from publication date")]


def test_a_year_after_a_comparison_is_the_base():
    text = ("Polen exportierte 2022 Waren für 40 Milliarden Euro. Das ist 1,5 Mal mehr als die "
            "Exporte im Jahr 2019.")
    claims = draft(text, "de", "2024-06-15").claims
    assert [(c.value, c.year, c.base_year) for c in claims] == [(40e9, 2022, None),
                                                                 (1.5, 2022, 2019)]


def test_a_time_belongs_to_the_figure_whose_statement_it_opens():
    text = "In 2015, Poland's share of EU car exports stood at 31%, and in 2023 at 27%."
    assert [y for _, y, _ in _years(text, "en", "2024-06-15")] == [2015, 2023]
    # an apposition's figure does not take the quarter of the main clause's figure
    text = ("Pakistan, whose population of 240 million is growing fast, exported textiles worth "
            "$4 billion in the first quarter.")
    assert [y for _, y, _ in _years(text, "en", "2024-08-15")] == [2023, 2024]


def test_a_level_reached_by_a_year_end_is_that_years_a_target_year_is_not():
    text = "Die Staatsverschuldung Serbiens stieg bis Ende 2022 auf 55 Prozent des BIP."
    assert _years(text, "de", "2024-06-15") == [(55, 2022, "explicit")]
    text = ("Serbien will den Anteil erneuerbarer Energie am Strommix von derzeit 30 Prozent bis "
            "2040 auf 45 Prozent erhöhen.")
    assert [y for _, y, _ in _years(text, "de", "2024-06-15")] == [2023]


def test_a_state_held_for_years_runs_to_the_publication():
    text = "Inflation in Egypt has stayed above 20 percent for more than two years."
    assert _years(text, "en", "2024-10-15") == [(20, 2024, "inferred from publication date")]


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


def test_a_share_named_at_the_start_of_a_long_clause_and_both_its_endpoints():
    text = ("Der Anteil der Einfuhren aus Russland an den gesamten Einfuhren Georgiens stieg "
            "von 10,2 % auf 13,1 %.")
    claims = draft(text, "de", "2022-11-15").claims
    assert [(c.value, c.kind, c.subject, c.counterpart) for c in claims] == [
        (10.2, "share", "GEO", ["RUS"]), (13.1, "share", "GEO", ["RUS"])]
    assert claims[1].change == "endpoints" and claims[1].base_value == 10.2


def test_a_page_saved_as_text_has_a_paragraph_per_line_a_wrapped_text_per_block():
    from indicators.draft.segments import segment

    page = ("Polen wächst\n\nDie Wirtschaft legt kräftig zu\n(Bild: Agentur)\n"
            "Das BIP wuchs 2023 um 0,2 Prozent. Die Exporte stiegen.\nIm Jahr 2024 folgte mehr.")
    assert [page[s:e] for s, e in segment(page).paragraphs] == [
        "Polen wächst", "Die Wirtschaft legt kräftig zu", "(Bild: Agentur)",
        "Das BIP wuchs 2023 um 0,2 Prozent. Die Exporte stiegen.", "Im Jahr 2024 folgte mehr."]
    wrapped = ("Das Bruttoinlandsprodukt von Polen wuchs im Jahr 2023 um 0,2 Prozent, wie das\n"
               "Statistikamt in Warschau am Montag mitteilte; für das laufende Jahr erwarten\n"
               "die Ökonomen mehr.")
    assert len(segment(wrapped).paragraphs) == 1
