#!/usr/bin/env bash
# A longer fuzzing run than the test command's (not part of CI): the property tests of the model
# (normalisation idempotent, validation never panics) and of the proxy (arbitrary paths, methods,
# origins and bodies never panic; nothing but a known route is forwarded), with many more cases.
#   scripts/fuzz.sh            # 20000 cases per property
#   CASES=200000 scripts/fuzz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
CASES=${CASES:-20000}
export PROPTEST_CASES=$CASES
start=$(date +%s)
cargo test --release -p dms-model --test rules -- normalising validation_never_panics
cargo test --release -p proxy --test fuzz
echo "fuzz: $CASES cases per property, 0 panics, $(( $(date +%s) - start )) s"
