"""Line-aware helpers for the claims-file loader.

`_Ctx` finds the line of an id or key in the text for error messages; `check_nesting` bounds
the nesting depth on the raw text before `tomllib` (which recurses) parses it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from indicators.claims.model import ClaimsError

MAX_DEPTH = 12  # brackets / braces open at once in the raw text; the format needs 4


class _Ctx:
    """Where we are in the file, for error messages."""

    def __init__(self, path: Path, text: str):
        self.path = path
        self.lines = text.splitlines()

    def line_of_id(self, ident: str, after: int = 0) -> int | None:
        pattern = re.compile(r"^\s*id\s*=\s*[\"']" + re.escape(ident) + r"[\"']")
        for no, line in enumerate(self.lines[after:], start=after + 1):
            if pattern.match(line):
                return no
        return None

    def line_of_key(self, key: str, after: int | None) -> int | None:
        if after is None:
            return None
        pattern = re.compile(r"^\s*" + re.escape(key) + r"\s*=")
        for no, line in enumerate(self.lines[after - 1:], start=after):
            if no > after and re.match(r"^\s*id\s*=", line):
                return None  # the next claim / reading begins
            if pattern.match(line):
                return no
        return None

    def line_of_text(self, needle: str, after: int | None) -> int | None:
        for no, line in enumerate(self.lines[(after or 1) - 1:], start=after or 1):
            if needle in line:
                return no
        return None

    def error(self, message: str, *, line=None, claim=None, reading=None, field_name=None):
        return ClaimsError(self.path, message, line=line, claim_id=claim, reading_id=reading,
                           field_name=field_name)


def _short(value: Any, limit: int = 60) -> str:
    """A value for an error message: repr (control characters escaped), cut to ``limit``."""
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "…"


def check_nesting(text: str, limit: int = MAX_DEPTH) -> tuple[int, int] | None:
    """(line, depth) where brackets/braces first nest deeper than ``limit``, else None.

    `tomllib` parses nested arrays and inline tables recursively, so a deeply nested file
    would raise RecursionError; this linear scan (strings and comments skipped) runs first.
    Hand-written because no TOML library offers a depth limit.
    """
    depth, line, i, n = 0, 1, 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j
            continue
        elif ch in "\"'":
            triple = text.startswith(ch * 3, i)
            quote = ch * 3 if triple else ch
            j = i + len(quote)
            while j < n:
                if ch == '"' and text[j] == "\\":
                    j += 2
                    continue
                if text.startswith(quote, j) or (not triple and text[j] == "\n"):
                    break
                j += 1
            line += text.count("\n", i, j)
            i = j + len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > limit:
                return line, depth
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return None
