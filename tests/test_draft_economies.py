"""Subject and counterpart economies (indicators/draft/economies.py, places.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from indicators.draft.economies import EconomyFinder
from indicators.draft.pipeline import draft_text
from tests.draft_fakes import FakeNames


def claims(text: str, lang: str, title: str = ""):
    return draft_text(text, names=FakeNames(), lang=lang, published=dt.date(2024, 6, 15),
                      title=title).claims


@pytest.mark.parametrize(("text", "lang", "code", "form"), [
    ("Russlands Exporte", "de", "RUS", "name"), ("nach Moskau", "de", "RUS", "capital"),
    ("in Minsk", "de", "BLR", "capital"), ("aus Kiew", "de", "UKR", "capital"),
    ("in Washington", "en", "USA", "capital"), ("russischer Kapitalexport", "de", "RUS",
                                                "adjective"),
    ("Kenyan tea", "en", "KEN", "adjective"), ("Egypt's debt", "en", "EGY", "name"),
    ("Weißrussland", "de", "BLR", "name"), ("the euro area", "en", "EMU", "name"),
    ("die EU", "de", "EUU", "name"), ("the US economy", "en", "USA", "name"),
])
def test_names_capitals_adjectives_and_aggregates(text, lang, code, form):
    found = EconomyFinder(FakeNames(), lang).find(text)
    assert [(m.code, m.form) for m in found] == [(code, form)]


def test_us_dollars_and_the_pronoun_us_are_not_the_united_states():
    assert EconomyFinder(FakeNames(), "en").find("24 million US dollars, said to us") == []


def test_partner_prepositions_make_a_counterpart():
    (c,) = claims("Ungarn bezieht gut 80 Prozent seines Erdgases aus Russland.", "de")
    assert (c.subject, c.counterpart) == ("HUN", ["RUS"])
    (c,) = claims("Belarus exportiert 40 Prozent seiner Waren in Richtung Moskau.", "de")
    assert (c.subject, c.counterpart) == ("BLR", ["RUS"])


def test_a_partner_named_as_buyer_is_the_counterpart_of_the_articles_economy():
    text = ("Kenya's exports grew strongly. Pakistan is the largest buyer of Kenyan tea, and "
            "together with the United Kingdom it takes two-fifths of the crop.")
    rank, share = [c for c in claims(text, "en") if c.kind in ("rank", "share")]
    assert (rank.subject, rank.counterpart, rank.value) == ("KEN", ["PAK"], 1)
    assert (share.subject, sorted(share.counterpart), share.value) == ("KEN", ["GBR", "PAK"], 40)


def test_a_sum_of_two_partners():
    (c,) = claims("Vietnam and China together account for more than a third of the "
                  "electronics shipped to the US.", "en")
    assert (c.subject, c.counterpart, c.bound) == ("USA", ["VNM", "CHN"], "more than")


def test_no_economy_in_the_sentence_falls_back_to_the_paragraph_then_the_article():
    text = ("Polens Wirtschaft wuchs 2023 um 0,2 Prozent.\n"
            "Die Arbeitslosenquote lag bei 2,8 Prozent.")
    first, second = claims(text, "de", title="Polen: Wachstum")
    assert first.subject == second.subject == "POL"
    assert "main economy" in second.economy_note


def test_a_share_of_the_economy_named_after_the_figure():
    (c,) = claims("China nimmt knapp 40 Prozent der chilenischen Exporte ab.", "de")
    assert (c.subject, c.counterpart, c.bound) == ("CHL", ["CHN"], "almost")


def test_a_share_of_the_world_market():
    (c,) = claims("Belarus hält ein Fünftel des Weltkalimarktes.", "de")
    assert (c.subject, c.counterpart, c.value, c.bound) == ("BLR", ["WLD"], 20, "about")


def test_a_list_of_partners_with_amounts():
    text = ("Armenia received remittances from abroad. Transfers came from Russia "
            "($4.7 billion) and Germany ($103 million).")
    found = [c for c in claims(text, "en", title="Armenia") if c.unit == "USD"]
    assert [(c.subject, c.counterpart) for c in found] == [("ARM", ["RUS"]), ("ARM", ["DEU"])]


def test_a_figure_that_refers_back_takes_the_previous_claim_s_economies():
    text = ("Serbien bezog 2023 rund 40 Prozent seiner Importe aus China. Ein Jahr zuvor lag "
            "dieser Anteil bei 31 Prozent und erreichte 2019 mit 36 Prozent einen Höchstwert.")
    now, before, peak = claims(text, "de")
    assert (now.subject, now.counterpart) == ("SRB", ["CHN"])
    for c in (before, peak):  # "dieser Anteil", then "und erreichte …": still China's share
        assert (c.value, c.subject, c.counterpart) in ((31, "SRB", ["CHN"]),
                                                       (36, "SRB", ["CHN"]))
        assert "refer back" in c.economy_note
    english = claims("In 2012, Spain's share of Chile's exports was 9%, and in 2021 - 6.5%.",
                     "en")
    first, second = english  # the second figure names no economy: the first one's pair
    assert sorted([first.subject] + first.counterpart) == ["CHL", "ESP"]
    assert (second.value, second.subject, second.counterpart) == (
        6.5, first.subject, first.counterpart)


def test_a_share_of_the_world_is_not_carried_to_the_next_figure():
    text = ("Kasachstan fördert 2 Prozent des weltweiten Öls und steigert die Fördermenge auf "
            "2 Millionen Barrel pro Tag.")
    share, level = claims(text, "de")
    assert share.counterpart == ["WLD"] and level.counterpart == []
