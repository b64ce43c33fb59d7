#!/usr/bin/env bash
# Prints the public form's download (dist/: wasm + js + css), raw, gzip -9 and brotli -q 11, and
# fails when the brotli total is over the ceiling (bytes; default 100 KB).
set -euo pipefail
cd "$(dirname "$0")/.."
CEILING=${BUNDLE_CEILING_BROTLI:-100000}
shopt -s nullglob
files=(dist/*.wasm dist/*.js dist/*.css)
[ ${#files[@]} -gt 0 ] || { echo "bundle-size: dist/ is empty; run trunk build --release" >&2; exit 1; }
printf '%-32s %10s %10s %10s\n' "public bundle" raw gzip brotli
total_raw=0; total_gz=0; total_br=0
for f in "${files[@]}"; do
  raw=$(wc -c < "$f"); gz=$(gzip -9c "$f" | wc -c); br=$(brotli -c -q 11 "$f" | wc -c)
  total_raw=$((total_raw + raw)); total_gz=$((total_gz + gz)); total_br=$((total_br + br))
  printf '%-32s %10d %10d %10d\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
printf '%-32s %10d %10d %10d\n' "total" "$total_raw" "$total_gz" "$total_br"
printf 'brotli total %d bytes of a %d-byte ceiling (%d%%)\n' "$total_br" "$CEILING" $((100 * total_br / CEILING))
if [ "$total_br" -gt "$CEILING" ]; then
  echo "bundle-size: the public form is over its ceiling" >&2
  exit 1
fi
