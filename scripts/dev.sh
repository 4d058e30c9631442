#!/usr/bin/env bash
# Sets up this machine, builds the node, and runs a development chain: one validator (Alice),
# blocks every 6 s, finality by GRANDPA, a fresh temporary ParityDB database every start.
# RPC (and polkadot.js) on ws://127.0.0.1:9944: the safe methods only (a web page can open a
# WebSocket to it, which the node does not check against the allowed origins), and over HTTP
# for pages of the origins in $RPC_CORS (lib.sh) only. OPENLEDGER_RPC_METHODS=unsafe serves the
# key-management methods too (author_rotateKeys...). Extra arguments go to the node.
# With OPENLEDGER_NODE naming a node binary, runs that binary as it is (no setup, no build).
set -euo pipefail
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

if [ -z "${OPENLEDGER_NODE:-}" ]; then
	bash "$ROOT/scripts/setup.sh"
	build_node
fi
args=(--dev --rpc-cors "$RPC_CORS" --rpc-methods "${OPENLEDGER_RPC_METHODS:-safe}" "$@")
log "starting: $NODE_BIN ${args[*]}"
exec "$NODE_BIN" "${args[@]}"
