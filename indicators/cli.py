"""The `claimcheck` command: refresh | status | check | export | dashboard | snapshot.

Each subcommand lives in its own module under `indicators.commands`; this module only builds
the group and the shared `--store` option. Exit status: 0 success, 1 a source or check failed,
2 bad input (a broken claims file, an unknown series, an unusable store).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from cache.store import ENV_VAR, StoreError


class ClaimcheckGroup(click.Group):
    """Turns StoreError into a clear message and exit status 2 (never a traceback)."""

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except StoreError as exc:
            click.echo(f"Error: {exc}", err=True)
            sys.exit(2)


@click.group(cls=ClaimcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=ENV_VAR,
    show_envvar=True,
    help="SQLite store file. Default: the user's data directory (claimcheck/claimcheck.sqlite).",
)
@click.version_option(package_name="claimcheck")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None) -> None:
    """Check the figures an article quotes against the official statistics.

    \b
    Typical use:
      claimcheck refresh --offline   # seed the local store from the bundled snapshot
      claimcheck refresh             # fetch the latest data (needs internet)
      claimcheck check               # the article's claims against the data
      claimcheck export --format xlsx --output claims.xlsx
      claimcheck dashboard           # open http://127.0.0.1:8050
    """
    ctx.ensure_object(dict)
    ctx.obj["store_path"] = store_path


def _register() -> None:
    # Imported here so that each command module can import `cli`'s helpers without a cycle.
    from indicators.commands import check, dashboard, export, refresh, sources, status

    for command in (
        refresh.refresh, status.status, check.check, export.export, dashboard.dashboard,
        status.snapshot, sources.sources,
    ):
        cli.add_command(command)


_register()


def main() -> None:
    cli(prog_name="claimcheck")


if __name__ == "__main__":
    main()
