#!/usr/bin/env bash
# Builds the wasm of the runtime-upgrade rehearsal: this runtime with its spec_version one up
# (the runtime's `next-spec-version` feature), and prints its path. The upgrade test
# (tests/e2e/upgrade.test.mjs) enacts it through a referendum on a running network.
#
#   scripts/next-runtime.sh        build it (with the node: about a minute more than the node)
#
# The runtime's build script builds it beside the node's own wasm when OPENLEDGER_NEXT_RUNTIME
# is set (runtime/build.rs): in the shared target directory, with the same dependencies, under
# a blob name of its own. scripts/test.sh sets the variable for the whole run, so its node build
# already made it and this is a no-op there.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

export OPENLEDGER_NEXT_RUNTIME=1
build_node
wasm="$CARGO_TARGET_DIR/release/wbuild/openledger-runtime/openledger_runtime_next.compact.compressed.wasm"
[ -f "$wasm" ] || { log "no wasm at $wasm"; exit 1; }
echo "$wasm"
