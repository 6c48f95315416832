"""Which command fills a measure that has no rows yet: named in every no-data explanation.

`refresh_instruction` is the one place that words it. A live refresh fetches what a source's
configuration lists; a World Bank series or economy that `indicators/config/worldbank.toml`
does not list is fetched once it is added there (the exact series and economy codes are named).
When a command that refreshes exactly what a claims file needs exists (``claimcheck refresh
--claims FILE``), this function is where it is named instead: callers pass ``claims_path``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path

from indicators.claims.model import SeriesRef

WORLDBANK = "worldbank"


@functools.cache
def _worldbank_coverage() -> tuple[frozenset[str], frozenset[str]]:
    """(series, economies) that `claimcheck refresh --source worldbank` fetches."""
    from indicators.sources.worldbank import load_config

    try:
        config = load_config()
    except Exception:  # a broken config is reported by refresh itself, not by a hint
        return frozenset(), frozenset()
    return frozenset(config.all_series), frozenset(config.economies)


def not_fetched(refs: Iterable[SeriesRef]) -> tuple[list[str], list[str]]:
    """The World Bank series and economies among ``refs`` that the refresh does not fetch."""
    series, economies = _worldbank_coverage()
    wb = [r for r in refs if r.source == WORLDBANK]
    missing_series = sorted({r.series for r in wb if r.series not in series})
    missing_economies = sorted({code for r in wb for code in (r.economy, r.counterpart)
                                if code and code not in economies})
    return missing_series, missing_economies


def refresh_instruction(sources: Iterable[str], refs: Iterable[SeriesRef],
                        claims_path: Path | str | None = None) -> str:
    """E.g. "`claimcheck refresh --source worldbank` fetches" or, for a World Bank series the
    configuration does not list, what to add to it before that command."""
    sources = list(sources)
    command = f"`claimcheck refresh {' '.join(f'--source {s}' for s in sources)}`"
    if WORLDBANK not in sources:
        return f"{command} fetches"
    series, economies = not_fetched(refs)
    if not series and not economies:
        return f"{command} fetches"
    wanted = " and ".join(x for x in (
        f"the series {', '.join(series)}" if series else "",
        f"the economies {', '.join(economies)}" if economies else "") if x)
    return (f"{command} fetches only what indicators/config/worldbank.toml lists: add {wanted} "
            f"there, then {command} fetches")
