"""The dashboard without a browser: pages, freshness notices, caching, downloads, the command.

Callbacks are called over HTTP exactly as the browser calls them (Flask test client). Every
expected value comes from the store or the comparison module at test time.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from dash_helpers import belarus_app

from cache.store import Store
from dashboard.app import create_app
from dashboard.data import DashboardData
from dashboard.probe import callback_request
from indicators.claims.load import DEFAULT_CLAIMS_FILE
from indicators.cli import cli
from indicators.judge.compare import evaluate_article
from indicators.output import export


class Client:
    """A Flask test client that speaks Dash's callback protocol."""

    def __init__(self, app):
        self.app = app
        self.http = app.server.test_client()
        self.deps = self.http.get("/_dash-dependencies").get_json()

    def layout(self) -> str:
        response = self.http.get("/_dash-layout")
        assert response.status_code == 200
        # re-dumped: Dash escapes "/" as \u002f
        return json.dumps(response.get_json(), ensure_ascii=False)

    def call(self, output: str, values: dict, changed: list[str] | None = None) -> dict:
        body = callback_request(self.deps, output, values, changed)
        response = self.http.post("/_dash-update-component", json=body)
        assert response.status_code == 200, response.get_data(as_text=True)[:2000]
        return response.get_json()["response"]

    def page(self, pathname: str, search: str = "") -> str:
        out = self.call("page.children", {"url.pathname": pathname, "url.search": search})
        return json.dumps(out["page"]["children"], ensure_ascii=False)


def find_all(node, predicate):
    """Every component (as JSON) in a Dash tree matching ``predicate(props)``."""
    if isinstance(node, list):
        for child in node:
            yield from find_all(child, predicate)
    elif isinstance(node, dict):
        props = node.get("props")
        if isinstance(props, dict):
            if predicate(props):
                yield props
            yield from find_all(props.get("children"), predicate)
            for value in props.values():
                if isinstance(value, dict | list) and value is not props.get("children"):
                    yield from find_all(value, predicate)


@pytest.fixture
def result(store_path):
    with Store.open(store_path, read_only=True) as store:
        return evaluate_article(store)


# -- store missing / empty / unusable -------------------------------------------------------
def test_a_missing_store_gives_a_page_with_the_command_to_run(tmp_path):
    missing = tmp_path / "absent.sqlite"
    client = Client(create_app(missing))
    assert client.http.get("/").status_code == 200
    page = client.layout()
    assert "seed-command" in page
    assert f"claimcheck --store {missing} refresh --offline" in page
    assert "Traceback" not in page
    assert not missing.exists(), "the dashboard never creates or writes the store"


def test_an_empty_store_says_the_same(tmp_path):
    path = tmp_path / "empty.sqlite"
    Store.open(path).close()  # schema, no rows
    page = Client(create_app(path)).layout()
    assert '"data-reason": "empty"' in page and "refresh --offline" in page


def test_a_file_that_is_not_a_store_is_explained_and_left_untouched(tmp_path):
    path = tmp_path / "notes.sqlite"
    payload = b"not a database\n" * 20
    path.write_bytes(payload)
    page = Client(create_app(path)).layout()
    assert '"data-reason": "unusable"' in page and "not an SQLite database" in page
    assert path.read_bytes() == payload


def test_the_page_appears_once_the_store_is_seeded(tmp_path):
    from cache.bundle import open_store

    path = tmp_path / "later.sqlite"
    client = Client(create_app(path))
    assert "seed-command" in client.layout()
    open_store(path).close()
    page = client.layout()
    assert "seed-command" not in page and "data-as-of" in page


# -- freshness -----------------------------------------------------------------------------
def _newest_retrieval(store_path) -> datetime:
    with Store.open(store_path, read_only=True) as store:
        newest = max(f.accessed_at for f in store.fetches())
    return datetime.fromisoformat(newest[:10]).replace(tzinfo=UTC)


def test_data_as_of_comes_from_the_store(store_path):
    retrieved = _newest_retrieval(store_path)
    page = Client(belarus_app(store_path, clock=lambda: retrieved)).layout()
    assert f"Data as of {retrieved.date().isoformat()}" in page
    assert "freshness-notices" not in page


