"""`claimcheck draft` through click's CliRunner: inputs, exit codes, the file written, and that
it validates and `claimcheck check` runs on it at once; HTML reading; the TOML writer."""

from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from click.testing import CliRunner

from indicators.claims.load import load_claims, parse_claims
from indicators.cli import cli
from indicators.draft.pipeline import draft_text
from indicators.draft.reading import ArticleError, read_article
from indicators.draft.writer import DraftMeta, write_claims
from tests.draft_fakes import FakeNames, FakeSearch

GERMAN = """Belarus: Abhängig von Moskau

Belarus hält ein Fünftel des Weltkalimarktes.
Die Wirtschaft hängt am Nachbarn: 100 Prozent Energieabhängigkeit, dazu 40 Prozent Export-
und 55 Prozent Importquote in Richtung Moskau. Am 24. Februar 2022 änderte sich viel; 5000
Soldaten.
"""
HTML = """<!doctype html><html><head><title>Belarus wächst</title>
<meta property="article:published_time" content="2024-02-20T08:00:00Z">
<link rel="canonical" href="https://example.org/belarus"></head>
<body><nav>Startseite 1 2 3</nav><article><h1>Belarus wächst</h1>
<p>Das Bruttoinlandsprodukt von Belarus wuchs 2023 um 0,2 Prozent.</p>
<p>Die Staatsverschuldung stieg auf 49,6 Prozent des BIP.</p></article>
<script>var x = 99;</script><footer>© 2024</footer></body></html>"""


@pytest.fixture
def runner(store_path, monkeypatch):
    monkeypatch.setenv("CLAIMCHECK_STORE", str(store_path))
    return CliRunner()


def test_draft_writes_a_file_that_validates_and_check_runs_on(runner, tmp_path):
    article = tmp_path / "belarus.txt"
    article.write_text(GERMAN, encoding="utf-8")
    out = tmp_path / "draft.toml"
    result = runner.invoke(cli, ["draft", str(article), "--published", "2025-02-20",
                                 "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "Drafted 4 claims" in result.stderr
    claims = load_claims(out)
    assert claims.article.language == "de" and claims.article.date == "2025-02-20"
    assert [c.value for c in claims.claims] == [20, 100, 40, 55]
    assert {c.subject for c in claims.claims} == {"BLR"} and {c.year for c in claims.claims} == {
        2024}
    text = out.read_text(encoding="utf-8")
    assert "'24' — date" in text and "'5000' — count of people" in text  # the skipped list
    assert "counterpart RUS" in text and "counterpart WLD" in text
    check = runner.invoke(cli, ["check", "--claims", str(out), "--format", "json"])
    assert check.exit_code == 0, check.output
    assert '"headline": "Of 4 claims' in check.stdout


def test_draft_reads_html_and_stdin(runner, tmp_path):
    page = tmp_path / "polen.html"
    page.write_text(HTML, encoding="utf-8")
    result = runner.invoke(cli, ["draft", str(page)])
    assert result.exit_code == 0, result.output
    doc = tomllib.loads(result.stdout)
    assert doc["article"]["title"] == "Belarus wächst"
    assert doc["article"]["date"] == "2024-02-20"  # the page's own date
    assert doc["article"]["url"] == "https://example.org/belarus"
    assert [c["value"] for c in doc["claims"]] == [0.2, 49.6]  # no nav, script or footer
    assert doc["claims"][1]["unit"] == "percent of GDP"
    assert {c["subject"] for c in doc["claims"]} == {"BLR"}
    piped = runner.invoke(cli, ["draft", "-", "--lang", "de", "--published", "2024-02-20",
                                "--title", "Polen"], input=GERMAN.encode("utf-8"))
    assert piped.exit_code == 0 and tomllib.loads(piped.stdout)["article"]["title"] == "Polen"


def test_no_figures_gives_a_valid_file_with_no_claims(runner, tmp_path):
    out = tmp_path / "none.toml"
    result = runner.invoke(cli, ["draft", "-", "--published", "2025-01-01", "-o", str(out)],
                           input="Ein ruhiger Tag in Minsk, ohne eine einzige Zahl.")
    assert result.exit_code == 0
    assert "No economic figures found" in result.stderr
    assert load_claims(out).claims == ()
    check = runner.invoke(cli, ["check", "--claims", str(out)])
    assert check.exit_code == 0 and "No claims to check" in check.stdout


@pytest.mark.parametrize(("content", "name", "message"), [
    (None, "missing.txt", "file not found"),
    (b"", "empty.txt", "is empty"),
    (b"   \n\n  ", "blank.txt", "is empty"),
    (b"\x00\x01\x02binary", "x.bin", "binary file"),
    (b"caf\xe9 \xe8", "latin1.txt", "cannot be read as UTF-8"),
    (b"<html><body><script>1</script></body></html>", "empty.html", "no readable text"),
])
def test_unreadable_or_empty_input_exits_2_with_one_line(runner, tmp_path, content, name,
                                                          message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = runner.invoke(cli, ["draft", str(path)])
    assert result.exit_code == 2
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert str(path) in result.stderr


def test_bad_options_exit_2(runner, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(GERMAN, encoding="utf-8")
    assert runner.invoke(cli, ["draft", str(article), "--published", "2025-13-01"]
                         ).exit_code == 2
    bad_url = runner.invoke(cli, ["draft", str(article), "--url", "javascript:alert(1)"])
    assert bad_url.exit_code == 2 and "not a web address" in bad_url.stderr
    assert runner.invoke(cli, ["draft", str(tmp_path)]).exit_code == 2
    assert runner.invoke(cli, ["draft", "--help"]).exit_code == 0


def test_read_article_errors_name_the_input(tmp_path):
    with pytest.raises(ArticleError, match="standard input: is empty"):
        read_article("-", b"")


def test_the_writer_explains_each_claim_and_round_trips():
    text = ("Kenya's public debt has climbed to 11.1 trillion shillings, or roughly 68 "
            "percent of GDP. Diaspora remittances rose to a record $1.135 billion last year.")
    search = FakeSearch()
    result = draft_text(text, names=FakeNames(), search=search, lang="en",
                        published=dt.date(2025, 3, 3), title="Kenya")
    meta = DraftMeta(title="Kenya", date="2025-03-03", language="en", source="kenya.txt",
                     language_note="given", date_note="given",
                     figures_found=result.figures_found)
    toml = write_claims(meta, result.claims, result.skipped, result.line_of)
    doc = parse_claims(toml)
    debt, ratio, remittances = doc.claims
    # written as the article writes it: the scale is a key; KES is no currency Claimcheck
    # converts, so it stays the unit and the comment says why
    assert (debt.value, debt.scale, debt.unit, debt.currency) == (11.1, "trillion", "KES", "")
    assert "'shilling' read as KES" in toml and "not one Claimcheck converts" in toml
    assert (ratio.value, ratio.unit, ratio.bound) == (68, "percent of GDP", "about")
    assert ratio.likely_reading.measure.refs[0].series == "GC.DOD.TOTL.GD.ZS"
    assert (remittances.value, remittances.scale, remittances.currency) == (
        1.135, "billion", "USD")
    assert "'1.135' read as 1.135: in English notation" in toml
    assert any("remittances" in q.lower() for q in search.queries)
    for c in doc.claims:
        assert c.quote in text
