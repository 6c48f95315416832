"""Page layouts: the shell (header, freshness, downloads), table, provenance, notices.

The overview lives in dashboard.overview, the claim page in dashboard.claim_view.

Every function here is a pure function of the comparison result (``indicators.judge.compare``) and
the cached store state; nothing here queries the store or computes a verdict.
"""

from __future__ import annotations

from dash import dcc, html

from dashboard.common import (  # noqa: F401  (re-exported: tests and callbacks use them)
    VERDICT_ICONS,
    article_date,
    claim_href,
    find_claim,
    observed_text,
    parse_search,
    relative,
    verdict_badge,
)
from dashboard.data import SEED_COMMAND, DashboardData, Freshness, Snapshot, StoreUnavailable
from indicators.claims.economies import display_name
from indicators.judge.verdicts import Verdict


# -- the shell -------------------------------------------------------------------------------
def shell(data: DashboardData, app) -> html.Div:
    try:
        snap = data.snapshot()
    except StoreUnavailable as exc:
        return unavailable_page(exc, data)
    return html.Div(
        [
            dcc.Location(id="url", refresh=False),
            dcc.Store(id="view-state"),  # the URL the page content currently shows
            html.A("Skip to content", href="#page", className="skip-link"),
            header(snap, app),
            html.Main(id="page", tabIndex="-1", className="page"),
            footer(snap),
            dcc.Download(id="download"),
        ],
        className="app",
    )


def header(snap: Snapshot, app) -> html.Header:
    article = snap.article
    return html.Header(
        [
            html.Div(
                [
                    html.A("Claimcheck", href=relative(app, "/"), className="brand"),
                    html.Nav(
                        [
                            dcc.Link("Overview", href=relative(app, "/"), id="nav-overview"),
                            dcc.Link("All readings (table)", href=relative(app, "/table"),
                                     id="nav-table"),
                        ],
                        className="nav",
                        **{"aria-label": "Main"},
                    ),
                ],
                className="topbar",
            ),
            html.P(
                [
                    html.Span("Article: "),
                    html.A(article.title, href=article.url, rel="noopener", target="_blank")
                    if article is not None and article.url else
                    html.Span(article.title if article is not None else "–"),
                    html.Span(
                        f" · {article.publisher}, {article.date}" if article is not None
                        and article.publisher else (f" · {article.date}" if article else ""),
                    ),
                ],
                className="article-line",
            ),
            freshness_block(snap.freshness),
        ],
        className="header",
    )


def freshness_block(freshness: Freshness) -> html.Div:
    items = []
    as_of = freshness.data_as_of
    text = f"Data as of {as_of}" if as_of else "Data as of: unknown"
    if freshness.oldest_retrieval and freshness.oldest_retrieval != as_of:
        text += f" (oldest source retrieved {freshness.oldest_retrieval})"
    items.append(html.P(text, id="data-as-of", className="as-of"))
    notices = []
    for s in freshness.notices:
        if s.failed:
            notices.append(html.Li(
                [html.Strong(f"{s.source}: last refresh failed"),
                 f" ({s.last_attempt}): {s.last_error or 'no error recorded'}. "
                 "The previous rows are still shown. Retry with ",
                 html.Code(f"claimcheck refresh --source {s.source}"), "."],
                className="notice-failed", **{"data-source": s.source},
            ))
        if s.stale:
            age = f"{s.age_days} days ago" if s.age_days is not None else "at an unknown date"
            notices.append(html.Li(
                [html.Strong(f"{s.source}: data may be out of date"),
                 f" — retrieved {age} ({s.retrieved[:10] or 'unknown'}), more than "
                 f"{freshness.stale_after_days} days. Update with ",
                 html.Code("claimcheck refresh"), "."],
                className="notice-stale", **{"data-source": s.source},
            ))
    items.append(html.Details(
        [
            html.Summary("Sources and refreshes"),
            html.Ul([
                html.Li(
                    f"{s.source}: retrieved {s.retrieved[:10] or 'unknown'}"
                    + (f"; publisher's newest vintage {s.publisher_updated}"
                       if s.publisher_updated else "")
                    + f"; last refresh ({s.last_kind}) {s.last_status} {s.last_attempt[:10]}",
                    **{"data-source": s.source},
                )
                for s in freshness.sources
            ]),
        ],
        id="sources-detail",
        className="sources-detail small",
    ))
    if notices:
        items.append(html.Div(
            [html.Span("⚠", className="notice-icon", **{"aria-hidden": "true"}),
             html.Ul(notices)],
            id="freshness-notices", className="notices", role="status",
        ))
    return html.Div(items, className="freshness")


