"""The full WDI bulk file: WDICSV.csv (alone or in WDI_CSV.zip), many indicators per file.

Files are written in the real WDICSV.csv layout with values from the bundled snapshot; the
vintage dates set on files are dates, not statistics (later than any bundled vintage).
"""

from __future__ import annotations

import os
import sqlite3
import zipfile
from datetime import UTC, datetime

import pytest
from bulk_helpers import WDI_SERIES, snapshot_table, wdi_lines
from click.testing import CliRunner

from cache.store import Store
from indicators.bulk_import import import_bulk_file
from indicators.cli import cli
from indicators.sources.bulk_open import BLOCK_CHARS

WIDE = {"COLUMNS": "250"}
LATER = datetime(2099, 12, 31, tzinfo=UTC)  # a vintage date after every bundled one


def run(store_path, *args):
    return CliRunner().invoke(cli, ["--store", str(store_path), *args], env=WIDE)


def tables():
    return [snapshot_table(code) for code in WDI_SERIES]


def write_wdicsv(path, lines, when=LATER):
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    os.utime(path, (when.timestamp(), when.timestamp()))
    return path


def stored(store_path, origin_suffix):
    """{(series, economy, year): (value, publisher_updated, is_current)} from that file."""
    con = sqlite3.connect(store_path)
    try:
        rows = con.execute(
            "SELECT series, economy, year, value, publisher_updated, is_current, origin "
            "FROM observations WHERE source='worldbank'"
        ).fetchall()
    finally:
        con.close()
    return {(s, e, y): (v, p, c) for s, e, y, v, p, c, o in rows if o.endswith(origin_suffix)}


def dump(store_path):
    con = sqlite3.connect(store_path)
    try:
        return con.execute("SELECT * FROM observations ORDER BY id").fetchall()
    finally:
        con.close()


def expected(ts):
    return {(t.series, e, y): v for t in ts for e, by_year in t.values.items()
            for y, v in by_year.items()}


def test_wdicsv_loads_every_indicator_with_the_files_date_as_vintage(tmp_path, store_path):
    ts = tables()
    path = write_wdicsv(tmp_path / "WDICSV.csv", wdi_lines(ts))

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    want = expected(ts)
    assert f"WDICSV.csv: {len(ts)} indicators" in result.output
    assert f"({len(want)} values), rejected 0 rows" in result.output
    got = stored(store_path, "WDICSV.csv")
    assert {k: v[0] for k, v in got.items()} == want
    vintage = {v[1] for v in got.values()}
    assert vintage == {"2099-12-31 (modification date of WDICSV.csv)"}
    assert all(v[2] == 1 for v in got.values())  # the newest vintage is current
    with Store.open(store_path) as store:
        names = store.series_meta("worldbank")
    assert {names[("worldbank", t.series)].name for t in ts} == {t.name for t in ts}


def test_the_wdi_zip_as_downloaded_is_read_with_its_entry_date(tmp_path, store_path):
    ts = tables()
    archive = tmp_path / "WDI_CSV.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(zipfile.ZipInfo("WDICSV.csv", date_time=(2099, 12, 31, 0, 0, 0)),
                    "\ufeff" + "\n".join(wdi_lines(ts)) + "\n")
        # the companion files of the real zip are not values and are left alone
        zf.writestr("WDICountry.csv", '"Country Code","Short Name"\n')
        zf.writestr("WDISeries.csv", '"Series Code","Topic"\n')

    result = run(store_path, "refresh", "--from-file", str(archive))

    assert result.exit_code == 0, result.output
    got = stored(store_path, "WDI_CSV.zip!WDICSV.csv")
    assert {k: v[0] for k, v in got.items()} == expected(ts)
    assert {v[1] for v in got.values()} == {"2099-12-31 (date of WDICSV.csv in WDI_CSV.zip)"}


def test_a_mixed_language_file_loads_and_keeps_the_english_names(tmp_path, store_path):
    ts = tables()
    # Spanish header labels and economy names with accents, as a translated databank export.
    header = ("Nombre del país", "Código del país", "Nombre del indicador",
              "Código del indicador")
    lines = wdi_lines(ts, header=header, economy_name=lambda code: f"Economía {code} (Perú-ñ)")
    path = write_wdicsv(tmp_path / "WDICSV.csv", lines)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    got = stored(store_path, "WDICSV.csv")
    assert {k: v[0] for k, v in got.items()} == expected(ts)
    with Store.open(store_path) as store:
        names = store.series_meta("worldbank")
    assert {names[("worldbank", t.series)].name for t in ts} == {t.name for t in ts}


