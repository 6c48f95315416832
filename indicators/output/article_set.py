"""Exports of several articles at once (`claimcheck export` on a folder or the default set).

Each format carries every article, told apart by its id (the claims file's name):

* CSV: the one-article columns with ``article_id`` and ``article_title`` in front;
* JSON: the articles document (`ArticleSet.to_json_dict`, versioned), the same bytes as
  `claimcheck check --format json` prints for the set;
* XLSX: an ``articles`` sheet (one row per article: title, date, headline, its sheets), then per
  article its ``comparison``, ``sources`` and ``robustness`` sheets named ``<id>``,
  ``<id> sources``, ``<id> robustness``, and one ``read me``;
* Markdown: a title, one line per article, then one section per article, the verdict scale once;
* ClaimReview: one review per claim, across the articles, in order.

Deterministic as the one-article exports: one generated-at stamp for the whole set.
"""

from __future__ import annotations

import csv
import io
import json
import re
from typing import Any

from indicators.judge.article_set import ArticleSet
from indicators.output.export import _csv_cell, by_format
from indicators.output.markdown import markdown_footer, to_markdown
from indicators.output.rows import COLUMNS, neutralise, rows
from indicators.output.xlsx import (
    READ_ME,
    workbook_bytes,
    write_comparison_sheet,
    write_readme_head,
    write_readme_tail,
    write_robustness_sheet,
    write_sources_sheet,
)

SET_COLUMNS = ["article_id", "article_title", *COLUMNS]
ARTICLES_SHEET = "articles"
SHEET_SUFFIXES = ("", " sources", " robustness")
MAX_SHEET = 31  # Excel's limit on a sheet name
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\']")


def articles_json_bytes(articles: ArticleSet) -> bytes:
    """Strict JSON (never NaN) of every article."""
    return (json.dumps(articles.to_json_dict(), ensure_ascii=False, indent=2, allow_nan=False)
            + "\n").encode()


def articles_csv_bytes(articles: ArticleSet) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(SET_COLUMNS)
    for entry in articles.entries:
        lead = [_csv_cell(entry.id), _csv_cell(entry.result.article.title)]
        for row in rows(entry.result):
            writer.writerow(lead + [_csv_cell(row[k]) for k in COLUMNS])
    return buf.getvalue().encode("utf-8")


def articles_markdown(articles: ArticleSet) -> str:
    n = len(articles.entries)
    lines = [f"# Fact checks: {n} article{'s' if n != 1 else ''}", ""]
    for entry in articles.entries:
        a = entry.result.article
        lines.append(f"- **{entry.id}**: {a.title} ({a.date}, {a.language}) — "
                     f"{entry.result.headline()}")
    lines.append("")
    for entry in articles.entries:
        lines += [to_markdown(entry.result, level=2, footer=False).rstrip("\n"), ""]
    return "\n".join(lines + markdown_footer(articles.generated_at))


def articles_claimreview_bytes(articles: ArticleSet, **options: Any) -> bytes:
    from indicators.output.claimreview import to_claimreview

    reviews = [review for entry in articles.entries
               for review in to_claimreview(entry.result, **options)]
    return (json.dumps(reviews, ensure_ascii=False, indent=2) + "\n").encode()


def sheet_names(ids: list[str]) -> dict[str, str]:
    """Article id → the stem of its sheet names: Excel's forbidden characters replaced, cut so
    that ``<stem> robustness`` fits in 31 characters, and made unique."""
    room = MAX_SHEET - max(len(s) for s in SHEET_SUFFIXES)
    taken = {ARTICLES_SHEET, "read me"}
    out: dict[str, str] = {}
    for article_id in ids:
        base = _SHEET_FORBIDDEN.sub("_", article_id).strip() or "article"
        stem, n = base[:room], 1
        while any((stem + s).lower() in taken for s in SHEET_SUFFIXES):
            n += 1
            stem = f"{base[:room - len(str(n)) - 1]}~{n}"
        taken.update((stem + s).lower() for s in SHEET_SUFFIXES)
        out[article_id] = stem
    return out


def articles_xlsx_bytes(articles: ArticleSet) -> bytes:
    from indicators.output.xlsx import load_openpyxl

    load_openpyxl()
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    index = wb.active
    index.title = ARTICLES_SHEET
    index.append(["article_id", "title", "date", "language", "url", "claims file", "headline",
                  "sheets"])
    for cell in index[1]:
        cell.font = Font(bold=True)
    index.freeze_panes = "A2"
    stems = sheet_names(articles.ids)
    for entry in articles.entries:
        a, stem = entry.result.article, stems[entry.id]
        index.append([neutralise(x) for x in (
            entry.id, a.title, a.date, a.language, a.url, entry.result.claims_path,
            entry.result.headline(), ", ".join(stem + s for s in SHEET_SUFFIXES))])
    for entry in articles.entries:
        stem = stems[entry.id]
        write_comparison_sheet(wb.create_sheet(stem), entry.result)
        write_sources_sheet(wb.create_sheet(f"{stem} sources"), entry.result)
        write_robustness_sheet(wb.create_sheet(f"{stem} robustness"), entry.result)
    readme = wb.create_sheet("read me")
    write_readme_head(readme, [("articles", len(articles.entries)),
                               ("generated at", articles.generated_at)])
    licences = sorted({pair for e in articles.entries for pair in e.result.licences})
    notes = [
        "Sheet 'articles': one row per article (claims file) and the names of its sheets. Each "
        "article has a comparison sheet named after its id, and '<id> sources' and "
        "'<id> robustness'.",
        *(text.replace("Sheet 'comparison'", "Each comparison sheet")
              .replace("Sheet 'sources'", "Each sources sheet") for text in READ_ME),
    ]
    write_readme_tail(readme, licences, notes)
    return workbook_bytes(wb, articles.generated_at)


def export_set_bytes(articles: ArticleSet, fmt: str, **claimreview_options: Any) -> bytes:
    return by_format(fmt, {"csv": lambda: articles_csv_bytes(articles),
                           "xlsx": lambda: articles_xlsx_bytes(articles),
                           "md": lambda: articles_markdown(articles).encode("utf-8"),
                           "json": lambda: articles_json_bytes(articles),
                           "claimreview": lambda: articles_claimreview_bytes(
                               articles, **claimreview_options)})
