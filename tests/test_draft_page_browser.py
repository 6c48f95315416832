"""The "Check an article" page in headless Chromium: a German passage (written for these
tests) pasted, its drafted rows read, a value corrected and its verdict changing, the claims
file downloaded and loaded; axe finds nothing at 1440 and 390 px."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from check_helpers import ARTICLE, DATE, TITLE
from click.testing import CliRunner
from dash_helpers import DESKTOP, PHONE, assert_no_console_errors, set_viewport, until
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from test_dashboard_a11y import _browser_and_axe_must_exist, check_view  # noqa: F401 (autouse)

from dashboard.app import create_app
from indicators.claims.load import load_claims
from indicators.cli import cli

pytestmark = pytest.mark.browser


def _verdicts(dash_duo) -> list[str]:
    return [td.find_element(By.CSS_SELECTOR, "[data-verdict]").get_attribute("data-verdict")
            for td in dash_duo.find_elements("#draft-table td[id*='draft-verdict']")]


def _values(dash_duo) -> list[str]:
    return [i.get_attribute("value") for i in _value_inputs(dash_duo)]


def _value_inputs(dash_duo):
    # a pattern id is rendered as its JSON text, keys sorted
    return dash_duo.find_elements("#draft-table input[id*='\"field\":\"value\"']")


def _each_row_is_a_card_on_a_phone(dash_duo) -> None:
    set_viewport(dash_duo, PHONE)
    try:
        region = dash_duo.find_element("#draft-table").find_element(By.XPATH, "..")
        sizes = dash_duo.driver.execute_script(
            "return [arguments[0].scrollWidth, arguments[0].clientWidth]", region)
        assert sizes[0] <= sizes[1], f"the drafted claims scroll sideways at 390 px: {sizes}"
        labels = dash_duo.driver.execute_script(
            "return Array.from(document.querySelectorAll('#draft-table tbody tr:first-child td'))"
            ".map(td => getComputedStyle(td, '::before').content)")
        assert labels == ['"Claim "', '"Quote"', '"Verdict"', '"Value"', '"Bound"',
                          '"Economy"', '"Year"', '"Series (● likely)"']
    finally:
        set_viewport(dash_duo, DESKTOP)


def test_paste_draft_correct_download(dash_duo, store_path, artifacts_dir):
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#nav-check").click()
    dash_duo.wait_for_text_to_equal("#page-title", "Check an article")
    dash_duo.find_element("#check-text").send_keys(ARTICLE)
    dash_duo.find_element("#check-title").send_keys(TITLE)
    dash_duo.find_element("#check-date").send_keys(DATE)
    dash_duo.find_element("#check-draft").click()
    dash_duo.wait_for_text_to_equal("#check-message",
                                    "Drafted 4 claims; correct any field below.", timeout=30)
    assert _values(dash_duo) == ["5.3", "62", "63", "14"]
    rows = dash_duo.find_elements("#draft-table tbody tr")
    assert "mehr als 14 Prozent" in rows[3].text and "POL" not in rows[3].text  # POL: an input
    assert [m.text for m in dash_duo.find_elements("#check-marked mark")][0].startswith(
        "Die polnische Wirtschaft ist 2022 um 5,3 Prozent gewachsen")
    assert "● World Bank FP.CPI.TOTL.ZG" in rows[3].text  # the likely series, marked
    before = _verdicts(dash_duo)
    assert before[0] == "consistent"
    check_view(dash_duo, "check-drafted", artifacts_dir)
    _each_row_is_a_card_on_a_phone(dash_duo)

    value = _value_inputs(dash_duo)[0]
    value.send_keys(Keys.CONTROL, "a")
    value.send_keys("1", Keys.ENTER)
    until(lambda: _verdicts(dash_duo)[0] == "understated", timeout=30)
    assert _verdicts(dash_duo)[1:] == before[1:]

    download_dir = Path(dash_duo.download_path)
    dash_duo.find_element("#check-download").click()
    path = until(lambda: next(iter(download_dir.glob("*_claims.toml")), None), timeout=30)
    until(lambda: path.read_text(encoding="utf-8").endswith("\n"))
    claims = load_claims(path)
    assert [c.value for c in claims.claims] == [1, 62, 63, 14]
    assert claims.article.title == TITLE and claims.article.date == DATE
    checked = CliRunner().invoke(cli, ["--store", str(store_path), "check", "--claims",
                                       str(path), "--format", "json"])
    assert checked.exit_code == 0, checked.output
    assert [c["verdict"] for c in json.loads(checked.stdout)["claims"]] == _verdicts(dash_duo)
    assert_no_console_errors(dash_duo)


def test_the_empty_form_is_accessible(dash_duo, store_path, artifacts_dir):
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_page(dash_duo.server_url + "/check")
    dash_duo.wait_for_text_to_equal("#page-title", "Check an article")
    check_view(dash_duo, "check-form", artifacts_dir)
    dash_duo.find_element("#check-draft").click()
    dash_duo.wait_for_contains_text("#check-message", "Article text: empty")


def test_a_text_over_the_limit_is_said_at_once(dash_duo, store_path):
    from indicators.output.pages.draft_check import MAX_CHARS

    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_page(dash_duo.server_url + "/check")
    box = dash_duo.wait_for_element("#check-text")
    # pasted in one go (typing 200,000 keys would take minutes): the page's own paste path
    dash_duo.driver.execute_script(
        "const el = arguments[0]; const set = Object.getOwnPropertyDescriptor("
        "HTMLTextAreaElement.prototype, 'value').set; set.call(el, 'x'.repeat(arguments[1]));"
        "el.dispatchEvent(new Event('input', {bubbles: true}));", box, MAX_CHARS)
    box.send_keys("y")
    dash_duo.wait_for_text_to_equal(
        "#check-length", f"{MAX_CHARS + 1:,} characters: over the limit of {MAX_CHARS:,}. "
                         "Shorten the text to draft it.")
    assert dash_duo.find_element("#check-draft").get_attribute("disabled") is not None
    box.send_keys("\b")
    until(lambda: dash_duo.find_element("#check-length").text == "")
    assert dash_duo.find_element("#check-draft").get_attribute("disabled") is None


def test_a_file_too_large_to_upload_is_named_not_silently_dropped(dash_duo, store_path,
                                                                   tmp_path):
    from dashboard.render.check import UPLOAD_MAX_BYTES

    big = tmp_path / "long.txt"
    big.write_text("Die Wirtschaft wuchs um 5,3 Prozent. " * (UPLOAD_MAX_BYTES // 30),
                   encoding="utf-8")
    assert big.stat().st_size > UPLOAD_MAX_BYTES
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#nav-check").click()
    dash_duo.wait_for_text_to_equal("#page-title", "Check an article")
    dash_duo.find_element("#check-upload input[type='file']").send_keys(str(big))
    until(lambda: "more than this page takes" in dash_duo.find_element(
        "#check-upload-note").text, timeout=10)
    note = dash_duo.find_element("#check-upload-note").text
    assert note.startswith(f"long.txt: {round(big.stat().st_size / 1000)} KB")
    assert f"({round(UPLOAD_MAX_BYTES / 1000)} KB)" in note
    assert dash_duo.find_element("#check-text").get_attribute("value") == ""  # nothing sent
    assert_no_console_errors(dash_duo)  # no 413 from the server either

    small = tmp_path / "short.txt"
    small.write_text("Die polnische Wirtschaft ist 2022 um 5,3 Prozent gewachsen.\n",
                     encoding="utf-8")
    dash_duo.find_element("#check-upload input[type='file']").send_keys(str(small))
    until(lambda: dash_duo.find_element("#check-upload-note").text.startswith(
        "Read short.txt:"), timeout=30)
