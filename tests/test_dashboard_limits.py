"""The dashboard's servers read no more of a request body than its limit, chunked or not.

Both servers users run are started for real: `claimcheck dashboard` (werkzeug's development
server) and gunicorn with dashboard/gunicorn_conf.py. A client streams a chunked POST (no
Content-Length: the size is not known up front) far past the 256 KiB limit; the server answers
413 after reading about the limit, its memory stays where it was, and it goes on serving.
Ports come from CLAIMCHECK_TEST_PORT_BASE's range (as the Dash browser tests' do).
"""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest
import requests
from publish_helpers import free_port

from dashboard import guard

REPO = Path(__file__).resolve().parent.parent
SENT_MAX = 128 << 20  # what the client is ready to send (the case was 1 GB)


def _port(offset: int) -> int:
    # ports 90-99 of this worker's range (below them: the static-site servers')
    return free_port(90 + offset, span=10 - offset)


def _start(kind: str, store: Path) -> tuple[subprocess.Popen, int]:
    port = _port(0 if kind == "werkzeug" else 5)
    env = {**os.environ, "CLAIMCHECK_STORE": str(store), "PORT": str(port),
           "GUNICORN_WORKERS": "1", "PYTHONPATH": str(REPO)}
    if kind == "werkzeug":
        cmd = [sys.executable, "-m", "indicators.cli", "--store", str(store), "dashboard",
               "--port", str(port)]
    else:
        cmd = [str(Path(sys.executable).parent / "gunicorn"), "-c", "dashboard/gunicorn_conf.py",
               "--no-control-socket", "dashboard.app:server"]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if requests.get(f"http://127.0.0.1:{port}/_dash-layout", timeout=5).ok:
                return proc, port
        except requests.ConnectionError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"{kind} did not start: {proc.stdout.read().decode()[-2000:]}")


def _rss_mb(proc: subprocess.Popen) -> float:
    p = psutil.Process(proc.pid)
    return sum(x.memory_info().rss for x in [p, *p.children(recursive=True)]) / 2**20


def _post_chunked(port: int, limit: int) -> tuple[bytes, int]:
    """Stream a chunked JSON body of up to ``limit`` bytes; the first bytes of the answer and
    how much was sent before the server answered or closed."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=30)
    sock.sendall(b"POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                 b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n")
    size = 64 << 10
    block = b"%x\r\n" % size + b'{"output": "' + b"x" * (size - 12) + b"\r\n"
    sent = 0
    try:
        while sent < limit:
            sock.sendall(block)
            sent += size
            if select.select([sock], [], [], 0)[0]:
                break  # the server has answered
        else:
            sock.sendall(b"0\r\n\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # closed by the server after its answer
    try:
        answer = sock.recv(4096)
    finally:
        sock.close()
    return answer, sent


@pytest.mark.parametrize("kind", ["werkzeug", "gunicorn"])
def test_a_chunked_body_past_the_limit_is_refused_without_being_read(store_path, kind):
    proc, port = _start(kind, store_path)
    try:
        before = _rss_mb(proc)
        answer, sent = _post_chunked(port, SENT_MAX)
        after = _rss_mb(proc)
        still = requests.get(f"http://127.0.0.1:{port}/_dash-layout", timeout=30)
    finally:
        proc.terminate()
        log = proc.communicate(timeout=30)[0].decode(errors="replace")
    assert answer.startswith(b"HTTP/1.1 413"), (answer[:300], log[-2000:])
    assert f'"request body over {guard.MAX_ARTICLE_BODY} bytes"'.encode() in answer
    assert sent < 32 << 20  # it stopped reading at the limit (plus socket buffers)
    assert after - before < 32, (before, after)  # nothing like the body was held
    assert still.status_code == 200
    assert "Traceback" not in log
    assert ("refused a callback request from 127.0.0.1: request body over "
            f"{guard.MAX_ARTICLE_BODY}") in log
