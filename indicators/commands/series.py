"""`claimcheck series search|show`: find a WDI series by its words, show one's metadata."""

from __future__ import annotations

import difflib
import json
import sys
from dataclasses import asdict

import click
from rich.table import Table
from rich.text import Text

from indicators.commands import make_console, store_from_context


@click.group()
def series() -> None:
    """Find WDI series by their words (search) and show one's full metadata (show).

    \b
    Every WDI series (1,496) is in the bundled catalogue, whether or not the store holds
    values of it yet. Series under third-party terms (IEA, SIPRI, ITU …) say so.
    """


def _economy_or_exit(value: str | None, lang: str) -> str | None:
    from indicators.claims.catalogue import economy_suggestions, known_economies
    from indicators.claims.economies import economy_code

    if value is None:
        return None
    code = economy_code(value, lang)
    if code is None:
        from indicators.claims.catalogue import Catalogue

        hint = economy_suggestions(Catalogue(frozenset(), known_economies()), value, lang)
        click.echo(f"Error: --economy {value!r} is not a World Bank economy or aggregate code "
                   f"or name{hint}", err=True)
        sys.exit(2)
    return code


@series.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--economy", default=None, metavar="CODE",
              help="Count the values the store holds for this economy (ISO3/ISO2 code or name).")
@click.option("--lang", type=click.Choice(["en", "de"]), default="en", show_default=True,
              help="Language of WORDS: German economic terms are searched as their English words.")
@click.option("--limit", type=click.IntRange(1, 100), default=10, show_default=True,
              help="At most this many series.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="A readable table, or the same hits as JSON.")
@click.pass_context
def search(ctx: click.Context, words: tuple[str, ...], economy: str | None, lang: str,
           limit: int, fmt: str) -> None:
    """Rank WDI series by how well their name, topic and definitions match WORDS.

    \b
    Examples:
      claimcheck series search external debt GNI
      claimcheck series search "Überweisungen BIP" --lang de --economy MDA
    """
    from indicators.claims.economies import display_name
    from indicators.claims.search import search_series

    code = _economy_or_exit(economy, lang)
    store = store_from_context(ctx, write=False)
    try:
        hits = search_series(store, " ".join(words), lang=lang, economy=code, limit=limit)
    finally:
        store.close()
    if fmt == "json":
        click.echo(json.dumps([asdict(h) for h in hits], ensure_ascii=False, indent=2))
        return
    console = make_console(120)
    if not hits:
        console.print(f"No WDI series matches {' '.join(words)!r}.")
        return
    held = f"values for {code}" if code else "values stored"
    table = Table(expand=True, title=Text(
        f"WDI series matching {' '.join(words)!r}" + (f" · {display_name(code)}" if code else "")))
    for col in ("code", "name", "unit", "licence", held):
        table.add_column(col, overflow="fold", justify="right" if col == held else "left")
    for h in hits:
        count = h.values if code else h.stored
        table.add_row(h.code, h.name, h.unit or "–",
                      Text(h.licence_note, style="bold yellow") if h.licence_note
                      else Text("CC BY 4.0", style="dim"),
                      f"{count:,}" if count else Text("none", style="dim"))
    console.print(table)
    console.print("`claimcheck series show CODE` prints a series' definitions, source and "
                  "what the store holds.")


@series.command("show")
@click.argument("code")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Readable text, or the same metadata as JSON.")
@click.pass_context
def show(ctx: click.Context, code: str, fmt: str) -> None:
    """Print a WDI series' full metadata and what the store holds of it."""
    from cache.bundle import snapshot_catalogue_series
    from indicators.claims.search import series_info

    store = store_from_context(ctx, write=False)
    try:
        info = series_info(store, code)
    finally:
        store.close()
    if info is None:
        known = snapshot_catalogue_series()
        close = difflib.get_close_matches(code.upper(), list(known), n=3, cutoff=0.75)
        hint = ("; did you mean " + ", ".join(f"`{c}` {known[c].name}" for c in close) + "?"
                if close else "; `claimcheck series search WORDS` finds a series by its words")
        click.echo(f"Error: {code!r} is not a WDI series code{hint}", err=True)
        sys.exit(2)
    s = info.series
    if fmt == "json":
        click.echo(json.dumps({**asdict(s), "licence_note": s.licence_note,
                               "store": list(info.holdings)}, ensure_ascii=False, indent=2))
        return
    console = make_console(100)
    console.print(Text(f"{s.code}  {s.name}", style="bold"))
    licence = s.licence or "not stated"
    rows = [("Topic", s.topic), ("Unit", s.unit), ("Periodicity", s.periodicity),
            ("Aggregation", s.aggregation), ("Licence", licence + (
                f" — {s.licence_note}" if s.licence_note else "")),
            ("Source", s.source), ("Short definition", s.short_definition),
            ("Definition", s.long_definition), ("Catalogue", s.origin)]
    for label, value in rows:
        if value:
            style = "bold yellow" if label == "Licence" and s.licence_note else ""
            console.print(Text.assemble((f"{label}: ", "bold"), (value, style)))
    if not info.holdings:
        console.print(Text.assemble(("In the store: ", "bold"), "no values yet."))
        return
    for h in info.holdings:
        console.print(Text.assemble(
            ("In the store: ", "bold"),
            f"{h['source']}: {h['current_rows']:,} current values ({h['rows']:,} with older "
            f"vintages) for {h['economies']} economies, {h['first_year']}–{h['last_year']}, "
            f"newest vintage {h['newest_vintage'] or 'undated'}"))
