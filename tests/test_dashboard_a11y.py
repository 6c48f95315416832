"""Accessibility and length, measured in headless Chromium at 1440×900 and 390×844.

* axe-core (from the npm registry, scripts/install-axe.sh) runs inside the page: zero
  violations of any impact (minor included) on every view — the list of articles, each
  overview (explanations open), every claim page (Chart, Table and Sources tabs, details
  open), the table, a page that does not exist, an empty store;
* every link, button and input is at least 24 × 24 px (WCAG 2.2 target size), on a phone too;
* the overview fits two desktop screens and five phone screens.
Screenshots of every view at both widths go to test-artifacts/. These tests fail, never skip,
when Chromium or axe-core cannot run.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from dash_helpers import (
    DESKTOP,
    PHONE,
    assert_no_console_errors,
    axe_violations,
    belarus_app,
    page_height,
    require_browser_and_axe,
    screenshot,
    set_viewport,
    small_tap_targets,
    until,
)
from selenium.webdriver.common.by import By

from dashboard.app import create_app
from indicators.claims.load import load_claims

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _browser_and_axe_must_exist():
    require_browser_and_axe()


def open_all_details(dash_duo) -> None:
    dash_duo.driver.execute_script(
        "document.querySelectorAll('details').forEach(d => d.open = true);")


def check_view(dash_duo, name: str, artifacts_dir: Path, *, shoot: bool = True) -> None:
    """axe and tap targets at both widths, with a screenshot of each (``shoot=False`` for the
    views test_dashboard_browser.py already photographs at both widths)."""
    for size in (DESKTOP, PHONE):
        set_viewport(dash_duo, size)
        violations = axe_violations(dash_duo)
        assert violations == [], f"{name} at {size[0]} px: {violations}"
        if size == PHONE:
            small = small_tap_targets(dash_duo)
            assert small == [], f"{name} at 390 px: targets under 24 px: {small}"
        if shoot:
            screenshot(dash_duo, artifacts_dir / f"a11y-{name}-{size[0]}.png", size)
    set_viewport(dash_duo, DESKTOP)


def test_overview_is_short_and_accessible(dash_duo, store_path, artifacts_dir):
    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    heights = {}
    for size in (DESKTOP, PHONE):
        set_viewport(dash_duo, size)
        heights[size] = page_height(dash_duo)
    assert heights[DESKTOP] <= 2 * DESKTOP[1], f"overview {heights[DESKTOP]} px at 1440×900"
    assert heights[PHONE] <= 5 * PHONE[1], f"overview {heights[PHONE]} px at 390×844"
    check_view(dash_duo, "overview", artifacts_dir, shoot=False)
    open_all_details(dash_duo)
    check_view(dash_duo, "overview-open", artifacts_dir)
    assert_no_console_errors(dash_duo)


# One test per claim of the bundled article, so parallel workers share them out.
CLAIM_IDS = [c.id for c in load_claims().claims]


@pytest.mark.parametrize("cid", CLAIM_IDS)
def test_every_claim_page_and_its_tabs_are_accessible(dash_duo, store_path, artifacts_dir, cid):
    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}")
    dash_duo.wait_for_element("#detail-chart .main-svg", timeout=20)
    check_view(dash_duo, f"claim-{cid}", artifacts_dir, shoot=False)
    if cid == CLAIM_IDS[0]:  # the tabs and details are the same components on every claim page
        open_all_details(dash_duo)
        panel = dash_duo.find_element("#panel-detail")
        for i, tab_name in ((1, "table"), (2, "sources")):
            panel.find_elements(By.CSS_SELECTOR, "[role='tab']")[i].click()
            until(lambda i=i, panel=panel: panel.find_elements(By.CSS_SELECTOR, "[role='tab']")[i]
                  .get_attribute("aria-selected") == "true")
            check_view(dash_duo, f"claim-{cid}-{tab_name}", artifacts_dir)
    assert_no_console_errors(dash_duo)


def test_table_missing_pages_and_an_empty_store_are_accessible(
    dash_duo, store_path, tmp_path, artifacts_dir
):
    dash_duo.start_server(belarus_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    dash_duo.driver.get(f"{dash_duo.server_url}/table")
    dash_duo.wait_for_element("#claims-table", timeout=20)
    check_view(dash_duo, "table", artifacts_dir, shoot=False)
    open_all_details(dash_duo)
    check_view(dash_duo, "table-columns", artifacts_dir, shoot=False)
    dash_duo.driver.get(f"{dash_duo.server_url}/claim/no-such-claim")
    dash_duo.wait_for_element("#not-found", timeout=20)
    check_view(dash_duo, "not-found", artifacts_dir)
    assert_no_console_errors(dash_duo)


def test_an_empty_store_page_is_accessible(dash_duo, tmp_path, artifacts_dir):
    dash_duo.start_server(create_app(tmp_path / "nothing.sqlite"))
    dash_duo.wait_for_element("#seed-command", timeout=20)
    check_view(dash_duo, "empty-store", artifacts_dir)


def test_the_list_of_articles_and_another_articles_pages_are_accessible(
    dash_duo, store_path, artifacts_dir, tmp_path
):
    from multi_articles import articles_folder

    folder = articles_folder(tmp_path)
    dash_duo.start_server(belarus_app(store_path, claims_paths=sorted(folder.glob("*.toml"))))
    dash_duo.wait_for_element("#article-index", timeout=20)
    check_view(dash_duo, "index", artifacts_dir)
    second = sorted(p.stem for p in folder.glob("*.toml"))[-1]
    dash_duo.driver.get(f"{dash_duo.server_url}/a/{second}/")
    dash_duo.wait_for_element("#headline", timeout=20)
    check_view(dash_duo, "second-overview", artifacts_dir, shoot=False)
    assert_no_console_errors(dash_duo)
