"""The "All readings" table: the export's own rows, readable column names, 8 columns by default.

The grid holds exactly what `claimcheck export --format csv` writes (nothing dropped: every
other column can be switched on). Numbers are shown through indicators.numbers (a text column
beside each numeric one) while sorting and filtering use the full-precision value. On a phone
the grid gives way to a list (one line per reading), since eight columns cannot fit 390 px.
"""

from __future__ import annotations

import dash_ag_grid as dag
from dash import dcc, html

from dashboard.common import claim_href, verdict_badge
from dashboard.prose import reading_sentence
from indicators.judge.verdicts import Verdict
from indicators.numbers import fmt_value
from indicators.output.display import verdict_colour

# Shown by default, in this order (what a reader needs to judge a claim at a glance).
DEFAULT_COLUMNS = ("claim_gloss", "claim_verdict", "reading_label", "verdict", "claimed_value",
                   "observed_value", "observed_year", "source")
HEADERS = {
    "claim_id": "Claim id", "claim_quote": "Quote (German)", "claim_gloss": "Claim",
    "claimed_value": "Claimed", "claimed_unit": "Claimed unit", "claim_year": "Claim year",
    "claim_precision": "Claim precision", "claim_bound": "Claim wording",
    "claim_verdict": "Claim verdict", "claim_verdict_text": "Claim verdict (with qualifiers)",
    "claim_deciding_reading": "Deciding reading", "claim_decided_by_likely":
    "Decided by the most likely reading", "claim_agreement": "Readings agree?",
    "reading_id": "Reading id", "reading_label": "Reading (source)",
    "reading_meaning": "What the reading means", "likely": "Most likely reading",
    "role": "Role", "evidence": "Evidence type", "definition": "Definition (exact/proxy)",
    "definition_reason": "Why a proxy", "evidence_age_years": "Evidence age (years)",
    "dated": "Dated evidence", "measure": "Measure", "verdict": "Reading verdict",
    "verdict_text": "Reading verdict (with qualifiers)", "band": "Tolerance band",
    "observed_value": "Observed", "observed_unit": "Observed unit", "observed_year": "Year",
    "observed_period": "Period", "diff_points": "Difference (points)",
    "diff_percent": "Difference (%)", "latest_value": "Latest value", "latest_year":
    "Latest year", "latest_diff_points": "Latest difference (points)",
    "latest_diff_percent": "Latest difference (%)", "source": "Source", "dataset": "Dataset",
    "series": "Series code", "series_name": "Series name", "economy": "Economy",
    "counterpart": "Counterpart", "publisher_updated": "Publisher last updated",
    "retrieved_at": "Retrieved", "origin": "Origin (URL)",
    "licence": "Licence (where not CC BY)", "latest_source": "Latest: source",
    "latest_series": "Latest: series", "latest_publisher_updated":
    "Latest: publisher last updated", "latest_retrieved_at": "Latest: retrieved",
    "latest_origin": "Latest: origin", "caveat": "Caveat", "explanation": "Explanation",
    "no_data_reason": "Why no data", "peers": "Peers", "robustness": "Verdict by year",
}
YEARS = {"claim_year", "observed_year", "latest_year"}
# Shown as text through the one formatter (with the row's unit where it has one).
FORMATTED = {"claimed_value": "claimed_unit", "observed_value": "observed_unit",
             "latest_value": "observed_unit", "diff_points": None, "diff_percent": None,
             "latest_diff_points": None, "latest_diff_percent": None,
             "claim_precision": None, "evidence_age_years": None}


def header(col: str) -> str:
    return HEADERS.get(col, col.replace("_", " ").capitalize())


def column_defs(columns: list[str], visible: list[str] | tuple[str, ...]) -> list[dict]:
    defs = []
    for col in columns:
        d = {"field": col, "headerName": header(col), "hide": col not in visible,
             "headerTooltip": col}
        if col in FORMATTED or col in YEARS:
            d["filter"] = "agNumberColumnFilter"
            d["type"] = "numericColumn"
        if col in FORMATTED:
            d["valueFormatter"] = {"function": f"params.data['{col}__text']"}
        if col in ("verdict", "claim_verdict"):
            # A colour bar beside the verdict's text (the text carries the meaning).
            d["cellStyle"] = {"styleConditions": [
                {"condition": f"params.value == {v.value!r}",
                 "style": {"boxShadow": f"inset 6px 0 {verdict_colour(v)}"}}
                for v in Verdict
            ]}
        if col in ("claim_gloss", "reading_label"):
            d["wrapText"], d["autoHeight"], d["minWidth"] = True, True, 200
        defs.append(d)
    return defs


def table_data(snap) -> tuple[list[dict], list[str]]:
    """The export's own rows (`indicators.output.export.rows`) plus a display text per number."""
    from indicators.output import export

    rows = []
    for row in export.rows(snap.result):
        extra = {}
        for col, unit_col in FORMATTED.items():
            if col in row:
                unit = row.get(unit_col, "") if unit_col else ""
                value = row[col]
                extra[f"{col}__text"] = (fmt_value(value, unit) if isinstance(value, int | float)
                                         else ("" if value in (None, "") else str(value)))
        rows.append({**row, **extra})
    columns = [*DEFAULT_COLUMNS, *(c for c in export.COLUMNS if c not in DEFAULT_COLUMNS)]
    return rows, columns


def table_page(snap, rows: list[dict], columns: list[str], app) -> html.Div:
    return html.Div(
        [
            html.H1("All claims × readings"),
            html.P(["Sort by clicking a column header; filter from the column menu. The "
                    "downloads below hold exactly what ", html.Code("claimcheck export"),
                    " writes."], className="muted table-help"),
            html.Details(
                [html.Summary("Choose columns"),
                 dcc.Checklist(id="column-select",
                               options=[{"label": header(c), "value": c} for c in columns],
                               value=list(DEFAULT_COLUMNS), className="column-choices",
                               labelClassName="choice", inputClassName="choice-input")],
                className="column-picker table-wide",
            ),
            dag.AgGrid(
                id="readings-grid",
                rowData=rows,
                columnDefs=column_defs(columns, DEFAULT_COLUMNS),
                defaultColDef={"sortable": True, "filter": True, "resizable": True,
                               "minWidth": 110, "flex": 1},
                dashGridOptions={"domLayout": "autoHeight", "animateRows": False,
                                 "ensureDomOrder": True, "enableCellTextSelection": True,
                                 "tooltipShowDelay": 300},
                className="ag-theme-alpine grid table-wide",
                style={"width": "100%"},
            ),
            phone_list(snap.result, app),
        ],
        id="table-page",
    )


def phone_list(result, app) -> html.Div:
    """The phone layout: claims as headings, one line per reading (verdict, sentence, link)."""
    return html.Div(
        [html.Section([
            html.H2(c.claim.gloss),
            html.Ul([html.Li([verdict_badge(r.verdict), " ",
                              html.Span(reading_sentence(c.claim, r)), " ",
                              dcc.Link("details", href=claim_href(app, c.claim.id,
                                                                  r.reading_id))],
                             className="reading-row") for r in c.readings],
                    className="reading-list"),
        ]) for c in result.claims],
        className="table-phone", id="table-phone",
    )