def test_old_data_gets_a_visible_notice_with_a_configurable_age(store_path):
    retrieved = _newest_retrieval(store_path)
    later = retrieved + timedelta(days=31)
    assert "notice-stale" in Client(
        belarus_app(store_path, stale_after_days=30, clock=lambda: later)).layout()
    assert "notice-stale" not in Client(
        belarus_app(store_path, stale_after_days=31, clock=lambda: later)).layout()


def test_a_failed_refresh_shows_a_notice_and_the_cache_follows_the_store(store_path):
    client = Client(belarus_app(store_path, clock=lambda: _newest_retrieval(store_path)))
    assert "notice-failed" not in client.layout()
    with Store.open(store_path) as store:
        source = store.sources()[0]
        refresh_id = store.begin_refresh(source, "api")
        store.fail_refresh(refresh_id, "HTTP 502 from the test")
    page = client.layout()
    assert "notice-failed" in page and "HTTP 502 from the test" in page
    assert f"claimcheck refresh --source {source}" in page


def test_the_result_is_computed_once_per_store_state(store_path):
    data = DashboardData(store_path)
    first = data.snapshot()
    assert data.snapshot() is first
    with Store.open(store_path) as store:
        store.fail_refresh(store.begin_refresh("worldbank", "api"), "boom")
    assert data.snapshot() is not first


# -- pages and callbacks -------------------------------------------------------------------
def test_overview_cards_carry_each_verdict_of_the_comparison(store_path, result):
    client = Client(belarus_app(store_path))
    out = client.call("page.children", {"url.pathname": "/", "url.search": ""})
    tree = out["page"]["children"]
    for claim in result.claims:
        cards = list(find_all(tree, lambda p, c=claim: p.get("id") == f"card-{c.claim.id}"))
        assert len(cards) == 1 and cards[0]["data-verdict"] == claim.verdict.value
        for reading in claim.readings:
            row_id = f"row-{claim.claim.id}-{reading.reading_id}"
            rows = list(find_all(tree, lambda p, r=row_id: p.get("id") == r))
            assert rows[0]["data-verdict"] == reading.verdict.value


def test_unknown_pages_and_claims_are_not_errors(store_path):
    client = Client(belarus_app(store_path))
    assert "not-found" in client.page("/claim/no-such-claim")
    assert "not-found" in client.page("/nowhere")


def figures_in(node):
    """Every figure of a dcc.Graph in a component tree's JSON."""
    return [props["figure"] for props in find_all(node, lambda p: "figure" in p)]


def test_reading_callback_draws_series_claim_line_and_peers(store_path, result):
    claim, reading = next(
        (c, r) for c in result.claims for r in c.readings if r.peers and r.measure_kind != "none"
    )
    client = Client(belarus_app(store_path))
    page = client.page(f"/claim/{claim.claim.id}", f"?reading={reading.reading_id}")
    assert f'"value": "{reading.reading_id}"' in page

    def detail(peers):
        out = client.call("detail-body", {
            "reading-select.value": reading.reading_id, "peer-select.value": peers,
            "claim-ref.data": {"article": "belarus_2025", "claim": claim.claim.id},
        })
        body = out["detail-body"]["children"]
        return figures_in(body)[0], json.dumps(body), out["peer-select"]["options"]

    alone, provenance, options = detail([])
    with_peer, _, _ = detail([reading.peers[0].economy])
    assert len(with_peer["data"]) == len(alone["data"]) + 1
    assert [s["y0"] for s in alone["layout"]["shapes"] if s["y0"] == s["y1"]] == [
        reading.claimed_value
    ]
    assert {o["value"] for o in options} == {p.economy for p in reading.peers}
    for leaf in reading.sources:  # codes and origins: in the technical provenance
        assert leaf.series in provenance and leaf.origin in provenance


