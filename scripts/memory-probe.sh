#!/usr/bin/env bash
# Diagnosis (not a test): how much memory one repeated interaction keeps. Builds the form with the
# `heap-stats` feature (a counting allocator) into a temporary folder, then repeats the interaction.
#   [TRACE_SIZE=bytes] scripts/memory-probe.sh [region|type|invalid|company|vehicle|kiosk] [steps]
# Prints the wasm memory and the bytes the widget really holds before and after, and which
# allocation sizes were kept per step.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
MODE=${1:-company}
STEPS=${2:-200}
out=$(mktemp -d)
page=.memory-probe.html
trap 'rm -rf "$out" "$page"' EXIT
# TRACE_SIZE=n also lists where the kept allocations of n bytes were made; that build skips
# wasm-opt, so the stacks keep their function names.
opt=$([ -n "${TRACE_SIZE:-}" ] && echo 'data-wasm-opt="0"' || true)
sed "s|data-bin=\"dms-lead-widget\" data-wasm-opt=\"z\"|data-bin=\"dms-lead-widget\" data-cargo-features=\"heap-stats\" ${opt:-data-wasm-opt=\"z\"}|" index.html > "$page"
trunk build --release true --dist "$out" "$page" >/dev/null 2>&1
cargo build -q -p dms-sim -p proxy
(cd e2e && DLF_DIST="$out" node bench/memory-probe.mjs "$STEPS" "$MODE")
