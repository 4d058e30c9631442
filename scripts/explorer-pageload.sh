#!/usr/bin/env bash
# The explorer's page loads over a large history: opens again the chain and the index that
# `scripts/throughput.sh --indexer` left ($CARGO_TARGET_DIR/throughput-db and
# throughput-explorer), and times every page in Debian's Chromium
# (tests/e2e/explorer-pageload.mjs). docs/performance.md has the figures.
#
#   scripts/throughput.sh --indexer --blocks 10 --scenarios batched-settlements   # ~110,000 inferences
#   scripts/explorer-pageload.sh
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
db="$CARGO_TARGET_DIR/throughput-db"
[ -d "$db" ] || { echo "no $db: run scripts/throughput.sh --indexer first" >&2; exit 2; }
"$NODE_BIN" --dev --base-path "$db" --rpc-port 9977 --port 30377 --no-prometheus \
	--state-pruning archive-canonical >>"$db.log" 2>&1 &
node_pid=$!
bash scripts/explorer.sh --node ws://127.0.0.1:9977 --state "$CARGO_TARGET_DIR/throughput-explorer" \
	>"$db.explorer.log" 2>&1 &
explorer=$!
trap 'kill "$explorer" "$node_pid" 2>/dev/null; wait 2>/dev/null || true' EXIT
# explorer.sh says so once the web app and GraphQL answer.
for _ in $(seq 300); do grep -q "the explorer: http" "$db.explorer.log" 2>/dev/null && break; sleep 1; done
(cd tests/e2e && node explorer-pageload.mjs) | tee "$db.pageload.md"
