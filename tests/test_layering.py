"""The packages import one way only: a wrong arrow (an import running back up) fails here.

The layers, top to bottom (README "Architecture"); a module may import from its own layer and
from any layer below it, never from one above:

    commands, cli, dashboard, publish
    output
    judge
    sources, refresh
    draft             (article text → drafted claims: reads the claims format, nothing above)
    claims
    cache             (and of the layers below, only indicators.models)
    models, numbers, atomic, periods, money, wording

Imports are read with `ast` (inside functions and ``TYPE_CHECKING`` blocks too), so nothing is
imported to check them. A new package must be given a layer here before it can be imported.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("indicators", "cache", "dashboard", "publish")

# (layer, module prefixes), top first.
LAYERS: list[tuple[str, tuple[str, ...]]] = [
    ("commands", ("indicators.commands", "indicators.cli", "dashboard", "publish")),
    ("output", ("indicators.output",)),
    ("judge", ("indicators.judge",)),
    ("sources", ("indicators.sources", "indicators.refresh", "indicators.bulk_import")),
    ("draft", ("indicators.draft",)),
    ("claims", ("indicators.claims",)),
    ("cache", ("cache",)),
    ("base", ("indicators.models", "indicators.numbers", "indicators.atomic",
              "indicators.periods", "indicators.money", "indicators.wording")),
]
# Below its own layer, cache/ may import nothing but the typed records.
CACHE_MAY_IMPORT = ("indicators.models",)


def layer_of(module: str) -> int | None:
    """The index in `LAYERS` of ``module`` (0 = top), or None for a module in no layer."""
    for index, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return index
    return None


def module_name(path: Path, root: Path = ROOT) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def imported_modules(source: str, module: str, root: Path = ROOT) -> set[str]:
    """The project modules ``source`` (the text of ``module``) imports, by their full names.

    ``from indicators import atomic`` names ``indicators.atomic`` (a submodule), while
    ``from indicators.models import Observation`` names ``indicators.models``.
    """
    found: set[str] = set()
    package = module if (root / Path(*module.split(".")) / "__init__.py").exists() else (
        module.rpartition(".")[0])
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                sub = f"{base}.{alias.name}"
                is_module = ((root / Path(*sub.split("."))).with_suffix(".py").exists()
                             or (root / Path(*sub.split(".")) / "__init__.py").exists())
                found.add(sub if is_module else base)
    return {m for m in found if m.split(".")[0] in PACKAGES}


def wrong_arrows(module: str, imports: set[str]) -> list[str]:
    """Every import of ``module`` that runs against the layers, as "a -> b: why"."""
    here = layer_of(module)
    problems = []
    for target in sorted(imports):
        there = layer_of(target)
        if here is None or there is None:
            missing = module if here is None else target
            if missing.split(".")[0] == "indicators" and missing.count(".") == 0:
                continue  # the namespace package itself
            problems.append(f"{module} -> {target}: {missing} is in no layer (add it to "
                            "tests/test_layering.py LAYERS)")
            continue
        if there < here:
            problems.append(f"{module} -> {target}: {LAYERS[here][0]} may not import "
                            f"{LAYERS[there][0]} (above it)")
        elif LAYERS[here][0] == "cache" and there > here and not any(
            target == p or target.startswith(p + ".") for p in CACHE_MAY_IMPORT
        ):
            problems.append(f"{module} -> {target}: cache/ may import only "
                            f"{', '.join(CACHE_MAY_IMPORT)} below it")
    return problems


def project_modules() -> dict[str, Path]:
    modules = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")) if (ROOT / package).exists() else ():
            modules[module_name(path)] = path
    return modules


def test_every_import_runs_down_the_layers():
    problems = []
    for module, path in project_modules().items():
        problems += wrong_arrows(module, imported_modules(path.read_text(encoding="utf-8"),
                                                         module))
    assert not problems, "imports against the layers:\n" + "\n".join(problems)


def test_cache_imports_nothing_of_the_importers_or_above():
    cache = {m: p for m, p in project_modules().items() if m.split(".")[0] == "cache"}
    assert "cache.bundle" in cache and "cache.store" in cache
    for module, path in cache.items():
        for target in imported_modules(path.read_text(encoding="utf-8"), module):
            assert target.split(".")[0] == "cache" or target in CACHE_MAY_IMPORT, (
                f"{module} imports {target}")


def test_a_wrong_arrow_is_reported():
    # The check itself must be able to fail: arrows that run back up, and one from cache/ to
    # a bottom module other than the models, are each named.
    cases = {
        ("cache.bundle", "from indicators.sources.reference import import_reference_folder"):
            "cache may not import sources",
        ("cache.store", "import indicators.numbers"): "cache/ may import only",
        ("indicators.judge.verdicts", "from indicators.output import display"):
            "judge may not import output",
        ("indicators.claims.load", "from indicators.refresh import refresh_sources"):
            "claims may not import sources",
        ("indicators.models", "from cache.store import Store"): "base may not import cache",
        ("indicators.sources.usgs", "from ..judge import compare"):
            "sources may not import judge",
        ("indicators.draft.writer", "from indicators.judge.verdicts import judge"):
            "draft may not import judge",
        ("indicators.claims.load", "from indicators.draft.pipeline import draft_text"):
            "claims may not import draft",
        ("indicators.publish2.text", "from indicators.models import Observation"):
            "indicators.publish2.text is in no layer",
    }
    for (module, source), expected in cases.items():
        problems = wrong_arrows(module, imported_modules(source, module))
        assert len(problems) == 1 and expected in problems[0], (module, problems)
    # and arrows that run down are not
    assert not wrong_arrows("indicators.commands.check", imported_modules(
        "from indicators.output.display import fmt_number\nfrom cache.store import Store\n"
        "from indicators import atomic", "indicators.commands.check"))
