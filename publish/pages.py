"""The adapter: each static page's component tree, from the dashboard's own builders.

This is the only module that knows the dashboard's API: the page view models
(`indicators.output.pages`) rendered by `dashboard.render` with ``interactive=False`` (choices
as links), inside the dashboard's shell. Everything after it (`statics`, `render`, `document`)
works on whatever tree they return. The claim page is built once per reading (the dashboard's
reading choice is a URL state; here each reading has a page).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dashboard import render
from dashboard import shell as dash_shell
from dashboard.data import ArticleState, DashboardData, Snapshot
from indicators.output import pages as views
from indicators.output import site_urls
from indicators.output.pages import titles
from publish.links import StaticApp, UnknownLink
from publish.tree import by_id

APP = StaticApp()


class SiteLinks(views.Links):
    """The dashboard's links, but the list of articles is the site's own index.html (the
    dashboard's ``/`` is that list only when it serves several articles)."""

    def index(self) -> str:
        return "/index.html"


@dataclass
class Article:
    """One article of the site: its id, the dashboard's data over the store, the result."""

    article_id: str
    data: DashboardData
    snap: Snapshot
    state: ArticleState

    @property
    def result(self):
        return self.state.result

    def context(self) -> views.PageContext:
        aid = self.article_id

        def series(claim, reading_id: str, economy: str):
            return self.data.series(aid, claim, reading_id, economy)

        return views.PageContext(article_id=aid, result=self.result,
                                 links=SiteLinks(single=self.snap.single),
                                 series=series, series_meta=self.snap.series_meta)

    def default_reading_id(self, claim_result) -> str | None:
        reading = views.opening_reading(claim_result, None)
        return reading.reading_id if reading is not None else None

    def reading_page(self, claim_id: str, reading_id: str | None) -> str:
        claim_result = self.claim(claim_id)
        if reading_id in (None, self.default_reading_id(claim_result)) or reading_id not in {
                r.reading_id for r in claim_result.readings}:
            return site_urls.claim_path(self.article_id, claim_id)
        return site_urls.claim_path(self.article_id, claim_id, reading_id)

    def claim(self, claim_id: str):
        found = next((c for c in self.result.claims if c.claim.id == claim_id), None)
        if found is None:
            raise UnknownLink(f"no claim {claim_id!r} in article {self.article_id!r}")
        return found


def load_articles(claims: dict[Path, str], store_path: Path, *, now: str) -> list[Article]:
    """The dashboard's data for the claims files, each evaluated with the one stamp."""
    from indicators.judge import compare

    data = DashboardData(store_path, claims_paths=list(claims),
                         stale_after_days=10**6)  # staleness is said by `publish`, not pages
    snap = data.snapshot()
    out = []
    for aid, state in snap.articles.items():
        if state.claims is None:
            raise ValueError(state.error)
        state.result = compare.evaluate_claims_file(data.store(), state.claims, now=now)
        state.evaluated = True
        out.append(Article(aid, data, snap, state))
    return out


def shell(article: Article, content: Any) -> Any:
    """The dashboard's page shell (skip link, header, footer) around ``content``."""
    tree = dash_shell.shell(article.data, APP)
    by_id(tree, "page").children = content
    return tree


def overview_tree(article: Article) -> tuple[Any, str]:
    vm = views.overview(article.context())
    return shell(article, render.overview_page(vm)), vm.page_title


def table_tree(article: Article) -> tuple[Any, str]:
    vm = views.table(article.context())
    return shell(article, render.table_page(vm, interactive=False)), vm.page_title


def claim_content(article: Article, claim_result, reading_id: str | None) -> Any:
    vm = views.claim_page(article.context(), claim_result, reading_id=reading_id)
    return render.claim_page(vm, interactive=False)


def claim_tree(article: Article, claim_result, reading_id: str | None) -> Any:
    return shell(article, claim_content(article, claim_result, reading_id))


def claim_title(article: Article, claim_result, reading=None) -> str:
    title = titles.claim_title(article.result.article, claim_result.claim)
    if reading is not None:
        title = f"{reading.label or reading.reading_id} · {title}"
    return title


def card_tree(article: Article, claim_result) -> Any:
    from dashboard.render.overview import card

    number = list(article.result.claims).index(claim_result) + 1
    return card(views.card(article.context(), claim_result, number))


def panel_tree(claim_page: Any, panel_id: str) -> Any | None:
    """One chart panel (Chart / Table / Sources and downloads) of a claim page's tree."""
    return by_id(claim_page, panel_id)


def index_tree(articles: list[Article]) -> tuple[Any, str]:
    links = SiteLinks(single=False)
    vm = views.index([views.summary(a.article_id, a.state.article, a.result,
                                    links.overview(a.article_id)) for a in articles])
    first = articles[0]
    return shell(first, render.index_page(vm)), vm.page_title
