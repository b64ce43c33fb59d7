#!/usr/bin/env bash
# The release bundles, in the one order that keeps them all (`trunk build --release` empties dist/):
#   1. the public form          -> dist/
#   2. its script embed         -> dist/embed/  (hashed names, .br/.gz, SRI; embed/build.mjs)
#   3. the dealer pages         -> dist/dealer/
#   4. .br and .gz copies of every file, for servers that send precompressed files
# Both wasm bundles are built with the standard library rebuilt for them, with a panic compiled to a
# plain trap (`-Cpanic=immediate-abort`): the panic machinery (message formatting, locations) cost
# the public form a large share of its size (docs/performance.md), and on wasm32-unknown-unknown a
# panic message goes nowhere anyway.
# Rebuilding std is a nightly feature of cargo; this one build turns it on for the pinned stable
# compiler with RUSTC_BOOTSTRAP, in its own target directory so the test builds are not disturbed.
# SIZE_BUILD=plain builds without it (if a compiler update ever breaks the flags).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

release_build() {
  if [ "${SIZE_BUILD:-std}" = plain ]; then
    trunk build --release "$@"
    return
  fi
  RUSTC_BOOTSTRAP=1 \
  CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
  CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS -Zunstable-options -Cpanic=immediate-abort" \
  CARGO_TARGET_DIR="$ROOT/target/size" \
    trunk build --release "$@"
}

release_build
node embed/build.mjs
release_build true --dist dist/dealer dealer.html
node scripts/precompress.mjs dist
