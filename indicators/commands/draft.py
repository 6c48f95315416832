"""`claimcheck draft`: an article's text → a drafted claims file for an editor to confirm."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click


def _published(value: str | None, page_date: str) -> tuple[dt.date, str]:
    if value:
        return dt.date.fromisoformat(value), "given with --published"
    if page_date:
        try:
            return dt.date.fromisoformat(page_date), "stated by the page"
        except ValueError:
            pass
    today = dt.date.today()
    return today, ("not given: read as today; pass --published YYYY-MM-DD so that 'last year' "
                   "and years without a number are read right")


def _check_date(ctx, param, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        parsed = dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date; expected YYYY-MM-DD, e.g. "
                                 "2025-02-20") from None
    if not 1900 <= parsed.year <= 2100 or len(value) != 10:
        raise click.BadParameter(f"{value!r} is out of range; expected YYYY-MM-DD from 1900 to "
                                 "2100")
    return value


@click.command()
@click.argument("article", type=str)
@click.option("--lang", type=click.Choice(["de", "en"]), default=None,
              help="The article's language (default: guessed from its words).")
@click.option("--published", callback=_check_date, default=None, metavar="YYYY-MM-DD",
              help="Publication date: 'last year', 'im Oktober' and years left unsaid are read "
                   "from it (default: the page's own date, else today).")
@click.option("--title", default=None, help="The article's title (default: the page's title, "
                                           "else the text's first line).")
@click.option("--url", default=None, help="The article's address (http or https).")
@click.option("--output", "-o", "output", type=click.Path(dir_okay=False, path_type=Path),
              default=None, help="Write the claims file here (default: standard output).")
@click.pass_context
def draft(ctx: click.Context, article: str, lang: str | None, published: str | None,
          title: str | None, url: str | None, output: Path | None) -> None:
    """Draft a claims file from an article's text for an editor to confirm.

    ARTICLE is a .txt or .html file, or - for standard input. Every figure found is read
    (value, bound, economies, year, shape) and proposed with candidate series; the file says
    in a comment per claim what was read and why, and lists every number it skipped. The
    file validates and `claimcheck check --claims FILE` runs on it at once.
    """
    from indicators.claims import economies
    from indicators.claims.load import ClaimsError, parse_claims
    from indicators.claims.search import series_search
    from indicators.draft.pipeline import draft_text
    from indicators.draft.reading import ArticleError, read_article
    from indicators.draft.writer import DraftMeta, write_claims

    if url and not url.startswith(("http://", "https://")):
        click.echo(f"Error: --url {url!r} is not a web address; expected http:// or https://",
                   err=True)
        sys.exit(2)
    try:
        stdin = sys.stdin.buffer.read() if article == "-" else None
        page = read_article(article, stdin)
    except ArticleError as exc:
        click.echo(f"Error: {exc}", err=True)
        sys.exit(2)
    date, date_note = _published(published, page.published)
    text = page.text
    title = title or page.title or _first_line(text)
    from indicators.commands import store_from_context

    store = store_from_context(ctx, write=False)
    try:
        result = draft_text(text, names=economies.bundled(), search=series_search(store),
                            lang=lang, published=date, title=title)
        source = "standard input" if article == "-" else Path(article).name
        meta = DraftMeta(title=title, date=date.isoformat(), language=result.language,
                         url=url or page.url, source=source, language_note=result.language_note,
                         date_note=date_note, figures_found=result.figures_found)
        toml_text = write_claims(meta, result.claims, result.skipped, result.line_of)
    finally:
        store.close()
    try:  # the file must load: a draft that does not is a bug, never written
        parse_claims(toml_text, output or "<draft>")
    except ClaimsError as exc:
        raise RuntimeError(f"the drafted file does not validate: {exc}") from exc
    if output is None:
        click.echo(toml_text, nl=False)
    else:
        from indicators.atomic import describe, write_bytes

        try:
            write_bytes(output, toml_text.encode("utf-8"))
        except OSError as exc:
            message, status = describe(exc, output)
            click.echo(f"Error: {message}", err=True)
            sys.exit(status)
    numeric = sum(1 for c in result.claims if not c.qualitative)
    where = f" → {output}" if output else ""
    if not result.claims:
        click.echo(f"No economic figures found ({result.figures_found} numbers read, "
                   f"{len(result.skipped)} skipped); wrote a claims file with no claims{where}.",
                   err=True)
    else:
        click.echo(f"Drafted {numeric} claims" + (f" and {len(result.claims) - numeric} "
                   "qualitative" if len(result.claims) > numeric else "")
                   + f" from {result.figures_found} numbers ({len(result.skipped)} skipped)"
                   f"{where}; confirm each before publishing a verdict.", err=True)


def _first_line(text: str) -> str:
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first[:200] or "Untitled article"
