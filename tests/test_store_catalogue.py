"""Schema migration 6: the WDI catalogue and its full-text index in the store.

A schema-5 store (the seeded store as it was before the catalogue) is upgraded: the tables are
created, the bundled catalogue is loaded by the first writing open, every value row stays as it
was, and a read-only open of a schema-5 store changes nothing (search then uses the bundled
catalogue in memory).
"""

from __future__ import annotations

import shutil
import sqlite3

from click.testing import CliRunner
from store_helpers import as_schema_7

from cache.bundle import open_store, snapshot_catalogue_series
from cache.catalogue import CATALOGUE_META_KEY
from cache.store import SCHEMA_VERSION, Store
from indicators.cli import cli


def _as_schema_5(path) -> None:
    """Turn a seeded store back into what schema 5 had: no catalogue tables (migration 6), no
    imported-files report (migration 7), version 5."""
    as_schema_7(path)
    con = sqlite3.connect(path)
    con.executescript(
        "ALTER TABLE imported_files DROP COLUMN report;"
        "DROP TABLE catalogue_series; DROP TABLE catalogue_economies; DROP TABLE catalogue_fts;"
        f"DELETE FROM meta WHERE key='{CATALOGUE_META_KEY}';"
        "UPDATE meta SET value='5' WHERE key='schema_version'; PRAGMA user_version=5;")
    con.close()


def _values(path) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute("SELECT * FROM observations ORDER BY id").fetchall()
    finally:
        con.close()


def test_migration_6_adds_the_catalogue_and_keeps_every_value(store_path, tmp_path):
    path = tmp_path / "v5.sqlite"
    shutil.copyfile(store_path, path)
    _as_schema_5(path)
    before = _values(path)

    with open_store(path) as store:
        assert store.has_catalogue()
        assert store.meta("schema_version") == str(SCHEMA_VERSION) == "8"
        entry = store.catalogue_series("DT.DOD.DECT.GN.ZS")
        found = [s.code for s, _ in store.search_catalogue('"external" AND "debt"', 50)]
    assert entry == snapshot_catalogue_series()["DT.DOD.DECT.GN.ZS"]
    assert "DT.DOD.DECT.GN.ZS" in found
    assert _values(path) == before
    con = sqlite3.connect(path)
    (n,) = con.execute("SELECT count(*) FROM catalogue_series").fetchone()
    (fts,) = con.execute("SELECT count(*) FROM catalogue_fts").fetchone()
    con.close()
    assert n == fts == len(snapshot_catalogue_series())


def test_a_read_only_command_on_a_schema_5_store_changes_nothing(store_path, tmp_path):
    path = tmp_path / "v5.sqlite"
    shutil.copyfile(store_path, path)
    _as_schema_5(path)
    before = path.read_bytes()
    result = CliRunner().invoke(cli, ["--store", str(path), "series", "search", "external",
                                      "debt", "GNI", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"DT.DOD.DECT.GN.ZS"' in result.output
    assert path.read_bytes() == before
    with Store.open(path, read_only=True) as store:
        assert not store.has_catalogue()


def test_refresh_offline_reloads_a_catalogue_that_was_emptied(store_path):
    con = sqlite3.connect(store_path)
    con.executescript("DELETE FROM catalogue_series;")
    con.close()
    result = CliRunner().invoke(cli, ["--store", str(store_path), "refresh", "--offline"])
    assert result.exit_code == 0, result.output
    with Store.open(store_path, read_only=True) as store:
        assert store.catalogue_series("NE.EXP.GNFS.ZS") is not None
