"""The XLSX export of an `ArticleResult`, and the sheet writers a set of articles reuses.

Sheets: ``comparison`` (one row per claim × reading, the verdict cell in its colour),
``sources``, ``robustness``, ``read me``. Text that a spreadsheet would run as a formula is
neutralised; the zip is rewritten with fixed timestamps so the same store gives the same bytes.
"""

from __future__ import annotations

import io
import re
import threading
import zipfile
from datetime import datetime
from typing import Any

from indicators.judge.results import ArticleResult
from indicators.judge.verdicts import Verdict
from indicators.output.display import verdict_colour
from indicators.output.rows import (
    COLUMNS,
    SOURCE_COLUMNS,
    neutralise,
    robustness_grid,
    rows,
    source_rows,
)

# openpyxl is imported on first use (~0.25 s), and by one thread at a time: a server's warm-up
# importing it while a request does too can see a half-initialised module (openpyxl's modules
# import each other) and fail the download.
_IMPORTING = threading.Lock()


def load_openpyxl() -> None:
    """Import openpyxl and the parts the sheet writers use (once; safe from any thread)."""
    with _IMPORTING:
        import openpyxl  # noqa: F401
        import openpyxl.styles  # noqa: F401


_MODIFIED = re.compile(rb"(<dcterms:modified[^>]*>)[^<]*(</dcterms:modified>)")


def _fixed_zip(data: bytes, stamp: datetime) -> bytes:
    """Rewrite the XLSX zip with fixed timestamps (openpyxl stamps 'modified' with now)."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    date_time = (max(stamp.year, 1980), stamp.month, stamp.day, stamp.hour, stamp.minute,
                 stamp.second)
    iso = stamp.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = _MODIFIED.sub(rb"\g<1>" + iso + rb"\g<2>", content)
            fixed = zipfile.ZipInfo(info.filename, date_time=date_time)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, content)
    return out.getvalue()


def _parse_stamp(generated_at: str) -> datetime:
    try:
        return datetime.fromisoformat(generated_at.replace("Z", "+00:00")).replace(tzinfo=None)
    except ValueError:
        return datetime(2000, 1, 1)


READ_ME = [
    "This workbook compares the figures an article quotes with official statistics.",
    "Sheet 'comparison': one row per claim × reading. 'observed' is the latest observation at "
    "or before the year the claim refers to; 'latest' is the latest available. Differences are "
    "observed − claimed, in points and in percent of the claimed value.",
    "'likely' marks the reading that is the most likely meaning of the article's words; it "
    "decides the claim's verdict when it has data, otherwise the best-supported reading does "
    "('claim_deciding_reading', 'claim_decided_by_likely').",
    "Sheet 'sources': every stored observation used, with its publisher, series, economy, "
    "year, the publisher's last-updated date, when Claimcheck retrieved it, and its origin.",
    "Text starting with =, +, -, @, tab or CR is prefixed with an apostrophe so it is never "
    "run as a formula.",
]


def to_xlsx_bytes(result: ArticleResult) -> bytes:
    load_openpyxl()
    from openpyxl import Workbook

    wb = Workbook()
    write_comparison_sheet(wb.active, result)
    wb.active.title = "comparison"
    write_sources_sheet(wb.create_sheet("sources"), result)
    write_robustness_sheet(wb.create_sheet("robustness"), result)
    readme = wb.create_sheet("read me")
    write_readme_head(readme, [("article", result.article.title),
                               ("date", result.article.date),
                               ("language", result.article.language),
                               ("url", result.article.url),
                               ("claims file", result.claims_path),
                               ("generated at", result.generated_at),
                               ("claim year", result.article.year_note),
                               ("headline", result.headline())])
    write_readme_tail(readme, result.licences)
    return workbook_bytes(wb, result.generated_at)


def _bold_header(ws, columns: list[str]) -> None:
    from openpyxl.styles import Font

    ws.append(columns)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"


def _fill(cell, verdict) -> None:
    from openpyxl.styles import PatternFill

    cell.fill = PatternFill("solid", fgColor=verdict_colour(verdict).lstrip("#").upper())


def write_comparison_sheet(ws, result: ArticleResult) -> None:
    """One row per claim × reading, the verdict cell in its colour."""
    _bold_header(ws, COLUMNS)
    verdict_col = COLUMNS.index("verdict") + 1
    for row in rows(result):
        ws.append([neutralise(row[k]) for k in COLUMNS])
        _fill(ws.cell(ws.max_row, verdict_col), row["verdict"])


def write_sources_sheet(ws, result: ArticleResult) -> None:
    _bold_header(ws, SOURCE_COLUMNS)
    for row in source_rows(result):
        ws.append([neutralise(row[k]) for k in SOURCE_COLUMNS])


def write_robustness_sheet(ws, result: ArticleResult) -> None:
    from openpyxl.styles import Font

    for c in result.claims:
        years, grid = robustness_grid(c)
        ws.append([neutralise(c.claim.id), *years])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        for row in grid:
            ws.append([neutralise(x) if x else None for x in row])
            for col, verdict in enumerate(row[1:], start=2):
                if verdict:
                    _fill(ws.cell(ws.max_row, col), verdict)
        ws.append([])


def write_readme_head(readme, facts: list[tuple[str, Any]]) -> None:
    from openpyxl.styles import Font

    readme.append(["Claimcheck comparison"])
    readme["A1"].font = Font(bold=True)
    for label, value in facts:
        readme.append([label, neutralise(value)])
    readme.append([])


def write_readme_tail(readme, licences, notes: list[str] = READ_ME) -> None:
    for text in notes:
        readme.append([neutralise(text)])
    readme.append([])
    readme.append(["verdict", "meaning"])
    for v in Verdict:
        readme.append([v.value, v.meaning])
        _fill(readme.cell(readme.max_row, 1), v)
    readme.append([])
    readme.append(["source", "licence"])
    for source, licence in licences:
        readme.append([source, neutralise(licence)])


def workbook_bytes(wb, generated_at: str) -> bytes:
    """The workbook's bytes, stamped ``generated_at`` everywhere (deterministic)."""
    stamp = _parse_stamp(generated_at)
    wb.properties.creator = "Claimcheck"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue(), stamp)
