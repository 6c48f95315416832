"""plotly.js for the charts: the "basic" bundle (scatter, bar, pie), not the full one.

dcc.Graph loads plotly.js from ``/_dash-component-suites/plotly/package_data/plotly.min.js``
(the full 4.8 MB bundle of the plotly package) the first time a chart is drawn. The dashboard
draws only scatter traces, shapes and annotations, which the basic bundle of the same
plotly.js version holds in 1.2 MB: a quarter of the bytes to fetch, parse and compile before
the first chart can appear. It is served at that same address (so Dash's own loader and the
claim pages' preload ask for it), from dashboard/vendor/ (MIT licence beside it; refreshed by
scripts/update-plotly-basic.sh, and a test checks its version against the plotly package's).
"""

from __future__ import annotations

import hashlib
import re
from functools import cache
from pathlib import Path

from flask import Response, request

BUNDLE = Path(__file__).parent / "vendor" / "plotly-basic.min.js"
PATH = "_dash-component-suites/plotly/package_data/plotly.min.js"


@cache
def bundle() -> tuple[bytes, str]:
    body = BUNDLE.read_bytes()
    return body, hashlib.sha256(body).hexdigest()[:16]


def version() -> str:
    """The plotly.js version in the vendored bundle's header ("4.1.1")."""
    head = BUNDLE.read_bytes()[:300].decode("utf-8", "replace")
    match = re.search(r"plotly\.js \(basic - minified\) v(\S+)", head)
    return match.group(1) if match else ""


def install(app) -> None:
    path = app.config.requests_pathname_prefix + PATH

    @app.server.before_request
    def _basic_plotly():
        if request.method != "GET" or request.path != path:
            return None
        body, etag = bundle()
        # The compressed copy's tag is "<tag>:br" (flask-compress): either means "unchanged".
        if any(tag.split(":")[0] == etag for tag in request.if_none_match.as_set()):
            response = Response(status=304)
        else:
            response = Response(body, mimetype="application/javascript")
        response.set_etag(etag)
        response.headers["Cache-Control"] = "public, max-age=86400"
        return response
