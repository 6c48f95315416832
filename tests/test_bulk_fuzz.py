"""Fuzz: 1,200 seeded mutations of real-layout bulk files through the importer.

The seeds are WDICSV.csv, an API_<code>_… download and DataBank exports (CSV, its zip, XLSX),
written with values from the bundled snapshot (bulk_helpers, databank_fixtures). Each mutation
changes the header, preamble, footer, encoding, quoting, numbers, size or zip wrapping, and
goes through `import_bulk_file` in-process (fast); a sample goes through `claimcheck refresh
--from-file` with click's CliRunner, and a few through the real `claimcheck` process.

Every import ends one of two ways: a report (exit 0) or a `SourceError` of one line naming the
file (exit 2) — never another exception, never a traceback, never a non-finite value stored,
and the process stays under 500 MB.
"""

from __future__ import annotations

import io
import random
import resource
import sqlite3
import subprocess
import sys
import zipfile
from pathlib import Path

import psutil
import pytest
from bulk_helpers import WDI_SERIES, bulk_lines, file_name, snapshot_table, wdi_lines
from click.testing import CliRunner
from databank_fixtures import csv_bytes, table_rows, write_xlsx

from cache.bundle import open_store
from cache.store import Store
from indicators.bulk_import import import_bulk_file
from indicators.cli import cli
from indicators.sources.base import SourceError

MUTATIONS = 1200
SEEDS = 4
RSS_LIMIT_MB = 500
HOSTILE_NUMBERS = ["1e400", "-1e400", "inf", "-inf", "nan", "NaN", "Infinity", "1" + "0" * 400,
                   "1_000", "٣٤", " 12 ", "0x1F", "1,5", "--1", "1e", ".", "", "..", "+.5",
                   "5.", "1e-400", "9" * 30, "\x00", "€", '"', "1.2.3"]


def seeds(tmp: Path) -> dict[str, bytes]:
    """Each layout as the real download is, in bytes."""
    ts = [snapshot_table(c) for c in WDI_SERIES[:3]]
    api = snapshot_table()
    out = {
        "WDICSV.csv": ("\ufeff" + "\n".join(wdi_lines(ts)) + "\n").encode(),
        file_name(api): ("\ufeff" + "\n".join(bulk_lines(api)) + "\n").encode(),
        "3c7f0f4f_Data.csv": csv_bytes(table_rows(ts)),
        "3c7f0f4f-time_Data.csv": csv_bytes(table_rows(ts[:2], layout="time-rows")),
    }
    out["Data_Extract_From_World_Development_Indicators.xlsx"] = write_xlsx(
        tmp, table_rows(ts[:2])).read_bytes()
    return out


def _lines_op(text: str, rng: random.Random) -> str:
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    op = rng.randrange(12)
    if op == 0:  # a hostile number in a random cell
        cells = lines[i].split(",")
        j = rng.randrange(len(cells))
        cells[j] = rng.choice(HOSTILE_NUMBERS)
        lines[i] = ",".join(cells)
    elif op == 1:
        del lines[i]
    elif op == 2:  # a row repeated, up to thousands of times
        lines[i:i] = [lines[i]] * rng.choice((1, 2, 50, 3000))
    elif op == 3:  # cells dropped or added
        cells = lines[i].split(",")
        lines[i] = ",".join(cells[: rng.randrange(len(cells) + 1)] if rng.random() < 0.5
                            else cells + [rng.choice(HOSTILE_NUMBERS)] * rng.randrange(1, 500))
    elif op == 4:  # the header (or preamble, or footer) garbled
        j = next((k for k, ln in enumerate(lines) if "Country" in ln or "Last Updated" in ln
                  or "Data Source" in ln or "Data from" in ln), i)
        lines[j] = lines[j].replace(rng.choice(("1990", "Last Updated", "Country Code",
                                                "Series Code", "[YR", "Data", ",")),
                                    rng.choice(("", "x", "19x0", "Last Updatd", "[XR")), 1)
    elif op == 5:  # unbalanced or misplaced quotes, a line break inside a quoted cell
        pos = rng.randrange(len(lines[i]) + 1)
        lines[i] = lines[i][:pos] + rng.choice(('"', '""', '"\n"', "'")) + lines[i][pos:]
    elif op == 6:  # a very long line
        lines[i] += "," * rng.choice((10, 5_000, 60_000))
    elif op == 7:  # the footer's date
        lines = [ln.replace("12/22/2099", rng.choice(("13/45/2099", "", "12/22/99", "x")))
                 for ln in lines]
    elif op == 8:  # the preamble's date
        lines = [ln.replace("Last Updated Date", rng.choice(("Last Updated", "", "Date")))
                 for ln in lines]
    elif op == 9:
        lines[i], lines[-1] = lines[-1], lines[i]
    elif op == 10:  # an economy or series code made wrong
        lines[i] = lines[i].replace(rng.choice(("BLR", "RUS", "WLD", "NE.", ".ZS", "ECONOMY")),
                                    rng.choice(("", "B", "blr", "BLR.", "<script>", "N E")), 1)
    else:
        lines.insert(i, rng.choice(("", ",,,,", "Data from database: X", "Last Updated: 01/01/2000",
                                    "\ufeff", "#comment")))
    return "\n".join(lines)


