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
import re
import zipfile
from datetime import datetime
from typing import Any

from indicators.judge.explain import band_description
from indicators.judge.results import ArticleResult, ClaimResult, ObservedPoint, ReadingResult
from indicators.judge.verdicts import Verdict
from indicators.output.display import claimed_text, fmt_number, verdict_colour, when

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx", "md", "json", "claimreview")


def __getattr__(name: str):
    """ClaimReview moved to `indicators.output.claimreview`; old imports keep working."""
    if name in ("RATING", "to_claimreview", "to_claimreview_bytes", "rating_value"):
        from indicators.output import claimreview

        return getattr(claimreview, name)
    raise AttributeError(name)

COLUMNS = [
    "claim_id", "claim_quote", "claim_gloss", "claimed_value", "claimed_unit", "claim_year",
    "claim_precision", "claim_bound", "claim_verdict", "claim_verdict_text",
    "claim_deciding_reading", "claim_decided_by_likely", "claim_agreement",
    "reading_id", "reading_label", "reading_meaning", "likely", "role", "evidence",
    "definition", "definition_reason", "evidence_age_years", "dated",
    "measure", "verdict", "verdict_text", "band", "observed_value", "observed_unit",
    "observed_year",
    "observed_period", "diff_points", "diff_percent", "latest_value", "latest_year",
    "latest_diff_points", "latest_diff_percent", "source", "dataset", "series", "series_name",
    "economy", "counterpart", "publisher_updated", "retrieved_at", "origin", "latest_source",
    "latest_series", "latest_publisher_updated", "latest_retrieved_at", "latest_origin",
    "caveat", "explanation", "no_data_reason", "peers", "robustness",
]
SOURCE_COLUMNS = [
    "source", "dataset", "series", "series_name", "economy", "counterpart", "year", "period",
    "value", "unit", "publisher_updated", "retrieved_at", "origin", "note",
]


def neutralise(value: Any) -> Any:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _num(value: float | None) -> float | None:
    return None if value is None else round(value, 10)


def _peers_text(r: ReadingResult) -> str:
    parts = []
    for p in r.peers:
        ref = p.at_claim_year
        if ref is not None:
            parts.append(f"{p.economy} {fmt_number(ref.value)} ({when(ref)})")
    return "; ".join(parts)


def _claims(result: ArticleResult):
    for c in result.claims:
        for r in c.readings:
            yield c, r


def rows(result: ArticleResult) -> list[dict[str, Any]]:
    """One dict per claim × reading (raw values; neutralisation happens per format)."""
    out = []
    for c, r in _claims(result):
        ref, latest = r.at_claim_year, r.latest
        out.append({
            "claim_id": c.claim.id,
            "claim_quote": c.claim.quote,
            "claim_gloss": c.claim.gloss,
            "claimed_value": c.claim.value,
            "claimed_unit": c.claim.unit,
            "claim_year": c.claim.year,
            "claim_precision": c.claim.precision if c.claim.value is not None else None,
            "claim_bound": c.claim.bound,
            "claim_verdict": c.verdict.value,
            "claim_verdict_text": c.verdict_text,
            "claim_deciding_reading": c.deciding_reading or "",
            "claim_decided_by_likely": "yes" if c.decided_by_likely else "no",
            "claim_agreement": c.agreement.status,
            "reading_id": r.reading_id,
            "reading_label": r.label,
            "reading_meaning": r.meaning,
            "likely": "yes" if r.likely else "no",
            "role": r.role,
            "evidence": r.evidence,
            "definition": r.quality.definition,
            "definition_reason": r.quality.definition_reason,
            "evidence_age_years": r.quality.age_years,
            "dated": "yes" if r.quality.dated else "no",
            "measure": r.measure,
            "verdict": r.verdict.value,
            "verdict_text": r.verdict_text,
            "band": band_description(r.band) if r.band else "",
            "observed_value": _num(ref.value) if ref else None,
            "observed_unit": ref.unit if ref else "",
            "observed_year": ref.year if ref else None,
            "observed_period": ref.period if ref else "",
            "diff_points": _num(r.diff_points),
            "diff_percent": _num(r.diff_percent),
            "latest_value": _num(latest.value) if latest else None,
            "latest_year": latest.year if latest else None,
            "latest_diff_points": _num(r.latest_diff_points),
            "latest_diff_percent": _num(r.latest_diff_percent),
            "source": ref.source if ref else "",
            "dataset": ref.dataset if ref else "",
            "series": ref.series if ref else "",
            "series_name": ref.series_name if ref else "",
            "economy": ref.economy if ref else r.economy,
            "counterpart": ref.counterpart if ref else "",
            "publisher_updated": ref.publisher_updated if ref else "",
            "retrieved_at": ref.retrieved_at if ref else "",
            "origin": ref.origin if ref else "",
            "latest_source": latest.source if latest else "",
            "latest_series": latest.series if latest else "",
            "latest_publisher_updated": latest.publisher_updated if latest else "",
            "latest_retrieved_at": latest.retrieved_at if latest else "",
            "latest_origin": latest.origin if latest else "",
            "caveat": r.caveat,
            "explanation": r.explanation,
            "no_data_reason": r.no_data_reason,
            "peers": _peers_text(r),
            "robustness": " ".join(f"{cell.year}:{cell.verdict.value.replace(' ', '-')}"
                                   for cell in r.robustness),
        })
    return out


