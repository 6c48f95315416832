"""Dash component trees from the page view models (indicators/output/pages).

    from dashboard.render import index_page, overview_page, claim_page, table_page, chart_panel

Each is a pure function of its view model; the trees carry all their content (no callback is
needed to show it), so the static site renders the very same trees to HTML. Interactivity
(tabs, downloads, URL state) is in assets/ui.js and, in the dashboard only, callbacks.
"""

from dashboard.render.claim import claim_page
from dashboard.render.overview import index_page, overview_page
from dashboard.render.panels import chart_panel
from dashboard.render.table import table_page

__all__ = ["chart_panel", "claim_page", "index_page", "overview_page", "table_page"]
