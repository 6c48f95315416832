"""The dashboard's front door: it starts only when it can serve, rejects malformed callback
requests with a 4xx and no traceback, sends security headers, and names no versions."""

from __future__ import annotations

import json
import logging
import re
import socket
import sys

import pytest
from click.testing import CliRunner
from dash_helpers import belarus_app

import indicators.commands.dashboard as dashboard_command
from dashboard import guard
from dashboard.probe import callback_request
from indicators.cli import cli

TESTS = __import__("pathlib").Path(__file__).parent


@pytest.fixture
def app(store_path):
    return belarus_app(store_path, warm_up=False)


@pytest.fixture
def client(app):
    return app.server.test_client()


def _deps(client):
    return client.get("/_dash-dependencies").get_json()


# -- starting -------------------------------------------------------------------------------
@pytest.mark.parametrize("bad", ["bad_toml.toml", "unknown_series.toml", "wrong_type.toml",
                                 "no-such-file.toml"])
def test_an_invalid_claims_file_stops_the_dashboard_with_checks_message(store_path, bad,
                                                                        monkeypatch):
    monkeypatch.setattr(dashboard_command, "serve", lambda server: pytest.fail("must not serve"))
    claims = str(TESTS / "data" / bad)
    check = CliRunner().invoke(cli, ["--store", str(store_path), "check", "--claims", claims])

    result = CliRunner().invoke(cli, ["--store", str(store_path), "dashboard", "--claims",
                                      claims, "--port", "0"])

    assert check.exit_code == 2 and result.exit_code == 2, result.output
    assert result.stderr == check.stderr and result.stderr.startswith("Error: ")
    assert "dashboard on" not in result.output and "Traceback" not in result.output


