"""The published site in real headless Chromium, served by `python -m http.server`.

* every page, at 1440 and 390 px: no console error, no request outside the site, zero axe-core
  violations of any impact, nothing wider than the phone's screen;
* charts paint as pictures at once and turn into the interactive Plotly chart when reached for,
  with plotly.js from the site itself; the folder works from file:// too;
* a claim page prints on one A4 page;
* a claim's embed page renders in an iframe on another origin and sizes it (postMessage); under
  the documented headers other pages refuse to be framed, as the dashboard does.
These tests fail, never skip, when Chromium or axe-core cannot run.
"""

from __future__ import annotations

import base64
import re
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from dash_helpers import DESKTOP, PHONE, axe_violations, require_browser_and_axe, until
from publish_helpers import (
    BASE_URL,
    StaticServer,
    chart_traces,
    chromium,
    console_errors,
    free_port,
    outside_requests,
)
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

from indicators.output import site_urls
from publish.site import PLOTLY_JS
from publish.sitefiles import framing_headers

pytestmark = pytest.mark.browser
CHUNKS = 8


@pytest.fixture(autouse=True)
def _browser_and_axe_must_exist():
    require_browser_and_axe()


@pytest.fixture(scope="module")
def served(published_site):
    server = StaticServer(published_site.root, offset=90)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser():
    driver = chromium()
    yield driver
    driver.quit()


def viewport(driver, size) -> None:
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 1, "mobile": size[0] < 600})


def load(driver, url: str) -> None:
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(url)
    until(lambda: driver.execute_script(
        "return document.readyState === 'complete' && Array.from(document.images)"
        ".every(i => i.complete);"), timeout=20)




@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_every_page_loads_cleanly_and_is_accessible_at_both_widths(
        published_site, served, browser, chunk):
    pages = published_site.pages()[chunk::CHUNKS]
    assert pages
    problems = []
    for page in pages:
        for size in (DESKTOP, PHONE):
            viewport(browser, size)
            load(browser, served.url + page)
            if errors := console_errors(browser):
                problems.append(f"{page} @{size[0]}: console {errors}")
            if outside := outside_requests(browser, served.url):
                problems.append(f"{page} @{size[0]}: requests outside the site {outside}")
            if violations := axe_violations(browser):
                problems.append(f"{page} @{size[0]}: axe {violations}")
            if size == PHONE and not browser.execute_script(
                    "return document.documentElement.scrollWidth <= window.innerWidth + 1;"):
                problems.append(f"{page} @390: wider than the screen")
    assert problems == []


def chart_box(driver, graph_id: str):
    return driver.find_element(By.CSS_SELECTOR, f"#{graph_id}.static-chart")


def test_a_chart_paints_as_a_picture_then_becomes_interactive(served, browser, published_site):
    viewport(browser, DESKTOP)
    load(browser, served.url + site_urls.claim_path("belarus_2025", "potash-share"))
    box = chart_box(browser, "main-chart")
    img = box.find_element(By.CSS_SELECTOR, "img.chart-image")
    assert browser.execute_script("return arguments[0].naturalWidth;", img) > 0
    assert img.get_attribute("alt").startswith("Chart: ")
    # Before the reader reaches for a chart, plotly.js has not been loaded.
    assert not browser.execute_script("return !!window.Plotly;")
    ActionChains(browser).move_to_element(box).perform()
    until(lambda: box.get_attribute("data-interactive") == "true", timeout=20)
    traces = browser.execute_script(
        "const g = arguments[0].querySelector('.js-plotly-plot'); return g.data.map(t => t.name);",
        box)
    figure = browser.execute_script(
        "return JSON.parse(arguments[0].querySelector('script.chart-figure').textContent)"
        ".figure.data.map(t => t.name);", box)
    assert traces == figure and len(traces) >= 2
    assert not img.is_displayed()  # the picture gives way to the chart
    assert browser.find_element(
        By.CSS_SELECTOR, "#panel-main .chart-downloads [data-action='png']").is_displayed()
    scripts = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
        ".filter(n => n.endsWith('.js'));")
    assert any(n == served.url + PLOTLY_JS for n in scripts)
    # The basic bundle it loaded holds every trace type the site's charts use.
    registered = browser.execute_script("return Object.keys(Plotly.PlotSchema.get().traces);")
    used = {t.get("type", "scatter") for article in ("belarus_2025", "poland_2024")
            for t in chart_traces(published_site.root, article)}
    assert used and used <= set(registered), (used, registered)
    assert "heatmap" not in registered  # the basic bundle, not the full one
    assert console_errors(browser) == []


def test_the_folder_works_from_file_urls(published_site, browser):
    viewport(browser, DESKTOP)
    page = published_site.root / site_urls.claim_path("belarus_2025", "energy-dependence")
    load(browser, page.as_uri())
    box = chart_box(browser, "main-chart")
    assert browser.execute_script(
        "return arguments[0].querySelector('img').naturalWidth;", box) > 0
    ActionChains(browser).move_to_element(box).perform()
    until(lambda: box.get_attribute("data-interactive") == "true", timeout=20)
    browser.find_element(By.LINK_TEXT, "Table of every claim and source").click()
    until(lambda: browser.current_url.endswith("/a/belarus_2025/table.html"))
    assert browser.find_elements(By.CSS_SELECTOR, "table")
    assert console_errors(browser) == []


