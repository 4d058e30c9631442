#!/usr/bin/env bash
# Measures the inference gateway end to end on this machine (docs/performance.md): a fresh
# `--dev` node; a Datanet of MB megabytes of generated text (the attribution engine's benchmark
# corpus), contributed with file:// URIs and published as version 1; the model built from the
# chain and the files (`openledger-gateway build-model`) and registered with its artifact hash;
# a gateway serving it as Eve; then REQUESTS inferences paid for on chain by 64 consumers and
# asked over HTTP by CONCURRENCY clients at once, each a 200-token answer, until the gateway has
# settled every one. Prints one JSON line: answered and answered-and-settled per second, and
# the requests' latency (p50, p95, max).
#
#   bash scripts/gateway-bench.sh [MB=100] [REQUESTS=3000] [CONCURRENCY=8]
#
# Everything lives in a temporary directory under /var/tmp, removed at the end but for the
# logs (node.log, gateway.log), which are kept in $CARGO_TARGET_DIR/gateway-bench-*.log.
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
mb=${1:-100}
requests=${2:-3000}
concurrency=${3:-8}

build_node
log "cargo build --release --locked -p openledger-attribution-engine --example bench (the corpus)"
cargo build --release --locked -p openledger-attribution-engine --example bench
(cd scripts/client && [ -d node_modules/canonicalize ] || npm ci --no-audit --no-fund)

work=$(mktemp -d /var/tmp/gateway-bench.XXXXXX)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	cp "$work/node.log" "$CARGO_TARGET_DIR/gateway-bench-node.log" 2>/dev/null || true
	cp "$work/gateway.log" "$CARGO_TARGET_DIR/gateway-bench-gateway.log" 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

log "a $mb MB corpus in $work/files"
"$CARGO_TARGET_DIR/release/examples/bench" "$mb" --write-corpus "$work/files" >&2

"$NODE_BIN" --dev --base-path "$work/db" --rpc-port 9988 --port 30388 --no-prometheus \
	--pool-limit 65536 --pool-kbytes 131072 >"$work/node.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do rpc 9988 system_health >/dev/null 2>&1 && break; sleep 1; done
bench() { node scripts/client/gateway-bench.mjs --url ws://127.0.0.1:9988 "$@"; }
field() { node -e 'console.log(JSON.parse(require("fs").readFileSync(0, "utf8"))[process.argv[1]])' "$1"; }

setup=$(bench setup --files "$work/files")
log "published: $setup"
datanet=$(field datanet <<<"$setup")
started=$(date +%s)
hash=$("$CARGO_TARGET_DIR/release/openledger-gateway" build-model --node http://127.0.0.1:9988 \
	--lineage "$datanet/1" --files "$work/files" --data-dir "$work/gateway")
log "model built in $(($(date +%s) - started)) s: $hash"
model=$(bench register --datanet "$datanet" --hash "$hash" | field model)

"$CARGO_TARGET_DIR/release/openledger-gateway" serve --node http://127.0.0.1:9988 --key //Eve \
	--model "$model" --files "$work/files" --data-dir "$work/gateway" --listen 127.0.0.1:8099 \
	--max-tokens 200 --settle-interval-ms 1000 >"$work/gateway.log" 2>&1 &
pids+=($!)
for _ in $(seq 120); do curl -sf http://127.0.0.1:8099/health >/dev/null && break; sleep 1; done
bench load --gateway http://127.0.0.1:8099 --model "$model" --files "$work/files" \
	--requests "$requests" --concurrency "$concurrency"
log "settlement batches: $(curl -s http://127.0.0.1:8099/metrics | grep -E '^openledger_gateway_settle_batch_size_(sum|count)' | tr '\n' ' ')"
