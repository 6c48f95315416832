"""Importing World Bank bulk CSVs: `claimcheck refresh --from-file`, in English and Spanish.

Every file is written in the real download layout with values taken from the bundled snapshot.
"""

from __future__ import annotations

import csv
import io
import sqlite3
import zipfile

import pytest
from bulk_helpers import (
    SPANISH_LABELS,
    bulk_lines,
    file_name,
    snapshot_table,
    write_bulk_csv,
)
from click.testing import CliRunner

from cache.store import Store
from indicators.cli import cli
from indicators.sources.base import SourceError
from indicators.sources.bulk_files import parse_bulk_csv

WIDE = {"COLUMNS": "250"}


def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


def file_rows(store_path, path):
    """Stored observations that came from ``path``, as {(economy, year): value}."""
    with Store.open(store_path) as store:
        rows = store.observations(source="worldbank", current_only=False)
    return {(o.economy, o.year): o for o in rows if o.origin == str(path.resolve())}


def dump(store_path) -> list[tuple]:
    con = sqlite3.connect(store_path)
    try:
        return con.execute(
            "SELECT source, series, economy, year, value, publisher_updated, origin, is_current "
            "FROM observations ORDER BY 1, 2, 3, 4, 6, 7"
        ).fetchall()
    finally:
        con.close()


def refresh_log(store_path) -> list[tuple]:
    con = sqlite3.connect(store_path)
    try:
        return con.execute("SELECT id, source, kind, status FROM refreshes ORDER BY id").fetchall()
    finally:
        con.close()


def test_english_download_is_loaded_with_its_vintage_unit_and_origin(tmp_path, store_path):
    table = snapshot_table()
    path = write_bulk_csv(tmp_path / file_name(table), bulk_lines(table))

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    assert f"loaded {len(table.values)} rows ({table.count} values), rejected 0 rows" in (
        result.output
    )
    assert table.vintage in result.output
    stored = file_rows(store_path, path)
    assert {k: o.value for k, o in stored.items()} == {
        (e, y): v for e, years in table.values.items() for y, v in years.items()
    }
    some = next(iter(stored.values()))
    assert (some.series, some.publisher_updated, some.unit, some.dataset) == (
        table.series, table.vintage, table.unit, "WDI"
    )
    with Store.open(store_path) as store:
        last = store.last_refresh("worldbank", kinds=["file"])
    assert last is not None and last.status == "ok" and last.publisher_updated == table.vintage


def test_spanish_download_with_translated_labels_and_bom(tmp_path, store_path):
    table = snapshot_table()
    spanish_name = "Serie en español (% del PIB)"
    path = write_bulk_csv(
        tmp_path / file_name(table, "es"),
        bulk_lines(table, labels=SPANISH_LABELS, series_name=spanish_name),
    )
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")

    parsed = parse_bulk_csv(path)
    assert (parsed.language, parsed.data_source) == ("es", SPANISH_LABELS[1])
    assert parsed.publisher_updated == table.vintage
    assert len(parsed.observations) == table.count and not parsed.rejected
    assert {o.unit for o in parsed.observations} == {"% del PIB"}

    result = run(store_path, "refresh", "--from-file", str(path))
    assert result.exit_code == 0, result.output
    assert len(file_rows(store_path, path)) == table.count
    # The Spanish name must not replace the English one the store already has.
    with Store.open(store_path) as store:
        assert store.series_meta("worldbank")[("worldbank", table.series)].name == table.name


def test_malformed_rows_are_rejected_with_line_numbers_and_the_rest_loads(tmp_path, store_path):
    table = snapshot_table()
    lines = bulk_lines(table)
    first_data = 6  # line numbers are 1-based: 4 preamble lines + header
    economies = sorted(table.values)

    def cells(i):
        return next(csv.reader(io.StringIO(lines[first_data - 1 + i])))

    def line(row):
        buf = io.StringIO()
        csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="").writerow(row)
        return buf.getvalue()

    bad = {}
    row = cells(0)
    idx = next(i for i, c in enumerate(row) if i > 4 and c)
    row[idx] = "n/a"
    bad[first_data + 0] = ("not a number", economies[0], line(row))
    row = cells(1)
    row[1] = "Belarus"
    bad[first_data + 1] = ("economy code 'Belarus'", economies[1], line(row))
    row = cells(2)
    bad[first_data + 2] = ("columns where the header", economies[2], line(row[:-3]))
    row = cells(3)
    row[3] = row[3] + ".X"
    bad[first_data + 3] = ("differs from the file's", economies[3], line(row))
    for line_no, (_, _, text) in bad.items():
        lines[line_no - 1] = text
    path = write_bulk_csv(tmp_path / file_name(table), lines)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    good = [e for e in economies if e not in {b[1] for b in bad.values()}]
    assert f"loaded {len(good)} rows" in result.output
    assert f"rejected {len(bad)} rows" in result.output
    for line_no, (reason, _, _) in bad.items():
        shown = [ln for ln in result.output.splitlines() if f"{path.name}:{line_no}:" in ln]
        assert len(shown) == 1 and reason in shown[0], result.output
    stored = file_rows(store_path, path)
    assert {e for e, _ in stored} == set(good)
    assert len(stored) == sum(len(table.values[e]) for e in good)


