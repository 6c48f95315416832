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
  "$ROOT/scripts/apt-install.sh" npm
fi
mkdir -p "$DEST"
npm install --prefix "$DEST" --no-save --no-audit --no-fund --no-package-lock \
  "axe-core@$VERSION" >/dev/null
test -f "$DEST/node_modules/axe-core/axe.min.js"
echo "axe-core $VERSION installed in $DEST"
