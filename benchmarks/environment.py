"""The environment every benchmarked command runs in: the project as a user has it installed.

pip compiles an installed package's bytecode (``.pyc``) when it installs it, and Python writes
it on first import otherwise; a machine that sets ``PYTHONDONTWRITEBYTECODE`` (this sandbox
does) would make every timed start compile ~90 of the project's modules from source again,
~0.15 s that no user pays after the first run. So the project's packages are compiled once,
and the variable is dropped for the commands measured.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("cache", "dashboard", "indicators", "publish", "benchmarks")


def installed_env(**extra: str) -> dict[str, str]:
    """``os.environ`` with the project's bytecode compiled and written, plus ``extra``."""
    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    return {**env, "PYTHONPATH": str(ROOT), **extra}
