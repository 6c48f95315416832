"""Several articles in one dashboard (issue 15, point 4): the list at `/`, each article's own
overview, claim pages, table and downloads under `/a/<article>/`, today's URLs for the bundled
article, and a claims folder beside the store whose new or edited files show at the next
request. Expected values come from `claimcheck check --claims FILE --format json`."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from dash_helpers import PHONE, assert_no_console_errors, page_width_fits, set_viewport, until
from multi_articles import SECOND_TITLE, SECOND_URL, articles_folder
from selenium.webdriver.common.by import By

from dashboard.app import create_app
from dashboard.probe import callback_request
from indicators.claims.articles import user_claims_dir
from indicators.claims.load import CLAIMFILES_DIR, DEFAULT_CLAIMS_FILE
from indicators.cli import cli

TITLE = re.compile(r"<title>(.*?)</title>", re.S)


def check(store_path: Path, claims: Path) -> dict:
    out = CliRunner().invoke(cli, ["--store", str(store_path), "check", "--claims", str(claims),
                                   "--format", "json"], catch_exceptions=False)
    assert out.exit_code == 0, out.output
    return json.loads(out.stdout)


class Pages:
    def __init__(self, app):
        self.http = app.server.test_client()
        self.deps = self.http.get("/_dash-dependencies").get_json()

    def page(self, path: str, search: str = "") -> str:
        body = callback_request(self.deps, "page.children",
                                {"url.pathname": path, "url.search": search})
        response = self.http.post("/_dash-update-component", json=body)
        assert response.status_code == 200, response.get_data(as_text=True)[:500]
        return json.dumps(response.get_json()["response"]["page"]["children"],
                          ensure_ascii=False)

    def title(self, path: str) -> str:
        return TITLE.search(self.http.get(path).get_data(as_text=True)).group(1)


@pytest.fixture
def folder(tmp_path) -> Path:
    return articles_folder(tmp_path)


@pytest.fixture
def site(store_path, folder) -> Pages:
    return Pages(create_app(store_path, claims_paths=sorted(folder.glob("*.toml")),
                            warm_up=False))


def test_the_start_page_lists_every_article(store_path, folder, site):
    index = site.page("/")
    assert '"id": "article-index"' in index
    for path in sorted(folder.glob("*.toml")):
        expected = check(store_path, path)
        article = expected["article"]
        assert article["title"] in index and article["date"] in index
        assert f"language: {article['language']}" in index
        assert expected["headline"] in index
        assert f'"href": "/a/{path.stem}/"' in index
    assert "2 articles checked" in site.title("/")


def test_each_article_has_its_own_overview_claims_table_and_downloads(store_path, folder,
                                                                      site):
    for path in sorted(folder.glob("*.toml")):
        aid, expected = path.stem, check(store_path, path)
        overview = site.page(f"/a/{aid}/")
        assert expected["headline"] in overview
        assert f'"href": "/a/{aid}/table"' in overview
        for claim in expected["claims"]:
            cid = claim["claim"]["id"]
            assert f'"id": "card-{cid}"' in overview and f"/a/{aid}/claim/{cid}" in overview
            page = site.page(f"/a/{aid}/claim/{cid}")
            assert f'"data-claim": "{cid}"' in page and '"data-verdict": "' in page
            assert expected["article"]["title"] in site.title(f"/a/{aid}/claim/{cid}")
        table = site.page(f"/a/{aid}/table")
        assert table.count('"type": "Tr"') == 1 + sum(len(c["readings"])
                                                     for c in expected["claims"])
        csv_bytes = CliRunner().invoke(cli, ["--store", str(store_path), "export", "--claims",
                                             str(path), "--format", "csv"]).stdout_bytes
        assert site.http.get(f"/a/{aid}/download.csv").get_data() == csv_bytes
    assert SECOND_URL in site.page("/a/zweiter_artikel/")  # a link to the checked article
    assert "not-found" in site.page("/a/no-such-article/")
    assert site.http.get("/a/no-such-article/download.csv").status_code == 404


def test_todays_urls_address_the_bundled_article(store_path, site):
    expected = check(store_path, DEFAULT_CLAIMS_FILE)
    cid = expected["claims"][0]["claim"]["id"]
    legacy, new = site.page(f"/claim/{cid}"), site.page(f"/a/belarus_2025/claim/{cid}")
    assert legacy == new
    assert site.page("/table") == site.page("/a/belarus_2025/table")
    assert expected["article"]["title"] in site.title(f"/claim/{cid}")


def test_with_one_article_the_start_page_is_its_overview(store_path):
    one = Pages(create_app(store_path, claims_paths=[DEFAULT_CLAIMS_FILE], warm_up=False))
    page = one.page("/")
    assert '"id": "headline"' in page and "article-index" not in page
    assert '"href": "/claim/' in page and "/a/" not in page  # today's short links


def test_a_claims_file_added_or_edited_beside_the_store_shows_at_the_next_request(
    store_path
):
    user_dir = user_claims_dir(store_path)
    site = Pages(create_app(store_path, warm_up=False))  # the default: bundled + user folder
    bundled = len(list(CLAIMFILES_DIR.glob("*.toml")))
    first = site.page("/")
    assert ("article-index" in first) == (bundled > 1)
    user_dir.mkdir()
    text = DEFAULT_CLAIMS_FILE.read_text(encoding="utf-8").replace(
        'title = "Belarus: Lukaschenkos geheimer Tanz mit Washington"',
        f'title = "{SECOND_TITLE}"', 1)
    (user_dir / "mine.toml").write_text(text, encoding="utf-8")
    index = site.page("/")
    assert "article-index" in index and SECOND_TITLE in index
    assert f"{bundled + 1} articles checked" in site.title("/")
    cid = check(store_path, DEFAULT_CLAIMS_FILE)["claims"][0]["claim"]["id"]
    before = site.page(f"/a/mine/claim/{cid}")
    (user_dir / "mine.toml").write_text(text.replace(f'id = "{cid}"', f'id = "{cid}-2"', 1),
                                        encoding="utf-8")
    assert "not-found" in site.page(f"/a/mine/claim/{cid}") and "not-found" not in before
    assert "not-found" not in site.page(f"/a/mine/claim/{cid}-2")


def test_a_broken_claims_file_is_one_articles_error_not_the_sites(store_path, folder):
    (folder / "broken.toml").write_text("format = 1\n[article\n", encoding="utf-8")
    site = Pages(create_app(store_path, claims_paths=sorted(folder.glob("*.toml")),
                            warm_up=False))
    index = site.page("/")
    assert "could not be checked" in index and SECOND_TITLE in index
    assert '"id": "analysis-error"' in site.page("/a/broken/")
    assert '"id": "headline"' in site.page("/a/zweiter_artikel/")


def test_the_response_cache_keeps_articles_apart(store_path, folder):
    app = create_app(store_path, claims_paths=sorted(folder.glob("*.toml")), warm_up=False)
    site = Pages(app)
    cache = app.server.config["CLAIMCHECK_RESPONSE_CACHE"]
    a, b = site.page("/a/belarus_2025/"), site.page("/a/zweiter_artikel/")
    assert a != b and SECOND_TITLE in b and SECOND_TITLE not in a
    hits = cache.hits
    assert site.page("/a/zweiter_artikel/") == b and cache.hits == hits + 1
    second = folder / "zweiter_artikel.toml"
    second.write_text(second.read_text(encoding="utf-8").replace(SECOND_TITLE, "Neu"),
                      encoding="utf-8")
    assert "Neu" in site.page("/a/zweiter_artikel/")


# -- in the browser -----------------------------------------------------------------------------
@pytest.mark.browser
def test_every_articles_pages_work_in_the_browser(dash_duo, store_path, folder):
    if not Path("/usr/bin/chromium").exists() or shutil.which("chromedriver") is None:
        pytest.fail("browser tests need Chromium and chromedriver")
    dash_duo.start_server(create_app(store_path, claims_paths=sorted(folder.glob("*.toml"))))
    dash_duo.wait_for_element("#article-index", timeout=20)
    for path in sorted(folder.glob("*.toml")):
        aid, expected = path.stem, check(store_path, path)
        dash_duo.driver.get(dash_duo.server_url + "/")
        dash_duo.wait_for_element(f"#article-index [data-article='{aid}'] a", timeout=20).click()
        until(lambda aid=aid: dash_duo.driver.current_url.endswith(f"/a/{aid}/"))
        assert dash_duo.wait_for_element("#headline", timeout=20).text == expected["headline"]
        assert expected["article"]["title"] in dash_duo.driver.title
        claim = expected["claims"][0]
        dash_duo.find_element(f"#card-{claim['claim']['id']} .card-title a").click()
        dash_duo.wait_for_element("#detail-chart .main-svg", timeout=20)
        assert f"/a/{aid}/claim/{claim['claim']['id']}" in dash_duo.driver.current_url
        assert dash_duo.find_element("#claim-verdict .verdict").get_attribute(
            "data-verdict") == claim["verdict"]
        set_viewport(dash_duo, PHONE)
        assert page_width_fits(dash_duo, PHONE[0])
        dash_duo.driver.back()
        dash_duo.wait_for_element("#headline", timeout=20)
        dash_duo.find_element("#nav-table").click()
        dash_duo.wait_for_element("#claims-table", timeout=20)
        assert f"/a/{aid}/table" in dash_duo.driver.current_url
        set_viewport(dash_duo, (1440, 900))
    dash_duo.driver.get(dash_duo.server_url + "/a/zweiter_artikel/")
    link = dash_duo.wait_for_element(f".article-bar a[href='{SECOND_URL}']", timeout=20)
    assert link.text == SECOND_TITLE
    assert dash_duo.find_element("#nav-index").get_attribute("href").endswith("/")
    assert not dash_duo.driver.find_elements(By.CSS_SELECTOR, "#article-index")
    assert_no_console_errors(dash_duo)
