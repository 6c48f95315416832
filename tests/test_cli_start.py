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


def test_status_loads_no_network_or_locking_code(tmp_path):
    # `status` answers from the store's counts: the HTTP stack, the adapters, the snapshot
    # importers and the writer lock (filelock loads asyncio) are never needed for it (the EIA
    # adapter is, to say its key is missing, and it loads none of them).
    store = tmp_path / "s.sqlite"
    subprocess.run([sys.executable, "-m", "indicators.cli", "--store", str(store), "refresh",
                    "--offline"], capture_output=True, check=True)
    code = (
        "import sys; from indicators.cli import main\n"
        f"sys.argv = ['claimcheck', '--store', {str(store)!r}, 'status']\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert not e.code, e.code\n"
        "print('LOADED', sorted(m for m in ('requests', 'urllib3', 'filelock', 'asyncio', "
        "'indicators.sources.snapshot_build') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert "Observations by source" in out and "worldbank" in out
    assert "LOADED []" in out, out
