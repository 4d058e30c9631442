#!/usr/bin/env bash
# try-runtime-style checks on a chain state that a load generator produced:
#
#   scripts/check-state.sh [BASE_PATH]
#
# Without BASE_PATH, fills a fresh dev chain with openledger-loadgen (contributions, batched
# contributions and batched settlements); with it, uses that stopped node's database (a dev
# chain's). Then exports the state at the best block (`openledger-node export-state`) and runs
# runtime/tests/state.rs on it: every pallet's `try_state`, the issuance against the accounts,
# every hold against its record, and every pallet's storage version against its code.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
load_wasm_env

base=${1:-}
if [ -z "$base" ]; then
	build_node
	base="$CARGO_TARGET_DIR/check-state-db"
	log "filling a dev chain in $base with openledger-loadgen"
	fill_database "$base" --blocks 1 --accounts 128 \
		--scenarios contributions,batched-contributions,batched-settlements
fi
state="$base.state.json"
log "exporting the state of $base → $state"
"$NODE_BIN" export-state --dev --base-path "$base" >"$state" 2>"$base.export.log"
log "checking it (runtime/tests/state.rs)"
OPENLEDGER_STATE="$state" cargo test --release --locked -p openledger-runtime --test runtime state:: \
	-- --nocapture
