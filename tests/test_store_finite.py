"""The store refuses values that are not finite numbers, and every renderer copes with any value
a store can hold.

* Schema migration 5 adds a CHECK constraint on the value column. A store of schema 4 that
  already holds ±infinity (written before the adapters rejected it) is upgraded: those rows move
  to the table ``quarantined_values`` with the reason, the newest finite vintage of each such
  quantity becomes current again, the counts follow, and the refresh log says what was moved.
  Every other row stays exactly as it was.
* A write of a non-finite value (an adapter bug) is refused with one line and rolls back.
* ``check`` (table and JSON), every export format and the dashboard's pages never fail, neither
  on a schema-4 store read as it is (infinity inside) nor on the largest finite values.
"""

from __future__ import annotations

import json
import math
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from store_helpers import wide_rows_sql

from cache import schema
from cache.store import MIGRATIONS, SCHEMA_VERSION, ReplaceScope, Store, StoreError
from indicators.cli import cli
from indicators.models import Observation

INF, NAN = float("inf"), float("nan")
HUGE = 1.7976931348623157e308
TABLES = ("meta", "refreshes", "provenance", "observation_values", "series", "fetches",
          "series_stats", "economy_stats", "imported_files")


def schema_4_copy(seeded: Path, path: Path) -> None:
    """``seeded`` (a current store) as schema 4 wrote it: the same rows, no CHECK constraint."""
    con = sqlite3.connect(path)
    schema.migrate(con, 0, [m for m in MIGRATIONS if m[0] <= 4])
    con.execute("ATTACH DATABASE ? AS src", (str(seeded),))
    with con:
        for table in TABLES:  # the columns schema 4 has (later migrations may add some)
            columns = ", ".join(r[1] for r in con.execute(f"PRAGMA main.table_info({table})"))
            con.execute(f"DELETE FROM main.{table}")
            rows = (wide_rows_sql("src") if table == "observation_values"  # schema 8: runs
                    else f"SELECT {columns} FROM src.{table}")
            con.execute(f"INSERT INTO main.{table} ({columns}) {rows}")
        con.execute("UPDATE meta SET value='4' WHERE key='schema_version'")
    con.execute("DETACH DATABASE src")
    con.close()


def values(path: Path, sql: str, args=()) -> list[tuple]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, args).fetchall()
    finally:
        con.close()


def user_version(path: Path) -> int:
    return values(path, "PRAGMA user_version")[0][0]


def _hostile_v4(store_path: Path, tmp_path: Path) -> tuple[Path, list[tuple]]:
    """A schema-4 store whose current BLR export share (every year) is +inf, and whose newest
    vintage of one other quantity is -inf over an older finite vintage."""
    path = tmp_path / "v4.sqlite"
    schema_4_copy(store_path, path)
    con = sqlite3.connect(path)
    with con:
        con.execute("UPDATE observation_values SET value=9e999 WHERE series='NE.EXP.GNFS.ZS' "
                    "AND economy='BLR' AND is_current=1")
        # a second, newer vintage of one quantity, as -inf, over its finite current value
        row = con.execute("SELECT id, source, series, economy, year, provenance_id, refresh_id "
                          "FROM observation_values WHERE series='NE.IMP.GNFS.ZS' AND "
                          "economy='BLR' AND is_current=1 ORDER BY year DESC LIMIT 1").fetchone()
        prov = con.execute("INSERT INTO provenance(refresh_id, dataset, unit, publisher_updated, "
                           "vintage_date, retrieved_at, origin, note) SELECT refresh_id, "
                           "dataset, unit, '2099-01-01', '2099-01-01', retrieved_at, "
                           "origin || ' (newer)', note FROM provenance WHERE id=?",
                           (row[5],)).lastrowid
        con.execute("UPDATE observation_values SET is_current=0 WHERE id=?", (row[0],))
        con.execute("INSERT INTO observation_values(source, series, economy, counterpart, year, "
                    "period, value, refresh_id, provenance_id, is_current) "
                    "VALUES (?, ?, ?, '', ?, '', -9e999, ?, ?, 1)",
                    (row[1], row[2], row[3], row[4], row[6], prov))
    con.close()
    return path, [row]


@pytest.fixture(params=["in place", "rebuilt"])
def how(request, monkeypatch):
    """Migration 5 both ways: the CHECK written into the table's definition, or (where SQLite
    refuses that) the table rebuilt."""
    if request.param == "rebuilt":
        import cache.finite

        monkeypatch.setattr(cache.finite, "add_check_in_place", lambda conn: False)
    return request.param


