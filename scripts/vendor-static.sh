#!/usr/bin/env bash
# Refreshes the vendored front-end files under static/vendor/ from the npm registry.
# Government intranets have no internet, so pages never load from a CDN; this script is run
# by a developer when upgrading, and its output (with VERSIONS.txt) is committed.
set -euo pipefail
cd "$(dirname "$0")/.."
BOOTSTRAP=5.3.8
BOOTSTRAP_ICONS=1.13.1
HTMX=2.0.7
ECHARTS=5.6.0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "bootstrap@$BOOTSTRAP" "bootstrap-icons@$BOOTSTRAP_ICONS" "htmx.org@$HTMX" "echarts@$ECHARTS" >/dev/null)
for f in "$tmp"/*.tgz; do mkdir -p "$tmp/x/$(basename "$f" .tgz)"; tar -xzf "$f" -C "$tmp/x/$(basename "$f" .tgz)"; done
out=static/vendor
rm -rf "$out"; mkdir -p "$out/bootstrap" "$out/bootstrap-icons/fonts" "$out/htmx" "$out/echarts"
cp "$tmp"/x/bootstrap-*/package/dist/css/bootstrap.min.css "$out/bootstrap/"
cp "$tmp"/x/bootstrap-*/package/dist/js/bootstrap.bundle.min.js "$out/bootstrap/"
cp "$tmp"/x/bootstrap-icons-*/package/font/bootstrap-icons.min.css "$out/bootstrap-icons/"
cp "$tmp"/x/bootstrap-icons-*/package/font/fonts/bootstrap-icons.woff2 "$tmp"/x/bootstrap-icons-*/package/font/fonts/bootstrap-icons.woff "$out/bootstrap-icons/fonts/"
cp "$tmp"/x/htmx.org-*/package/dist/htmx.min.js "$out/htmx/"
cp "$tmp"/x/echarts-*/package/dist/echarts.min.js "$out/echarts/"
# Source maps are not shipped; drop their references so hashed static storage finds every file.
find "$out" -name '*.js' -o -name '*.css' | xargs sed -i -E '/^\/[\/*]# sourceMappingURL=/d'
cat > "$out/VERSIONS.txt" <<V
bootstrap $BOOTSTRAP
bootstrap-icons $BOOTSTRAP_ICONS
htmx.org $HTMX
echarts $ECHARTS
V
echo "vendored into $out"
