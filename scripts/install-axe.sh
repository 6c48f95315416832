#!/usr/bin/env bash
# Installs axe-core (the accessibility rules the browser tests run inside Chromium) from the npm
# registry into .test-tools/ (git-ignored). `make test` runs this; the browser tests also call
# it when the file is missing, and fail (never skip) when it cannot be installed.
set -euo pipefail
VERSION="${AXE_CORE_VERSION:-4.14.1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.test-tools"
if [ -f "$DEST/node_modules/axe-core/axe.min.js" ] && \
   grep -q "\"version\": \"$VERSION\"" "$DEST/node_modules/axe-core/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "install-axe: npm is needed to install axe-core $VERSION; install Node.js and npm" >&2
    exit 1
  fi
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq npm >/dev/null
fi
mkdir -p "$DEST"
npm install --prefix "$DEST" --no-save --no-audit --no-fund --no-package-lock \
  "axe-core@$VERSION" >/dev/null
test -f "$DEST/node_modules/axe-core/axe.min.js"
echo "axe-core $VERSION installed in $DEST"
