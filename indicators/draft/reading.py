"""An article's text from a .txt or .html file or from stdin, as clean Unicode text.

HTML is reduced to its readable text with `selectolax`'s lexbor parser (fast, maintained,
HTML5): the page's title, its publication date and URL where the page states them (meta tags,
``<time>``), and the text of its block elements in order, without scripts, styles, navigation,
headers, footers and forms. Control characters are removed (they may never reach a claims file or a
terminal); line breaks are kept, since paragraphs matter for finding a figure's economy.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

MAX_BYTES = 20_000_000  # a news article is far smaller; refuse anything absurd at once
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_DROP = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "svg",
         "iframe", "template", "button")
_BLOCKS = ("h1", "h2", "h3", "h4", "h5", "h6", "p", "li", "blockquote", "figcaption", "td", "th",
           "pre", "dt", "dd", "caption")
_HTML_HINT = re.compile(r"^\s*(<!doctype html|<html|<head|<body|<p[\s>]|<div|<article|<h1)",
                        re.IGNORECASE)


class ArticleError(ValueError):
    """The input cannot be used as an article; the message says what and where."""


@dataclass(frozen=True)
class ArticleText:
    text: str
    title: str = ""
    published: str = ""  # YYYY-MM-DD where the page states it
    url: str = ""
    kind: str = "text"  # text | html


def read_article(source: str | Path, stdin_bytes: bytes | None = None) -> ArticleText:
    """Read ARTICLE: a path to a .txt/.html file, or "-" with ``stdin_bytes``."""
    name = "standard input" if str(source) == "-" else str(source)
    if str(source) == "-":
        data = stdin_bytes or b""
    else:
        path = Path(source)
        if not path.exists():
            raise ArticleError(f"{name}: file not found; expected an article as a .txt or .html "
                               "file, or - for standard input")
        if path.is_dir():
            raise ArticleError(f"{name}: is a folder; expected an article as a .txt or .html file")
        try:
            if path.stat().st_size > MAX_BYTES:
                raise ArticleError(f"{name}: is {path.stat().st_size:,} bytes; expected an "
                                   f"article of at most {MAX_BYTES:,}")
            data = path.read_bytes()
        except OSError as exc:
            raise ArticleError(f"{name}: cannot be read ({exc.strerror or exc})") from None
    return article_from_bytes(data, name, Path(str(source)).suffix)


def article_from_bytes(data: bytes, name: str, suffix: str = "") -> ArticleText:
    """An uploaded or read file's bytes → the article (``suffix`` e.g. ".html" from its
    name; HTML is also recognised by its first tag)."""
    if len(data) > MAX_BYTES:
        raise ArticleError(f"{name}: is {len(data):,} bytes; expected at most {MAX_BYTES:,}")
    raw = _decode(data, name)
    is_html = suffix.lower() in (".html", ".htm", ".xhtml") or bool(
        _HTML_HINT.match(raw[:2000]))
    article = html_to_article(raw) if is_html else ArticleText(text=clean_text(raw))
    if not article.text.strip():
        raise ArticleError(f"{name}: is empty; expected an article's text"
                           + (" (the page holds no readable text)" if is_html else ""))
    return article


def _decode(data: bytes, name: str) -> str:
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ArticleError(f"{name}: is a binary file; expected text or HTML")
    for encoding in ("utf-8-sig", "utf-16"):
        if encoding == "utf-16" and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            pass
    declared = re.search(rb"charset=[\"']?([A-Za-z0-9_-]+)", data[:4096])
    if declared:
        try:
            return data.decode(declared.group(1).decode("ascii"))
        except (LookupError, UnicodeDecodeError):
            pass
    raise ArticleError(f"{name}: cannot be read as UTF-8 text; expected a UTF-8 file (or HTML "
                       "that declares its charset)")


def clean_text(text: str) -> str:
    """NFC, Unix line ends, no control characters, no trailing spaces."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text).replace("\u2028", "\n").replace("\u2029", "\n")
    return "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")


def html_to_article(html: str) -> ArticleText:
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html)
    title = _meta(tree, ("og:title", "twitter:title")) or _first_text(tree, "title") \
        or _first_text(tree, "h1")
    published = _date(_meta(tree, ("article:published_time", "datePublished", "date",
                                   "pubdate", "dc.date")) or _time(tree))
    url = _meta(tree, ("og:url",)) or _link(tree)
    tree.strip_tags(list(_DROP))
    root = tree.css_first("article") or tree.css_first("main") or tree.body or tree.root
    lines: list[str] = []
    if root is not None:
        chosen = root.css(",".join(_BLOCKS))
        seen: set[int] = set()
        for node in chosen:
            if _inside_block(node, root):
                continue  # its text is part of an enclosing block already
            text = " ".join(node.text(deep=True, separator=" ").split())
            if text and id(node) not in seen:
                lines.append(text)
        if not lines:
            lines = [" ".join(root.text(separator=" ").split())]
    return ArticleText(text=clean_text("\n".join(lines)), title=clean_text(title).strip(),
                       published=published, url=url, kind="html")


def _inside_block(node, root) -> bool:
    parent = node.parent
    while parent is not None and parent is not root and parent.tag != "html":
        if parent.tag in _BLOCKS:
            return True
        parent = parent.parent
    return False


def _meta(tree, names: tuple[str, ...]) -> str:
    for node in tree.css("meta"):
        attrs = node.attributes
        key = (attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or "").lower()
        if key in {n.lower() for n in names} and attrs.get("content"):
            return str(attrs["content"]).strip()
    return ""


def _first_text(tree, selector: str) -> str:
    node = tree.css_first(selector)
    return " ".join(node.text().split()) if node is not None else ""


def _time(tree) -> str:
    node = tree.css_first("time[datetime]")
    return str(node.attributes.get("datetime") or "") if node is not None else ""


def _link(tree) -> str:
    node = tree.css_first('link[rel="canonical"]')
    href = str(node.attributes.get("href") or "") if node is not None else ""
    return href if href.startswith(("http://", "https://")) else ""


def _date(text: str) -> str:
    m = re.match(r"\s*(\d{4}-\d\d-\d\d)", text or "")
    return m.group(1) if m else ""
