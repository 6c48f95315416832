"""The dashboard in real headless Chromium (dash_duo): what a reader sees and can do.

Every expectation comes from the CLI at test time (`claimcheck check --format json`,
`claimcheck export`) on the same seeded store; no statistic is written here. These tests fail
(never skip) when Chromium or chromedriver is missing.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from click.testing import CliRunner
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from cache.store import Store
from dashboard.app import create_app
from indicators.cli import cli

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _browser_must_exist():
    binary = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    if not Path(binary).exists() or shutil.which("chromedriver") is None:
        pytest.fail(
            f"browser tests need Chromium ({binary}) and chromedriver on PATH: "
            "apt-get install -y chromium chromium-driver"
        )


# -- expectations from the CLI ----------------------------------------------------------------
def run_cli(store_path: Path, *args: str) -> bytes:
    result = CliRunner().invoke(cli, ["--store", str(store_path), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout_bytes


def check_json(store_path: Path) -> dict:
    return json.loads(run_cli(store_path, "check", "--format", "json"))


def reading_with_peers(expected: dict) -> tuple[dict, dict]:
    """A claim and one of its readings that has data for at least one peer economy."""
    for claim in expected["claims"]:
        for reading in claim["readings"]:
            if reading["peers"] and reading["measure_kind"] != "none":
                return claim, reading
    raise AssertionError("the claims file has no reading with peer data to test")


# -- browser helpers --------------------------------------------------------------------------
def until(condition, timeout: float = 10.0, poll: float = 0.1):
    """Wait for ``condition()`` to be truthy; errors while the page updates count as 'not yet'."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        try:
            value = condition()
            if value:
                return value
        except Exception as exc:  # e.g. an element being replaced by a callback
            last_error = exc
        time.sleep(poll)
    raise AssertionError(f"condition not met within {timeout} s (last error: {last_error!r})")


def chart_traces(dash_duo) -> list[str]:
    return dash_duo.driver.execute_script(
        "const g = document.querySelector('#reading-chart .js-plotly-plot');"
        "return g && g.data ? g.data.map(t => t.name) : null;"
    )


def chart_layout(dash_duo) -> dict:
    return dash_duo.driver.execute_script(
        "const g = document.querySelector('#reading-chart .js-plotly-plot');"
        "return g && g.layout ? {shapes: g.layout.shapes || [],"
        " annotations: (g.layout.annotations || []).map(a => a.text)} : null;"
    )


def full_page_screenshot(dash_duo, path: Path, width: int) -> None:
    """Resize the window to the whole page so the artifact shows everything, not the fold."""
    driver = dash_duo.driver
    driver.set_window_size(width, 900)
    time.sleep(0.3)
    height = driver.execute_script("return document.documentElement.scrollHeight;")
    driver.set_window_size(width, min(height + 120, 8000))
    time.sleep(0.5)
    driver.save_screenshot(str(path))


def url_state(dash_duo) -> dict[str, list[str]]:
    return parse_qs(urlparse(dash_duo.driver.current_url).query)


def assert_no_console_errors(dash_duo) -> None:
    errors = [e["message"] for e in dash_duo.get_logs() if e.get("level") == "SEVERE"]
    assert errors == [], "\n".join(errors)


def no_horizontal_overflow(dash_duo) -> bool:
    return dash_duo.driver.execute_script(
        "return document.documentElement.scrollWidth <= window.innerWidth + 1;"
    )


# -- tests ------------------------------------------------------------------------------------
def test_overview_shows_each_claims_verdict_as_the_cli_computes(
    dash_duo, store_path, artifacts_dir
):
    expected = check_json(store_path)
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)

    for claim in expected["claims"]:
        cid = claim["claim"]["id"]
        card = dash_duo.find_element(f"#card-{cid}")
        assert card.get_attribute("data-verdict") == claim["verdict"]
        badge = card.find_element(By.CSS_SELECTOR, ".card-verdict .verdict")
        assert badge.find_element(By.CSS_SELECTOR, ".verdict-label").text == claim["verdict"]
        # colour is never the only signal: a glyph and the text are there too
        assert badge.find_element(By.CSS_SELECTOR, ".verdict-icon").text.strip()
        assert claim["claim"]["gloss"] in card.text
        for reading in claim["readings"]:
            row = dash_duo.find_element(f"#row-{cid}-{reading['reading_id']}")
            assert row.get_attribute("data-verdict") == reading["verdict"]
            assert reading["verdict"] in row.text
            if reading["at_claim_year"]:
                assert str(reading["at_claim_year"]["year"]) in row.text

    assert dash_duo.find_element("#headline").text == expected["headline"]

    with Store.open(store_path, read_only=True) as store:
        as_of = max(f.accessed_at for f in store.fetches())[:10]
    assert f"Data as of {as_of}" in dash_duo.find_element("#data-as-of").text

    full_page_screenshot(dash_duo, artifacts_dir / "dashboard-overview.png", 1280)
    assert no_horizontal_overflow(dash_duo)
    full_page_screenshot(dash_duo, artifacts_dir / "dashboard-overview-390px.png", 390)
    assert no_horizontal_overflow(dash_duo), "the overview overflows at 390 px"
    assert_no_console_errors(dash_duo)


