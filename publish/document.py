"""A whole HTML page: <head> with its title, description, canonical address, OpenGraph and
Twitter-card metadata and JSON-LD, then the rendered body.

No generated-at stamp and nothing random: the same store and claims give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from html import escape

from publish.links import relative

SITE_NAME = "Claimcheck"
CARD_SIZE = (1200, 630)
FAVICON = "assets/favicon.svg"


@dataclass
class Meta:
    title: str
    description: str
    page: str  # path from the site's root
    canonical: str | None = None  # absolute, with --base-url
    image: str | None = None  # absolute address of the share card, with --base-url
    image_path: str | None = None  # the card's path from the root (always)
    image_alt: str = ""
    og_type: str = "article"
    json_ld: list[dict] = field(default_factory=list)
    noindex: bool = False
    lang: str = "en"
    embed_id: str | None = None  # embed pages: the id their height messages carry


def _json_ld(block: dict) -> str:
    text = json.dumps(block, ensure_ascii=False, indent=1, sort_keys=False)
    return text.replace("</", "<\\/").replace("<!--", "<\\!--")


def head(meta: Meta, styles: list[str], scripts: list[str]) -> str:
    e = escape
    tags = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{e(meta.title, quote=False)}</title>",
        f'<meta name="description" content="{e(meta.description)}">',
    ]
    if meta.noindex:
        tags.append('<meta name="robots" content="noindex">')
    if meta.canonical:
        tags.append(f'<link rel="canonical" href="{e(meta.canonical)}">')
    tags += [
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        f'<meta property="og:type" content="{e(meta.og_type)}">',
        f'<meta property="og:title" content="{e(meta.title)}">',
        f'<meta property="og:description" content="{e(meta.description)}">',
        f'<meta name="twitter:title" content="{e(meta.title)}">',
        f'<meta name="twitter:description" content="{e(meta.description)}">',
    ]
    if meta.canonical:
        tags.append(f'<meta property="og:url" content="{e(meta.canonical)}">')
    # OpenGraph wants an absolute image address; without --base-url the card stays relative
    # (enough for a preview on the same site) and `publish` says so.
    image = meta.image or (relative(meta.image_path, meta.page) if meta.image_path else None)
    if image:
        tags += [
            f'<meta property="og:image" content="{e(image)}">',
            f'<meta property="og:image:width" content="{CARD_SIZE[0]}">',
            f'<meta property="og:image:height" content="{CARD_SIZE[1]}">',
            f'<meta property="og:image:alt" content="{e(meta.image_alt)}">',
            '<meta name="twitter:card" content="summary_large_image">',
            f'<meta name="twitter:image" content="{e(image)}">',
            f'<meta name="twitter:image:alt" content="{e(meta.image_alt)}">',
        ]
    else:
        tags.append('<meta name="twitter:card" content="summary">')
    tags.append(f'<link rel="icon" href="{e(relative(FAVICON, meta.page))}" type="image/svg+xml">')
    tags += [f'<link rel="stylesheet" href="{e(relative(s, meta.page))}">' for s in styles]
    tags += [f'<script src="{e(relative(s, meta.page))}" defer></script>' for s in scripts]
    # Without scripts, every tab's content is shown (the tab buttons need a script).
    tags.append("<noscript><style>.tabpanel[hidden] { display: block !important; } "
                ".tablist { display: none; }</style></noscript>")
    tags += [f'<script type="application/ld+json">{_json_ld(b)}</script>' for b in meta.json_ld]
    return "\n".join(tags)


def document(meta: Meta, body: str, *, styles: list[str], scripts: list[str],
             body_class: str = "") -> str:
    root = relative("index.html", meta.page).rsplit("index.html", 1)[0] or "./"
    attrs = f' lang="{escape(meta.lang)}" data-root="{escape(root)}"'
    if meta.embed_id:
        attrs += f' data-embed-id="{escape(meta.embed_id)}"'
    cls = f' class="{escape(body_class)}"' if body_class else ""
    return (f"<!DOCTYPE html>\n<html{attrs}>\n<head>\n{head(meta, styles, scripts)}\n</head>\n"
            f"<body{cls}>\n{body}\n</body>\n</html>\n")
