"""Opening a bulk file safely: zip members within caps, text lines within a length, a digest.

A 4 MB zip can unpack to gigabytes ("zip bomb"), and a file with no line breaks is one line of
any length: both would hold the import's memory hostage. So a zip member is refused, before a
byte of it is read, when its declared size is over `MAX_MEMBER_BYTES` or it expands more than
`MAX_RATIO` times (Python's zipfile never returns more bytes than the size a member declares),
and text is read with a cap on a line's length and on the length of one CSV record. Each
refusal is a `SourceError`: one line saying what and where (exit status 2).
"""

from __future__ import annotations

import hashlib
import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from itertools import chain
from pathlib import Path
from typing import IO

from indicators.sources.base import SourceError

# The full WDI (WDICSV.csv) unpacks to a few hundred MB; 2 GiB leaves it room to grow sevenfold.
MAX_MEMBER_BYTES = 2 << 30
# CSV of numbers compresses 3-10×; the zip bomb of issue 20 expands 300× (4 MB → 1.2 GB).
MAX_RATIO = 100
RATIO_FROM_BYTES = 16 << 20  # small members may compress better; the ratio applies above this
# What Python's zipfile raises on a damaged or unusual archive (an unknown zip version or
# compression method, an encrypted member, a bad CRC), and the stream under it.
ZIP_ERRORS = (OSError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError,
              RuntimeError)
MAX_LINE_CHARS = 1 << 20  # one line of a real bulk file is a few kB
BLOCK_CHARS = 1 << 18  # text read at a time
MAX_RECORD_BLOCKS = 8  # blocks one CSV record (quoted line breaks) may run on for: 2 MB
_LINES = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)")
_OTHER_BREAKS = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029")


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

    Read in blocks and split by a regular expression (at CRLF, CR or LF, as the text layer
    would), the lines reach csv without a Python step per line: a million-line file pays for
    the guard once per block. ``start_record(line)`` is called with the reader's line number as
    each record is taken; a record that runs on for more than `MAX_RECORD_BLOCKS` blocks
    (unbalanced quotes) stops the read, so no record holds more than a few MB.
    """

    def __init__(self, text: IO[str], where: Path):
        self._text = text
        self._where = where
        self.line = 0  # physical lines handed to the reader so far
        self._record_start = 0
        self._blocks_in_record = 0

    def start_record(self, line: int) -> None:
        self._record_start = line

    def __iter__(self) -> Iterator[str]:
        return chain.from_iterable(self._blocks())

    def _blocks(self) -> Iterator[list[str]]:
        carry = ""
        while True:
            block = self._read()
            text = carry + block
            lines = _split_lines(text)
            carry = lines.pop() if lines and lines[-1][-1] not in "\r\n" else ""
            if block and text.endswith("\r") and lines:  # maybe the first half of a CRLF
                carry = lines.pop()
            if not block and carry:
                lines.append(carry)  # the last line, with no line break
                carry = ""
            if len(carry) > MAX_LINE_CHARS or (lines and max(map(len, lines)) > MAX_LINE_CHARS):
                long = next((i for i, ln in enumerate(lines) if len(ln) > MAX_LINE_CHARS),
                            len(lines))
                raise SourceError(
                    f"{self._where}:{self.line + long + 1}: a line longer than "
                    f"{MAX_LINE_CHARS:,} characters; not a World Bank bulk file, nothing was "
                    "imported"
                )
            # Every line handed out before is read: is a record still open since blocks ago?
            self._blocks_in_record = (self._blocks_in_record + 1
                                      if self._record_start < self._last_start else 0)
            if self._blocks_in_record > MAX_RECORD_BLOCKS:
                raise SourceError(
                    f"{self._where}:{self._record_start + 1}: a record runs on for more than "
                    f"{MAX_RECORD_BLOCKS * BLOCK_CHARS // 2**20} MB (unbalanced quotes?); "
                    "nothing was imported"
                )
            self._last_start = self.line
            self.line += len(lines)
            if lines:
                yield lines
            if not block:
                return

    _last_start = 0

    def _read(self) -> str:
        try:
            return self._text.read(BLOCK_CHARS)
        except ZIP_ERRORS as exc:
            # a download cut short or corrupted: found only once the stream gets there
            raise SourceError(f"{self._where}: cannot be read after line {self.line} ({exc}); "
                              "download it again") from None


def _split_lines(text: str) -> list[str]:
    """Lines with their ends, split at CRLF, CR or LF only (as the text layer does for csv).

    ``str.splitlines`` is five times faster than a regular expression, but also splits at a
    few rarer characters; it is used when none of them is there (found by fast scans)."""
    if not any(ch in text for ch in _OTHER_BREAKS):
        return text.splitlines(True)
    lines = _LINES.findall(text)
    rest = text[sum(map(len, lines)):]
    return [*lines, rest] if rest else lines


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
