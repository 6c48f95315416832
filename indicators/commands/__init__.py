"""One module per `claimcheck` subcommand."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # imported where used: `claimcheck --help` must not pay for them
    from rich.console import Console

    from cache.store import Store


def store_from_context(ctx: click.Context, **kwargs) -> Store:
    """Open the store named by `--store` / $CLAIMCHECK_STORE, seeding it on first use."""
    from cache.bundle import open_store

    path: Path | None = (ctx.find_root().obj or {}).get("store_path")
    return open_store(path, **kwargs)


def make_console(min_width: int = 120, **kwargs) -> Console:
    """A rich console at least ``min_width`` wide when output is piped (rich assumes 80)."""
    from rich.console import Console

    probe = Console(**kwargs)
    width = probe.width if probe.is_terminal else max(probe.width, min_width)
    return Console(width=width, **kwargs)


def evaluate_or_exit(ctx: click.Context, claims_path: Path | None):
    """Evaluate the claims file against the store; a broken claims file exits with status 2."""
    from indicators.claims import ClaimsError
    from indicators.compare import evaluate_article

    store = store_from_context(ctx)
    try:
        return evaluate_article(store, claims_path)
    except ClaimsError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    finally:
        store.close()
