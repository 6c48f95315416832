"""Building the whole site in memory: pages, embeds, exports, chart pictures, cards, sitemap.

`build_site` returns every file (path from the site's root → bytes); `publish.output` writes
them. Each page: the adapter's tree (`pages`) → static swaps (`statics`) → HTML (`render`) →
a document with its metadata (`document`).
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dash import html

from dashboard import static_files
from indicators.output import site_urls
from indicators.output.claimreview import missing_fields, to_claimreview
from indicators.output.export import export_bytes
from indicators.output.pages.sentences import claim_sentence
from publish import cards, charts, pages
from publish.document import CARD_SIZE, Meta, document
from publish.embeds import embed_button, embed_frame
from publish.links import relative
from publish.output import MARKER
from publish.render import DCC_NS, Renderer
from publish.sitefiles import headers_file, robots, sitemap
from publish.statics import PageContext, staticise
from publish.tree import by_id

ASSETS = Path(__file__).parent / "assets"
DASHBOARD_CSS = Path(__file__).parent.parent / "dashboard" / "assets" / "style.css"
STYLES = ["assets/style.css", "assets/site.css"]
# The dashboard's own browser script (tabs, downloads) runs on the same markup here.
SCRIPTS = ["assets/ui.js", "assets/site.js"]
EMBED_SCRIPTS = [*SCRIPTS, "assets/embed.js"]
DASHBOARD_JS = Path(__file__).parent.parent / "dashboard" / "assets" / "ui.js"
EXPORTS = ("csv", "xlsx", "json")
PLOTLY_JS = "assets/plotly-basic.min.js"  # assets/site.js loads it by this name


@dataclass
class SiteOptions:
    base_url: str | None = None
    author: str | None = None
    date: str = ""  # the fact check's publication date (ClaimReview datePublished, sitemap)
    generated_at: str = ""


@dataclass
class Site:
    options: SiteOptions
    articles: list[pages.Article]
    files: dict[str, bytes] = field(default_factory=dict)
    charts: charts.ChartRegistry = field(default_factory=charts.ChartRegistry)
    cards: dict[str, dict] = field(default_factory=dict)  # card path → figure
    sitemap_paths: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    # -- addresses ---------------------------------------------------------------------
    def url(self, path: str) -> str | None:
        base = self.options.base_url
        return site_urls.public_url(base, path) if base else None

    def meta(self, page: str, title: str, description: str, *, card: str,
             card_alt: str, canonical_of: str | None = None, **kw: Any) -> Meta:
        return Meta(title=title, description=" ".join(description.split()), page=page,
                    canonical=self.url(canonical_of or page), image=self.url(card),
                    image_path=card, image_alt=card_alt, **kw)

    def reading_page(self, article_id: str, claim_id: str, reading_id: str | None) -> str:
        from publish.links import UnknownLink

        article = next((a for a in self.articles if a.article_id == article_id), None)
        if article is None:
            raise UnknownLink(f"no article {article_id!r} in this site")
        return article.reading_page(claim_id, reading_id)

    # -- one page ----------------------------------------------------------------------
    def page(self, tree: Any, meta: Meta, article: pages.Article, *, claim_result=None,
             reading=None, scripts: list[str] = SCRIPTS, body_class: str = "") -> None:
        aid = article.article_id
        ctx = PageContext(page=meta.page, article_id=aid, reading_page=self.reading_page,
                          export_path=lambda fmt: site_urls.export_path(aid, fmt),
                          chart_folder=f"a/{aid}/charts/", claim_result=claim_result,
                          reading=reading)
        tree = staticise(tree, ctx)
        renderer = Renderer({(DCC_NS, "Graph"): charts.graph_handler(
            self.charts, meta.page, ctx.chart_folder)})
        body = renderer.render(tree)
        self.files[meta.page] = document(meta, body, styles=STYLES, scripts=scripts,
                                         body_class=body_class).encode("utf-8")
        self.files.update(ctx.files)

    # -- the site ----------------------------------------------------------------------
    def build(self) -> dict[str, bytes]:
        self.assets()
        for article in self.articles:
            self.article(article)
        self.index()
        base = self.options.base_url
        if base:
            self.files["sitemap.xml"] = sitemap(base, self.sitemap_paths,
                                                self.options.date).encode()
        else:
            self.notes.append("no --base-url: pages have no canonical address, the share "
                              "cards no absolute address, and there is no sitemap.xml")
        self.files["robots.txt"] = robots(base).encode()
        self.files["_headers"] = headers_file().encode()
        self.files[MARKER] = (json.dumps({
            "generator": "claimcheck publish", "generated_at": self.options.generated_at,
            "articles": [a.article_id for a in self.articles]}, indent=1) + "\n").encode()
        return self.files

    def assets(self) -> None:
        self.files["assets/style.css"] = DASHBOARD_CSS.read_bytes()
        self.files["assets/ui.js"] = DASHBOARD_JS.read_bytes()
        for name in ("site.css", "site.js", "embed.js", "favicon.svg"):
            self.files[f"assets/{name}"] = (ASSETS / name).read_bytes()
        # plotly.js's basic bundle (scatter, bar, pie: every trace the site draws), the one the
        # dashboard serves, of the plotly package's plotly.js version (no CDN); loaded on demand.
        self.files[PLOTLY_JS] = static_files.bundle()[0]

    def index(self) -> None:
        first = self.articles[0]
        card = site_urls.card_path(first.article_id)
        tree, title = pages.index_tree(self.articles)
        meta = self.meta("index.html", title,
                         "The figures articles quote, checked against the official statistics "
                         "they claim to describe.", card=card,
                         card_alt=f"{first.result.article.title}: {first.result.headline()}",
                         og_type="website")
        self.page(tree, meta, first)
        self.sitemap_paths.insert(0, "index.html")

    def article(self, article: pages.Article) -> None:
        aid, result = article.article_id, article.result
        title = result.article.title
        for fmt in EXPORTS:  # the same bytes as `claimcheck export --format <fmt>`
            self.files[site_urls.export_path(aid, fmt)] = export_bytes(result, fmt)
        card = site_urls.card_path(aid)
        self.cards[card] = cards.article_card(result)
        overview, overview_title = pages.overview_tree(article)
        for c in result.claims:
            self.add_card_embed(overview, article, c, site_urls.overview_path(aid))
        path = site_urls.overview_path(aid)
        self.page(overview, self.meta(path, overview_title,
                                      result.headline(), card=card,
                                      card_alt=f"{title}: {result.headline()}",
                                      lang="en"), article)
        path = site_urls.table_path(aid)
        table_tree, table_title = pages.table_tree(article)
        self.page(table_tree,
                  self.meta(path, table_title,
                            f"Every reading of every claim in {title}, with the data's source, "
                            "year and retrieval date.", card=card,
                            card_alt=f"{title}: {result.headline()}"), article)
        self.sitemap_paths += [site_urls.overview_path(aid), path]
        reviews = to_claimreview(result, base_url=self.options.base_url,
                                 author=self.options.author, article_id=aid,
                                 date=self.options.date)
        missing = sorted({f for r in reviews for f in missing_fields(r)})
        if missing:
            self.notes.append(f"{aid}: the ClaimReview lacks " + ", ".join(missing))
        for c, review in zip(result.claims, reviews, strict=True):
            self.claim(article, c, review)

    def add_card_embed(self, tree: Any, article: pages.Article, claim_result, page: str) -> None:
        cid = claim_result.claim.id
        card_node = by_id(tree, f"card-{cid}")
        if card_node is None:
            return
        card_node.children = [*card_node.children, self.embed_details(
            article, claim_result, "card", page)]

    def embed_details(self, article: pages.Article, claim_result, what: str,
                      page: str) -> html.Details:
        aid, cid = article.article_id, claim_result.claim.id
        target = site_urls.embed_path(aid, cid, what)
        address = self.url(target) or target
        kind = "claim card" if what == "card" else "chart"
        return embed_button(address=address, preview=relative(target, page),
                            title=f"{claim_result.claim.gloss} ({kind}, Claimcheck)",
                            embed_id=f"{aid}-{cid}-{what}",
                            height=420 if what == "card" else 720,
                            absolute=self.options.base_url is not None)

    def claim(self, article: pages.Article, claim_result, review: dict) -> None:
        aid, cid = article.article_id, claim_result.claim.id
        gloss = claim_result.claim.gloss
        card = site_urls.card_path(aid, cid)
        self.cards[card] = cards.claim_card(claim_result, article.result.article.title)
        sentence = claim_sentence(claim_result)
        card_alt = f"{gloss}. Claim verdict: {claim_result.verdict.label}. {sentence}"
        main = site_urls.claim_path(aid, cid)
        self.sitemap_paths.append(main)
        default = article.default_reading_id(claim_result)
        for reading in claim_result.readings:
            rid = reading.reading_id
            is_main = rid == default
            path = main if is_main else site_urls.claim_path(aid, cid, rid)
            tree = pages.claim_tree(article, claim_result, rid)
            # The embeds take their copy of the panels before the page is made static.
            panels = {what: copy.deepcopy(by_id(tree, panel_id)) for panel_id, what in
                      (("panel-detail", f"chart-{rid}"), ("panel-main", "chart-all"))
                      if by_id(tree, panel_id) is not None and (is_main or what != "chart-all")}
            page = by_id(tree, "claim-page")
            head = by_id(page, "claim-verdict")
            page.children.insert(page.children.index(by_id_in(page, head)) + 1,
                                 self.embed_details(article, claim_result, "card", path))
            for panel_id, what in (("panel-main", "chart-all"),
                                   ("panel-detail", f"chart-{rid}")):
                panel = by_id(tree, panel_id)
                if panel is not None:
                    panel.children = [*panel.children,
                                      self.embed_details(article, claim_result, what, path)]
            title = pages.claim_title(article, claim_result, None if is_main else reading)
            meta = self.meta(path, title, sentence, card=card, card_alt=card_alt,
                             canonical_of=main, json_ld=[review] if is_main else [])
            self.page(tree, meta, article, claim_result=claim_result, reading=reading,
                      body_class="claim")
            for what, panel in panels.items():
                self.chart_embed(article, claim_result, panel, what, main, reading=reading)
        self.card_embed(article, claim_result, main)

    def card_embed(self, article, claim_result, main: str) -> None:
        aid, cid = article.article_id, claim_result.claim.id
        path = site_urls.embed_path(aid, cid, "card")
        body = embed_frame(pages.card_tree(article, claim_result), full_page=main, page=path,
                           title=claim_result.claim.gloss)
        self.page(body, self.embed_meta(path, article, claim_result, "card"), article,
                  claim_result=claim_result, scripts=EMBED_SCRIPTS, body_class="embed")

    def chart_embed(self, article, claim_result, panel, what: str, main: str,
                    reading=None) -> None:
        aid, cid = article.article_id, claim_result.claim.id
        path = site_urls.embed_path(aid, cid, what)
        body = embed_frame(panel, full_page=main, page=path, title=claim_result.claim.gloss)
        self.page(body, self.embed_meta(path, article, claim_result, what), article,
                  claim_result=claim_result, reading=reading, scripts=EMBED_SCRIPTS,
                  body_class="embed")

    def embed_meta(self, path: str, article, claim_result, what: str) -> Meta:
        aid, cid = article.article_id, claim_result.claim.id
        gloss = claim_result.claim.gloss
        kind = "claim card" if what == "card" else "chart: every source"
        if what.startswith("chart-") and what != "chart-all":
            rid = what.removeprefix("chart-")
            reading = next((r for r in claim_result.readings if r.reading_id == rid), None)
            kind = f"chart: {(reading.label if reading else '') or rid}"
        return self.meta(path, f"{gloss} ({kind}) — Claimcheck", claim_sentence(claim_result),
                         card=site_urls.card_path(aid, cid), card_alt=gloss, noindex=True,
                         canonical_of=site_urls.claim_path(aid, cid),
                         embed_id=f"{aid}-{cid}-{what}")


def by_id_in(parent: Any, node: Any) -> Any:
    """The child of ``parent`` that is, or holds, ``node``."""
    from publish.tree import walk

    for child in parent.children:
        if child is node or any(c is node for c in walk(child)):
            return child
    raise ValueError("node is not inside parent")


def image_jobs(site: Site) -> list:
    """Every image the site needs: the chart pictures (wide and narrow SVG), the cards (PNG)."""
    from publish.images import Job

    jobs = []
    for chart in site.charts.charts.values():
        if chart.has_data:
            jobs.append(Job(chart.image("wide"), chart.figure, "svg", charts.WIDE, chart.height))
            jobs.append(Job(chart.image("narrow"), chart.figure, "svg", charts.NARROW,
                            chart.height))
    jobs += [Job(path, figure, "png", *CARD_SIZE) for path, figure in site.cards.items()]
    return jobs


def render_images(site: Site, images, previous: Path | None = None) -> int:
    """Make the site's images into ``site.files``; an image whose figure, size and renderer
    are unchanged since the site in ``previous`` was written is taken from there (the site's
    manifest records each image's digest). Returns how many were reused."""
    from publish.images import job_digest

    jobs = image_jobs(site)
    digests = {job.key: job_digest(job) for job in jobs}
    old: dict[str, str] = {}
    if previous is not None and (previous / MARKER).is_file():
        try:
            old = json.loads((previous / MARKER).read_text(encoding="utf-8")).get("images", {})
        except (OSError, ValueError):
            old = {}
    reused = {}
    for job in jobs:
        path = previous / job.key if previous is not None else None
        if old.get(job.key) == digests[job.key] and path is not None and path.is_file():
            reused[job.key] = path.read_bytes()
    todo = [job for job in jobs if job.key not in reused]
    site.files.update(reused)
    if todo:
        site.files.update(images.render(todo))
    manifest = json.loads(site.files[MARKER])
    manifest["images"] = dict(sorted(digests.items()))
    site.files[MARKER] = (json.dumps(manifest, indent=1) + "\n").encode()
    return len(reused)