def test_rejected_rows_of_a_multi_indicator_file_are_reported_with_their_lines(
    tmp_path, store_path
):
    ts = tables()
    lines = wdi_lines(ts)
    header_cells = lines[0].count(",") + 1
    first_economy = lines[1].split(",")[1]
    bad = {
        3: lines[1],  # the same indicator and economy as line 2 again
        4: lines[3].replace(f",{first_economy},", ",Belarus,", 1),
        5: ",".join(lines[4].split(",")[:-3]),
        6: lines[5].rsplit(",", 1)[0] + ",n/a",
    }
    for line_no, text in bad.items():
        lines[line_no - 1] = text
    path = write_wdicsv(tmp_path / "WDICSV.csv", lines)

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    assert f"rejected {len(bad)} rows" in result.output
    reasons = {3: "already appears on line 2", 4: "economy code 'Belarus'",
               5: f"where the header (line 1) has {header_cells}", 6: "not a number"}
    for line_no, reason in reasons.items():
        shown = [ln for ln in result.output.splitlines() if f"WDICSV.csv:{line_no}:" in ln]
        assert len(shown) == 1 and reason in shown[0], result.output


def test_reimporting_the_same_wdi_file_changes_nothing(tmp_path, store_path):
    ts = tables()
    path = write_wdicsv(tmp_path / "WDICSV.csv", wdi_lines(ts))
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    before = dump(store_path)

    again = run(store_path, "refresh", "--from-file", str(path))

    assert again.exit_code == 0, again.output
    assert dump(store_path) == before
    row = next(ln for ln in again.output.splitlines() if ln.startswith("│ WDICSV.csv"))
    cells = [c.strip() for c in row.strip("│").split("│")]
    assert cells[1:4] == ["0", "0", str(len(expected(ts)))]


def test_a_changed_file_of_the_same_vintage_replaces_its_earlier_import(tmp_path, store_path):
    ts = tables()
    path = write_wdicsv(tmp_path / "WDICSV.csv", wdi_lines(ts))
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    fewer = [t for t in ts if t.series != ts[0].series]
    # the same vintage, one indicator fewer, and one value of another indicator missing
    lines = wdi_lines(fewer)
    lines[1] = ",".join(lines[1].split(",")[:-1] + [""])
    write_wdicsv(path, lines)

    with Store.open(store_path) as store:
        outcome = import_bulk_file(store, path).outcome

    got = stored(store_path, "WDICSV.csv")
    want = expected(ts)
    dropped = tuple(lines[1].split(",")[i] for i in (3, 1))
    last_year = int(lines[0].split(",")[-1])
    gone = [k for k in want if k[:2] == dropped and k[2] == last_year]
    assert {k: v[0] for k, v in got.items()} == {k: v for k, v in want.items() if k not in gone}
    assert outcome.counts.changed == 0 and outcome.counts.new == 0
    assert outcome.counts.unchanged == outcome.rows == len(expected(fewer)) - len(gone)


def test_is_current_is_recomputed_only_for_the_series_a_write_touches(tmp_path, store_path):
    ts = tables()
    untouched, written = ts[0], ts[1:]
    # Mark one old-vintage row of another series current, as a tripwire: a store-wide
    # recomputation would reset it, a scoped one leaves it alone.
    con = sqlite3.connect(store_path)
    with con:
        (tripwire,) = con.execute(
            "SELECT id FROM observations WHERE source='worldbank' AND series=? "
            "AND is_current=0 LIMIT 1", (untouched.series,)).fetchone()
        con.execute("UPDATE observation_values SET is_current=1 WHERE id=?", (tripwire,))
    codes = [t.series for t in written]
    marks = ",".join("?" * len(codes))
    others_before = con.execute(
        f"SELECT id, is_current FROM observations WHERE series NOT IN ({marks}) ORDER BY id",
        codes).fetchall()
    con.close()
    path = write_wdicsv(tmp_path / "WDICSV.csv", wdi_lines(written))

    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0

    con = sqlite3.connect(store_path)
    others_after = con.execute(
        f"SELECT id, is_current FROM observations WHERE series NOT IN ({marks}) ORDER BY id",
        codes).fetchall()
    current = con.execute(
        "SELECT series, economy, year, publisher_updated FROM observations "
        f"WHERE is_current=1 AND source='worldbank' AND series IN ({marks})", codes).fetchall()
    con.close()
    assert others_after == others_before  # the tripwire row included
    newest = {(s, e, y) for s, e, y, p in current if p.startswith("2099-12-31")}
    assert newest == set(expected(written))
    keys = [(s, e, y) for s, e, y, _ in current]
    assert len(keys) == len(set(keys))  # one current value per key


