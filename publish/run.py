"""`claimcheck publish` end to end: evaluate each article, build the site, make its images,
write it in place of the old one. The command (`indicators/commands/publish.py`) only parses
options and reports."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from publish import output, pages
from publish.images import ImageMaker
from publish.site import Site, SiteOptions, render_images


@dataclass
class Published:
    output: Path
    files: int
    pages: int
    bytes: int
    notes: list[str] = field(default_factory=list)
    images_reused: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def publish_site(store_path: Path, claims: dict[Path, str], target: Path,
                 options: SiteOptions, *, images: Callable[[], ImageMaker] | None = None
                 ) -> Published:
    """Write the site for the claims files ``claims`` (path → article id) to ``target``."""
    output.check_target(target)  # before any work: a wrong folder is said at once
    previous = target if target.is_dir() else None
    # A first publish makes every image: Chromium is launched at once, starting while the
    # pages are built. Over a previous site most images are usually reused: only if needed.
    first = previous is None or not (previous / output.MARKER).is_file()
    t0 = time.perf_counter()
    with (images or partial(ImageMaker, start_early=first))() as maker:
        articles = pages.load_articles(claims, store_path, now=options.generated_at)
        t1 = time.perf_counter()
        site = Site(options, articles)
        files = site.build()
        site.notes += operator_notes(articles[0]) if articles else []
        t2 = time.perf_counter()
        reused = render_images(site, maker, previous=previous)
    t3 = time.perf_counter()
    output.write_site(target, files)
    t4 = time.perf_counter()
    return Published(
        output=target, files=len(files), pages=sum(1 for p in files if p.endswith(".html")),
        bytes=sum(len(b) for b in files.values()), notes=site.notes, images_reused=reused,
        seconds={"evaluate": t1 - t0, "pages": t2 - t1, "images": t3 - t2, "write": t4 - t3})


def operator_notes(article: pages.Article) -> list[str]:
    """What the dashboard's notices tell whoever runs it (a failed or stale refresh): said by
    `publish` to its user, not written into pages a reader sees for months."""
    from cache.store import utc_now
    from dashboard.data import DEFAULT_STALE_AFTER_DAYS, compute_freshness

    freshness = compute_freshness(article.data.store(), DEFAULT_STALE_AFTER_DAYS, utc_now())
    notes = []
    for s in freshness.notices:
        if s.failed:
            error = s.last_error or "no error recorded"
            notes.append(f"{s.source}: the last refresh failed ({error}); the site shows the "
                         "previous rows")
        if s.stale:
            notes.append(f"{s.source}: data retrieved {s.retrieved[:10] or 'at an unknown date'}"
                         f", more than {freshness.stale_after_days} days ago; `claimcheck "
                         "refresh` updates it")
    return notes
