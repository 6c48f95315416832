"""The site's files for crawlers and hosts: sitemap.xml, robots.txt and the headers to serve.

A static host cannot be told by a page whether it may be framed (browsers ignore
``frame-ancestors`` and ``X-Frame-Options`` in <meta>), so the framing policy is served as
headers: every page refuses framing except the embed pages under ``a/*/embed/``. `_headers` is
that policy in the format Cloudflare Pages and Netlify read; the README gives the same for
nginx and Apache.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from indicators.output.site_urls import public_url

EMBED_PATTERN = "/a/*/embed/*"
SECURITY = (("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"))
CSP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; connect-src 'self'; worker-src 'self' blob:; "
       "object-src 'none'; base-uri 'self'; form-action 'none'")
PAGE_HEADERS = (*SECURITY, ("Content-Security-Policy", CSP + "; frame-ancestors 'none'"),
                ("X-Frame-Options", "DENY"))
EMBED_HEADERS = (*SECURITY, ("Content-Security-Policy", CSP + "; frame-ancestors *"))


def framing_headers(path: str) -> tuple[tuple[str, str], ...]:
    """The headers a host should send for ``path`` (from the site's root, e.g.
    ``a/x/embed/y/card.html``): embed pages may be framed by any site, nothing else."""
    parts = path.lstrip("/").split("/")
    embed = len(parts) >= 4 and parts[0] == "a" and parts[2] == "embed"
    return EMBED_HEADERS if embed else PAGE_HEADERS


def headers_file() -> str:
    """`_headers` (Cloudflare Pages / Netlify): the page policy, detached for embed pages."""
    lines = ["# Headers for a static host (Cloudflare Pages / Netlify format); see the README.",
             "/*"]
    lines += [f"  {k}: {v}" for k, v in PAGE_HEADERS]
    lines += ["", EMBED_PATTERN, "  ! X-Frame-Options", "  ! Content-Security-Policy"]
    lines += [f"  {k}: {v}" for k, v in EMBED_HEADERS if k == "Content-Security-Policy"]
    return "\n".join(lines) + "\n"


def sitemap(base_url: str, paths: list[str], date: str) -> str:
    urls = "".join(f"  <url><loc>{escape(public_url(base_url, p))}</loc>"
                   f"<lastmod>{escape(date)}</lastmod></url>\n" for p in paths)
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
            f"{urls}</urlset>\n")


def robots(base_url: str | None) -> str:
    text = "User-agent: *\nAllow: /\n"
    if base_url:
        text += f"Sitemap: {public_url(base_url, 'sitemap.xml')}\n"
    return text
