"""Small faults with one clear line each: a claims file with a byte-order mark, a host name that
does not resolve, ``make dashboard PORT=…``, an export to a full disk through standard output,
and no lock file left behind by a store that could not be created."""

from __future__ import annotations

import errno
import os
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from disk_faults import make_disk

import indicators.commands.dashboard as dashboard_command
from indicators.claims.load import DEFAULT_CLAIMS_FILE
from indicators.cli import cli

ROOT = Path(__file__).resolve().parent.parent


def test_a_claims_file_with_a_byte_order_mark_loads(store_path, tmp_path):
    # Windows editors (Notepad) save UTF-8 with a BOM; TOML parsers refuse it as a character.
    plain = tmp_path / "plain.toml"
    plain.write_text(DEFAULT_CLAIMS_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    bom = tmp_path / "bom.toml"
    bom.write_bytes(b"\xef\xbb\xbf" + plain.read_bytes())
    runner = CliRunner()
    results = [runner.invoke(cli, ["--store", str(store_path), "check", "--format", "json",
                                   "--claims", str(p)]) for p in (plain, bom)]
    assert [r.exit_code for r in results] == [0, 0], results[1].output
    strip = [r.stdout.split('"generated_at"')[0] for r in results]
    assert strip[1].replace("bom.toml", "plain.toml") == strip[0]


def test_an_error_in_a_bom_file_still_names_the_right_line(tmp_path):
    from indicators.claims.load import ClaimsError, load_claims

    text = DEFAULT_CLAIMS_FILE.read_text(encoding="utf-8").replace('format = ', 'format = "x', 1)
    line = next(i for i, ln in enumerate(text.splitlines(), start=1) if 'format = "x' in ln)
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with pytest.raises(ClaimsError, match=rf"{path.name}:{line}\b"):
        load_claims(path)


def test_a_host_that_does_not_resolve_is_said_to_be_so(store_path, monkeypatch):
    def no_such_host(host, *args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(dashboard_command.socket, "getaddrinfo", no_such_host)
    monkeypatch.setattr(dashboard_command, "serve", lambda server: pytest.fail("must not serve"))
    result = CliRunner().invoke(cli, ["--store", str(store_path), "dashboard", "--host",
                                      "dashbaord.example.invalid", "--port", "8050"])
    assert result.exit_code == 2, result.output
    assert result.stderr.strip() == (
        "Error: cannot listen on dashbaord.example.invalid:8050: the host name "
        "'dashbaord.example.invalid' does not resolve (Name or service not known). Give an "
        "address of this machine, e.g. --host 127.0.0.1 (this machine only) or --host 0.0.0.0 "
        "(every interface).")
    assert "port" not in result.stderr.split("--host 0.0.0.0")[0].split("resolve")[1]
    assert result.stdout == ""


def test_an_address_this_machine_does_not_have_is_said_to_be_so(store_path, monkeypatch):
    monkeypatch.setattr(dashboard_command, "serve", lambda server: pytest.fail("must not serve"))
    # 192.0.2.1 is TEST-NET-1 (RFC 5737): never an address of this machine.
    result = CliRunner().invoke(cli, ["--store", str(store_path), "dashboard", "--host",
                                      "192.0.2.1", "--port", "8050"])
    assert result.exit_code == 2, result.output
    assert "is not an address of this machine" in result.stderr
    assert "Stop the program using it" not in result.stderr


def test_make_dashboard_takes_port_and_host(store_path, monkeypatch):
    dry = subprocess.run(["make", "-n", "dashboard", "PORT=8123", "HOST=127.0.0.2"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    command = shlex.split(dry.strip().splitlines()[-1])
    assert command[0].endswith("bin/claimcheck") and command[1:] == [
        "dashboard", "--host", "127.0.0.2", "--port", "8123"]
    # and that command line serves on that port (serving itself replaced)
    served = []
    monkeypatch.setattr(dashboard_command, "serve", lambda server: served.append(server.port))
    free = socket.socket()
    free.bind(("127.0.0.1", 0))
    port = free.getsockname()[1]
    free.close()
    args = [a if a != "8123" else str(port) for a in command[1:]]
    args[args.index("127.0.0.2")] = "127.0.0.1"
    result = CliRunner().invoke(cli, ["--store", str(store_path), *args])
    assert result.exit_code == 0, result.output
    assert served == [port] and f"http://127.0.0.1:{port}/" in result.stdout
    default = subprocess.run(["make", "-n", "dashboard"], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout
    assert default.strip().splitlines()[-1].endswith("dashboard --host 127.0.0.1 --port 8050")


@pytest.fixture(params=["dev-full", "tmpfs"])
def full_stdout(request, tmp_path):
    """Where standard output goes: /dev/full (every write fails with ENOSPC), or a file on a
    size-limited tmpfs filled to a few bytes."""
    if request.param == "dev-full":
        if not Path("/dev/full").exists():
            pytest.skip("no /dev/full on this system")
        yield Path("/dev/full")
        return
    disk = make_disk("tmpfs", tmp_path)
    disk.fill(64)
    yield disk.folder / "claims.json"
    disk.close()


def test_an_export_to_a_full_disk_through_standard_output_says_the_disk_is_full(
        store_path, full_stdout):
    env = {**os.environ, "CLAIMCHECK_STORE": str(store_path)}
    with open(full_stdout, "wb") as out:
        proc = subprocess.run([sys.executable, "-m", "indicators.cli", "export", "--format",
                               "json"], stdout=out, stderr=subprocess.PIPE, env=env, cwd=ROOT,
                              text=True, timeout=120)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr  # no "Exception ignored" at exit, no traceback
    assert lines[0] == (f"Error: the disk is full: the export to standard output "
                        f"({full_stdout}) was not written completely. Free some space and run "
                        "the command again.")


def test_a_failed_store_creation_leaves_no_lock_file(tmp_path, monkeypatch):
    import cache.bundle as bundle

    path = tmp_path / "new.sqlite"

    def fail(*_args, **_kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(bundle, "seed_store", fail)
    result = CliRunner().invoke(cli, ["--store", str(path), "check"])
    assert result.exit_code == 1 and "the disk is full" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == []
