"""Charts in the static site: a picture that paints at once, the Plotly figure on demand.

Each `dcc.Graph` becomes the chart's static image (SVG made from the same figure by kaleido, a
narrow one for phones and a wide one for wider screens, chosen by the browser) with the figure
itself beside it as JSON. `assets/site.js` draws the interactive chart with plotly.js (its basic
bundle, copied into the site) when the reader reaches for it (pointer, touch, keyboard focus,
or "Download PNG"): plotly.js is 0.4 MB even compressed, most of a page's weight, while the
picture alone is a few kilobytes. Without scripts the
picture is the chart. A figure without traces (no data) is a plain panel of its own text.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from html import escape
from typing import Any

from publish.links import relative
from publish.render import UnknownComponent, element, props

WIDE, NARROW = 1000, 360  # CSS px of the two static images
NARROW_MEDIA = "(max-width: 640px)"


def figure_json(obj: Any) -> str:
    """Deterministic JSON of a figure (NaN/inf as null, as Plotly's encoder does), safe inside a
    <script> element."""
    from plotly.utils import PlotlyJSONEncoder

    text = json.dumps(obj, cls=PlotlyJSONEncoder, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def strip_tags(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text or "").replace("  ", " ").strip()


def figure_text(figure: dict) -> tuple[str, str]:
    """(title, subtitle) of a dashboard figure, as plain text."""
    title = (figure.get("layout") or {}).get("title") or {}
    if isinstance(title, str):
        return strip_tags(title), ""
    subtitle = title.get("subtitle") or {}
    sub = subtitle.get("text", "") if isinstance(subtitle, dict) else str(subtitle)
    return " ".join(strip_tags(title.get("text", "")).split()), " ".join(strip_tags(sub).split())


@dataclass
class Chart:
    stem: str  # file name without extension, e.g. claimcheck-potash-share-all
    figure: dict
    config: dict
    folder: str  # from the site's root, e.g. a/belarus_2025/charts/

    @property
    def has_data(self) -> bool:
        return bool(self.figure.get("data"))

    @property
    def height(self) -> int:
        return int((self.figure.get("layout") or {}).get("height") or 450)

    def image(self, which: str) -> str:
        return f"{self.folder}{self.stem}{'-narrow' if which == 'narrow' else ''}.svg"


@dataclass
class ChartRegistry:
    """Every chart the pages hold, once per file name (the same chart on several pages shares
    its images); `site` renders the images after the pages."""

    charts: dict[str, Chart] = field(default_factory=dict)

    def add(self, graph: Any, folder: str) -> Chart:
        p = props(graph)
        figure = p.get("figure")
        if not isinstance(figure, dict):
            raise UnknownComponent(f"dcc.Graph {p.get('id')!r} has no figure to publish")
        config = dict(p.get("config") or {})
        stem = ((config.get("toImageButtonOptions") or {}).get("filename")
                or f"chart-{p.get('id')}")
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", str(stem)).strip("-")
        known = self.charts.get(stem)
        if known is not None and figure_json(known.figure) != figure_json(figure):
            digest = hashlib.sha256(figure_json(figure).encode()).hexdigest()[:8]
            stem = f"{stem}-{digest}"
            known = self.charts.get(stem)
        if known is None:
            known = self.charts[stem] = Chart(stem, figure, config, folder)
        return known


def graph_handler(registry: ChartRegistry, page: str, folder: str):
    """The renderer's handler for dcc.Graph on ``page`` (paths from the site's root)."""

    def render(node: Any, renderer) -> str:
        p = props(node)
        chart = registry.add(node, folder)
        title, subtitle = figure_text(chart.figure)
        cls = " ".join(c for c in (p.get("className"), "static-chart") if c)
        if not chart.has_data:
            texts = [strip_tags(a.get("text", "")) for a in
                     (chart.figure.get("layout") or {}).get("annotations") or []]
            inner = element("p", {"className": "static-chart-title"}, escape(title)) + "".join(
                element("p", {}, escape(t)) for t in texts if t)
            return element("div", {"id": p.get("id"), "className": cls + " static-chart-empty"},
                           inner)
        alt = f"Chart: {title}." + (f" {subtitle}." if subtitle else "") + (
            " Every value is listed in the Table tab.")
        picture = element("picture", {}, element("source", {
            "media": NARROW_MEDIA, "srcSet": relative(chart.image("narrow"), page),
            "width": str(NARROW), "height": str(chart.height)}) + element("img", {
            "src": relative(chart.image("wide"), page), "alt": alt, "width": str(WIDE),
            "height": str(chart.height), "className": "chart-image", "decoding": "async",
            "elementtiming": "chart"}))
        data = (f'<script type="application/json" class="chart-figure">'
                f'{figure_json({"figure": chart.figure, "config": chart.config})}</script>')
        return element("div", {"id": p.get("id"), "className": cls,
                               "data-chart": chart.stem}, picture + data)

    return render