def test_migration_5_moves_stored_infinities_aside_and_keeps_every_other_row(store_path,
                                                                                tmp_path, how):
    path, [older] = _hostile_v4(store_path, tmp_path)
    before = values(path, "SELECT * FROM observations ORDER BY id")
    bad = [r for r in before if not math.isfinite(r[8])]
    assert len(bad) >= 2 and user_version(path) == 4

    Store.open(path).close()  # a writing open upgrades

    assert user_version(path) == SCHEMA_VERSION >= 5  # migration 5 ran (and any later one)
    after = values(path, "SELECT * FROM observations ORDER BY id")
    assert all(math.isfinite(r[8]) for r in after)
    bad_ids = {r[0] for r in bad}
    kept = [r for r in before if r[0] not in bad_ids]
    # every other row is there with every column, is_current apart (recomputed)
    assert [r[:16] for r in after] == [r[:16] for r in kept]
    # the older finite vintage is current again; each quantity that lost its current value has
    # its newest remaining vintage as current (or none left)
    assert values(path, "SELECT is_current FROM observation_values WHERE id=?",
                  (older[0],)) == [(1,)]
    for key in {(r[3], r[4], r[5], r[6], r[7]) for r in bad}:
        left = [r for r in after if (r[3], r[4], r[5], r[6], r[7]) == key]
        newest = [max(left, key=lambda r: (r[11] or "", r[12], r[0]))[0]] if left else []
        assert [r[0] for r in left if r[16]] == newest
    changed = {r[0] for r in after if any(r[3:8] == b[3:8] for b in bad)}
    assert [r[16] for r in after if r[0] not in changed] == [
        r[16] for r in kept if r[0] not in changed]
    # the moved rows, with every column and the reason
    moved = values(path, "SELECT id, series, economy, year, value, reason FROM "
                         "quarantined_values ORDER BY id")
    assert [(m[0], m[1], m[2], m[3], m[4]) for m in moved] == [
        (r[0], r[3], r[4], r[6], r[8]) for r in bad]
    assert all("not a finite number" in m[5] for m in moved)
    # the counts follow, and the log says what happened, per source
    (rows, current) = values(path, "SELECT rows, current_rows FROM series_stats WHERE "
                                   "source='worldbank' AND series='NE.EXP.GNFS.ZS'")[0]
    assert rows == len([r for r in after if r[3] == "NE.EXP.GNFS.ZS"])
    assert current == len([r for r in after if r[3] == "NE.EXP.GNFS.ZS" and r[16]])
    log = values(path, "SELECT source, kind, status, detail FROM refreshes WHERE "
                       "kind='migration'")
    assert [(s, k, st) for s, k, st, _ in log] == [("worldbank", "migration", "ok")]
    assert f"{len(bad)} stored values that were not finite numbers" in log[0][3]
    assert "quarantined_values" in log[0][3]
    assert values(path, "PRAGMA integrity_check") == [("ok",)]


def test_after_migration_5_the_store_refuses_infinity_itself(store_path, tmp_path, how):
    path = tmp_path / "v4.sqlite"
    schema_4_copy(store_path, path)
    Store.open(path).close()
    con = sqlite3.connect(path)
    try:
        for value in (INF, -INF, "9e999"):
            with pytest.raises(sqlite3.IntegrityError, match="CHECK constraint failed"):
                con.execute("UPDATE observation_values SET value=? WHERE id=(SELECT min(id) "
                            "FROM observation_values)", (value,))
        with pytest.raises(sqlite3.IntegrityError, match="NOT NULL"):  # SQLite stores NaN as NULL
            con.execute("UPDATE observation_values SET value=? WHERE id=1", (NAN,))
        con.execute("UPDATE observation_values SET value=? WHERE id=1", (HUGE,))  # finite: fine
    finally:
        con.close()


def test_a_clean_schema_4_store_is_upgraded_with_every_row_identical(store_path, tmp_path,
                                                                      how):
    path = tmp_path / "v4.sqlite"
    schema_4_copy(store_path, path)
    # every table, and every value row with every column as the view shows it (migration 8
    # moves what a run of rows shares out of the value rows, `cache.runs`)
    read = [t for t in TABLES if t not in ("meta", "observation_values")] + ["observations"]
    dump = {t: values(path, f"SELECT * FROM {t} ORDER BY 1, 2") for t in read}
    Store.open(path).close()
    assert {t: values(path, f"SELECT * FROM {t} ORDER BY 1, 2") for t in dump} == dump
    assert values(path, "SELECT count(*) FROM quarantined_values") == [(0,)]
    # the indexes and the view are all there
    names = {r[0] for r in values(path, "SELECT name FROM sqlite_master")}
    assert {"runs_key", "runs_refresh", "runs_counterpart", "observations"} <= names


