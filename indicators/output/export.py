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

from indicators.judge.results import ArticleResult, ClaimResult, ObservedPoint
from indicators.judge.verdicts import Verdict
from indicators.output.display import claimed_text, fmt_number
from indicators.output.rows import (  # noqa: F401  (re-exported: the export's row model)
    COLUMNS,
    FORMULA_PREFIXES,
    SOURCE_COLUMNS,
    neutralise,
    robustness_grid,
    rows,
    source_rows,
)
from indicators.output.xlsx import READ_ME, to_xlsx_bytes  # noqa: F401  (re-exported)

FORMATS = ("csv", "xlsx", "md", "json", "claimreview")


def __getattr__(name: str):
    """ClaimReview lives in its own module; old imports keep working."""
    if name in ("RATING", "to_claimreview", "to_claimreview_bytes", "rating_value"):
        from indicators.output import claimreview

        return getattr(claimreview, name)
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


# -- Markdown ---------------------------------------------------------------------------------
def _md(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _observed_md(p: ObservedPoint | None) -> str:
    if p is None:
        return "–"
    period = f", {p.period}" if p.period and not p.computed else ""
    return f"{fmt_number(p.value)} {p.unit} ({p.year}{period})".replace("  ", " ")


def _diff_md(points: float | None, percent: float | None) -> str:
    if points is None:
        return "–"
    sign = "+" if points > 0 else ""
    text = f"{sign}{fmt_number(points)} pts"
    if percent is not None:
        text += f" ({sign}{fmt_number(percent)}%)"
    return text


def _source_md(p: ObservedPoint | None) -> str:
    if p is None:
        return "–"
    leaves = p.leaves()
    return "; ".join(
        f"{leaf.dataset}, {leaf.series_name} ({leaf.economy}), updated "
        f"{leaf.publisher_updated or 'n/a'}" + (f", licence: {leaf.licence}" if leaf.licence
                                               else "") for leaf in leaves)


def to_markdown(result: ArticleResult, *, level: int = 1, footer: bool = True) -> str:
    """The article as Markdown; ``level`` is its title's heading level (2 inside a document of
    several articles), ``footer`` the verdict scale and the generated-at line."""
    a = result.article
    h = "#" * level
    lines = [f"{h} Fact check: {a.title}", ""]
    meta = [f"Article of {a.date} ({a.language})"]
    if a.url:
        meta.append(f"<{a.url}>")
    lines += [" · ".join(meta), ""]
    if a.year_note:
        lines += [a.year_note, ""]
    lines += [f"**{result.headline()}**", ""]
    lines += ["| Claim | Verdict | Decided by |", "|---|---|---|"]
    for c in result.claims:
        decided = ("–" if c.deciding_reading is None else
                   f"{c.deciding_reading}" + (" (most likely reading)" if c.decided_by_likely
                                              else " (best-supported reading)"))
        lines.append(f"| „{_md(c.claim.quote)}“ ({_md(c.claim.gloss)}) | "
                     f"**{_md(c.verdict_text)}** | {_md(decided)} |")
    lines.append("")
    for c in result.claims:
        claimed = ("qualitative" if c.claim.value is None
                   else f"{claimed_text(c.claim.value, c.claim.unit, c.claim.bound)}, "
                        f"{c.claim.year}")
        lines += [f"{h}# „{c.claim.quote}“", "",
                  f"*{c.claim.gloss}* — claimed: {claimed}. **Verdict: {c.verdict_text}.** "
                  f"{c.explanation}", ""]
        if c.claim.likely_reason:
            lines += [f"Most likely reading: *{c.likely_reading}* — {_md(c.claim.likely_reason)}",
                      ""]
        lines += ["| Reading | Claimed | Observed (year) | Difference | Latest | Verdict | "
                  "Source |", "|---|---|---|---|---|---|---|"]
        for r in c.readings:
            claimed_cell = ("–" if r.claimed_value is None
                            else claimed_text(r.claimed_value, r.claimed_unit, r.bound))
            source = (_source_md(r.at_claim_year) if r.at_claim_year
                      else f"no data: {r.no_data_reason}")
            meaning = r.meaning + (" (most likely)" if r.likely else "")
            lines.append(
                f"| {_md(meaning)} | {_md(claimed_cell)} | {_md(_observed_md(r.at_claim_year))}"
                f" | {_md(_diff_md(r.diff_points, r.diff_percent))} | "
                f"{_md(_observed_md(r.latest))} | **{_md(r.verdict_text)}** | {_md(source)} |")
        notes = [f"- *{r.reading_id}*: {r.explanation}" + (f" Caveat: {r.caveat}"
                                                           if r.caveat else "")
                 for r in c.readings]
        lines += ["", *notes, "", *_robustness_md(c), ""]
    if footer:
        lines += markdown_footer(result.generated_at)
    return "\n".join(lines)


def markdown_footer(generated_at: str) -> list[str]:
    return ["## Verdict scale", "", *[f"- **{v.value}**: {v.meaning}" for v in Verdict],
            "", f"Generated by Claimcheck at {generated_at}.", ""]


def _robustness_md(c: ClaimResult) -> list[str]:
    years, rows_ = robustness_grid(c)
    if not years:
        return []
    head = ["Robustness (verdict of each reading, year by year):", "",
            "| Reading | " + " | ".join(str(y) for y in years) + " |",
            "|---|" + "---|" * len(years)]
    return head + ["| " + " | ".join(_md(x) if x else "·" for x in row) + " |"
                   for row in rows_]


def export_bytes(result: ArticleResult, fmt: str) -> bytes:
    def claimreview() -> bytes:
        from indicators.output.claimreview import to_claimreview_bytes

        return to_claimreview_bytes(result)

    return by_format(fmt, {"csv": lambda: to_csv_bytes(result),
                           "xlsx": lambda: to_xlsx_bytes(result),
                           "md": lambda: to_markdown(result).encode("utf-8"),
                           "json": lambda: to_json_bytes(result), "claimreview": claimreview})


def by_format(fmt: str, writers: dict[str, Callable[[], bytes]]) -> bytes:
    """The bytes of ``writers[fmt]()``; `ValueError` naming the formats for another ``fmt``."""
    if fmt not in writers:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return writers[fmt]()
