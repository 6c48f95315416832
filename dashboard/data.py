"""Store access for the dashboard: read-only, one connection per thread, results cached per state.

The dashboard never writes to the store and never touches the network. Everything expensive
(evaluating the article, the freshness summary) is computed once per *store state*: the id and
status of the newest refresh, the store file's identity and the claims file's version. A
refresh, a replaced file or an edited claims file changes the state and the next request
recomputes; every other request reads the cache, so callbacks stay fast on a store with
millions of rows.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cache.store import Store, StoreError, default_store_path, utc_now

SEED_COMMAND = "claimcheck refresh --offline"
DEFAULT_STALE_AFTER_DAYS = 90
STALE_ENV_VAR = "CLAIMCHECK_STALE_AFTER_DAYS"


class StoreUnavailable(Exception):
    """The store is missing, empty or unusable; ``reason`` is one of missing | empty | unusable."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason
        self.message = message


@dataclass(frozen=True)
class SourceFreshness:
    """How current one source's rows are, from the refresh log and the fetch records."""

    source: str
    retrieved: str  # newest retrieval of the data now in use ("" when unknown)
    publisher_updated: str  # the publisher's newest vintage among those rows
    last_status: str  # status of the latest finished refresh attempt
    last_attempt: str  # when that attempt finished (or started)
    last_kind: str
    last_error: str
    age_days: int | None  # days since ``retrieved``
    stale: bool
    failed: bool


@dataclass(frozen=True)
class Freshness:
    sources: tuple[SourceFreshness, ...]
    stale_after_days: int

    @property
    def data_as_of(self) -> str:
        """The newest retrieval date across sources (what "Data as of" shows)."""
        dates = [s.retrieved[:10] for s in self.sources if s.retrieved]
        return max(dates) if dates else ""

    @property
    def oldest_retrieval(self) -> str:
        dates = [s.retrieved[:10] for s in self.sources if s.retrieved]
        return min(dates) if dates else ""

    @property
    def notices(self) -> list[SourceFreshness]:
        return [s for s in self.sources if s.stale or s.failed]


@dataclass
class Snapshot:
    """Everything derived from one store state.

    The cheap parts (freshness, series names, the article) are built at once; the comparison
    itself (``result``) is evaluated on first need — or ahead of time by `warm_up` — because
    it can take seconds on a very large store, and the page shell must not wait for it.
    """

    key: tuple
    freshness: Freshness
    freshness_day: date | None = None  # ages are in days: recomputed when the day changes
    series_meta: dict = field(default_factory=dict)  # (source, series) -> SeriesMeta
    article: Any = None  # indicators.claims.Article (None if the claims file is broken)
    result: Any = None  # indicators.judge.compare.ArticleResult, once evaluated
    error: str = ""  # why the article could not be evaluated (shown, never a traceback)
    evaluated: bool = False
    series_cache: dict[tuple, list] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)


