"""Many articles: `check`, `export` and `dashboard` on a folder of claims files, the default set
(bundled articles + the user's claims folder beside the store), `--article`, broken files."""

from __future__ import annotations

import csv
import io
import json
import shutil
import time
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

import indicators.commands.dashboard as dashboard_command
from cache.store import Store
from indicators.claims.load import DEFAULT_CLAIMS_FILE, load_claims
from indicators.cli import cli
from indicators.judge.article_set import ARTICLES_FORMAT, evaluate_articles
from indicators.judge.compare import evaluate_article
from indicators.output import export
from indicators.output.article_set import (
    SET_COLUMNS,
    articles_xlsx_bytes,
    export_set_bytes,
    sheet_names,
)

DATA = Path(__file__).parent / "data"
POLAND = DATA / "poland_2024.toml"
NOW = "2026-12-01T08:00:00+00:00"
WIDE = {"COLUMNS": "200"}


def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


@pytest.fixture
def folder(tmp_path) -> Path:
    """Two articles: the bundled Belarus one and the Polish example."""
    path = tmp_path / "articles"
    path.mkdir()
    shutil.copy(DEFAULT_CLAIMS_FILE, path / "belarus_2025.toml")
    shutil.copy(POLAND, path / "poland_2024.toml")
    return path


def _single(store_path, claims: Path, now: str):
    with Store.open(store_path) as store:
        return evaluate_article(store, claims, now=now)


def test_check_a_folder_prints_each_article_then_one_summary_line_each(store_path, folder):
    result = run(store_path, "check", "--claims", str(folder))

    assert result.exit_code == 0, result.output
    out = result.output
    belarus = _single(store_path, folder / "belarus_2025.toml", NOW)
    poland = _single(store_path, folder / "poland_2024.toml", NOW)
    for article in (belarus, poland):  # each article's table: its claims and readings
        for c in article.claims:
            assert c.claim.id in out
            for r in c.readings:
                assert r.reading_id in out
    summary = out[out.rindex("2 articles"):]
    lines = [" ".join(line.split()) for line in summary.splitlines()[1:] if line.strip()]
    flat = " ".join(lines)
    for article_id, article in (("belarus_2025", belarus), ("poland_2024", poland)):
        a = article.article
        assert f"{article_id} {a.title} ({a.date}): {article.headline()}" in flat
    assert flat.index("belarus_2025") < flat.index("poland_2024")


def test_check_json_of_a_folder_is_the_versioned_articles_document(store_path, folder):
    result = run(store_path, "check", "--claims", str(folder), "--format", "json")

    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["format"], data["version"]) == (ARTICLES_FORMAT, 1)
    assert [a["id"] for a in data["articles"]] == ["belarus_2025", "poland_2024"]
    assert data["article_count"] == 2
    for entry in data["articles"]:
        # each article is exactly the one-article document `check --claims FILE` prints
        single = run(store_path, "check", "--claims", str(folder / f"{entry['id']}.toml"),
                     "--format", "json")
        expected = json.loads(single.stdout)
        expected["generated_at"] = entry["generated_at"] = data["generated_at"]
        assert {k: v for k, v in entry.items() if k != "id"} == expected
    assert data["claim_count"] == sum(len(a["claims"]) for a in data["articles"]) == 8
    assert sum(data["headline_counts"].values()) == 8


def test_a_broken_file_in_a_folder_names_each_broken_file_and_exits_2(store_path, folder):
    shutil.copy(DATA / "bad_toml.toml", folder / "b_bad.toml")
    shutil.copy(DATA / "unknown_economy.toml", folder / "c_unknown.toml")
    for command in (["check"], ["check", "--format", "json"], ["export", "--format", "csv"]):
        result = run(store_path, *command, "--claims", str(folder))

        assert result.exit_code == 2, result.output
        assert result.stdout == ""  # no article is checked while one file is broken
        lines = result.stderr.splitlines()
        assert lines[0].startswith(f"Error: {folder / 'b_bad.toml'}:10: not valid TOML")
        assert lines[1].startswith(f"Error: {folder / 'c_unknown.toml'}:")
        assert "unknown economy 'ATL'" in lines[1]
        assert lines[2] == ("2 of 4 claims files cannot be used, so none was used: fix them, "
                            "or choose files with --claims.")
        assert "Traceback" not in result.output


