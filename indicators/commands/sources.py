"""`claimcheck sources check`: one small live request per source, to see that each is there and
still speaks the format its adapter reads. The first thing to run on a machine with internet.

Exit status: 0 every source checked is ok (a source whose API key is not set is listed as
"needs <KEY>" and does not count, unless asked for with --source), 1 otherwise.
"""

from __future__ import annotations

import sys

import click

from indicators.models import utc_now
from indicators.sources.registry import create_adapter, make_http_client, source_names


@click.group()
def sources() -> None:
    """Check the live sources: one small request each (run this first with internet)."""


@sources.command("check")
@click.option("--source", "names", multiple=True, type=click.Choice(source_names()),
              metavar="NAME", help=f"Check only this source (repeatable). Known: "
                                   f"{', '.join(source_names())}.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=10.0, show_default=True,
              metavar="SECONDS", help="Give up on one request after this long.")
@click.option("--deadline", type=click.FloatRange(min=1), default=25.0, show_default=True,
              metavar="SECONDS", help="Report every source still waiting after this long as "
                                      "unreachable (the checks run at the same time).")
def check(names: tuple[str, ...], timeout: float, deadline: float) -> None:
    """Make one small request per source and say, per source, "ok", "format changed: <what>",
    "unreachable: <why>" or "needs <KEY>".

    Nothing is stored. Run it first on a machine with internet: a source that changed its
    format shows up here before a refresh stores anything from it.

    \b
    Exit status: 0 every source checked is ok (one that only needs an API key which is not
    set does not count, unless named with --source), 1 otherwise.
    """
    from indicators.sources.canary import NEEDS_KEY, check_sources

    wanted = list(names) or source_names()
    results = check_sources(
        wanted, create=create_adapter, clock=utc_now,
        make_http=lambda: make_http_client(timeout=timeout, retries=0), deadline=deadline,
    )
    width = max(len(r.source) for r in results)
    for r in results:
        click.echo(f"{r.source:<{width}}  {r.line}")
    failed = [r for r in results if not r.ok and (r.status != NEEDS_KEY or r.source in names)]
    ok = sum(r.ok for r in results)
    click.echo(f"{ok} of {len(results)} sources ok" + (
        f"; not ok: {', '.join(r.source for r in failed)}" if failed else ""))
    sys.exit(1 if failed else 0)
