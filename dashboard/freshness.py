"""How current each source's data is: the last refresh attempt and the age of the rows in use.

Read from the refresh log and the fetch records (small tables), never the observations; shown
as "Data as of …" and as notices for failed or old sources.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime

from cache.store import Store

DEFAULT_STALE_AFTER_DAYS = 90
STALE_ENV_VAR = "CLAIMCHECK_STALE_AFTER_DAYS"


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
