"""What needs the Dash server on a page, swapped for what a static file can do.

* the reading choice (radio buttons that rerun a callback) → a link per reading's own page;
* the peer choice (a checklist, or links to pages drawn with those peers) → each peer's value,
  as text;
* the table's column picker → a note that every column is in the downloads;
* "Download CSV" of a chart → a link to the chart's CSV file; "Download PNG" → a button that
  `assets/site.js` runs (hidden without scripts); the footer's downloads → links to the export
  files (the same bytes as `claimcheck export`);
* notices meant for whoever runs the server (a failed or stale refresh: "run claimcheck
  refresh") → left out; `publish` prints them instead;
* every internal link → the static file, relative to the page.
Any other button, or an internal link with no file, raises: a builder's new control must get a
static form here before it can be published.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dash import html

from indicators.claims.economies import display_name
from indicators.numbers import fmt_value
from publish.links import is_internal, relative, site_path
from publish.render import DCC_NS, HTML_NS, UnknownComponent, kind, props
from publish.tree import replace, walk

EXPORT_BUTTONS = {"download-csv": "csv", "download-xlsx": "xlsx", "download-json": "json"}
OPERATOR_ONLY = ("freshness-notices",)
STATIC_BUTTONS = ("data-copy", "data-png-chart", "data-action")


@dataclass
class PageContext:
    """What the swaps need to know about the page being published."""

    page: str  # the page's path from the site's root
    article_id: str
    reading_page: Callable[[str, str, str | None], str]  # (article, claim, reading) → path
    export_path: Callable[[str], str]  # format → site path of the article's export
    chart_folder: str  # where the charts' files go, from the site's root
    claim_result: Any = None  # on a claim page
    reading: Any = None  # the reading the page shows in detail
    files: dict[str, bytes] = field(default_factory=dict)  # extra files the page needs

    def link(self, target: str) -> str:
        return relative(target, self.page)


def staticise(tree: Any, ctx: PageContext) -> Any:
    stores = {props(s)["id"]["panel"]: props(s).get("data") or {} for s in walk(tree)
              if kind(s) == (DCC_NS, "Store") and isinstance(props(s).get("id"), dict)
              and props(s)["id"].get("type") == "chart-data"}

    def swap(node: Any) -> Any:
        cid = props(node).get("id")
        key = kind(node)
        if isinstance(cid, str) and cid in OPERATOR_ONLY:
            return None
        if key == (DCC_NS, "RadioItems") and cid == "reading-select":
            return reading_links(node, ctx)
        if key == (DCC_NS, "Checklist") and cid == "peer-select":
            return peer_values(ctx)
        if key == (HTML_NS, "Nav") and props(node).get("aria-label") == "Peers":
            # Peer choices are links to pages drawn with those peers: a static site has a page
            # per source, not per set of peers, so it gives the peers' values instead.
            return html.Div([html.P("Compare with:"), peer_values(ctx)], className="peers")
        if key == (DCC_NS, "Checklist") and cid == "column-select":
            return html.P(["Every column is in the CSV, XLSX and JSON downloads at the foot "
                           "of the page."], className="muted small")
        if key == (HTML_NS, "Button"):
            return button(node, cid, stores, ctx)
        if key in ((HTML_NS, "A"), (DCC_NS, "Link")):
            href = props(node).get("href")
            if isinstance(href, str) and is_internal(href):
                node.href = ctx.link(site_path(href, ctx.article_id, ctx.reading_page))
        return node

    return replace(tree, swap)


def reading_links(radio: Any, ctx: PageContext) -> html.Ul:
    """One link per reading; the one shown is marked as the current page."""
    p = props(radio)
    items = []
    for option in p.get("options") or []:
        label, value = option["label"], option["value"]
        target = ctx.link(ctx.reading_page(ctx.article_id, ctx.claim_result.claim.id, value))
        current = value == p.get("value")
        items.append(html.Li(html.A(label, href=target, className="choice-link",
                                      **({"aria-current": "page"} if current else {})),
                             className="choice" + (" choice-current" if current else "")))
    return html.Ul(items, className="choices static-choices", id="reading-select")


def peer_values(ctx: PageContext) -> html.Ul | html.P:
    """The peers' values for the reading shown (the dashboard draws them on its chart)."""
    reading = ctx.reading
    rows = [p for p in (reading.peers if reading is not None else ())
            if p.at_claim_year is not None]
    if not rows:
        return html.P("No peer has comparable data for this reading.", className="muted small",
                      id="peer-select")
    return html.Ul([
        html.Li(f"{display_name(p.economy)} ({p.economy}): "
                f"{fmt_value(p.at_claim_year.value, p.at_claim_year.unit)} "
                f"({p.at_claim_year.year})") for p in rows],
        className="peer-values", id="peer-select")


def button(node: Any, cid: Any, stores: dict, ctx: PageContext) -> Any:
    label = props(node).get("children")
    if any(k in props(node) for k in STATIC_BUTTONS) or props(node).get("role") == "tab":
        return node  # a button the site's scripts run (assets/ui.js, assets/site.js)
    if isinstance(cid, str) and cid in EXPORT_BUTTONS:
        fmt = EXPORT_BUTTONS[cid]
        target = ctx.export_path(fmt)
        return html.A(label, href=ctx.link(target), download=target.rsplit("/", 1)[-1],
                      className="btn", id=cid,
                      **{k: v for k, v in props(node).items() if k.startswith("aria-")})
    if isinstance(cid, dict) and cid.get("type") in ("chart-csv", "chart-png"):
        data = stores.get(cid.get("panel"))
        if not data:
            raise UnknownComponent(f"chart button {cid!r} without its chart-data store")
        if cid["type"] == "chart-csv":
            target = f"{ctx.chart_folder}{data['filename']}.csv"
            ctx.files[target] = data["csv"].encode("utf-8")
            return html.A(label, href=ctx.link(target), download=f"{data['filename']}.csv",
                          className="btn", id=f"{cid['type']}-{cid['panel']}")
        # Plotly makes the PNG in the browser, as in the dashboard (assets/site.js).
        return html.Button(label, className="btn js-only", hidden=True, type="button",
                           id=f"{cid['type']}-{cid['panel']}",
                           **{"data-png-chart": data["graph"],
                              "data-png-name": data["filename"]})
    raise UnknownComponent(f"html.Button {cid!r} has no static form")
