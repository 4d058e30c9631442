# Shared by the scripts: where the build lives and how to reach a node's RPC.
# shellcheck shell=bash

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-/var/tmp/openledger-target}"
NODE_BIN="${OPENLEDGER_NODE:-$CARGO_TARGET_DIR/release/openledger-node}"

# The web pages whose scripts may call a node's RPC (CORS): pages served from this machine and
# polkadot.js Apps, as a non-`--dev` node allows by default. A `--dev` node allows every origin
# unless told otherwise, and its RPC serves the unsafe methods on localhost (`author_insertKey`,
# `author_rotateKeys`): any page the operator opens could call them. The scripts pass this list.
# OPENLEDGER_RPC_CORS overrides it (comma-separated origins).
RPC_CORS="${OPENLEDGER_RPC_CORS:-http://localhost:*,http://127.0.0.1:*,https://localhost:*,https://127.0.0.1:*,https://polkadot.js.org}"

log() { printf '\033[1m[%s]\033[0m %s\n' "$(basename "$0" .sh)" "$*" >&2; }

# npm_ci_once DIR: installs DIR's npm packages exactly as locked, again only when its lock file
# changed (a stamp in node_modules keeps the lock's hash).
npm_ci_once() {
	local dir=$1 lock_sum
	lock_sum=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
	if [ "$(cat "$dir/node_modules/.openledger-stamp" 2>/dev/null)" != "$lock_sum" ]; then
		log "npm ci (${dir#"$ROOT"/})"
		(cd "$dir" && npm ci --no-audit --no-fund --loglevel=error)
		echo "$lock_sum" >"$dir/node_modules/.openledger-stamp"
	fi
}

# Loads the wasm toolchain choice made by setup.sh (empty on machines with rustup's target).
load_wasm_env() {
	# shellcheck disable=SC1090
	[ -f "$HOME/.openledger-wasm-env" ] && . "$HOME/.openledger-wasm-env"
	return 0
}

# Builds the node, the attribution engine's command line, the load generator and the inference
# gateway (one cargo invocation, so they share every dependency); later calls are cheap no-ops
# when nothing changed.
build_node() {
	load_wasm_env
	log "cargo build --release --locked -p openledger-node -p openledger-attribute -p openledger-loadgen -p openledger-gateway (cold: about 35 min on 2 cores; warm: seconds to minutes)"
	(cd "$ROOT" && cargo build --release --locked -p openledger-node -p openledger-attribute \
		-p openledger-loadgen -p openledger-gateway)
}

# rpc PORT METHOD [PARAMS_JSON]: one JSON-RPC call over HTTP, prints the response.
rpc() {
	curl -sf -m 5 -H 'Content-Type: application/json' \
		-d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" \
		"http://127.0.0.1:$1"
}

# finalized_number PORT: the number of the node's finalized head, or nothing.
finalized_number() {
	local hash
	hash=$(rpc "$1" chain_getFinalizedHead | sed -n 's/.*"result":"\(0x[0-9a-f]*\)".*/\1/p') || return 0
	[ -n "$hash" ] || return 0
	rpc "$1" chain_getHeader "[\"$hash\"]" |
		sed -n 's/.*"number":"\(0x[0-9a-f]*\)".*/\1/p' | xargs -r printf '%d\n'
}

# start_fill_node BASE_PATH [NODE_ARGS...]: a dev node on a fresh database under BASE_PATH (its
# log is BASE_PATH.log), RPC on 9977, with a pool large enough for the load generator; sets
# FILL_NODE_PID.
start_fill_node() {
	local base=$1
	shift
	rm -rf "$base"
	"$NODE_BIN" --dev --base-path "$base" --rpc-port 9977 --port 30377 --no-prometheus \
		--pool-limit 65536 --pool-kbytes 65536 "$@" >"$base.log" 2>&1 &
	FILL_NODE_PID=$!
	for _ in $(seq 60); do rpc 9977 system_health >/dev/null 2>&1 && break; sleep 1; done
}

stop_fill_node() {
	kill "$FILL_NODE_PID" 2>/dev/null || true
	wait "$FILL_NODE_PID" 2>/dev/null || true
}

# fill_database BASE_PATH [LOADGEN_ARGS...]: runs a dev node on a fresh database under BASE_PATH,
# puts openledger-loadgen's load on it, and stops it (its log is BASE_PATH.log).
fill_database() {
	local base=$1
	shift
	start_fill_node "$base"
	if ! "$CARGO_TARGET_DIR/release/openledger-loadgen" --url http://127.0.0.1:9977 "$@"; then
		stop_fill_node
		return 1
	fi
	stop_fill_node
}
