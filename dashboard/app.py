"""The Claimcheck dashboard: claim and data side by side (a Dash app on the local store).

Run it with ``claimcheck dashboard`` (127.0.0.1:8050), or in production with gunicorn::

    CLAIMCHECK_STORE=/srv/claimcheck.sqlite gunicorn -c dashboard/gunicorn_conf.py \
        'dashboard.app:server'

(two processes with threads, see dashboard/gunicorn_conf.py; page responses are cached per
store state, see dashboard/response_cache.py; every response is compressed, see
dashboard/compression.py).

The app only reads the store (read-only connection) and never touches the network; the page
says which command to run when the store is missing or empty. Pages are built from the view
models in indicators/output/pages by the builders in dashboard/render (one rendering, shared
with the static site); the URL scheme is in indicators/output/pages/links.py.
"""

from __future__ import annotations

import html as html_text
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import dash
from flask import request

from cache.store import utc_now
from dashboard import (
    callbacks,
    check_callbacks,
    compression,
    downloads,
    guard,
    health,
    pages,
    response_cache,
    shell,
    static_files,
)
from dashboard.data import (
    DashboardData,
    StoreUnavailable,
    settle,
    stale_after_days_from_env,
)

ASSETS_DIR = Path(__file__).parent / "assets"
# Dash wraps its scripts in a <footer>: a second "contentinfo" landmark beside the page's own.
SCRIPTS_IN_FOOTER = ("<footer>", "</footer>")
# What dcc.Graph loads when the first chart mounts (plotly.js: see dashboard/static_files.py).
CHART_SCRIPTS = ("/_dash-component-suites/plotly/package_data/plotly.min.js",
                 "/_dash-component-suites/dash/dcc/async-graph.js")


class ClaimcheckDash(dash.Dash):
    """Dash with a title per page and, on claim pages, the chart library fetched at once."""

    claimcheck_data: DashboardData

    def interpolate_index(self, **kwargs) -> str:
        path = request.path
        kwargs["title"] = html_text.escape(pages.title_for(self.claimcheck_data, self, path))
        if "/claim/" in path:
            # The chart code starts with the page: plotly.js (by far the largest file) is
            # fetched at once and run ("defer": after Dash's own scripts have started the
            # renderer) while the page's layout and content are on their way, so dcc.Graph
            # finds window.Plotly ready; dcc's graph chunk is fetched beside it.
            plotly, chunk = (self.get_relative_path(s) for s in CHART_SCRIPTS)
            kwargs["metas"] += (f'<script src="{plotly}" defer></script>'
                                f'<link rel="preload" href="{chunk}" as="script">')
        return super().interpolate_index(**kwargs)


def create_app(
    store_path: Path | str | None = None,
    *,
    stale_after_days: int | None = None,
    claims_paths: list[Path] | None = None,
    claims_path: Path | str | None = None,
    clock: Callable[[], datetime] = utc_now,
    warm_up: bool = True,
) -> dash.Dash:
    """A Dash app over the store at ``store_path`` (default: $CLAIMCHECK_STORE or the user's).

    ``claims_paths``: the articles' claims files (None: the bundled ones and the user's claims
    folder beside the store; ``claims_path`` is the one-file form). ``stale_after_days``: data
    retrieved longer ago than this gets a visible notice (default:
    $CLAIMCHECK_STALE_AFTER_DAYS or 90). ``warm_up``: start evaluating the claims in the
    background at once, so the first reader does not wait for it.
    """
    data = DashboardData(
        store_path,
        stale_after_days=(
            stale_after_days if stale_after_days is not None else stale_after_days_from_env()
        ),
        claims_paths=claims_paths,
        claims_path=claims_path,
        clock=clock,
    )
    app = ClaimcheckDash(
        __name__,
        title="Claimcheck",
        assets_folder=str(ASSETS_DIR),
        # Pages are rendered by a callback, so their components are not in the initial layout.
        suppress_callback_exceptions=True,
        update_title=None,
        meta_tags=[
            {"name": "viewport", "content": "width=device-width, initial-scale=1"},
            {"name": "description", "content": "Claimcheck: an article's figures against the "
                                                "official statistics"},
        ],
    )
    app.claimcheck_data = data
    app.index_string = (app.index_string.replace("<html>", '<html lang="en">')
                        .replace(SCRIPTS_IN_FOOTER[0], "").replace(SCRIPTS_IN_FOOTER[1], ""))
    app.layout = _shell_per_state(data, app)
    callbacks.register(app, data)
    check_callbacks.register(app, data)
    downloads.install(app, data)
    static_files.install(app)  # the basic plotly.js bundle; assets kept by the browser
    # Flask runs after-request handlers last-registered first: compression, registered
    # first, compresses what the response cache has kept (uncompressed) and sends.
    compression.install(app.server)
    guard.install(app)  # a malformed request is refused before any cache sees it
    response_cache.install(app.server, data)
    health.install(app.server, data)
    app.server.config["CLAIMCHECK_DATA"] = data
    if warm_up:
        data.warm_up()
    return app


def _shell_per_state(data: DashboardData, app) -> Callable:
    """The page shell, built once per store state (and day: it shows the data's age)."""
    memo: dict = {}

    def serve():
        try:
            snap = data.snapshot()
        except StoreUnavailable:
            return shell.shell(data, app)  # says what to run; rebuilt until there is data
        key = (snap.key, snap.freshness_day)
        if memo.get("key") != key:
            memo["tree"], memo["key"] = shell.shell(data, app), key
        return memo["tree"]

    return serve


def __getattr__(name: str):
    # `server` is built on first access (gunicorn's import), not when tests import the module.
    if name == "server":
        global server
        # Evaluated here, in the importing thread, not by a background warm-up thread:
        # gunicorn (preload_app) forks right after this import, and a fork in the middle of
        # another thread's work would leave the workers with half-imported modules or held
        # locks. The workers then start with the claims already evaluated.
        app = create_app(warm_up=False)
        data = app.server.config["CLAIMCHECK_DATA"]
        try:
            data.evaluated()
        except Exception:  # a missing store or broken file is reported on the page instead
            pass
        finally:
            data._drop_connection()  # no SQLite connection may cross the fork
        settle()  # before the fork: the workers share the frozen objects' pages
        data.warmed.set()
        server = app.server
        return server
    raise AttributeError(name)
