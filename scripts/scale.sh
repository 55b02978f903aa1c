#!/usr/bin/env bash
# The scale table: synthetic archives of growing size, each built once, with wall time and
# peak memory. Usage: scripts/scale.sh [SIZES...] (default 10000 30000 100000).
# Writes the archives under ${SCALE_DIR:-target/scale}; needs GNU time (/usr/bin/time).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=("${@:-10000 30000 100000}")
dir="${SCALE_DIR:-target/scale}"
cargo build --release -q --example synth
cargo build --release -q
mkdir -p "$dir"
printf '| episodes | notes (MB) | wall (s) | episodes/s | MB/s | peak memory (MiB) |\n'
printf '|---:|---:|---:|---:|---:|---:|\n'
for n in ${sizes[*]}; do
    notes="$dir/notes-$n"
    [ -d "$notes" ] || target/release/examples/synth --episodes "$n" --out "$notes"
    mb=$(du -sb "$notes" | awk '{printf "%.0f", $1 / 1e6}')
    stats=$( { /usr/bin/time -f '%e %M' target/release/podgraph build "$notes" -o "$dir/out-$n" --quiet --force >/dev/null; } 2>&1 | tail -1)
    read -r wall kb <<<"$stats"
    awk -v n="$n" -v mb="$mb" -v wall="$wall" -v kb="$kb" 'BEGIN {
        printf "| %d | %d | %.1f | %.0f | %.1f | %.0f |\n", n, mb, wall, n / wall, mb / wall, kb / 1024 }'
done
