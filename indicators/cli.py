"""The `claimcheck` command: refresh | status | check | export | dashboard | snapshot.

Each subcommand lives in its own module under `indicators.commands`; this module only builds
the group and the shared `--store` option. Exit status: 0 success, 1 a source or check failed,
2 bad input (a broken claims file, an unknown series, an unusable store).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import click

from cache import ENV_VAR

# name → (module, attribute, the line `claimcheck --help` shows). A subcommand's module (and
# what it imports: rich, pandas, dash, requests …) loads only when that subcommand runs, so
# `claimcheck --help` costs little more than importing click. tests/test_cli_start.py checks
# that each line is the first sentence of the command's own help.
COMMANDS: dict[str, tuple[str, str, str]] = {
    "check": ("indicators.commands.check", "check",
              "Compare each claim and each of its readings with the data in the store."),
    "dashboard": ("indicators.commands.dashboard", "dashboard",
                  "Open the dashboard: each claim beside the data (http://HOST:PORT, debug off)."),
    "export": ("indicators.commands.export", "export",
               "Export one row per claim × reading with every number's provenance."),
    "refresh": ("indicators.commands.refresh", "refresh",
                "Fetch the latest data into the local store and summarise what changed."),
    "snapshot": ("indicators.commands.status", "snapshot",
                 "Manage the bundled snapshot that seeds new stores (cache/snapshot/)."),
    "status": ("indicators.commands.status", "status",
               "Show what the store holds and when each source was last refreshed."),
}


class ClaimcheckGroup(click.Group):
    """Loads subcommands on demand; turns StoreError into a clear message and exit status 2
    (never a traceback)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        spec = COMMANDS.get(cmd_name)
        if spec is None:
            return None
        return getattr(importlib.import_module(spec[0]), spec[1])

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][2]) for name in self.list_commands(ctx)])

    def invoke(self, ctx: click.Context):  # type: ignore[override]
        from cache.store import StoreError

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


def main() -> None:
    cli(prog_name="claimcheck")


if __name__ == "__main__":
    main()
