"""Issue 18's findings, each reproduced in real headless Chromium (and over HTTP) before its fix.

A journalist's audit at 1440×900 and 390×844 found: cards that say a plain "consistent" on old
or proxy data, a Back button trapped on claim pages, claim pages wider than a phone, rulers
that rely on colour and overlap, a qualitative claim without a number, reader text full of
internal ids, hashes and hyphenated periods, charts that join sparse points, mix concepts on
one axis, hide the deciding source, cut titles, show a command as the no-data message and
draw a share's band above 100%, a title of "Claimcheck" everywhere and a second footer.
Every expectation comes from `claimcheck check --format json` on the same store.
"""

from __future__ import annotations

import json
import re
from urllib.parse import urlparse

import pytest
from dash_helpers import (
    DESKTOP,
    PHONE,
    SCORED,
    assert_no_console_errors,
    check_json,
    graph,
    page_width_fits,
    set_viewport,
    until,
    visible_text,
)
from selenium.webdriver.common.by import By

from dashboard.app import create_app
from indicators.numbers import fmt_value

pytestmark = pytest.mark.browser
HEX = re.compile(r"\b(?=[0-9a-f]*[a-f])[0-9a-f]{12,}\b")  # a commit or checksum


def open_claim(dash_duo, cid: str, search: str = "") -> None:
    dash_duo.driver.get(f"{dash_duo.server_url}/claim/{cid}{search}")
    dash_duo.wait_for_element("#claim-title", timeout=20)
    until(lambda: dash_duo.driver.find_elements(By.CSS_SELECTOR, "#panel-main .main-svg")
          or dash_duo.driver.find_elements(By.CSS_SELECTOR, "#panel-main .no-data-panel"),
          timeout=20)


def unit_key(unit: str) -> str:
    """A unit without its notes: "percent (approx.)" and "percent" are one unit."""
    u = re.sub(r"\s*\(.*\)\s*$", "", unit or "").strip().lower()
    return "%" if u in ("percent", "%", "per cent") else u


# -- cards ------------------------------------------------------------------------------------
def test_card_verdicts_say_old_proxy_and_fallback_in_words_and_style(dash_duo, store_path):
    """Energy, import and FDI showed a plain green "✓ consistent" on 2017 data, a fallback and a
    proxy."""
    expected = check_json(store_path)
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    qualified = 0
    for claim in expected["claims"]:
        if claim["verdict"] not in SCORED:
            continue
        cid = claim["claim"]["id"]
        verdict = dash_duo.find_element(f"#card-{cid} .card-verdict")
        badge = verdict.find_element(By.CSS_SELECTOR, ".verdict")
        deciding = next(r for r in claim["readings"]
                        if r["reading_id"] == claim["deciding_reading"])
        words = []
        if deciding["dated"]:
            words.append(f"on {deciding['at_claim_year']['year']} data")
        if deciding["definition"] == "proxy":
            words.append("proxy")
        if claim["basis"] == "fallback":
            words.append("fallback")
        for word in words:
            assert word in verdict.text, (cid, word, verdict.text)
        is_qualified = "verdict-qualified" in badge.get_attribute("class").split()
        assert is_qualified == bool(words), (cid, words)
        qualified += bool(words)
    assert qualified >= 3


def test_each_card_states_claimed_deciding_figure_and_gap(dash_duo, store_path):
    expected = check_json(store_path)
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    from indicators.output.pages.words import source_name_of

    for claim in expected["claims"]:
        cid = claim["claim"]["id"]
        card = dash_duo.find_element(f"#card-{cid}")
        if claim["claim"]["qualitative"]:
            continue
        claimed = card.find_element(By.CSS_SELECTOR, ".figure-claimed").text
        assert fmt_value(claim["claim"]["value"], claim["claim"]["unit"]) in claimed
        deciding = next(r for r in claim["readings"]
                        if r["reading_id"] == claim["deciding_reading"])
        point = deciding["at_claim_year"]
        text = card.find_element(By.CSS_SELECTOR, ".figure-deciding").text
        assert fmt_value(point["value"], point["unit"]) in text
        assert str(point["year"]) in text
        assert source_name_of(point) in text, (cid, text)
        gap = card.find_element(By.CSS_SELECTOR, ".figure-gap").text
        assert "percentage points" in gap and fmt_value(abs(deciding["diff_points"])) in gap


