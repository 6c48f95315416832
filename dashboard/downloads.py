"""An article's export as files: ``/download.<fmt>`` (the default article) and
``/a/<article>/download.<fmt>`` — exactly `claimcheck export --format <fmt>` of the same store
and claims file. Plain links (no callback), so the static site can put the files beside its
pages. Each file is built once per store state and format (an XLSX takes ~200 ms)."""

from __future__ import annotations

import threading

from flask import Response, abort

from dashboard.data import DashboardData, StoreUnavailable

FORMATS = {"csv": "text/csv; charset=utf-8", "json": "application/json",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def install(app, data: DashboardData) -> None:
    server = app.server
    prefix = app.config.routes_pathname_prefix
    built: dict[tuple, tuple] = {}  # (article, format) → (the result it is of, bytes)
    lock = threading.Lock()

    def send(article_id: str | None, fmt: str) -> Response:
        from indicators.output import export

        if fmt not in FORMATS:
            abort(404)
        try:
            snap = data.snapshot()
            article_id = article_id or snap.default_id
            if article_id not in snap.articles:
                abort(404)
            state = data.evaluated(article_id).articles[article_id]
        except StoreUnavailable:
            abort(404)
        if state.result is None:
            abort(404)
        with lock:
            cached = built.get((article_id, fmt))
            if cached is None or cached[0] is not state.result:  # a new state: a new file
                cached = built[(article_id, fmt)] = (state.result,
                                                     export.export_bytes(state.result, fmt))
            body = cached[1]
        name = f"claimcheck-{state.path.stem}.{fmt}"
        return Response(body, mimetype=FORMATS[fmt],
                        headers={"Content-Disposition": f'attachment; filename="{name}"'})

    server.add_url_rule(f"{prefix}download.<fmt>", "claimcheck_download",
                        lambda fmt: send(None, fmt))
    server.add_url_rule(f"{prefix}a/<article_id>/download.<fmt>", "claimcheck_article_download",
                        send)
