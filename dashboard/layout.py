"""Page layouts: the shell (header, freshness, downloads), overview, claim detail, table, notices.

Every function here is a pure function of the comparison result (``indicators.compare``) and
the cached store state; nothing here queries the store or computes a verdict.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, urlencode

import dash_ag_grid as dag
from dash import dcc, html

from dashboard.data import SEED_COMMAND, DashboardData, Freshness, Snapshot, StoreUnavailable
from indicators.display import fmt_number, verdict_colour
from indicators.economies import display_name
from indicators.explain import band_description
from indicators.verdicts import Verdict

# A shape/glyph per verdict, so the verdict never depends on colour alone.
VERDICT_ICONS = {
    "consistent": "✓",
    "approximately": "≈",
    "outdated": "◷",
    "overstated": "▲",
    "understated": "▼",
    "context": "ℹ",
    "no data": "∅",
}


# -- small helpers --------------------------------------------------------------------------
def fmt_value(value: float | None, unit: str) -> str:
    """A readable rendering (the table and downloads keep full precision)."""
    text = fmt_number(value)
    if value is None or not unit:
        return text
    return f"{text}%" if unit.strip() in ("%", "percent") else f"{text} {unit}"


def slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def verdict_badge(verdict, *, large: bool = False, **extra) -> html.Span:
    """Text + glyph + colour; the meaning is in the title (and spelled out in the legend)."""
    value = verdict.value
    return html.Span(
        [
            html.Span(VERDICT_ICONS.get(value, "•"), className="verdict-icon",
                      **{"aria-hidden": "true"}),
            html.Span(verdict.label, className="verdict-label"),
        ],
        className=f"verdict verdict-{slug(value)}" + (" verdict-large" if large else ""),
        style={"--verdict-colour": verdict_colour(verdict)},
        title=verdict.meaning,
        **{"data-verdict": value},
        **extra,
    )


def relative(app, path: str) -> str:
    return app.get_relative_path(path)


def claim_href(app, claim_id: str, reading_id: str | None = None,
               peers: tuple[str, ...] | list[str] = ()) -> str:
    query = {}
    if reading_id:
        query["reading"] = reading_id
    if peers:
        query["peers"] = ",".join(peers)
    suffix = "?" + urlencode(query, safe=",") if query else ""
    return relative(app, f"/claim/{claim_id}") + suffix


def parse_search(search: str | None) -> tuple[str | None, list[str]]:
    """``?reading=<id>&peers=RUS,UKR`` → (reading id, peer codes)."""
    params = parse_qs((search or "").lstrip("?"))
    reading = (params.get("reading") or [None])[0]
    peers = [p for raw in params.get("peers", []) for p in raw.split(",") if p]
    return reading, peers


def article_date(article) -> date | None:
    try:
        return date.fromisoformat(str(article.date)[:10])
    except (AttributeError, ValueError):
        return None


def qualifier_list(qualifiers) -> list:
    """What a verdict rests on ("on 2017 data", "proxy: …", "depends on the reading: …")."""
    if not qualifiers:
        return []
    return [html.Span("; ".join(qualifiers), className="verdict-qualifiers muted")]


def point_source(point) -> str:
    if point is None:
        return ""
    names = dict.fromkeys(leaf.dataset or leaf.source for leaf in point.leaves())
    return " ÷ ".join(names)


def primary_reading(claim_result):
    """The reading shown first: the most likely one, else the one the verdict rests on."""
    wanted = claim_result.likely_reading or claim_result.deciding_reading
    return next((r for r in claim_result.readings if r.reading_id == wanted),
                claim_result.readings[0] if claim_result.readings else None)


def reading_label(reading) -> str:
    return reading.meaning + (" (most likely reading)" if reading.likely else "")


def claimed_text(claim) -> str:
    if claim.qualitative:
        return "no figure (qualitative claim)"
    bound = "" if claim.bound == "about" else claim.bound + " "  # the article's own terms
    return bound + fmt_value(claim.value, claim.unit)


def observed_text(point) -> str:
    if point is None:
        return "no data"
    period = f", {point.period}" if point.period and not point.computed else ""
    return f"{fmt_value(point.value, point.unit)} ({point.year}{period})"


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
                html.Pre(html.Code(seed), id="seed-command"),
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


def overview_page(snap: Snapshot, app) -> html.Div:
    result = snap.result
    return html.Div(
        [
            html.H1("Which of the article's figures hold?"),
            html.P(result.headline(), id="headline", className="headline"),
            html.Div([claim_card(c, i, app) for i, c in enumerate(result.claims, start=1)],
                     className="cards"),
        ],
        id="overview",
    )


def claim_card(claim_result, number: int, app) -> html.Article:
    claim = claim_result.claim
    title_id = f"card-title-{claim.id}"
    return html.Article(
        [
            html.Div(
                [
                    html.H2(
                        dcc.Link(f"{number}. {claim.gloss}", href=claim_href(app, claim.id)),
                        id=title_id,
                    ),
                    html.Div([html.Span("Overall: ", className="sr-label"),
                              verdict_badge(claim_result.verdict, large=True),
                              *qualifier_list(claim_result.qualifiers)],
                             className="card-verdict"),
                ],
                className="card-head",
            ),
            html.Blockquote(f"„{claim.quote}“", lang="de", className="quote"),
            html.P(["Claimed: ", html.Strong(claimed_text(claim)),
                    f" for {claim.year}" if claim.year else "",
                    html.Span(f" · {claim.precision_note}", className="muted")
                    if claim.precision_note else ""],
                   className="claimed"),
            html.Ul([reading_row(claim_result, r, app) for r in claim_result.readings],
                    className="reading-list", **{"aria-label": "Readings"}),
            html.P(claim_result.explanation, className="explanation"),
            dcc.Link(f"Chart and sources for claim {number} →",
                     href=claim_href(app, claim.id), className="more"),
        ],
        className="card",
        id=f"card-{claim.id}",
        **{"data-verdict": claim_result.verdict.value, "aria-labelledby": title_id},
    )


def reading_row(claim_result, reading, app) -> html.Li:
    latest = reading.latest
    observed = reading.at_claim_year
    bits = [html.Span("observed ", className="muted"), html.Strong(observed_text(observed))]
    if latest is not None and (observed is None or latest.year != observed.year):
        bits += [html.Span(" · latest ", className="muted"), observed_text(latest)]
    return html.Li(
        [
            dcc.Link(reading_label(reading),
                     href=claim_href(app, reading.claim_id, reading.reading_id),
                     className="reading-meaning"),
            html.Span(bits, className="reading-values"),
            verdict_badge(reading.verdict),
            *qualifier_list(reading.qualifiers),
            html.Span(point_source(latest or observed) or "no public data",
                      className="reading-source muted"),
        ],
        className="reading-row",
        id=f"row-{reading.claim_id}-{reading.reading_id}",
        **{"data-verdict": reading.verdict.value},
    )


def find_claim(result, claim_id: str):
    if result is None:
        return None
    return next((c for c in result.claims if c.claim.id == claim_id), None)


def claim_page(claim_result, search: str | None, app) -> html.Div:
    claim = claim_result.claim
    wanted_reading, wanted_peers = parse_search(search)
    reading_ids = [r.reading_id for r in claim_result.readings]
    reading_id = wanted_reading if wanted_reading in reading_ids else (
        primary_reading(claim_result).reading_id if claim_result.readings else None)
    peer_options = [{"label": f" {display_name(p)} ({p})", "value": p} for p in claim.peers]
    peers = [p for p in wanted_peers if p in claim.peers]
    return html.Div(
        [
            html.Nav([dcc.Link("← Overview", href=relative(app, "/"))], className="crumbs",
                     **{"aria-label": "Breadcrumb"}),
            html.Div(
                [
                    html.H1(claim.gloss, id="claim-title"),
                    verdict_badge(claim_result.verdict, large=True, id="claim-verdict"),
                ],
                className="card-head",
            ),
            html.Blockquote(f"„{claim.quote}“", lang="de", className="quote"),
            html.P(["Claimed: ", html.Strong(claimed_text(claim)), f" for {claim.year}",
                    html.Span(f" · {claim.precision_note}", className="muted")
                    if claim.precision_note else ""],
                   className="claimed"),
            html.P(claim.context, className="muted") if claim.context else None,
            html.P(claim_result.explanation, className="explanation"),
            dcc.Store(id="claim-id", data=claim.id),
            html.Div(
                [
                    html.Fieldset(
                        [
                            html.Legend("Reading"),
                            dcc.RadioItems(
                                id="reading-select",
                                options=[
                                    {"label": f" {reading_label(r)} — {r.verdict.label}",
                                     "value": r.reading_id}
                                    for r in claim_result.readings
                                ],
                                value=reading_id,
                                className="choices",
                                labelClassName="choice",
                            ),
                        ],
                        className="control",
                    ),
                    html.Fieldset(
                        [
                            html.Legend("Compare with"),
                            # Always present (the callbacks need it); options are enabled
                            # per reading by the reading callback.
                            dcc.Checklist(
                                id="peer-select",
                                options=peer_options,
                                value=peers,
                                className="choices",
                                labelClassName="choice",
                            ),
                            html.P(id="peer-note", className="muted small"),
                        ],
                        className="control",
                    ),
                ],
                className="controls",
            ),
            html.Section(
                [
                    html.Div(id="reading-summary", **{"aria-live": "polite"}),
                    dcc.Graph(
                        id="reading-chart",
                        config={"displaylogo": False, "responsive": True,
                                "modeBarButtonsToRemove": ["lasso2d", "select2d"]},
                        className="chart",
                    ),
                    html.Div(id="reading-provenance"),
                ],
                className="detail",
                **{"aria-label": "Selected reading"},
            ),
        ],
        id="claim-page",
        **{"data-claim": claim.id},
    )


def reading_summary(claim_result, reading, reading_def) -> html.Div:
    """The verdict and one sentence on what the reading means and why it may not fit."""
    claim = claim_result.claim
    parts = [
        html.H2([verdict_badge(reading.verdict, large=True, id="reading-verdict"),
                 html.Span(reading_label(reading), className="reading-title")],
                className="reading-head"),
        html.P(reading.explanation, id="reading-explanation"),
    ]
    values = [
        ("Claimed", claimed_text(claim) + (f" ({claim.year})" if claim.year else "")),
        (f"Observed for {claim.year}" if claim.year else "Observed",
         observed_text(reading.at_claim_year)),
        ("Latest", observed_text(reading.latest)),
    ]
    if reading.diff_points is not None:
        values.append(("Difference", f"{reading.diff_points:+.3g} points"
                       + (f" ({reading.diff_percent:+.3g}%)"
                          if reading.diff_percent is not None else "")))
    if reading.band is not None:
        values.append(("Tolerance", band_description(reading.band)))
    if reading.qualifiers:
        values.append(("Evidence", "; ".join(reading.qualifiers)))
    parts.append(html.Dl([x for k, v in values for x in (html.Dt(k), html.Dd(v))],
                         className="facts"))
    why = reading.caveat or (reading_def.caveat if reading_def is not None else "")
    if why:
        parts.append(html.P([html.Strong("Why this may not be what the article meant: "), why],
                            className="caveat"))
    return html.Div(parts)


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
        ("Licence", dict(snap.result.licences).get(point.source, "–")),
    ]
    if point.note:
        rows.append(("Note", point.note))
    return html.Div(
        html.Dl([x for k, v in rows for x in (html.Dt(k), html.Dd(v))], className="facts"),
        className="provenance-block",
        **{"data-series": point.series},
    )


def table_page(snap: Snapshot, rows: list[dict], columns: list[dict]) -> html.Div:
    return html.Div(
        [
            html.H1("All claims × readings"),
            html.P(["Sort by clicking a column header; filter from the column menu. The "
                    "downloads below hold exactly what ", html.Code("claimcheck export"),
                    " writes."], className="muted"),
            dag.AgGrid(
                id="readings-grid",
                rowData=rows,
                columnDefs=columns,
                defaultColDef={"sortable": True, "filter": True, "resizable": True,
                               "floatingFilter": True, "minWidth": 110},
                dashGridOptions={"domLayout": "autoHeight", "animateRows": False,
                                 "ensureDomOrder": True, "enableCellTextSelection": True},
                columnSize="autoSize",
                className="ag-theme-alpine grid",
                style={"width": "100%"},
            ),
        ],
        id="table-page",
    )