def pdf_pages(driver) -> int:
    pdf = driver.execute_cdp_cmd("Page.printToPDF", {"preferCSSPageSize": True,
                                                     "printBackground": True})
    return len(re.findall(rb"/Type\s*/Page[^s]", base64.b64decode(pdf["data"])))


def test_every_claim_page_prints_on_one_a4_page(published_site, served, browser):
    viewport(browser, DESKTOP)
    for page in published_site.pages():
        if re.fullmatch(r"a/[^/]+/claim/[^/]+/index\.html", page):
            load(browser, served.url + page)
            assert pdf_pages(browser) == 1, page


class HeaderServer(SimpleHTTPRequestHandler):
    """A static host that sends the headers the README documents (`framing_headers`)."""

    def end_headers(self):
        for name, value in framing_headers(self.path.split("?")[0]):
            self.send_header(name, value)
        super().end_headers()

    def log_message(self, *args):
        return None


def serve_with_headers(folder: Path, offset: int):
    port = free_port(offset)
    server = ThreadingHTTPServer(("127.0.0.1", port),
                                 partial(HeaderServer, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{port}/"


def framed(driver, host_url: str) -> dict:
    """Load the host page and report on its one iframe: height and what it shows."""
    driver.get(host_url)
    frame = driver.find_element(By.TAG_NAME, "iframe")
    until(lambda: driver.execute_script("return document.readyState === 'complete';"))
    driver.switch_to.frame(frame)
    try:
        until(lambda: driver.execute_script("return document.readyState === 'complete';"))
        text = driver.execute_script("return document.body ? document.body.innerText : '';")
        inner = driver.execute_script("return document.documentElement.scrollHeight;")
    finally:
        driver.switch_to.default_content()
    return {"text": text, "inner": inner, "height": frame.get_attribute("style")}


def test_an_embed_renders_in_an_iframe_on_another_origin_and_sets_its_height(
        published_site, served, browser, tmp_path):
    viewport(browser, DESKTOP)
    page = site_urls.claim_path("belarus_2025", "potash-share")
    load(browser, served.url + page)
    snippets = [el.get_attribute("value") for el in
                browser.find_elements(By.CSS_SELECTOR, "textarea.embed-code")]
    assert len(snippets) == 3  # the claim card and the page's two charts
    card_snippet = next(s for s in snippets if "/embed/potash-share/card.html" in s)
    host = tmp_path / "host"
    host.mkdir()
    (host / "card.html").write_text(
        "<!DOCTYPE html><html lang='en'><title>A newsroom</title><h1>Our story</h1>"
        + card_snippet.replace(BASE_URL, served.url) + "<p>More story.</p></html>")
    other = StaticServer(host, offset=95)
    try:
        assert other.url != served.url
        until(lambda: "Claim verdict" in framed(browser, other.url + "card.html")["text"],
              timeout=20)
        info = framed(browser, other.url + "card.html")
        assert "Belarus controls one fifth" in info["text"] and "overstated" in info["text"]
        # embed.js told the host its height; the snippet's listener applied it.
        until(lambda: re.search(r"height: (\d+)px", framed(browser, other.url + "card.html")[
            "height"]) is not None, timeout=10)
        info = framed(browser, other.url + "card.html")
        height = int(re.search(r"height: (\d+)px", info["height"]).group(1))
        assert abs(height - info["inner"]) <= 2 and height != 420
    finally:
        other.stop()


def test_only_embed_pages_may_be_framed_under_the_documented_headers(
        published_site, browser, tmp_path):
    site_server, site_url = serve_with_headers(published_site.root, offset=96)
    host = tmp_path / "host"
    host.mkdir()
    claim = site_urls.claim_path("belarus_2025", "potash-share")
    embed = site_urls.embed_path("belarus_2025", "potash-share", "card")
    for name, target in (("page.html", claim), ("embed.html", embed)):
        (host / name).write_text(f"<!DOCTYPE html><html lang='en'><title>host</title>"
                                 f"<iframe src='{site_url}{target}' title='x'></iframe></html>")
    other = StaticServer(host, offset=97)
    try:
        assert "Claim verdict" in framed(browser, other.url + "embed.html")["text"]
        refused = framed(browser, other.url + "page.html")["text"]
        assert "Belarus controls one fifth" not in refused
    finally:
        other.stop()
        site_server.shutdown()


def test_a_dashboard_page_still_refuses_to_be_framed(dash_duo, store_path, tmp_path):
    from dash_helpers import belarus_app

    dash_duo.start_server(belarus_app(store_path))  # `/` is the article's overview
    dash_duo.wait_for_element("#headline", timeout=20)
    host = tmp_path / "host"
    host.mkdir()
    (host / "dash.html").write_text(
        "<!DOCTYPE html><html lang='en'><title>host</title>"
        f"<iframe src='{dash_duo.server_url}/' title='x'></iframe></html>")
    other = StaticServer(host, offset=98)
    try:
        info = framed(dash_duo.driver, other.url + "dash.html")
        assert "Which of the article" not in info["text"]
    finally:
        other.stop()
