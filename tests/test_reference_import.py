"""The reference importer reads its columns by name: order and extra columns do not matter, a
missing column is named, and `snapshot build` refuses such a file in one line (exit 2)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from indicators.cli import cli
from indicators.sources.reference import (
    ReferenceFormatError,
    import_tidy_reference,
    import_wdi_observations,
)

TIDY = ("dataset,measure,unit,economy,partner,year,period,value,value_raw,note,vintage,origin\n"
        "d,Share,percent,Belarus,Russia,2021,,20.5,20.5,,v,o\n")


def test_columns_in_another_order_with_extra_ones_import_the_same(tmp_path):
    plain = tmp_path / "a_quoted.csv"
    plain.write_text(TIDY, encoding="utf-8")
    header, row = (line.split(",") for line in TIDY.splitlines())
    order = list(reversed(range(len(header))))
    shuffled = tmp_path / "b" / "a_quoted.csv"
    shuffled.parent.mkdir()
    shuffled.write_text("\ufeff" + ",".join([header[i] for i in order] + ["added_later"]) + "\n"
                        + ",".join([row[i] for i in order] + ["x"]) + "\n", encoding="utf-8")
    assert import_tidy_reference(plain).observations == import_tidy_reference(
        shuffled).observations
    [o] = import_tidy_reference(shuffled).observations
    assert (o.economy, o.counterpart, o.year, o.value) == ("BLR", "RUS", 2021, "20.5")


@pytest.mark.parametrize(("importer", "text", "missing"), [
    (import_tidy_reference, TIDY.replace(",origin", ",source_url"), "'origin'"),
    (import_wdi_observations, "source_db,series_code,economy_code,year,value\nWDI,X,BLR,2020,1\n",
     "'series_name', 'vintage', 'origin'"),
])
def test_a_missing_column_is_named(tmp_path, importer, text, missing):
    path = tmp_path / "f.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferenceFormatError, match=f"{path}: no columns? {missing}"):
        importer(path)


def test_snapshot_build_refuses_such_a_file_in_one_line(tmp_path):
    reference = tmp_path / "reference"
    (reference / "other").mkdir(parents=True)
    (reference / "other" / "x_quoted.csv").write_text(TIDY.replace(",measure,", ",what,"),
                                                       encoding="utf-8")
    out = tmp_path / "snapshot"
    result = CliRunner().invoke(cli, ["snapshot", "build", "--reference", str(reference),
                                      "--output", str(out)])
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines() == [
        f"Error: {reference / 'other' / 'x_quoted.csv'}: no column 'measure' (header: "
        "['dataset', 'what', 'unit', 'economy', 'partner', 'year', 'period', 'value', "
        "'value_raw', 'note', 'vintage', 'origin']); the snapshot was not changed."]
    assert not out.exists()
