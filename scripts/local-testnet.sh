#!/usr/bin/env bash
# A four-validator OpenLedger network on this machine (`--chain local`: Alice, Bob, Charlie,
# Dave), each node with its own base path and loopback ports.
#
#   scripts/local-testnet.sh start          start the four, wait until blocks are finalized
#   scripts/local-testnet.sh stop           stop them cleanly (SIGTERM, then wait)
#   scripts/local-testnet.sh kill NAME      stop one validator (alice|bob|charlie|dave)
#   scripts/local-testnet.sh restart NAME   start it again on its existing database
#   scripts/local-testnet.sh isolate NAME   restart it cut off from the others (no peers), still
#                                           authoring in its slots: a fork of its own, which
#                                           `kill` then `restart` reorganises away
#   scripts/local-testnet.sh status         finalized head of each node
#   scripts/local-testnet.sh run            start, wait for finality, stop: a smoke test
#
# Environment: OPENLEDGER_NET_DIR (state, logs; default /tmp/openledger-local),
# OPENLEDGER_PORT_BASE (default 0: p2p 30333+i, RPC 9944+i, Prometheus 9615+i),
# OPENLEDGER_CHAIN (default local; local-fast-governance runs referenda in blocks, not days),
# OPENLEDGER_NODE_ARGS (more arguments for every node, e.g. --state-pruning archive-canonical).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

NET_DIR="${OPENLEDGER_NET_DIR:-/tmp/openledger-local}"
PORT_BASE="${OPENLEDGER_PORT_BASE:-0}"
CHAIN="${OPENLEDGER_CHAIN:-local}"
# The chain's id, which names its directory under each base path.
CHAIN_ID="openledger_${CHAIN//-/_}"
NAMES=(alice bob charlie dave)
# Alice's fixed p2p key makes her peer id known in advance, so the others can boot from her.
ALICE_NODE_KEY=0000000000000000000000000000000000000000000000000000000000000001

index_of() {
	local i
	for i in "${!NAMES[@]}"; do [ "${NAMES[$i]}" = "$1" ] && { echo "$i"; return; }; done
	echo "unknown validator '$1' (alice|bob|charlie|dave)" >&2
	exit 2
}
rpc_port() { echo $((9944 + PORT_BASE + $1)); }
p2p_port() { echo $((30333 + PORT_BASE + $1)); }
prom_port() { echo $((9615 + PORT_BASE + $1)); }

start_one() {
	local name=$1 isolated=${2:-} i
	i=$(index_of "$name")
	local pidfile="$NET_DIR/$name.pid"
	if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
		log "$name already running (pid $(cat "$pidfile"))"
		return
	fi
	local args=(
		--chain "$CHAIN" --"$name" --base-path "$NET_DIR/$name" --name "$name"
		--port "$(p2p_port "$i")" --rpc-port "$(rpc_port "$i")" --prometheus-port "$(prom_port "$i")"
		--no-telemetry --no-mdns --rpc-cors "$RPC_CORS"
	)
	# shellcheck disable=SC2206 # words of the variable, as arguments
	args+=(${OPENLEDGER_NODE_ARGS:-})
	mkdir -p "$NET_DIR"
	if [ -n "$isolated" ]; then
		# No peers: it authors alone in its slots (a node with no peers does not, unless forced).
		args+=(--reserved-only --force-authoring)
	elif [ "$name" = alice ]; then
		args+=(--node-key "$ALICE_NODE_KEY")
	else
		args+=(--bootnodes "/ip4/127.0.0.1/tcp/$(p2p_port 0)/p2p/$(alice_peer_id)")
		# A validator's p2p identity must persist across restarts; create it once.
		local key="$NET_DIR/$name/chains/$CHAIN_ID/network/secret_ed25519"
		[ -f "$key" ] || "$NODE_BIN" key generate-node-key --chain "$CHAIN" \
			--base-path "$NET_DIR/$name" 2>/dev/null
	fi
	"$NODE_BIN" "${args[@]}" >>"$NET_DIR/$name.log" 2>&1 &
	echo $! >"$pidfile"
	log "$name started (pid $!, RPC 127.0.0.1:$(rpc_port "$i"), log $NET_DIR/$name.log)"
}

alice_peer_id() {
	echo "$ALICE_NODE_KEY" | "$NODE_BIN" key inspect-node-key 2>/dev/null
}

stop_one() {
	local name=$1 pidfile="$NET_DIR/$1.pid" pid
	[ -f "$pidfile" ] || return 0
	pid=$(cat "$pidfile")
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"
		# A node flushes its database on SIGTERM; give it time before forcing.
		for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
		kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
		log "$name stopped"
	fi
	rm -f "$pidfile"
}

# wait_finalized MIN TIMEOUT_S [NAMES...]: until each node's finalized head is >= MIN.
wait_finalized() {
	local min=$1 timeout=$2 start=$SECONDS name i n
	shift 2
	local names=("${@:-${NAMES[@]}}")
	while :; do
		local done=1 line=""
		for name in "${names[@]}"; do
			i=$(index_of "$name")
			n=$(finalized_number "$(rpc_port "$i")" || true)
			line+="$name=${n:-?} "
			{ [ -n "$n" ] && [ "$n" -ge "$min" ]; } || done=0
		done
		log "finalized: $line(waiting for >= $min, $((SECONDS - start))s)"
		[ $done = 1 ] && return 0
		if [ $((SECONDS - start)) -ge "$timeout" ]; then
			log "timed out; see $NET_DIR/*.log"
			return 1
		fi
		sleep 3
	done
}

status() {
	local i
	for i in "${!NAMES[@]}"; do
		echo "${NAMES[$i]} rpc=$(rpc_port "$i") finalized=$(finalized_number "$(rpc_port "$i")" || true)"
	done
}

[ -x "$NODE_BIN" ] || build_node

case "${1:-run}" in
start)
	for name in "${NAMES[@]}"; do start_one "$name"; done
	wait_finalized 1 180
	;;
stop) for name in "${NAMES[@]}"; do stop_one "$name"; done ;;
kill) index_of "$2" >/dev/null && stop_one "$2" ;;
restart) index_of "$2" >/dev/null && start_one "$2" ;;
isolate) index_of "$2" >/dev/null && stop_one "$2" && start_one "$2" isolated ;;
status) status ;;
wait) wait_finalized "$2" "${3:-180}" "${@:4}" ;;
run)
	trap 'for n in "${NAMES[@]}"; do stop_one "$n"; done' EXIT
	for name in "${NAMES[@]}"; do start_one "$name"; done
	wait_finalized 3 180
	status
	;;
*)
	sed -n '2,17p' "$0"
	exit 2
	;;
esac
