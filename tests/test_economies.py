"""Economy names in any language → codes: the World Bank catalogue + CLDR (babel)."""

from __future__ import annotations

import pytest
from babel import Locale

from cache.bundle import read_manifest, snapshot_economies
from indicators.claims.economies import (
    CLDR_REGIONS,
    NAMES_CLDR_LACKS,
    NON_ECONOMIES,
    code_for,
    display_name,
    economy_code,
    name_index,
)


@pytest.mark.parametrize(("name", "lang", "code"), [
    ("Weißrussland", "de", "BLR"), ("Weissrussland", None, "BLR"), ("Moldau", "de", "MDA"),
    ("Moldau", None, "MDA"), ("Republik Moldau", "de", "MDA"), ("Kasachstan", None, "KAZ"),
    ("Russland", "de", "RUS"), ("russland", None, "RUS"), ("Tuerkei", "de", "TUR"),
    ("Welt", "de", "WLD"), ("Europäische Union", "de", "EUU"), ("Eurozone", "de", "EMU"),
    ("Euro area", None, "EMU"), ("Russian Federation", None, "RUS"), ("Russia", None, "RUS"),
    ("Federación de Rusia", None, "RUS"), ("Belarús", None, "BLR"), ("Bielorrusia", "es", "BLR"),
    ("Białoruś", None, "BLR"), ("Беларусь", None, "BLR"), ("MD", None, "MDA"),
    ("md", None, "MDA"), ("mda", None, "MDA"), ("Lao PDR", None, "LAO"), ("Laos", None, "LAO"),
    ("Heavily indebted poor countries (HIPC)", None, "HPC"), ("Not classified", None, "INX"),
])
def test_names_in_any_language_resolve_to_their_code(name, lang, code):
    assert economy_code(name, lang) == code


def test_unknown_names_resolve_to_nothing():
    assert economy_code("Atlantis") is None and economy_code("") is None


def test_the_press_names_cldr_lacks_are_really_not_in_cldr():
    """The small table holds only names CLDR does not have: were CLDR to add one, the entry
    would be redundant and this test says so."""
    for lang, names in NAMES_CLDR_LACKS.items():
        cldr = {n.casefold() for n in Locale.parse(lang).territories.values()}
        for name in names:
            assert name.casefold() not in cldr, f"CLDR {lang} now has {name!r}: drop it"


def test_cldr_regions_map_to_world_bank_aggregates_that_exist():
    codes = {e.code for e in snapshot_economies()}
    assert set(CLDR_REGIONS.values()) <= codes
    assert Locale("de").territories["001"] == "Welt"


def test_display_names_are_the_world_banks_english_short_names():
    by_code = {e.code: e for e in snapshot_economies()}
    assert display_name("MDA") == by_code["MDA"].name == "Moldova"
    assert display_name("SUN") == "USSR" and display_name("XYZ") == "XYZ"


def test_name_index_has_the_languages_names_and_the_english_ones():
    index = name_index("de")
    assert index["moldau"] == index["republik moldau"] == index["moldova"] == "MDA"
    assert index["weißrussland"] == index["belarus"] == "BLR"
    assert index["welt"] == "WLD" and index["kasachstan"] == "KAZ"
    assert all(key == key.lower() for key in index)


def test_the_importers_names_all_resolve():
    """Every economy name in the bundled reference files resolved when the snapshot was built
    (the manifest lists no "unknown economy" row), and the non-economy rows keep their codes."""
    assert not [r for r in read_manifest()["rejected"] if "unknown economy" in r]
    for name, code in NON_ECONOMIES.items():
        assert code_for(name) == code
    assert code_for("Russian Federation") == "RUS" and code_for("UK") == "GBR"