def test_the_qualitative_debt_claim_shows_the_debt_owed_and_its_share(dash_duo, store_path):
    expected = check_json(store_path)
    claim = next(c for c in expected["claims"] if c["claim"]["id"] == "debt-russia")
    readings = {r["reading_id"]: r for r in claim["readings"]}
    share = readings["russia-share-external-debt"]["at_claim_year"]
    owed = readings["debt-owed-to-russia-quoted"]["at_claim_year"]
    dash_duo.start_server(create_app(store_path))
    card = dash_duo.wait_for_element("#card-debt-russia", timeout=20)
    telling = card.find_element(By.CSS_SELECTOR, ".figure-telling").text
    assert fmt_value(share["value"], share["unit"]) in telling
    assert fmt_value(owed["value"], owed["unit"]) in telling


# -- rulers -----------------------------------------------------------------------------------
def test_rulers_are_readable_without_colour_and_dots_never_overlap(dash_duo, store_path):
    expected = check_json(store_path)
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    from indicators.output.pages.words import GLYPHS, source_name_of

    for size in (DESKTOP, PHONE):
        set_viewport(dash_duo, size)
        for claim in expected["claims"]:
            cid = claim["claim"]["id"]
            scored = [r for r in claim["readings"]
                      if r["verdict"] in SCORED and r["at_claim_year"]]
            if claim["claim"]["qualitative"] or not scored:
                continue
            ruler = dash_duo.find_element(f"#ruler-{cid}")
            alternative = ruler.get_attribute("aria-label") or ""
            boxes = []
            for r in scored:
                dot = ruler.find_element(By.CSS_SELECTOR,
                                         f".ruler-dot[data-reading='{r['reading_id']}']")
                assert dot.text.strip() == GLYPHS[r["verdict"]], (cid, r["reading_id"])
                name = source_name_of(r["at_claim_year"])
                row = ruler.find_element(By.CSS_SELECTOR,
                                         f".ruler-row[data-reading='{r['reading_id']}']")
                assert name in row.text, (cid, name, row.text)
                assert name in alternative and r["label"] in alternative
                rect = dot.rect
                boxes.append((rect["x"], rect["y"], rect["x"] + rect["width"],
                              rect["y"] + rect["height"]))
            for i, a in enumerate(boxes):
                for b in boxes[:i]:
                    overlap = a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
                    assert not overlap, (cid, size, a, b)


def test_a_share_band_never_runs_above_100_percent(dash_duo, store_path):
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    ruler = dash_duo.find_element("#ruler-energy-dependence")
    assert float(ruler.get_attribute("data-high")) <= 100
    open_claim(dash_duo, "energy-dependence")
    fig = until(lambda: graph(dash_duo, "main-chart"))
    rects = [s for s in fig["shapes"] if s["type"] == "rect"]
    assert rects and all(s["y1"] <= 100 and s["y0"] >= 0 for s in rects), rects


# -- navigation -------------------------------------------------------------------------------
def test_back_leaves_a_claim_page_after_any_choice(dash_duo, store_path):
    expected = check_json(store_path)
    claim = next(c for c in expected["claims"]
                 if any(r["peers"] for r in c["readings"]))
    cid = claim["claim"]["id"]
    dash_duo.start_server(create_app(store_path))
    link = dash_duo.wait_for_element(f"#card-{cid} .card-title a", timeout=20)
    assert "reading=" in link.get_attribute("href"), "the link carries the page's state"
    link.click()
    dash_duo.wait_for_element("#detail-chart .main-svg", timeout=20)
    other = next(r for r in claim["readings"] if r["peers"] and r["measure_kind"] != "none")
    dash_duo.find_element(f"#reading-select input[value='{other['reading_id']}']").click()
    until(lambda: "reading=" + other["reading_id"] in dash_duo.driver.current_url)
    dash_duo.find_element(f"#peer-select input[value='{other['peers'][0]['economy']}']").click()
    until(lambda: "peers=" in dash_duo.driver.current_url)
    dash_duo.driver.back()
    until(lambda: urlparse(dash_duo.driver.current_url).path == "/")
    dash_duo.wait_for_element("#headline", timeout=10)
    dash_duo.driver.forward()  # the claim page comes back as it was left
    until(lambda: dash_duo.find_element("#reading-verdict").get_attribute("data-verdict")
          == other["verdict"])
    assert_no_console_errors(dash_duo)


