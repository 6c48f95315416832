#!/usr/bin/env bash
# Replaces dashboard/vendor/plotly-basic.min.js with plotly.js's "basic" bundle (scatter, bar,
# pie: all the dashboard and the published site draw; 1.2 MB instead of the full bundle's 4.8 MB) from the npm
# registry, at the version of plotly.js that the installed plotly Python package embeds (a
# test checks that they match). Run it after upgrading plotly.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PY="${PYTHON:-$ROOT/.venv/bin/python}"
VERSION="$("$PY" -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
(cd "$TMP" && npm pack --silent "plotly.js-basic-dist-min@$VERSION" >/dev/null && tar xzf ./*.tgz)
cp "$TMP/package/plotly-basic.min.js" "$ROOT/dashboard/vendor/plotly-basic.min.js"
cp "$TMP/package/LICENSE" "$ROOT/dashboard/vendor/LICENSE.plotly.js.txt"
SHA="$(sha256sum "$ROOT/dashboard/vendor/plotly-basic.min.js" | cut -d' ' -f1)"
sed -i -e "1s/plotly\.js-basic-dist-min@[^ ]*/plotly.js-basic-dist-min@$VERSION/" \
    -e "2s/^sha256 .*/sha256 $SHA/" "$ROOT/dashboard/vendor/PROVENANCE.txt"
echo "plotly.js basic $VERSION in dashboard/vendor/ (sha256 $SHA)"
