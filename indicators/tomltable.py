"""Typed, line-aware access to a parsed TOML document, for the claims-file loader.

`_Ctx` finds the line of an id or key for error messages; `_Table` reads one table's fields with
type, range, length and control-character checks; `check_nesting` bounds the nesting depth on the
raw text before `tomllib` (which recurses) parses it.
"""

from __future__ import annotations

import math
import re
from pathlib import Path
from typing import Any

from indicators.claims_model import ClaimsError

MAX_TEXT = 4000  # characters in any text field (quotes, reasons); ids are shorter
MAX_DEPTH = 12  # brackets / braces open at once in the raw text; the format needs 4
# C0/C1 control characters except tab and newline (ESC[2J must never reach a terminal).
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


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


def _type_name(value: Any) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true/false",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


class _Table:
    """Typed access to one TOML table with precise errors."""

    def __init__(self, ctx: _Ctx, data: Any, *, where: str, line: int | None = None,
                 claim: str | None = None, reading: str | None = None, prefix: str = ""):
        self.ctx, self.where, self.line = ctx, where, line
        self.claim, self.reading, self.prefix = claim, reading, prefix
        if not isinstance(data, dict):
            raise ctx.error(f"{where} must be a table, got {_type_name(data)}", line=line,
                            claim=claim, reading=reading, field_name=prefix.rstrip(".") or None)
        self.data = data

    def _err(self, key: str, message: str) -> ClaimsError:
        line = self.ctx.line_of_key(key, self.line) or self.line
        return self.ctx.error(message, line=line, claim=self.claim, reading=self.reading,
                              field_name=(self.prefix + key)[:80])

    def has(self, key: str) -> bool:
        return key in self.data

    def get(self, key: str, kind: type | tuple[type, ...], expected: str, default: Any = ...):
        if key not in self.data:
            if default is ...:
                raise self._err(key, f"missing; expected {expected}")
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if isinstance(value, bool) and bool not in kinds:
            ok = False
        else:
            ok = isinstance(value, kinds)
        if not ok:
            raise self._err(key, f"expected {expected}, got {_type_name(value)} "
                                 f"{_short(value)}")
        return value

    def text(self, key: str, default: Any = ..., *, nonempty: bool = True,
             limit: int = MAX_TEXT) -> str:
        value = self.get(key, str, "a string", default)
        if value is None:
            return value
        if nonempty and default is ... and not value.strip():
            raise self._err(key, "is empty; expected a non-empty string")
        if len(value) > limit:
            raise self._err(key, f"is {len(value):,} characters long; expected at most {limit:,}")
        if (m := _CONTROL.search(value)) is not None:
            raise self._err(key, f"contains the control character {m.group()!r}; expected "
                                 "printable text (tabs and newlines are allowed)")
        return value

    def number(self, key: str, default: Any = ..., *, low: float = -1e15,
               high: float = 1e15) -> float:
        value = self.get(key, (int, float), "a number", default)
        if value is None or value is default:
            return float(value) if isinstance(value, int | float) else value
        if not math.isfinite(value):
            raise self._err(key, f"is {value}; expected a finite number")
        if not low <= value <= high:
            raise self._err(key, f"{value:g} is out of range; expected a number from {low:g} "
                                 f"to {high:g}")
        return float(value)

    def integer(self, key: str, default: Any = ..., *, low: int = -10**9,
                high: int = 10**9) -> int:
        value = self.get(key, int, "an integer", default)
        if value is not None and value is not default and not low <= value <= high:
            raise self._err(key, f"{value} is out of range; expected an integer from {low} "
                                 f"to {high}")
        return value

    def choice(self, key: str, options: tuple[str, ...], default: Any = ...) -> str:
        value = self.get(key, str, f"one of {', '.join(options)}", default)
        if value not in options:
            raise self._err(key, f"{_short(value)} is not allowed; expected one of "
                                 f"{', '.join(options)}")
        return value

    def unknown_keys(self, allowed: set[str]) -> None:
        for key in self.data:
            if key not in allowed:
                raise self._err(key, f"unknown field; expected one of "
                                     f"{', '.join(sorted(allowed))}")


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
