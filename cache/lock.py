"""The store's writer lock: a lock file beside the store (``<store>.lock``)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from cache.errors import StoreBusy, store_error


@contextlib.contextmanager
def store_lock(path: Path, wait: float, now: Callable[[], str],
               discard: Callable[[], bool] | None = None) -> Iterator[None]:
    """The writer lock of the store at ``path``: a lock file beside it (``<store>.lock``).

    `filelock` gives the same exclusive lock on Linux, macOS and Windows (fcntl / msvcrt); the
    holder writes its pid into the file, so a refresh that gives up can say who holds it.
    ``discard()``, asked on the way out, says the lock file should go rather than stay beside
    the store (a store that could not be created: nothing is left behind). It is removed while
    still held; a process already waiting on it retries on the path and takes a new file.
    """
    # Imported on first use: filelock loads asyncio, and the read-only commands never lock.
    from filelock import FileLock, Timeout

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
            if discard is not None and discard():
                lock_path.unlink()
            else:
                lock_path.write_text("")
        lock.release()