def test_an_empty_folder_is_bad_input(store_path, tmp_path):
    result = run(store_path, "check", "--claims", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip() == (f"Error: {tmp_path}: folder holds no claims file; expected "
                                     "*.toml files")


def test_the_default_set_is_the_bundled_articles_plus_the_users_claims_folder(store_path):
    user = store_path.parent / "claims"  # beside the store
    user.mkdir()
    shutil.copy(POLAND, user / "poland_2024.toml")

    data = json.loads(run(store_path, "check", "--format", "json").stdout)

    ids = [a["id"] for a in data["articles"]]
    assert "belarus_2025" in ids and ids[-1] == "poland_2024"
    poland = data["articles"][-1]
    assert poland["claims_path"] == str(user / "poland_2024.toml")
    assert poland["article"]["title"] == load_claims(POLAND).article.title


@pytest.mark.parametrize("command", ["check", "export", "refresh", "dashboard"])
def test_every_help_says_where_the_users_claims_folder_is(tmp_path, command):
    store = tmp_path / "somewhere" / "store.sqlite"
    result = run(store, command, "--help")
    flat = " ".join(result.output.split())
    assert result.exit_code == 0
    assert "claims/ beside the store" in flat
    # (a long path may be wrapped at a hyphen: compare without the white space)
    assert f"(here:{store.parent / 'claims'})." in "".join(flat.split())


def test_article_selects_one_article_and_unknown_ids_are_listed(store_path, folder):
    one = run(store_path, "export", "--format", "csv", "--claims", str(folder),
              "--article", "poland_2024")
    alone = run(store_path, "export", "--format", "csv", "--claims", str(POLAND))
    assert one.exit_code == 0, one.output
    assert one.stdout_bytes == alone.stdout_bytes  # the one-article CSV, no article column

    bad = run(store_path, "check", "--claims", str(folder), "--article", "moldova")
    assert bad.exit_code == 2
    assert bad.stderr.strip() == ("Error: unknown article 'moldova'; expected one of: "
                                  "belarus_2025, poland_2024")


def test_the_csv_of_a_folder_has_an_article_column_and_every_reading(store_path, folder):
    result = run(store_path, "export", "--format", "csv", "--claims", str(folder))
    assert result.exit_code == 0, result.output
    table = list(csv.DictReader(io.StringIO(result.stdout_bytes.decode("utf-8"))))
    assert list(table[0]) == SET_COLUMNS
    for article_id in ("belarus_2025", "poland_2024"):
        article = _single(store_path, folder / f"{article_id}.toml", NOW)
        mine = [row for row in table if row["article_id"] == article_id]
        assert [(r["claim_id"], r["reading_id"]) for r in mine] == [
            (c.claim.id, r.reading_id) for c in article.claims for r in c.readings]
        assert {r["article_title"] for r in mine} == {article.article.title}
        # the other columns are the one-article CSV's, row for row
        single = list(csv.DictReader(io.StringIO(export.to_csv_bytes(article).decode())))
        assert [{k: v for k, v in r.items() if not k.startswith("article_")}
                for r in mine] == single


def _set(store_path, folder):
    with Store.open(store_path) as store:
        files = [load_claims(p) for p in sorted(folder.glob("*.toml"))]
        return evaluate_articles(store, files, now=NOW)


def test_the_xlsx_of_a_folder_has_one_set_of_sheets_per_article(store_path, folder):
    articles = _set(store_path, folder)
    wb = openpyxl.load_workbook(io.BytesIO(export_set_bytes(articles, "xlsx")))

    assert wb.sheetnames == ["articles", "belarus_2025", "belarus_2025 sources",
                             "belarus_2025 robustness", "poland_2024", "poland_2024 sources",
                             "poland_2024 robustness", "read me"]
    index = [[c.value for c in row] for row in wb["articles"].iter_rows()]
    assert index[0][:3] == ["article_id", "title", "date"]
    assert [row[0] for row in index[1:]] == ["belarus_2025", "poland_2024"]
    for entry in articles.entries:
        single = openpyxl.load_workbook(io.BytesIO(export.to_xlsx_bytes(entry.result)))
        for mine, theirs in (("", "comparison"), (" sources", "sources"),
                             (" robustness", "robustness")):
            got = [[c.value for c in row] for row in wb[entry.id + mine].iter_rows()]
            want = [[c.value for c in row] for row in single[theirs].iter_rows()]
            assert got == want, (entry.id, theirs)


def test_sheet_names_fit_excel_and_stay_unique():
    names = sheet_names(["a" * 40, "a" * 40 + "b", "x:y/z", "read me"])
    stems = list(names.values())
    assert len({s.lower() for s in stems}) == 4
    assert all(len(s + " robustness") <= 31 for s in stems)
    assert names["x:y/z"] == "x_y_z" and names["read me"] != "read me"


def test_markdown_and_claimreview_of_a_folder(store_path, folder):
    articles = _set(store_path, folder)
    md = export_set_bytes(articles, "md").decode()
    assert md.startswith("# Fact checks: 2 articles\n")
    for entry in articles.entries:
        assert f"## Fact check: {entry.result.article.title}" in md
        assert f"- **{entry.id}**: {entry.result.article.title}" in md
        for c in entry.result.claims:
            assert f"### „{c.claim.quote}“" in md
    assert md.count("## Verdict scale") == 1 and md.count("Generated by Claimcheck") == 1

    reviews = json.loads(export_set_bytes(articles, "claimreview"))
    assert [r["itemReviewed"]["text"] for r in reviews] == [
        c.claim.quote for e in articles.entries for c in e.result.claims]
    assert {r["itemReviewed"]["appearance"]["headline"] for r in reviews} == {
        e.result.article.title for e in articles.entries}


def test_set_exports_are_deterministic(store_path, folder):
    a, b = _set(store_path, folder), _set(store_path, folder)
    first = articles_xlsx_bytes(a)
    time.sleep(1.1)  # openpyxl stamps "modified" with the clock; the export must not
    assert articles_xlsx_bytes(b) == first
    for fmt in ("csv", "md", "json", "claimreview"):
        assert export_set_bytes(a, fmt) == export_set_bytes(b, fmt)


def test_export_of_a_folder_writes_the_file_and_says_how_many_articles(store_path, folder,
                                                                      tmp_path):
    out = tmp_path / "all.json"
    result = run(store_path, "export", "--format", "json", "--claims", str(folder),
                 "--output", str(out))
    assert result.exit_code == 0, result.output
    data = json.loads(out.read_text())
    assert [a["id"] for a in data["articles"]] == ["belarus_2025", "poland_2024"]
    rows = sum(len(c["readings"]) for a in data["articles"] for c in a["claims"])
    assert result.stderr.strip() == f"Wrote {out} (json, {rows} rows, 2 articles)."


def test_the_dashboard_validates_every_file_of_a_folder_before_serving(store_path, folder,
                                                                       monkeypatch):
    monkeypatch.setattr(dashboard_command, "serve", lambda server: pytest.fail("must not serve"))
    shutil.copy(DATA / "duplicate_id.toml", folder / "dup.toml")
    check = run(store_path, "check", "--claims", str(folder))

    result = run(store_path, "dashboard", "--claims", str(folder), "--port", "0")

    assert check.exit_code == 2 and result.exit_code == 2, result.output
    assert result.stderr.splitlines()[0] == check.stderr.splitlines()[0]
    assert str(folder / "dup.toml") in result.stderr and "duplicate claim id" in result.stderr
    assert "dashboard on" not in result.output


def test_the_dashboard_starts_on_a_valid_folder(store_path, folder, monkeypatch):
    served = []
    monkeypatch.setattr(dashboard_command, "serve", served.append)
    result = run(store_path, "dashboard", "--claims", str(folder), "--port", "0")
    assert result.exit_code == 0, result.output
    assert len(served) == 1 and "dashboard on http://127.0.0.1:" in result.output
    # every article of the folder is served, and nothing says one was left out
    data = served[0].app.config["CLAIMCHECK_DATA"]
    assert [p.name for p in data.claims_paths] == ["belarus_2025.toml", "poland_2024.toml"]
    assert "Note:" not in result.output
    single = run(store_path, "dashboard", "--claims", str(POLAND), "--port", "0")
    assert single.exit_code == 0 and "Note:" not in single.output
    assert [p.name for p in served[1].app.config["CLAIMCHECK_DATA"].claims_paths] == [
        "poland_2024.toml"]
