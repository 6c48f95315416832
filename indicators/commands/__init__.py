"""One module per `claimcheck` subcommand."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported where used: `claimcheck --help` must not pay for them
    from rich.console import Console

    from cache.store import Store


def store_from_context(ctx: click.Context, *, write: bool = True, create: bool = True,
                       **kwargs) -> Store:
    """Open the store named by `--store` / $CLAIMCHECK_STORE.

    ``write=False`` (status, check, export, dashboard) opens an existing store read-only, so a
    store on a read-only file or file system still reads. ``create=True`` builds a missing store
    from the bundled snapshot and says so in one line (on stderr, so JSON output stays clean);
    ``create=False`` (status) instead stops with a message naming the command to run.
    """
    from cache import schema
    from cache.bundle import open_store
    from cache.store import SCHEMA_VERSION, Store, default_store_path

    path: Path = (ctx.find_root().obj or {}).get("store_path") or default_store_path()
    # An SQLite file with no tables at all counts as missing too (it holds nothing to lose).
    missing = (not path.exists() or path.stat().st_size == 0
               or schema.inspect(path, SCHEMA_VERSION) == 0)
    if missing and not create:
        click.echo(f"No store at {path} yet. Run `claimcheck refresh --offline` to create it "
                   "from the bundled snapshot (no network), or `claimcheck refresh` to fetch "
                   "the latest data.")
        sys.exit(0)
    if write or missing:
        return open_store(path, on_create=_say_created, **kwargs)
    store = Store.open(path, read_only=True, **kwargs)
    if store.is_empty() and _writable(path):
        store.close()  # an existing store with no rows yet: seed it as a writable one would
        return open_store(path, on_create=_say_created, **kwargs)
    return store


def _writable(path: Path) -> bool:
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _say_created(path: Path, loaded: dict[str, int]) -> None:
    click.echo(f"Created a new store at {path} from the bundled snapshot "
               f"({sum(loaded.values())} observations); `claimcheck refresh` fetches the "
               "latest data.", err=True)


def write_stdout(data: bytes, what: str) -> None:
    """Write ``data`` to standard output; a full disk (or any write error) behind a redirected
    standard output is one line and exit 1, not a traceback.

    After a failed write, standard output is pointed at /dev/null: the bytes still in Python's
    buffer would otherwise fail again at exit ("Exception ignored …").
    """
    import errno

    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except OSError as exc:
        target = _stdout_target()
        with contextlib.suppress(OSError, ValueError, AttributeError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        if exc.errno in (errno.ENOSPC, errno.EDQUOT):
            message = (f"the disk is full: {what} to standard output ({target}) was not written "
                       "completely. Free some space and run the command again.")
        else:
            message = (f"{what} to standard output ({target}) was not written completely: "
                       f"{exc.strerror or exc}.")
        click.echo(f"Error: {message}", err=True)
        sys.exit(1)


def _stdout_target() -> str:
    """Where standard output goes (a file's path, /dev/full, pipe:[…]), as far as Linux says."""
    try:
        return os.readlink(f"/proc/self/fd/{sys.stdout.fileno()}")
    except (OSError, ValueError, AttributeError):
        return "where it was redirected"


def make_console(min_width: int = 120, **kwargs) -> Console:
    """A rich console as wide as the terminal (or as click's context sets it: ``terminal_width``,
    which tests pass to CliRunner); piped output is at least ``min_width`` wide (rich would
    assume 80)."""
    from rich.console import Console

    ctx = click.get_current_context(silent=True)
    fixed = ctx.terminal_width if ctx is not None else None
    probe = Console(**kwargs)
    width = fixed or (probe.width if probe.is_terminal else max(probe.width, min_width))
    return Console(width=width, **kwargs)
