"""What a set of claims files needs from each source: series × (economy, counterpart) keys.

`claimcheck refresh` asks the World Bank adapters for exactly these (plus their configured
defaults). A reading needs every alternative of its measure for the claim's subject (as the
file writes it) and, where the reading shows peers, the same measure for each peer economy —
the keys `indicators.judge.measuring.peer_results` reads, so nothing is fetched that no output
would show. Each code remembers the files that asked for it, so a message about an unknown or
empty code can say where it comes from. Pure: no store, no network.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from indicators.claims.model import Claim, ClaimsFile, Reading, SeriesRef


@dataclass
class SourceNeeds:
    """One source's needs: series → the (economy, counterpart) keys read of it."""

    keys: dict[str, set[tuple[str, str]]] = field(default_factory=dict)
    files: dict[str, set[Path]] = field(default_factory=dict)  # any code → files naming it
    key_files: dict[tuple[str, str], set[Path]] = field(default_factory=dict)  # (series, economy)

    def add(self, ref: SeriesRef, path: Path) -> None:
        self.keys.setdefault(ref.series, set()).add((ref.economy, ref.counterpart))
        self.key_files.setdefault((ref.series, ref.economy), set()).add(path)
        for code in (ref.series, ref.economy, ref.counterpart):
            if code:
                self.files.setdefault(code, set()).add(path)

    @property
    def series(self) -> list[str]:
        return sorted(self.keys)

    @property
    def economies(self) -> list[str]:
        return sorted({e for keys in self.keys.values() for e, _ in keys})

    @property
    def counterparts(self) -> list[str]:
        return sorted({c for keys in self.keys.values() for _, c in keys if c})

    def economies_by_series(self) -> dict[str, set[str]]:
        return {s: {e for e, _ in keys} for s, keys in self.keys.items()}

    def where(self, code: str, economies: Iterable[str] = ()) -> str:
        """E.g. "moldova.toml" or "a.toml, b.toml": the files that name ``code`` (a series read
        for one of ``economies``, where given)."""
        economies = list(economies)
        found = (set().union(*(self.key_files.get((code, e), set()) for e in economies))
                 if economies else self.files.get(code, set()))
        return ", ".join(sorted(p.name for p in found))


def reading_refs(claim: Claim, reading: Reading) -> list[SeriesRef]:
    """Every series the outputs read for one reading: all alternatives, subject and peers."""
    measure = reading.measure
    refs = list(measure.all_refs())
    if reading.peers and measure.kind != "none":
        counterparts = {r.counterpart for r in measure.all_refs()}
        for economy in dict.fromkeys(claim.peers):
            if economy == claim.subject or economy in counterparts:
                continue  # as peer_results: the subject is not its own peer
            refs += measure.for_economy(claim.subject, economy).all_refs()
    return list(dict.fromkeys(refs))


def claims_needs(files: Iterable[ClaimsFile]) -> dict[str, SourceNeeds]:
    """Source → what the claims files read of it."""
    needs: dict[str, SourceNeeds] = {}
    for claims in files:
        for claim in claims.claims:
            for reading in claim.readings:
                for ref in reading_refs(claim, reading):
                    needs.setdefault(ref.source, SourceNeeds()).add(ref, Path(claims.path))
    return needs
