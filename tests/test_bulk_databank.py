"""DataBank exports import like the other bulk files: CSV, its zip, XLSX, every table layout.

Files are written in the real export layout (tests/databank_fixtures.py says which fact each
part reproduces) with values from the bundled snapshot.
"""

from __future__ import annotations

import math

import pytest
from bulk_helpers import WDI_SERIES, query, snapshot_table
from click.testing import CliRunner
from databank_fixtures import (
    UPDATED_ISO,
    UUID,
    expected,
    table_rows,
    write_csv,
    write_xlsx,
    write_zip,
)

from cache.store import Store
from indicators.cli import cli

WIDE = {"COLUMNS": "250"}


def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


def tables():
    return [snapshot_table(code) for code in WDI_SERIES]


def stored(store_path, origin_suffix):
    rows = query(store_path, "SELECT series, economy, year, value, publisher_updated, dataset, "
                             "is_current, origin FROM observations WHERE source='worldbank'")
    return {(s, e, y): (v, p, d, c) for s, e, y, v, p, d, c, o in rows
            if o.endswith(origin_suffix)}


@pytest.mark.parametrize("form", ["csv", "zip", "xlsx"])
def test_a_databank_export_imports_with_its_values_and_footer_vintage(tmp_path, store_path,
                                                                      form):
    ts = tables()
    rows = table_rows(ts)
    path = {"csv": write_csv, "zip": write_zip, "xlsx": write_xlsx}[form](tmp_path, rows)
    if form == "csv":
        raw = path.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbfCountry Name,") and b"\r\n" in raw
        assert raw.rstrip().endswith(b"Last Updated: 12/22/2099" + b"," * (len(rows[0]) - 1))

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    suffix = {"csv": f"{UUID}_Data.csv", "zip": f"!{UUID}_Data.csv", "xlsx": ".xlsx!Data"}[form]
    got = stored(store_path, suffix)
    want = expected(ts)
    assert {k: v[0] for k, v in got.items()} == want
    assert {(v[1], v[2], v[3]) for v in got.values()} == {(UPDATED_ISO, "WDI", 1)}
    assert f"last updated {UPDATED_ISO}: loaded" in result.output
    assert f"({len(want)} values), rejected 0 rows" in result.output
    with Store.open(store_path) as store:
        names = store.series_meta("worldbank")
        fetch = store.fetches("worldbank")[-1]
    assert {names[("worldbank", t.series)].name for t in ts} == {t.name for t in ts}
    assert fetch.note.startswith("DataBank export (World Development Indicators)")
    assert fetch.publisher_updated == UPDATED_ISO


@pytest.mark.parametrize("layout", ["time-rows", "series-country"])
def test_the_other_table_layouts_give_the_same_values(tmp_path, store_path, layout):
    ts = tables()
    path = write_csv(tmp_path, table_rows(ts, layout=layout))

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    assert {k: v[0] for k, v in stored(store_path, f"{UUID}_Data.csv").items()} == expected(ts)


@pytest.mark.parametrize("form", ["csv", "xlsx"])
@pytest.mark.parametrize("bad, reason", [
    ("1e400", "'1e400' overflows a float"),
    ("-1E+999", "'-1E+999' overflows a float"),
    ("inf", "'inf' is not finite"),
    ("NaN", "'NaN' is not finite"),
])
def test_overflowing_and_non_finite_cells_are_rejected_rows(tmp_path, store_path, form, bad,
                                                            reason):
    ts = tables()
    rows = table_rows(ts)
    row = 3
    cells = rows[row]
    col = next(i for i, c in enumerate(cells) if i >= 4 and c != "..")
    cells[col] = bad
    if form == "xlsx":
        path = write_xlsx(tmp_path, rows)
        from openpyxl import load_workbook  # a text cell: Excel keeps "1e400" as typed text

        book = load_workbook(path)
        book["Data"].cell(row=row + 1, column=col + 1).value = bad
        book.save(path)
    else:
        path = write_csv(tmp_path, rows)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    assert "rejected 1 rows" in result.output
    shown = [ln for ln in result.output.splitlines() if f":{row + 1}: " in ln]
    assert len(shown) == 1 and "not a finite number" in shown[0] and reason in shown[0], \
        result.output
    values = [v for (v,) in query(store_path, "SELECT value FROM observation_values")]
    assert all(math.isfinite(v) for v in values)
    economy, series = cells[1], cells[3]
    got = stored(store_path, path.name if form == "csv" else ".xlsx!Data")
    assert not [k for k in got if k[:2] == (series, economy)]  # the whole row is left out
    assert len(got) == len(expected(ts)) - sum(
        1 for k in expected(ts) if k[:2] == (series, economy))


def test_an_export_without_its_footer_is_refused_as_of_unknown_vintage(tmp_path, store_path):
    rows = table_rows(tables())[:-2]  # the two footer lines cut off
    path = write_csv(tmp_path, rows)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 2
    assert f"{path}: no \"Last Updated: MM/DD/YYYY\" line at the end" in result.output
    assert "Traceback" not in result.output


def test_a_table_with_a_counterpart_dimension_is_refused(tmp_path, store_path):
    rows = table_rows(tables())
    for row in rows:
        row.insert(4, "Counterpart-Area Code" if row is rows[0] else "RUS")
    path = write_csv(tmp_path, rows)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 2
    assert "'Counterpart-Area Code' column (another dimension)" in result.output


def test_series_the_catalogue_lacks_are_imported_under_the_files_own_names(tmp_path,
                                                                           store_path):
    t = snapshot_table(WDI_SERIES[0])
    t.series, t.name = "XX.NEW.SERIES.ZS", "A series added this release (% of GDP)"
    path = write_csv(tmp_path, table_rows([t]))

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    with Store.open(store_path) as store:
        meta = store.series_meta("worldbank")[("worldbank", "XX.NEW.SERIES.ZS")]
        values = store.observations(series="XX.NEW.SERIES.ZS", source="worldbank")
    assert (meta.name, meta.unit, meta.dataset) == (t.name, "% of GDP", "WDI")
    assert {(o.economy, o.year): o.value for o in values} == {
        (e, y): v for e, by_year in t.values.items() for y, v in by_year.items()}
