#!/usr/bin/env bash
# try-runtime-style checks on a chain state that a load generator produced:
#
#   scripts/check-state.sh                 build, fill a fresh dev chain, check it
#   scripts/check-state.sh BASE_PATH       check that stopped dev node's database
#   scripts/check-state.sh --fill BASE_PATH   only fill a fresh dev chain there, with the node
#                                          and load generator already built (scripts/test.sh
#                                          fills while other steps hold cargo's lock)
#
# Filling runs openledger-loadgen on a fresh dev chain (contributions, batched contributions,
# batched settlements, and agents' tasks opened and run). Checking exports the state at the best block (`openledger-node
# export-state`) and runs runtime/tests/state.rs on it: every pallet's `try_state`, the issuance
# against the accounts, every hold against its record, and every pallet's storage version
# against its code.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
load_wasm_env

fill() {
	log "filling a dev chain in $1 with openledger-loadgen"
	fill_database "$1" --blocks 1 --accounts 128 \
		--scenarios contributions,batched-contributions,batched-settlements,task-opens,task-runs
}

check() {
	local base=$1 state="$1.state.json"
	log "exporting the state of $base → $state"
	"$NODE_BIN" export-state --dev --base-path "$base" >"$state" 2>"$base.export.log"
	log "checking it (runtime/tests/state.rs)"
	# `--workspace`: the features the whole workspace resolves, as scripts/test.sh's tests build
	# them; `-p openledger-runtime` alone would resolve fewer and build the runtime's
	# dependencies again. Only the runtime has a `runtime` test target.
	OPENLEDGER_STATE="$state" cargo test --release --locked --workspace --test runtime state:: \
		-- --nocapture
}

case "${1:-}" in
	--fill) fill "${2:?--fill needs a base path}" ;;
	"")
		build_node
		fill "$CARGO_TARGET_DIR/check-state-db"
		check "$CARGO_TARGET_DIR/check-state-db"
		;;
	*) check "$1" ;;
esac
