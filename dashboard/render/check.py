"""The "Check an article" page: the form, and the drafted claims as a table the editor corrects
(components only; the callbacks are in dashboard/check_callbacks.py, the logic in
indicators/output/pages/draft_check.py)."""

from __future__ import annotations

from dash import dcc, html

from dashboard.guard import MAX_ARTICLE_BODY
from dashboard.render.ui import page, verdict_badge
from indicators.output.pages import draft_check as dc
from indicators.output.pages.models import VerdictView
from indicators.output.pages.titles import CHECK

FIELDS = ("value", "bound", "economy", "year", "reading")


# The largest file the page takes: sent as base64 (4 bytes for 3) inside a callback body that
# the guard caps at MAX_ARTICLE_BODY, with room for the rest of the request.
UPLOAD_MAX_BYTES = (MAX_ARTICLE_BODY - 32 * 1024) * 3 // 4


def check_page() -> html.Div:
    return page([
        html.H1("Check an article", id="page-title", tabIndex="-1"),
        html.P("Paste an article's text or upload it as a .txt or .html file. Its figures are "
               "drafted as claims (value, bound, economy, year and the series that could test "
               "them), checked against the store's data at once, and can be corrected here "
               "before you download the claims file. Nothing is stored on the server.",
               className="muted"),
        html.Div([
            html.Label(f"Article text (at most {dc.MAX_CHARS:,} characters)",
                       htmlFor="check-text"),
            dcc.Textarea(id="check-text", className="check-text", rows=12),
            html.P(id="check-length", className="error-text", role="status"),
            dcc.Store(id="check-max", data=dc.MAX_CHARS),
            dcc.Upload(html.Span(["Or upload a .txt or .html file ",
                                  html.Span("(choose or drop it here)", className="muted")]),
                       id="check-upload", accept=".txt,.html,.htm,text/plain,text/html",
                       className="check-upload", max_size=UPLOAD_MAX_BYTES),
            # A larger file is not sent (the upload drops it): assets/ui.js says so here.
            html.P(id="check-upload-note", className="small", role="status",
                   **{"data-max-bytes": str(UPLOAD_MAX_BYTES)}),
            html.Div([
                html.Div([html.Label("Title", htmlFor="check-title"),
                          dcc.Input(id="check-title", type="text", debounce=True)],
                         className="check-field"),
                html.Div([html.Label("Publication date (YYYY-MM-DD)", htmlFor="check-date"),
                          dcc.Input(id="check-date", type="text", debounce=True,
                                    placeholder="e.g. 2025-02-20")], className="check-field"),
                html.Fieldset([html.Legend("Language"),
                               dcc.RadioItems(id="check-language", value="",
                                              options=[{"label": label, "value": code}
                                                       for code, label in dc.LANGUAGES],
                                              inline=True, labelClassName="choice")],
                              className="check-field"),
            ], className="check-fields"),
            html.Button("Draft the claims", id="check-draft", className="btn", n_clicks=0),
        ], className="check-form"),
        html.P(id="check-message", role="status", className="check-message"),
        dcc.Store(id="check-source"),
        dcc.Download(id="check-download-file"),
        html.Div(id="check-results"),
    ], page_id="check-page", title=CHECK, page_key="check")


def results(text: str, table: list[dc.DraftRow], segments: list[dc.Segment],
            verdicts: list[VerdictView | None], problems: list[str]) -> list:
    if not table:
        return [html.P("No economic figures were found in this text.", id="check-none")]
    return [
        html.H2(f"{len(table)} drafted claim{'s' if len(table) != 1 else ''}"),
        html.P("Correct a field and its verdict is recomputed; the download holds the claims as "
               "corrected. Each claim is a proposal: confirm it before publishing a verdict.",
               className="small muted"),
        html.Div(html.Table([
            html.Caption("Drafted claims, their fields and verdicts on the store's data"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in HEADERS])),
            html.Tbody([_row(r, v) for r, v in zip(table, verdicts, strict=True)]),
        ], className="claims-table draft-table", id="draft-table"), className="table-scroll",
            tabIndex="0", role="region", **{"aria-label": "Drafted claims"}),
        html.Datalist([html.Option(value=b) for b in dc.BOUNDS], id="draft-bounds"),
        html.Ul(problem_items(problems), id="check-problems", className="error-text"),
        html.Button("Download the claims file (TOML)", id="check-download", className="btn",
                    n_clicks=0),
        html.H2("The text, its quotes marked", className="check-marked-heading"),
        html.Div([html.Mark(s.text, className="draft-quote", title=f"Claim {s.claim + 1}",
                            **{"data-claim": str(s.claim + 1)})
                  if s.claim is not None else s.text for s in segments],
                 id="check-marked", className="check-marked", tabIndex="0", role="region",
                 **{"aria-label": "Article text with the drafted quotes marked"}),
    ]


HEADERS = ("#", "Quote", "Verdict", "Value", "Bound", "Economy", "Year", "Series (● likely)")


def _field(name: str, i: int) -> dict:
    return {"type": "draft-field", "field": name, "index": i}


def _row(r: dc.DraftRow, verdict: VerdictView | None) -> html.Tr:
    n = r.index + 1

    def text_input(name: str, value: str, size: int, **extra):
        # dcc components take no aria-* props: a label around the input names it
        return html.Label([html.Span(f"Claim {n}: {name}", className="sr-label"),
                           dcc.Input(id=_field(name, r.index), value=value, type="text",
                                     debounce=True, size=str(size), className="draft-input",
                                     **extra)], className="draft-label")

    def hidden(name: str):  # every row sends the same fields
        return dcc.Input(id=_field(name, r.index), value="", type="hidden")

    if r.qualitative:
        value_cell = [html.Span("qualitative", className="muted"), hidden("value")]
        bound_cell = [html.Span("–", className="muted"), hidden("bound")]
    else:
        value_cell = [text_input("value", r.value, 8), html.Span(f" {r.unit}", className="small")]
        bound_cell = text_input("bound", r.bound, 9, list="draft-bounds")
    if r.candidates:
        series = html.Fieldset([
            html.Legend(f"Claim {n}: series", className="sr-label"),
            dcc.RadioItems(id=_field("reading", r.index), value=r.chosen,
                           options=[{"label": ("● " if c.likely else "○ ") + c.label,
                                     "value": c.reading_id} for c in r.candidates],
                           labelClassName="choice draft-series")], className="draft-series-set")
    else:
        series = [html.Span("no series found", className="muted"), hidden("reading")]
    def cell(column: int, children, **props) -> html.Td:
        # On a phone each row is a card and each cell says what it is (style.css: data-label).
        return html.Td(children, **props, **{"data-label": HEADERS[column]})

    cells = [
        html.Td(str(n), className="draft-number"),
        cell(1, html.Q(r.quote), className="draft-quote-cell"),
        cell(2, verdict_cell(verdict), id={"type": "draft-verdict", "index": r.index}),
        cell(3, value_cell, className="num"),
        cell(4, bound_cell),
        cell(5, text_input("economy", r.economy, 5)),
        cell(6, text_input("year", r.year, 5)),
        cell(7, series),
    ]
    return html.Tr(cells, **{"data-claim": r.claim_id})


def verdict_cell(verdict: VerdictView | None):
    if verdict is None:
        return html.Span("not checked", className="muted")
    return verdict_badge(verdict)


def problem_items(problems: list[str]) -> list:
    return [html.Li(p) for p in problems]