def source_rows(result: ArticleResult) -> list[dict[str, Any]]:
    def row(p: ObservedPoint) -> dict[str, Any]:
        return {k: getattr(p, k) for k in SOURCE_COLUMNS}

    return [row(p) for p in result.sources()]


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
        f"{leaf.publisher_updated or 'n/a'}" for leaf in leaves)


def to_markdown(result: ArticleResult) -> str:
    a = result.article
    lines = [f"# Fact check: {a.title}", ""]
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
        lines += [f"## „{c.claim.quote}“", "",
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
    lines += ["## Verdict scale", ""]
    lines += [f"- **{v.value}**: {v.meaning}" for v in Verdict]
    lines += ["", f"Generated by Claimcheck at {result.generated_at}.", ""]
    return "\n".join(lines)


def robustness_grid(c: ClaimResult) -> tuple[list[int], list[list[str]]]:
    """(years, one row per reading: [reading id, verdict or "" per year])."""
    grid = c.robustness_json()
    return grid["years"], [[row["reading_id"], *[v or "" for v in row["verdicts"]]]
                           for row in grid["readings"]]


def _robustness_md(c: ClaimResult) -> list[str]:
    years, rows_ = robustness_grid(c)
    if not years:
        return []
    head = ["Robustness (verdict of each reading, year by year):", "",
            "| Reading | " + " | ".join(str(y) for y in years) + " |",
            "|---|" + "---|" * len(years)]
    return head + ["| " + " | ".join(_md(x) if x else "·" for x in row) + " |"
                   for row in rows_]


# -- XLSX -------------------------------------------------------------------------------------
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
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill

    wb = Workbook()
    ws = wb.active
    ws.title = "comparison"
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    verdict_col = COLUMNS.index("verdict") + 1
    for row in rows(result):
        ws.append([neutralise(row[k]) for k in COLUMNS])
        ws.cell(ws.max_row, verdict_col).fill = PatternFill(
            "solid", fgColor=verdict_colour(row["verdict"]).lstrip("#").upper())
    ws.freeze_panes = "A2"

    src = wb.create_sheet("sources")
    src.append(SOURCE_COLUMNS)
    for cell in src[1]:
        cell.font = Font(bold=True)
    for row in source_rows(result):
        src.append([neutralise(row[k]) for k in SOURCE_COLUMNS])
    src.freeze_panes = "A2"

    strip = wb.create_sheet("robustness")
    for c in result.claims:
        years, grid = robustness_grid(c)
        strip.append([neutralise(c.claim.id), *years])
        strip.cell(strip.max_row, 1).font = Font(bold=True)
        for row in grid:
            strip.append([neutralise(x) if x else None for x in row])
            for col, verdict in enumerate(row[1:], start=2):
                if verdict:
                    strip.cell(strip.max_row, col).fill = PatternFill(
                        "solid", fgColor=verdict_colour(verdict).lstrip("#").upper())
        strip.append([])

    readme = wb.create_sheet("read me")
    a = result.article
    readme.append(["Claimcheck comparison"])
    readme["A1"].font = Font(bold=True)
    for label, value in (("article", a.title), ("date", a.date), ("language", a.language),
                         ("url", a.url), ("claims file", result.claims_path),
                         ("generated at", result.generated_at),
                         ("claim year", a.year_note), ("headline", result.headline())):
        readme.append([label, neutralise(value)])
    readme.append([])
    for text in READ_ME:
        readme.append([neutralise(text)])
    readme.append([])
    readme.append(["verdict", "meaning"])
    for v in Verdict:
        readme.append([v.value, v.meaning])
        readme.cell(readme.max_row, 1).fill = PatternFill(
            "solid", fgColor=verdict_colour(v).lstrip("#").upper())
    readme.append([])
    readme.append(["source", "licence"])
    for source, licence in result.licences:
        readme.append([source, neutralise(licence)])

    stamp = _parse_stamp(result.generated_at)
    wb.properties.creator = "Claimcheck"
    wb.properties.created = stamp
    wb.properties.modified = stamp
    buf = io.BytesIO()
    wb.save(buf)
    return _fixed_zip(buf.getvalue(), stamp)


def export_bytes(result: ArticleResult, fmt: str, **claimreview_options: Any) -> bytes:
    """The bytes of one export; ``claimreview_options`` (base_url, author, date) only shape
    the ClaimReview export (`indicators.output.claimreview.to_claimreview`)."""
    if fmt == "csv":
        return to_csv_bytes(result)
    if fmt == "xlsx":
        return to_xlsx_bytes(result)
    if fmt == "md":
        return to_markdown(result).encode("utf-8")
    if fmt == "json":
        return to_json_bytes(result)
    if fmt == "claimreview":
        from indicators.output.claimreview import to_claimreview_bytes

        return to_claimreview_bytes(result, **claimreview_options)
    raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