def test_each_page_has_its_own_title_and_focus_moves_to_its_heading(dash_duo, store_path):
    expected = check_json(store_path)
    claim = expected["claims"][0]
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    overview_title = dash_duo.driver.title
    assert overview_title != "Claimcheck" and expected["article"]["title"] in overview_title
    dash_duo.find_element(f"#card-{claim['claim']['id']} .card-title a").click()
    dash_duo.wait_for_element("#claim-title", timeout=20)
    until(lambda: dash_duo.driver.title not in ("Claimcheck", overview_title))
    gloss = claim["claim"]["gloss"]
    assert gloss[:1].upper() + gloss[1:] in dash_duo.driver.title
    until(lambda: dash_duo.driver.switch_to.active_element.get_attribute("id") == "claim-title")
    dash_duo.find_element("#nav-table").click()
    dash_duo.wait_for_element("#table-page h1", timeout=20)
    until(lambda: "table" in dash_duo.driver.title.lower())
    until(lambda: dash_duo.driver.switch_to.active_element.tag_name == "h1")


def test_the_tab_choice_is_in_the_url(dash_duo, store_path):
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    open_claim(dash_duo, "potash-share")
    tab = dash_duo.find_element("#panel-detail [role='tab'][data-tab='table']")
    tab.click()
    until(lambda: "detail=table" in dash_duo.driver.current_url)
    url = dash_duo.driver.current_url
    dash_duo.driver.get(url)
    dash_duo.wait_for_element("#claim-title", timeout=20)
    until(lambda: dash_duo.find_element("#panel-detail [role='tab'][data-tab='table']")
          .get_attribute("aria-selected") == "true")
    assert dash_duo.find_element("#panel-detail [role='tabpanel'][data-tab='table']") \
        .is_displayed()


# -- phone --------------------------------------------------------------------------------------
def test_no_claim_page_is_wider_than_a_phone(dash_duo, store_path):
    """Every claim page was 727 px wide at 390 px (the strip's hidden labels escaped its box)."""
    expected = check_json(store_path)
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    set_viewport(dash_duo, PHONE)
    assert page_width_fits(dash_duo, PHONE[0]), "the overview is wider than 390 px"
    for claim in expected["claims"]:
        open_claim(dash_duo, claim["claim"]["id"])
        set_viewport(dash_duo, PHONE)
        assert page_width_fits(dash_duo, PHONE[0]), f"{claim['claim']['id']} is too wide"


def test_the_table_tab_is_a_list_on_a_phone(dash_duo, store_path):
    """The Table tab broke words letter by letter and the page grew to 20,000 px."""
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    open_claim(dash_duo, "export-quota")
    set_viewport(dash_duo, PHONE)
    dash_duo.find_element("#panel-main [role='tab'][data-tab='table']").click()
    panel = dash_duo.find_element("#panel-main [role='tabpanel'][data-tab='table']")
    until(lambda: panel.is_displayed())
    assert panel.find_elements(By.CSS_SELECTOR, "li") and all(
        not t.is_displayed() for t in panel.find_elements(By.TAG_NAME, "table"))
    assert page_width_fits(dash_duo, PHONE[0])
    height = dash_duo.driver.execute_script("return document.documentElement.scrollHeight;")
    assert height < 9000, height


# -- words ------------------------------------------------------------------------------------
def reader_text_problems(text: str, reading_ids: set[str]) -> list[str]:
    problems = [f"reading id {rid!r}" for rid in reading_ids if rid in text]
    for pattern, what in ((r"alternative \d+ of \d+", "alternative k of n"),
                          (r"Source \(reading\)", "Source (reading)"),
                          (r"next expected update", "next expected update"),
                          (r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov)-[A-Z][a-z]{2}",
                           "a period with a hyphen"),
                          (r"\(\d{4}, [^)]*\d{4}", "a year twice"),
                          (r"sha256", "sha256"),
                          (r"\breference(:| \(| —)", "'reference' as a source"),
                          (r"claimcheck refresh", "a command")):
        if re.search(pattern, text):
            problems.append(what)
    problems += [f"hash {h}" for h in HEX.findall(text)]
    return problems


