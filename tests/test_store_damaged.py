"""A damaged store (a table or column missing, a corrupted page) is refused by every command with
one line saying what is wrong and how to rebuild it (exit 2), and no command writes into it.

The commands are enumerated from the click group itself, so a command added later is run here
too: a command that uses the store must refuse it; one that does not (``snapshot build``,
``sources check``) must leave it alone. Each runs with the store's variants that matter
(``refresh --offline`` was the one that exited 0 leaving the store broken).
"""

from __future__ import annotations

import hashlib
import sqlite3
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import indicators.commands.dashboard as dashboard_command
import indicators.commands.refresh as refresh_command
from cache import integrity
from cache.store import Store, StoreError
from indicators.cli import cli
from indicators.output.export import FORMATS


def leaf_commands(group: click.Group = cli, prefix: tuple[str, ...] = ()) -> list[tuple]:
    """Every runnable command of the CLI, as the words that name it."""
    ctx = click.Context(group)
    out = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if isinstance(command, click.Group):
            out += leaf_commands(command, (*prefix, name))
        else:
            out.append((*prefix, name))
    return out


# The arguments each command is run with (one run per list); a command not listed is run bare.
VARIANTS: dict[tuple, list[list[str]]] = {
    ("status",): [[], ["--verify"]],
    ("check",): [[], ["--format", "json"]],
    ("export",): [["--format", f, "--output", "{tmp}/out." + f] for f in FORMATS]
    + [["--format", "csv"]],
    ("refresh",): [["--offline"], [], ["--source", "worldbank"], ["--from-file", "{bulk}"],
                   ["--reparse", "imf"]],
    ("dashboard",): [["--port", "0"]],
    ("snapshot", "build"): [["--reference", "{tmp}/reference", "--output", "{tmp}/snap"]],
    ("sources", "check"): [["--timeout", "1", "--deadline", "2"]],
    ("series", "search"): [["external", "debt", "--economy", "MDA"]],
    ("series", "show"): [["DT.DOD.DECT.GN.ZS"]],
    ("draft",): [["{article}", "--output", "{tmp}/drafted.toml"]],
}
STORELESS = {("snapshot", "build"), ("sources", "check")}  # never open the store


def drop_table(path: Path) -> str:
    con = sqlite3.connect(path)
    con.execute("DROP TABLE provenance")  # the view over the values reads it
    con.commit()
    con.close()
    return "table provenance is missing"


def drop_column(path: Path) -> str:
    con = sqlite3.connect(path)
    con.execute("ALTER TABLE series DROP COLUMN definition")
    con.commit()
    con.close()
    return "column series.definition is missing"


def corrupt_page(path: Path) -> str:
    """Overwrite the middle of the values table's root page (what a bad disk sector does)."""
    con = sqlite3.connect(path)
    (root,) = con.execute("SELECT rootpage FROM sqlite_master WHERE name="
                          "'observation_values'").fetchone()
    (page_size,) = con.execute("PRAGMA page_size").fetchone()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xff" * 64)
    return "PRAGMA quick_check"


DAMAGE = {"dropped table": drop_table, "dropped column": drop_column,
          "corrupted page": corrupt_page}


def cases():
    for words in leaf_commands():
        for args in VARIANTS.get(words, [[]]):
            yield pytest.param(words, args, id=" ".join([*words, *args]).replace("{", "")
                               .replace("}", ""))


def test_every_command_is_listed_and_nothing_listed_is_gone():
    assert set(VARIANTS) == set(leaf_commands())  # a new command: add its variants above


def _files(folder: Path) -> dict[str, str]:
    """Each file's SHA-256, leaving out the reader files SQLite makes beside a WAL store when it
    is read (an index ``-shm``, an empty ``-wal``), which hold no data."""
    out = {}
    for p in sorted(folder.iterdir()):
        data = p.read_bytes()
        if p.name.endswith("-shm") or (p.name.endswith("-wal") and not data):
            continue
        out[p.name] = hashlib.sha256(data).hexdigest()
    return out


