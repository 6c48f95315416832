"""Embeds: a page per claim card and per chart, sized for an iframe, and the snippet to paste.

As Datawrapper's embeds do, the embed page tells the page around it how tall it is
(``window.parent.postMessage({"claimcheck-height": {<id>: <px>}}, "*")`` from
`assets/embed.js`, on load and whenever its size changes), and the snippet's small script
sets the height of the iframe that sent the message (matched by ``contentWindow``, so a message
from another frame cannot resize it). Only embed pages may be framed: the headers for a static
host are in `sitefiles.headers_file` and the README.
"""

from __future__ import annotations

from html import escape

from dash import dcc, html

from publish.links import relative

MESSAGE_KEY = "claimcheck-height"
LISTENER = (
    '<script>window.addEventListener("message",function(e){var d=e.data&&e.data["'
    + MESSAGE_KEY + '"];if(!d)return;var f=document.querySelectorAll("iframe");'
    "for(var i=0;i<f.length;i++){if(f[i].contentWindow===e.source){for(var k in d)"
    '{f[i].style.height=d[k]+"px";}}}});</script>'
)


def snippet(address: str, title: str, embed_id: str, height: int) -> str:
    """The HTML a newsroom pastes: the iframe and the listener that sizes it."""
    return (f'<iframe title="{escape(title)}" src="{escape(address)}" '
            f'id="claimcheck-{escape(embed_id)}" scrolling="no" loading="lazy" '
            f'style="width:0;min-width:100%;border:none" height="{int(height)}"></iframe>'
            + LISTENER)


def embed_button(*, address: str, preview: str, title: str, embed_id: str, height: int,
                 absolute: bool) -> html.Details:
    """An "Embed" disclosure with the snippet (works without scripts; a Copy button with)."""
    field_id = f"embed-code-{embed_id}"
    note = ("Paste this into your page; the frame takes the height of its content."
            if absolute else
            "Paste this into your page. This site was published without --base-url, so the "
            "address is the page's path in the site: publish with --base-url for a snippet "
            "that works elsewhere.")
    return html.Details([
        html.Summary("Embed"),
        html.P(note, className="small"),
        html.Label("Embed code", htmlFor=field_id, className="embed-label"),
        html.Textarea(snippet(address, title, embed_id, height), id=field_id, readOnly=True,
                      rows=4, className="embed-code"),
        html.Button("Copy", type="button", className="btn js-only", hidden=True,
                    **{"data-copy": field_id}),
        " ",
        dcc.Link("Preview", href=preview, className="embed-preview"),
    ], className="embed", id=f"embed-{embed_id}")


def embed_frame(content, *, full_page: str, page: str, title: str) -> html.Div:
    """The embed page's body: the content, then where it comes from (a link to the full
    fact check, opening outside the frame). A chart panel's title (an h3 on its claim page)
    becomes the h2 under the embed's h1, so headings go down one level at a time."""
    from publish.render import HTML_NS, kind, props
    from publish.tree import replace

    done: list = []

    def promote(node):
        if not done and kind(node) == (HTML_NS, "H3"):
            done.append(node)
            return html.H2(**props(node))
        if kind(node) == (HTML_NS, "H2"):
            done.append(node)
        return node

    content = replace(content, promote)
    return html.Div([
        html.Main([html.H1(title, className="sr-label"), content], className="embed-main",
                  id="page"),
        html.Footer(html.P([
            "Source: ",
            html.A(f"Claimcheck — {title}", href=relative(full_page, page), target="_blank",
                   rel="noopener"),
        ], className="embed-credit small")),
    ], className="app embed-app")
