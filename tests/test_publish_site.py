"""`claimcheck publish`: the files a reader, a search engine and a host get (no browser here;
see test_publish_browser.py). One real site per session (`published_site`, conftest.py)."""

from __future__ import annotations

import json
import re
import shutil
import struct
from pathlib import Path

import pytest
from publish_helpers import (
    AUTHOR,
    BASE_URL,
    DATE,
    claims_folder,
    internal_target,
    parse_strict,
    publish,
    references,
)

from cache.store import Store
from indicators.judge.compare import evaluate_article
from indicators.output import site_urls
from indicators.output.claimreview import REQUIRED, missing_fields
from indicators.output.export import export_bytes
from publish.output import MARKER

STAMP_FILES = (MARKER, ".json", ".xlsx")  # the files that carry the generated-at stamp


def results(site):
    stamp = json.loads((site.root / MARKER).read_text())["generated_at"]
    with Store.open(site.store, read_only=True) as store:
        return {p.stem: evaluate_article(store, p, now=stamp)
                for p in sorted(site.claims.glob("*.toml"))}


def json_ld(text: str) -> list[dict]:
    return [json.loads(m) for m in re.findall(
        r'<script type="application/ld\+json">(.*?)</script>', text, re.S)]


def test_every_page_parses_strictly_and_every_internal_link_resolves(published_site):
    site = published_site
    pages = site.pages()
    assert len(pages) > 60
    broken = []
    for page in pages:
        doc = parse_strict(site.read(page))  # raises on any parse error
        ids_cache: dict[Path, set[str]] = {}
        for ref in references(doc):
            target = internal_target(site.root, page, ref)
            if target is None:
                continue
            path, fragment = target
            if not path.is_file():
                broken.append(f"{page}: {ref}")
            elif fragment and path.suffix == ".html":
                if path not in ids_cache:
                    ids_cache[path] = set(re.findall(r'\sid="([^"]+)"', path.read_text()))
                if fragment not in ids_cache[path]:
                    broken.append(f"{page}: {ref} (no #{fragment})")
    assert broken == []


def test_the_site_has_each_articles_pages_exports_cards_and_embeds(published_site):
    site = published_site
    for aid, res in results(site).items():
        for path in (site_urls.overview_path(aid), site_urls.table_path(aid),
                     site_urls.card_path(aid)):
            assert (site.root / path).is_file(), path
        for c in res.claims:
            cid = c.claim.id
            assert (site.root / site_urls.claim_path(aid, cid)).is_file()
            assert (site.root / site_urls.embed_path(aid, cid, "card")).is_file()
            card = (site.root / site_urls.card_path(aid, cid)).read_bytes()
            assert card[:8] == b"\x89PNG\r\n\x1a\n"
            assert struct.unpack(">II", card[16:24]) == (1200, 630)
            for r in c.readings:
                if r.reading_id != site_urls and (site.root / site_urls.claim_path(
                        aid, cid, r.reading_id)).exists():
                    assert (site.root / site_urls.embed_path(
                        aid, cid, f"chart-{r.reading_id}")).is_file()
    for page in (site_urls.overview_path("poland_2024"),
                 site_urls.claim_path("belarus_2025", "potash-share")):
        assert re.search(r'<a [^>]*href="(\.\./)+index\.html"[^>]*>All articles</a>',
                         site.read(page)), page
    index = site.read("index.html")
    assert "Belarus: Lukaschenkos geheimer Tanz mit Washington" in index
    assert "Polens Wirtschaft: offen und gefragt" in index


def test_exports_are_the_same_bytes_as_claimcheck_export(published_site):
    site = published_site
    for aid, res in results(site).items():
        for fmt in ("csv", "xlsx", "json"):
            assert (site.root / site_urls.export_path(aid, fmt)).read_bytes() == export_bytes(
                res, fmt), f"{aid}.{fmt}"


def test_pages_say_what_the_dashboard_says(published_site):
    """The dashboard's view models and builders, so the same words: title, headline, verdicts,
    the plain sentences."""
    from html import escape

    from indicators.output import pages as views
    from publish.pages import load_articles

    site = published_site
    stamp = json.loads((site.root / MARKER).read_text())["generated_at"]
    from indicators.claims.articles import article_ids

    articles = load_articles(article_ids(sorted(site.claims.glob("*.toml"))), site.store,
                             now=stamp)
    for a in articles:
        ctx = a.context()
        overview = site.read(site_urls.overview_path(a.article_id))
        vm = views.overview(ctx)
        assert f"<title>{escape(vm.page_title, quote=False)}</title>" in overview
        assert escape(vm.headline, quote=False) in overview
        for c in a.result.claims:
            page = site.read(site_urls.claim_path(a.article_id, c.claim.id))
            claim_vm = views.claim_page(ctx, c)
            assert f"<title>{escape(claim_vm.page_title, quote=False)}</title>" in page
            assert escape(claim_vm.sentence, quote=False) in page
            assert f'data-verdict="{c.verdict.value}"' in page


