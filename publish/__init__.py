"""The static site: `claimcheck publish` renders the dashboard's pages to files.

The flow: the dashboard's page builders return Dash component trees (`dashboard/`); `pages`
calls them and swaps what needs a server (callbacks, downloads) for static equivalents;
`render` turns any Dash component tree into escaped HTML; `site` writes the whole folder
(pages, charts, cards, exports, embeds, sitemap) beside the target and renames it into place.
"""
