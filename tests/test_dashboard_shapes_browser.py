"""Claims as articles write them (issue 16), in real headless Chromium: a change's chart shows
both endpoints and the claimed change, its ruler the claimed and the measured change on one
scale; a rank's chart is the ranking (subject highlighted, members without data named) and its
ruler says "N of M"; a converted amount names the exchange rate beside its value.

Every expected value comes from `claimcheck check --format json` on the same store (the
shapes claims file in tests/data); no statistic is written here. Fails, never skips, without
Chromium.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from dash_helpers import (
    DESKTOP,
    PHONE,
    assert_no_console_errors,
    graph,
    page_width_fits,
    run_cli,
    screenshot,
    set_viewport,
    until,
)

from dashboard.app import create_app
from indicators.claims.economies import display_name

pytestmark = pytest.mark.browser
SHAPES = Path(__file__).parent / "data" / "shapes_2025.toml"


@pytest.fixture(autouse=True)
def _browser_must_exist():
    binary = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    if not Path(binary).exists() or shutil.which("chromedriver") is None:
        pytest.fail(f"browser tests need Chromium ({binary}) and chromedriver on PATH")


@pytest.fixture
def expected(store_path) -> dict:
    results = json.loads(run_cli(store_path, "check", "--claims", str(SHAPES),
                                 "--format", "json"))
    return {c["claim"]["id"]: c for c in results["claims"]}


def _open(dash_duo, path: str, graph_id: str = "main-chart") -> dict:
    dash_duo.driver.get(dash_duo.server_url + path)
    return until(lambda: graph(dash_duo, graph_id), timeout=30)


def _ruler(dash_duo, claim_id: str) -> dict:
    return until(lambda: dash_duo.driver.execute_script(
        "const r = document.getElementById('ruler-' + arguments[0]); if (!r) return null;"
        "return {kind: r.dataset.kind, claimed: parseFloat(r.dataset.claimed),"
        " claimedLabel: r.querySelector('.ruler-claim-label').textContent,"
        " neutral: r.querySelector('.ruler-neutral') ? "
        "   parseFloat(r.querySelector('.ruler-neutral').style.left) : null,"
        " label: r.getAttribute('aria-label'),"
        " ticks: Array.from(r.querySelectorAll('.ruler-tick')).map(t => t.textContent),"
        " rows: Array.from(r.querySelectorAll('.ruler-dot')).map(d => ({"
        "   value: parseFloat(d.dataset.value), left: parseFloat(d.style.left),"
        "   text: d.parentElement.querySelector('.ruler-value').textContent}))};", claim_id),
        timeout=30)


def test_a_change_shows_both_endpoints_and_the_claimed_change(dash_duo, store_path, expected,
                                                              artifacts_dir):
    dash_duo.start_server(create_app(store_path, claims_path=SHAPES))
    claim = expected["exports-points"]
    reading = claim["readings"][0]
    base, end = reading["at_claim_year"]["inputs"]
    change = reading["at_claim_year"]["value"]
    claimed = reading["claimed_value"]

    fig = _open(dash_duo, "/claim/exports-points")
    i = fig["meta"].index("endpoints")
    assert fig["x"][i] == [base["year"], end["year"]]
    assert fig["y"][i] == pytest.approx([base["value"], end["value"]])
    j = fig["meta"].index("claimed change")  # from the base to the end the claim implies
    assert fig["x"][j] == [base["year"], end["year"]]
    assert fig["y"][j] == pytest.approx([base["value"], base["value"] + claimed])
    label = next(a for a in fig["annotations"] if a.startswith("measured:"))
    assert f"{base['year']} → {end['year']}" in label and "claimed: +9.8 points" in label
    assert f"+{round(change, 1)} points" in label
    # the levels are drawn without a claimed level's line or band (the claim is a change)
    assert not any(s.get("type") == "rect" for s in fig["shapes"])
    screenshot(dash_duo, artifacts_dir / "shapes-change-1440.png", DESKTOP)

    # the overview's ruler: claimed and measured change on one scale, with "no change" on it
    dash_duo.driver.get(dash_duo.server_url + "/")
    ruler = _ruler(dash_duo, "exports-points")
    assert ruler["kind"] == "change" and ruler["claimedLabel"] == "claimed: +9.8 points"
    assert [r["value"] for r in ruler["rows"]] == pytest.approx([change])
    assert ruler["rows"][0]["text"] == f"+{round(change, 1)} points"
    assert abs(ruler["rows"][0]["left"] - ruler["claimed"]) < 2  # they agree: side by side
    assert ruler["neutral"] is not None and ruler["neutral"] < ruler["claimed"]  # a rise
    assert "0" in ruler["ticks"]
    fall = _ruler(dash_duo, "russia-gdp-third")  # a fall: left of "no change"
    measured = expected["russia-gdp-third"]["readings"][0]["at_claim_year"]["value"]
    assert fall["rows"][0]["value"] == pytest.approx(measured) and measured < 0
    assert fall["rows"][0]["left"] < fall["claimed"] < fall["neutral"]
    assert fall["claimedLabel"] == "claimed: −33.3%"
    assert_no_console_errors(dash_duo)


def test_a_rank_shows_the_ranking_and_the_rank_of_m(dash_duo, store_path, expected,
                                                    artifacts_dir):
    dash_duo.start_server(create_app(store_path, claims_path=SHAPES))
    claim = expected["russia-fifth-in-region"]
    shape = claim["readings"][0]["shape"]
    ranking, missing = shape["ranking"], shape["missing_members"]
    rank = int(claim["readings"][0]["at_claim_year"]["value"])

    fig = _open(dash_duo, "/claim/russia-fifth-in-region")
    members = fig["meta"][0]  # the bars, in rank order: enough to show the fifth and two more
    assert members == [m["economy"] for m in ranking][:len(members)]
    assert rank + 2 <= len(members) < len(ranking)
    assert fig["y"][0] == list(range(1, len(members) + 1))
    assert fig["x"][0] == pytest.approx([m["value"] for m in ranking][:len(members)])
    ticks = dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('#main-chart .ytick text'))"
        ".map(t => t.textContent);")
    assert f"{rank}. {display_name('RUS')}" in ticks
    colours = dash_duo.driver.execute_script(
        "const g = document.querySelector('#main-chart .js-plotly-plot');"
        "return g.data[0].marker.color;")
    assert len(set(colours)) == 2 and colours[rank - 1] != colours[0]  # the subject stands out
    assert any(a == "claimed: fifth-largest" for a in fig["annotations"])
    note = dash_duo.find_element("#main-note").text
    assert f"Ranked {rank}th of {len(ranking)}" in note
    for code in missing:  # members without data are named
        assert f"{display_name(code)} ({code})" in note
    screenshot(dash_duo, artifacts_dir / "shapes-rank-1440.png", DESKTOP)

    dash_duo.driver.get(dash_duo.server_url + "/")
    ruler = _ruler(dash_duo, "potash-second")
    potash = expected["potash-second"]["readings"][0]
    n, of = int(potash["at_claim_year"]["value"]), len(potash["shape"]["ranking"])
    assert ruler["kind"] == "rank" and ruler["claimedLabel"] == "claimed: second-largest"
    assert ruler["rows"][0]["text"] == f"{n}th of {of}"
    assert ruler["rows"][0]["left"] == pytest.approx((n - 1) / (of - 1) * 100, abs=0.01)
    assert ruler["claimed"] == pytest.approx((2 - 1) / (of - 1) * 100, abs=0.01)
    assert ruler["ticks"][0] == "1st" and ruler["ticks"][-1] == f"{of}th"
    assert f"ranked {n}th of {of}" in ruler["label"]
    assert_no_console_errors(dash_duo)


def test_a_converted_amount_names_its_exchange_rate(dash_duo, store_path, expected):
    dash_duo.start_server(create_app(store_path, claims_path=SHAPES))
    rate = expected["russia-gdp-euros"]["readings"][0]["at_claim_year"]["inputs"][-1]
    dash_duo.driver.get(dash_duo.server_url + "/")
    card = until(lambda: dash_duo.find_element("#card-russia-gdp-euros").text, timeout=30)
    assert f"converted with {rate['series']}" in card
    assert f"{rate['year']} annual average" in card


def test_the_shapes_fit_a_phone(dash_duo, store_path, expected, artifacts_dir):
    dash_duo.start_server(create_app(store_path, claims_path=SHAPES))
    dash_duo.driver.get(dash_duo.server_url + "/")
    set_viewport(dash_duo, PHONE)
    _ruler(dash_duo, "exports-points")
    assert page_width_fits(dash_duo, PHONE[0])
    screenshot(dash_duo, artifacts_dir / "shapes-overview-390.png", PHONE)
    for path in ("/claim/exports-points", "/claim/russia-fifth-in-region"):
        fig = _open(dash_duo, path)
        set_viewport(dash_duo, PHONE)
        fig = until(lambda: graph(dash_duo, "main-chart"), timeout=30)
        left, _, right, _ = fig["box"]
        assert right - left <= PHONE[0] and page_width_fits(dash_duo, PHONE[0]), path
        screenshot(dash_duo, artifacts_dir / f"shapes-{path.rsplit('/', 1)[-1]}-390.png", PHONE)
    assert_no_console_errors(dash_duo)
