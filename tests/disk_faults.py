"""A disk that fills up, two ways: a real size-limited tmpfs, or ENOSPC injected.

* `TmpfsDisk` mounts a small tmpfs (needs root and mount rights, as in CI) and fills it with a
  filler file, leaving ``leave`` bytes; SQLite and Python then meet the kernel's real ENOSPC.
* `InjectedDisk` leaves the folder alone and makes writes fail the way a full disk does:
  SQLite through ``PRAGMA max_page_count`` (SQLite's own SQLITE_FULL path, "database or disk
  is full"), file writes through an ``OSError(ENOSPC)`` once ``leave`` bytes are written.

Where the tmpfs cannot be mounted the test is skipped with the reason — except in CI
(``CI=true``), where that is a failure: the fault tests must run there.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
from pathlib import Path

import pytest

import indicators.atomic as atomic
from cache.store import Store

PAGE = 4096


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in ("1", "true", "yes")


class InjectedDisk:
    kind = "injected"

    def __init__(self, folder: Path):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        self._patch = pytest.MonkeyPatch()

    def fill(self, leave: int) -> None:
        real_open = Store.open.__func__

        def limited_open(cls, path=None, **kwargs):
            store = real_open(cls, path, **kwargs)
            if not kwargs.get("read_only"):
                pages = store._conn.execute("PRAGMA page_count").fetchone()[0]
                store._conn.execute(f"PRAGMA max_page_count={pages + leave // PAGE}")
            return store

        self._patch.setattr(Store, "open", classmethod(limited_open))
        real_fdopen = os.fdopen

        class FullFile:
            def __init__(self, fh):
                self.fh, self.written = fh, 0

            def write(self, data):
                room = max(0, leave - self.written)
                self.fh.write(data[:room])
                self.written += min(room, len(data))
                if len(data) > room:
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                return len(data)

            def __getattr__(self, name):
                return getattr(self.fh, name)

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.fh.close()

        self._patch.setattr(atomic.os, "fdopen",
                            lambda fd, *a, **k: FullFile(real_fdopen(fd, *a, **k)))

    def free(self) -> None:
        self._patch.undo()

    def close(self) -> None:
        self._patch.undo()


class TmpfsDisk:
    kind = "tmpfs"

    def __init__(self, folder: Path, size: str):
        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)],
                       check=True, capture_output=True, text=True)
        self.filler = folder / "filler.bin"

    def fill(self, leave: int) -> None:
        """Fill the file system, then give back ``leave`` bytes."""
        chunk = b"\0" * (1 << 16)
        with self.filler.open("wb", buffering=0) as fh:
            try:
                while True:
                    fh.write(chunk)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC, exc
            size = os.fstat(fh.fileno()).st_size
            fh.truncate(max(0, size - leave))

    def free(self) -> None:
        self.filler.unlink(missing_ok=True)

    def close(self) -> None:
        subprocess.run(["umount", "-l", str(self.folder)], capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


def make_disk(kind: str, tmp_path: Path, size: str = "64m"):  # a seeded store is ~17 MB
    if kind == "injected":
        return InjectedDisk(tmp_path / "disk")
    try:
        return TmpfsDisk(tmp_path / "disk", size)
    except (OSError, subprocess.CalledProcessError) as exc:
        reason = f"cannot mount a size-limited tmpfs here: {getattr(exc, 'stderr', exc)}"
        if in_ci():
            pytest.fail(f"{reason} (CI must run the real disk-full test)")
        pytest.skip(reason)