def test_reimporting_the_same_file_changes_nothing(tmp_path, store_path):
    table = snapshot_table()
    path = write_bulk_csv(tmp_path / file_name(table), bulk_lines(table))
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    before = dump(store_path)

    again = run(store_path, "refresh", "--from-file", str(path))

    assert again.exit_code == 0, again.output
    assert dump(store_path) == before
    row = next(ln for ln in again.output.splitlines() if ln.startswith("│ " + path.name[:10]))
    cells = [c.strip() for c in row.strip("│").split("│")]
    assert cells[1:4] == ["0", "0", str(table.count)]


def test_a_newer_vintage_becomes_current_and_older_ones_stay(tmp_path, store_path):
    table = snapshot_table()
    newer = "2099-12-31"  # a vintage date, not a statistic: later than any bundled vintage
    path = write_bulk_csv(tmp_path / file_name(table),
                          bulk_lines(table, vintage=newer, scale=1.5))

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    economy = sorted(table.values)[0]
    year = max(table.values[economy])
    with Store.open(store_path) as store:
        current = store.observations(series=table.series, economy=economy, source="worldbank")
        every = store.observations(series=table.series, economy=economy, source="worldbank",
                                   current_only=False)
    now = next(o for o in current if o.year == year)
    assert (now.value, now.publisher_updated) == (table.values[economy][year] * 1.5, newer)
    assert any(o.year == year and o.publisher_updated == table.vintage for o in every)


def test_the_zip_from_data_worldbank_org_is_accepted(tmp_path, store_path):
    table = snapshot_table()
    archive = tmp_path / f"API_{table.series}_DS2_en_csv_v2_4242.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(file_name(table), "\n".join(bulk_lines(table)) + "\n")
        zf.writestr(f"Metadata_Indicator_{file_name(table)}", '"INDICATOR_CODE",\n')

    result = run(store_path, "refresh", "--from-file", str(archive))

    assert result.exit_code == 0, result.output
    assert f"({table.count} values)" in result.output


@pytest.mark.parametrize(
    "content, expected",
    [
        pytest.param(
            '"source","series","economy","year","value"\n"x","y","BLR","2020","1"\n',
            "no header row with year columns",
            id="some-other-csv",
        ),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\xff\xfe", "not UTF-8 text", id="binary"),
        pytest.param(None, 'no "Last Updated Date"', id="preamble-stripped"),
    ],
)
def test_a_file_in_another_format_is_refused_and_nothing_changes(
    tmp_path, store_path, content, expected
):
    table = snapshot_table()
    if content is None:  # the header and rows of a real download, without its preamble
        content = "\n".join(bulk_lines(table)[4:]) + "\n"
    path = tmp_path / file_name(table)
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    before, log = dump(store_path), refresh_log(store_path)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 2, result.output
    assert str(path) in result.output and expected in result.output
    assert "expected the World Bank bulk download" in result.output
    assert dump(store_path) == before and refresh_log(store_path) == log


def test_a_file_with_no_usable_row_keeps_the_previous_import(tmp_path, store_path):
    table = snapshot_table()
    path = write_bulk_csv(tmp_path / file_name(table), bulk_lines(table))
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    before = dump(store_path)
    lines = bulk_lines(table)
    broken = lines[:5] + [ln.replace(f'"{table.series}"', '"OTHER.CODE"') for ln in lines[5:]]
    write_bulk_csv(path, broken)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 2, result.output
    assert "no usable rows" in result.output and "OTHER.CODE" in result.output
    assert dump(store_path) == before


def test_missing_file_is_bad_input(tmp_path, store_path):
    result = run(store_path, "refresh", "--from-file", str(tmp_path / "nope.csv"))
    assert result.exit_code == 2
    assert "nope.csv" in result.output and "does not exist" in result.output


def test_parser_raises_source_error_naming_the_file(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("just some notes\n")
    with pytest.raises(SourceError, match="notes.txt"):
        parse_bulk_csv(path)