@pytest.fixture
def setting(tmp_path, store_path, monkeypatch):
    """The damaged store alone in its folder, plus what the variants need elsewhere."""
    folder = tmp_path / "stores"
    folder.mkdir()
    path = folder / "store.sqlite"
    store_path.replace(path)
    (tmp_path / "reference" / "other").mkdir(parents=True)
    (tmp_path / "reference" / "other" / "x_quoted.csv").write_text(
        "dataset,measure,unit,economy,partner,year,period,value,value_raw,note,vintage,origin\n"
        "d,Share,percent,Belarus,,2021,,20,20,,v,o\n", encoding="utf-8")
    bulk = tmp_path / "API_NE.EXP.GNFS.ZS_DS2_en_csv_v2_1.csv"
    bulk.write_text("not used: the store is refused first\n", encoding="utf-8")
    article = tmp_path / "article.txt"  # drafting searches the store's catalogue
    article.write_text("Die Inflation in Polen lag 2023 bei 11,4 Prozent.\n", encoding="utf-8")
    monkeypatch.setattr(dashboard_command, "serve", lambda server: None)
    monkeypatch.setattr(refresh_command, "make_http_client", _no_network)
    return path, {"tmp": str(tmp_path), "bulk": str(bulk), "article": str(article)}


def _no_network(**_kwargs):
    raise ImportError("no HTTP in this test")


@pytest.mark.parametrize("damage", DAMAGE)
@pytest.mark.parametrize(("words", "args"), list(cases()))
def test_a_damaged_store_is_refused_in_one_line_and_never_written(setting, damage, words,
                                                                   args):
    path, where = setting
    what = DAMAGE[damage](path)
    before = _files(path.parent)
    argv = ["--store", str(path), *words, *(a.format(**where) for a in args)]
    result = CliRunner().invoke(cli, argv)
    output = result.output
    assert "unexpected" not in output and "Traceback" not in output, output
    assert _files(path.parent) == before, output  # nothing written, nothing added beside it
    if words in STORELESS:
        assert "is damaged (" not in output
        return
    lines = [line for line in output.splitlines() if line.strip()]
    assert result.exit_code == 2, output
    assert len(lines) == 1, output
    line = lines[0]
    assert line.startswith(f"Error: {path} is damaged (") and what in line, line
    assert "claimcheck refresh --offline" in line and "move it aside" in line, line


def test_the_open_itself_refuses_it_read_only_or_not(store_path):
    drop_table(store_path)
    for read_only in (True, False):
        with pytest.raises(integrity.StoreDamaged, match="table provenance is missing"):
            Store.open(store_path, read_only=read_only)
    assert issubclass(integrity.StoreDamaged, StoreError)


def test_a_large_store_is_page_checked_on_demand_and_by_sqlite_on_every_read(store_path,
                                                                             monkeypatch):
    # Above the size limit no command runs quick_check on opening (it costs seconds on a large
    # store): a damaged page still stops a command that reads it, with the same line, and
    # `status --verify` runs the full check whatever the size.
    monkeypatch.setattr(integrity, "QUICK_CHECK_MAX_BYTES", 0)
    corrupt_page(store_path)
    runner = CliRunner()
    check = runner.invoke(cli, ["--store", str(store_path), "check", "--format", "json"])
    assert check.exit_code == 2 and f"Error: {store_path} is damaged (" in check.output
    verify = runner.invoke(cli, ["--store", str(store_path), "status", "--verify"])
    assert verify.exit_code == 2 and "PRAGMA quick_check" in verify.output


def test_a_whole_store_passes_and_status_verify_says_so(store_path):
    result = CliRunner().invoke(cli, ["--store", str(store_path), "status", "--verify"])
    assert result.exit_code == 0, result.output
    assert "Integrity: ok (PRAGMA quick_check" in " ".join(result.output.split())
