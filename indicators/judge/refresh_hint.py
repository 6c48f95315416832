"""Which command fills a measure that has no rows yet: named in every no-data explanation.

`refresh_instruction` is the one place that words it. `claimcheck refresh` fetches, from the
World Bank (WDI, IDS), the configured series and economies plus every series × economy the
claims files read — by default the bundled articles and the user's claims folder. So a
reading of a World Bank series in a claims file is filled by ``claimcheck refresh --claims
<that file>`` (any code; the configuration need not list it); a bundled article's series are
fetched by every refresh, so its hint names the sources, as do the other sources' readings.
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from pathlib import Path


def refresh_instruction(sources: Iterable[str], claims_path: Path | str | None = None) -> str:
    """E.g. "`claimcheck refresh --claims moldova.toml` fetches" or
    "`claimcheck refresh --source imf` fetches"."""
    from indicators.sources.registry import claims_sources

    sources = list(sources)
    if claims_path and claims_sources() & set(sources) and not bundled(claims_path):
        return f"`claimcheck refresh --claims {shlex.quote(str(claims_path))}` fetches"
    return f"`claimcheck refresh {' '.join(f'--source {s}' for s in sources)}` fetches"


def bundled(claims_path: Path | str) -> bool:
    """Whether a claims file is one of the bundled articles (every refresh fetches for them)."""
    from indicators.claims.load import CLAIMFILES_DIR

    return Path(claims_path).resolve().parent == CLAIMFILES_DIR.resolve()
