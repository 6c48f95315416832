"""Claims files: the bundled article's claims load; malformed files give clear errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from cache.store import Store
from indicators.claims.load import (
    DEFAULT_CLAIMS_FILE,
    ClaimsError,
    catalogue_from_store,
    check_catalogue,
    config_series,
    load_claims,
    parse_claims,
)
from indicators.judge.compare import evaluate_article

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


def test_default_claims_mark_one_most_likely_reading_each():
    cf = load_claims()
    for claim in cf.claims:
        likely = [r for r in claim.readings if r.likely]
        assert len(likely) == 1, claim.id
        assert claim.likely_reading is likely[0]
        assert len(claim.likely_reason.split()) > 10, claim.id  # a sentence saying why
    # in a list of dependences on Russia, the quotas are Russia's shares, not % of GDP
    for claim_id in ("energy-dependence", "export-quota", "import-quota", "debt-russia",
                     "fdi-russia"):
        refs = cf.claim(claim_id).likely_reading.measure.all_refs()
        assert any(ref.counterpart == "RUS" for ref in refs), claim_id
        assert cf.claim(claim_id).likely_reading.evidence == "statistics"
    # quoted figures stay, labelled as secondary evidence
    assert any(r.evidence == "quoted" for c in cf.claims for r in c.readings)


def test_default_claims_use_the_live_sources_with_bundled_fallbacks():
    cf = load_claims()
    sources = {ref.source for _, _, ref in cf.refs()}
    assert {"faostat", "usgs", "unsd", "imf", "ids", "reference", "worldbank"} <= sources
    for claim_id, reading_id, live in (
        ("potash-share", "production-share-faostat", "faostat"),
        ("potash-share", "production-share-usgs", "usgs"),
        ("potash-share", "export-share-faostat", "faostat"),
        ("energy-dependence", "net-imports-share-of-supply-un", "unsd"),
    ):
        measure = next(r for r in cf.claim(claim_id).readings if r.id == reading_id).measure
        assert measure.kind == "ratio"
        for alternatives in measure.alternatives:  # numerator, denominator: [live, reference]
            assert [a.source for a in alternatives] == [live, "reference"]
        for num, den in measure.ratio_pairs():
            assert num.source == den.source  # pairs: never one source ÷ another
    for claim_id, reading_id in (("export-quota", "russia-share-exports-statistics"),
                                 ("import-quota", "russia-share-imports-statistics"),
                                 ("fdi-russia", "russia-share-fdi-stock")):
        reading = next(r for r in cf.claim(claim_id).readings if r.id == reading_id)
        num, den = reading.measure.refs
        assert (num.source, num.counterpart, den.source, den.counterpart) == (
            "imf", "RUS", "imf", "WLD")
        assert num.series == den.series


@pytest.mark.parametrize("source", ["faostat", "usgs", "unsd", "imf", "ids", "comtrade"])
def test_live_source_codes_are_in_the_catalogue_before_any_refresh(store_path, source):
    """The static catalogue (read from the configs, no adapter created) holds every code the
    source's adapter reports it stores."""
    from indicators.sources.registry import SOURCES

    with Store.open(store_path) as store:
        catalogue = catalogue_from_store(store)
        assert not store.observations(source=source)  # the snapshot has no rows of it
    adapter = SOURCES[source].create()
    meta = getattr(adapter, "series_meta", None)
    codes = ({m.series for m in meta()} if callable(meta) else set()) | {
        c for src, c in config_series() if src == source}
    assert codes
    for code in codes:
        assert catalogue.has_series(source, code), (source, code)
    assert not catalogue.has_series(source, "NO.SUCH.CODE")


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
        ("two_likely.toml", ["two_likely.toml:30", "claim 'export-quota'", "reading 'r2'",
                             "field 'likely'", "the first is 'r1'", "expected exactly one"]),
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
        (('  id = "exports-share-gdp"\n', '  id = "exports-share-gdp"\n  likely = "yes"\n'),
         "field 'likely': expected true or false"),
        (('  id = "exports-share-gdp"\n', '  id = "exports-share-gdp"\n  likely = true\n'),
         "field 'likely_reason': missing; expected a sentence"),
        (('precision = 0.5\n', 'precision = 0.5\nlikely_reason = "Because."\n'),
         "field 'likely_reason': no reading is marked likely = true"),
        (('numerator = { source = "worldbank", series = "NY.GDP.MKTP.CD", economy = "POL" }',
          'numerator = [{ source = "worldbank", series = "NY.GDP.MKTP.CD", economy = "POL" }, '
          '{ source = "reference", series = "x", economy = "POL" }]'),
         "field 'measure.denominator': lists 1 alternative.s. but the numerator 2"),
        (('series = { source = "worldbank", series = "NE.EXP.GNFS.ZS", economy = "POL" }',
          'series = []'), "field 'measure.series': series is an empty list"),
        (('series = { source = "worldbank", series = "NE.EXP.GNFS.ZS", economy = "POL" }',
          'series = [{ source = "worldbank", series = "NE.EXP.GNFS.ZS", economy = "POL" }, 3]'),
         r"field 'measure.series\[2\]': expected a table, got an integer 3"),
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


def test_likely_reading_and_alternatives_parse(store_path):
    text = (DATA / "poland_2024.toml").read_text(encoding="utf-8")
    text = text.replace('  id = "exports-share-gdp"\n',
                        '  id = "exports-share-gdp"\n  likely = true\n', 1)
    text = text.replace('precision_note = "\'rund die Hälfte\' is loose: 45–55%."\n',
                        'precision_note = "\'rund die Hälfte\' is loose: 45–55%."\n'
                        'likely_reason = "The only reading."\n', 1)
    text = text.replace(
        'series = { source = "worldbank", series = "NE.EXP.GNFS.ZS", economy = "POL" }',
        'series = [{ source = "imf", series = "IMTS.XG_FOB_USD", economy = "POL" }, '
        '{ source = "worldbank", series = "NE.EXP.GNFS.ZS", economy = "POL" }]', 1)
    cf = parse_claims(text, "alt.toml")
    claim = cf.claim("exports-half-gdp")
    assert claim.likely_reading.id == "exports-share-gdp" and claim.likely_reason
    measure = claim.readings[0].measure
    assert [r.source for r in measure.alternatives[0]] == ["imf", "worldbank"]
    assert measure.refs[0].source == "imf" and "first with data of" in measure.describe()
    assert [r.source for r in measure.for_economy("POL", "LTU").alternatives[0]] == [
        "imf", "worldbank"]
    assert all(r.economy == "LTU" for r in measure.for_economy("POL", "LTU").all_refs())
    assert cf.claim("fdi-inflows").likely_reading is None  # allowed: best-supported decides
    with Store.open(store_path) as store:
        catalogue = catalogue_from_store(store)
    check_catalogue(cf, catalogue)
    # every alternative is validated, not only the first
    typo = text.replace('"NE.EXP.GNFS.ZS", economy = "POL" }]', '"NE.EXP.GNFX.ZS", '
                        'economy = "POL" }]', 1)
    with pytest.raises(ClaimsError, match="unknown series 'NE.EXP.GNFX.ZS'"):
        check_catalogue(parse_claims(typo, "alt.toml"), catalogue)
