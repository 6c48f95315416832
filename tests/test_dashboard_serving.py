"""What the dashboard sends over HTTP: compressed responses, a title per page, the grid bundle
only where a grid is shown (issue 18: a claim page transferred 7.3 MB uncompressed, the 1.3 MB
grid bundle on every page, and every page was titled "Claimcheck")."""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys

import pytest
from dash_helpers import belarus_app

from dashboard.probe import callback_request
from indicators.judge.compare import evaluate_article

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


@pytest.fixture
def app(store_path):
    return belarus_app(store_path, warm_up=False)


@pytest.fixture
def result(store_path):
    from cache.store import Store

    with Store.open(store_path, read_only=True) as store:
        return evaluate_article(store)


def scripts(html: str) -> list[str]:
    return re.findall(r'<script[^>]+src="([^"]+)"', html)


@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_every_response_is_compressed(app, encoding):
    http = app.server.test_client()
    index = http.get("/claim/potash-share", headers={"Accept-Encoding": encoding})
    assert index.headers.get("Content-Encoding") == encoding
    page = http.get("/claim/potash-share").get_data(as_text=True)
    for src in scripts(page):
        response = http.get(src, headers={"Accept-Encoding": encoding})
        assert response.status_code == 200, src
        assert response.headers.get("Content-Encoding") == encoding, src
    deps = http.get("/_dash-dependencies").get_json()
    body = callback_request(deps, "page.children",
                            {"url.pathname": "/claim/potash-share", "url.search": ""})
    plain = None
    for _ in range(2):  # built, then from the per-state cache: both compressed, both whole
        response = http.post("/_dash-update-component", json=body,
                             headers={"Accept-Encoding": encoding})
        assert response.status_code == 200
        assert response.headers.get("Content-Encoding") == encoding
        text = decompress(response.get_data(), encoding)
        assert json.loads(text)["response"]["page"]["children"]
        assert plain in (None, text)
        plain = text


def decompress(body: bytes, encoding: str) -> bytes:
    if encoding == "gzip":
        return gzip.decompress(body)
    import brotli

    return brotli.decompress(body)


def test_no_page_loads_a_grid_bundle_it_does_not_show(app, monkeypatch):
    # Dash serves the scripts of every component library imported in its process. Another
    # test in this worker may have imported dash_ag_grid (publish's renderer tests do); the
    # dashboard's own process never does, which a fresh interpreter checks below.
    from dash.development.base_component import ComponentRegistry, OrderedSet

    own = OrderedSet()
    for name in ComponentRegistry.registry:
        if name != "dash_ag_grid":
            own.add(name)
    monkeypatch.setattr(ComponentRegistry, "registry", own)
    fresh = subprocess.run(
        [sys.executable, "-c", "import sys, dashboard.app, indicators.commands.dashboard; "
         "print('dash_ag_grid' in sys.modules)"], capture_output=True, text=True, check=True)
    assert fresh.stdout.strip() == "False", fresh.stderr
    http = app.server.test_client()
    for path in ("/", "/claim/potash-share", "/table"):
        page = http.get(path).get_data(as_text=True)
        assert not [s for s in scripts(page) if "ag_grid" in s or "ag-grid" in s], path


def test_each_page_has_its_own_title(app, result):
    http = app.server.test_client()
    titles = {}
    for path in ["/", "/table", "/nowhere"] + [f"/claim/{c.claim.id}" for c in result.claims]:
        titles[path] = TITLE.search(http.get(path).get_data(as_text=True)).group(1)
    assert len(set(titles.values())) == len(titles), titles
    assert result.article.title in titles["/"]
    for c in result.claims:
        assert c.claim.gloss[1:] in titles[f"/claim/{c.claim.id}"]
    assert "not found" in titles["/nowhere"].lower()


def test_one_footer_landmark_in_the_page_shell(app):
    page = app.server.test_client().get("/").get_data(as_text=True)
    assert page.count("<footer") == 0, "the scripts are not wrapped in a second <footer>"


def test_charts_get_the_basic_plotly_bundle_of_the_same_version(app):
    """A quarter of the full bundle's bytes; the same plotly.js version as the plotly package
    (scripts/update-plotly-basic.sh refreshes it after an upgrade)."""
    from plotly.offline import get_plotlyjs_version

    from dashboard import static_files

    http = app.server.test_client()
    path = "/_dash-component-suites/plotly/package_data/plotly.min.js"
    response = http.get(path)
    assert response.status_code == 200
    body = response.get_data()
    assert b"plotly.js (basic - minified) v" + get_plotlyjs_version().encode() in body[:300]
    assert static_files.version() == get_plotlyjs_version()
    assert len(body) < 2_000_000
    for encoding in ("identity", "br"):  # a compressed copy's tag carries ":br"
        tag = http.get(path, headers={"Accept-Encoding": encoding}).headers["ETag"]
        again = http.get(path, headers={"If-None-Match": tag, "Accept-Encoding": encoding})
        assert again.status_code == 304 and not again.get_data()
    page = http.get("/claim/potash-share").get_data(as_text=True)
    assert f'<script src="{path}" defer></script>' in page  # runs while the page loads
    assert path not in http.get("/").get_data(as_text=True)


def test_the_browser_keeps_stamped_assets(app):
    http = app.server.test_client()
    page = http.get("/").get_data(as_text=True)
    stamped = re.findall(r'(?:src|href)="(/assets/[^"]+\?m=[^"]+)"', page)
    assert any(s.endswith(".css") or ".css?" in s for s in stamped) and len(stamped) >= 3
    for url in stamped:
        assert "immutable" in http.get(url).headers["Cache-Control"], url
