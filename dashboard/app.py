"""The Claimcheck dashboard: claim and data side by side (a Dash app on the local store).

Run it with ``claimcheck dashboard`` (127.0.0.1:8050), or in production with gunicorn::

    CLAIMCHECK_STORE=/srv/claimcheck.sqlite gunicorn -c dashboard/gunicorn_conf.py \
        'dashboard.app:server'

(two processes with threads, see dashboard/gunicorn_conf.py; page responses are cached per
store state, see dashboard/response_cache.py).

The app only reads the store (read-only connection) and never touches the network; the page
says which command to run when the store is missing or empty.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import dash

from cache.store import utc_now
from dashboard import callbacks, guard, layout, response_cache
from dashboard.data import DashboardData, StoreUnavailable, stale_after_days_from_env

ASSETS_DIR = Path(__file__).parent / "assets"


def create_app(
    store_path: Path | str | None = None,
    *,
    stale_after_days: int | None = None,
    claims_path: Path | str | None = None,
    clock: Callable[[], datetime] = utc_now,
    warm_up: bool = True,
) -> dash.Dash:
    """A Dash app over the store at ``store_path`` (default: $CLAIMCHECK_STORE or the user's).

    ``stale_after_days``: data retrieved longer ago than this gets a visible notice
    (default: $CLAIMCHECK_STALE_AFTER_DAYS or 90). ``warm_up``: start evaluating the claims
    in the background at once, so the first reader does not wait for it.
    """
    data = DashboardData(
        store_path,
        stale_after_days=(
            stale_after_days if stale_after_days is not None else stale_after_days_from_env()
        ),
        claims_path=claims_path,
        clock=clock,
    )
    app = dash.Dash(
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
    app.index_string = app.index_string.replace("<html>", '<html lang="en">')
    app.layout = _shell_per_state(data, app)
    callbacks.register(app, data)
    guard.install(app)  # first: a malformed request is refused before any cache sees it
    response_cache.install(app.server, data)
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
            return layout.shell(data, app)  # says what to run; rebuilt until there is data
        key = (snap.key, snap.freshness_day)
        if memo.get("key") != key:
            memo["tree"], memo["key"] = layout.shell(data, app), key
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
        server = app.server
        return server
    raise AttributeError(name)
