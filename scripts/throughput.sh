#!/usr/bin/env bash
# Measures what one `--dev` node includes per block and per second: balance transfers (the
# baseline every Substrate chain has), contributions (one per extrinsic and in batches) and
# attributed inference settlements (one per extrinsic and in batches), with openledger-loadgen.
#
#   scripts/throughput.sh [--indexer] [LOADGEN_ARGS...]     e.g. --blocks 10 --attribution 16
#
# With --indexer, the explorer's indexer follows the node while it is loaded (scripts/explorer.sh,
# its state in $CARGO_TARGET_DIR/throughput-explorer), and scripts/indexer-lag.mjs reports how far
# behind the best block it was in each scenario, in blocks and seconds
# ($CARGO_TARGET_DIR/throughput-db.indexer-lag.md); the node then keeps every block's state.
#
# The node runs on a fresh database with a transaction pool large enough for two blocks of
# transfers; its log is left in $CARGO_TARGET_DIR/throughput-db.log (block authoring times:
# grep "Prepared block"), and the load generator's report in
# $CARGO_TARGET_DIR/throughput-db.loadgen.log, which `scripts/benchmark.sh block` reads to price
# each scenario's blocks against their weight. docs/performance.md has the figures.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
build_node
db="$CARGO_TARGET_DIR/throughput-db"
if [ "${1:-}" != --indexer ]; then
	fill_database "$db" "$@" | tee "$db.loadgen.log"
	exit
fi
shift

start_fill_node "$db" --state-pruning archive-canonical
bash scripts/explorer.sh --node ws://127.0.0.1:9977 --state "$CARGO_TARGET_DIR/throughput-explorer" --fresh \
	>"$db.explorer.log" 2>&1 &
explorer=$!
node scripts/indexer-lag.mjs --node http://127.0.0.1:9977 --loadgen-log "$db.loadgen.log" >"$db.indexer-lag.md" &
sampler=$!
trap 'kill "$sampler" "$explorer" 2>/dev/null; stop_fill_node' EXIT
"$CARGO_TARGET_DIR/release/openledger-loadgen" --url http://127.0.0.1:9977 "$@" | tee "$db.loadgen.log"
best=$(rpc 9977 chain_getHeader | sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p' | xargs printf '%d')
log "the load is over at block $best: waiting for the indexer to reach it"
indexed() { curl -sf -H 'content-type: application/json' -d '{"query":"{ squidStatus { height } }"}' \
	http://127.0.0.1:4350/graphql | sed -n 's/.*"height":\([0-9]*\).*/\1/p'; }
for _ in $(seq 1200); do [ "$(indexed)" -ge "$best" ] 2>/dev/null && break; sleep 1; done
kill "$sampler"
wait "$sampler" || true
log "the indexer's lag behind the best block ($db.indexer-lag.md):"
cat "$db.indexer-lag.md"