def test_downloads_are_the_cli_export(store_path, result):
    client = Client(belarus_app(store_path))
    for fmt in ("csv", "json", "xlsx"):
        cli_bytes = CliRunner().invoke(
            cli, ["--store", str(store_path), "export", "--format", fmt, "--claims",
                  str(DEFAULT_CLAIMS_FILE)]).stdout_bytes
        response = client.http.get(f"/download.{fmt}")
        assert response.status_code == 200
        assert 'attachment; filename="claimcheck-belarus_2025.' in \
            response.headers["Content-Disposition"]
        if fmt == "csv":
            assert response.get_data() == cli_bytes == export.to_csv_bytes(result)
        elif fmt == "json":
            got, want = json.loads(response.get_data()), json.loads(cli_bytes)
            got.pop("generated_at"), want.pop("generated_at")
            assert got == want
    assert client.http.get("/download.exe").status_code == 404


# -- the command and the WSGI entry point ---------------------------------------------------
def test_dashboard_command_seeds_the_store_and_serves_on_localhost(tmp_path, monkeypatch):
    import indicators.commands.dashboard as command

    calls = []
    monkeypatch.setattr(command, "serve", lambda server: calls.append(server.server_address))
    path = tmp_path / "new.sqlite"
    outcome = CliRunner().invoke(cli, ["--store", str(path), "dashboard", "--port", "0"])
    assert outcome.exit_code == 0, outcome.output
    assert len(calls) == 1 and calls[0][0] == "127.0.0.1"
    assert f"Claimcheck dashboard on http://127.0.0.1:{calls[0][1]}/" in outcome.output
    with Store.open(path, read_only=True) as store:
        assert not store.is_empty()
    outcome = CliRunner().invoke(cli, ["--store", str(path), "dashboard", "--host", "0.0.0.0",
                                       "--port", "0"])
    assert outcome.exit_code == 0, outcome.output
    assert calls[-1][0] == "0.0.0.0"


def test_gunicorn_server_uses_the_store_from_the_environment(store_path, monkeypatch):
    import dashboard.app as module

    monkeypatch.setenv("CLAIMCHECK_STORE", str(store_path))
    try:
        server = module.server
        assert server.config["CLAIMCHECK_DATA"].store_path == store_path
        assert server.test_client().get("/_dash-layout").status_code == 200
    finally:
        vars(module).pop("server", None)


def test_a_running_dashboard_notices_when_its_data_grows_old(store_path):
    retrieved = _newest_retrieval(store_path)
    now = [retrieved]
    client = Client(belarus_app(store_path, stale_after_days=30, clock=lambda: now[0]))
    assert "notice-stale" not in client.layout()
    now[0] = retrieved + timedelta(days=31)  # same store, later day
    assert "notice-stale" in client.layout()


def test_an_edited_claims_file_is_a_new_state(store_path, tmp_path):
    from indicators.claims.load import DEFAULT_CLAIMS_FILE

    claims = tmp_path / "claims.toml"
    claims.write_text(DEFAULT_CLAIMS_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    data = DashboardData(store_path, claims_path=claims)
    first = data.snapshot()
    claims.write_text(claims.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert data.snapshot() is not first


def test_a_download_follows_the_store_after_a_refresh(store_path, tmp_path):
    """Downloads are built once per store state: a new import gives a new file."""
    from bulk_helpers import bulk_lines, file_name, snapshot_table, write_bulk_csv

    client = Client(belarus_app(store_path))

    def download() -> bytes:
        return client.http.get("/download.csv").get_data()

    before = download()
    assert download() == before
    table = snapshot_table("BX.KLT.DINV.WD.GD.ZS")  # a series a claim reads
    path = write_bulk_csv(tmp_path / file_name(table),
                          bulk_lines(table, vintage="2099-12-31", scale=1.5))
    assert CliRunner().invoke(
        cli, ["--store", str(store_path), "refresh", "--from-file", str(path)]).exit_code == 0

    after = download()
    cli_csv = CliRunner().invoke(
        cli, ["--store", str(store_path), "export", "--format", "csv", "--claims",
              str(DEFAULT_CLAIMS_FILE)]).stdout_bytes
    assert after == cli_csv and after != before
