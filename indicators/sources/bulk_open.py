"""Opening a bulk file safely: zip members within caps, text lines within a length, a digest.

A 4 MB zip can unpack to gigabytes ("zip bomb"), and a file with no line breaks is one line of
any length: both would hold the import's memory hostage. So a zip member is refused, before a
byte of it is read, when its declared size is over `MAX_MEMBER_BYTES` or it expands more than
`MAX_RATIO` times (Python's zipfile never returns more bytes than the size a member declares),
and text is read line by line with a cap on a line's length and on the lines one CSV record may
span. Each refusal is a `SourceError`: one line saying what and where (exit status 2).
"""

from __future__ import annotations

import hashlib
import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from indicators.sources.base import SourceError

# The full WDI (WDICSV.csv) unpacks to a few hundred MB; 2 GiB leaves it room to grow sevenfold.
MAX_MEMBER_BYTES = 2 << 30
# CSV of numbers compresses 3-10×; the zip bomb of issue 20 expands 300× (4 MB → 1.2 GB).
MAX_RATIO = 100
RATIO_FROM_BYTES = 16 << 20  # small members may compress better; the ratio applies above this
MAX_LINE_CHARS = 1 << 20  # one line of a real bulk file is a few kB
MAX_RECORD_LINES = 1_000  # physical lines one CSV record (quoted line breaks) may span


def check_member(path: Path, info: zipfile.ZipInfo) -> None:
    """`SourceError` if this member of the zip at ``path`` unpacks too large to read."""
    size, packed = info.file_size, max(info.compress_size, 1)
    if size > MAX_MEMBER_BYTES:
        raise SourceError(
            f"{path}: {info.filename} unpacks to {size / 2**20:,.0f} MB, more than the "
            f"{MAX_MEMBER_BYTES / 2**30:.0f} GB a bulk file may hold; nothing was imported. "
            "Unpack it yourself and import the CSV if it is a real download."
        )
    if size > RATIO_FROM_BYTES and size / packed > MAX_RATIO:
        raise SourceError(
            f"{path}: {info.filename} would expand {size / packed:,.0f} times "
            f"({packed / 2**20:,.1f} MB to {size / 2**20:,.0f} MB), more than the "
            f"{MAX_RATIO} times a real download does; refused unread, nothing was imported."
        )


def check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    """Every member within the caps (an XLSX is read by openpyxl, member by member)."""
    for info in zf.infolist():
        check_member(path, info)


class LineGuard:
    """The lines of a text stream for `csv.reader`, each at most `MAX_LINE_CHARS` long.

    ``start_record()`` is called as each record is taken; a record spanning more than
    `MAX_RECORD_LINES` lines (unbalanced quotes) stops the read.
    """

    def __init__(self, text: IO[str], where: Path):
        self._text = text
        self._where = where
        self.line = 0  # physical lines read
        self._record_start = 0

    def start_record(self) -> None:
        self._record_start = self.line

    def __iter__(self) -> Iterator[str]:
        while line := self._readline():
            self.line += 1
            if len(line) == MAX_LINE_CHARS and line[-1] not in "\r\n":
                raise SourceError(
                    f"{self._where}:{self.line}: a line longer than {MAX_LINE_CHARS:,} "
                    "characters; not a World Bank bulk file, nothing was imported"
                )
            if self.line - self._record_start > MAX_RECORD_LINES:
                raise SourceError(
                    f"{self._where}:{self._record_start + 1}: a quoted cell runs on for more "
                    f"than {MAX_RECORD_LINES:,} lines (unbalanced quotes); nothing was imported"
                )
            yield line

    def _readline(self) -> str:
        try:
            return self._text.readline(MAX_LINE_CHARS)
        except (OSError, EOFError, zipfile.BadZipFile, zlib.error) as exc:
            # a download cut short or corrupted: found only once the stream gets there
            raise SourceError(f"{self._where}: cannot be read after line {self.line} ({exc}); "
                              "download it again") from None


def utf8_text(binary: IO[bytes]) -> io.TextIOWrapper:
    # The downloads start with a byte-order mark. Undecodable bytes become lone surrogates, so
    # that the row holding them can be named (the decoder reads ahead in blocks).
    return io.TextIOWrapper(binary, encoding="utf-8-sig", errors="surrogateescape", newline="")


def is_utf8(cells: list[str]) -> bool:
    """False when the cells held bytes that are not UTF-8 (decoded as lone surrogates)."""
    text = "".join(cells)
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def file_digest(path: Path) -> str:
    """SHA-256 of the file as given (the zip, or the CSV): identifies the very same file."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()
