"""Why the store cannot be used, as one-line messages: foreign, newer, read-only, disk full, busy.

`store_error` turns the SQLite or OS error a write or open ended with into one of these, so the
CLI can print one line and a documented exit status instead of a traceback:
``StoreError`` 2 (bad input / refused), ``StoreReadOnly`` 2, ``StoreBusy`` 2, ``StoreFull`` 1
(the machine failed, the input was fine).
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

ENV_VAR = "CLAIMCHECK_STORE"

# sqlite3 primary result codes (https://www.sqlite.org/rescode.html)
SQLITE_READONLY = 8
SQLITE_IOERR = 10
SQLITE_FULL = 13
SQLITE_CANTOPEN = 14
SQLITE_CORRUPT = 11
_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}
FINITE_CONSTRAINT = "finite_value"  # the CHECK on the value column (`cache.finite`, schema 5)
_FULL_ERRNOS = {errno.ENOSPC, errno.EDQUOT}


class StoreError(Exception):
    """The store cannot be used; the message says which file and why."""

    exit_status = 2


class StoreBusy(StoreError):
    """Another process holds the refresh lock."""


class StoreReadOnly(StoreError):
    """A write was needed but the store (file, directory or file system) is read-only."""


class StoreDamaged(StoreError):
    """The store file is damaged (a missing table or column, a failed page check)."""


def damaged(path: Path, what: str) -> StoreDamaged:
    """The one line for a damaged store: what is wrong, and how to rebuild it."""
    what = " ".join(what.split())
    return StoreDamaged(
        f"{path} is damaged ({what[:300]}); nothing was written to it. To rebuild it, move it "
        f"aside (keep it for the record), then run `claimcheck refresh --offline` to create a "
        f"new store from the bundled snapshot and `claimcheck refresh` to fetch the latest data "
        f"(or `claimcheck refresh --reparse SOURCE` to rebuild a source from {path.name}.archive "
        "without network).")


def is_corrupt(exc: BaseException) -> bool:
    """Whether ``exc`` is SQLite finding a damaged page ("database disk image is malformed").

    Not "file is not a database" (SQLITE_NOTADB): such a file cannot even say it is a
    Claimcheck store, so it is refused as one that cannot be used, not as a damaged store.
    """
    code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
    return isinstance(exc, sqlite3.DatabaseError) and (
        code == SQLITE_CORRUPT or "malformed" in str(exc))


class StoreRefusedValue(StoreError):
    """A write held a value that is not a finite number; the store's CHECK refused it."""


class StoreFull(StoreError):
    """The disk (or quota) is full; the transaction was rolled back."""

    exit_status = 1


def read_only_reason(path: Path) -> str:
    """Why ``path`` (a store file, existing or not) cannot be written, in a few words."""
    folder = path.parent if path.parent != Path("") else Path(".")
    probe = path if path.exists() else folder
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        if os.statvfs(probe).f_flag & os.ST_RDONLY:
            return f"its file system ({probe}) is mounted read-only"
    except (OSError, AttributeError):  # AttributeError: no statvfs on Windows
        pass
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is not writable (its permissions or an immutable attribute)"
    if not os.access(probe if not folder.exists() else folder, os.W_OK):
        return (f"the folder {folder} is not writable (SQLite needs to create its journal "
                "and lock files beside the store)")
    return "the operating system refused to write to it"


def write_problem(path: Path) -> str | None:
    """Why a store at ``path`` could not be written or created, or None if it can."""
    folder = path.parent
    if path.exists():
        writable = os.access(path, os.W_OK) and os.access(folder, os.W_OK)
    else:
        existing = folder
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        writable = os.access(existing, os.W_OK)
    return None if writable else read_only_reason(path)


def read_only_store(path: Path, reason: str) -> StoreReadOnly:
    if not path.exists():
        return StoreReadOnly(f"cannot create a store at {path}: {reason}. Choose a writable "
                             f"location with --store or ${ENV_VAR}.")
    return StoreReadOnly(
        f"the store {path} is read-only: {reason}. Changing it needs write access; status, "
        f"check, export and dashboard can still read it. Point --store or ${ENV_VAR} at a "
        "writable copy to change data."
    )


def _is_full(exc: BaseException, path: Path | None = None) -> bool:
    if isinstance(exc, OSError) and exc.errno in _FULL_ERRNOS:
        return True
    if isinstance(exc, sqlite3.Error):
        # SQLite's unix VFS reports ENOSPC as SQLITE_FULL ("database or disk is full").
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        if code == SQLITE_FULL or "disk is full" in str(exc):
            return True
        # Growing the -shm file on a full disk is an I/O error (SIGBUS-safe mmap failure), not
        # SQLITE_FULL: call it a full disk only when the file system is indeed (nearly) full.
        return code == SQLITE_IOERR and path is not None and _nearly_full(path)
    return False


def _nearly_full(path: Path) -> bool:
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        return shutil.disk_usage(folder).free < 1 << 20
    except OSError:
        return False


def _is_read_only(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in _READ_ONLY_ERRNOS:
        return True
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", 0) & 0xFF
        return code in (SQLITE_READONLY, SQLITE_CANTOPEN) or "readonly database" in str(exc)
    return False


def is_refused_value(exc: BaseException) -> bool:
    """Whether ``exc`` is the store refusing a non-finite value: its CHECK (±infinity), or
    ``NOT NULL`` on the value (SQLite stores a NaN as NULL)."""
    text = str(exc)
    return isinstance(exc, sqlite3.IntegrityError) and (
        FINITE_CONSTRAINT in text or "NOT NULL constraint failed: observation_values.value" in text)


def store_error(exc: BaseException, path: Path, doing: str) -> BaseException:
    """The `StoreError` for ``exc`` raised while ``doing`` (e.g. "writing worldbank's rows").

    Returns ``exc`` itself when it is not a store fault (a bug must stay visible as one).
    """
    if isinstance(exc, StoreError):
        return exc
    if is_corrupt(exc):
        return damaged(path, f"SQLite: {exc}")
    if _is_full(exc, path):
        if not path.exists():
            return StoreFull(f"the disk is full: {doing} at {path} failed; nothing was left "
                             "behind. Free some space and run the command again.")
        return StoreFull(
            f"the disk is full: {doing} in {path} failed and was rolled back, so the store is "
            "unchanged. Free some space and run the command again."
        )
    if _is_read_only(exc):
        return read_only_store(path, read_only_reason(path))
    if is_refused_value(exc):
        return StoreRefusedValue(
            f"the store {path} refused a value that is not a finite number (infinity or NaN) "
            f"while {doing}; nothing of it was written and the store is unchanged. The source "
            "or file gave that value: it should have been a rejected row (please report it).")
    if isinstance(exc, sqlite3.Error):
        return StoreError(f"{path} cannot be used as a Claimcheck store ({doing}): {exc}")
    return exc