def footer(snap: Snapshot) -> html.Footer:
    return html.Footer(
        [
            html.Div(
                [
                    html.Span("Download every claim × reading row: ", id="download-label"),
                    html.Button("CSV", id="download-csv", className="btn",
                                **{"aria-describedby": "download-label"}),
                    html.Button("XLSX", id="download-xlsx", className="btn",
                                **{"aria-describedby": "download-label"}),
                    html.Button("JSON", id="download-json", className="btn",
                                **{"aria-describedby": "download-label"}),
                ],
                className="downloads",
                role="group",
                **{"aria-label": "Downloads"},
            ),
            verdict_legend(),
            html.P(
                "Claimcheck reads a local store of official statistics and quoted figures; "
                "every number links to its source. The dashboard never goes online.",
                className="small",
            ),
        ],
        className="footer",
    )


def verdict_legend() -> html.Details:
    return html.Details(
        [
            html.Summary("What the verdicts mean"),
            html.Dl(
                [part for v in Verdict for part in (
                    html.Dt(verdict_badge(v)), html.Dd(v.meaning))],
                className="legend",
            ),
        ],
        className="legend-box",
    )


# -- store missing / empty / unusable ----------------------------------------------------------
def unavailable_page(exc: StoreUnavailable, data: DashboardData) -> html.Div:
    store_opt = f"--store {data.store_path} " if not _is_default(data) else ""
    seed = SEED_COMMAND.replace("claimcheck ", f"claimcheck {store_opt}", 1)
    if exc.reason == "unusable":
        steps = [
            html.P(exc.message),
            html.P(["Point ", html.Code("--store"), " or ", html.Code("$CLAIMCHECK_STORE"),
                    " at a Claimcheck store, or create a new one with:"]),
        ]
    else:
        steps = [
            html.P(exc.message),
            html.P("Seed it from the bundled snapshot (no network needed), then reload this "
                   "page:"),
        ]
    return html.Div(
        html.Main(
            [
                html.H1("Claimcheck"),
                html.H2("No data to show yet" if exc.reason != "unusable"
                        else "This store cannot be used"),
                *steps,
                # focusable: a long path scrolls sideways and must be reachable by keyboard
                html.Pre(html.Code(seed), id="seed-command", tabIndex="0"),
                html.P(["For the latest figures (needs internet): ",
                        html.Code(f"claimcheck {store_opt}refresh")]),
            ],
            className="page empty-store",
            id="empty-store",
            **{"data-reason": exc.reason},
        ),
        className="app",
    )


def _is_default(data: DashboardData) -> bool:
    from cache.store import default_store_path

    return data.store_path == default_store_path()


# -- pages ------------------------------------------------------------------------------------
def analysis_error_page(snap: Snapshot) -> html.Div:
    return html.Div(
        [
            html.H1("The claims could not be checked"),
            html.P(snap.error, className="error-text"),
            html.P(["Run ", html.Code("claimcheck check"), " to see the problem in detail."]),
        ],
        id="analysis-error",
    )


def not_found_page(app, what: str) -> html.Div:
    return html.Div(
        [
            html.H1("Not found"),
            html.P(what),
            dcc.Link("Back to the overview", href=relative(app, "/")),
        ],
        id="not-found",
    )


def provenance_panel(reading, snap: Snapshot) -> html.Section:
    points = []
    for p in (reading.at_claim_year, reading.latest):
        if p is not None and all(p is not q and p != q for q in points):
            points.append(p)
    blocks = []
    seen: set[tuple] = set()
    for point in points:
        for leaf in (point.inputs or (point,)):
            key = (leaf.source, leaf.series, leaf.economy, leaf.counterpart, leaf.year)
            if key in seen:
                continue
            seen.add(key)
            blocks.append(provenance_block(leaf, snap))
    if not blocks:
        blocks = [html.P(reading.no_data_reason or reading.measure
                         or "No public data for this reading.")]
    elif any(p.computed for p in points):
        blocks.insert(0, html.P(["Computed by Claimcheck from the stored values below: ",
                                 html.Code(reading.measure)], className="muted"))
    return html.Section(
        [html.H2("Where the numbers come from"), *blocks],
        className="provenance",
        id="provenance",
    )


def provenance_block(point, snap: Snapshot) -> html.Div:
    meta = snap.series_meta.get((point.source, point.series))
    origin = point.origin or ""
    origin_node = (html.A(origin, href=origin, rel="noopener", target="_blank")
                   if origin.startswith(("http://", "https://")) else html.Code(origin or "–"))
    rows = [
        ("Value", f"{observed_text(point)} · {display_name(point.economy)}"
                  + (f" (counterpart {display_name(point.counterpart)})"
                     if point.counterpart else "")),
        ("Source", f"{point.source} — {point.dataset}" if point.dataset else point.source),
        ("Series", [html.Code(point.series), f" {point.series_name}"]),
        ("Definition", (meta.definition if meta is not None and meta.definition else "–")),
        ("Publisher last updated", point.publisher_updated or "–"),
        ("Retrieved", point.retrieved_at or "–"),
        ("URL or origin", origin_node),
        ("Licence", point.licence or dict(snap.result.licences).get(point.source, "–")),
    ]
    if point.note:
        rows.append(("Note", point.note))
    return html.Div(
        html.Dl([x for k, v in rows for x in (html.Dt(k), html.Dd(v))], className="facts"),
        className="provenance-block",
        **{"data-series": point.series},
    )