def headings_in_sentence_case(dash_duo) -> list[str]:
    return [h for h in dash_duo.driver.execute_script(
        "return Array.from(document.querySelectorAll('h1, h2, h3'))"
        ".filter(h => h.offsetParent !== null).map(h => h.innerText.trim());")
        if h and not (h[0].isupper() or h[0].isdigit() or not h[0].isalpha())]


def test_reader_text_has_no_ids_hashes_or_internal_words(dash_duo, store_path):
    expected = check_json(store_path)
    ids = {r["reading_id"] for c in expected["claims"] for r in c["readings"]
           if r["label"] and r["label"] != r["reading_id"]}
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    pages = ["/"] + [f"/claim/{c['claim']['id']}" for c in expected["claims"]] + ["/table"]
    for path in pages:
        if path != "/":
            dash_duo.driver.get(dash_duo.server_url + path)
            dash_duo.wait_for_element("main h1", timeout=20)
            if path.startswith("/claim/"):
                until(lambda: dash_duo.driver.find_elements(By.CSS_SELECTOR, "#reading-verdict"))
        text = visible_text(dash_duo, open_details=True, skip=".technical")
        assert reader_text_problems(text, ids) == [], path
        assert headings_in_sentence_case(dash_duo) == [], path


# -- charts -----------------------------------------------------------------------------------
def consecutive(xs) -> bool:
    years = sorted(x for x in xs if x is not None)
    return len(years) >= 3 and all(b - a == 1 for a, b in zip(years, years[1:], strict=False))


def test_charts_draw_lines_only_through_dense_annual_points(dash_duo, store_path):
    expected = check_json(store_path)
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    for claim in expected["claims"]:
        open_claim(dash_duo, claim["claim"]["id"])
        for graph_id in ("main-chart", "detail-chart"):
            fig = graph(dash_duo, graph_id)
            if fig is None:
                continue
            for name, xs, mode in zip(fig["names"], fig["x"], fig["modes"], strict=True):
                if mode and "lines" in mode:
                    assert consecutive(xs), (claim["claim"]["id"], graph_id, name, xs)


def test_one_concept_per_axis_and_the_deciding_source_strongest(dash_duo, store_path):
    expected = check_json(store_path)
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    for claim in expected["claims"]:
        cid = claim["claim"]["id"]
        open_claim(dash_duo, cid)
        fig = graph(dash_duo, "main-chart")
        if fig is None:
            continue
        by_label = {r["label"]: r for r in claim["readings"]}
        traces = [(m, w) for m, w in zip(fig["meta"], fig["widths"], strict=True)
                  if m in by_label]
        shown = [by_label[m] for m, _ in traces]
        assert shown, (cid, fig["meta"])
        concepts = {(unit_key((r["at_claim_year"] or r["latest"])["unit"])
                     if r["definition"] == "exact" else "proxy", r["definition_reason"])
                    for r in shown}
        assert len(concepts) == 1, (cid, concepts)
        deciding = claim["deciding_reading"]
        if deciding:
            label = next(r["label"] for r in claim["readings"] if r["reading_id"] == deciding)
            widths = [w for _, w in traces]
            i = [m for m, _ in traces].index(label)
            assert widths[i] == max(widths) and widths.count(widths[i]) == 1, (cid, traces)
            assert any(label in a for a in fig["annotations"]), (cid, fig["annotations"])
    # the export quota's proxy (exports % of GDP) is not on the shares' axis
    open_claim(dash_duo, "export-quota")
    assert not any("% of GDP" in (n or "") for n in graph(dash_duo, "main-chart")["names"])