def test_each_claim_page_carries_a_complete_claimreview(published_site):
    site = published_site
    res = results(site)
    for aid, r in res.items():
        for c in r.claims:
            page = site.read(site_urls.claim_path(aid, c.claim.id))
            blocks = json_ld(page)
            assert len(blocks) == 1
            review = blocks[0]
            assert review["url"] == site_urls.public_url(BASE_URL,
                                                         site_urls.claim_path(aid, c.claim.id))
            assert review["author"] == {"@type": "Organization", "name": AUTHOR,
                                        "url": BASE_URL}
            assert review["datePublished"] == DATE
            assert review["reviewRating"]["alternateName"] == c.verdict_text
            missing = missing_fields(review)
            if aid == "poland_2024":  # its claims file gives the article's URL and publisher
                assert missing == [], missing
                assert review["itemReviewed"]["author"]["name"] == "Beispiel-Zeitung"
                assert review["itemReviewed"]["appearance"]["url"] == (
                    "https://example.org/polen-2024")
            else:  # the bundled file names neither: nothing is invented, publish says so
                assert missing == ["recommended: itemReviewed.author",
                                   "recommended: itemReviewed.author.name",
                                   "recommended: itemReviewed.appearance.url"], missing
    assert "belarus_2025: the ClaimReview lacks" in site.stderr
    assert "poland_2024: the ClaimReview lacks" not in site.stderr


@pytest.mark.parametrize("field", REQUIRED + ("author", "itemReviewed.appearance"))
def test_the_claimreview_check_names_a_missing_field(published_site, field):
    page = published_site.read(site_urls.claim_path("poland_2024", "exports-half-gdp"))
    review = json_ld(page)[0]
    *parents, last = field.split(".")
    node = review
    for p in parents:
        node = node[p]
    del node[last]
    assert any(m.endswith(": " + field) for m in missing_fields(review))


def test_metadata_titles_canonical_and_share_cards(published_site):
    site = published_site
    titles = {}
    for page in site.pages():
        text = site.read(page)
        title = re.search(r"<title>(.*?)</title>", text).group(1)
        titles.setdefault(title, []).append(page)
        for prop in ("og:title", "og:description", "og:image", "twitter:card", "twitter:image"):
            assert f'"{prop}"' in text, f"{page}: {prop}"
        assert re.search(r'<meta name="description" content="[^"]{20,}">', text), page
        assert f'<link rel="canonical" href="{BASE_URL}' in text, page
        image = re.search(r'<meta property="og:image" content="([^"]+)">', text).group(1)
        assert image.startswith(BASE_URL) and (site.root / image[len(BASE_URL):]).is_file()
        if "/embed/" in page:
            assert '<meta name="robots" content="noindex">' in text
    assert all(len(v) == 1 for v in titles.values()), [v for v in titles.values() if len(v) > 1]
    claim = site.read(site_urls.claim_path("belarus_2025", "potash-share"))
    assert "<title>Belarus controls one fifth of the world potash market · " in claim
    assert 'content="summary_large_image"' in claim


def test_sitemap_robots_and_host_headers(published_site):
    site = published_site
    sitemap = (site.root / "sitemap.xml").read_text()
    locs = re.findall(r"<loc>(.*?)</loc>", sitemap)
    assert f"{BASE_URL}a/belarus_2025/claim/potash-share/" in locs
    assert all(f"<lastmod>{DATE}</lastmod>" in line for line in sitemap.splitlines()
               if "<loc>" in line)
    assert not any("/embed/" in u for u in locs)
    for url in locs:
        path = url[len(BASE_URL):]
        assert (site.root / (path + "index.html" if path.endswith("/") or not path
                             else path)).is_file(), url
    assert (site.root / "robots.txt").read_text() == (
        f"User-agent: *\nAllow: /\nSitemap: {BASE_URL}sitemap.xml\n")
    headers = (site.root / "_headers").read_text()
    assert "frame-ancestors 'none'" in headers and "/a/*/embed/*" in headers


def test_the_claimreview_export_names_the_published_pages(published_site):
    from click.testing import CliRunner

    from indicators.cli import cli

    site = published_site
    result = CliRunner().invoke(cli, [
        "--store", str(site.store), "export", "--format", "claimreview",
        "--claims", str(site.claims / "poland_2024.toml"), "--base-url", BASE_URL,
        "--author", AUTHOR])
    assert result.exit_code == 0, result.output
    reviews = json.loads(result.stdout)
    for review in reviews:
        assert missing_fields(review) == []
        path = review["url"][len(BASE_URL):]
        assert (site.root / path / "index.html").is_file()
        page = json_ld(site.read(path + "index.html"))[0]
        page_fields = {k: v for k, v in page.items() if k != "datePublished"}
        assert page_fields == {k: v for k, v in review.items() if k != "datePublished"}
    bad = CliRunner().invoke(cli, ["--store", str(site.store), "export", "--format", "csv",
                                   "--base-url", BASE_URL])
    assert bad.exit_code == 2 and "only --format claimreview" in bad.stderr


