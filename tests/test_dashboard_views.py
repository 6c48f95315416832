"""The overview's rulers and sentences, the claim page's defaults, the table's columns, the
one number formatter and the per-state response cache — on the bundled snapshot's results."""

from __future__ import annotations

import json
import math

import pytest
from plotly.utils import PlotlyJSONEncoder

from cache.store import Store
from dashboard import prose, ruler, table
from dashboard.app import create_app
from dashboard.claim_view import default_reading, has_data
from dashboard.probe import callback_request
from indicators import numbers
from indicators.judge.compare import evaluate_article
from indicators.output import display


@pytest.fixture
def result(store_path):
    with Store.open(store_path, read_only=True) as store:
        return evaluate_article(store)


def every_point(result):
    for c in result.claims:
        for r in c.readings:
            for p in (r.at_claim_year, r.latest):
                if p is not None:
                    yield r, p


# -- one number formatter ------------------------------------------------------------------------
def test_cli_exports_and_dashboard_share_one_formatter():
    assert display.fmt_number is numbers.fmt_number


def test_numbers_read_as_numbers_with_percent_written_once(result):
    for _reading, point in every_point(result):
        text = numbers.fmt_value(point.value, point.unit)
        assert "e" not in text.split(" ")[0] and "E" not in text
        if numbers.is_percent(point.unit):
            assert "%" in text and "percent" not in text.lower().split("(")[0], text
            assert text.count("%") == 1 + point.unit.count("%") - (1 if point.unit.strip()
                                                                   .startswith("%") else 0)
        # the text is the value to its shown precision
        shown = float(text.split("%")[0].split(" ")[0].replace(",", "").replace("−", "-"))
        assert math.isclose(shown, point.value, rel_tol=0.05, abs_tol=0.05)
    for reading, _ in every_point(result):
        if reading.diff_points is not None:
            diff = numbers.fmt_difference(reading.diff_points, reading.diff_percent, share=True)
            assert "e" not in diff.replace("percentage", "") and "((" not in diff
            assert diff[0] in "+−±"


# -- rulers and sentences ------------------------------------------------------------------------
def test_rulers_place_the_claim_and_each_scored_reading(result):
    for c in result.claims:
        node = ruler.claim_ruler(c, ruler_id="r").to_plotly_json()
        plotted = ruler.plotted(c)
        if c.claim.qualitative or not plotted:
            assert "ruler-none" in node["props"]["className"]
            continue
        lo, hi = float(node["props"]["data-low"]), float(node["props"]["data-high"])
        values = [r.at_claim_year.value for r in plotted] + [c.claim.value]
        assert lo <= min(values) and max(values) <= hi
        if numbers.is_percent(c.claim.unit):
            assert lo == 0, "shares start at zero"
        text = json.dumps(node, ensure_ascii=False, cls=PlotlyJSONEncoder)
        for r in plotted:
            assert f'"data-reading": "{r.reading_id}"' in text
            assert str(r.at_claim_year.year) in text


def test_year_labels_never_share_a_lane_when_close():
    positions = sorted([0.0, 3.0, 5.0, 40.0, 44.0, 90.0])
    lanes = ruler.lanes(positions)
    for i, (p, lane) in enumerate(zip(positions, lanes, strict=True)):
        for q, other in zip(positions[:i], lanes[:i], strict=True):
            if other == lane:
                assert p - q >= ruler.LABEL_GAP


def test_sentences_are_words_not_ids(result):
    for c in result.claims:
        sentences = [prose.claim_sentence(c)] + [prose.reading_sentence(c.claim, r)
                                                 for r in c.readings]
        for s in sentences:
            assert s.endswith(".") and "[" not in s
            for r in c.readings:
                if r.label and r.label != r.reading_id:
                    assert r.reading_id not in s, s
        if c.verdict.scored and c.deciding is not None and c.deciding.at_claim_year:
            assert str(c.deciding.at_claim_year.year) in sentences[0]


def test_claim_pages_open_on_a_reading_with_data(result):
    for c in result.claims:
        chosen = default_reading(c, None)
        if any(has_data(r) for r in c.readings):
            assert has_data(chosen), c.claim.id
        likely = next((r for r in c.readings if r.likely), None)
        if likely is not None and has_data(likely):
            assert chosen is likely


# -- the table ----------------------------------------------------------------------------------
def test_table_has_eight_readable_default_columns_and_keeps_every_export_column(store_path):
    from dashboard.data import DashboardData
    from indicators.output import export

    snap = DashboardData(store_path).evaluated()
    rows, columns = table.table_data(snap)
    defs = table.column_defs(columns, table.DEFAULT_COLUMNS)
    assert set(columns) == set(export.COLUMNS)
    assert len([d for d in defs if not d["hide"]]) == 8
    assert all("_" not in d["headerName"] for d in defs)
    assert not any(d.get("pinned") for d in defs), "no pinned columns to fill a phone"
    for row in rows:
        for col in table.FORMATTED:
            if isinstance(row.get(col), float):
                assert row[f"{col}__text"] == numbers.fmt_value(
                    row[col], row.get(table.FORMATTED[col]) or "")


# -- serving ------------------------------------------------------------------------------------
def test_page_responses_are_cached_per_store_state(store_path, tmp_path):
    from indicators.claims.load import DEFAULT_CLAIMS_FILE

    claims = tmp_path / "claims.toml"
    claims.write_text(DEFAULT_CLAIMS_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    app = create_app(store_path, claims_path=claims, warm_up=False)
    http = app.server.test_client()
    deps = http.get("/_dash-dependencies").get_json()
    body = callback_request(deps, "page.children", {"url.pathname": "/", "url.search": ""})
    cache = app.server.config["CLAIMCHECK_RESPONSE_CACHE"]
    first = http.post("/_dash-update-component", json=body)
    assert first.status_code == 200 and cache.hits == 0
    again = http.post("/_dash-update-component", json=body)
    assert again.get_data() == first.get_data() and cache.hits == 1
    # an edited claims file is a new state: the page is built again, from the new file
    edited = claims.read_text(encoding="utf-8").replace(
        result_gloss := _first_gloss(claims), result_gloss + " (edited)", 1)
    claims.write_text(edited, encoding="utf-8")
    changed = http.post("/_dash-update-component", json=body)
    assert changed.status_code == 200 and cache.hits == 1
    assert (result_gloss + " (edited)") in changed.get_data(as_text=True)


def _first_gloss(path) -> str:
    import tomllib

    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return next(c["gloss"] for c in data["claims"])


def test_nothing_is_cached_while_the_store_is_missing(tmp_path):
    from cache.bundle import open_store

    path = tmp_path / "later.sqlite"
    app = create_app(path, warm_up=False)
    http = app.server.test_client()
    deps = http.get("/_dash-dependencies").get_json()
    body = callback_request(deps, "page.children", {"url.pathname": "/", "url.search": ""})
    before = http.post("/_dash-update-component", json=body).get_data(as_text=True)
    assert "seed-command" in before and "headline" not in before
    open_store(path).close()
    after = http.post("/_dash-update-component", json=body).get_data(as_text=True)
    assert "headline" in after and "seed-command" not in after
