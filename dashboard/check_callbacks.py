"""The "Check an article" page's callbacks: an upload into the form, the text drafted, the
corrections judged, the claims file downloaded.

Everything runs in the server process on the request's own data: the drafter (pure), the
store through the dashboard's read-only connection. Nothing is written, no file is created:
the browser holds the drafted text (``check-source``) and sends it back with the corrections,
and the drafting is run again under them (it is deterministic, and fast for an article).
"""

from __future__ import annotations

import base64
import binascii
from pathlib import PurePath

from dash import ALL, ClientsideFunction, Input, Output, State, callback_context, no_update

from dashboard.data import DashboardData, StoreUnavailable
from dashboard.render import check as view
from indicators.output.pages import draft_check as dc


def _draft(data: DashboardData, source: dict):
    """(input, drafted result, store) for the text the page drafted."""
    from indicators.claims import economies
    from indicators.claims.search import series_search

    inp = dc.checked_input(source.get("text"), source.get("title"), source.get("language"),
                           source.get("date"))
    store = data.store()
    result = dc.run_draft(inp, names=economies.bundled(), search=series_search(store),
                          today=data.clock().date())
    return inp, result, store


def judged(data: DashboardData, source: dict, edits: list[dict]):
    """The drafted claims with ``edits``: (rows, segments, verdicts, problems, toml, name)."""
    from indicators.claims.load import ClaimsError, parse_claims
    from indicators.judge.compare import evaluate_claims_file
    from indicators.output.pages.words import claim_verdict

    inp, result, store = _draft(data, source)
    claims, problems = dc.apply_edits(result.claims, edits)
    toml = dc.claims_toml(inp, result, claims)
    verdicts: list = [None] * len(claims)
    try:
        checked = evaluate_claims_file(store, parse_claims(toml, "drafted claims"))
        by_id = {c.claim.id: claim_verdict(c) for c in checked.claims}
        verdicts = [by_id.get(c.id) for c in claims]
    except ClaimsError as exc:
        problems.append(f"Not checked: {exc}")
    return (dc.rows(claims), dc.highlighted(inp.text, claims), verdicts, problems, toml,
            dc.download_name(inp))


def _edits(values: list[list]) -> list[dict]:
    return [dict(zip(view.FIELDS, row, strict=True)) for row in zip(*values, strict=True)]


def register(app, data: DashboardData) -> None:
    fields = [Input({"type": "draft-field", "field": f, "index": ALL}, "value")
              for f in view.FIELDS]

    app.clientside_callback(  # assets/ui.js: a text over the limit is said at once
        ClientsideFunction(namespace="claimcheck", function_name="articleLength"),
        Output("check-length", "children"), Output("check-draft", "disabled"),
        Input("check-text", "value"), State("check-max", "data"))

    @app.callback(
        Output("check-text", "value"), Output("check-title", "value"),
        Output("check-date", "value"), Output("check-upload-note", "children"),
        Input("check-upload", "contents"), State("check-upload", "filename"),
        prevent_initial_call=True)
    def upload(contents, filename):
        from indicators.draft.reading import ArticleError, article_from_bytes

        name = PurePath(filename or "upload").name
        if PurePath(name).suffix.lower() not in (".txt", ".html", ".htm"):
            return no_update, no_update, no_update, f"{name}: expected a .txt or .html file."
        try:
            raw = base64.b64decode((contents or "").partition(",")[2], validate=True)
            article = article_from_bytes(raw, name, PurePath(name).suffix)
        except (binascii.Error, ValueError) as exc:
            why = str(exc) if isinstance(exc, ArticleError) else f"{name}: not a readable file"
            return no_update, no_update, no_update, why
        return (article.text, article.title or no_update, article.published or no_update,
                f"Read {name}: {len(article.text):,} characters.")

    @app.callback(
        Output("check-results", "children"), Output("check-source", "data"),
        Output("check-message", "children"),
        Input("check-draft", "n_clicks"),
        State("check-text", "value"), State("check-title", "value"),
        State("check-language", "value"), State("check-date", "value"),
        prevent_initial_call=True)
    def draft(clicks, text, title, language, date):
        if not clicks:  # Dash calls it when the page (its button) is rendered: not a click
            return no_update, no_update, no_update
        source = {"text": text or "", "title": title or "", "language": language or "",
                  "date": date or ""}
        try:
            rows, segments, verdicts, problems, _toml, _name = judged(data, source, [])
        except dc.DraftInputError as exc:
            return [], None, str(exc)
        except StoreUnavailable as exc:
            return [], None, exc.message
        return (view.results(source["text"], rows, segments, verdicts, problems), source,
                f"Drafted {len(rows)} claim{'s' if len(rows) != 1 else ''}; correct any field "
                "below." if rows else "No economic figures were found in this text.")

    @app.callback(
        Output({"type": "draft-verdict", "index": ALL}, "children"),
        Output("check-problems", "children"),
        *fields, State("check-source", "data"),
        prevent_initial_call=True)
    def correct(*args):
        *values, source = args
        if not source or callback_context.triggered_id is None:  # the rows just rendered
            return no_update, no_update
        try:
            _rows, _seg, verdicts, problems, _toml, _name = judged(data, source, _edits(values))
        except (dc.DraftInputError, StoreUnavailable):
            return no_update, no_update
        return [view.verdict_cell(v) for v in verdicts], view.problem_items(problems)

    @app.callback(
        Output("check-download-file", "data"),
        Input("check-download", "n_clicks"),
        *[State(f.component_id, f.component_property) for f in fields],
        State("check-source", "data"),
        prevent_initial_call=True)
    def download(clicks, *args):
        *values, source = args
        if not clicks or not source:
            return no_update
        _rows, _seg, _verdicts, _problems, toml, name = judged(data, source, _edits(values))
        return {"content": toml, "filename": name, "type": "application/toml",
                "base64": False}