def test_the_same_store_and_claims_give_the_same_bytes(published_site, tmp_path, monkeypatch):
    """A second, cold publish (a new folder, another generated-at stamp): every file is the
    same apart from the files that carry the stamp, and those differ only in it."""
    import cache.store

    site = published_site
    monkeypatch.setattr(cache.store, "utc_now", lambda: __import__("datetime").datetime(
        2027, 1, 2, 3, 4, 5, tzinfo=__import__("datetime").UTC))
    code, stderr = publish(site.store, site.claims, tmp_path / "again")
    assert code == 0, stderr
    first = {p.relative_to(site.root).as_posix(): p.read_bytes()
             for p in site.root.rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "again").as_posix(): p.read_bytes()
              for p in (tmp_path / "again").rglob("*") if p.is_file()}
    assert sorted(first) == sorted(second)
    differ = sorted(p for p in first if first[p] != second[p])
    assert all(p.endswith(STAMP_FILES) for p in differ), differ
    old_stamp = json.loads(first[MARKER])["generated_at"]
    for p in differ:
        if p.endswith((".json",)):
            assert first[p].decode().replace(old_stamp, "2027-01-02T03:04:05+00:00") == (
                second[p].decode()), p


def test_publish_replaces_a_site_whole_or_not_at_all(published_site, tmp_path, monkeypatch):
    site = published_site
    out = tmp_path / "site"
    shutil.copytree(site.root, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}

    # A run that fails while making images leaves the old site exactly as it was.
    from publish import run as publish_run
    from publish.images import ImageError

    class Broken:
        def __init__(self, **options):  # as ImageMaker(start_early=...)
            self.options = options

        def __enter__(self):
            raise ImageError("the browser crashed")

        def __exit__(self, *a):
            return None

    monkeypatch.setattr(publish_run, "ImageMaker", Broken)
    code, stderr = publish(site.store, site.claims, out)
    assert code == 1 and "Error: the browser crashed." in stderr
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary folder left
    monkeypatch.undo()

    # A successful run with one article fewer: the other article's files are gone, and the
    # unchanged images are taken from the old site.
    one = claims_folder(tmp_path / "one")
    (one / "poland_2024.toml").unlink()
    code, stderr = publish(site.store, one, out)
    assert code == 0, stderr
    assert not (out / "a" / "poland_2024").exists()
    chart = "a/belarus_2025/charts/claimcheck-potash-share-main.svg"
    assert (out / chart).read_bytes() == (site.root / chart).read_bytes()
    assert "Polens Wirtschaft" not in (out / "index.html").read_text()
    assert "All articles" not in (out / "a" / "belarus_2025" / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one", "site"]


def test_publish_never_replaces_a_folder_of_other_files(published_site, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.txt").write_text("do not delete")
    code, stderr = publish(published_site.store, published_site.claims, out)
    assert code == 2
    assert "holds files that `claimcheck publish` did not write" in stderr
    assert (out / "thesis.txt").read_text() == "do not delete"
    assert len(stderr.strip().splitlines()) == 1


def test_bad_options_get_one_line_and_exit_2(published_site, tmp_path):
    for extra, words in ((("--base-url", "ftp://x"),), "--base-url must be an http(s)"), \
            ((("--date", "yesterday"),), "--date must be a date"):
        code, stderr = publish(published_site.store, published_site.claims, tmp_path / "x",
                               *extra[0])
        assert code == 2 and words in stderr and len(stderr.strip().splitlines()) == 1
    code, stderr = publish(published_site.store, tmp_path / "none.toml", tmp_path / "x")
    assert code == 2 and "none.toml" in stderr
    assert not (tmp_path / "x").exists()


def test_share_cards_name_the_claim_its_verdict_with_qualifiers_and_the_deciding_figure(
        published_site):
    from html import escape

    from publish.cards import claim_card, qualifiers

    res = results(published_site)["belarus_2025"]
    for c in res.claims:
        text = " ".join(a["text"] for a in claim_card(c, "x")["layout"]["annotations"]).replace(
            "<br>", " ")
        assert escape(c.claim.gloss, quote=False).split()[0] in text
        assert f"Claim verdict: {c.verdict.label}" in text
        words = "; ".join(qualifiers(c))
        assert words[:60] in text
        deciding = c.deciding
        if deciding is not None and deciding.at_claim_year is not None and c.verdict.scored:
            assert str(deciding.at_claim_year.year) in text
    energy = next(c for c in res.claims if c.claim.id == "energy-dependence")
    assert "on 2017 data" in qualifiers(energy)  # never a plain "consistent" on old data
