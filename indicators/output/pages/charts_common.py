"""A chart panel's view model from its series and figure: the values as text (the Table tab),
their CSV at full precision, the source line, the sources and the PNG layout."""

from __future__ import annotations

import csv
import io
import re

from indicators.claims.economies import display_name
from indicators.output.pages import figures
from indicators.output.pages.models import ChartView, ValueRow
from indicators.output.pages.provenance import source_entries
from indicators.output.pages.words import period_of, source_name_of, value_text

CSV_COLUMNS = ("series_label", "economy", "year", "period", "value", "unit", "source",
               "dataset", "series", "retrieved", "publisher_updated")


def csv_text(rows: list[dict]) -> str:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def value_rows(series: list[tuple[str, list]]) -> tuple[tuple[ValueRow, ...], str]:
    """Every plotted value as text (the Table tab) and at full precision (the CSV)."""
    shown, raw = [], []
    for label, points in series:
        for p in points:
            shown.append(ValueRow(shown_as=label, economy=display_name(p.economy),
                                  period=period_of(p), value_text=value_text(p),
                                  source=source_name_of(p)))
            raw.append({"series_label": label, "economy": p.economy, "year": p.year,
                        "period": p.period or "", "value": p.value, "unit": p.unit,
                        "source": p.source, "dataset": p.dataset, "series": p.series,
                        "retrieved": (p.retrieved_at or "")[:10],
                        "publisher_updated": p.publisher_updated or ""})
    return tuple(shown), csv_text(raw)


def chart_view(panel: str, *, title: str, subtitle: str, series: list[tuple[str, list]],
               fig: dict, filename: str, tab: str, rows: tuple[ValueRow, ...] | None = None,
               note: str = "") -> ChartView:
    """``rows``: the Table tab's rows where they are not the plotted series' values."""
    points = [p for _, pts in series for p in pts]
    shown, text = value_rows(series)
    source = figures.source_line(points)
    return ChartView(
        panel=panel, graph_id=f"{panel}-chart", title=title, subtitle=subtitle,
        source_line=source, figure=fig,
        export_layout=figures.export_layout(fig, title=title, subtitle=subtitle, source=source),
        rows=rows if rows is not None else shown, sources=source_entries(points), csv=text,
        filename=filename, tab=tab, note=note)


def filename(*parts: str) -> str:
    return "-".join(re.sub(r"[^A-Za-z0-9._-]+", "-", p) for p in ("claimcheck", *parts))
