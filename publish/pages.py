"""The adapter: each static page's component tree, from the dashboard's own page builders.

This is the only module that knows the dashboard's builder functions; everything after it
(`statics`, `render`, `document`) works on whatever tree they return. The claim page is built
once per reading (the dashboard's reading choice is a callback; here each reading has a page).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dash import html

from dashboard import callbacks, layout, overview, table
from dashboard.claim_view import default_reading
from dashboard.data import DashboardData, Snapshot
from indicators.output import site_urls
from publish.links import StaticApp
from publish.tree import by_id, walk

APP = StaticApp()


@dataclass
class Article:
    """One article of the site: its id, the dashboard's data over the store, the result."""

    article_id: str
    claims_path: Path
    data: DashboardData
    snap: Snapshot

    @property
    def result(self):
        return self.snap.result

    def default_reading_id(self, claim_result) -> str | None:
        reading = default_reading(claim_result, None)
        return reading.reading_id if reading is not None else None

    def reading_page(self, claim_id: str, reading_id: str | None) -> str:
        claim_result = layout.find_claim(self.result, claim_id)
        if claim_result is None:
            from publish.links import UnknownLink

            raise UnknownLink(f"no claim {claim_id!r} in article {self.article_id!r}")
        if reading_id in (None, self.default_reading_id(claim_result)) or reading_id not in {
                r.reading_id for r in claim_result.readings}:
            return site_urls.claim_path(self.article_id, claim_id)
        return site_urls.claim_path(self.article_id, claim_id, reading_id)


def load_article(article_id: str, claims_path: Path, store_path: Path, *, now: str) -> Article:
    """The dashboard's data for one claims file, evaluated with the one generated-at stamp."""
    from indicators.judge import compare

    data = DashboardData(store_path, claims_path=claims_path,
                         stale_after_days=10**6)  # staleness is said by `publish`, not pages
    snap = data.snapshot()
    snap.result = compare.evaluate_article(data.store(), claims_path, now=now)
    snap.evaluated = True
    return Article(article_id, claims_path, data, snap)


def shell(article: Article, content: Any, *, several: bool = False) -> Any:
    """The dashboard's page shell (skip link, header, footer) around ``content``; with
    ``several`` articles, the navigation also leads back to the list of them."""
    tree = layout.shell(article.data, APP)
    main = by_id(tree, "page")
    main.children = content
    nav = next((n for n in walk(tree) if getattr(n, "className", None) == "nav"), None)
    if several and nav is not None:
        nav.children = [html.A("All articles", href="/index.html", id="nav-articles"),
                        *nav.children]
    return tree


def overview_tree(article: Article, *, several: bool = False) -> Any:
    return shell(article, overview.overview_page(article.snap, APP), several=several)


def table_tree(article: Article, *, several: bool = False) -> Any:
    rows, columns = table.table_data(article.snap)
    return shell(article, table.table_page(article.snap, rows, columns, APP), several=several)


def claim_content(article: Article, claim_result, reading_id: str | None) -> Any:
    search = f"?reading={reading_id}" if reading_id else ""
    return callbacks.claim_page_for(article.data, article.snap, claim_result, search, APP)


def claim_tree(article: Article, claim_result, reading_id: str | None, *,
               several: bool = False) -> Any:
    return shell(article, claim_content(article, claim_result, reading_id), several=several)


def card_tree(article: Article, claim_result) -> Any:
    number = list(article.result.claims).index(claim_result) + 1
    return overview.claim_card(claim_result, number, APP)


def panel_tree(claim_page: Any, panel_id: str) -> Any | None:
    """One chart panel (Chart / Table / Sources and downloads) of a claim page's tree."""
    return by_id(claim_page, panel_id)


def index_tree(articles: list[Article]) -> Any:
    """The site's front page: one entry per article, with its headline."""
    items = []
    for a in articles:
        art = a.result.article
        items.append(html.Li([
            html.H2(html.A(art.title, href=f"/a/{a.article_id}/", lang=art.language)),
            html.P(" · ".join(x for x in (art.publisher, art.date) if x), className="muted"),
            html.P(a.result.headline(), className="headline"),
        ], className="card article-entry"))
    return html.Div([
        html.A("Skip to content", href="#page", className="skip-link"),
        html.Header(html.Div(html.Span("Claimcheck", className="brand"), className="topbar"),
                    className="header"),
        html.Main([
            html.H1("Fact checks: articles' figures against the official statistics"),
            html.P("Each article's figures, every reading of them, with the data's source, "
                   "year and retrieval date.", className="muted"),
            html.Ul(items, className="article-list"),
        ], id="page", className="page", tabIndex="-1"),
        html.Footer(layout.verdict_legend(), className="footer"),
    ], className="app")
