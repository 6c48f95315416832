"""Bulk files under hostile input: non-finite numbers, floods of rejected rows, zip bombs, and
the same file again (answered from its stored report, not re-read).

Files are written in the real World Bank download layouts with values from the bundled
snapshot; the hostile parts (an overflowing number, a repeated row, a zip that expands 1000×)
are what the test adds.
"""

from __future__ import annotations

import csv
import io
import math
import sqlite3
import zipfile

import pytest
from bulk_helpers import (
    WDI_SERIES,
    bulk_lines,
    dump,
    file_name,
    query,
    snapshot_table,
    wdi_lines,
    write_bulk_csv,
)
from click.testing import CliRunner
from store_helpers import as_schema_7

import indicators.sources.bulk_open as bulk_open
from cache.store import Store
from indicators.bulk_import import import_bulk_file
from indicators.cli import cli
from indicators.sources import wb_bulk

WIDE = {"COLUMNS": "250"}


def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


def values(store_path) -> list[float]:
    return [v for (v,) in query(store_path, "SELECT value FROM observation_values")]


def wdi_file(tmp_path, lines):
    path = tmp_path / "WDICSV.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("layout", ["API", "WDICSV"])
@pytest.mark.parametrize("bad, reason", [
    ("1e400", "'1e400' overflows a float"),
    ("1" + "0" * 400, "overflows a float"),
    ("inf", "'inf' is not finite"),
    ("-Infinity", "'-Infinity' is not finite"),
    ("nan", "'nan' is not finite"),
])
def test_non_finite_cells_are_rejected_rows_in_every_world_bank_layout(tmp_path, store_path,
                                                                       layout, bad, reason):
    if layout == "API":
        table = snapshot_table()
        lines = bulk_lines(table)
        first, name = 6, file_name(table)  # 4 preamble lines + header
        row = next(csv.reader(io.StringIO(lines[first - 1])))
        row[-2] = bad  # (the last cell is the empty one after the trailing comma)
        buf = io.StringIO()
        csv.writer(buf, quoting=csv.QUOTE_ALL, lineterminator="").writerow(row)
        lines[first - 1] = buf.getvalue()
        path = write_bulk_csv(tmp_path / name, lines)
    else:
        lines = wdi_lines([snapshot_table(c) for c in WDI_SERIES])
        first, name = 2, "WDICSV.csv"
        lines[first - 1] = lines[first - 1].rsplit(",", 1)[0] + "," + bad
        path = wdi_file(tmp_path, lines)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    assert "rejected 1 rows" in result.output
    shown = [ln for ln in result.output.splitlines() if f"{name}:{first}:" in ln]
    assert len(shown) == 1 and "not a finite number" in shown[0] and reason in shown[0], \
        result.output
    assert all(math.isfinite(v) for v in values(store_path))
    check = run(store_path, "check", "--format", "json")
    assert check.exit_code == 0 and "Infinity" not in check.output


def test_a_flood_of_rejected_rows_is_counted_by_reason_and_listed_in_full_on_request(
        tmp_path, store_path):
    lines = wdi_lines([snapshot_table(c) for c in WDI_SERIES])
    repeats = 250
    bad_numbers = {len(lines) + repeats + 1 + i: f"n/a{i}" for i in range(3)}
    flood = lines + [lines[1]] * repeats  # one row repeated: every repeat is a duplicate
    for n, _ in enumerate(bad_numbers):  # three new economies, each with text for a number
        cells = next(csv.reader(io.StringIO(lines[2])))
        cells[1], cells[-1] = f"ZZ{n}", "n/a"
        buf = io.StringIO()
        csv.writer(buf, lineterminator="").writerow(cells)
        flood.append(buf.getvalue())
    path = wdi_file(tmp_path, flood)
    rejects = tmp_path / "rejects.csv"

    result = run(store_path, "refresh", "--from-file", str(path), "--rejects", str(rejects))

    assert result.exit_code == 0, result.output
    total = repeats + len(bad_numbers)
    assert f"rejected {total} rows" in result.output
    listed = [ln for ln in result.output.splitlines() if ln.startswith("  rejected WDICSV")]
    assert len(listed) == 20
    assert f"… and {total - 20} more rejected rows" in result.output
    assert (f"rejected by reason: {repeats} repeats an earlier row (lines "
            f"{', '.join(str(len(lines) + 1 + i) for i in range(10))}, …); "
            f"3 not a number (lines {', '.join(map(str, bad_numbers))})") in result.output
    with rejects.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == total
    assert [int(r["line"]) for r in rows] == list(range(len(lines) + 1, len(flood) + 1))
    assert rows[0]["reason"] == "repeats an earlier row"
    assert rows[0]["detail"].endswith("already appears on line 2")
    assert {r["reason"] for r in rows[repeats:]} == {"not a number"}


