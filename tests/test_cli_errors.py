"""One error handler for every command, and what a first run looks like.

* An unexpected error prints one line naming the file that holds the full trace (exit 1), never
  a traceback; ``--debug`` shows the traceback instead.
* `status` on a missing store says what to run and creates nothing; the first command that
  creates the store says so in one line (on stderr, so `check --format json` stays JSON).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

import indicators.judge.compare as compare
from indicators.cli import cli


def test_an_unexpected_error_is_one_line_naming_the_trace_file(store_path, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("something no test foresaw")

    monkeypatch.setattr(compare, "evaluate_claims_file", broken)

    result = CliRunner().invoke(cli, ["--store", str(store_path), "check"])

    assert result.exit_code == 1
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("Error: unexpected RuntimeError: something no test foresaw.")
    trace = Path(re.search(r"The full trace is in (\S+) ", lines[0]).group(1))
    text = trace.read_text()
    trace.unlink()
    assert "Traceback (most recent call last)" in text and "something no test foresaw" in text
    assert "def broken" not in text and "in broken" in text


def test_debug_shows_the_traceback_instead(store_path, monkeypatch):
    monkeypatch.setattr(compare, "evaluate_claims_file",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom")))

    result = CliRunner().invoke(cli, ["--debug", "--store", str(store_path), "check"])

    assert isinstance(result.exception, RuntimeError)  # raised, so Python prints the traceback
    assert "The full trace is in" not in result.output


def test_status_on_a_missing_store_says_what_to_run_and_creates_nothing(tmp_path):
    path = tmp_path / "new" / "store.sqlite"

    result = CliRunner().invoke(cli, ["--store", str(path), "status"])

    assert result.exit_code == 0, result.output
    assert f"No store at {path} yet. Run `claimcheck refresh --offline`" in result.output
    assert not path.exists() and not path.parent.exists()


def test_the_first_command_says_in_one_line_that_it_created_the_store(tmp_path):
    path = tmp_path / "store.sqlite"

    first = CliRunner().invoke(cli, ["--store", str(path), "check", "--format", "json"])

    assert first.exit_code == 0, first.output
    json.loads(first.stdout)  # the note is on stderr: stdout stays valid JSON
    notes = first.stderr.strip().splitlines()
    assert len(notes) == 1 and notes[0].startswith(
        f"Created a new store at {path} from the bundled snapshot (")
    second = CliRunner().invoke(cli, ["--store", str(path), "check", "--format", "json"])
    assert second.exit_code == 0 and second.stderr == ""


def test_the_package_imports_where_there_is_no_fcntl():
    # Windows has no fcntl: the store's lock comes from filelock (msvcrt there).
    import subprocess
    import sys

    code = ("import sys; sys.modules['fcntl'] = None; import indicators.cli, dashboard.app, "
            "cache.store; from cache.store import store_lock; print('ok')")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parent.parent, timeout=120)
    assert proc.returncode == 0 and proc.stdout.strip() == "ok", proc.stderr
