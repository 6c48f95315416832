#!/usr/bin/env bash
# Creates the project's virtual environment ($1, default .venv) with $PYTHON (default python3).
# Debian 12 and other distributions refuse `pip install` into the system Python (PEP 668,
# "externally managed environment"), and Debian ships `venv` in a separate package: install
# python3-venv when it is missing (as root, or with sudo), else say what to install.
set -euo pipefail
VENV="${1:-.venv}"
PYTHON="${PYTHON:-python3}"
if [ -x "$VENV/bin/python" ]; then
  exit 0
fi
if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "make: $PYTHON not found; install Python 3.11 or newer (Debian: apt-get install python3)" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 11))'; then
  echo "make: Claimcheck needs Python 3.11 or newer; $PYTHON is $("$PYTHON" --version 2>&1)" >&2
  exit 1
fi
if ! "$PYTHON" -m venv "$VENV" >/dev/null 2>&1; then
  rm -rf "$VENV"
  echo "make: installing python3-venv (Debian ships venv separately)" >&2
  "$(dirname "$0")/apt-install.sh" python3-venv
  "$PYTHON" -m venv "$VENV"
fi
# (Debian 12's pip 23 already installs a pyproject project in editable mode: no upgrade.)
echo "make: created the virtual environment $VENV" >&2
