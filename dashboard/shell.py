"""The page shell (header with the data's freshness, the footer) and the pages that say what
is wrong: a missing, empty or unusable store, a claims file that cannot be checked, a page
that does not exist. Built once per store state from the cached snapshot."""

from __future__ import annotations

from dash import dcc, html

from dashboard.data import SEED_COMMAND, DashboardData, Snapshot, StoreUnavailable
from dashboard.freshness import Freshness
from dashboard.render.ui import link, page, verdict_badge
from indicators.judge.verdicts import Verdict
from indicators.output.pages.words import SOURCE_NAMES, verdict_of


def shell(data: DashboardData, app) -> html.Div:
    try:
        snap = data.snapshot()
    except StoreUnavailable as exc:
        return unavailable_page(exc, data)
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            html.A("Skip to content", href="#page", className="skip-link"),
            header(snap, app),
            html.Main(id="page", tabIndex="-1", className="page"),
            footer(),
        ],
        className="app",
    )


def header(snap: Snapshot, app) -> html.Header:
    home = app.get_relative_path("/")
    return html.Header(
        [
            html.Div([link(home, "Claimcheck", className="brand"),
                      html.Span("an article's figures against the official statistics",
                                className="tagline muted")]
                     + [html.Nav(html.Ul(
                         ([html.Li(link(home, "All articles", id="nav-articles"))]
                          if not snap.single else [])
                         # drafting runs on the server: a published static site has no page
                         + ([] if getattr(app, "static_site", False) else [
                             html.Li(link(app.get_relative_path("/check"), "Check an article",
                                          id="nav-check"))]),
                         className="nav"), **{"aria-label": "Site"})],
                     className="topbar"),
            freshness_block(snap.freshness),
        ],
        className="header",
    )


def freshness_block(freshness: Freshness) -> html.Div:
    as_of = freshness.data_as_of
    text = f"Data as of {as_of}" if as_of else "Data as of: unknown"
    if freshness.oldest_retrieval and freshness.oldest_retrieval != as_of:
        text += f" (oldest source retrieved {freshness.oldest_retrieval})"
    items = [html.P(text, id="data-as-of", className="as-of")]
    notices = []
    for s in freshness.notices:
        if s.failed:
            notices.append(html.Li(
                [html.Strong(f"{s.source}: last refresh failed"),
                 f" ({s.last_attempt}): {s.last_error or 'no error recorded'}. "
                 "The previous rows are still shown. Retry with ",
                 html.Code(f"claimcheck refresh --source {s.source}"), "."],
                className="notice-failed", **{"data-source": s.source}))
        if s.stale:
            age = f"{s.age_days} days ago" if s.age_days is not None else "at an unknown date"
            notices.append(html.Li(
                [html.Strong(f"{s.source}: data may be out of date"),
                 f" — retrieved {age} ({s.retrieved[:10] or 'unknown'}), more than "
                 f"{freshness.stale_after_days} days. Update with ",
                 html.Code("claimcheck refresh"), "."],
                className="notice-stale", **{"data-source": s.source}))
    items.append(html.Details(
        [html.Summary("Sources and refreshes"),
         html.Ul([html.Li(
             f"{source_label(s.source)}: retrieved {s.retrieved[:10] or 'unknown'}"
             + (f"; publisher's newest vintage {s.publisher_updated}"
                if s.publisher_updated else "")
             + f"; last refresh ({s.last_kind}) {s.last_status} {s.last_attempt[:10]}",
             **{"data-source": s.source}) for s in freshness.sources])],
        id="sources-detail", className="sources-detail small"))
    if notices:
        items.append(html.Div(
            [html.Span("⚠", className="notice-icon", **{"aria-hidden": "true"}),
             html.Ul(notices)], id="freshness-notices", className="notices", role="status"))
    return html.Div(items, className="freshness")


def source_label(key: str) -> str:
    """A source key as readers know it ("reference": the figures that ship with Claimcheck)."""
    return "Figures bundled with Claimcheck" if key == "reference" else SOURCE_NAMES.get(key, key)


def footer() -> html.Footer:
    return html.Footer(
        [verdict_legend(),
         html.P("Claimcheck reads a local store of official statistics and quoted figures; "
                "every number names its source. The dashboard never goes online.",
                className="small")],
        className="footer")


def verdict_legend() -> html.Details:
    return html.Details(
        [html.Summary("What the verdicts mean"),
         html.Dl([part for v in Verdict for part in (html.Dt(verdict_badge(verdict_of(v))),
                                                      html.Dd(v.meaning))],
                 className="legend"),
         html.P("⚠ marks a verdict that rests on old data, a proxy or a fallback source; "
                "it is shown in amber, whatever the verdict.", className="small")],
        className="legend-box")


def unavailable_page(exc: StoreUnavailable, data: DashboardData) -> html.Div:
    store_opt = f"--store {data.store_path} " if not _is_default(data) else ""
    seed = SEED_COMMAND.replace("claimcheck ", f"claimcheck {store_opt}", 1)
    if exc.reason == "unusable":
        steps = [html.P(exc.message),
                 html.P(["Point ", html.Code("--store"), " or ", html.Code("$CLAIMCHECK_STORE"),
                         " at a Claimcheck store, or create a new one with:"])]
    else:
        steps = [html.P(exc.message),
                 html.P("Seed it from the bundled snapshot (no network needed), then reload "
                        "this page:")]
    return html.Div(
        html.Main(
            [html.H1("Claimcheck"),
             html.H2("No data to show yet" if exc.reason != "unusable"
                     else "This store cannot be used"),
             *steps,
             # focusable: a long path scrolls sideways and must be reachable by keyboard
             html.Pre(html.Code(seed), id="seed-command", tabIndex="0"),
             html.P(["For the latest figures (needs internet): ",
                     html.Code(f"claimcheck {store_opt}refresh")])],
            className="page empty-store", id="empty-store", **{"data-reason": exc.reason}),
        className="app")


def _is_default(data: DashboardData) -> bool:
    from cache.store import default_store_path

    return data.store_path == default_store_path()


def analysis_error_page(error: str, title: str = "") -> html.Div:
    return page([
        html.H1("This article's claims could not be checked", id="page-title", tabIndex="-1"),
        html.P(title, className="muted") if title else None,
        html.P(error, className="error-text"),
        html.P(["Run ", html.Code("claimcheck check"), " to see the problem in detail."]),
    ], page_id="analysis-error", title="Claims could not be checked · Claimcheck",
        page_key="error")


def not_found_page(home: str, what: str) -> html.Div:
    return page([
        html.H1("Not found", id="page-title", tabIndex="-1"),
        html.P(what),
        link(home, "Back to the start page"),
    ], page_id="not-found", title="Not found · Claimcheck", page_key="not-found")
