"""`claimcheck dashboard`: serve the Dash app on the local store (seeded offline if new).

It starts only when it can serve: a claims file that `check` would refuse (any file of a
``--claims`` folder or of the default set) stops it with the same message (exit 2), and so does
a port that is already taken — before anything says it runs.
"""

from __future__ import annotations

import errno
import socket
import sys
from pathlib import Path

import click

from dashboard.data import DEFAULT_STALE_AFTER_DAYS, SETTLE_AFTER_S, STALE_ENV_VAR
from indicators.commands import store_from_context
from indicators.commands.articles import claims_option, resolve_paths, validate_or_exit


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8050, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option(
    "--stale-after-days",
    type=click.IntRange(min=0),
    default=DEFAULT_STALE_AFTER_DAYS,
    show_default=True,
    envvar=STALE_ENV_VAR,
    show_envvar=True,
    help="Show a notice for sources whose data was retrieved longer ago than this.",
)
@claims_option()
@click.pass_context
def dashboard(
    ctx: click.Context, host: str, port: int, stale_after_days: int, claims_target: Path | None
) -> None:
    """Open the dashboard: each claim beside the data (http://HOST:PORT, debug off).

    A new store is seeded from the bundled snapshot first, so this works with no network.
    An existing store is only read (it may be on a read-only file system).
    """
    from werkzeug.serving import make_server

    from dashboard.app import create_app
    from dashboard.guard import QuietRequestHandler

    paths = resolve_paths(ctx, claims_target)
    store = store_from_context(ctx, write=False)
    path = store.path
    try:
        # The same validation, hence the same messages, as `claimcheck check`: every file.
        validate_or_exit(store, paths)
    finally:
        store.close()
    # Every article of the set is served (the list at `/`). Without --claims the app looks the
    # default set up again at each store-state check, so a file added to the claims folder
    # appears without a restart.
    app = create_app(path, stale_after_days=stale_after_days,
                     claims_paths=paths if claims_target is not None else None, warm_up=False)
    app.server.config["CLAIMCHECK_DATA"].checked_elsewhere()
    try:
        # Bound before anything is printed: a taken port is an error, never "running on …".
        sock = _listen(host, port)
    except OSError as exc:
        click.echo(f"Error: cannot listen on {host}:{port}: {listen_problem(exc, host)}",
                   err=True)
        sys.exit(2)
    server = make_server(host, port, app.server, threaded=True, fd=sock.fileno(),
                         request_handler=QuietRequestHandler)
    app.server.config["CLAIMCHECK_DATA"].warm_up(settle_after=SETTLE_AFTER_S)
    click.echo(f"Claimcheck dashboard on http://{host}:{server.port}/ (store {path}); "
               "Ctrl+C stops it.")
    try:
        serve(server)
    finally:
        server.server_close()


def listen_problem(exc: OSError, host: str) -> str:
    """Why the dashboard cannot listen, and what to do, for the error binding ended with."""
    where = ("Give an address of this machine, e.g. --host 127.0.0.1 (this machine only) or "
             "--host 0.0.0.0 (every interface).")
    if isinstance(exc, socket.gaierror):
        reason = exc.strerror or str(exc)
        return f"the host name {host!r} does not resolve ({reason}). {where}"
    if exc.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine ({exc.strerror}). {where}"
    if exc.errno == errno.EACCES:
        return (f"{exc.strerror}: ports below 1024 need administrator rights. Choose another "
                "port with --port.")
    return (f"{exc.strerror or exc}. Stop the program using it or choose another port with "
            "--port.")


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket on host:port (werkzeug would print its own error and exit 1)."""
    family, _, _, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        if sys.platform != "win32":  # Windows' SO_REUSEADDR would share a port in use
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    return sock


def serve(server) -> None:
    """Serve until Ctrl+C (tests replace this to check what would be served)."""
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