def test_status_counts_match_the_stored_rows_after_imports(tmp_path, store_path):
    ts = tables()
    path = write_wdicsv(tmp_path / "WDICSV.csv", wdi_lines(ts))
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    write_wdicsv(path, wdi_lines(ts[:2]), when=datetime(2098, 1, 1, tzinfo=UTC))
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0

    con = sqlite3.connect(store_path)
    counted = con.execute(
        "SELECT source, count(*), sum(is_current), count(DISTINCT series), "
        "count(DISTINCT economy), min(year), max(year), max(vintage_date) "
        "FROM observations GROUP BY source ORDER BY source").fetchall()
    con.close()
    with Store.open(store_path) as store:
        summary = [
            (s["source"], s["rows"], s["current_rows"], s["series"], s["economies"],
             s["first_year"], s["last_year"], s["newest_vintage"])
            for s in store.summary()
        ]
    assert summary == counted
    result = run(store_path, "status")
    wb = next(r for r in counted if r[0] == "worldbank")
    line = next(ln for ln in result.output.splitlines() if "│ worldbank" in ln)
    assert str(wb[1]) in line and str(wb[2]) in line


def test_economies_and_sources_come_from_the_counts_and_match_the_rows(tmp_path, store_path):
    ts = tables()
    path = write_wdicsv(tmp_path / "WDICSV.csv", wdi_lines(ts))
    assert run(store_path, "refresh", "--from-file", str(path)).exit_code == 0
    con = sqlite3.connect(store_path)
    economies = {r[0] for r in con.execute(
        "SELECT economy FROM observations UNION SELECT counterpart FROM observations")} - {""}
    sources = [r[0] for r in con.execute("SELECT DISTINCT source FROM observations ORDER BY 1")]
    con.close()
    with Store.open(store_path) as store:
        assert store.economies() == sorted(economies)
        assert store.sources_with_data() == sources
    with Store.open(store_path, read_only=True) as store:
        assert store.economies() == sorted(economies)


def test_a_row_in_another_encoding_is_rejected_with_its_line(tmp_path, store_path):
    ts = tables()
    lines = wdi_lines(ts)
    path = tmp_path / "WDICSV.csv"
    good = ("\n".join(lines[:-1]) + "\n").encode("utf-8-sig")
    # the last row re-saved in Latin-1: its "É" is not UTF-8
    path.write_bytes(good + lines[-1].replace("Economy", "\u00c9conomie").encode("latin-1"))

    result = run(store_path, "refresh", "--from-file", str(path))

    assert result.exit_code == 0, result.output
    assert f"WDICSV.csv:{len(lines)}: not UTF-8 text" in result.output
    assert "rejected 1 rows" in result.output


@pytest.mark.parametrize("copies", [1, 40], ids=["found-at-the-header", "found-mid-import"])
def test_a_corrupted_zip_is_refused_whole_and_the_store_is_unchanged(tmp_path, store_path,
                                                                     copies):
    ts = tables()
    archive = tmp_path / "WDI_CSV.zip"
    lines = wdi_lines(ts)
    # Several copies of the rows under other economy codes make a member longer than what
    # is read at once: the damage is then found only once the import is under way.
    rows = [ln.replace(f",{e},", f",{e[:2]}{chr(65 + k)},", 1) if k else ln
            for k in range(copies) for ln in lines[1:] for e in [ln.split(",")[1]]]
    if copies == 1:  # a member shorter than one read: damage found before the first row is used
        while len("\n".join(rows)) >= BLOCK_CHARS // 2:
            rows = rows[: len(rows) // 2]
    payload = ("\n".join([lines[0], *rows]) + "\n").encode()
    assert (len(payload) < BLOCK_CHARS) == (copies == 1)
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("WDICSV.csv", payload)
    raw = bytearray(archive.read_bytes())
    at = raw.index(payload) + len(payload) * 3 // 4  # a byte late in the stored CSV
    raw[at] = ord("7") if raw[at] != ord("7") else ord("8")
    archive.write_bytes(bytes(raw))
    before = dump(store_path)
    with Store.open(store_path) as store:
        log_before = len(store.refreshes("worldbank"))

    result = run(store_path, "refresh", "--from-file", str(archive))

    assert result.exit_code == 2, result.output
    assert f"{archive}: cannot be read after line" in result.output
    assert "CRC" in result.output
    assert dump(store_path) == before
    with Store.open(store_path) as store:
        log = store.refreshes("worldbank")
    if copies == 1:  # refused before the import began: nothing logged
        assert len(log) == log_before
    else:  # rolled back whole, and the log says why
        assert log[-1].kind == "file" and log[-1].status == "failed"
        assert "CRC" in (log[-1].error or "")
