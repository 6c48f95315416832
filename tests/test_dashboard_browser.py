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
    assert_no_console_errors,
    check_json,
    graph,
    no_horizontal_overflow,
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
SCORED = {"consistent", "approximately", "outdated", "overstated", "understated"}


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
    dash_duo.start_server(create_app(store_path))
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
        assert claim["claim"]["gloss"] in card.text

        # one plain sentence, in words: no internal reading ids
        sentence = dash_duo.find_element(f"#sentence-{cid}").text
        assert sentence and not any(r["reading_id"] in sentence for r in claim["readings"])

        scored = [r for r in claim["readings"]
                  if r["verdict"] in SCORED and r["at_claim_year"]]
        if claim["claim"]["qualitative"] or not scored:
            assert dash_duo.find_element(f"#ruler-{cid}").get_attribute("class").startswith(
                "ruler-none")
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
            year = ruler.find_element(By.CSS_SELECTOR,
                                      f".ruler-year[data-reading='{r['reading_id']}']")
            assert year.text == str(r["at_claim_year"]["year"])
            x = dot.location["x"] + dot.size["width"] / 2
            positions.append((r["at_claim_year"]["value"], x))
            # a dot sits on the claimed side it belongs to
            if r["at_claim_year"]["value"] < claim["claim"]["value"]:
                assert x <= claim_x + 8
            elif r["at_claim_year"]["value"] > claim["claim"]["value"]:
                assert x >= claim_x - 8
        by_value = [x for _, x in sorted(positions)]
        assert by_value == sorted(by_value), "dots are placed in the order of their values"
        # the claimed band is drawn (one-sided claims reach the ruler's edge)
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
    assert no_horizontal_overflow(dash_duo)
    screenshot(dash_duo, artifacts_dir / "overview-390.png", PHONE)
    assert no_horizontal_overflow(dash_duo), "the overview overflows at 390 px"
    assert_no_console_errors(dash_duo)


# -- claim pages ---------------------------------------------------------------------------------
def test_every_claim_page_opens_on_charts_with_data_title_and_source(
    dash_duo, store_path, artifacts_dir
):
    expected = check_json(store_path)
    article_date = expected["article"]["date"]
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    set_viewport(dash_duo, DESKTOP)
    for claim in expected["claims"]:
        cid = claim["claim"]["id"]
        dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}")
        dash_duo.wait_for_element("#reading-chart .main-svg", timeout=20)
        head = dash_duo.find_element("#claim-verdict")
        assert "Claim verdict" in head.text
        assert head.find_element(By.CSS_SELECTOR, ".verdict").get_attribute(
            "data-verdict") == claim["verdict"]

        # all readings on one chart, never empty
        with_data = [r for r in claim["readings"] if has_data(r)]
        assert with_data, f"{cid}: the snapshot has data for some reading"
        everything = until(lambda: graph(dash_duo, "all-readings-chart"))
        assert any(len(x) for x in everything["x"]), f"{cid}: the first chart is empty"
        # the detail opens on a reading with data too, its verdict labelled as the reading's
        detail = until(lambda: graph(dash_duo, "reading-chart"))
        assert detail["names"] and len(detail["x"][0]) > 0, f"{cid}: empty default chart"
        shown = dash_duo.find_element("#reading-select input:checked").get_attribute("value")
        reading = next(r for r in claim["readings"] if r["reading_id"] == shown)
        assert has_data(reading)
        likely = next((r for r in claim["readings"] if r["likely"]), None)
        if likely is not None and has_data(likely):
            assert shown == likely["reading_id"], "the most likely reading first when it has data"
        assert "Reading verdict" in dash_duo.find_element("#reading-summary").text
        assert dash_duo.find_element("#reading-verdict").get_attribute("data-verdict") == \
            reading["verdict"]

        for fig in (everything, detail):
            assert fig["title"] and fig["subtitle"]
            source = next(a for a in fig["annotations"] if a.startswith("Source:"))
            retrieved = {leaf["retrieved_at"][:10] for r in with_data
                         for p in (r["at_claim_year"], r["latest"]) if p
                         for leaf in leaves(p)}
            assert any(day in source for day in retrieved), source
            assert len(fig["xticks"]) == len(set(fig["xticks"])), "duplicate year ticks"
            assert any(article_date in a.replace("<br>", " ") for a in fig["annotations"])
            # every annotation (claimed, article date, source line) lies inside the figure
            left, top, right, bottom = fig["box"]
            for box in fig["annotationBoxes"]:
                assert left - 1 <= box[0] and box[2] <= right + 1, (cid, box, fig["box"])
                assert top - 1 <= box[1] and box[3] <= bottom + 1, (cid, box, fig["box"])
        units = {r["claimed_unit"] for r in with_data}
        if any(u and ("percent" in u or "%" in u) for u in units):
            assert everything["ytick0"] == 0, "shares start at zero"
        scored = [r for r in with_data if r["verdict"] in SCORED and r["band"]]
        if scored:
            band = scored[0]["band"]
            rects = [s for s in everything["shapes"] if s["type"] == "rect"]
            assert any(s["y0"] == band["consistent_low"] for s in rects), "claimed band drawn"
            assert any(s["type"] == "line" and s["y0"] == s["y1"] == claim["claim"]["value"]
                       for s in everything["shapes"])

        # the robustness strip: a verdict per reading and year, as the verdict rules give it
        for r in claim["readings"]:
            for cell in r["robustness"]:
                assert dash_duo.driver.find_elements(
                    By.CSS_SELECTOR, f"#robustness-strip td[data-year='{cell['year']}']"
                    f"[data-verdict='{cell['verdict']}']"), (cid, r["reading_id"], cell)
        screenshot(dash_duo, artifacts_dir / f"claim-{cid}-1440.png", DESKTOP)
        screenshot(dash_duo, artifacts_dir / f"claim-{cid}-390.png", PHONE)
        assert no_horizontal_overflow(dash_duo), f"{cid} overflows at 390 px"
        set_viewport(dash_duo, DESKTOP)
    assert_no_console_errors(dash_duo)


