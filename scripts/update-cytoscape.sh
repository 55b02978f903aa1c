#!/usr/bin/env bash
# Vendors cytoscape.js from the npm registry into vendor/cytoscape/ (the minified browser build
# and its LICENSE), pinned to one version, for the explorer's topic-graph view. The binary embeds
# these files with include_str!, so the site needs no network. Usage:
#   scripts/update-cytoscape.sh            # the version pinned in vendor/cytoscape/VERSION
#   scripts/update-cytoscape.sh 3.36.0     # move the pin (then rebuild and run .ci/run)
#   scripts/update-cytoscape.sh latest     # what `npm view cytoscape version` says
set -euo pipefail
cd "$(dirname "$0")/.."
dest=vendor/cytoscape
version="${1:-$(cat "$dest/VERSION")}"
if [ "$version" = latest ]; then
    version="$(npm view cytoscape version)"
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack --silent "cytoscape@$version" >/dev/null && tar xzf "cytoscape-$version.tgz")
cp "$work/package/dist/cytoscape.min.js" "$dest/cytoscape.min.js"
cp "$work/package/LICENSE" "$dest/LICENSE"
echo "$version" >"$dest/VERSION"
echo "vendored cytoscape $version into $dest"
