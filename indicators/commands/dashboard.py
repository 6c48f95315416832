"""`claimcheck dashboard`: serve the Dash app on the local store (seeded offline if new)."""

from __future__ import annotations

from pathlib import Path

import click

from dashboard.data import DEFAULT_STALE_AFTER_DAYS, STALE_ENV_VAR
from indicators.commands import store_from_context


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8050, show_default=True, type=int, help="Port to listen on.")
@click.option(
    "--stale-after-days",
    type=click.IntRange(min=0),
    default=DEFAULT_STALE_AFTER_DAYS,
    show_default=True,
    envvar=STALE_ENV_VAR,
    show_envvar=True,
    help="Show a notice for sources whose data was retrieved longer ago than this.",
)
@click.option(
    "--claims",
    "claims_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Claims file (TOML). Default: the bundled article's claims.",
)
@click.pass_context
def dashboard(
    ctx: click.Context, host: str, port: int, stale_after_days: int, claims_path: Path | None
) -> None:
    """Open the dashboard: each claim beside the data (http://HOST:PORT, debug off).

    A new store is seeded from the bundled snapshot first, so this works with no network.
    """
    from dashboard.app import create_app

    # Seeding needs a writable connection; the app itself then reads the store read-only.
    store = store_from_context(ctx)
    path = store.path
    store.close()
    app = create_app(path, stale_after_days=stale_after_days, claims_path=claims_path)
    click.echo(f"Claimcheck dashboard on http://{host}:{port}/ (store {path}); Ctrl+C stops it.")
    app.run(host=host, port=port, debug=False)