def test_reading_choice_and_peers_follow_the_url_and_back(dash_duo, store_path):
    expected = check_json(store_path)
    claim, reading = reading_with_peers(expected)
    cid, rid = claim["claim"]["id"], reading["reading_id"]
    peer = reading["peers"][0]

    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element(f"#card-{cid} .more", timeout=20).click()
    dash_duo.wait_for_element("#reading-chart .main-svg", timeout=20)
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

    traces = until(lambda: graph(dash_duo, "reading-chart"))["names"]
    dash_duo.find_element(f"#peer-select input[value='{peer['economy']}']").click()
    until(lambda: len(graph(dash_duo, "reading-chart")["names"]) == len(traces) + 1)
    assert any(peer["economy_name"] in t for t in graph(dash_duo, "reading-chart")["names"])
    until(lambda: url_state(dash_duo).get("peers") == [peer["economy"]])

    provenance = dash_duo.driver.execute_script(
        "return document.querySelector('#provenance').textContent;")
    for leaf in leaves(reading["at_claim_year"]):
        for key in ("series", "publisher_updated", "retrieved_at", "origin"):
            if leaf[key]:
                assert leaf[key] in provenance, (key, leaf[key])

    dash_duo.driver.back()
    until(lambda: len(graph(dash_duo, "reading-chart")["names"]) == len(traces))
    dash_duo.driver.back()
    until(lambda: dash_duo.find_element("#reading-verdict").get_attribute("data-verdict")
          == other["verdict"])
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
          == reading["verdict"])
    assert dash_duo.find_element(f"#reading-select input[value='{rid}']").is_selected()
    assert dash_duo.find_element(f"#peer-select input[value='{peer['economy']}']").is_selected()
    until(lambda: any(peer["economy_name"] in t for t in graph(dash_duo, "reading-chart")
                      ["names"]))
    assert url_state(dash_duo) == {"reading": [rid], "peers": [peer["economy"]]}
    assert_no_console_errors(dash_duo)


