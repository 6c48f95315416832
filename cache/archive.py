"""The raw-response archive: the exact bytes every refresh parsed, kept beside the store.

Layout (``<store file>.archive/``)::

    blobs/<sha256[:2]>/<sha256>.gz     each response body, gzip-compressed, named by its SHA-256
    runs/<source>/<started>-<n>.json   one manifest per source refresh: when, licence, the
                                       publisher's version, the refresh id, and per response
                                       the request, final URL, status, content type, SHA-256,
                                       size and retrieval time

Bodies are content-addressed, so an unchanged download costs no new space. A manifest is
written once, atomically, when its refresh ends (ok or failed); a run cut short leaves no
manifest, and its blobs are just unused files. `latest_run` returns the newest successful run of
a source: what ``claimcheck refresh --reparse SOURCE`` replays. This module stores bytes and
JSON; it knows nothing of HTTP or of any publisher (the recording/replaying clients live in
`indicators.sources.archiving`).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import re
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path


class ArchiveError(Exception):
    """The archive is missing, has no usable run, or a stored body fails its checksum."""


@dataclass
class ArchivedResponse:
    request: str  # the request URL with its query, secrets removed: the replay key
    url: str  # the final URL the server answered from (secrets removed)
    status: int
    content_type: str
    sha256: str
    size: int
    retrieved_at: str
    redacted: bool = False  # a secret the server echoed was replaced by *** before storing


@dataclass
class ArchiveRun:
    source: str
    started_at: str
    licence: str = ""
    finished_at: str = ""
    status: str = ""  # "ok" | "failed"
    publisher_updated: str = ""
    refresh_id: int | None = None
    responses: list[ArchivedResponse] = field(default_factory=list)
    path: Path | None = None  # where the manifest is (set when written or read)

    def to_json(self) -> str:
        data = asdict(self)
        data.pop("path")
        return json.dumps(data, indent=1, sort_keys=True)

    @classmethod
    def from_json(cls, text: str, path: Path) -> ArchiveRun:
        data = json.loads(text)
        data["responses"] = [ArchivedResponse(**r) for r in data.get("responses", [])]
        return cls(**data, path=path)


class ResponseArchive:
    """The archive directory of one store."""

    def __init__(self, root: Path | str) -> None:
        self.root = Path(root)

    @classmethod
    def beside(cls, store_path: Path | str) -> ResponseArchive:
        store_path = Path(store_path)
        return cls(store_path.with_name(store_path.name + ".archive"))

    # -- writing ---------------------------------------------------------------------------------

    def start_run(self, source: str, *, started_at: str, licence: str = "") -> ArchiveRun:
        return ArchiveRun(source=source, started_at=started_at, licence=licence)

    def add(self, run: ArchiveRun, *, request: str, url: str, status: int, content_type: str,
            content: bytes, retrieved_at: str, redacted: bool = False) -> ArchivedResponse:
        digest = hashlib.sha256(content).hexdigest()
        blob = self._blob(digest)
        if not blob.exists():
            blob.parent.mkdir(parents=True, exist_ok=True)
            # mtime=0: the same bytes always give the same compressed file.
            _atomic_write(blob, gzip.compress(content, compresslevel=6, mtime=0))
        entry = ArchivedResponse(request=request, url=url, status=status,
                                 content_type=content_type, sha256=digest, size=len(content),
                                 retrieved_at=retrieved_at, redacted=redacted)
        run.responses.append(entry)
        return entry

    def finish(self, run: ArchiveRun, *, finished_at: str, status: str,
               publisher_updated: str = "", refresh_id: int | None = None) -> Path:
        run.finished_at, run.status = finished_at, status
        run.publisher_updated, run.refresh_id = publisher_updated, refresh_id
        folder = self.root / "runs" / _safe(run.source)
        folder.mkdir(parents=True, exist_ok=True)
        stem = _safe(run.started_at)
        n = 0
        while (folder / f"{stem}-{n}.json").exists():
            n += 1
        run.path = folder / f"{stem}-{n}.json"
        _atomic_write(run.path, run.to_json().encode("utf-8"))
        return run.path

    # -- reading ---------------------------------------------------------------------------------

    def runs(self, source: str) -> list[ArchiveRun]:
        folder = self.root / "runs" / _safe(source)
        found = []
        for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
            try:
                found.append(ArchiveRun.from_json(path.read_text("utf-8"), path))
            except (ValueError, TypeError, KeyError) as exc:
                raise ArchiveError(f"archive manifest {path} is unreadable: {exc}") from exc
        return sorted(found, key=lambda r: (r.started_at, r.path.name if r.path else ""))

    def latest_run(self, source: str) -> ArchiveRun:
        """The newest successful run of ``source``; `ArchiveError` if there is none."""
        ok = [r for r in self.runs(source) if r.status == "ok"]
        if not ok:
            raise ArchiveError(
                f"no archived successful refresh of {source!r} in {self.root} "
                "(run `claimcheck refresh --source " + source + "` with network first)")
        return ok[-1]

    def body(self, entry: ArchivedResponse) -> bytes:
        blob = self._blob(entry.sha256)
        try:
            content = gzip.decompress(blob.read_bytes())
        except (OSError, EOFError) as exc:
            raise ArchiveError(f"archived body {blob} is missing or damaged: {exc}") from exc
        if hashlib.sha256(content).hexdigest() != entry.sha256:
            raise ArchiveError(f"archived body {blob} does not match its SHA-256")
        return content

    def _blob(self, digest: str) -> Path:
        return self.root / "blobs" / digest[:2] / f"{digest}.gz"


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text)


def _atomic_write(path: Path, data: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
