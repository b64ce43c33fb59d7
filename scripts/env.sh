# Sourced by the other scripts: tools installed by bootstrap.sh on PATH.
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export PATH="$ROOT/.tools/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-$(command -v chromedriver || true)}"
# Panic locations of dependencies would otherwise carry this machine's crate-cache path into the
# public bundle: shorter and anonymous with the prefix removed.
WASM_RUSTFLAGS="--remap-path-prefix=$ROOT=."
for crate_cache in "${CARGO_HOME:-$HOME/.cargo}"/registry/src/*/; do
  WASM_RUSTFLAGS="$WASM_RUSTFLAGS --remap-path-prefix=${crate_cache%/}=crates"
done
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="$WASM_RUSTFLAGS"
