"""The dashboard does not break on claims as articles write them: every page of the shapes
claims file (overview, table, each claim page with each of its readings, each reading panel and
the downloads) answers 200 with the claim's words on it, through the app's own callbacks and
routes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from dashboard.app import create_app
from dashboard.probe import callback_request
from indicators.claims.load import load_claims

SHAPES = Path(__file__).parent / "data" / "shapes_2025.toml"


@pytest.fixture
def client(store_path):
    app = create_app(store_path, claims_path=SHAPES, warm_up=False)
    http = app.server.test_client()
    return http, http.get("/_dash-dependencies").get_json()


def _page(http, deps, path: str, search: str = "") -> str:
    body = callback_request(deps, "page.children", {"url.pathname": path, "url.search": search})
    response = http.post("/_dash-update-component", json=body)
    assert response.status_code == 200, (path, search, response.get_data(as_text=True)[:500])
    return json.dumps(response.get_json(), ensure_ascii=False)  # the page's text, unescaped


def test_overview_and_table_render_every_shape(client):
    http, deps = client
    assert http.get("/").status_code == 200
    overview = _page(http, deps, "/")
    table = _page(http, deps, "/table")
    for claim in load_claims(SHAPES).claims:
        assert claim.gloss[:1].upper() + claim.gloss[1:] in overview  # titles in sentence case
        assert claim.id in table  # the export's rows, one per reading
    # a change or a rank is said in its own words, and placed on its own ruler
    assert "second-largest among all economies with data" in overview
    assert "fourth-largest (4 of 12, 2024)" in overview
    assert "claimed: second-largest" in overview and "4th of 12" in overview
    assert "+9.8 points, 2020 → 2021" in overview
    assert "Claimed change +9.8 points (2020 → 2021)" in overview
    assert "the claimed −33.3%, 2013 → 2015 understates it" in overview


@pytest.mark.parametrize("claim", load_claims(SHAPES).claims, ids=lambda c: c.id)
def test_every_claim_page_and_reading_renders(client, claim):
    http, deps = client
    page = _page(http, deps, f"/claim/{claim.id}")
    assert "There is no claim" not in page and "Traceback" not in page
    for reading in claim.readings:
        _page(http, deps, f"/claim/{claim.id}", f"?reading={reading.id}")
        body = callback_request(deps, "detail-body", {
            "reading-select.value": reading.id, "peer-select.value": [],
            "claim-ref.data": {"article": SHAPES.stem, "claim": claim.id}})
        panel = http.post("/_dash-update-component", json=body)
        assert panel.status_code == 200, (claim.id, reading.id,
                                          panel.get_data(as_text=True)[:500])


def test_the_table_downloads_carry_the_shapes(client):
    http, _ = client
    for fmt in ("csv", "json"):
        response = http.get(f"/download.{fmt}")  # the CLI export's files, plain GETs
        assert response.status_code == 200, response.get_data(as_text=True)[:300]
        text = response.get_data(as_text=True)
        assert "second-largest among all economies with data" in text
        assert "undated: stated 2025-01-24" in text
