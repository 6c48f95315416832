"""`claimcheck --help` loads no subcommand: each one's module is imported when it runs."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from indicators.cli import COMMANDS, cli

HEAVY = ("rich", "pandas", "dash", "requests", "wbgapi", "openpyxl", "plotly", "sqlite3",
         "indicators.judge.compare", "indicators.commands.refresh", "cache.store")


def test_help_lists_every_command_without_importing_any():
    code = (
        "import sys; from indicators.cli import main; sys.argv = ['claimcheck', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print('LOADED', sorted(m for m in {HEAVY!r} if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "LOADED []" in out, out
    for name, (_, _, line) in COMMANDS.items():
        assert name in out and line.split()[0] in out


def test_the_listed_line_is_the_first_sentence_of_each_commands_help():
    for name, (_, _, line) in COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert command is not None and command.name == name
        assert " ".join((command.help or "").split()).startswith(line), name


def test_an_unknown_command_is_bad_input():
    result = CliRunner().invoke(cli, ["frobnicate"])
    assert result.exit_code == 2 and "No such command 'frobnicate'" in result.output
