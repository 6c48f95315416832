"""A small fake adapter for refresh tests, fed from the bundled snapshot (no typed statistics).

`FakeSource` returns the snapshot's current World Bank values (optionally scaled, or with one
extra year), relabelled with its own source name. It can fail in the ways real sources fail,
report progress, block until a file appears (for lock tests), and hand out a "poison" row that
kills the process when the store reads it mid-insert (for crash tests).
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from cache.bundle import snapshot_observations
from indicators.models import FetchRecord, Observation, SourceBatch
from indicators.sources.base import FetchContext

FIXED_NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
API_VINTAGE = "2099-01-01"  # a vintage label newer than any bundled one, not a statistic


@lru_cache(maxsize=1)
def _current_worldbank() -> tuple[Observation, ...]:
    """The newest bundled vintage of each World Bank quantity (what a new store shows)."""
    best: dict[tuple, Observation] = {}
    for o in snapshot_observations():
        if o.source == "worldbank" and o.vintage_date:
            if o.key not in best or o.vintage_date > (best[o.key].vintage_date or ""):
                best[o.key] = o
    return tuple(sorted(best.values(), key=lambda o: o.key))


def make_ctx(progress=None) -> FetchContext:
    ctx = FetchContext(http=None, clock=lambda: FIXED_NOW)
    return replace(ctx, progress=progress) if progress else ctx


class Poison(Observation):
    """Kills the process (SIGKILL: no cleanup, no rollback) when the store reads its note."""

    def __getattribute__(self, name):
        if name == "note":
            os.kill(os.getpid(), signal.SIGKILL)
        return super().__getattribute__(name)


class FakeSource:
    licence = "test"

    def __init__(
        self,
        name: str = "worldbank",
        *,
        scale: float = 1.0,
        keep_vintage: bool = True,
        extra_year: bool = False,
        limit: int | None = 200,
        error: BaseException | None = None,
        empty: bool = False,
        poison_at: int | None = None,
        started_flag: Path | None = None,
        release_flag: Path | None = None,
        sleep: float = 0.0,
    ):
        self.name = name
        self.title = f"fake {name}"
        self.scale = scale
        self.keep_vintage = keep_vintage
        self.extra_year = extra_year
        self.limit = limit
        self.error = error
        self.empty = empty
        self.poison_at = poison_at
        self.started_flag = started_flag
        self.release_flag = release_flag
        self.sleep = sleep
        self.calls = 0

    def observations(self) -> list[Observation]:
        rows = list(_current_worldbank()[: self.limit])
        out = [
            replace(
                o, source=self.name, value=o.value * self.scale,
                publisher_updated=o.publisher_updated if self.keep_vintage else API_VINTAGE,
                retrieved_at="2026-12-01T08:00:00Z", origin=f"https://example.test/{self.name}",
            )
            for o in rows
        ]
        if self.extra_year:
            last = max(out, key=lambda o: o.year)
            out.append(replace(last, year=last.year + 1))
        if self.poison_at is not None:
            victim = out[self.poison_at]
            out[self.poison_at] = Poison(**{
                f: getattr(victim, f) for f in Observation.__dataclass_fields__
            })
        return out

    @property
    def publisher_updated(self) -> str:
        obs = self.observations() if self.poison_at is None else []
        return max((o.publisher_updated for o in obs), default=API_VINTAGE)

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        self.calls += 1
        if self.started_flag:
            self.started_flag.write_text(str(os.getpid()))
        if self.release_flag:
            deadline = time.monotonic() + 60
            while not self.release_flag.exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        if self.sleep:
            time.sleep(self.sleep)
        ctx.progress(0, 2, "asking the fake server")
        if self.error is not None:
            raise self.error
        ctx.progress(1, 2, "parsing")
        observations = [] if self.empty else self.observations()
        ctx.progress(2, 2, "done")
        return SourceBatch(
            source=self.name,
            observations=observations,
            fetches=[FetchRecord(source=self.name, url=f"https://example.test/{self.name}",
                                 accessed_at="2026-12-01T08:00:00Z",
                                 publisher_updated=self.publisher_updated)],
        )
