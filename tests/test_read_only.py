"""A store that cannot be written: read by status, check, export and dashboard; refused, with
the reason, by every command that would write; a new store in a read-only folder is refused.

Two real set-ups (tests run as root, whom chmod does not stop): a tmpfs remounted read-only,
and the commands run as the unprivileged user ``nobody`` on a 0444 file in a 0555 folder.
Where neither is possible they are skipped with the reason, except in CI (``CI=true``), where
that fails. Unit tests fake the OS errors, so the messages are tested everywhere.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from click.testing import CliRunner
from disk_faults import in_ci

from cache.bundle import open_store
from cache.errors import StoreReadOnly, store_error
from cache.store import Store
from indicators.cli import cli

REPO = Path(__file__).resolve().parent.parent
NOBODY = 65534
READING = [["status"], ["check", "--format", "json"], ["export", "--format", "json"]]
WRITING = [["refresh", "--offline"], ["refresh", "--source", "worldbank"]]


def _impossible(reason: str):
    if in_ci():
        pytest.fail(f"{reason} (CI must run the read-only tests)")
    pytest.skip(reason)


class ReadOnlyMount:
    """A store on a tmpfs remounted read-only; commands run in this process (as root)."""

    def __init__(self, base: Path):
        self.folder = base / "ro"
        self.folder.mkdir()
        mount = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=32m", "tmpfs",
                                str(self.folder)], capture_output=True, text=True)
        if mount.returncode:
            _impossible(f"cannot mount a tmpfs here: {mount.stderr.strip()}")
        self.store = self.folder / "store.sqlite"
        open_store(self.store).close()
        subprocess.run(["mount", "-o", "remount,ro", str(self.folder)], check=True)

    def run(self, *args: str, store: Path | None = None) -> tuple[int, str, str]:
        result = CliRunner().invoke(cli, ["--store", str(store or self.store), *args])
        return result.exit_code, result.stdout, result.stderr

    def close(self) -> None:
        subprocess.run(["umount", "-l", str(self.folder)], capture_output=True)


class Immutable(ReadOnlyMount):
    """The store file and its folder ``chattr +i``: not even root may write them."""

    def __init__(self, base: Path):
        self.folder = base / "ro"
        self.folder.mkdir()
        self.store = self.folder / "store.sqlite"
        open_store(self.store).close()
        self.locked = [*self.folder.iterdir(), self.folder]
        done = subprocess.run(["chattr", "+i", *map(str, self.locked)], capture_output=True,
                              text=True)
        if done.returncode:
            self.close()
            _impossible(f"cannot mount a read-only tmpfs, run as nobody or chattr +i here: "
                        f"{done.stderr.strip()}")

    def close(self) -> None:
        subprocess.run(["chattr", "-i", *map(str, self.locked)], capture_output=True)


class Nobody:
    """A 0444 store in a 0555 folder, commands run as ``nobody`` (setpriv)."""

    def __init__(self, base: Path):
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            _impossible("needs root and setpriv to run a command as nobody")
        self.base = Path(tempfile.mkdtemp(prefix="claimcheck-ro-"))
        self.base.chmod(0o755)
        self.folder = self.base / "ro"
        self.folder.mkdir()
        self.store = self.folder / "store.sqlite"
        open_store(self.store).close()
        self.out = self.base / "out"
        self.out.mkdir()
        self.out.chmod(0o777)
        for p in self.folder.iterdir():
            p.chmod(0o444)
        self.folder.chmod(0o555)
        probe = self._popen(["-c", "import indicators.cli"])
        self.usable = probe.wait(120) == 0  # e.g. a clone or Python under root's 0700 home

    def _popen(self, args: list[str]) -> subprocess.Popen:
        cmd = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups",
               sys.executable, *args]
        env = {**os.environ, "HOME": str(self.out), "PYTHONDONTWRITEBYTECODE": "1"}
        return subprocess.Popen(cmd, cwd=self.out, env=env, text=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def run(self, *args: str, store: Path | None = None) -> tuple[int, str, str]:
        proc = self._popen(["-m", "indicators.cli", "--store", str(store or self.store), *args])
        out, err = proc.communicate(timeout=180)
        return proc.returncode, out, err

    def close(self) -> None:
        self.folder.chmod(0o755)
        shutil.rmtree(self.base, ignore_errors=True)


@pytest.fixture(params=["ro-mount", "nobody"])
def ro(request, tmp_path):
    if request.param == "ro-mount":
        setup = ReadOnlyMount(tmp_path)
    else:
        setup = Nobody(tmp_path)
        if not setup.usable:  # nobody cannot run this Python: the same as root, chattr +i
            setup.close()
            setup = Immutable(tmp_path)
    yield setup
    setup.close()


def listing(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("command", READING, ids=" ".join)
def test_reading_commands_read_a_read_only_store(ro, command):
    before = listing(ro.folder)

    status, out, err = ro.run(*command)

    assert status == 0, out + err
    assert "Traceback" not in err
    if command[0] == "status":
        assert "worldbank" in out
    else:
        data = json.loads(out)
        assert data  # the comparison, read from the read-only store
    assert listing(ro.folder) == before


def test_the_dashboard_starts_on_a_read_only_store_and_serves_it(ro):
    code = (
        "import sys; from pathlib import Path; from dashboard.app import create_app;"
        "from dashboard.probe import callback_request;"
        "app = create_app(Path(sys.argv[1]), warm_up=False); c = app.server.test_client();"
        "deps = c.get('/_dash-dependencies').get_json();"
        # the bundled article's overview (`/` lists the articles when there are several)
        "body = callback_request(deps, 'page.children', {'url.pathname': '/a/belarus_2025'});"
        "r = c.post('/_dash-update-component', json=body); print(r.status_code);"
        "print(r.get_data(as_text=True))"
    )
    if isinstance(ro, Nobody):  # as nobody
        proc = ro._popen(["-c", code, str(ro.store)])
        out, err = proc.communicate(timeout=180)
    else:
        proc = subprocess.run([sys.executable, "-c", code, str(ro.store)], cwd=REPO,
                              capture_output=True, text=True, timeout=180)
        out, err = proc.stdout, proc.stderr
    assert out.startswith("200"), out[:500] + err
    assert "card" in out and "claimcheck refresh --offline" not in out
    # and the command gets past opening the store and checking the claims (both read-only)
    # up to binding its port, which a socket of this test holds
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status, out, err = ro.run("dashboard", "--port", str(port))
    assert status == 2 and f"cannot listen on 127.0.0.1:{port}" in err, out + err
    assert "read-only" not in err and "Claimcheck dashboard on" not in out


@pytest.mark.parametrize("command", WRITING, ids=" ".join)
def test_writing_commands_say_the_store_is_read_only_and_why(ro, command):
    before = listing(ro.folder)

    status, out, err = ro.run(*command)

    assert status == 2, out + err
    assert "Traceback" not in err
    assert f"Error: the store {ro.store} is read-only: " in err
    why = "mounted read-only" if type(ro) is ReadOnlyMount else "not writable"
    assert why in err
    assert listing(ro.folder) == before


def test_a_new_store_in_a_read_only_folder_is_refused_with_the_reason(ro):
    new = ro.folder / "new.sqlite"

    status, out, err = ro.run("check", store=new)

    assert status == 2, out + err
    assert "Traceback" not in err
    assert f"Error: cannot create a store at {new}: " in err
    assert not new.exists()


# -- the same messages with the OS errors faked (run everywhere) -----------------------------
def _sqlite_error(message: str, code: int) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    exc.sqlite_errorcode = code
    return exc


@pytest.mark.parametrize("exc", [
    _sqlite_error("attempt to write a readonly database", 8),
    OSError(errno.EROFS, os.strerror(errno.EROFS)),
    OSError(errno.EACCES, os.strerror(errno.EACCES)),
], ids=["sqlite-readonly", "erofs", "eacces"])
def test_read_only_os_errors_become_one_clear_store_error(tmp_path, exc):
    path = tmp_path / "store.sqlite"
    path.write_bytes(b"")
    translated = store_error(exc, path, "writing worldbank's rows")
    assert isinstance(translated, StoreReadOnly)
    assert str(translated).startswith(f"the store {path} is read-only: ")
    assert "status, check, export and dashboard can still read it" in str(translated)


def test_a_store_that_turns_read_only_mid_command_is_reported_not_a_traceback(
        store_path, monkeypatch):
    from refresh_fakes import FakeSource

    import indicators.commands.refresh as refresh_command

    monkeypatch.setattr(refresh_command, "create_adapter", lambda name, **_: FakeSource(name))
    real = Store.write_batch

    def read_only_now(self, *args, **kwargs):
        with self.writing("writing worldbank's rows"):
            raise _sqlite_error("attempt to write a readonly database", 8)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(Store, "write_batch", read_only_now)
    result = CliRunner().invoke(cli, ["--store", str(store_path), "refresh", "--source",
                                      "worldbank"])
    assert result.exit_code == 1, result.output  # a source failed; its rows were kept
    assert "Traceback" not in result.output
    assert "read-only" in result.output
    with Store.open(store_path, read_only=True) as store:
        last = store.refreshes()[-1]
    assert last.status == "failed"
    assert f"the store {store_path} is read-only" in last.error
