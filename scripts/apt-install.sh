#!/usr/bin/env bash
# Installs Debian packages ("$@") with apt-get, as root or through sudo, for the other scripts
# here (browser, npm for axe-core, python3-venv); says what to run when it cannot.
set -euo pipefail
if ! command -v apt-get >/dev/null 2>&1; then
  echo "no apt-get here: install $* yourself" >&2
  exit 1
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "installing $* needs root: ask an administrator to run: apt-get install $*" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