def test_a_busy_port_stops_the_dashboard_before_it_claims_to_run(store_path, monkeypatch):
    monkeypatch.setattr(dashboard_command, "serve", lambda server: pytest.fail("must not serve"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(cli, ["--store", str(store_path), "dashboard",
                                          "--port", str(port)])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use. Stop the program "
        "using it or choose another port with --port.")
    assert result.stdout == ""  # neither "Dash is running" nor "dashboard on"


# -- headers and versions -------------------------------------------------------------------
def test_every_response_carries_the_security_headers(client):
    deps = _deps(client)
    body = callback_request(deps, "page.children", {"url.pathname": "/"})
    for response in (client.get("/"), client.get("/_dash-layout"),
                     client.post("/_dash-update-component", json=body)):
        assert response.status_code == 200
        csp = response.headers["Content-Security-Policy"]
        assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
        assert "script-src 'self' 'sha256-" in csp and "unsafe-inline" not in csp.split(
            "script-src")[1].split(";")[0]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_the_page_names_no_python_or_dash_version(client):
    import dash
    import plotly

    page = client.get("/").get_data(as_text=True)
    config = json.loads(page.split('<script id="_dash-config" type="application/json">')[1]
                        .split("</script>")[0])
    for key in guard.HIDDEN_CONFIG:
        assert key not in config
    assert sys.version not in page and f'"{dash.__version__}"' not in page
    assert plotly.__version__ not in json.dumps(config)
    handler = guard.QuietRequestHandler.__new__(guard.QuietRequestHandler)
    assert handler.version_string() == "Claimcheck"
    # nor in the script URLs (Dash's "name.v4_4_1m<mtime>.js") or the favicon's "?v=4.4.1"
    # (dash-ag-grid is no dependency any more: test_dashboard_serving checks none is loaded)
    for version in (dash.__version__, plotly.__version__):
        assert version not in page and version.replace(".", "_") not in page
    scripts = re.findall(r'src="(/_dash-component-suites/[^"]+)"', page)
    assert scripts and all(".v0m" in s for s in scripts)
    for src in scripts:  # and every one of them is still served
        assert client.get(src).status_code == 200, src


@pytest.mark.parametrize("path", [
    "/_dash-component-suites/no_such_package/x.js",
    "/_dash-component-suites/dash/no-such-file.js",
    "/_dash-component-suites/os/path.py",
    "/_dash-component-suites/dash/../../etc/passwd",
])
def test_an_unknown_component_suite_path_is_404_without_a_traceback(client, path, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.get(path)
    assert response.status_code == 404
    assert response.get_data(as_text=True) == "Not Found"
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert "Traceback" not in caplog.text and "registered" not in caplog.text


# -- callback inputs ------------------------------------------------------------------------
def _reading_body(deps, **values):
    return callback_request(deps, "detail-body.children", values)


CLAIM = {"article": "belarus_2025", "claim": "potash-share"}
# The guard knows pattern-matching ids (``{"panel": ["MATCH"], …}``) though no callback of
# the dashboard uses one today: checked against a callback map that declares one.
PATTERN_MAP = {'{"panel":["MATCH"],"type":"chart-download"}.data': {
    "inputs": [{"id": '{"panel":["MATCH"],"type":"chart-csv"}', "property": "n_clicks"}],
    "state": [], "output": '{"panel":["MATCH"],"type":"chart-download"}.data'}}


def _chart_csv_body(panel="reading") -> dict:
    """A pattern-matching request as the browser sends it."""
    return {
        "output": '{"panel":["MATCH"],"type":"chart-download"}.data',
        "outputs": {"id": {"panel": panel, "type": "chart-download"}, "property": "data"},
        "inputs": [{"id": {"panel": panel, "type": "chart-csv"}, "property": "n_clicks",
                    "value": None}],
        "state": [],
        "changedPropIds": [json.dumps({"panel": panel, "type": "chart-csv"}) + ".n_clicks"],
    }


MALFORMED = {
    "peers-as-a-number": lambda d: _reading_body(d, **{"peer-select.value": 7,
                                                       "claim-ref.data": CLAIM}),
    "peers-as-objects": lambda d: _reading_body(d, **{"peer-select.value": [{"a": 1}]}),
    "reading-as-a-list": lambda d: _reading_body(d, **{"reading-select.value": ["x"]}),
    "claim-ref-as-a-list": lambda d: _reading_body(d, **{"claim-ref.data": ["x"]}),
    "claim-ref-too-big": lambda d: _reading_body(d, **{"claim-ref.data": {
        str(i): "x" for i in range(10)}}),
    "unknown-output": lambda d: {**_reading_body(d), "output": "secret.children"},
    "wrong-input-id": lambda d: {**_reading_body(d), "inputs": [
        {"id": "url", "property": "pathname", "value": "/"},
        {"id": "peer-select", "property": "value", "value": None}]},
    "missing-inputs": lambda d: {k: v for k, v in _reading_body(d).items() if k != "inputs"},
    "inputs-not-a-list": lambda d: {**_reading_body(d), "inputs": "x"},
    "outputs-mismatch": lambda d: {**_reading_body(d), "outputs": {"id": "x", "property": "y"}},
    "not-an-object": lambda d: [1, 2, 3],
    "huge-string": lambda d: callback_request(d, "page.children",
                                              {"url.pathname": "/" + "a" * 100_000}),
}


@pytest.mark.parametrize("name", sorted(MALFORMED))
def test_a_malformed_callback_request_is_a_4xx_without_a_traceback(client, name, caplog):
    body = MALFORMED[name](_deps(client))
    with caplog.at_level(logging.DEBUG):
        response = client.post("/_dash-update-component", json=body)
    assert 400 <= response.status_code < 500, response.get_data(as_text=True)[:300]
    assert "error" in response.get_json()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]
    assert "Traceback" not in caplog.text


@pytest.mark.parametrize("raw", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"output": ' + b'{"a": ' * 5000 + b"1" + b"}" * 5000 + b"}",
    b"{not json",
    b"\xff\xfe\x00garbage",
    b"x" * (guard.MAX_BODY + 1),
], ids=["deep-list", "deep-object", "not-json", "not-utf8", "too-big"])
def test_raw_bodies_that_are_not_callbacks_are_refused(client, raw, caplog):
    with caplog.at_level(logging.DEBUG):
        response = client.post("/_dash-update-component", data=raw,
                               content_type="application/json")
    assert response.status_code in (400, 413)
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR or r.exc_info]


def test_every_callback_input_has_a_declared_type(app):
    for spec in app.callback_map.values():
        for item in [*spec["inputs"], *spec.get("state", [])]:
            assert guard.value_key(item["id"], item["property"]) in guard.VALUE_TYPES


def test_valid_requests_still_pass(client):
    deps = _deps(client)
    ok = client.post("/_dash-update-component", json=_reading_body(
        deps, **{"peer-select.value": ["RUS"], "reading-select.value": None,
                 "claim-ref.data": CLAIM}))
    assert ok.status_code in (200, 204), ok.get_data(as_text=True)[:300]


def test_pattern_matching_ids_are_checked_by_shape():
    guard.check_callback(_chart_csv_body(), PATTERN_MAP)  # passes
    for bad in (_chart_csv_body(panel={"x": 1}), {**_chart_csv_body(), "inputs": [
            {"id": {"panel": "reading", "type": "chart-csv", "x": "y"},
             "property": "n_clicks", "value": 1}]}):
        with pytest.raises(guard.BadCallback):
            guard.check_callback(bad, PATTERN_MAP)


def test_json_depth_counts_brackets_outside_strings_only():
    assert guard.json_depth(b'{"a": [1, {"b": "[[[[{{{{\\\\\\"]]"}]}') == 3
    assert guard.json_depth(b"[" * 50 + b"]" * 50) == 50
    assert guard.json_depth(b'"just a string"') == 0
