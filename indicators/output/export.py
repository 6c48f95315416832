"""Exports of an `ArticleResult`: CSV, XLSX, Markdown, JSON and schema.org ClaimReview.

Pure functions of the result; the CLI (`claimcheck export`) and the dashboard's download buttons
call exactly these, so a download equals the CLI export.

* One row per claim × reading, with every number's provenance (source, dataset, series,
  economy, counterpart, year, publisher's last-updated, retrieved, origin).
* Text cells starting with ``=``, ``+``, ``-``, ``@``, tab or CR are neutralised in CSV and XLSX
  by a leading apostrophe, so a spreadsheet never runs them as formulas.
* Deterministic: the same store gives the same bytes, apart from the generated-at stamp (CSV has
  none; the XLSX has it in its read-me sheet and document properties; the ZIP entries carry a
  fixed timestamp).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from typing import Any

from indicators.judge.results import ArticleResult
from indicators.output.rows import (  # noqa: F401  (re-exported: the export's row model)
    COLUMNS,
    FORMULA_PREFIXES,
    SOURCE_COLUMNS,
    neutralise,
    robustness_grid,
    rows,
    shape_detail,
    source_rows,
)
from indicators.output.xlsx import READ_ME, to_xlsx_bytes  # noqa: F401  (re-exported)

FORMATS = ("csv", "xlsx", "md", "json", "claimreview")


def __getattr__(name: str):
    """ClaimReview and Markdown live in their own modules; old imports keep working."""
    if name in ("RATING", "to_claimreview", "to_claimreview_bytes", "rating_value"):
        from indicators.output import claimreview

        return getattr(claimreview, name)
    if name in ("to_markdown", "markdown_footer"):
        from indicators.output import markdown

        return getattr(markdown, name)
    raise AttributeError(name)


# -- CSV --------------------------------------------------------------------------------------
def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return neutralise(str(value))


def to_csv_bytes(result: ArticleResult) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(result):
        writer.writerow([_csv_cell(row[k]) for k in COLUMNS])
    return buf.getvalue().encode("utf-8")


# -- JSON -------------------------------------------------------------------------------------
def to_json_bytes(result: ArticleResult) -> bytes:
    """Exactly what `claimcheck check --format json` prints (never NaN: strict JSON)."""
    return (json.dumps(result.to_json_dict(), ensure_ascii=False, indent=2, allow_nan=False)
            + "\n").encode()


def export_bytes(result: ArticleResult, fmt: str) -> bytes:
    def claimreview() -> bytes:
        from indicators.output.claimreview import to_claimreview_bytes

        return to_claimreview_bytes(result)

    def markdown() -> bytes:
        from indicators.output.markdown import to_markdown

        return to_markdown(result).encode("utf-8")

    return by_format(fmt, {"csv": lambda: to_csv_bytes(result),
                           "xlsx": lambda: to_xlsx_bytes(result),
                           "md": markdown,
                           "json": lambda: to_json_bytes(result), "claimreview": claimreview})


def by_format(fmt: str, writers: dict[str, Callable[[], bytes]]) -> bytes:
    """The bytes of ``writers[fmt]()``; `ValueError` naming the formats for another ``fmt``."""
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return writers[fmt]()
