"""From a URL to a page: route it, build the page's view model from the cached store state,
render it as Dash components. Also each URL's title, for the HTML the server sends."""

from __future__ import annotations

from dashboard import render, shell
from dashboard.data import DashboardData, Snapshot, StoreUnavailable
from dashboard.render import check as render_check
from dashboard.routes import Route, claim_state, route, table_state
from indicators.output import pages
from indicators.output.pages import titles
from indicators.output.pages.links import TABS


def links_for(snap: Snapshot, app) -> pages.Links:
    return pages.Links(single=snap.single, prefix=app.get_relative_path)


def route_of(snap: Snapshot, app, pathname: str | None) -> Route:
    path = "/" + (app.strip_relative_path(pathname or "/") or "")
    return route(path, list(snap.articles), snap.default_id)


def context(data: DashboardData, snap: Snapshot, app, article_id: str) -> pages.PageContext:
    state = snap.articles[article_id]

    def series(claim, reading_id: str, economy: str):
        return data.series(article_id, claim, reading_id, economy)

    return pages.PageContext(article_id=article_id, result=state.result,
                             links=links_for(snap, app), series=series,
                             series_meta=snap.series_meta)


def page_for(data: DashboardData, app, pathname: str | None, search: str | None):
    """The page a URL shows (a missing store or a broken claims file is a page too)."""
    try:
        snap = data.snapshot()
        r = route_of(snap, app, pathname)
        if r.kind == "check":
            return render_check.check_page()
        if r.kind == "index":
            return index(data, app)
        if r.kind == "not_found":
            return shell.not_found_page(app.get_relative_path("/"), r.missing)
        snap = data.evaluated(r.article_id)
    except StoreUnavailable as exc:
        return shell.unavailable_page(exc, data)
    state = snap.articles[r.article_id]
    if state.error or state.result is None:
        return shell.analysis_error_page(state.error or "not evaluated",
                                         state.article.title if state.article else "")
    ctx = context(data, snap, app, r.article_id)
    if r.kind == "overview":
        return render.overview_page(pages.overview(ctx))
    if r.kind == "table":
        t = table_state(search)
        return render.table_page(pages.table(ctx, sort=t.sort, descending=t.descending,
                                             shown=list(t.columns)))
    claim_result = next((c for c in state.result.claims if c.claim.id == r.claim_id), None)
    if claim_result is None:
        return shell.not_found_page(ctx.links.overview(r.article_id),
                                    f"There is no claim {r.claim_id!r} in this article.")
    s = claim_state(search)
    return render.claim_page(pages.claim_page(ctx, claim_result, reading_id=s.reading,
                                              peers=list(s.peers), main_tab=s.main,
                                              detail_tab=s.detail))


def index(data: DashboardData, app):
    snap = data.evaluated()
    links = links_for(snap, app)
    summaries = [pages.summary(aid, state.article, state.result, links.overview(aid),
                               state.error) for aid, state in snap.articles.items()]
    return render.index_page(pages.index(summaries))


def detail_for(data: DashboardData, app, ref: dict, reading_id: str | None,
               peers: list[str], detail_tab: str | None):
    """The detail of one source (the reading callback): None when the claim is gone."""
    snap = data.evaluated(ref.get("article"))
    state = snap.articles.get(ref.get("article") or "")
    if state is None or state.result is None:
        return None
    claim_result = next((c for c in state.result.claims if c.claim.id == ref.get("claim")),
                        None)
    if claim_result is None:
        return None
    ctx = context(data, snap, app, state.article_id)
    reading = pages.opening_reading(claim_result, reading_id)
    return pages.detail(ctx, claim_result, reading, peers,
                        detail_tab=detail_tab if detail_tab in TABS else "chart")


def title_for(data: DashboardData, app, pathname: str) -> str:
    """The page's own <title>, from the claims files alone (no comparison needed)."""
    try:
        snap = data.snapshot()
    except StoreUnavailable:
        return titles.SITE
    r = route_of(snap, app, pathname)
    if r.kind == "check":
        return titles.CHECK
    if r.kind == "index":
        return titles.index_title(len(snap.articles))
    state = snap.articles.get(r.article_id or "")
    if r.kind == "not_found" or state is None or state.article is None:
        return titles.NOT_FOUND if r.kind == "not_found" else titles.SITE
    if r.kind == "overview":
        return titles.overview_title(state.article)
    if r.kind == "table":
        return titles.table_title(state.article)
    claim = next((c for c in state.claims.claims if c.id == r.claim_id), None)
    return titles.claim_title(state.article, claim) if claim else titles.NOT_FOUND
