"""What `check`, `export`, `refresh` and `dashboard` share about claims files (articles).

* ``--claims FILE|DIR``: one claims file, or a folder of ``*.toml`` files. Without it: the
  bundled articles plus every ``*.toml`` in the user's claims folder, ``claims/`` beside the
  store (`indicators.claims.articles`); each command's ``--help`` prints where that is for the
  store in use (``--store`` / ``$CLAIMCHECK_STORE``).
* ``--article ID``: one article of the set, by its id (the file name without ``.toml``).
* Loading: every file is validated before anything is read or fetched; each broken file gets
  its own one-line error (the message `check` has always printed for one file) and the command
  exits 2, so no file is dropped silently.

A ``--claims FILE`` (or ``--article``) run is a *single* article: the outputs keep the
one-article shapes. A folder or the default set is a *set*, even of one file, so a consumer's
format does not change when a file is added to the folder.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from indicators.commands import store_from_context

if TYPE_CHECKING:
    from indicators.claims.model import ClaimsError, ClaimsFile
    from indicators.judge.article_set import ArticleSet

CLAIMS_HELP = ("Claims file (TOML, see docs/claims-format.md) or a folder of them. Default: the "
               "bundled articles and every *.toml in your claims folder, claims/ beside the store")


def store_path_of(ctx: click.Context) -> Path:
    """The store path the command uses (``--store``, else $CLAIMCHECK_STORE, else the default)."""
    from cache.store import default_store_path

    return (ctx.find_root().obj or {}).get("store_path") or default_store_path()


def user_claims_folder(ctx: click.Context) -> Path:
    from indicators.claims.articles import user_claims_dir

    return user_claims_dir(store_path_of(ctx))


class ClaimsOption(click.Option):
    """``--claims`` whose help ends with the user's claims folder for the store in use."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        try:
            where = user_claims_folder(ctx)
        except Exception:  # help must print even where the store path cannot be worked out
            return record[0], record[1] + "."
        return record[0], f"{record[1]} (here: {where})."


def claims_option(help_text: str = CLAIMS_HELP):
    return click.option("--claims", "claims_target", cls=ClaimsOption, default=None,
                        type=click.Path(path_type=Path), metavar="FILE|DIR", help=help_text)


article_option = click.option(
    "--article", "article", default=None, metavar="ID",
    help="Only this article: its id is the claims file's name without .toml (e.g. "
         "belarus_2025); `claimcheck check` lists them.")


def fail(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)
    sys.exit(2)


def resolve_paths(ctx: click.Context, target: Path | None) -> list[Path]:
    """The claims files of ``--claims`` (or the default set); exit 2 for an empty folder."""
    from indicators.claims.articles import claims_paths
    from indicators.claims.model import ClaimsError

    try:
        paths = claims_paths(target, user_dir=user_claims_folder(ctx))
    except ClaimsError as exc:
        fail([f"Error: {exc}"])
    if not paths:
        fail([f"Error: no claims file: none is bundled and {user_claims_folder(ctx)} holds none; "
              "give one with --claims FILE"])
    return paths


def select_article(paths: list[Path], article: str | None) -> list[Path]:
    """``paths`` narrowed to ``--article ID``; exit 2 naming the ids there are."""
    if article is None:
        return paths
    from indicators.claims.articles import article_ids

    ids = article_ids(paths)
    chosen = [p for p in paths if ids[p] == article]
    if not chosen:
        fail([f"Error: unknown article {article!r}; expected one of: "
              f"{', '.join(ids[p] for p in paths)}"])
    return chosen


def is_single(target: Path | None, article: str | None) -> bool:
    return article is not None or (target is not None and not Path(target).is_dir())


def validate_or_exit(store, paths: list[Path]) -> list[ClaimsFile]:
    """Every file loaded and checked; one ``Error:`` line per broken file, then exit 2."""
    from indicators.judge.article_set import validate_articles

    files, errors = validate_articles(store, paths)
    if errors:
        fail(_error_lines(errors, len(paths)))
    return list(files.values())


def _error_lines(errors: list[ClaimsError], total: int) -> list[str]:
    lines = [f"Error: {exc}" for exc in errors]
    if total > 1:
        lines.append(f"{len(errors)} of {total} claims files cannot be used, so none was "
                     "used: fix them, or choose files with --claims.")
    return lines


def evaluate_set_or_exit(ctx: click.Context, target: Path | None,
                         article: str | None = None) -> tuple[ArticleSet, bool]:
    """(every article compared with the store, whether it is a single article); exit 2 on
    bad input. Reads the store only."""
    from indicators.claims.articles import article_ids
    from indicators.judge.article_set import evaluate_articles

    every = resolve_paths(ctx, target)
    paths = select_article(every, article)
    store = store_from_context(ctx, write=False)
    try:
        files = validate_or_exit(store, paths)
        articles = evaluate_articles(store, files, ids=article_ids(every))
    finally:
        store.close()
    return articles, is_single(target, article)
