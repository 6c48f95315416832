"""Writing the site: the whole folder beside the target, then renamed into its place.

Readers of the folder (a web server, a sync to a host) see the old site or the new one, never
a mix: the new site is written to a temporary folder in the same parent, then swapped with the
old one in one rename (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames, with the old
site kept until the new one is in place). A failed or killed run leaves the old site as it was;
a leftover temporary folder is removed by the next run. A folder that holds something other
than a site `publish` wrote is never replaced.
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import shutil
import tempfile
import time
from pathlib import Path

MARKER = "claimcheck-site.json"
STALE_TEMP_SECONDS = 3600


class OutputError(ValueError):
    """The target cannot take the site (the message names it and says why)."""


def check_target(output: Path) -> None:
    if output.exists() and not output.is_dir():
        raise OutputError(f"{output} is a file, not a folder")
    if output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
        raise OutputError(f"{output} holds files that `claimcheck publish` did not write; "
                          "choose a new or empty folder (it is never emptied for you)")


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def _remove_stale_temps(output: Path) -> None:
    now = time.time()
    for leftover in output.parent.glob(f".{output.name}.publish-*"):
        with contextlib.suppress(OSError):
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                shutil.rmtree(leftover)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name or not hasattr(os, "O_PATH"):
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    fn = getattr(libc, "renameat2", None)
    if fn is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    rc = fn(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return rc == 0


def write_site(output: Path, files: dict[str, bytes]) -> None:
    """Replace ``output`` with exactly ``files`` (paths from the site's root → bytes)."""
    output = output.absolute()
    check_target(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    _remove_stale_temps(output)
    tmp = Path(tempfile.mkdtemp(prefix=f".{output.name}.publish-", dir=output.parent))
    try:
        dir_mode, file_mode = 0o777 & ~_umask(), 0o666 & ~_umask()
        for rel, data in sorted(files.items()):
            path = tmp / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            path.chmod(file_mode)
        for folder in sorted({p for rel in files for p in (tmp / rel).parents
                              if p == tmp or tmp in p.parents}):
            folder.chmod(dir_mode)
        if not output.exists():
            os.rename(tmp, output)
            return
        if _exchange(tmp, output):
            shutil.rmtree(tmp)  # now the old site
            return
        old = Path(tempfile.mkdtemp(prefix=f".{output.name}.publish-old-", dir=output.parent))
        os.rmdir(old)
        os.rename(output, old)
        try:
            os.rename(tmp, output)
        except BaseException:
            os.rename(old, output)  # the old site back in its place
            raise
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
