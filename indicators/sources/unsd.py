"""UN Statistical Yearbook, "Production, trade and supply of energy" (UNSD, keyless CSV).

``https://data.un.org/_Docs/SYB/CSV/SYB<edition>_263_<yyyymm>_Production,%20Trade%20and%20Supply
%20of%20Energy.csv``. The file is UTF-8 with a byte-order mark and LF line ends; the first line is
a title row (``T23,"Production, trade and supply of energy",,,,,``), the second the header
``Region/Country/Area,,Year,Series,Value,Footnotes,Source`` (the area name column has no
heading); values carry thousands separators (``"7,562"``). Columns are found by name (the
unnamed one as the first without a heading), others are ignored, a missing one is named.
The edition and month in the file name are the publisher's version; the Source column names
the underlying Energy Statistics Yearbook.
"""

from __future__ import annotations

import csv
import io
import re
from typing import Any
from urllib.parse import unquote

from indicators.models import Observation, SourceBatch
from indicators.sources.base import FetchContext, SourceError
from indicators.sources.sourcekit import (
    ConfiguredSource,
    decode_text,
    find_columns,
    looks_like_html,
    not_a_number_reason,
    now_iso,
    parse_number,
)

NAME = "unsd"
_EDITION = re.compile(r"SYB(?P<edition>\d+)_\d+_(?P<year>\d{4})(?P<month>\d{2})_")
_UNIT = re.compile(r"\(([^()]*)\)\s*$")
AREA_CODE = "Region/Country/Area"
COLUMNS = (AREA_CODE, "Year", "Series", "Value")


def edition_of(url: str) -> str:
    """``SYB67_263_202411_…`` → ``2024-11 (SYB67)``: sortable, and says which yearbook."""
    m = _EDITION.search(unquote(url))
    return f"{m['year']}-{m['month']} (SYB{m['edition']})" if m else ""


def syb_header(rows: list[list[str]], origin: str) -> tuple[int, dict[str, int]]:
    """(index of the header row, column name → index): the header is the first of the first
    two lines that has the area code column (the line before it is the table's title)."""
    for i, row in enumerate(rows[:2]):
        if AREA_CODE in (c.strip().lstrip("\ufeff") for c in row):
            columns = find_columns(row, COLUMNS, what=f"{NAME}: {origin}")
            code = columns[AREA_CODE]
            unnamed = next((j for j, c in enumerate(row) if not c.strip()), None)
            columns["name"] = unnamed if unnamed is not None else code
            return i, columns
    raise SourceError(
        f"{NAME}: {origin} is not a UN Statistical Yearbook table (expected a title row, then "
        f"the header {AREA_CODE},,Year,Series,Value,…; got {rows[:2]!r:.200})"
    )


def parse_syb_energy(
    text: str, config: dict[str, Any], *, origin: str, publisher_updated: str, retrieved_at: str
) -> tuple[list[Observation], list[str]]:
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    start, col = syb_header(rows, origin)
    optional = {c: col.get(c) for c in ("Footnotes", "Source")}
    areas = {str(k): v for k, v in config["areas"].items()}
    series_map: dict[str, str] = config["series"]
    observations: list[Observation] = []
    rejected: list[str] = []
    width = 1 + max(i for i in col.values() if i is not None)
    for line, row in enumerate(rows[start + 1:], start=start + 2):
        cells = [c.strip() for c in row] + [""] * (width - len(row))
        code, name, year, series_text, value_text = (
            cells[col[c]] for c in (AREA_CODE, "name", "Year", "Series", "Value"))
        economy = areas.get(code)
        series = series_map.get(series_text)
        if economy is None or series is None:
            continue
        where = f"{origin.rsplit('/', 1)[-1]}:{line}"
        value = parse_number(value_text)
        if not year.isdigit():
            rejected.append(f"{where}: {name} {series_text}: year {year!r} is not a year")
            continue
        if value is None:
            rejected.append(f"{where}: {name} {year} {series_text}: "
                            f"{not_a_number_reason(value_text)}")
            continue
        footnote, source = (cells[i] if i is not None and i < len(cells) else ""
                            for i in optional.values())
        notes = [f"footnote {footnote}"] if footnote else []
        if source:
            notes.append(f"source: {source}")
        unit = _UNIT.search(series_text)
        observations.append(Observation(
            source=NAME, dataset=config["dataset"], series=series, economy=economy,
            year=int(year), value=value, unit=unit.group(1) if unit else "",
            publisher_updated=publisher_updated, retrieved_at=retrieved_at, origin=origin,
            note="; ".join(notes),
        ))
    return observations, rejected


class UnsdEnergySource(ConfiguredSource):
    """Adapter: UN Statistical Yearbook energy table → production, net imports, supply."""

    name = NAME
    title = "UN Statistical Yearbook: production, trade and supply of energy (data.un.org)"

    def series_specs(self):
        for text, code in self.config["series"].items():
            yield (code, text, m.group(1) if (m := _UNIT.search(text)) else "",
                   "UNSD Energy Statistics, as tabulated in the Statistical Yearbook (primary "
                   "energy, all fuels including nuclear heat).")

    def fetch(self, ctx: FetchContext) -> SourceBatch:
        tried: list[str] = []
        for i, url in enumerate(self.config["urls"]):
            ctx.progress(i, len(self.config["urls"]), url.rsplit("/", 1)[-1])
            response = ctx.http.get(url)
            if response.status_code == 404:
                tried.append(url)  # that edition is not (or no longer) published: try the next
                continue
            if not response.ok:
                raise SourceError(f"{NAME}: GET {url} returned HTTP {response.status_code}")
            if looks_like_html(response):
                raise SourceError(f"{NAME}: GET {url} returned an HTML page (HTTP "
                                  f"{response.status_code}) instead of the yearbook CSV")
            retrieved = now_iso(ctx)
            # Newer yearbook files are UTF-8, older ones Windows-1252/Latin-1.
            text, _ = decode_text(response.content, ("utf-8-sig", "cp1252", "latin-1"))
            edition = edition_of(url)
            observations, rejected = parse_syb_energy(
                text, self.config, origin=url, publisher_updated=edition, retrieved_at=retrieved)
            if not observations:
                raise SourceError(f"{NAME}: {url} has no rows for the configured areas and series")
            note = f"Statistical Yearbook table, edition {edition}"
            if tried:
                note += f"; not found first: {', '.join(u.rsplit('/', 1)[-1] for u in tried)}"
            return SourceBatch(
                source=NAME, observations=observations, series=self.series_meta(),
                fetches=[self.fetch_record(url, retrieved, edition, note)],
                rejected=rejected,
            )
        raise SourceError(f"{NAME}: none of the configured yearbook files exists (HTTP 404 for "
                          f"{', '.join(tried)}); add the current edition's URL to unsd.toml")
