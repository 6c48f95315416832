"""Several articles checked together: each claims file's result under its article id.

`validate_articles` loads every claims file and checks its codes against one catalogue, and
collects the errors of every broken file (none is dropped silently: a caller refuses the whole
set and names each). `evaluate_articles` then compares each with the store, with one
generated-at stamp for all, so exports of a set are deterministic as a single article's are.

JSON: one file keeps the single-article document (`ArticleResult.to_json_dict`, what the
dashboard, the tests and earlier exports read). A folder or the default set is the articles
document, versioned by its ``format`` and ``version`` keys: ``articles`` holds one
single-article document per file with its ``id`` added, in the order of the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from indicators.claims.articles import article_ids
from indicators.claims.catalogue import Catalogue, catalogue_from_store, check_catalogue
from indicators.claims.load import load_claims
from indicators.claims.model import ClaimsError, ClaimsFile
from indicators.judge import compare
from indicators.judge.results import ArticleResult
from indicators.judge.verdicts import HEADLINE_CATEGORIES

ARTICLES_FORMAT = "claimcheck-articles"
ARTICLES_VERSION = 1


@dataclass(frozen=True)
class ArticleEntry:
    """One article of a set: its id (the file stem, made unique) and its result."""

    id: str
    result: ArticleResult

    def summary(self) -> str:
        """One line: id, title, date and the headline counts."""
        a = self.result.article
        return f"{self.id}: {a.title} ({a.date}) — {self.result.headline()}"

    def to_json_dict(self) -> dict[str, Any]:
        return {"id": self.id, **self.result.to_json_dict()}


@dataclass(frozen=True)
class ArticleSet:
    entries: tuple[ArticleEntry, ...]
    generated_at: str

    @property
    def ids(self) -> list[str]:
        return [e.id for e in self.entries]

    def headline_counts(self) -> dict[str, int]:
        """Every article's headline counts added up (every category present, fixed order)."""
        totals = dict.fromkeys(HEADLINE_CATEGORIES, 0)
        for e in self.entries:
            for key, n in e.result.headline_counts().items():
                totals[key] += n
        return totals

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "format": ARTICLES_FORMAT,
            "version": ARTICLES_VERSION,
            "generated_at": self.generated_at,
            "article_count": len(self.entries),
            "claim_count": sum(len(e.result.claims) for e in self.entries),
            "headline_counts": self.headline_counts(),
            "articles": [e.to_json_dict() for e in self.entries],
        }


def validate_articles(
    store, paths: Sequence[Path], catalogue: Catalogue | None = None
) -> tuple[dict[Path, ClaimsFile], list[ClaimsError]]:
    """Load and check every file; (the valid ones by path, in order; each broken file's error)."""
    catalogue = catalogue if catalogue is not None else catalogue_from_store(store)
    files: dict[Path, ClaimsFile] = {}
    errors: list[ClaimsError] = []
    for path in paths:
        try:
            claims = load_claims(path)
            check_catalogue(claims, catalogue)
        except ClaimsError as exc:
            errors.append(exc)
            continue
        files[Path(path)] = claims
    return files, errors


def evaluate_articles(store, files: Iterable[ClaimsFile], *, now: str | None = None,
                      ids: dict[Path, str] | None = None) -> ArticleSet:
    """Compare each claims file with the store (no network). ``ids``: each path's article id
    (default: from the file names, `article_ids`)."""
    files = list(files)
    stamp = now or datetime.now(UTC).replace(microsecond=0).isoformat()
    ids = ids or article_ids([f.path for f in files])
    entries = tuple(ArticleEntry(ids[f.path], compare.evaluate_claims_file(store, f, now=stamp))
                    for f in files)
    return ArticleSet(entries=entries, generated_at=stamp)