def test_claim_detail_shows_chart_provenance_and_adds_peer_traces(
    dash_duo, store_path, artifacts_dir
):
    expected = check_json(store_path)
    claim, reading = reading_with_peers(expected)
    cid, rid = claim["claim"]["id"], reading["reading_id"]
    peer = reading["peers"][0]

    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element(f"#card-{cid} .more", timeout=20).click()
    dash_duo.wait_for_element("#reading-chart .main-svg", timeout=20)
    assert urlparse(dash_duo.driver.current_url).path == f"/claim/{cid}"

    # choose readings by their radio buttons; the URL follows each choice
    other = next(r for r in claim["readings"] if r["reading_id"] != rid)
    for choice in (other, reading):
        dash_duo.find_element(f"#reading-select input[value='{choice['reading_id']}']").click()
        until(lambda c=choice: url_state(dash_duo).get("reading") == [c["reading_id"]])
        until(lambda c=choice: dash_duo.find_element("#reading-verdict").get_attribute(
            "data-verdict") == c["verdict"])
    until(lambda: dash_duo.find_element("#reading-verdict").get_attribute("data-verdict")
          == reading["verdict"], timeout=10)

    traces = chart_traces(dash_duo)
    assert traces and not any(peer["economy_name"] in t for t in traces)
    shapes = chart_layout(dash_duo)["shapes"]
    claimed = reading["claimed_value"]
    assert any(s["type"] == "line" and s.get("y0") == claimed == s.get("y1") for s in shapes), (
        "the claimed value is drawn as a horizontal line"
    )
    annotations = chart_layout(dash_duo)["annotations"]
    assert any(expected["article"]["date"] in a for a in annotations), "article date marked"

    provenance = dash_duo.find_element("#provenance").text
    for leaf in reading["at_claim_year"]["inputs"] or [reading["at_claim_year"]]:
        for key in ("series", "publisher_updated", "retrieved_at", "origin"):
            if leaf[key]:
                assert leaf[key] in provenance, (key, leaf[key])
    for source, licence in ((x["source"], x["licence"]) for x in expected["licences"]):
        if source == (reading["at_claim_year"]["inputs"] or [reading["at_claim_year"]])[0][
            "source"
        ]:
            assert licence in provenance
    assert reading["meaning"] in dash_duo.find_element("#reading-summary").text

    # adding a peer adds one trace, named after the economy
    dash_duo.find_element(f"#peer-select input[value='{peer['economy']}']").click()
    until(lambda: len(chart_traces(dash_duo) or []) == len(traces) + 1, timeout=10)
    assert any(peer["economy_name"] in t for t in chart_traces(dash_duo))
    until(lambda: url_state(dash_duo).get("peers") == [peer["economy"]], timeout=10)

    full_page_screenshot(dash_duo, artifacts_dir / "dashboard-claim-detail.png", 1280)
    assert no_horizontal_overflow(dash_duo)
    full_page_screenshot(dash_duo, artifacts_dir / "dashboard-claim-detail-390px.png", 390)
    assert no_horizontal_overflow(dash_duo), "the claim detail overflows at 390 px"

    # Back steps through the choices: the peer goes, then the previous reading returns
    dash_duo.driver.back()
    until(lambda: len(chart_traces(dash_duo) or []) == len(traces))
    assert not dash_duo.find_element(
        f"#peer-select input[value='{peer['economy']}']").is_selected()
    dash_duo.driver.back()
    until(lambda: dash_duo.find_element("#reading-verdict").get_attribute("data-verdict")
          == other["verdict"])
    assert dash_duo.find_element(f"#reading-select input[value='{other['reading_id']}']"
                                 ).is_selected()
    assert_no_console_errors(dash_duo)


