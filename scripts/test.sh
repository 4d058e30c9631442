#!/usr/bin/env bash
# The whole test suite, from a fresh machine: setup, formatting, the build, pallet and runtime
# tests, then end-to-end tests against the real node (dev chain and a four-validator network).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

step() { log "── $* ($(date +%T), ${SECONDS}s)"; }

# Every build of this run makes the upgrade rehearsal's runtime too (runtime/build.rs): set for
# the whole run, so no step sees a different value and runs the runtime's build script again.
export OPENLEDGER_NEXT_RUNTIME=1

step "setup"
bash scripts/setup.sh
load_wasm_env

step "format"
if rustup run nightly rustfmt --version >/dev/null 2>&1; then
	cargo +nightly fmt --all --check
else
	log "skipped: no nightly rustfmt on this machine (see scripts/setup.sh)"
fi

step "build"
build_node

step "unit and runtime tests"
# Same profile as the node build, so dependencies are shared rather than rebuilt.
cargo test --release --locked --workspace

# Our pallets, with their benchmarks compiled in.
pallets=()
for dir in pallets/*/; do pallets+=(-p "pallet-$(basename "$dir")"); done

step "benchmark tests (each benchmark runs once in its pallet's mock)"
cargo test --release --locked "${pallets[@]}" --features runtime-benchmarks benchmarking

# One clippy run for every crate it lints, with one feature set: the benchmarks compiled in
# (through the runtime, which the client and the load generator use), so the runtime's
# dependencies are checked once, not once with and once without them.
step "clippy on the pallets, their runtime APIs, the primitives, the attribution engine, the client, its command lines and the load generator (warnings are errors)"
apis=()
for dir in pallets/*/runtime-api/; do apis+=(-p "pallet-$(basename "${dir%/runtime-api/}")-runtime-api"); done
SKIP_WASM_BUILD=1 cargo clippy --release --locked "${pallets[@]}" "${apis[@]}" -p openledger-primitives \
	-p openledger-attribution-engine -p openledger-attribute -p openledger-client -p openledger-loadgen \
	--all-targets --features openledger-runtime/runtime-benchmarks -- -D warnings

step "a load generator's chain state: every try_state and storage version (scripts/check-state.sh)"
bash scripts/check-state.sh

step "the next runtime (spec_version + 1), which the upgrade test enacts by referendum: built with the node"
bash scripts/next-runtime.sh >/dev/null

step "end-to-end tests (polkadot.js against the real node)"
(cd tests/e2e && npm test)

step "done"
