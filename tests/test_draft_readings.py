"""Proposed readings: the concept named nearest a figure, the search phrase, the re-ranking by
unit, partner shares, `none` readings; and the claim-shape keys the writer derives."""

from __future__ import annotations

import datetime as dt

from indicators.draft.concepts import concept_near, search_phrase
from indicators.draft.format_keys import claim_terms
from indicators.draft.pipeline import draft_text
from tests.draft_fakes import FakeNames, FakeSearch


def draft(text: str, lang: str, search=None, published: str = "2024-06-15"):
    return draft_text(text, names=FakeNames(), search=search, lang=lang,
                      published=dt.date.fromisoformat(published)).claims


def test_the_concept_nearest_the_figure_names_its_series():
    text = "Die Geldüberweisungen erreichten 11,5 Mrd. US-Dollar, fast ein Fünftel des BIP."
    fig = (text.index("11,5"), text.index("US-Dollar") + 9)
    assert concept_near(text, [(0, len(text))], fig)[0] == "remittances"
    share = (text.index("ein Fünftel"), text.index("Fünftel") + 7)
    name, phrase = concept_near(text, [(0, len(text))], share, exclude=frozenset({"gdp"}))
    assert search_phrase(name, phrase, unit="percent of GDP", currency="", kind="ratio",
                         change="") == "personal remittances received % of GDP"


def test_a_growth_verb_yields_to_a_named_measure():
    text = "Die Devisenreserven schrumpften auf unter 100 Milliarden Dollar."
    fig = (text.index("100"), len(text) - 1)
    assert concept_near(text, [(0, len(text))], fig)[0] == "reserves"


def test_search_uses_the_concept_and_the_best_unit_fit_is_likely():
    search = FakeSearch()
    (claim,) = draft("Die Staatsverschuldung stieg auf 49,6 Prozent des BIP.", "de", search)
    assert search.queries == ["central government debt total % of GDP"]
    assert claim.readings[0].series == "GC.DOD.TOTL.GD.ZS"
    (growth,) = draft("Das BIP wuchs 2023 um 0,2 Prozent.", "de", FakeSearch())
    assert growth.readings[0].series == "NY.GDP.MKTP.KD.ZG" and growth.readings[0].growth


def test_a_partner_share_proposes_the_imf_and_comtrade_readings():
    (claim,) = draft("Belarus verkauft 40 Prozent seiner Exporte nach Russland.", "de")
    sources = [(r.source, r.series, r.counterpart, r.kind) for r in claim.readings]
    assert sources[0] == ("imf", "IMTS.XG_FOB_USD", "RUS", "ratio")
    assert sources[1] == ("comtrade", "total.export_value", "RUS", "ratio")


def test_a_share_of_world_potash_proposes_the_production_shares_claimcheck_holds():
    (claim,) = draft("Kanada fördert knapp ein Drittel des weltweiten Kalis.", "de", FakeSearch())
    got = [(r.source, r.series, r.economy, r.denominator_economy, r.fallback[0])
           for r in claim.readings[:2]]
    assert got == [("usgs", "mcs.potash.mine_production", "CAN", "WLD", "reference"),
                   ("faostat", "rfn_k2o.production", "CAN", "WLD", "reference")]
    # "Kalifornien" is no potash
    (other,) = draft("Kanada hat ein Fünftel des Marktes in Kalifornien.", "de")
    assert all(r.source != "usgs" for r in other.readings)


def test_a_claim_no_series_can_test_gets_a_none_reading_with_the_reason():
    (claim,) = draft("Die Goldproduktion stieg auf rund 110 Tonnen.", "de", FakeSearch())
    (reading,) = claim.readings
    assert reading.kind == "none" and "no catalogued series" in reading.reason


def test_shape_keys_of_a_change_since_a_year_a_scaled_amount_and_a_rank():
    (change,) = draft("Die Auslandsschulden haben sich seit 2017 mehr als verdoppelt.", "de",
                      published="2024-05-08")
    assert claim_terms(change).keys == {"kind": "change", "change": "multiple",
                                        "base_year": 2017}
    (amount,) = draft("Das BIP überschritt 3,4 Billionen Zloty im ersten Quartal.", "de")
    terms = claim_terms(amount)  # the value as written, in its scale and currency
    assert (terms.value, terms.unit) == (3.4, None)
    assert terms.keys == {"period": "Q1 2024", "scale": "trillion", "currency": "PLN"}
    (shillings,) = draft("Kenya's debt reached 11.1 trillion shillings.", "en")
    terms = claim_terms(shillings)  # no exchange rate for KES: the unit, said in the comment
    assert (terms.value, terms.unit, terms.keys) == (11.1, "KES", {"scale": "trillion"})
    assert "not one Claimcheck converts" in terms.notes[0]
    (rank,) = draft("Chile ist der zweitgrößte Lithiumproduzent der Welt.", "de")
    assert (rank.value, rank.unit) == (2, "rank")
    assert claim_terms(rank).keys == {"kind": "rank", "among": "all", "order": "largest"}
    (endpoints_base, endpoints) = draft("Die Inflation stieg von 48,9 auf 78,5 Prozent.", "de")
    assert claim_terms(endpoints_base).keys == {}
    assert claim_terms(endpoints).keys == {"kind": "change", "change": "endpoints",
                                           "base_value": 48.9}
    (fiscal,) = draft("Exports reached $40 billion in the fiscal year to June 2023.", "en")
    terms = claim_terms(fiscal)  # a period the format does not state: the year, said so
    assert "period" not in terms.keys and fiscal.year == 2023
    assert terms.keys["currency"] == "USD" and "fiscal year" in terms.notes[0]