def test_a_url_with_state_restores_the_view(dash_duo, store_path):
    expected = check_json(store_path)
    claim, reading = reading_with_peers(expected)
    cid, rid = claim["claim"]["id"], reading["reading_id"]
    peer = reading["peers"][0]

    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}?reading={rid}&peers={peer['economy']}")
    dash_duo.wait_for_element("#reading-chart .main-svg", timeout=20)

    until(lambda: dash_duo.find_element("#reading-verdict").get_attribute("data-verdict")
          == reading["verdict"], timeout=10)
    assert dash_duo.find_element(f"#reading-select input[value='{rid}']").is_selected()
    assert dash_duo.find_element(f"#peer-select input[value='{peer['economy']}']").is_selected()
    until(lambda: any(peer["economy_name"] in t for t in chart_traces(dash_duo) or []),
          timeout=10)
    assert dash_duo.find_element("#claim-verdict").get_attribute("data-verdict") == (
        claim["verdict"]
    )
    # opening the URL did not rewrite it (Back still works)
    assert url_state(dash_duo) == {"reading": [rid], "peers": [peer["economy"]]}
    assert_no_console_errors(dash_duo)


def test_controls_work_from_the_keyboard(dash_duo, store_path):
    expected = check_json(store_path)
    claim = next(c for c in expected["claims"] if len(c["readings"]) > 1)
    cid = claim["claim"]["id"]
    first, second = claim["readings"][0], claim["readings"][1]

    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}?reading={first['reading_id']}")
    radio = dash_duo.wait_for_element(f"#reading-select input[value='{first['reading_id']}']",
                                      timeout=20)
    # every control has a visible label
    for control in dash_duo.find_elements("#reading-select input, #peer-select input"):
        assert control.find_element(By.XPATH, "./ancestor::label").text.strip()
    radio.send_keys(Keys.ARROW_DOWN)  # radio groups move with the arrow keys
    until(lambda: url_state(dash_duo).get("reading") == [second["reading_id"]], timeout=10)
    until(lambda: dash_duo.find_element("#reading-verdict").get_attribute("data-verdict")
          == second["verdict"], timeout=10)
    assert_no_console_errors(dash_duo)


def test_table_lists_every_row_and_downloads_equal_the_cli_export(
    dash_duo, store_path, tmp_path, artifacts_dir
):
    cli_csv = run_cli(store_path, "export", "--format", "csv")
    cli_json = json.loads(run_cli(store_path, "export", "--format", "json"))
    n_rows = len(list(csv.DictReader(io.StringIO(cli_csv.decode("utf-8")))))

    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#nav-table", timeout=20).click()
    dash_duo.wait_for_element("#readings-grid .ag-row", timeout=20)
    until(lambda: len(dash_duo.find_elements(
        "#readings-grid .ag-center-cols-container .ag-row")) == n_rows, timeout=10)

    # sortable: a click on the verdict header orders the rows by verdict
    dash_duo.find_element("#readings-grid .ag-header-cell[col-id='verdict']").click()
    until(lambda: (cells := [c.text for c in dash_duo.find_elements(
        "#readings-grid .ag-center-cols-container [col-id='verdict']")]) == sorted(cells)
        and len(cells) == n_rows)
    full_page_screenshot(dash_duo, artifacts_dir / "dashboard-table.png", 1280)

    download_dir = Path(dash_duo.download_path)
    # Chromium's new headless mode downloads only when told where to
    dash_duo.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)}
    )

    def downloaded(suffix: str) -> Path:
        until(lambda: any(p.suffix == suffix for p in download_dir.iterdir()), timeout=15)
        path = next(p for p in download_dir.iterdir() if p.suffix == suffix)
        until(lambda: path.stat().st_size > 0, timeout=5)
        return path

    dash_duo.find_element("#download-csv").click()
    assert downloaded(".csv").read_bytes() == cli_csv

    dash_duo.find_element("#download-json").click()
    got = json.loads(downloaded(".json").read_bytes())
    # the only difference allowed is when each was generated
    got.pop("generated_at"), cli_json.pop("generated_at")
    assert got == cli_json

    dash_duo.find_element("#download-xlsx").click()
    xlsx = downloaded(".xlsx")
    cli_xlsx = tmp_path / "cli.xlsx"
    run_cli(store_path, "export", "--format", "xlsx", "--output", str(cli_xlsx))
    from openpyxl import load_workbook

    mine, theirs = load_workbook(xlsx), load_workbook(cli_xlsx)
    for sheet in ("comparison", "sources"):
        assert [list(r) for r in mine[sheet].values] == [list(r) for r in theirs[sheet].values]
    assert_no_console_errors(dash_duo)


def test_empty_store_says_which_command_to_run(dash_duo, tmp_path):
    missing = tmp_path / "nothing-here.sqlite"
    dash_duo.start_server(create_app(missing))
    command = dash_duo.wait_for_element("#seed-command", timeout=20).text
    assert "refresh --offline" in command and str(missing) in command
    assert "Traceback" not in dash_duo.find_element("body").text
    assert_no_console_errors(dash_duo)
