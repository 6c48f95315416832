"""Small pieces every page is built from: verdict badges, facts, links, the article bar.

Functions from view models (indicators/output/pages) to Dash components; no callbacks, no
store. Internal links are plain ``<a href data-nav>`` elements.
"""

from __future__ import annotations

from dash import html

from indicators.output.pages.models import ArticleHeader, Fact, VerdictView
from indicators.output.pages.words import QUALIFIED_GLYPH


def link(href: str, children, **extra) -> html.A:
    """A link to another page of the site: a plain ``<a href>`` (the static site keeps it as
    it is); in the dashboard, assets/ui.js follows it without reloading the page."""
    return html.A(children, href=href, **{"data-nav": "page"}, **extra)


def verdict_badge(v: VerdictView, *, large: bool = False, **extra) -> html.Span:
    """Glyph + word + colour (never colour alone); a qualified verdict gets the amber style."""
    classes = f"verdict verdict-{v.value.replace(' ', '-')}" + (" verdict-large" if large else "")
    if v.qualified:
        classes += " verdict-qualified"
    return html.Span(
        [html.Span(v.glyph, className="verdict-icon", **{"aria-hidden": "true"}),
         html.Span(v.label, className="verdict-label")],
        className=classes, style={"--verdict-colour": v.colour}, title=v.meaning,
        **{"data-verdict": v.value}, **extra)


def qualifier_words(v: VerdictView) -> html.Span | None:
    """"⚠ on 2017 data; depends on the source": what qualifies a verdict, in words."""
    if not v.qualifiers:
        return None
    return html.Span(
        [html.Span(QUALIFIED_GLYPH + " ", className="qualifier-icon", **{"aria-hidden": "true"})
         if v.qualified else None, "; ".join(v.qualifiers)],
        className="qualifiers" + (" qualifiers-evidence" if v.qualified else ""))


def verdict_line(kind: str, v: VerdictView, **extra) -> html.Div:
    """A verdict with what it is the verdict of ("Claim verdict") and its qualifiers."""
    cls = " ".join(["verdict-line", extra.pop("className", "")]).strip()
    return html.Div([html.Span(f"{kind}:", className="verdict-kind"),
                     verdict_badge(v, large=kind.startswith("Claim")), qualifier_words(v)],
                    className=cls, **extra)


def facts(items: tuple[Fact, ...] | list[Fact], **extra) -> html.Dl:
    return html.Dl([x for f in items for x in (html.Dt(f.term), html.Dd(f.text))],
                   className="facts", **extra)


def technical(items: tuple[Fact, ...], *, summary: str = "Technical provenance") -> html.Details:
    """Codes, ids, origins with commits and checksums: only inside this disclosure."""
    return html.Details(
        [html.Summary(summary),
         html.Dl([x for f in items for x in (html.Dt(f.term), html.Dd(html.Code(f.text)))],
                 className="facts technical-facts")],
        className="technical")


def article_bar(a: ArticleHeader, *, current: str) -> html.Div:
    """The checked article (with a link to it where its address is known) and its pages."""
    title = (html.A(a.title, href=a.url, rel="noopener", className="article-link",
                    **{"hrefLang": a.language} if a.language else {})
             if a.url else html.Span(a.title, className="article-title"))
    meta = " · ".join(x for x in (a.publisher, a.date, f"language: {a.language}"
                                  if a.language else "") if x)
    nav = [("overview", "Overview", a.overview_href, "nav-overview"),
           ("table", "Table of every claim and source", a.table_href, "nav-table")]
    items = [html.Li(link(href, label, id=nid,
                          **({"aria-current": "page"} if key == current else {})))
             for key, label, href, nid in nav]
    if a.index_href:
        items.insert(0, html.Li(link(a.index_href, "All articles", id="nav-index")))
    return html.Div(
        [html.P([html.Span("Checked article: ", className="muted"), title,
                 html.Span(f" ({meta})" if meta else "", className="muted"),
                 html.Span(" · the claims file gives no web address for it",
                           className="small no-url") if not a.url else None],
                className="article-line"),
         html.Nav(html.Ul(items, className="nav"), className="article-nav",
                  **{"aria-label": "This article"}),
         downloads(a) if current != "claim" else None],
        className="article-bar", **{"data-article": a.article_id})


def downloads(a: ArticleHeader) -> html.Div:
    """The article's CLI export as files (plain links: they work in a static site too)."""
    return html.Div(
        [html.Span("Download every claim × source:", id=f"downloads-{a.article_id}"),
         *[html.A(fmt.upper(), href=href, download="", className="btn", id=f"download-{fmt}",
                  **{"aria-describedby": f"downloads-{a.article_id}"})
           for fmt, href in a.downloads]],
        className="downloads", role="group", **{"aria-label": "Downloads"})


def page(children: list, *, page_id: str, title: str, page_key: str, **extra) -> html.Div:
    """A page's root: its title (set as the document's title) and key (a new key moves the
    focus to its heading)."""
    return html.Div(children, id=page_id, className="page-body",
                    **{"data-title": title, "data-page": page_key}, **extra)