def test_rejections_keep_the_first_hundred_lines_of_each_reason(tmp_path):
    from indicators.sources.bulk_report import DUPLICATE, LINES_KEPT, Rejections

    rejected = Rejections()
    for line in range(1, 10_001):
        rejected.add("f.csv", line, DUPLICATE, f"row {line}")
    assert len(rejected) == 10_000
    assert [r.line for r in rejected] == list(range(1, LINES_KEPT + 1))
    assert rejected.by_reason() == [(DUPLICATE, 10_000, list(range(1, LINES_KEPT + 1)))]


def test_a_zip_that_would_expand_a_thousandfold_is_refused_unread(tmp_path, store_path,
                                                                  monkeypatch):
    lines = wdi_lines([snapshot_table(WDI_SERIES[0])])
    row = lines[1] + "\n"
    archive = tmp_path / "WDI_CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("WDICSV.csv", "w") as member:
            member.write((lines[0] + "\n").encode())
            block = (row * (1 << 20 // len(row) + 1)).encode()
            while member._file_size < 40 << 20:  # 40 MB of one repeated row
                member.write(block)
    packed = archive.stat().st_size
    assert packed < (40 << 20) / 100
    before = dump(store_path)
    read = []
    monkeypatch.setattr(wb_bulk.BulkReader, "groups", lambda *a, **k: read.append(1) or [])

    result = run(store_path, "refresh", "--from-file", str(archive))

    assert result.exit_code == 2, result.output
    error = result.output.strip().splitlines()[0]
    assert error.startswith(f"Error: {archive}: WDICSV.csv would expand ")
    assert "more than the 100 times a real download does; refused unread" in error
    assert not read and dump(store_path) == before


def test_a_zip_member_over_the_size_cap_is_refused(tmp_path, store_path, monkeypatch):
    table = snapshot_table()
    archive = tmp_path / f"API_{table.series}_DS2_en_csv_v2_4242.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr(file_name(table), "\n".join(bulk_lines(table)) + "\n")
    monkeypatch.setattr(bulk_open, "MAX_MEMBER_BYTES", 1000)

    result = run(store_path, "refresh", "--from-file", str(archive))

    assert result.exit_code == 2
    assert f"{file_name(table)} unpacks to 0 MB, more than the 0 GB a bulk file may hold" \
        in result.output


def test_a_line_with_no_end_is_refused_not_read_into_memory(tmp_path, store_path,
                                                            monkeypatch):
    monkeypatch.setattr(bulk_open, "MAX_LINE_CHARS", 10_000)
    lines = wdi_lines([snapshot_table(WDI_SERIES[0])])
    path = wdi_file(tmp_path, lines[:3] + ["1," * 20_000] + lines[3:])

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 2
    assert f"{path}:4: a line longer than 10,000 characters" in result.output


def test_the_same_file_again_is_answered_from_its_stored_report_without_reading_it(
        tmp_path, store_path, monkeypatch):
    lines = wdi_lines([snapshot_table(c) for c in WDI_SERIES])
    lines.append(lines[1])  # one rejected row, so the report has one to repeat
    path = wdi_file(tmp_path, lines)
    first = run(store_path, "refresh", "--from-file", str(path))
    assert first.exit_code == 0, first.output
    before = dump(store_path)
    monkeypatch.setattr(wb_bulk.BulkReader, "groups",
                        lambda *a, **k: pytest.fail("the file's rows were read again"))

    again = run(store_path, "refresh", "--from-file", str(path))

    assert again.exit_code == 0, again.output
    summary = [ln for ln in first.output.splitlines() if ln.startswith("WDICSV.csv:")]
    assert summary and summary == [ln for ln in again.output.splitlines()
                                   if ln.startswith("WDICSV.csv:")]
    assert f"rejected WDICSV.csv:{len(lines)}: " in again.output
    assert dump(store_path) == before
    with Store.open(store_path) as store:
        last = store.last_refresh("worldbank", kinds=["file"])
    assert last.status == "ok" and last.rows_unchanged == last.rows > 0


def test_once_its_rows_are_replaced_the_same_file_is_read_and_written_again(tmp_path,
                                                                            store_path):
    ts = [snapshot_table(c) for c in WDI_SERIES]
    first = wdi_file(tmp_path, wdi_lines(ts))
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    with Store.open(store_path) as store:
        import_bulk_file(store, first)
        mtime = first.stat().st_mtime
        # another file of the same vintage (same date) replaces the first one's rows
        second = wdi_file(other_dir, wdi_lines(ts[:1]))
        import os

        os.utime(second, (mtime, mtime))
        import_bulk_file(store, second)
        replaced = store.observations(series=ts[0].series, source="worldbank")
        again = import_bulk_file(store, first).outcome
        restored = store.observations(series=ts[0].series, source="worldbank")
    file_rows = len(wdi_lines(ts[:1])) - 1
    assert sum(o.origin == str(second.resolve()) for o in replaced) > file_rows
    # read and written again (a stored report would have left the second file's rows)
    assert again.ok and not any(o.origin == str(second.resolve()) for o in restored)
    assert sum(o.origin == str(first.resolve()) for o in restored) > file_rows


def test_repeats_are_still_found_once_the_keys_move_to_disk():
    from indicators.sources.bulk_cells import SeenKeys

    seen = SeenKeys(in_memory=10)
    firsts = [seen.first(f"S\t{n:03d}", line=n + 1) for n in range(100)]  # spills at 11
    again = [seen.first(f"S\t{n:03d}", line=1000 + n) for n in (0, 5, 50, 99)]
    seen.close()
    assert firsts == [None] * 100
    assert again == [1, 6, 51, 100]


def test_a_file_with_more_series_than_one_may_hold_keeps_the_first_ones(tmp_path, store_path,
                                                                        monkeypatch):
    import indicators.sources.bulk_cells as bulk_cells

    monkeypatch.setattr(bulk_cells, "MAX_SERIES", 2)
    ts = [snapshot_table(c) for c in WDI_SERIES]
    path = wdi_file(tmp_path, wdi_lines(ts))

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    assert "WDICSV.csv: 2 indicators" in result.output
    assert "is one indicator more than the 2 one file may hold" in result.output
    with Store.open(store_path) as store:
        stored = {o.series for o in store.observations(source="worldbank")
                  if o.origin == str(path.resolve())}
    assert len(stored) == 2


def test_a_store_of_schema_6_is_upgraded_and_its_imports_read_once_more(tmp_path, store_path,
                                                                        monkeypatch):
    """Migration 7 adds the report column; entries from before have no report, and the rows
    they stand for may have been replaced unnoticed, so they are forgotten: the file is read
    once more on its next import, then answered from its report."""
    from cache.store import SCHEMA_VERSION

    path = wdi_file(tmp_path, wdi_lines([snapshot_table(c) for c in WDI_SERIES]))
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    as_schema_7(store_path)
    con = sqlite3.connect(store_path)
    with con:  # the store as schema 6 left it
        con.execute("ALTER TABLE imported_files DROP COLUMN report")
        con.execute("UPDATE meta SET value='6' WHERE key='schema_version'")
    con.execute("PRAGMA user_version=6")
    con.close()
    before = dump(store_path)
    assert query(store_path, "SELECT count(*) FROM imported_files") == [(1,)]

    Store.open(store_path).close()  # a writing open upgrades

    assert query(store_path, "PRAGMA user_version") == [(SCHEMA_VERSION,)] == [(8,)]
    assert "report" in [r[1] for r in query(store_path, "PRAGMA table_info(imported_files)")]
    assert query(store_path, "SELECT count(*) FROM imported_files") == [(0,)]
    assert dump(store_path) == before
    read = []
    real = wb_bulk.BulkReader.groups

    def counting(self, *args, **kwargs):
        read.append(1)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(wb_bulk.BulkReader, "groups", counting)
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    assert read == [1]  # read once more, then answered from its report
    assert query(store_path, "SELECT count(*) FROM imported_files WHERE report != ''") == [(1,)]