@pytest.mark.parametrize("bad", [INF, -INF, NAN])
def test_a_write_of_a_non_finite_value_is_refused_and_rolled_back(store_path, bad):
    with Store.open(store_path) as store:
        before = store.observations(current_only=False)
        good = before[0]
        rid = store.begin_refresh("worldbank", "api")
        rows = [Observation(**{**good.__dict__, "value": bad, "year": 1901, "refresh_id": None}),
                Observation(**{**good.__dict__, "year": 1902, "refresh_id": None})]
        with pytest.raises(StoreError, match="not a finite number") as exc:
            store.write_batch(rid, ReplaceScope(source="worldbank", kinds=("api",)), rows)
        assert "\n" not in str(exc.value) and "nothing of it was written" in str(exc.value)
        assert store.observations(current_only=False) == before


# -- renderers ----------------------------------------------------------------------------------

def strict_json(text: str):
    """JSON as RFC 8259 has it: ``Infinity`` and ``NaN`` (which Python would accept) fail."""
    def refuse(token: str):
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def _render_everything(path: Path) -> None:
    """check (table at two widths, JSON), every export and the dashboard's pages on ``path``."""
    from dashboard.app import create_app
    from dashboard.probe import callback_request
    from indicators.output.export import FORMATS

    runner = CliRunner()
    for args, width in ((["check"], 160), (["check"], 90), (["check", "--format", "json"], None)):
        result = runner.invoke(cli, ["--store", str(path), *args], terminal_width=width)
        assert result.exit_code == 0, (args, result.output[-2000:])
        if "json" in args:
            strict_json(result.stdout)
    for fmt in FORMATS:
        out = path.parent / f"export.{fmt}"
        result = runner.invoke(cli, ["--store", str(path), "export", "--format", fmt,
                                     "--output", str(out)])
        assert result.exit_code == 0, (fmt, result.output[-2000:])
        if fmt in ("json", "claimreview"):
            strict_json(out.read_text(encoding="utf-8"))
    app = create_app(path, warm_up=False)
    http = app.server.test_client()
    deps = http.get("/_dash-dependencies").get_json()
    from indicators.claims.load import load_claims

    claims = load_claims(None).claims
    for pathname in ["/", "/table", *(f"/claim/{c.id}" for c in claims),
                     *(f"/download.{fmt}" for fmt in ("csv", "xlsx", "json"))]:
        if pathname.startswith("/download."):
            assert http.get(pathname).status_code == 200, pathname
            continue
        body = callback_request(deps, "page.children", {"url.pathname": pathname,
                                                        "url.search": ""})
        response = http.post("/_dash-update-component", json=body)
        assert response.status_code == 200, (pathname, response.get_data(as_text=True)[:500])
    for claim in claims:  # every reading's chart, table and sources, with and without peers
        for reading in claim.readings:
            for peers in ([], ["RUS", "UKR", "POL"]):
                body = callback_request(deps, "detail-body.children", {
                    "reading-select.value": reading.id, "peer-select.value": peers,
                    "claim-ref.data": {"article": "belarus_2025", "claim": claim.id}})
                response = http.post("/_dash-update-component", json=body)
                assert response.status_code == 200, (claim.id, reading.id, peers,
                                                     response.get_data(as_text=True)[:500])


def test_every_renderer_copes_with_infinity_in_a_store_read_as_it_is(store_path, tmp_path):
    path, _ = _hostile_v4(store_path, tmp_path)
    path.chmod(0o444)  # read, never upgraded: the reading commands open it read-only
    try:
        _render_everything(path)
        # and no infinity is shown or judged: the store reads only finite values
        with Store.open(path, read_only=True) as store:
            assert all(math.isfinite(o.value) for o in store.observations(current_only=False))
        csv_text = (path.parent / "export.csv").read_text(encoding="utf-8")
        assert not re.search(r"(?<![a-z])-?inf(inity)?(?![a-z])|\bnan\b", csv_text.lower())
    finally:
        path.chmod(0o644)
    assert user_version(path) == 4


@pytest.mark.parametrize("extreme", [HUGE, -HUGE, 5e-324, 1e-300])
def test_every_renderer_copes_with_the_largest_and_smallest_finite_values(store_path,
                                                                            extreme):
    con = sqlite3.connect(store_path)
    with con:
        con.execute("UPDATE observation_values SET value=? WHERE id IN (SELECT id FROM "
                    "observations WHERE is_current=1 AND economy IN ('BLR', 'WLD'))", (extreme,))
    con.close()
    _render_everything(store_path)
