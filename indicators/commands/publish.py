"""`claimcheck publish`: the fact check as a static site (pages, charts, embeds, exports)."""

from __future__ import annotations

import sys
from datetime import date as _date
from pathlib import Path

import click

from indicators.commands import store_from_context


@click.command()
@click.option("--output", "output", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="Folder to write the site to (replaced whole if it holds a "
                                  "site written before; never a folder of other files).")
@click.option("--base-url", "base_url", default=None, metavar="URL",
              help="The address the site will be served from (canonical addresses, share "
                   "cards, sitemap.xml, ClaimReview url).")
@click.option("--claims", "claims_path", type=click.Path(path_type=Path), default=None,
              help="A claims file or a folder of them. Default: the bundled articles and "
                   "those in the claims/ folder beside the store.")
@click.option("--author", "author", default=None, metavar="NAME",
              help="Who publishes the fact check (ClaimReview author; default: Claimcheck).")
@click.option("--date", "date", default=None, metavar="YYYY-MM-DD",
              help="The fact check's publication date (default: today, UTC).")
@click.pass_context
def publish(ctx: click.Context, output: Path, base_url: str | None, claims_path: Path | None,
            author: str | None, date: str | None) -> None:
    """Write the fact check as a static site: pages, charts, embeds, exports, sitemap.

    The folder works from file://, from `python -m http.server` and from any static host; the
    README says which headers to set for embeds.
    """
    from cache.store import utc_now
    from indicators.claims.articles import article_ids, claims_paths, user_claims_dir
    from indicators.claims.load import (
        ClaimsError,
        catalogue_from_store,
        check_catalogue,
        load_claims,
    )
    from indicators.output.site_urls import normalise_base_url
    from publish.images import ImageError
    from publish.output import OutputError
    from publish.run import publish_site
    from publish.site import SiteOptions

    def fail(message: str, status: int = 2) -> None:
        click.echo(f"Error: {message}", err=True)
        sys.exit(status)

    if base_url is not None:
        try:
            base_url = normalise_base_url(base_url)
        except ValueError as exc:
            fail(f"{exc}.")
    if date is not None:
        try:
            date = _date.fromisoformat(date).isoformat()
        except ValueError:
            fail(f"--date must be a date like 2025-03-01, not {date!r}.")
    store = store_from_context(ctx, write=False)
    store_path = store.path
    try:
        paths = claims_paths(claims_path, user_dir=user_claims_dir(store_path))
        catalogue = catalogue_from_store(store)
        for path in paths:  # the same validation, hence the same message, as `check`
            if not path.exists():
                raise ClaimsError(path, "no such claims file")
            check_catalogue(load_claims(path), catalogue)
    except ClaimsError as exc:
        fail(str(exc))
    finally:
        store.close()
    stamp = utc_now().replace(microsecond=0).isoformat()
    options = SiteOptions(base_url=base_url, author=author, date=date or stamp[:10],
                          generated_at=stamp)
    try:
        done = publish_site(store_path, article_ids(paths), output, options)
    except OutputError as exc:
        fail(f"{exc}.")
    except ImageError as exc:
        fail(f"{exc}.", 1)
    except OSError as exc:
        from indicators import atomic

        message, status = atomic.describe(exc, output)
        fail(message, status)
    for note in done.notes:
        click.echo(f"Note: {note}.", err=True)
    click.echo(f"Wrote {output}: {done.pages} pages, {done.files} files "
               f"({done.bytes / 1e6:.1f} MB) for {len(paths)} article"
               f"{'s' if len(paths) != 1 else ''}. Open {output / 'index.html'}.", err=True)
