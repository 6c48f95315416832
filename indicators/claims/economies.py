"""Economy names as they appear in publications → ISO 3166 alpha-3 codes.

A code table, not data: it says which economy a name refers to. Names not listed here are
rejected by the importers with a message, never guessed.
"""

from __future__ import annotations

NAME_TO_CODE: dict[str, str] = {
    "Belarus": "BLR",
    "Belarús": "BLR",
    "Russia": "RUS",
    "Russian Federation": "RUS",
    "Federación de Rusia": "RUS",
    "Ukraine": "UKR",
    "Ucrania": "UKR",
    "Poland": "POL",
    "Polonia": "POL",
    "Lithuania": "LTU",
    "Lituania": "LTU",
    "Kazakhstan": "KAZ",
    "Kazajstán": "KAZ",
    "World": "WLD",
    "Mundo": "WLD",
    "World total (rounded)": "WLD",
    "USSR": "SUN",  # ISO 3166-3 code of the former Soviet Union
    "Canada": "CAN",
    "United States": "USA",
    "Brazil": "BRA",
    "Chile": "CHL",
    "China": "CHN",
    "Germany": "DEU",
    "Israel": "ISR",
    "Jordan": "JOR",
    "Laos": "LAO",
    "Spain": "ESP",
    "UK": "GBR",
    "United Kingdom": "GBR",
    "Netherlands": "NLD",
    "Turkey": "TUR",
    "Uzbekistan": "UZB",
    "Other countries": "OTHER",
    "Russia + China": "RUS+CHN",
}

CODE_TO_NAME: dict[str, str] = {
    "BLR": "Belarus",
    "RUS": "Russia",
    "UKR": "Ukraine",
    "POL": "Poland",
    "LTU": "Lithuania",
    "KAZ": "Kazakhstan",
    "WLD": "World",
    "SUN": "USSR",
    "CAN": "Canada",
    "USA": "United States",
    "CHN": "China",
    "DEU": "Germany",
    "GBR": "United Kingdom",
    "OTHER": "Other countries",
}


# World Bank aggregate codes (regions, income and lending groups, the world, "not classified"):
# never ranked among economies. The codes of the WDI economy list without a region.
AGGREGATES = frozenset((
    "AFE AFW ARB CEB CSS EAP EAR EAS ECA ECS EMU EUU FCS HIC HPC IBD IBT IDA IDB IDX INX LAC "
    "LCN LDC LIC LMC LMY LTE MEA MIC MNA NAC OED OSS PRE PSS PST SAS SSA SSF SST TEA TEC TLA "
    "TMN TSA TSS UMC WLD").split())


def is_economy(code: str) -> bool:
    """An ISO3 economy code, not an aggregate ("WLD", "EUU") or a bucket ("OTHER")."""
    return len(code) == 3 and code.isalpha() and code.isupper() and code not in AGGREGATES


def code_for(name: str) -> str | None:
    """The ISO3 code for a published economy name, or None if the name is unknown."""
    name = name.strip()
    if len(name) == 3 and name.isupper():
        return name
    return NAME_TO_CODE.get(name)


def display_name(code: str) -> str:
    return CODE_TO_NAME.get(code, code)
