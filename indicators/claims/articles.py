"""Which claims files (articles) a command works on, and each article's id in URLs and exports.

`--claims` may name one file or a folder of ``*.toml`` files. Without it, Claimcheck uses the
bundled articles (``indicators/claimfiles/``) and the user's claims folder beside the store
(``<store folder>/claims/``), where a user's own claims files go without any option.

An article's id is its file name without ``.toml`` (``belarus_2025``): stable, readable, and
unique within one folder. Files from two folders with the same name are told apart by a suffix.
"""

from __future__ import annotations

from pathlib import Path

from indicators.claims.load import CLAIMFILES_DIR
from indicators.claims.model import ClaimsError

USER_CLAIMS_FOLDER = "claims"


def user_claims_dir(store_path: Path) -> Path:
    """The user's claims folder: ``claims/`` beside the store file."""
    return Path(store_path).parent / USER_CLAIMS_FOLDER


def claims_paths(target: Path | str | None = None, *, user_dir: Path | None = None) -> list[Path]:
    """The claims files to use, in a stable order.

    A file → that file; a folder → its ``*.toml`` files by name (an empty folder is an error:
    it holds no article); None → the bundled files, then those of ``user_dir`` if it exists.
    """
    if target is not None:
        target = Path(target)
        if target.is_dir():
            found = sorted(p for p in target.glob("*.toml") if p.is_file())
            if not found:
                raise ClaimsError(target, "folder holds no claims file; expected *.toml files")
            return found
        return [target]
    paths = sorted(CLAIMFILES_DIR.glob("*.toml"))
    if user_dir is not None and Path(user_dir).is_dir():
        paths += sorted(p for p in Path(user_dir).glob("*.toml") if p.is_file())
    return paths


def article_ids(paths: list[Path]) -> dict[Path, str]:
    """Each path's article id: the file stem, with ``-2``, ``-3`` … where stems repeat."""
    ids: dict[Path, str] = {}
    seen: dict[str, int] = {}
    for path in paths:
        stem = Path(path).stem
        seen[stem] = seen.get(stem, 0) + 1
        ids[Path(path)] = stem if seen[stem] == 1 else f"{stem}-{seen[stem]}"
    return ids
