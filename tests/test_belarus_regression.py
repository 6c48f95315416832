"""The Belarus article's verdicts (`claimcheck check --format json` on the bundled snapshot) do
not change with claims as articles write them (issue 16).

Pinned from the JSON before the change. Two differences are intended, neither changes a
verdict: the FDI claim gains the officials' undated "traditionally about 30%" as a reading of
its own (rule 14; the claim's verdict, deciding reading and headline stay, its "depends on the
reading" summary names the new reading), and the quoted "more than 80%" of energy needs met by
Russia is read as what it is, a lower bound (rule 13), instead of a context-only reading: it
still cannot refute "100 Prozent", so it stays context.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from indicators.claims.load import DEFAULT_CLAIMS_FILE
from indicators.cli import cli

HEADLINE = ("Of 6 claims: 3 hold only on old or indirect data, 1 held earlier but no longer "
            "(outdated), 1 is overstated, 1 is qualitative.")

# claim → (verdict, deciding reading, basis, headline category)
CLAIMS = {
    "potash-share": ("overstated", "production-share-usgs", "likely", "overstated"),
    "energy-dependence": ("consistent", "russia-share-fuel-imports-comtrade", "likely",
                          "holds_qualified"),
    "export-quota": ("outdated", "russia-share-exports-official", "fallback", "outdated"),
    "import-quota": ("consistent", "russia-share-imports-official", "fallback",
                     "holds_qualified"),
    "debt-russia": ("context", None, "context", "qualitative"),
    "fdi-russia": ("consistent", "russia-share-investment-inflows-belstat", "fallback",
                   "holds_qualified"),
}

PROXY_GDP_EXPORTS = "proxy: exports as a share of GDP, not Russia's share of the exports"
PROXY_GDP_IMPORTS = "proxy: imports as a share of GDP, not Russia's share of the imports"
PROXY_ANYWHERE = "proxy: net imports from anywhere, not dependence on Russia"
READINGS = {
    "potash-share": {
        "production-share-faostat": "consistent",
        "production-share-usgs": "overstated",
        "export-share-faostat": "overstated",
        "market-share-quoted": "consistent — on 2019 data"},
    "energy-dependence": {
        "net-energy-imports-wdi": f"overstated — {PROXY_ANYWHERE}",
        "net-imports-share-of-supply-un": f"overstated — {PROXY_ANYWHERE}",
        "russia-share-fuel-imports-comtrade": "consistent — on 2017 data",
        "russia-share-energy-supply": "no data",
        "energy-needs-met-by-russia-quoted": "context"},
    "export-quota": {
        "russia-share-exports-factbook": "consistent — on 2019 data",
        "russia-share-exports-official": "outdated",
        "russia-share-exports-statistics": "no data",
        "russia-share-exports-comtrade": "no data",
        "exports-share-gdp-wdi": f"understated — {PROXY_GDP_EXPORTS}"},
    "import-quota": {
        "russia-share-imports-factbook": "consistent — on 2019 data",
        "russia-share-imports-official": "consistent",
        "russia-share-imports-statistics": "no data",
        "russia-share-imports-comtrade": "no data",
        "imports-share-gdp-wdi": f"outdated — {PROXY_GDP_IMPORTS}",
        "russia-share-turnover-official": "approximately — proxy: Russia's share of exports "
                                          "and imports together, not of imports"},
    "debt-russia": {
        "external-debt-gni-wdi": "context",
        "debt-owed-to-russia-quoted": "context",
        "russia-share-external-debt": "context",
        "russia-share-public-debt-quoted": "context",
        "russia-share-bilateral-debt-service-ids": "context",
        "russia-share-creditors-ids": "no data"},
    "fdi-russia": {
        "russia-share-investment-inflows-belstat": "consistent — proxy: all investment, not FDI",
        "russia-share-investment-inflows-belstat-h1": "understated — proxy: all investment, "
                                                      "not FDI",
        "russia-share-fdi-quoted": "no data",
        "russia-share-fdi-stock": "no data",
        "fdi-inflows-gdp-wdi": "context",
        # added (rule 14): the only FDI-specific figure, undated
        "russia-share-fdi-stated": "overstated — undated: stated 2025-01-24"},
}

CLAIM_TEXTS = {  # unchanged but for the FDI claim's list of readings that disagree
    "potash-share": "overstated — depends on the reading: consistent on FAOSTAT fertiliser "
                    "production; overstated on USGS mine production; overstated on FAOSTAT "
                    "export quantity; consistent on quoted market share",
    "energy-dependence": "consistent — on 2017 data; depends on the reading: overstated on WDI "
                         "net energy imports; overstated on UN net energy imports; consistent on "
                         "Comtrade fuel imports from Russia",
    "export-quota": "outdated — fallback: reading 'russia-share-exports-official' (the most "
                    "likely reading has no data); depends on the reading: consistent on CIA "
                    "Factbook partner list; outdated on Belarusian officials; understated on "
                    "exports % of GDP (WDI)",
    "import-quota": "consistent — fallback: reading 'russia-share-imports-official' (the most "
                    "likely reading has no data); depends on the reading: consistent on CIA "
                    "Factbook partner list; consistent on Belarusian officials; outdated on "
                    "imports % of GDP (WDI); approximately on officials: share of goods "
                    "turnover",
    "debt-russia": "context",
    "fdi-russia": "consistent — proxy: all investment, not FDI; fallback: reading "
                  "'russia-share-investment-inflows-belstat' (the most likely reading has no "
                  "data); depends on the reading: consistent on Belstat all investment (Q1 "
                  "2024); understated on Belstat all investment (H1 2024); overstated on "
                  "officials: FDI share (undated)",
}


@pytest.fixture(scope="module")
def belarus(tmp_path_factory):
    store = tmp_path_factory.mktemp("belarus") / "store.sqlite"
    out = CliRunner().invoke(cli, ["--store", str(store), "check", "--format", "json",
                                   "--claims", str(DEFAULT_CLAIMS_FILE)])
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


def test_the_belarus_claims_keep_their_verdicts(belarus):
    assert belarus["headline"] == HEADLINE
    got = {c["claim"]["id"]: (c["verdict"], c["deciding_reading"], c["basis"],
                              c["headline_category"]) for c in belarus["claims"]}
    assert got == CLAIMS
    assert {c["claim"]["id"]: c["verdict_text"] for c in belarus["claims"]} == CLAIM_TEXTS


def test_every_belarus_reading_keeps_its_verdict(belarus):
    got = {c["claim"]["id"]: {r["reading_id"]: r["verdict_text"] for r in c["readings"]}
           for c in belarus["claims"]}
    assert got == READINGS


def test_the_belarus_claims_are_plain_levels(belarus):
    for c in belarus["claims"]:
        assert c["claim"]["kind"] == "level" and c["claim"]["period"] == ""
        assert not c["claim"]["year_named"]


def test_the_quoted_more_than_80_percent_is_a_lower_bound_that_cannot_refute(belarus):
    energy = next(c for c in belarus["claims"] if c["claim"]["id"] == "energy-dependence")
    r = next(r for r in energy["readings"]
             if r["reading_id"] == "energy-needs-met-by-russia-quoted")
    assert (r["role"], r["definition"], r["verdict"]) == ("test", "lower bound", "context")
    assert "a lower bound ('more than 80%')" in r["explanation"]
