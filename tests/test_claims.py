"""Claims files: the bundled article's claims load; malformed files give clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cache.store import Store
from indicators.claims import (
    DEFAULT_CLAIMS_FILE,
    ClaimsError,
    catalogue_from_store,
    check_catalogue,
    load_claims,
    parse_claims,
)
from indicators.compare import evaluate_article

DATA = Path(__file__).parent / "data"


def test_default_claims_file_has_the_articles_six_claims():
    cf = load_claims()
    assert cf.path == DEFAULT_CLAIMS_FILE
    assert [c.id for c in cf.claims] == [
        "potash-share", "energy-dependence", "export-quota", "import-quota", "debt-russia",
        "fdi-russia",
    ]
    assert cf.article.language == "de" and cf.article.date.startswith("2025-02")
    assert "2024" in cf.article.year_note
    article = (Path(__file__).resolve().parents[2] / "shared" / "article" / "article.txt")
    for claim in cf.claims:
        assert claim.year == 2024 and claim.subject == "BLR"
        assert claim.readings, claim.id
        if article.exists():  # every quote is the article's own words
            for part in claim.quote.split(" [...] "):
                assert part in article.read_text(encoding="utf-8"), claim.quote
    assert cf.claim("debt-russia").qualitative
    # the wording's precision: "ein Fünftel" is looser than "55 Prozent"
    assert cf.claim("potash-share").precision > cf.claim("import-quota").precision
    kinds = {r.measure.kind for c in cf.claims for r in c.readings}
    assert kinds == {"series", "ratio", "figures", "none"}


def test_default_claims_match_the_catalogue(store_path):
    with Store.open(store_path) as store:
        check_catalogue(load_claims(), catalogue_from_store(store))


@pytest.mark.parametrize(
    ("name", "fragments"),
    [
        ("bad_toml.toml", ["bad_toml.toml:10", "not valid TOML", "line 10"]),
        ("missing_field.toml", ["missing_field.toml:9", "claim 'no-gloss'", "field 'gloss'",
                                "missing", "expected a string"]),
        ("wrong_type.toml", ["wrong_type.toml:12", "claim 'wrong-type'", "field 'value'",
                             "expected a number", "'vierzig'"]),
        ("duplicate_id.toml", ["duplicate_id.toml:26", "claim 'twice'", "field 'id'",
                               "duplicate claim id"]),
    ],
)
def test_malformed_files_name_file_line_claim_and_field(name, fragments):
    with pytest.raises(ClaimsError) as info:
        load_claims(DATA / name)
    message = str(info.value)
    for fragment in fragments:
        assert fragment in message, message


@pytest.mark.parametrize(
    ("name", "fragments"),
    [
        ("unknown_series.toml", ["unknown_series.toml:23", "claim 'typo'", "reading 'r1'",
                                 "unknown series 'NE.EXP.GNFX.ZS'", "expected a code"]),
        ("unknown_economy.toml", ["unknown_economy.toml:", "claim 'atlantis'",
                                  "unknown economy 'ATL'"]),
    ],
)
def test_unknown_series_and_economies_are_caught_by_the_catalogue(store_path, name, fragments):
    claims = load_claims(DATA / name)  # structurally fine
    with Store.open(store_path) as store, pytest.raises(ClaimsError) as info:
        check_catalogue(claims, catalogue_from_store(store))
    for fragment in fragments:
        assert fragment in str(info.value), str(info.value)


class _NoDataStore:
    """A store whose data must never be read: validation has to fail first."""

    def __init__(self, real: Store):
        self._real = real
        self.path = real.path

    def series_meta(self, source=None):
        return self._real.series_meta(source)

    def economies(self):
        return {"BLR", "WLD"}

    def observations(self, **kwargs):
        raise AssertionError("data was read before the claims file was validated")

    def fetches(self, source=None):
        raise AssertionError("data was read before the claims file was validated")


def test_unknown_series_is_caught_before_any_data_is_read(store_path):
    with Store.open(store_path) as store, pytest.raises(ClaimsError, match="unknown series"):
        evaluate_article(_NoDataStore(store), DATA / "unknown_series.toml")


@pytest.mark.parametrize(
    ("edit", "fragment"),
    [
        (('kind = "series"', 'kind = "histogram"'), "expected one of series, ratio"),
        (('role = "context"', 'role = "maybe"'), "expected one of test, context"),
        (('precision = 5', 'precision = -1'), "negative"),
        (('id = "fdi-inflows"', 'id = "FDI Inflows"'), "not a valid claim id"),
        (('subject = "POL"', 'subject = "Poland"'), "not an economy code"),
        (('[defaults]', '[defaults]\nspeed = 3'), "unknown field"),
        (('scale = 100', 'scale = "hundred"'), "expected a number"),
    ],
)
def test_field_errors_say_what_was_expected(edit, fragment):
    text = (DATA / "poland_2024.toml").read_text(encoding="utf-8")
    assert edit[0] in text
    with pytest.raises(ClaimsError, match=fragment):
        parse_claims(text.replace(edit[0], edit[1], 1), "edited.toml")


def test_missing_file_is_a_claims_error(tmp_path):
    with pytest.raises(ClaimsError, match="file not found"):
        load_claims(tmp_path / "nope.toml")
