"""Exports opened back and checked cell by cell; formula injection; determinism."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from cache.store import Store
from indicators.cli import cli
from indicators.judge.compare import evaluate_article
from indicators.output.export import (
    COLUMNS,
    FORMULA_PREFIXES,
    SOURCE_COLUMNS,
    neutralise,
    rows,
    source_rows,
    to_claimreview,
    to_csv_bytes,
    to_json_bytes,
    to_markdown,
    to_xlsx_bytes,
)

DATA = Path(__file__).parent / "data"
NOW = "2026-01-02T03:04:05+00:00"


@pytest.fixture(scope="module")
def seeded(tmp_path_factory):
    from cache.bundle import open_store

    path = tmp_path_factory.mktemp("exp") / "store.sqlite"
    open_store(path).close()
    return path


@pytest.fixture(scope="module")
def result(seeded):
    with Store.open(seeded) as store:
        return evaluate_article(store, now=NOW)


def _cell(value):
    """How a value is expected to appear in a spreadsheet cell."""
    return neutralise(value) if value not in ("", None) else None


def test_csv_cell_by_cell(result):
    data = to_csv_bytes(result)
    parsed = list(csv.reader(io.StringIO(data.decode("utf-8"))))
    assert parsed[0] == COLUMNS
    expected = rows(result)
    assert len(parsed) - 1 == len(expected) == sum(len(c.readings) for c in result.claims)
    for got, want in zip(parsed[1:], expected, strict=True):
        for col, text in zip(COLUMNS, got, strict=True):
            value = want[col]
            if value is None:
                assert text == ""
            elif isinstance(value, float):
                assert float(text) == value
            else:
                assert text == neutralise(str(value)), col
    frame = pd.read_csv(io.BytesIO(data))
    assert list(frame["verdict"]) == [r.verdict.value for r in result.rows()]
    assert frame["observed_value"].notna().sum() == sum(
        r.at_claim_year is not None for r in result.rows())


def test_every_number_has_its_provenance(result):
    for row in rows(result):
        if row["observed_value"] is not None:
            for col in ("source", "series", "economy", "observed_year", "publisher_updated",
                        "retrieved_at", "origin"):
                assert row[col] not in ("", None), (row["reading_id"], col)


def test_xlsx_sheets_cell_by_cell(result):
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(result)))
    assert wb.sheetnames == ["comparison", "sources", "robustness", "read me"]
    strip = wb["robustness"]
    # the robustness sheet: per claim a header row of years, then one row per reading
    first = result.claims[0]
    years, grid = first.robustness_json()["years"], first.robustness_json()["readings"]
    assert [c.value for c in strip[1]] == [first.claim.id, *years]
    for offset, row in enumerate(grid, start=2):
        assert [c.value for c in strip[offset]][: len(years) + 1] == [
            row["reading_id"], *[v or None for v in row["verdicts"]]]
    ws = wb["comparison"]
    assert [c.value for c in ws[1]] == COLUMNS
    for r_index, want in enumerate(rows(result), start=2):
        for c_index, col in enumerate(COLUMNS, start=1):
            got = ws.cell(r_index, c_index).value
            value = want[col]
            if isinstance(value, float):
                assert got == pytest.approx(value)
            else:
                assert got == _cell(value), (r_index, col)
    src = wb["sources"]
    assert [c.value for c in src[1]] == SOURCE_COLUMNS
    expected_sources = source_rows(result)
    assert src.max_row - 1 == len(expected_sources)
    for r_index, want in enumerate(expected_sources, start=2):
        for c_index, col in enumerate(SOURCE_COLUMNS, start=1):
            got = src.cell(r_index, c_index).value
            assert got == (pytest.approx(want[col]) if isinstance(want[col], float)
                           else _cell(want[col])), (r_index, col)
    readme_text = " ".join(str(c.value) for row in wb["read me"].iter_rows() for c in row
                           if c.value is not None)
    for v in ("consistent", "approximately", "overstated", "understated", "outdated",
              "no data"):
        assert v in readme_text
    assert NOW in readme_text


def test_markdown_is_ready_to_paste(result):
    md = to_markdown(result)
    assert md.startswith("# Fact check: ")
    for c in result.claims:
        assert c.claim.quote in md and f"**{c.verdict.value}**" in md
        for r in c.readings:
            assert r.reading_id in md
    table_rows = [line for line in md.splitlines() if line.startswith("| ")]
    assert all(line.count(" | ") >= 1 for line in table_rows)
    assert f"**{result.headline()}**" in md
    for c in result.claims:
        if c.claim.likely_reason:
            assert f"Most likely reading: *{c.likely_reading}*" in md


def test_likely_and_deciding_columns(result):
    table = rows(result)
    for c in result.claims:
        mine = [row for row in table if row["claim_id"] == c.claim.id]
        assert [row["reading_id"] for row in mine if row["likely"] == "yes"] == [
            r.reading_id for r in c.readings if r.likely]
        assert {row["claim_deciding_reading"] for row in mine} == {c.deciding_reading or ""}
        assert {row["claim_decided_by_likely"] for row in mine} == {
            "yes" if c.decided_by_likely else "no"}


def test_json_round_trip(result):
    data = json.loads(to_json_bytes(result))
    assert data == json.loads(json.dumps(result.to_json_dict()))
    assert data["headline"] == result.headline()
    assert len(data["claims"]) == len(result.claims)
    assert len(data["sources"]) == len(result.sources())


def test_claimreview_one_per_claim(result):
    reviews = to_claimreview(result)
    assert len(reviews) == len(result.claims)
    for review, c in zip(reviews, result.claims, strict=True):
        assert review["@context"] == "https://schema.org" and review["@type"] == "ClaimReview"
        assert review["itemReviewed"]["text"] == c.claim.quote
        assert review["reviewRating"]["alternateName"] == c.verdict_text
        assert review["reviewRating"]["alternateName"].startswith(c.verdict.value)
        assert review["itemReviewed"]["appearance"]["headline"] == result.article.title
    json.dumps(reviews)


def test_formula_injection_is_neutralised(seeded):
    with Store.open(seeded) as store:
        evil = evaluate_article(store, DATA / "injection.toml", now=NOW)
    csv_rows = list(csv.DictReader(io.StringIO(to_csv_bytes(evil).decode("utf-8"))))
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(evil)))
    ws = wb["comparison"]
    header = [c.value for c in ws[1]]
    for col in ("claim_quote", "claim_gloss", "claimed_unit", "reading_meaning", "caveat"):
        assert csv_rows[0][col].startswith("'"), col
        xl = ws.cell(2, header.index(col) + 1)
        assert isinstance(xl.value, str) and xl.value.startswith("'"), col
        assert xl.data_type == "s"
    for sheet in wb:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f"
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_PREFIXES)
    for row in csv_rows:
        for value in row.values():
            assert not value.startswith(FORMULA_PREFIXES) or _is_number(value)


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def test_exports_are_deterministic(seeded):
    with Store.open(seeded) as store:
        a = evaluate_article(store, now=NOW)
        b = evaluate_article(store, now=NOW)
    assert to_csv_bytes(a) == to_csv_bytes(b)
    first = to_xlsx_bytes(a)
    time.sleep(1.1)  # openpyxl stamps "modified" with the clock; the export must not
    assert to_xlsx_bytes(b) == first
    assert to_markdown(a) == to_markdown(b)
    assert to_json_bytes(a) == to_json_bytes(b)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "md", "json", "claimreview"])
def test_cli_export_writes_each_format(seeded, tmp_path, fmt):
    out = tmp_path / f"claims.{fmt}"
    result = CliRunner().invoke(cli, ["--store", str(seeded), "export", "--format", fmt,
                                      "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 0
    if fmt == "csv":  # CSV carries no stamp: byte-identical across runs
        again = tmp_path / "again.csv"
        CliRunner().invoke(cli, ["--store", str(seeded), "export", "--format", "csv",
                                 "--output", str(again)])
        assert again.read_bytes() == out.read_bytes()


def test_second_claims_file_exports(seeded):
    with Store.open(seeded) as store:
        res = evaluate_article(store, DATA / "poland_2024.toml", now=NOW)
    frame = pd.read_csv(io.BytesIO(to_csv_bytes(res)))
    assert set(frame["economy"]) == {"POL"}
    assert len(frame) == 3
    wb = openpyxl.load_workbook(io.BytesIO(to_xlsx_bytes(res)))
    assert wb["comparison"].max_row == 4
