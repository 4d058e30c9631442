#!/usr/bin/env bash
# The whole test suite, from a fresh machine: setup, formatting, the build, pallet and runtime
# tests, the chain-state check, end-to-end tests against the real node (dev chains and a
# four-validator network), and, beside the last two, the benchmark tests and clippy. Each step
# prints its start time and the seconds since the run began (docs/build.md keeps the table).
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

step "the next runtime (spec_version + 1), which the upgrade test enacts by referendum: built with the node"
bash scripts/next-runtime.sh >/dev/null

# The benchmark tests and clippy compile for minutes on a cold machine, while the chain-state
# fill and the end-to-end tests mostly wait for six-second blocks: they run at the same time,
# the compilers at the lowest priority so the nodes keep their blocks on time. Nothing in the
# foreground calls cargo until they are done (cargo would wait for their lock).
pallets=()
for dir in pallets/*/; do pallets+=(-p "pallet-$(basename "$dir")"); done
apis=()
for dir in pallets/*/runtime-api/; do apis+=(-p "pallet-$(basename "${dir%/runtime-api/}")-runtime-api"); done
background_log="$CARGO_TARGET_DIR/test-background.log"
step "in the background (log: $background_log): benchmark tests, then clippy"
(
	set -euo pipefail
	step "benchmark tests (each benchmark runs once in its pallet's mock)"
	nice -n 19 cargo test --release --locked "${pallets[@]}" --features runtime-benchmarks benchmarking
	# One clippy run for every crate it lints, with one feature set: the benchmarks compiled in
	# (through the runtime, which the client and the load generator use), so the runtime's
	# dependencies are checked once, not once with and once without them.
	step "clippy on the pallets, their runtime APIs, the primitives, the attribution rule and engine, the client, its command lines, the load generator and the gateway (warnings are errors)"
	SKIP_WASM_BUILD=1 nice -n 19 cargo clippy --release --locked "${pallets[@]}" "${apis[@]}" \
		-p openledger-primitives -p openledger-attribution-rule -p openledger-attribution-engine \
		-p openledger-attribute -p openledger-gateway \
		-p openledger-client -p openledger-loadgen --all-targets \
		--features openledger-runtime/runtime-benchmarks -- -D warnings
	step "background done"
) >"$background_log" 2>&1 &
background=$!
# A failure below must not leave the background compiling: stop cargo, then the subshell.
trap 'pkill -P "$background" 2>/dev/null; kill "$background" 2>/dev/null; true' EXIT

state_db="$CARGO_TARGET_DIR/check-state-db"
step "a load generator's chain state, filled (scripts/check-state.sh --fill)"
bash scripts/check-state.sh --fill "$state_db"

step "end-to-end tests (polkadot.js against the real node)"
(cd tests/e2e && npm test)

step "waiting for the background: benchmark tests and clippy"
if wait "$background"; then status=0; else status=$?; fi
trap - EXIT
cat "$background_log"
if [ "$status" -ne 0 ]; then
	log "the benchmark tests or clippy failed (exit $status): the log is above"
	exit "$status"
fi

step "the chain state checked: every try_state and storage version (scripts/check-state.sh)"
bash scripts/check-state.sh "$state_db"

step "done"
