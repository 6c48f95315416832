"""The store's writer lock: a lock file beside the store (``<store>.lock``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from filelock import FileLock, Timeout

from cache.errors import StoreBusy, store_error


@contextlib.contextmanager
def store_lock(path: Path, wait: float, now: Callable[[], str]) -> Iterator[None]:
    """The writer lock of the store at ``path``: a lock file beside it (``<store>.lock``).

    `filelock` gives the same exclusive lock on Linux, macOS and Windows (fcntl / msvcrt); the
    holder writes its pid into the file, so a refresh that gives up can say who holds it.
    """
    lock_path = path.with_name(path.name + ".lock")
    lock = FileLock(lock_path)
    try:
        lock.acquire(timeout=wait, poll_interval=0.1)
    except Timeout:
        try:
            holder = lock_path.read_text(errors="replace").strip() or "another process"
        except OSError:
            holder = "another process"
        raise StoreBusy(
            f"another refresh is writing to {path} ({holder}); "
            f"waited {wait:.0f} s. Try again when it has finished."
        ) from None
    except OSError as exc:
        raise store_error(exc, path, "taking the store's write lock") from exc
    try:
        with contextlib.suppress(OSError):
            lock_path.write_text(f"pid {os.getpid()} since {now()}")
        yield
    finally:
        with contextlib.suppress(OSError):
            lock_path.write_text("")
        lock.release()
