#!/usr/bin/env bash
# Prints the public form's download (dist/: wasm + js + css), raw, gzip -9 and brotli -q 11, against
# the budget, and fails when the brotli total is over the enforced ceiling. The dealer entry
# (dist/dealer/) is printed first, for the record.
#
# CEILING is the product's hard ceiling (100 KB brotli), enforced. TARGET is the goal below it
# (60 KB, issue 6), printed for the record. RATCHET_BASE is the public bundle as last measured on
# purpose: the script fails above it + RATCHET_SLACK, so a change that adds a few kilobytes by
# accident (a HashMap, a format!, float printing) shows at once. To move it on purpose, set
# RATCHET_BASE to the new total this script prints and say why in the commit body.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=60000
CEILING=100000
RATCHET_BASE=99996
RATCHET_SLACK=2048
shopt -s nullglob
# What a page with the form downloads: the wasm, its JS glue, the loader and the styles.
files=(dist/*.wasm dist/dms-lead-widget.js dist/boot.js dist/*.css)
[ ${#files[@]} -gt 0 ] || { echo "bundle-size: dist/ is empty; run scripts/build.sh" >&2; exit 1; }
# Prints one table; leaves the brotli total in $total_br.
table() {
  local title=$1; shift
  printf '%-32s %10s %10s %10s\n' "$title" raw gzip brotli
  total_raw=0; total_gz=0; total_br=0
  for f in "$@"; do
    raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c); br=$(brotli -c -q 11 "$f" | wc -c)
    total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
    printf '%-32s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
  done
  printf '%-32s %10d %10d %10d\n' "total" "$total_raw" "$total_gz" "$total_br"
}
dealer=(dist/dealer/*.wasm dist/dealer/*.js dist/dealer/*.css)
if [ ${#dealer[@]} -gt 0 ]; then
  # The dealer entry loads on the portal only; printed for the record, not budgeted.
  table "dealer entry (not budgeted)" "${dealer[@]}"
  echo
fi
table "public bundle" "${files[@]}"
printf 'brotli total %d bytes: %d%% of the %d-byte target, %d%% of the enforced %d-byte ceiling\n' \
  "$total_br" $((100 * total_br / TARGET)) "$TARGET" $((100 * total_br / CEILING)) "$CEILING"
[ "$total_br" -le "$TARGET" ] || echo "bundle-size: OVER the ${TARGET}-byte target by $((total_br - TARGET)) bytes"
ratchet=$((RATCHET_BASE + RATCHET_SLACK))
printf 'ratchet: %d bytes (%+d against the recorded %d)\n' "$ratchet" $((total_br - RATCHET_BASE)) "$RATCHET_BASE"
if [ "$total_br" -gt "$CEILING" ]; then
  echo "bundle-size: the public form is over its ceiling" >&2
  exit 1
fi
if [ "$total_br" -gt "$ratchet" ]; then
  echo "bundle-size: the public form grew $((total_br - RATCHET_BASE)) bytes over the recorded $RATCHET_BASE (more than $RATCHET_SLACK)." >&2
  echo "bundle-size: find what grew, or move RATCHET_BASE in scripts/bundle-size.sh on purpose (README: Bundle size)." >&2
  exit 1
fi
