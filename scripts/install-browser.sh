#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser tests, if they are missing.
# The browser tests fail (they are never skipped) when these are absent.
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
"$(dirname "$0")/apt-install.sh" chromium chromium-driver
chromium --version
