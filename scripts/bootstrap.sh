#!/usr/bin/env bash
# Installs everything the demo and the tests need on a fresh machine, skipping what is already
# installed at the right version: the wasm target and rust-src, trunk, wasm-bindgen-cli (the version pinned in
# Cargo.toml), wasm-opt (npm binaryen, into .tools/), Debian's chromium + chromedriver + brotli +
# redis-server (the tests start their own, on loopback), and
# the end-to-end test packages.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
BINARYEN_VERSION=132
WASM_BINDGEN_VERSION=$(sed -n 's/^wasm-bindgen = "=\([0-9.]*\)"/\1/p' Cargo.toml)
[ -n "$WASM_BINDGEN_VERSION" ] || { echo "bootstrap: wasm-bindgen must be pinned (=X.Y.Z) in Cargo.toml" >&2; exit 1; }

say() { printf '== bootstrap: %s\n' "$*"; }

missing_debs=()
command -v chromium >/dev/null 2>&1 || missing_debs+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing_debs+=(chromium-driver)
command -v brotli >/dev/null 2>&1 || missing_debs+=(brotli)
command -v npm >/dev/null 2>&1 || missing_debs+=(npm)
# The proxy's shared-state tests start Redis servers of their own.
command -v redis-server >/dev/null 2>&1 || missing_debs+=(redis-server)
if [ ${#missing_debs[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing_debs[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The release bundles rebuild the standard library for size (scripts/build.sh): its sources.
if ! rustup component list --installed | grep -q '^rust-src'; then
  say "adding the rust-src component"
  rustup component add rust-src
fi

if ! trunk --version 2>/dev/null | grep -q " $TRUNK_VERSION\$"; then
  say "installing trunk $TRUNK_VERSION (takes several minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " $WASM_BINDGEN_VERSION\$" \
  || ! command -v wasm-bindgen-test-runner >/dev/null 2>&1; then
  # Not --locked: one of its locked dependencies is no longer in the registry.
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (takes several minutes)"
  cargo install --force wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if ! .tools/node_modules/.bin/wasm-opt --version 2>/dev/null | grep -q "version $BINARYEN_VERSION\b"; then
  # Debian's binaryen is too old for what rustc emits.
  say "installing wasm-opt (binaryen $BINARYEN_VERSION) into .tools/"
  mkdir -p .tools
  npm install --prefix .tools --no-audit --no-fund --no-save "binaryen@$BINARYEN_VERSION" >/dev/null
fi

if [ ! -d e2e/node_modules/playwright-core ] || [ ! -d e2e/node_modules/axe-core ]; then
  say "installing the end-to-end test packages"
  (cd e2e && npm ci --no-audit --no-fund >/dev/null)
fi
say "ready"