def test_chart_tabs_table_sources_and_downloads(dash_duo, store_path, artifacts_dir):
    """Chart / Table / Sources by keyboard; the Table tab holds the plotted values as text;
    Download CSV gives the same values, Download PNG an image."""
    expected = check_json(store_path)
    claim, reading = reading_with_peers(expected)
    cid, rid = claim["claim"]["id"], reading["reading_id"]
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}?reading={rid}")
    dash_duo.wait_for_element("#reading-chart .main-svg", timeout=20)
    panel = dash_duo.find_element("#panel-reading")
    tabs = panel.find_elements(By.CSS_SELECTOR, "[role='tab']")
    assert [t.text for t in tabs] == ["Chart", "Table", "Sources"]
    assert tabs[0].get_attribute("aria-selected") == "true"

    # keyboard only: focus the selected tab, arrow to "Table", and read the values
    tabs[0].send_keys(Keys.ARROW_RIGHT)
    until(lambda: panel.find_elements(By.CSS_SELECTOR, "[role='tab']")[1].get_attribute(
        "aria-selected") == "true")
    table = until(lambda: panel.find_element(By.CSS_SELECTOR, ".values-table"))
    ref = reading["at_claim_year"]
    row_texts = [r.text for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    assert any(str(ref["year"]) in t and fmt_value(ref["value"], ref["unit"]) in t
               for t in row_texts), row_texts
    panel.find_elements(By.CSS_SELECTOR, "[role='tab']")[2].send_keys(Keys.ENTER)
    sources = until(lambda: panel.find_element(By.CSS_SELECTOR, ".sources-list").text)
    for leaf in leaves(ref):
        assert leaf["series"] in sources and leaf["retrieved_at"][:10] in sources
        assert leaf["source"] in sources
    screenshot(dash_duo, artifacts_dir / "claim-sources-tab-1440.png", DESKTOP)

    download_dir = Path(dash_duo.download_path)
    dash_duo.driver.execute_cdp_cmd(
        "Page.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(download_dir)})
    panel.find_element(By.CSS_SELECTOR, "button[id*='chart-csv']").click()
    csv_path = until(lambda: next((p for p in download_dir.iterdir() if p.suffix == ".csv"
                                   and p.stat().st_size), None), timeout=15)
    rows = list(csv.DictReader(io.StringIO(csv_path.read_text(encoding="utf-8"))))
    assert csv_path.name == f"claimcheck-{cid}-{rid}.csv"
    assert any(int(r["year"]) == ref["year"] and float(r["value"]) == ref["value"]
               for r in rows)
    assert {r["retrieved"] for r in rows} <= {leaf["retrieved_at"][:10] for p in
                                             (ref, reading["latest"]) for leaf in leaves(p)} | {""}

    panel.find_element(By.CSS_SELECTOR, "button[id*='chart-png']").click()
    png = until(lambda: next((p for p in download_dir.iterdir() if p.suffix == ".png"
                              and p.stat().st_size), None), timeout=20)
    assert png.name == f"claimcheck-{cid}-{rid}.png"
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert_no_console_errors(dash_duo)


def test_table_has_readable_columns_a_picker_and_the_cli_export(
    dash_duo, store_path, tmp_path, artifacts_dir
):
    belarus = ("--claims", str(DEFAULT_CLAIMS_FILE))  # the article the app shows
    cli_csv = run_cli(store_path, "export", "--format", "csv", *belarus)
    cli_json = json.loads(run_cli(store_path, "export", "--format", "json", *belarus))
    n_rows = len(list(csv.DictReader(io.StringIO(cli_csv.decode("utf-8")))))

    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#nav-table", timeout=20).click()
    set_viewport(dash_duo, DESKTOP)
    dash_duo.wait_for_element("#readings-grid .ag-row", timeout=20)
    until(lambda: len(dash_duo.find_elements(
        "#readings-grid .ag-center-cols-container .ag-row")) == n_rows)
    headers = [h.text for h in dash_duo.find_elements("#readings-grid .ag-header-cell-text")]
    assert len(headers) == 8 and "Reading verdict" in headers and "Claim" in headers
    assert not any("_" in h for h in headers), headers

    # a hidden column can be switched on
    dash_duo.find_element(".column-picker summary").click()
    dash_duo.find_element("#column-select input[value='dataset']").click()
    until(lambda: "Dataset" in [h.text for h in dash_duo.find_elements(
        "#readings-grid .ag-header-cell-text")])

    dash_duo.find_element("#readings-grid .ag-header-cell[col-id='verdict']").click()
    until(lambda: (cells := [c.text for c in dash_duo.find_elements(
        "#readings-grid .ag-center-cols-container [col-id='verdict']")]) == sorted(cells)
        and len(cells) == n_rows)
    screenshot(dash_duo, artifacts_dir / "table-1440.png", DESKTOP)
    # a phone gets a list: one line per reading
    screenshot(dash_duo, artifacts_dir / "table-390.png", PHONE)
    until(lambda: dash_duo.find_element("#table-phone").is_displayed())
    assert len(dash_duo.find_elements("#table-phone .reading-row")) == n_rows
    assert no_horizontal_overflow(dash_duo)
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
    dash_duo.start_server(create_app(store_path, claims_path=claims))
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
    assert no_horizontal_overflow(dash_duo)
    assert_no_console_errors(dash_duo)