def mutate(name: str, raw: bytes, rng: random.Random) -> tuple[str, bytes]:
    """One mutation (sometimes two) of a seed file; returns the file name and bytes."""
    if name.endswith(".xlsx"):
        if rng.random() < 0.5:  # the workbook's bytes damaged
            data = bytearray(raw)
            for _ in range(rng.randrange(1, 20)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            return name, bytes(data)
        return name, raw[: rng.randrange(len(raw))] if rng.random() < 0.5 else raw
    text = raw.decode("utf-8")
    for _ in range(rng.choice((1, 1, 2, 3))):
        text = _lines_op(text, rng)
    how = rng.randrange(10)
    if how == 0:
        data = text.encode(rng.choice(("latin-1", "utf-16", "cp1252")), errors="replace")
    elif how == 1:  # invalid bytes or a cut in the middle
        data = bytearray(text.encode("utf-8", errors="surrogatepass"))
        if data:
            pos = rng.randrange(len(data))
            data[pos:pos] = bytes(rng.randrange(128, 256) for _ in range(rng.randrange(1, 8)))
        data = bytes(data[: rng.randrange(len(data) + 1)]) if rng.random() < 0.3 else bytes(data)
    elif how == 2:  # CRLF, no BOM
        data = text.replace("\n", "\r\n").lstrip("\ufeff").encode("utf-8", "surrogatepass")
    else:
        data = text.encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.25:  # zip wrapping, as the downloads come
        buf = io.BytesIO()
        method = rng.choice((zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED))
        with zipfile.ZipFile(buf, "w", method) as zf:
            zf.writestr(name, data)
            if rng.random() < 0.3:
                zf.writestr(rng.choice(("WDICountry.csv", "x_Series - Metadata.csv", name + "2",
                                        "API_X_DS2_en_csv_v2_1.csv")), b"a,b\n")
        data = buf.getvalue()
        if rng.random() < 0.2:
            cut = bytearray(data)
            cut[rng.randrange(len(cut))] ^= 0xFF
            data = bytes(cut)
        name = {"WDICSV.csv": "WDI_CSV.zip"}.get(name, Path(name).stem + ".zip")
    return name, data


def non_finite(store_path: Path) -> int:
    con = sqlite3.connect(store_path)
    try:
        return con.execute("SELECT count(*) FROM observation_values WHERE value != value "
                           "OR abs(value) > 1.7976931348623157e308").fetchone()[0]
    finally:
        con.close()


def check_source_error(exc: SourceError, path: Path, where: str) -> None:
    text = str(exc)
    assert "\n" not in text and str(path.parent) in text or path.name in text, (where, text)
    assert len(text) < 2000, (where, text[:300])


@pytest.mark.parametrize("seed", range(SEEDS))
def test_mutated_bulk_files_import_with_a_report_or_are_refused_in_one_line(tmp_path, seed):
    store_path = tmp_path / "store.sqlite"
    open_store(store_path).close()
    rng = random.Random(seed)
    files = seeds(tmp_path)
    names = sorted(files)
    outcomes = {"imported": 0, "refused": 0}
    peak = 0.0
    runner = CliRunner()
    me = psutil.Process()
    with Store.open(store_path) as store:
        for n in range(MUTATIONS // SEEDS):
            seed_name = names[rng.randrange(len(names))]
            name, data = mutate(seed_name, files[seed_name], rng)
            folder = tmp_path / f"m{n}"
            folder.mkdir()
            path = folder / name
            path.write_bytes(data)
            where = f"seed {seed}, mutation {n} of {seed_name}"
            if n % 25 == 0:  # a sample through the command line
                store.close()
                result = runner.invoke(cli, ["--store", str(store_path), "refresh",
                                             "--from-file", str(path)])
                assert result.exit_code in (0, 2), (where, result.output[-2000:])
                assert result.exception is None or isinstance(result.exception, SystemExit), \
                    (where, result.exception)
                assert "Traceback" not in result.output, where
                if result.exit_code == 2:
                    first = result.stderr.strip().splitlines()[0]
                    assert first.startswith("Error: ") and str(path) in first, (where, first)
                store = Store.open(store_path)
            else:
                try:
                    outcome = import_bulk_file(store, path).outcome
                except SourceError as exc:
                    check_source_error(exc, path, where)
                    outcomes["refused"] += 1
                else:
                    assert outcome.ok and outcome.rows >= 0, where
                    outcomes["imported"] += 1
            peak = max(peak, me.memory_info().rss / 2**20)
            if n % 50 == 0:
                assert non_finite(store_path) == 0, where
    assert non_finite(store_path) == 0
    assert outcomes["imported"] > 50 and outcomes["refused"] > 50, outcomes
    assert peak <= RSS_LIMIT_MB, peak


def test_hostile_files_through_the_real_command_stay_under_the_memory_limit(tmp_path):
    """A few of the worst through the `claimcheck` process itself (its peak RSS measured)."""
    store_path = tmp_path / "store.sqlite"
    open_store(store_path).close()
    ts = [snapshot_table(c) for c in WDI_SERIES[:2]]
    lines = wdi_lines(ts)
    cases = {
        # 60,000 repeats of one row: every one a rejected duplicate, counted not kept
        "repeats/WDICSV.csv": "\n".join(lines + [lines[1]] * 60_000),
        # rows of thousands of hostile numbers
        "numbers/WDICSV.csv": "\n".join(lines[:1] + [
            ln.rsplit(",", 1)[0] + ",1e400" + ",inf" * 3000 for ln in lines[1:]]),
        "databank/x_Data.csv": csv_bytes(table_rows(ts)).decode("utf-8").replace(
            "..", "1e400"),
    }
    for rel, text in cases.items():
        path = tmp_path / rel
        path.parent.mkdir()
        path.write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [sys.executable, "-m", "indicators.cli", "--store", str(store_path), "refresh",
             "--from-file", str(path)], capture_output=True, text=True, timeout=300,
            cwd=Path(__file__).resolve().parent.parent)
        assert proc.returncode in (0, 2), (rel, proc.stderr[-2000:])
        assert "Traceback" not in proc.stdout + proc.stderr, rel
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    assert peak_mb <= RSS_LIMIT_MB, peak_mb
    assert non_finite(store_path) == 0
