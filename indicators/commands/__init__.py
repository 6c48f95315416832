"""One module per `claimcheck` subcommand."""

from __future__ import annotations

from pathlib import Path

import click

from cache.bundle import open_store
from cache.store import Store


def store_from_context(ctx: click.Context, **kwargs) -> Store:
    """Open the store named by `--store` / $CLAIMCHECK_STORE, seeding it on first use."""
    path: Path | None = (ctx.find_root().obj or {}).get("store_path")
    return open_store(path, **kwargs)
