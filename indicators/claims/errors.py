"""From a pydantic error path to a one-line `ClaimsError`: file, line, claim, reading, field.

pydantic says *what* is wrong and *where in the data* (``('claims', 2, 'readings', 0,
'measure', 'scale')``); this layer finds the claim and reading ids in the parsed document, the
line of the key in the text, and phrases the message as the rest of Claimcheck does ("expected
a number, got a string 'vierzig'"). Hand-written because pydantic knows nothing of TOML lines.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from indicators.claims.model import ClaimsError
from indicators.claims.schema import (
    MAX_ID,
    ArticleModel,
    ClaimModel,
    ClaimsDocument,
    DefaultsModel,
    MeasureModel,
    ReadingModel,
    SeriesRefModel,
    _short,
)
from indicators.claims.tomltable import _Ctx

_TYPES = {"bool_type": "true or false", "int_type": "an integer", "float_type": "a number",
          "string_type": "a string", "list_type": "a list", "dict_type": "a table",
          "model_type": "a table", "model_attributes_type": "a table",
          "int_from_float": "an integer"}
_MISSING = {"article": "an [article] table", "claims": "a list of [[claims]] tables",
            "readings": "a list of [[claims.readings]] tables",
            "measure": "a [claims.readings.measure] table", "date": "a date (YYYY-MM-DD)",
            "kind": "one of series, ratio, figures, none"}
_EMPTY = {"claims": "at least one [[claims]] table",
          "readings": "at least one [[claims.readings]]"}


def type_name(value: Any) -> str:
    return {str: "a string", int: "an integer", float: "a number", bool: "true/false",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _model_at(loc: tuple) -> type[BaseModel]:
    """The model whose field the last key of ``loc`` names."""
    keys = [k for k in loc[:-1] if isinstance(k, str)]
    if not keys:
        return ClaimsDocument
    if keys == ["article"]:
        return ArticleModel
    if keys == ["defaults"]:
        return DefaultsModel
    if keys[-1] in ("series", "numerator", "denominator"):
        return SeriesRefModel
    if keys[-1] == "measure":
        return MeasureModel
    if keys[-1] == "readings":
        return ReadingModel
    return ClaimModel


def _message(err: dict, key: str, where: str) -> str:
    kind, value = err["type"], err.get("input")
    if kind == "missing":
        return f"missing; expected {_MISSING.get(key, 'a string')}"
    if kind == "value_error":
        return str(err["ctx"]["error"]) if "ctx" in err else err["msg"]
    if kind == "extra_forbidden":
        allowed = ", ".join(sorted(_model_at(err["loc"]).model_fields))
        return f"unknown field; expected one of {allowed}"
    if kind == "too_short":
        if key in _EMPTY:
            return f"is empty; expected {_EMPTY[key]}"
        return f"{where} is an empty list; expected at least one series table"
    if kind in _TYPES:
        return f"expected {_TYPES[kind]}, got {type_name(value)} {_short(value)}"
    return err["msg"]


def to_claims_error(exc: ValidationError, data: Any, ctx: _Ctx) -> ClaimsError:
    """The first error of ``exc`` as a `ClaimsError` with its line."""
    err = exc.errors(include_url=False)[0]
    loc = tuple(err["loc"])
    claim = reading = None
    anchor: int | None = None
    node: Any = data
    prefix = ""
    field_parts: list[str] = []
    i = 0
    if loc and loc[0] in ("article", "defaults"):
        anchor = _section_line(ctx, loc[0])
        prefix = f"{loc[0]}."
        node, i = data.get(loc[0]) if isinstance(data, dict) else None, 1
    elif loc and loc[0] == "claims" and len(loc) > 1 and isinstance(loc[1], int):
        claim, anchor, node = _item(ctx, data.get("claims"), loc[1], "[[claims]]", 0)
        i = 2
        if len(loc) > 3 and loc[2] == "readings" and isinstance(loc[3], int):
            reading, anchor, node = _item(ctx, node.get("readings"), loc[3],
                                          "[[claims.readings]]", anchor or 0)
            i = 4
    wrapper = False  # the next index points into the list the schema wrapped ``series`` in
    for step in loc[i:]:
        if isinstance(step, str):
            kind = node.get("kind") if isinstance(node, dict) else None
            field_parts.append(step)
            node = node.get(step) if isinstance(node, dict) else None
            wrapper = step == "series" and kind is not None and kind != "figures"
        elif wrapper:
            wrapper = False
        elif isinstance(node, list):  # written as a list: show the 1-based position
            field_parts[-1] += f"[{step + 1}]"
            node = node[step] if step < len(node) else None
        # else: a single table the schema wrapped as a one-item list: nothing to show
    field = prefix + ".".join(field_parts)
    keys = [k for k in loc if isinstance(k, str)]
    key = keys[-1] if keys else ""
    line = ctx.line_of_key(key, anchor) or anchor
    if err["type"] == "missing":
        line = anchor
    where = field.rsplit(".", 1)[-1]
    return ClaimsError(ctx.path, _message(err, key, where), line=line, claim_id=claim,
                       reading_id=reading, field_name=field[:80] or None)


def _item(ctx: _Ctx, items: Any, index: int, header: str, after: int):
    """(label, line, raw) of the index-th claim or reading."""
    raw = items[index] if isinstance(items, list) and index < len(items) else None
    ident = raw.get("id") if isinstance(raw, dict) else None
    usable = isinstance(ident, str) and len(ident) <= MAX_ID
    label = ident if usable else f"#{index + 1}"
    line = ctx.line_of_id(ident, after) if usable else None
    if line is None and header == "[[claims]]":
        found = [no for no, text in enumerate(ctx.lines, start=1) if text.strip() == header]
        line = found[index] if index < len(found) else None
    return label, line, raw if isinstance(raw, dict) else {}


def _section_line(ctx: _Ctx, name: str) -> int | None:
    for no, line in enumerate(ctx.lines, start=1):
        if line.strip() == f"[{name}]":
            return no
    return None
