"""One module per `claimcheck` subcommand."""

from __future__ import annotations

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


def make_console(min_width: int = 120, **kwargs) -> Console:
    """A rich console at least ``min_width`` wide when output is piped (rich assumes 80)."""
    from rich.console import Console

    probe = Console(**kwargs)
    width = probe.width if probe.is_terminal else max(probe.width, min_width)
    return Console(width=width, **kwargs)
