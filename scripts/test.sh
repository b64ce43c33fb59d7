#!/usr/bin/env bash
# Every test tier, from a fresh machine: installs what is missing, then
#   0. format and lints (rustfmt, clippy -D warnings),
#   1. native tests (dms-model, simulator, proxy),
#   2. component tests in headless Chromium (wasm-bindgen-test),
#   3. the release build and its size,
#   4. end-to-end tests (Playwright + axe-core) on the release build through proxy and simulator.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh
source scripts/env.sh

echo "== format"
cargo fmt --all --check

echo "== lints: clippy with warnings as errors, natively and for the wasm target"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p dms-lead-widget --all-targets -- -D warnings
cargo clippy --target wasm32-unknown-unknown -p dms-lead-widget --features heap-stats --lib -- -D warnings

echo "== native tests: dms-model, dms-sim, proxy"
cargo test -p dms-model -p dms-sim -p proxy

echo "== component tests: wasm-bindgen-test in headless Chromium"
# The test runner ends chromedriver with SIGKILL, so chromedriver never removes the
# browser profile it made (about 65 MB per test binary). Give it a temporary directory
# of its own and remove that, or every run leaves profiles behind until the disk fills.
browser_profiles=$(mktemp -d)
trap 'rm -rf "$browser_profiles"' EXIT
TMPDIR="$browser_profiles" cargo test --target wasm32-unknown-unknown -p dms-lead-widget
rm -rf "$browser_profiles"

echo "== release build of the public form, then the dealer pages (dist/dealer)"
scripts/build.sh
cargo build -p dms-sim -p proxy
scripts/bundle-size.sh

echo "== end-to-end: Playwright + axe-core"
(cd e2e && npm test)
