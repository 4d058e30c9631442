#!/usr/bin/env bash
# Builds the wasm of the runtime-upgrade rehearsal: this runtime with its spec_version one up
# (the runtime's `next-spec-version` feature), and prints its path. The upgrade test
# (tests/e2e/upgrade.test.mjs) enacts it through a referendum on a running network.
#
#   scripts/next-runtime.sh        build it (cold: ~10 min; warm: the runtime crate only)
#
# It builds in a target directory of its own ($CARGO_TARGET_DIR/next-runtime): wasm-builder
# writes the runtime to one path per profile, and a second feature set in the shared directory
# would replace the node's own wasm. `cargo check` is enough: the wasm is built by the runtime's
# build script, and nothing native is needed.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

NEXT_TARGET="$CARGO_TARGET_DIR/next-runtime"
load_wasm_env
log "building the runtime with spec_version + 1 in $NEXT_TARGET"
CARGO_TARGET_DIR="$NEXT_TARGET" cargo check --release --locked -p openledger-runtime \
	--features next-spec-version >&2
wasm="$NEXT_TARGET/release/wbuild/openledger-runtime/openledger_runtime.compact.compressed.wasm"
[ -f "$wasm" ] || { log "no wasm at $wasm"; exit 1; }
echo "$wasm"