def test_a_rank_the_format_cannot_state_gets_a_none_reading_saying_why():
    (_, buyer) = draft("Kenya's tea exports grew by 5%. Pakistan is the largest buyer of Kenyan "
                       "tea.", "en", FakeSearch())
    assert (buyer.subject, buyer.counterpart, buyer.among) == ("KEN", ["PAK"], "")
    (reading,) = buyer.readings
    assert reading.kind == "none" and "trading partners" in reading.reason
    (region,) = draft("Kasachstan ist der größte Ölproduzent Zentralasiens.", "de", FakeSearch())
    assert region.among == "" and "Zentralasiens" in region.readings[0].reason
    (euro,) = draft("Germany is the eurozone's largest economy.", "en", FakeSearch())
    assert euro.among == "EMU" and claim_terms(euro).keys["among"] == "EMU"


def test_a_sum_of_partners_is_read_from_both_together():
    (claim,) = draft("Russland und China nehmen zusammen 64 Prozent der Exporte Usbekistans ab.",
                     "de")
    assert claim.subject == "UZB" and sorted(claim.counterpart) == ["CHN", "RUS"]
    imf = claim.readings[0]
    assert (imf.source, imf.series, sorted(imf.counterpart)) == ("imf", "IMTS.XG_FOB_USD",
                                                               ["CHN", "RUS"])


def test_the_command_asks_the_store_each_distinct_question_once(store_path, monkeypatch):
    import indicators.claims.search as catalogue_search
    from cache.bundle import open_store
    from indicators.claims.search import series_search

    asked: list[str] = []
    real = catalogue_search.search_series

    def counting(store, words, **kw):
        asked.append(words)
        return real(store, words, **kw)

    monkeypatch.setattr(catalogue_search, "search_series", counting)
    store = open_store(store_path)
    try:
        search, plain = series_search(store), series_search(store, remember=False)
        first = search("external debt GNI", economy="BLR", limit=5)
        again = search("external debt GNI", economy="BLR", limit=5)
        other = search("external debt GNI", economy="MDA", limit=5)
        assert len(asked) == 2  # BLR once, MDA once
        plain("external debt GNI", economy="BLR", limit=5)
        plain("external debt GNI", economy="BLR", limit=5)
        assert len(asked) == 4  # without remembering, every question reaches the store
        assert [h.code for h in first] == [h.code for h in again] and first
        assert first[0].code == "DT.DOD.DECT.GN.ZS" and other[0].economy == "MDA"
        again.pop()  # a caller's list is its own: the remembered answer is not changed
        assert len(search("external debt GNI", economy="BLR", limit=5)) == len(first)
    finally:
        store.close()


def test_a_partner_share_is_never_decided_by_the_economy_s_total():
    (claim,) = draft("Moldau empfängt 30 Prozent seiner Überweisungen aus Russland.",
                     "de", FakeSearch())
    assert claim.counterpart == ["RUS"]
    totals = [r for r in claim.readings if r.source == "worldbank"]
    assert totals, [r.series for r in claim.readings]
    for reading in totals:  # remittances % of GDP says nothing of Russia's part
        assert reading.role == "context" and "Russia" in reading.role_reason


def test_the_noun_right_after_a_figure_names_it_and_a_size_in_words_its_own_noun():
    search = FakeSearch()
    (_, imports) = draft("Polen meldet 30 Prozent Export- und 45 Prozent Importquote.", "de",
                         search)
    assert imports.value == 45 and search.queries[-1].startswith("imports")
    (debt,) = [c for c in draft("Moldau hat eine enorme Auslandsverschuldung in Richtung Moskau, "
                                "bei einer Importquote von 45 Prozent.", "de", search)
               if c.qualitative]
    assert [r.series for r in debt.readings] == ["DT.DOD.DECT.CD"]
