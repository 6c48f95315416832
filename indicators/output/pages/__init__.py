"""View models of the pages: the content, words and charts the dashboard and the static site
both render (one rendering, so the two cannot drift). No Dash, no store, no I/O.

    from indicators.output.pages import PageContext, Links, overview, claim_page, table, index

    ctx = PageContext(article_id="belarus_2025", result=article_result, links=Links(),
                      series=series_fn, series_meta=store.series_meta())
    overview(ctx)                       → OverviewView   (the article's cards)
    claim_page(ctx, claim_result, reading_id=None, peers=[], main_tab=None, detail_tab=None)
                                        → ClaimPageView  (main chart, strip, one source)
    table(ctx, sort=None, descending=False, shown=None) → TableView
    index([summary(article_id, article, result, href), …]) → IndexView (several articles)

`Links` builds every href; a static site subclasses it to point at files. The dashboard
renders these with `dashboard.render` (Dash component trees, no callback needed for content).
"""

from indicators.output.pages.cards import card, index, overview, summary
from indicators.output.pages.choice import has_data, opening_reading, telling_reading
from indicators.output.pages.claim import claim_page, detail
from indicators.output.pages.context import PageContext, SeriesFn
from indicators.output.pages.figures import export_figure
from indicators.output.pages.links import Links
from indicators.output.pages.table import table

__all__ = ["Links", "PageContext", "SeriesFn", "card", "claim_page", "detail", "export_figure",
           "has_data", "index", "opening_reading", "overview", "summary", "table",
           "telling_reading"]