def _parse_date(text: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        try:
            return date.fromisoformat(text[:10])
        except ValueError:
            return None


def compute_freshness(store: Store, stale_after_days: int, now: datetime) -> Freshness:
    """Per source: the last attempt (ok or failed) and the age of the data in use.

    Reads only the refresh log and the fetch records (small tables), never the observations.
    """
    today = now.astimezone(UTC).date()
    refreshes = store.refreshes()
    out: list[SourceFreshness] = []
    for source in sorted({r.source for r in refreshes}):
        mine = [r for r in refreshes if r.source == source and r.status != "running"]
        if not mine:
            continue
        last = mine[-1]
        ok = [r for r in mine if r.status == "ok"]
        last_ok = ok[-1] if ok else None
        fetched = [f.accessed_at for f in store.fetches(source) if f.accessed_at]
        retrieved = max(fetched) if fetched else (last_ok.finished_at or "" if last_ok else "")
        retrieved_date = _parse_date(retrieved)
        age = (today - retrieved_date).days if retrieved_date else None
        out.append(
            SourceFreshness(
                source=source,
                retrieved=retrieved,
                publisher_updated=(last_ok.publisher_updated or "") if last_ok else "",
                last_status=last.status,
                last_attempt=last.finished_at or last.started_at,
                last_kind=last.kind,
                last_error=last.error or "",
                age_days=age,
                stale=age is None or age > stale_after_days,
                failed=last.status == "failed",
            )
        )
    return Freshness(sources=tuple(out), stale_after_days=stale_after_days)


def stale_after_days_from_env(default: int = DEFAULT_STALE_AFTER_DAYS) -> int:
    raw = os.environ.get(STALE_ENV_VAR, "").strip()
    return int(raw) if raw.isdigit() else default


class DashboardData:
    """The dashboard's view of one store file (read-only)."""

    def __init__(
        self,
        store_path: Path | str | None = None,
        *,
        stale_after_days: int = DEFAULT_STALE_AFTER_DAYS,
        claims_path: Path | str | None = None,
        clock: Callable[[], datetime] = utc_now,
    ):
        self.store_path = Path(store_path) if store_path else default_store_path()
        self.stale_after_days = stale_after_days
        self.claims_path = claims_path
        self.clock = clock
        self._local = threading.local()
        self._lock = threading.Lock()
        self._snapshot: Snapshot | None = None

    # -- connections -------------------------------------------------------------------
    def store(self) -> Store:
        """This thread's read-only connection; reopened when the file was replaced."""
        path = self.store_path
        if not path.exists() or path.stat().st_size == 0:
            self._drop_connection()
            raise StoreUnavailable(
                "missing", f"There is no Claimcheck store at {path} yet."
            )
        ident = _file_identity(path)
        cached = getattr(self._local, "store", None)
        if cached is not None and self._local.ident == ident:
            return cached
        self._drop_connection()
        try:
            store = Store.open(path, read_only=True)
        except StoreError as exc:
            raise StoreUnavailable("unusable", str(exc)) from exc
        self._local.store, self._local.ident = store, ident
        return store

    def _drop_connection(self) -> None:
        cached = getattr(self._local, "store", None)
        if cached is not None:
            cached.close()
            self._local.store = None

    # -- the cached state ----------------------------------------------------------------
    def state_key(self, store: Store) -> tuple:
        try:
            refreshes = store.refreshes()
        except Exception as exc:  # an SQLite file that is not a Claimcheck store
            raise StoreUnavailable("unusable", f"{self.store_path}: {exc}") from exc
        last = refreshes[-1] if refreshes else None
        head = (last.id, last.status, last.finished_at) if last else None
        return (_file_identity(self.store_path), head, len(refreshes), self._claims_version())

    def _claims_version(self) -> tuple | None:
        # An edited claims file is a new state too (the verdicts depend on it).
        from indicators.claims.load import DEFAULT_CLAIMS_FILE

        try:
            st = Path(self.claims_path or DEFAULT_CLAIMS_FILE).stat()
        except OSError:
            return None
        return (st.st_ino, st.st_mtime_ns, st.st_size)

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
            snap = self._build(store, key)
            self._snapshot = snap
            return snap

    def _build(self, store: Store, key: tuple) -> Snapshot:
        from indicators.claims.load import load_claims

        now = self.clock()
        snap = Snapshot(key=key, freshness=compute_freshness(store, self.stale_after_days, now),
                        freshness_day=now.date(), series_meta=store.series_meta())
        try:
            snap.article = load_claims(self.claims_path).article
        except Exception as exc:  # a broken claims file: say so on the page, keep serving
            snap.error = f"{type(exc).__name__}: {exc}"
            snap.evaluated = True
        return snap

    def evaluated(self) -> Snapshot:
        """The current snapshot with the comparison evaluated (once per store state)."""
        snap = self.snapshot()
        if snap.evaluated:
            return snap
        with snap.lock:
            if not snap.evaluated:
                from indicators.judge import compare

                try:
                    snap.result = compare.evaluate_article(self.store(), self.claims_path)
                except StoreError as exc:
                    raise StoreUnavailable("unusable", str(exc)) from exc
                except Exception as exc:  # shown on the page instead of a traceback
                    snap.error = f"{type(exc).__name__}: {exc}"
                snap.evaluated = True
        return snap

    def warm_up(self) -> threading.Thread:
        """Evaluate in the background, so the first reader does not wait for it."""

        def run() -> None:
            try:
                self.evaluated()
            except Exception:  # a missing store or broken file is reported on the page instead
                pass
            finally:
                self._drop_connection()

        thread = threading.Thread(target=run, name="claimcheck-warm-up", daemon=True)
        thread.start()
        return thread

    def series(self, claim: Any, reading_id: str, economy: str) -> list:
        """A reading's time series for one economy (the claim's subject or a peer), cached."""
        from indicators.judge import compare

        snap = self.evaluated()
        cache_key = (claim.id, reading_id, economy)
        if cache_key not in snap.series_cache:
            reading = next(r for r in claim.readings if r.id == reading_id)
            snap.series_cache[cache_key] = compare.reading_series(
                self.store(), reading, economy, subject=claim.subject
            )
        return snap.series_cache[cache_key]


def _file_identity(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_dev, st.st_ino)
