"""The dashboard in real headless Chromium (dash_duo): what a reader sees and can do.

Every expectation comes from the CLI at test time (`claimcheck check --format json`,
`claimcheck export`) on the same seeded store; no statistic is written here. These tests fail
(never skip) when Chromium or chromedriver is missing. Accessibility (axe-core), tap targets
and page lengths are in test_dashboard_a11y.py.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pytest
from dash_helpers import (
    DESKTOP,
    PHONE,
    SCORED,
    assert_no_console_errors,
    belarus_app,
    check_json,
    graph,
    page_width_fits,
    run_cli,
    screenshot,
    set_viewport,
    until,
    url_state,
)
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

from cache.store import Store
from dashboard.app import create_app
from indicators.claims.load import DEFAULT_CLAIMS_FILE
from indicators.numbers import fmt_value

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _browser_must_exist():
    binary = os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium")
    if not Path(binary).exists() or shutil.which("chromedriver") is None:
        pytest.fail(
            f"browser tests need Chromium ({binary}) and chromedriver on PATH: "
            "apt-get install -y chromium chromium-driver"
        )


def reading_with_peers(expected: dict) -> tuple[dict, dict]:
    """A claim and one of its readings that has data for at least one peer economy."""
    for claim in expected["claims"]:
        for reading in claim["readings"]:
            if reading["peers"] and reading["measure_kind"] != "none":
                return claim, reading
    raise AssertionError("the claims file has no reading with peer data to test")


def has_data(reading: dict) -> bool:
    return reading["measure_kind"] != "none" and bool(reading["latest"]
                                                      or reading["at_claim_year"])


def leaves(point: dict) -> list[dict]:
    return [leaf for p in (point["inputs"] or [point]) for leaf in leaves(p)] \
        if point["inputs"] else [point]


# -- the overview ------------------------------------------------------------------------------
def test_overview_shows_each_claim_on_its_ruler_as_the_cli_computes(
    dash_duo, store_path, artifacts_dir
):
    expected = check_json(store_path)
    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    set_viewport(dash_duo, DESKTOP)
    assert dash_duo.find_element("#headline").text == expected["headline"]

    for claim in expected["claims"]:
        cid = claim["claim"]["id"]
        card = dash_duo.find_element(f"#card-{cid}")
        assert card.get_attribute("data-verdict") == claim["verdict"]
        verdict = card.find_element(By.CSS_SELECTOR, ".card-verdict")
        assert verdict.find_element(By.CSS_SELECTOR, ".verdict-kind").text == \
            "Claim verdict:"
        badge = verdict.find_element(By.CSS_SELECTOR, ".verdict")
        assert badge.find_element(By.CSS_SELECTOR, ".verdict-label").text == claim["verdict"]
        assert badge.find_element(By.CSS_SELECTOR, ".verdict-icon").text.strip()  # not colour only
        assert claim["claim"]["gloss"][1:] in card.text

        scored = [r for r in claim["readings"]
                  if r["verdict"] in SCORED and r["at_claim_year"]]
        if claim["claim"]["qualitative"] or not scored:
            assert not card.find_elements(By.CSS_SELECTOR, ".ruler-dot")
            continue
        ruler = dash_duo.find_element(f"#ruler-{cid}")
        assert claim["claim"]["bound"] in ruler.find_element(
            By.CSS_SELECTOR, ".ruler-claim-label").text
        claim_x = ruler.find_element(By.CSS_SELECTOR, ".ruler-claim").location["x"]
        positions = []
        for r in scored:
            dot = ruler.find_element(By.CSS_SELECTOR,
                                     f".ruler-dot[data-reading='{r['reading_id']}']")
            assert dot.get_attribute("data-verdict") == r["verdict"]
            assert float(dot.get_attribute("data-value")) == r["at_claim_year"]["value"]
            row = ruler.find_element(By.CSS_SELECTOR,
                                     f".ruler-row[data-reading='{r['reading_id']}']")
            assert str(r["at_claim_year"]["year"]) in row.text and r["label"] in row.text
            x = dot.location["x"] + dot.size["width"] / 2
            positions.append((r["at_claim_year"]["value"], x))
            # a dot sits on the claimed side it belongs to
            if r["at_claim_year"]["value"] < claim["claim"]["value"]:
                assert x <= claim_x + 8
            elif r["at_claim_year"]["value"] > claim["claim"]["value"]:
                assert x >= claim_x - 8
        by_value = [x for _, x in sorted(positions)]
        assert by_value == sorted(by_value), "dots are placed in the order of their values"
        assert ruler.find_elements(By.CSS_SELECTOR, ".ruler-band-consistent")

        # the full explanation and each source are one click away
        more = dash_duo.find_element(f"#more-{cid}")
        more.find_element(By.TAG_NAME, "summary").click()
        for r in claim["readings"]:
            row = dash_duo.find_element(f"#row-{cid}-{r['reading_id']}")
            until(lambda row=row: row.is_displayed())
            assert row.get_attribute("data-verdict") == r["verdict"]

    with Store.open(store_path, read_only=True) as store:
        as_of = max(f.accessed_at for f in store.fetches())[:10]
    assert f"Data as of {as_of}" in dash_duo.find_element("#data-as-of").text
    screenshot(dash_duo, artifacts_dir / "overview-1440.png", DESKTOP)
    assert page_width_fits(dash_duo, DESKTOP[0])
    screenshot(dash_duo, artifacts_dir / "overview-390.png", PHONE)
    assert page_width_fits(dash_duo, PHONE[0]), "the overview overflows at 390 px"
    assert_no_console_errors(dash_duo)


# -- claim pages ---------------------------------------------------------------------------------
def test_every_claim_page_opens_on_charts_with_data_title_and_source(
    dash_duo, store_path, artifacts_dir
):
    expected = check_json(store_path)
    article_date = expected["article"]["date"]
    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    set_viewport(dash_duo, DESKTOP)
    for claim in expected["claims"]:
        cid = claim["claim"]["id"]
        dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}")
        dash_duo.wait_for_element("#detail-chart .main-svg", timeout=20)
        head = dash_duo.find_element("#claim-verdict")
        assert "Claim verdict" in head.text
        assert head.find_element(By.CSS_SELECTOR, ".verdict").get_attribute(
            "data-verdict") == claim["verdict"]

        # the main chart is never empty; the detail opens on a source with data
        with_data = [r for r in claim["readings"] if has_data(r)]
        assert with_data, f"{cid}: the snapshot has data for some reading"
        main = until(lambda: graph(dash_duo, "main-chart"))
        assert any(len(x) for x in main["x"]), f"{cid}: the first chart is empty"
        detail = until(lambda: graph(dash_duo, "detail-chart"))
        assert detail["names"] and len(detail["x"][0]) > 0, f"{cid}: empty default chart"
        shown = dash_duo.find_element("#reading-select input:checked").get_attribute("value")
        reading = next(r for r in claim["readings"] if r["reading_id"] == shown)
        assert has_data(reading)
        likely = next((r for r in claim["readings"] if r["likely"]), None)
        if likely is not None and has_data(likely):
            assert shown == likely["reading_id"], "the most likely reading first when it has data"
        assert "Verdict on this source" in dash_duo.find_element("#reading-summary").text
        assert dash_duo.find_element("#reading-verdict").get_attribute("data-verdict") == \
            reading["verdict"]

        for panel, fig in (("main", main), ("detail", detail)):
            title = dash_duo.find_element(f"#panel-{panel} .chart-title").text
            assert title and dash_duo.find_element(f"#panel-{panel} .chart-subtitle").text
            source = dash_duo.find_element(f"#panel-{panel} .chart-source").text
            assert source.startswith("Source: ")
            retrieved = {leaf["retrieved_at"][:10] for r in with_data
                         for p in (r["at_claim_year"], r["latest"]) if p
                         for leaf in leaves(p)}
            assert any(day in source for day in retrieved), source
            assert len(fig["xticks"]) == len(set(fig["xticks"])), "duplicate year ticks"
            assert any(article_date in a.replace("<br>", " ") for a in fig["annotations"])
            # every annotation (claimed, article date, deciding label) lies inside the figure
            left, top, right, bottom = fig["box"]
            for box in fig["annotationBoxes"]:
                assert left - 1 <= box[0] and box[2] <= right + 1, (cid, box, fig["box"])
                assert top - 1 <= box[1] and box[3] <= bottom + 1, (cid, box, fig["box"])
        units = {r["claimed_unit"] for r in with_data}
        if any(u and ("percent" in u or "%" in u) for u in units):
            assert main["ytick0"] == 0, "shares start at zero"
        deciding = next((r for r in claim["readings"]
                         if r["reading_id"] == claim["deciding_reading"]), None)
        if deciding is not None and deciding["band"]:
            band = deciding["band"]
            rects = [s for s in main["shapes"] if s["type"] == "rect"]
            assert any(s["y0"] == band["consistent_low"] for s in rects), "claimed band drawn"
            assert any(s["type"] == "line" and s["y0"] == s["y1"] == claim["claim"]["value"]
                       for s in main["shapes"])

        # the verdict by year for every scored source, as the verdict rules give it
        for r in claim["readings"]:
            if r["verdict"] not in SCORED:
                continue
            for cell in r["robustness"]:
                assert dash_duo.driver.find_elements(
                    By.CSS_SELECTOR, f"#robustness-strip td[data-year='{cell['year']}']"
                    f"[data-verdict='{cell['verdict']}']"), (cid, r["reading_id"], cell)
        screenshot(dash_duo, artifacts_dir / f"claim-{cid}-1440.png", DESKTOP)
        screenshot(dash_duo, artifacts_dir / f"claim-{cid}-390.png", PHONE)
        assert page_width_fits(dash_duo, PHONE[0]), f"{cid} overflows at 390 px"
        set_viewport(dash_duo, DESKTOP)
    assert_no_console_errors(dash_duo)


def test_reading_choice_and_peers_follow_the_url(dash_duo, store_path):
    expected = check_json(store_path)
    claim, reading = reading_with_peers(expected)
    cid, rid = claim["claim"]["id"], reading["reading_id"]
    peer = reading["peers"][0]

    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element(f"#card-{cid} .more", timeout=20).click()
    dash_duo.wait_for_element("#detail-chart .main-svg", timeout=20)
    assert urlparse(dash_duo.driver.current_url).path == f"/claim/{cid}"

    other = next(r for r in claim["readings"] if r["reading_id"] != rid)
    for choice in (other, reading):
        dash_duo.find_element(f"#reading-select input[value='{choice['reading_id']}']").click()
        until(lambda c=choice: url_state(dash_duo).get("reading") == [c["reading_id"]])
        until(lambda c=choice: dash_duo.find_element("#reading-verdict").get_attribute(
            "data-verdict") == c["verdict"])

    # only peers with data are offered; the others are named in a note
    offered = {e.get_attribute("value") for e in
               dash_duo.find_elements("#peer-select input")}
    assert offered == {p["economy"] for p in reading["peers"]}
    missing = [p for p in claim["claim"]["peers"] if p not in offered]
    if missing:
        assert "No comparable data" in dash_duo.find_element("#peer-note").text or \
            "No peer comparison" in dash_duo.find_element("#peer-note").text

    traces = until(lambda: graph(dash_duo, "detail-chart"))["names"]
    dash_duo.find_element(f"#peer-select input[value='{peer['economy']}']").click()
    until(lambda: len(graph(dash_duo, "detail-chart")["names"]) == len(traces) + 1)
    assert any(peer["economy_name"] in t for t in graph(dash_duo, "detail-chart")["names"])
    until(lambda: url_state(dash_duo).get("peers") == [peer["economy"]])

    provenance = dash_duo.driver.execute_script(
        "return document.querySelector('#provenance').textContent;")
    for leaf in leaves(reading["at_claim_year"]):
        for key in ("series", "retrieved_at", "origin"):
            if leaf[key]:
                assert leaf[key] in provenance, (key, leaf[key])
    assert_no_console_errors(dash_duo)


def test_a_url_with_state_restores_the_view(dash_duo, store_path):
    expected = check_json(store_path)
    claim, reading = reading_with_peers(expected)
    cid, rid = claim["claim"]["id"], reading["reading_id"]
    peer = reading["peers"][0]

    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}?reading={rid}&peers={peer['economy']}")
    dash_duo.wait_for_element("#detail-chart .main-svg", timeout=20)
    until(lambda: dash_duo.find_element("#reading-verdict").get_attribute("data-verdict")
          == reading["verdict"])
    assert dash_duo.find_element(f"#reading-select input[value='{rid}']").is_selected()
    assert dash_duo.find_element(f"#peer-select input[value='{peer['economy']}']").is_selected()
    until(lambda: any(peer["economy_name"] in t for t in graph(dash_duo, "detail-chart")
                      ["names"]))
    assert url_state(dash_duo) == {"reading": [rid], "peers": [peer["economy"]]}
    assert_no_console_errors(dash_duo)


def test_chart_tabs_table_sources_and_downloads(dash_duo, store_path, artifacts_dir):
    """Chart / Table / Sources by keyboard; the Table tab holds the plotted values as text;
    Download CSV gives the same values, Download PNG an image."""
    expected = check_json(store_path)
    claim, reading = reading_with_peers(expected)
    cid, rid = claim["claim"]["id"], reading["reading_id"]
    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}?reading={rid}")
    dash_duo.wait_for_element("#detail-chart .main-svg", timeout=20)
    panel = dash_duo.find_element("#panel-detail")
    tabs = panel.find_elements(By.CSS_SELECTOR, "[role='tab']")
    assert [t.text for t in tabs] == ["Chart", "Table", "Sources"]
    assert tabs[0].get_attribute("aria-selected") == "true"

    # keyboard only: focus the selected tab, arrow to "Table", and read the values
    tabs[0].send_keys(Keys.ARROW_RIGHT)
    until(lambda: panel.find_elements(By.CSS_SELECTOR, "[role='tab']")[1].get_attribute(
        "aria-selected") == "true")
    assert dash_duo.driver.switch_to.active_element.get_attribute("data-tab") == "table"
    table = until(lambda: panel.find_element(By.CSS_SELECTOR, ".values-table"))
    ref = reading["at_claim_year"]
    row_texts = [r.text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert any(str(ref["year"]) in t and fmt_value(ref["value"], ref["unit"]) in t
               for t in row_texts), row_texts
    panel.find_elements(By.CSS_SELECTOR, "[role='tab']")[2].send_keys(Keys.ENTER)
    sources = until(lambda: panel.find_element(By.CSS_SELECTOR, ".sources-list").text)
    for leaf in leaves(ref):
        assert leaf["retrieved_at"][:10] in sources and leaf["series_name"] in sources
    screenshot(dash_duo, artifacts_dir / "claim-sources-tab-1440.png", DESKTOP)

    download_dir = Path(dash_duo.download_path)
    dash_duo.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    panel.find_element(By.CSS_SELECTOR, "button[data-action='csv']").click()
    csv_path = until(lambda: next((p for p in download_dir.iterdir() if p.suffix == ".csv"
                                   and p.stat().st_size), None), timeout=15)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert csv_path.name == f"claimcheck-{cid}-{rid}.csv"
    assert any(int(r["year"]) == ref["year"] and float(r["value"]) == ref["value"]
               for r in rows)
    assert {r["retrieved"] for r in rows} <= {leaf["retrieved_at"][:10] for p in
                                             (ref, reading["latest"]) for leaf in leaves(p)} | {""}

    panel.find_element(By.CSS_SELECTOR, "button[data-action='png']").click()
    png = until(lambda: next((p for p in download_dir.iterdir() if p.suffix == ".png"
                              and p.stat().st_size), None), timeout=20)
    assert png.name == f"claimcheck-{cid}-{rid}.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(png.read_bytes()[16:20], "big")
    assert width == 2000, "a fixed-width export (1000 px at scale 2), whatever the screen"
    assert_no_console_errors(dash_duo)


def test_table_has_readable_columns_sorting_a_picker_and_the_cli_export(
    dash_duo, store_path, tmp_path, artifacts_dir
):
    belarus = ("--claims", str(DEFAULT_CLAIMS_FILE))  # the article the app shows
    cli_csv = run_cli(store_path, "export", "--format", "csv", *belarus)
    cli_json = json.loads(run_cli(store_path, "export", "--format", "json", *belarus))
    n_rows = len(list(csv.DictReader(io.StringIO(cli_csv.decode("utf-8")))))

    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element("#nav-table", timeout=20).click()
    set_viewport(dash_duo, DESKTOP)
    table = dash_duo.wait_for_element("#claims-table", timeout=20)
    assert len(table.find_elements(By.CSS_SELECTOR, "tbody tr")) == n_rows
    headers = [h.text.strip(" ▲▼") for h in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert len(headers) == 8 and "Verdict on this source" in headers and "Claim" in headers
    assert not any("_" in h for h in headers), headers

    # sorting by a column: the URL says so, the history keeps one entry for the page
    history = dash_duo.driver.execute_script("return history.length;")
    dash_duo.find_element("#claims-table th a[href*='sort=difference']").click()
    until(lambda: url_state(dash_duo).get("sort") == ["difference"])
    until(lambda: dash_duo.find_element("#claims-table th[aria-sort='descending']"))
    col = headers.index("Difference")

    def differences() -> list[float]:
        cells = [r.find_elements(By.TAG_NAME, "td")[col].text for r in
                 dash_duo.find_elements("#claims-table tbody tr")]
        return [float(c.split()[0].replace("−", "-").replace("+", "").replace("±", ""))
                for c in cells
                if c != "–"]

    until(lambda: differences() == sorted(differences(), reverse=True) and differences())
    assert dash_duo.driver.execute_script("return history.length;") == history

    # a hidden column can be switched on
    dash_duo.find_element(".column-picker summary").click()
    dash_duo.find_element("#column-select input[value='dataset']").click()
    until(lambda: "Dataset" in [h.text for h in dash_duo.find_elements("#claims-table thead th")])
    assert "dataset" in url_state(dash_duo)["cols"][0].split(",")
    screenshot(dash_duo, artifacts_dir / "table-1440.png", DESKTOP)
    # a phone gets a list: one line per reading
    screenshot(dash_duo, artifacts_dir / "table-390.png", PHONE)
    until(lambda: dash_duo.find_element("#table-phone").is_displayed())
    assert len(dash_duo.find_elements("#table-phone .reading-row")) == n_rows
    assert page_width_fits(dash_duo, PHONE[0])
    set_viewport(dash_duo, DESKTOP)

    download_dir = Path(dash_duo.download_path)
    dash_duo.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})

    def downloaded(suffix: str) -> Path:
        until(lambda: any(p.suffix == suffix for p in download_dir.iterdir()), timeout=15)
        path = next(p for p in download_dir.iterdir() if p.suffix == suffix)
        until(lambda: path.stat().st_size > 0, timeout=5)
        return path

    dash_duo.find_element("#download-csv").click()
    assert downloaded(".csv").read_bytes() == cli_csv
    dash_duo.find_element("#download-json").click()
    got = json.loads(downloaded(".json").read_bytes())
    got.pop("generated_at"), cli_json.pop("generated_at")
    assert got == cli_json
    assert_no_console_errors(dash_duo)


def test_empty_store_says_which_command_to_run(dash_duo, tmp_path):
    missing = tmp_path / "nothing-here.sqlite"
    dash_duo.start_server(create_app(missing))
    command = dash_duo.wait_for_element("#seed-command", timeout=20).text
    assert "refresh --offline" in command and str(missing) in command
    assert "Traceback" not in dash_duo.find_element("body").text
    assert_no_console_errors(dash_duo)


def test_one_sided_claims_get_one_sided_rulers(dash_duo, store_path, artifacts_dir):
    """tests/data/verdict_cases.toml: "more than", "over", "less than", "at most", "almost"."""
    claims = Path(__file__).parent / "data" / "verdict_cases.toml"
    expected = json.loads(run_cli(store_path, "check", "--claims", str(claims), "--format",
                                  "json"))
    dash_duo.start_server(belarus_app(store_path, claims_paths=[claims]))
    dash_duo.wait_for_element("#headline", timeout=20)
    set_viewport(dash_duo, DESKTOP)
    lower = {"more than", "over", "at least"}
    upper = {"less than", "under", "at most"}
    seen = set()
    for claim in expected["claims"]:
        cid, bound = claim["claim"]["id"], claim["claim"]["bound"]
        card = dash_duo.find_element(f"#card-{cid}")
        assert card.get_attribute("data-verdict") == claim["verdict"]
        bands = card.find_elements(By.CSS_SELECTOR, ".ruler-band-consistent")
        if not bands:
            continue
        classes = bands[0].get_attribute("class").split()
        assert ("open-right" in classes) == (bound in lower), (cid, bound, classes)
        assert ("open-left" in classes) == (bound in upper), (cid, bound, classes)
        assert f"claimed: {bound}" in card.find_element(
            By.CSS_SELECTOR, ".ruler-claim-label").text
        for r in claim["readings"]:
            if r["verdict"] in SCORED and r["at_claim_year"]:
                dot = card.find_element(By.CSS_SELECTOR,
                                        f".ruler-dot[data-reading='{r['reading_id']}']")
                assert dot.get_attribute("data-verdict") == r["verdict"]
        seen.add(bound)
    assert seen & lower and seen & upper, f"one-sided claims not exercised: {seen}"
    screenshot(dash_duo, artifacts_dir / "overview-one-sided-1440.png", DESKTOP)
    screenshot(dash_duo, artifacts_dir / "overview-one-sided-390.png", PHONE)
    assert page_width_fits(dash_duo, PHONE[0])
    assert_no_console_errors(dash_duo)
