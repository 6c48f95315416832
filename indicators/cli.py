"""The `claimcheck` command: refresh | status | check | export | dashboard | series | snapshot |
sources.

Each subcommand lives in its own module under `indicators.commands`; this module only builds
the group, the shared `--store` / `--debug` options and the one error handler. Exit status:
0 success, 1 a source or check failed (or the disk is full, or an unexpected error), 2 bad
input or refused (a broken claims file, an unknown series, a store that is not Claimcheck's,
newer, read-only for a write, or busy).
"""

from __future__ import annotations

import importlib
import os
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
    "draft": ("indicators.commands.draft", "draft",
              "Draft a claims file from an article's text for an editor to confirm."),
    "export": ("indicators.commands.export", "export",
               "Export one row per claim × reading with every number's provenance."),
    "refresh": ("indicators.commands.refresh", "refresh",
                "Fetch the latest data into the local store and summarise what changed."),
    "series": ("indicators.commands.series", "series",
               "Find WDI series by their words (search) and show one's full metadata (show)."),
    "snapshot": ("indicators.commands.status", "snapshot",
                 "Manage the bundled snapshot that seeds new stores (cache/snapshot/)."),
    "sources": ("indicators.commands.sources", "sources",
                "Check the live sources: one small request each (run this first with internet)."),
    "status": ("indicators.commands.status", "status",
               "Show what the store holds and when each source was last refreshed."),
}


class ClaimcheckGroup(click.Group):
    """The one place errors reach the user: a line each, never a traceback unless --debug.

    `StoreError` (foreign, newer, read-only, busy or damaged store; disk full) prints its message
    with its exit status (2, or 1 for a full disk), and so does SQLite finding a damaged page
    while a command reads (the same line as a damaged store found on opening); any other
    unexpected error prints one line naming the file its full trace was written to, exit 1.
    Ctrl+C exits 130.
    """

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
        from cache.errors import damaged, is_corrupt
        from cache.store import StoreError, default_store_path

        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.ClickException, click.Abort, SystemExit):
            raise
        except Exception as exc:
            if (ctx.obj or {}).get("debug"):
                raise
            if is_corrupt(exc):  # SQLite met a damaged page while reading a large store
                exc = damaged((ctx.obj or {}).get("store_path") or default_store_path(),
                              f"SQLite: {exc}")
            if isinstance(exc, StoreError):
                click.echo(f"Error: {exc}", err=True)
                sys.exit(exc.exit_status)
            click.echo(f"Error: unexpected {type(exc).__name__}: {_one_line(exc)}. "
                       f"{_write_trace(exc)}", err=True)
            sys.exit(1)
        except KeyboardInterrupt:
            if (ctx.obj or {}).get("debug"):
                raise
            click.echo("Interrupted.", err=True)
            sys.exit(130)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] + ("…" if len(text) > 300 else "")


def _write_trace(exc: BaseException) -> str:
    """Write the full traceback to a file; say where (or why not)."""
    import tempfile
    import traceback
    from datetime import datetime

    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    try:
        fd, name = tempfile.mkstemp(prefix=f"claimcheck-error-{stamp}-", suffix=".txt")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"claimcheck {' '.join(sys.argv[1:])}\n")
            fh.write("".join(traceback.format_exception(exc)))
    except OSError as write_error:
        return f"(The full trace could not be saved: {write_error}; run with --debug to see it.)"
    return f"The full trace is in {name} (run with --debug to see it here)."


@click.group(cls=ClaimcheckGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    "store_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar=ENV_VAR,
    show_envvar=True,
    help="SQLite store file. Default: the user's data directory (claimcheck/claimcheck.sqlite).",
)
@click.option("--debug", is_flag=True,
              help="Show the full traceback of an unexpected error instead of one line.")
@click.version_option(package_name="claimcheck")
@click.pass_context
def cli(ctx: click.Context, store_path: Path | None, debug: bool) -> None:
    """Check the figures an article quotes against the official statistics.

    \b
    Typical use:
      claimcheck refresh --offline   # seed the local store from the bundled snapshot
      claimcheck refresh             # fetch the latest data (needs internet)
      claimcheck check               # every article's claims against the data
      claimcheck check --help        # where your own claims files go (claims/ beside the store)
      claimcheck export --format xlsx --output claims.xlsx
      claimcheck dashboard           # open http://127.0.0.1:8050
    """
    ctx.ensure_object(dict)
    ctx.obj["store_path"] = store_path
    ctx.obj["debug"] = debug


def main() -> None:
    cli(prog_name="claimcheck")


if __name__ == "__main__":
    main()
