"""Write a file all at once or not at all: a temporary file beside it, then a rename.

An export that fails halfway (disk full, killed) leaves the previous file exactly as it was
and no temporary file behind; readers never see a half-written file. ``os.replace`` is atomic
on POSIX and Windows when both names are in the same folder.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path


def write_bytes(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically; raises the OSError of a failed write."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            # mkstemp makes the file 0600; a new export gets the usual umask-based mode.
            mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask()
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def describe(exc: OSError, path: Path) -> tuple[str, int]:
    """One line saying why ``path`` could not be written, and the exit status for it."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (f"the disk is full: {path} was not written"
                + (" (the existing file is unchanged)" if path.exists() else ""), 1)
    reason = exc.strerror or str(exc)
    return f"cannot write {path}: {reason}", 2


@contextlib.contextmanager
def writing_text(path: Path):
    """A text file written as it goes into a temporary file, renamed to ``path`` when the block
    ends without an error (else removed): a long stream of lines, never held in memory."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(OSError):
            os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
