"""`claimcheck check`: table and JSON; malformed claims files exit with status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cache.store import Store
from indicators.claims.load import DEFAULT_CLAIMS_FILE
from indicators.cli import cli
from indicators.judge.compare import evaluate_article

DATA = Path(__file__).parent / "data"


def _run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args])


def test_check_prints_a_table_of_every_claim_and_reading(store_path):
    result = _run(store_path, "check")
    assert result.exit_code == 0, result.output
    with Store.open(store_path) as store:
        article = evaluate_article(store)
    for c in article.claims:
        assert c.claim.quote.split()[0] in result.output
        for r in c.readings:
            assert r.reading_id in result.output
    for v in {r.verdict.value for r in article.rows()}:
        assert v in result.output
    for c in article.claims:  # the explanations name the most likely reading
        assert c.claim.likely_reading is not None
    assert "most likely reading" in result.output


def test_check_json_is_the_results_json(store_path):
    # one claims file: the one-article document, as before (a folder gives the articles one)
    result = _run(store_path, "check", "--format", "json", "--claims", str(DEFAULT_CLAIMS_FILE))
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    with Store.open(store_path) as store:
        expected = evaluate_article(store, now=data["generated_at"]).to_json_dict()
    assert data == json.loads(json.dumps(expected))
    verdicts = {c["claim"]["id"]: c["verdict"] for c in data["claims"]}
    assert set(verdicts) == {"potash-share", "energy-dependence", "export-quota",
                             "import-quota", "debt-russia", "fdi-russia"}
    assert verdicts["debt-russia"] == "context"
    assert data["headline"] == expected["headline"]
    assert data["headline"].startswith("Of 6 claims: ")
    assert sum(data["headline_counts"].values()) == 6
    for claim in data["claims"]:  # evidence quality, agreement and the strip travel in the JSON
        assert claim["agreement"]["status"] in ("agree", "disagree", "single", "none")
        assert claim["robustness"]["years"] == sorted(claim["robustness"]["years"])
        for r in claim["readings"]:
            assert {"evidence_age_years", "definition", "dated", "robustness"} <= set(r)
    for c in data["claims"]:  # the dashboard reads these names
        assert {"deciding_reading", "likely_reading", "decided_by_likely"} <= set(c)
        likely = [r["reading_id"] for r in c["readings"] if r["likely"]]
        assert likely == [c["likely_reading"]]
        assert c["claim"]["likely_reason"]
        assert c["decided_by_likely"] == (c["deciding_reading"] == c["likely_reading"])


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("bad_toml.toml", "not valid TOML"),
        ("missing_field.toml", "field 'gloss': missing"),
        ("wrong_type.toml", "field 'value': expected a number"),
        ("unknown_series.toml", "unknown series 'NE.EXP.GNFX.ZS'"),
        ("unknown_economy.toml", "unknown economy 'ATL'"),
        ("duplicate_id.toml", "duplicate claim id"),
        ("two_likely.toml", "reading 'r2', field 'likely': a second reading is marked likely"),
    ],
)
@pytest.mark.parametrize("command", [["check"], ["export", "--format", "csv"]])
def test_malformed_claims_exit_2_with_a_clear_message(store_path, name, fragment, command):
    result = _run(store_path, *command, "--claims", str(DATA / name))
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert fragment in result.output
    assert name in result.output


def test_a_second_claims_file_about_another_country_runs_unchanged(store_path):
    result = _run(store_path, "check", "--claims", str(DATA / "poland_2024.toml"),
                  "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    readings = [r for c in data["claims"] for r in c["readings"]]
    assert {r["economy"] for r in readings} == {"POL"}
    assert all(r["at_claim_year"] is not None for r in readings)
    table = _run(store_path, "check", "--claims", str(DATA / "poland_2024.toml"))
    assert table.exit_code == 0 and "exports-share-gdp" in table.output


@pytest.mark.parametrize("width", [80, 100])
def test_a_narrow_terminal_gets_one_readable_block_per_claim(store_path, width):
    result = CliRunner().invoke(cli, ["--store", str(store_path), "check"],
                                terminal_width=width)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= width
    assert "┏" not in result.output and "observed (period)" not in result.output  # no table
    with Store.open(store_path, read_only=True) as store:
        article = evaluate_article(store)
    text = "\n".join(lines)
    for c in article.claims:
        header = next(i for i, line in enumerate(lines)
                      if line.startswith(f"{c.claim.id} — overall: {c.verdict.value}"))
        block = "\n".join(lines[header:]).split(" — overall: ", 2)
        assert c.claim.quote.split()[0] in block[1]
        for r in c.readings:
            assert f"{'★ ' if r.likely else ''}{r.reading_id}: " in block[1]
            assert f"verdict    {r.verdict.value}" in block[1]
    assert article.headline() in " ".join(text.split())


def test_a_wide_terminal_keeps_the_table(store_path):
    result = CliRunner().invoke(cli, ["--store", str(store_path), "check"],
                                terminal_width=160)
    assert result.exit_code == 0, result.output
    assert "┏" in result.output and "observed (period)" in result.output
    assert " — overall: " not in result.output
    assert max(len(line.rstrip()) for line in result.output.splitlines()) <= 160
