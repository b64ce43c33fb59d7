#!/usr/bin/env bash
# The performance benchmark (a script, not a test: it prints numbers and asserts nothing on time):
#   1. the public form's download: wasm, js, css, total; raw, gzip, brotli;
#   2. list requests for a full fill, and how many were repeated;
#   3. kiosk: JS heap (after GC) and wasm memory before and after CYCLES fill/submit/reset cycles;
#   4. CSV import: parse + check rows per second in the release wasm (CSV_ROWS rows, median of 5),
#      and the same work natively;
#   5. the script embed on an emulated phone (Slow 4G, 4x CPU): largest paint and form ready, and the
#      short form's city select; then
#      Lighthouse, mobile preset, on the script embed, the iframe example and the module embed
#      (median of LIGHTHOUSE_RUNS, default 3; LIGHTHOUSE_RUNS=0 skips Lighthouse);
#   6. the field sets at 390 px (visible controls, height) and the short form's time to a confirmed
#      lead on an emulated phone;
#   7. with BENCH_PROXY=1, the proxy against nginx (scripts/bench-proxy.sh).
#   CYCLES=1000 CSV_ROWS=5000 scripts/bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh >/dev/null
source scripts/env.sh
CYCLES=${CYCLES:-1000}
scripts/build.sh >/dev/null 2>&1
cargo build -q -p dms-sim -p proxy
echo "== 1. public form download (and the dealer entry's)"
scripts/bundle-size.sh || true
echo
echo "== 2-3. requests for a full fill; kiosk memory over $CYCLES cycles"
(cd e2e && node bench/form.mjs "$CYCLES")
echo
echo "== 4. CSV import throughput"
(cd e2e && node bench/csv.mjs "${CSV_ROWS:-5000}" 5)
# The same work natively, for comparison (and for profiling with native tools).
cargo run -q --release -p dms-sim --example csv_import "${CSV_ROWS:-5000}" 5 | tail -1
echo
echo "== 5. script embed on an emulated phone"
(cd e2e && node bench/first-paint.mjs 5 | tail -1)
(cd e2e && node bench/city-select.mjs 5)
if [ "${LIGHTHOUSE_RUNS:-3}" != 0 ]; then
  echo "== 5. Lighthouse (mobile)"
  # Not a test dependency: installed here, on first use only.
  [ -d e2e/lighthouse/node_modules/lighthouse ] || (cd e2e/lighthouse && npm install --no-audit --no-fund >/dev/null)
  (cd e2e/lighthouse && node run.mjs "${LIGHTHOUSE_RUNS:-3}")
fi
echo
echo "== 6. field sets on a phone"
(cd e2e && node bench/field-sets.mjs 3)
if [ "${BENCH_PROXY:-0}" = 1 ]; then
  echo
  echo "== 7. proxy vs nginx"
  scripts/bench-proxy.sh
fi
