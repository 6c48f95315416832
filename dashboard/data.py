"""Store access for the dashboard: read-only, one connection per thread, results cached per state.

The dashboard never writes to the store and never touches the network. Everything expensive
(evaluating each article, the freshness summary) is computed once per *store state*: the id
and status of the newest refresh, the store file's identity, and which claims files there are
and their versions (an edited or a new file in the user's claims folder is a new state). A new
state recomputes at the next request; every other request reads the cache, so callbacks stay
fast on a store with millions of rows.
"""

from __future__ import annotations

import contextlib
import gc
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from cache.store import Store, StoreError, default_store_path, utc_now
from dashboard.freshness import (  # noqa: F401  (re-exported: the command and tests use them)
    DEFAULT_STALE_AFTER_DAYS,
    STALE_ENV_VAR,
    Freshness,
    SourceFreshness,
    compute_freshness,
    stale_after_days_from_env,
)

SEED_COMMAND = "claimcheck refresh --offline"
LEGACY_ARTICLE = "belarus_2025"  # today's /claim/<id> and /table address the bundled article


class StoreUnavailable(Exception):
    """The store is missing, empty or unusable; ``reason`` is one of missing | empty | unusable."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass
class ArticleState:
    """One claims file: loaded at once (cheap), evaluated against the store on first need."""

    article_id: str
    path: Path
    claims: Any = None  # indicators.claims.model.ClaimsFile (None if the file is broken)
    result: Any = None  # indicators.judge.results.ArticleResult, once evaluated
    error: str = ""  # why it could not be loaded or evaluated (shown, never a traceback)
    evaluated: bool = False
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def article(self) -> Any:
        return self.claims.article if self.claims is not None else None


@dataclass
class Snapshot:
    """Everything derived from one store state (the comparison itself per article, lazily)."""

    key: tuple
    freshness: Freshness
    freshness_day: Any = None  # ages are in days: recomputed when the day changes
    series_meta: dict = field(default_factory=dict)  # (source, series) -> SeriesMeta
    articles: dict[str, ArticleState] = field(default_factory=dict)  # in claims-file order
    series_cache: dict[tuple, list] = field(default_factory=dict)

    @property
    def default_id(self) -> str | None:
        """The article `/claim/<id>` and `/table` address: the bundled one, else the first."""
        if LEGACY_ARTICLE in self.articles:
            return LEGACY_ARTICLE
        return next(iter(self.articles), None)

    @property
    def single(self) -> bool:
        return len(self.articles) <= 1

    def article(self, article_id: str | None = None) -> ArticleState | None:
        return self.articles.get(article_id or self.default_id or "")

    # The default article's result and error, as before there were several.
    @property
    def result(self) -> Any:
        state = self.article()
        return state.result if state is not None else None

    @property
    def error(self) -> str:
        state = self.article()
        return state.error if state is not None else "No claims file to check."


class DashboardData:
    """The dashboard's view of one store file (read-only) and a list of claims files.

    ``claims_paths``: the claims files to show; None → the bundled ones and those in the user's
    claims folder beside the store (`indicators.claims.articles.claims_paths`), looked up again
    at every state check, so a file added there appears at the next request.
    """

    def __init__(
        self,
        store_path: Path | str | None = None,
        *,
        stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
        claims_paths: list[Path] | None = None,
        claims_path: Path | str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.store_path = Path(store_path) if store_path else default_store_path()
        self.stale_after_days = stale_after_days
        if claims_paths is None and claims_path is not None:
            claims_paths = [Path(claims_path)]
        self.claims_paths = [Path(p) for p in claims_paths] if claims_paths is not None else None
        self.clock = clock
        self._local = threading.local()
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None
        self._verified: tuple | None = None  # the file state whose pages were last checked
        self.warmed = threading.Event()  # set once the warm-up has evaluated every article

    # -- connections -------------------------------------------------------------------
    def checked_elsewhere(self) -> None:
        """The store file, as it is now, was opened and checked by the caller (the dashboard
        command checks it before serving): the first request need not check its pages again."""
        self._verified = _file_state(self.store_path)

    def store(self) -> Store:
        """This thread's read-only connection; reopened when the file was replaced."""
        path = self.store_path
        if not path.exists() or path.stat().st_size == 0:
            self._drop_connection()
            raise StoreUnavailable("missing", f"There is no Claimcheck store at {path} yet.")
        ident = _file_identity(path)
        cached = getattr(self._local, "store", None)
        if cached is not None and self._local.ident == ident:
            return cached
        self._drop_connection()
        # The development server starts a thread per request, and each thread opens its own
        # connection. A small store's pages are checked on open (~30 ms); a file in the state
        # it was checked in (same inode, size and time, its WAL too) is not checked again.
        state = _file_state(path)
        try:
            store = Store.open(path, read_only=True,
                               verify=False if state == self._verified else None)
        except StoreError as exc:
            raise StoreUnavailable("unusable", str(exc)) from exc
        self._verified = state
        self._local.store, self._local.ident = store, ident
        return store

    def _drop_connection(self) -> None:
        cached = getattr(self._local, "store", None)
        if cached is not None:
            cached.close()
            self._local.store = None

    # -- the cached state ----------------------------------------------------------------
    def paths(self) -> list[Path]:
        from indicators.claims.articles import claims_paths, user_claims_dir

        if self.claims_paths is not None:
            return list(self.claims_paths)
        return claims_paths(None, user_dir=user_claims_dir(self.store_path))

    def state_key(self, store: Store) -> tuple:
        try:
            refreshes = store.refreshes()
        except Exception as exc:  # an SQLite file that is not a Claimcheck store
            raise StoreUnavailable("unusable", f"{self.store_path}: {exc}") from exc
        last = refreshes[-1] if refreshes else None
        head = (last.id, last.status, last.finished_at) if last else None
        return (_file_identity(self.store_path), head, len(refreshes), self._claims_version())

    def _claims_version(self) -> tuple:
        # Which claims files there are and their versions: the verdicts depend on them.
        out = []
        for path in self.paths():
            try:
                st = path.stat()
                out.append((str(path), st.st_ino, st.st_mtime_ns, st.st_size))
            except OSError:
                out.append((str(path), None))
        return tuple(out)

    def snapshot(self) -> Snapshot:
        """The cached derived state, recomputed when the store changed. Raises StoreUnavailable."""
        store = self.store()
        key = self.state_key(store)
        snap = self._snapshot
        if snap is not None and snap.key == key:
            now = self.clock()
            if snap.freshness_day != now.date():  # a long-running server: ages move on
                snap.freshness = compute_freshness(store, self.stale_after_days, now)
                snap.freshness_day = now.date()
            return snap
        with self._lock:
            snap = self._snapshot
            if snap is not None and snap.key == key:
                return snap
            if store.is_empty():
                raise StoreUnavailable(
                    "empty", f"The Claimcheck store at {self.store_path} holds no data yet."
                )
            if self._snapshot is not None and gc.get_freeze_count():
                # `settle` froze the old state's objects; unfrozen, whatever of them the new
                # state no longer holds can be collected (a server lives through many refreshes)
                gc.unfreeze()
            snap = self._build(store, key)
            self._snapshot = snap
            return snap

    def _build(self, store: Store, key: tuple) -> Snapshot:
        from indicators.claims.articles import article_ids
        from indicators.claims.load import load_claims

        now = self.clock()
        snap = Snapshot(key=key, freshness=compute_freshness(store, self.stale_after_days, now),
                        freshness_day=now.date(), series_meta=store.series_meta())
        for path, article_id in article_ids(self.paths()).items():
            state = ArticleState(article_id=article_id, path=path)
            try:
                state.claims = load_claims(path)
            except Exception as exc:  # a broken claims file: say so on its page, keep serving
                state.error, state.evaluated = f"{type(exc).__name__}: {exc}", True
            snap.articles[article_id] = state
        return snap

    def evaluated(self, article_id: str | None = None) -> Snapshot:
        """The current snapshot with one article (None: every article) evaluated, once per
        store state."""
        snap = self.snapshot()
        ids = [article_id] if article_id is not None else list(snap.articles)
        for aid in ids:
            state = snap.articles.get(aid)
            if state is None or state.evaluated:
                continue
            with state.lock:
                if not state.evaluated:
                    from indicators.judge import compare

                    try:
                        state.result = compare.evaluate_claims_file(self.store(), state.claims)
                    except StoreError as exc:
                        raise StoreUnavailable("unusable", str(exc)) from exc
                    except Exception as exc:  # shown on the page instead of a traceback
                        state.error = f"{type(exc).__name__}: {exc}"
                    state.evaluated = True
        return snap

    def warm_up(self, *, settle_after: float | None = None) -> threading.Thread:
        """Evaluate in the background, so the first reader does not wait for it.

        ``settle_after``: a server that will run for long (`claimcheck dashboard`) then waits
        that many seconds, not to slow its first pages, and runs `settle`."""

        def run() -> None:
            try:
                self.evaluated()
            except Exception:  # a missing store or broken file is reported on the page instead
                pass
            finally:
                self._drop_connection()
            if settle_after is not None:
                time.sleep(settle_after)
                settle()
            self.warmed.set()

        thread = threading.Thread(target=run, name="claimcheck-warm-up", daemon=True)
        thread.start()
        return thread

    def series(self, article_id: str, claim: Any, reading_id: str, economy: str) -> list:
        """A reading's time series for one economy (the claim's subject or a peer), cached."""
        from indicators.judge import compare

        snap = self.evaluated(article_id)
        cache_key = (article_id, claim.id, reading_id, economy)
        if cache_key not in snap.series_cache:
            reading = next(r for r in claim.readings if r.id == reading_id)
            snap.series_cache[cache_key] = compare.reading_series(
                self.store(), reading, economy, subject=claim.subject
            )
        return snap.series_cache[cache_key]


SETTLE_AFTER_S = 1.0


def settle() -> None:
    """After the warm-up: load what a first download needs, and leave the long-lived objects
    out of the garbage collector's full passes.

    openpyxl takes ~0.25 s to import, which the first XLSX download would otherwise wait for.
    A full collection walks every object the process holds (the catalogue, the evaluated
    articles: ~30-50 ms on a large store) and, when it falls inside a request, that request
    waits: measured on the 16 M store, the table page's first visit took 58 ms with it and
    32 ms without. Garbage is collected first, so nothing unreachable is kept.
    """
    with contextlib.suppress(ImportError):
        from indicators.output.xlsx import load_openpyxl

        load_openpyxl()
    gc.collect()
    gc.freeze()


def _file_state(path: Path) -> tuple:
    """The store file's and its WAL's identity, size and time (an empty WAL, as the first
    reader creates it, counts as none)."""
    out: list = []
    for p in (path, path.with_name(path.name + "-wal")):
        try:
            st = p.stat()
        except OSError:
            out.append(None)
            continue
        out.append((st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)
                   if st.st_size or p == path else None)
    return tuple(out)


def _file_identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino)