def test_chart_titles_use_the_width_and_the_png_keeps_the_whole_title(dash_duo, store_path):
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    set_viewport(dash_duo, DESKTOP)
    open_claim(dash_duo, "export-quota")
    heading = dash_duo.find_element("#panel-main .chart-title")
    panel = dash_duo.find_element("#panel-main")
    assert heading.size["width"] >= 0.8 * panel.size["width"]
    line = dash_duo.driver.execute_script(
        "return parseFloat(getComputedStyle(arguments[0]).lineHeight);", heading)
    assert heading.size["height"] < 2 * line, "a short title fits on one line"
    title = heading.text
    svg_title = dash_duo.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "window.claimcheck.exportImage('panel-main', 'svg').then(url => {"
        "  const svg = decodeURIComponent(url.split(',')[1]);"
        "  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');"
        "  const t = doc.querySelector('.gtitle');"
        "  const ys = Array.from(t.querySelectorAll('tspan.line')).map(s => +s.getAttribute('y'));"
        "  done({text: Array.from(t.querySelectorAll('tspan.line')).map(s => s.textContent)"
        "        .join(' ') || t.textContent, y: ys.length ? ys : [+t.getAttribute('y')],"
        "        size: parseFloat(t.style.fontSize)});"
        "}).catch(e => done({error: String(e)}));")
    assert "error" not in svg_title, svg_title
    assert svg_title["text"].replace("  ", " ") == title
    assert min(svg_title["y"]) >= svg_title["size"], "the first line is not cut off"


def test_no_data_is_a_plain_panel_saying_what_would_answer_it(dash_duo, store_path):
    expected = check_json(store_path)
    claim = next(c for c in expected["claims"] if c["claim"]["id"] == "export-quota")
    reading = next(r for r in claim["readings"] if r["measure_kind"] != "none"
                   and not r["at_claim_year"] and not r["latest"])
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    open_claim(dash_duo, "export-quota", f"?reading={reading['reading_id']}")
    panel = dash_duo.wait_for_element("#panel-detail .no-data-panel", timeout=20)
    assert reading["meaning"].rstrip(".") in panel.text
    assert "claimcheck" not in panel.text and "`" not in panel.text
    assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, "#detail-chart .main-svg")


def test_the_strip_shows_only_scored_verdicts(dash_duo, store_path):
    expected = check_json(store_path)
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    for claim in expected["claims"]:
        open_claim(dash_duo, claim["claim"]["id"])
        cells = dash_duo.driver.find_elements(By.CSS_SELECTOR, "#robustness-strip [data-verdict]")
        assert all(c.get_attribute("data-verdict") in SCORED for c in cells)
        if not any(r["verdict"] in SCORED for r in claim["readings"]):
            assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, "#robustness-strip")


def test_table_differences_carry_their_unit(dash_duo, store_path):
    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#nav-table", timeout=20).click()
    set_viewport(dash_duo, DESKTOP)
    table = dash_duo.wait_for_element("#claims-table", timeout=20)
    headers = [h.text for h in table.find_elements(By.CSS_SELECTOR, "thead th")]
    assert any("Difference" in h for h in headers), headers
    col = next(i for i, h in enumerate(headers) if "Difference" in h)
    cells = [r.find_elements(By.TAG_NAME, "td")[col].text
             for r in table.find_elements(By.CSS_SELECTOR, "tbody tr")]
    numbers = [c for c in cells if any(ch.isdigit() for ch in c)]
    assert numbers and all("percentage points" in c for c in numbers), numbers


def test_one_footer_and_no_axe_finding_of_any_impact_on_the_overview(dash_duo, store_path):
    from dash_helpers import axe_violations

    dash_duo.start_server(create_app(store_path))
    dash_duo.wait_for_element("#headline", timeout=20)
    assert len(dash_duo.driver.find_elements(By.TAG_NAME, "footer")) == 1
    assert axe_violations(dash_duo) == []


def test_article_pages_link_to_the_checked_article(dash_duo, store_path, tmp_path):
    from indicators.claims.load import DEFAULT_CLAIMS_FILE

    url = "https://example.org/news/belarus-article"
    text = DEFAULT_CLAIMS_FILE.read_text(encoding="utf-8").replace(
        'language = "de"', f'language = "de"\nurl = "{url}"', 1)
    claims = tmp_path / "with_url.toml"
    claims.write_text(text, encoding="utf-8")
    dash_duo.start_server(create_app(store_path, claims_paths=[claims]))
    dash_duo.wait_for_element("#headline", timeout=20)
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, f"main a[href='{url}']")
    open_claim(dash_duo, json.loads(json.dumps(
        check_json(store_path)["claims"][0]["claim"]["id"])))
    assert dash_duo.driver.find_elements(By.CSS_SELECTOR, f"main a[href='{url}']")
